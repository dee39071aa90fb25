//! Versioned schema migrations. `PRAGMA user_version` records the version a file is at; each
//! step's statements come from the table modules and run in one transaction with the bump.

use super::{
    audit, ballots, competition, decision, entries, finalization, letterhead, live, panelists,
    rubric, schedule,
};
use crate::Result;
use rusqlite::Connection;

/// Steps in order; step `i` brings a file from version `i` to `i + 1`: its statements, then
/// (where the data must be reshaped, not only the tables) a function in the same transaction.
const STEPS: &[Step] = &[
    &[
        competition::SCHEMA_V1,
        entries::SCHEMA_V1,
        panelists::SCHEMA_V1,
        rubric::SCHEMA_V1,
        schedule::SCHEMA_V1,
        live::SCHEMA_V1,
        ballots::SCHEMA_V1,
        finalization::SCHEMA_V1,
        audit::SCHEMA_V1,
    ],
    &[letterhead::SCHEMA_V2],
    &[entries::SCHEMA_V3, decision::SCHEMA_V3],
    &[finalization::SCHEMA_V4],
    &[rubric::SCHEMA_V5],
    &[audit::SCHEMA_V6, finalization::SCHEMA_V6],
    &[panelists::SCHEMA_V7],
];

/// What reshapes the data after a step's statements, by step (0-based), where one does.
const RESHAPE: &[(usize, Reshape)] = &[(4, rubric::levels_from_guidance)];

type Step = &'static [&'static str];
type Reshape = fn(&rusqlite::Transaction<'_>) -> Result<()>;

/// The schema version this build writes and the newest it can read.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Applies every step the file has not had yet.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, step) in STEPS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        for sql in *step {
            tx.execute_batch(sql)?;
        }
        for (_, reshape) in RESHAPE.iter().filter(|(at, _)| *at == i) {
            reshape(&tx)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

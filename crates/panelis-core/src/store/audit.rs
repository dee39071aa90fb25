//! The append-only audit log. Each event carries the SHA-256 of the one before it, so an
//! edit, deletion or reordering made outside Panelis breaks the chain at a findable place.
//! The chain alone cannot show that its newest events were cut off, so `audit_head` keeps
//! the number of events and the last hash, written in the same transaction as each event;
//! a log shorter (or longer) than its head is reported too.

use crate::model::AuditEvent;
use crate::store::Cached;
use crate::{time, Result};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.count <> OLD.count + 1
BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit head is kept'); END;
";

/// The hash before the first event.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The secretariat, in the app or with the `panelis` command.
    Secretariat,
    /// A panelist, scoring on their own station.
    Panelist(uuid::Uuid),
    /// The secretariat on behalf of a panelist (paper ballots).
    OnBehalfOf(uuid::Uuid),
}

impl Actor {
    fn as_text(self) -> String {
        match self {
            Actor::Secretariat => "secretariat".into(),
            Actor::Panelist(id) => format!("panelist:{id}"),
            Actor::OnBehalfOf(id) => format!("secretariat-for:{id}"),
        }
    }
}

/// What happened, before it is stamped and chained.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub action: &'static str,
    pub detail: serde_json::Value,
}

impl Event {
    pub(crate) fn new(action: &'static str, detail: impl Serialize) -> Self {
        Event {
            action,
            detail: serde_json::to_value(detail).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Where the chain is broken, as `panelis audit verify` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditBreak {
    /// Sequence number of the first event that does not fit.
    pub seq: i64,
    pub reason: String,
}

fn hash_of(seq: i64, at: &str, actor: &str, action: &str, detail: &str, prev: &str) -> String {
    let mut h = Sha256::new();
    for part in [seq.to_string().as_str(), at, actor, action, detail, prev] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The recorded head: (number of events, hash of the last), if any event was written.
fn head(conn: &rusqlite::Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .row("SELECT count, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

pub(super) fn append(tx: &Transaction<'_>, actor: Actor, event: &Event) -> Result<()> {
    // Chain onto the recorded head, not onto whatever row is last: if the newest events were
    // cut off outside the app, the next event still says what it follows and the gap shows.
    let (last_seq, prev): (i64, String) = match head(tx)? {
        Some(h) => h,
        None => tx
            .row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, GENESIS.to_string())),
    };
    let seq = last_seq + 1;
    let at = time::to_db(time::now());
    let actor = actor.as_text();
    let detail = event.detail.to_string();
    let hash = hash_of(seq, &at, &actor, event.action, &detail, &prev);
    tx.run(
        "INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, at, actor, event.action, detail, prev, hash],
    )?;
    tx.run(
        "INSERT INTO audit_head (id, count, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET count = excluded.count, hash = excluded.hash",
        params![seq, hash],
    )?;
    Ok(())
}

impl super::Store {
    /// All audit events in order.
    pub fn audit_events(&self) -> Result<Vec<AuditEvent>> {
        let sql =
            "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq";
        super::query_records(self.conn(), sql, [], |r| {
            let detail: String = r.get(4)?;
            Ok(AuditEvent {
                seq: r.get(0)?,
                at: time::from_db(&r.get::<_, String>(1)?)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
                prev_hash: r.get(5)?,
                hash: r.get(6)?,
            })
        })
    }

    /// Walks the chain; `Ok(None)` when every event is intact and in order.
    pub fn verify_audit(&self) -> Result<Option<AuditBreak>> {
        let mut stmt = self.conn().prepare(
            "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut expected_seq = 1;
        let mut prev = GENESIS.to_string();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let (at, actor, action, detail, prev_hash, hash): (
                String,
                String,
                String,
                String,
                String,
                String,
            ) = (
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            );
            if seq != expected_seq {
                return Ok(Some(AuditBreak {
                    seq: expected_seq,
                    reason: format!("event {expected_seq} is missing (next is {seq})"),
                }));
            }
            if prev_hash != prev {
                return Ok(Some(AuditBreak {
                    seq,
                    reason: format!("event {seq} does not follow event {}", seq - 1),
                }));
            }
            if hash_of(seq, &at, &actor, &action, &detail, &prev_hash) != hash {
                return Ok(Some(AuditBreak {
                    seq,
                    reason: format!("event {seq} was altered"),
                }));
            }
            prev = hash;
            expected_seq += 1;
        }
        let count = expected_seq - 1;
        Ok(match head(self.conn())? {
            None if count == 0 => None,
            None => Some(AuditBreak {
                seq: count,
                reason: format!(
                    "the record of the log's length is missing (the log has {count} events)"
                ),
            }),
            Some((n, _)) if n > count => Some(AuditBreak {
                seq: count + 1,
                reason: if n == count + 1 {
                    format!("event {n}, the last, is missing (the log ends at event {count})")
                } else {
                    format!(
                        "events {} to {n}, the last, are missing (the log ends at event {count})",
                        count + 1
                    )
                },
            }),
            Some((n, _)) if n < count => Some(AuditBreak {
                seq: n + 1,
                reason: format!(
                    "event {} was added outside Panelis (the log should end at event {n})",
                    n + 1
                ),
            }),
            Some((_, h)) if h != prev => Some(AuditBreak {
                seq: count,
                reason: format!("event {count}, the last, was replaced"),
            }),
            Some(_) => None,
        })
    }
}

mod anchors;
mod checkpoints;
mod records;
pub use anchors::{recorded_head, AuditAnchor, AuditHead};
pub(super) use checkpoints::SCHEMA_V6;
pub use checkpoints::{AuditCheckpoint, CheckpointSigner};

#[cfg(test)]
mod tests;

//! `panelis audit ...`: reading and checking the hash-chained audit log, alone and against
//! the heads that signed documents and backups recorded outside the file.

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check that no past event was edited, deleted or reordered, and that every ballot
    /// revision and finalization the log records is still on record (exit 1 if not); with
    /// --against, also that no head a signed document or a backup recorded is missing.
    Verify {
        /// Signed documents (.pdf), backups (.panelis) and stations' files (station.sqlite,
        /// with the host's receipts) whose recorded heads must be in the log: they catch
        /// cut-off and rewritten logs the file alone cannot show.
        #[arg(long, num_args = 1..)]
        against: Vec<PathBuf>,
    },
    /// Print the events.
    Log,
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let store = db.open()?;
    match cmd {
        Command::Verify { against } => {
            let mut anchors = Vec::new();
            for path in &against {
                anchors.extend(anchors_in(path, &store)?);
            }
            let breaks = store.audit_check(&anchors)?;
            for b in &breaks {
                println!("audit log broken at event {}: {}", b.seq, b.reason);
            }
            if !breaks.is_empty() {
                return Ok(Outcome::CheckFailed);
            }
            let events = store.audit_events()?.len();
            if anchors.is_empty() {
                println!(
                    "audit log intact: {events} events (checked within the file only; \
                     --against a signed document or a backup also catches a cut-off or \
                     rewritten log)"
                );
            } else {
                println!(
                    "audit log intact: {events} events, and it holds the head each of the {} \
                     anchors recorded",
                    anchors.len()
                );
            }
            Ok(Outcome::Ok)
        }
        Command::Log => {
            let offset = store.utc_offset_minutes()?;
            for e in store.audit_events()? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    e.seq,
                    panelis_core::time::stamp(e.at, offset)?,
                    e.actor,
                    e.action,
                    e.detail
                );
            }
            Ok(Outcome::Ok)
        }
    }
}

/// The anchors `path` holds: a station file's receipts (each head its host acknowledged),
/// else the one head of a signed document or a backup.
fn anchors_in(
    path: &std::path::Path,
    store: &panelis_core::Store,
) -> Result<Vec<panelis_core::store::AuditAnchor>> {
    let station = panelis_lan::station::receipts_of(path)
        .map_err(|e| Failure::usage(path.display().to_string(), e.to_string()))?;
    let Some((competition, heads)) = station else {
        return Ok(vec![panelis_report::audit_anchor::audit_anchor_of(
            path, store,
        )?]);
    };
    if competition != store.competition()?.id {
        return Err(Failure::usage(
            path.display().to_string(),
            "is a station of another competition",
        ));
    }
    let name = path.display().to_string();
    Ok(heads
        .into_iter()
        .map(|head| panelis_core::store::AuditAnchor {
            source: format!("a receipt in {name} (event {})", head.count),
            head,
        })
        .collect())
}

//! `panelis audit ...`: reading and checking the hash-chained audit log, with the
//! checkpoints the organizer signed inside the file, and against the heads that signed
//! documents, backups and stations' receipts recorded outside it; signing a checkpoint by
//! hand.

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check that no past event was edited, deleted or reordered, and that every ballot
    /// revision and finalization the log records is still on record (exit 1 if not); with
    /// --against, also that no head a signed document or a backup recorded is missing.
    /// Every checkpoint signed in the file must be the organizer's and name an event the
    /// log holds as signed.
    Verify {
        /// Signed documents (.pdf), backups (.panelis) and stations' files (station.sqlite,
        /// with the host's receipts) whose recorded heads must be in the log: they catch
        /// cut-off and rewritten logs the file alone cannot show.
        #[arg(long, num_args = 1..)]
        against: Vec<PathBuf>,
        /// The organizer certificate the checkpoints must be signed with: a .pem/.der
        /// file, or its SHA-256 in hex (default: the one in this data folder).
        #[arg(long, value_name = "CERT.pem|SHA256")]
        organizer: Option<String>,
    },
    /// Sign a checkpoint of the log's head now with the organizer's key (one is signed at
    /// every finalization and every issued document too).
    Checkpoint,
    /// Print the events.
    Log,
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let mut store = db.open()?;
    match cmd {
        Command::Verify { against, organizer } => {
            // Parse the organizer before anything is read: bad input is refused up front.
            let organizer = match &organizer {
                Some(value) => Some(
                    panelis_report::anchor::organizer_fingerprint(value)
                        .map_err(|e| Failure::usage("--organizer", e.0))?,
                ),
                None => panelis_report::issue::organizer_fingerprint(db.dirs(), &store)?,
            };
            let mut anchors = Vec::new();
            for path in &against {
                anchors.extend(anchors_in(path, &store)?);
            }
            let checked =
                panelis_report::checkpoint::check_checkpoints(&store, organizer.as_deref())?;
            let mut all = checked.anchors.clone();
            all.extend(anchors.iter().cloned());
            let mut breaks = checked.breaks.clone();
            breaks.extend(store.audit_check(&all)?);
            for b in &breaks {
                if b.seq > 0 {
                    println!("audit log broken at event {}: {}", b.seq, b.reason);
                } else {
                    println!("audit records broken: {}", b.reason);
                }
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
            print_checkpoints(&checked, events as i64);
            Ok(Outcome::Ok)
        }
        Command::Checkpoint => {
            let identity = panelis_report::issue::organizer_identity(db.dirs(), &store)?;
            match store.sign_audit_checkpoint(&identity)? {
                Some(cp) => println!(
                    "signed checkpoint {} at event {} (head {}) with the organizer's \
                     certificate {}",
                    cp.seq,
                    cp.head.count,
                    &cp.head.hash[..16],
                    panelis_report::anchor::grouped(&cp.certificate_sha256)
                ),
                None => match store.audit_head()? {
                    Some(head) => println!(
                        "the newest checkpoint already covers event {}, the last",
                        head.count
                    ),
                    None => println!("no event to sign yet"),
                },
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

/// What the checkpoints signed inside the file prove, after an intact check.
fn print_checkpoints(checked: &panelis_report::checkpoint::CheckpointCheck, events: i64) {
    use panelis_report::anchor::grouped;
    let covered = checked.covered_to.unwrap_or(0);
    match &checked.organizer {
        Some(fp) => {
            if checked.anchors.is_empty() {
                println!(
                    "no checkpoint signed by the organizer's certificate ({}) yet: one is \
                     signed at every finalization and issued document, or with `panelis audit \
                     checkpoint`",
                    grouped(fp)
                );
            } else {
                println!(
                    "{} signed checkpoint(s) by the organizer's certificate ({}), the newest \
                     at event {covered}: the log up to there is as the organizer signed it",
                    checked.anchors.len(),
                    grouped(fp)
                );
            }
        }
        None if checked.checkpoints == 0 => {
            println!("no signed checkpoint, and no organizer certificate in this data folder")
        }
        None => println!(
            "the organizer's certificate is not in this data folder: {} checkpoint(s) carry \
             intact signatures (certificate {}), not checked for whose they are; give \
             --organizer CERT.pem|SHA-256 to check them",
            checked.checkpoints,
            checked
                .signers
                .iter()
                .map(|s| grouped(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
    if covered < events {
        println!(
            "events after {covered} are not covered by a signed checkpoint: cutting them off \
             shows only against a head kept outside the file (--against)"
        );
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

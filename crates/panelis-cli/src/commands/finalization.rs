//! `panelis finalize`, `panelis reopen` and `panelis documents`: the chair and the
//! secretariat make a room's results final (ballots for those entries are refused from then
//! on), reopening needs a written reason, and the record of every official document issued.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use panelis_core::store::{Finalization, FinalizeRequest, ReopenRequest};

#[derive(clap::Args)]
pub struct FinalizeArgs {
    /// Only the entries scheduled in this room (default: every room).
    #[arg(long, value_name = "NAME")]
    room: Option<String>,
    /// Only these entry numbers, e.g. 3,7,12 (default: all, of the room if given).
    #[arg(long, value_delimiter = ',', value_name = "NO,NO")]
    entries: Vec<u32>,
    /// The chair who finalizes, as named on the panel.
    #[arg(long, value_name = "NAME")]
    chair: String,
    /// The secretariat officer who finalizes.
    #[arg(long, value_name = "NAME")]
    secretariat: String,
    /// The chair's written reason to finalize although ballots are missing (the minutes
    /// print it with what was missing); without it that is refused.
    #[arg(long, value_name = "REASON")]
    quorum_override: Option<String>,
    /// Print the record as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ReopenArgs {
    /// Why the results are reopened (required; written to the audit log).
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    /// Only the finalized entries of this room (default: every room).
    #[arg(long, value_name = "NAME")]
    room: Option<String>,
    /// Only these entry numbers (default: every finalized entry).
    #[arg(long, value_delimiter = ',', value_name = "NO,NO")]
    entries: Vec<u32>,
    /// Print the record as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct DocumentsArgs {
    /// Print JSON: every issue with id, kind, version, supersedes, SHA-256s and file.
    #[arg(long)]
    json: bool,
}

fn entries(list: Vec<u32>) -> Option<Vec<u32>> {
    (!list.is_empty()).then_some(list)
}

/// "1-4, 7, 9-12": entry numbers, runs folded ([`panelis_core::text::number_runs`]).
pub fn numbers(list: &[u32]) -> String {
    panelis_core::text::number_runs(list)
}

/// "1 entry (5)" or "3 entries (1-3)": how many entries a finalization covers, and which.
fn entries_part(f: &Finalization) -> String {
    let n = f.entries.len();
    let word = if n == 1 { "entry" } else { "entries" };
    format!("{n} {word} ({})", numbers(&f.entries))
}

fn room_part(f: &Finalization) -> String {
    f.room
        .as_ref()
        .map(|r| format!(" in room {r:?}"))
        .unwrap_or_default()
}

pub fn finalize(db: &Db, args: FinalizeArgs) -> Result<Outcome> {
    let mut store = db.open_as_secretariat()?;
    let request = FinalizeRequest {
        room: args.room,
        entries: entries(args.entries),
        chair: args.chair,
        secretariat: args.secretariat,
        quorum_override: args.quorum_override,
    };
    // The organizer's key signs a checkpoint on the finalization; without it (a key that
    // cannot be read) the finalization stands all the same, and that is said.
    let identity = panelis_report::issue::organizer_identity(db.dirs(), &store);
    if let Err(e) = &identity {
        eprintln!("panelis: warning: no audit checkpoint is signed: {e}");
    }
    let signer = identity
        .as_ref()
        .ok()
        .map(|i| i as &dyn panelis_core::store::CheckpointSigner);
    let done =
        panelis_core::backup::finalize_with_backup(&mut store, &request, db.dirs().data(), signer)?;
    let record = done.finalization;
    match done.checkpoint {
        Ok(Some(cp)) => eprintln!("audit checkpoint signed at event {}", cp.head.count),
        Ok(None) => {}
        Err(e) => eprintln!("panelis: warning: the audit checkpoint was not signed: {e}"),
    }
    match done.backup {
        Ok(b) => eprintln!("backed up to {}", b.path.display()),
        Err(e) => eprintln!("panelis: warning: the finalization backup failed: {e}"),
    }
    if args.json {
        output::json(&record)?;
        return Ok(Outcome::Ok);
    }
    println!(
        "finalized {}{} by chair {} and secretariat {}; ballots for them are no longer \
         accepted",
        entries_part(&record),
        room_part(&record),
        record.chair,
        record.secretariat
    );
    if !record.already.is_empty() {
        println!("already final before: {}", numbers(&record.already));
    }
    if !record.missing.is_empty() {
        println!(
            "quorum overridden by the chair ({}); missing: {}",
            record.quorum_override,
            record
                .missing
                .iter()
                .map(|m| format!("No {} ({})", m.no, m.panelist))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!("result data SHA-256: {}", record.result_sha256);
    Ok(Outcome::Ok)
}

pub fn reopen(db: &Db, args: ReopenArgs) -> Result<Outcome> {
    let mut store = db.open_as_secretariat()?;
    let record = store.reopen(&ReopenRequest {
        room: args.room,
        entries: entries(args.entries),
        reason: args.reason.unwrap_or_default(),
    })?;
    if args.json {
        output::json(&record)?;
        return Ok(Outcome::Ok);
    }
    println!(
        "reopened {}{}: ballots are accepted again; documents issued from now on carry a new \
         version",
        entries_part(&record),
        room_part(&record)
    );
    println!("reason: {}", record.reason);
    Ok(Outcome::Ok)
}

pub fn documents(db: &Db, args: DocumentsArgs) -> Result<Outcome> {
    let store = db.open()?;
    let docs = store.issued_documents()?;
    if args.json {
        output::json(&docs)?;
        return Ok(Outcome::Ok);
    }
    println!("kind\tversion\tdocument\tsupersedes\tissued\tfile");
    let offset = store.utc_offset_minutes()?;
    for d in &docs {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            d.kind,
            d.version,
            d.id,
            match (d.supersedes, d.supersedes_version) {
                (Some(id), Some(v)) => format!("v{v} {id}"),
                (Some(id), None) => id.to_string(),
                _ => "-".into(),
            },
            panelis_core::time::stamp(d.issued_at, offset)?,
            d.file
        );
    }
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_fold_runs() {
        assert_eq!(
            super::numbers(&[1, 2, 3, 4, 7, 9, 10, 12, 13, 14]),
            "1-4, 7, 9, 10, 12-14"
        );
        assert_eq!(super::numbers(&[]), "");
    }
}

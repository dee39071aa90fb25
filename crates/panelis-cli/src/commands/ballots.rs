//! `panelis ballots ...` and `panelis import scores`: the secretariat's view of the ballots
//! (every panelist's scores, so this is not for panelists' eyes), the ballot file carried on
//! a USB stick, paper ballots typed into a CSV, and the blank paper sheets they are written
//! on (`panelis export blank-sheets`).

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::transfer::BallotFile;
use panelis_core::model::{BallotStatus, Signer};
use panelis_core::Error;
use panelis_report::blank_sheets::{write_blank_sheets, BlankSheetsRequest};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use uuid::Uuid;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Every panelist's latest ballot per entry, with its signature check and total (exit 1
    /// when a submitted ballot fails its check: it is not counted).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write one panelist's submitted ballots, signed, to a file (for a USB stick).
    Export {
        /// The panelist's name as on the panel list.
        #[arg(long, value_name = "NAME")]
        panelist: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Read a ballot file made by `ballots export` on another laptop: every signature is
    /// verified, bad ballots are listed (exit 1), importing twice changes nothing.
    Import {
        file: PathBuf,
        /// A signing key the file announces for a panelist with none registered, confirmed
        /// by comparing its fingerprint with the panelist's laptop (at least 20 hex digits;
        /// spaces allowed). Repeat for several.
        #[arg(long = "accept-key", value_name = "FINGERPRINT")]
        accept_keys: Vec<String>,
    },
}

/// `panelis export blank-sheets`.
#[derive(clap::Args)]
pub struct BlankSheetsArgs {
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Only this panelist's sheets (their name as on the panel list); default: every panelist.
    #[arg(long, value_name = "NAME")]
    panelist: Option<String>,
    /// Language of the sheets: id (Bahasa Indonesia, default) or en.
    #[arg(long, default_value = "id")]
    lang: String,
}

/// `panelis import scores FILE.csv`.
#[derive(clap::Args)]
pub struct ScoresArgs {
    /// CSV with columns panelist,entry,criterion,score (`;` or `,`; header optional).
    pub file: PathBuf,
}

/// One row of `ballots list --json`.
#[derive(Serialize)]
struct ListRow {
    entry_no: u32,
    entry_id: Uuid,
    panelist: String,
    panelist_id: Uuid,
    /// The latest revision and its status.
    revision: u32,
    status: BallotStatus,
    /// The latest submitted revision, the one results count.
    submitted_revision: Option<u32>,
    signer: Option<Signer>,
    /// Whether its signature verifies; null when nothing was submitted.
    verified: Option<bool>,
    problem: Option<String>,
    total: Option<String>,
    scores: serde_json::Map<String, serde_json::Value>,
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::List { json } => list(db, json),
        Command::Export { panelist, out } => export(db, &panelist, &out),
        Command::Import { file, accept_keys } => import(db, &file, &accept_keys),
    }
}

fn list(db: &Db, json: bool) -> Result<Outcome> {
    let store = db.open()?;
    let criteria = store.rubric()?.criteria;
    let names: HashMap<Uuid, String> = store
        .panelists()?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let numbers: HashMap<Uuid, u32> = store.entries()?.into_iter().map(|e| (e.id, e.no)).collect();
    let mut checked: HashMap<(Uuid, Uuid), _> = store
        .checked_ballots()?
        .into_iter()
        .map(|(b, check)| ((b.panelist_id, b.entry_id), (b, check)))
        .collect();
    let rows: Vec<ListRow> = store
        .latest_ballots()?
        .into_iter()
        .map(|latest| {
            let submitted = checked.remove(&(latest.panelist_id, latest.entry_id));
            let shown = submitted.as_ref().map(|(b, _)| b).unwrap_or(&latest);
            ListRow {
                entry_no: numbers.get(&latest.entry_id).copied().unwrap_or(0),
                entry_id: latest.entry_id,
                panelist: names.get(&latest.panelist_id).cloned().unwrap_or_default(),
                panelist_id: latest.panelist_id,
                revision: latest.revision,
                status: latest.status,
                submitted_revision: submitted.as_ref().map(|(b, _)| b.revision),
                signer: submitted.as_ref().and_then(|(b, _)| b.signer),
                verified: submitted.as_ref().map(|(_, c)| c.is_ok()),
                problem: submitted.as_ref().and_then(|(_, c)| c.clone().err()),
                total: panelis_core::ballot::display_total(&criteria, &shown.scores),
                scores: shown
                    .scores
                    .iter()
                    .filter_map(|(id, s)| {
                        let c = criteria.iter().find(|c| c.id == *id)?;
                        Some((c.code.clone(), (*s).into()))
                    })
                    .collect(),
            }
        })
        .collect();
    if json {
        output::json(&rows)?;
    } else {
        for r in &rows {
            let status = match (r.status, r.submitted_revision) {
                (BallotStatus::Submitted, _) => format!("submitted r{}", r.revision),
                (BallotStatus::Draft, Some(s)) => format!("submitted r{s}, draft r{}", r.revision),
                (BallotStatus::Draft, None) => format!("draft r{}", r.revision),
            };
            let check = match (&r.verified, &r.problem) {
                (Some(true), _) => "signature valid".to_string(),
                (Some(false), Some(p)) => format!("NOT COUNTED: {p}"),
                _ => "-".to_string(),
            };
            let signer = match r.signer {
                Some(Signer::Secretariat) => "paper",
                Some(Signer::Panelist) => "panelist",
                None => "-",
            };
            println!(
                "{}\t{}\t{status}\t{signer}\t{check}\t{}",
                r.entry_no,
                r.panelist,
                r.total.as_deref().unwrap_or("-")
            );
        }
    }
    Ok(if rows.iter().any(|r| r.verified == Some(false)) {
        Outcome::CheckFailed
    } else {
        Outcome::Ok
    })
}

fn export(db: &Db, panelist: &str, out: &std::path::Path) -> Result<Outcome> {
    let store = db.open()?;
    let panelist = store.panelist_named(panelist)?;
    let export = store.export_ballots(panelist.id)?;
    export.file.write(out)?;
    println!(
        "exported {} ballot(s) of {} to {}",
        export.file.ballots.len(),
        panelist.name,
        out.display()
    );
    for fingerprint in export.file.key_fingerprints() {
        println!(
            "{}: {fingerprint}",
            output::lang().pick(
                "sidik jari kunci (sekretariat mencocokkannya sebelum menerima)",
                "key fingerprint (the secretariat compares it before accepting)"
            )
        );
    }
    for (b, reason) in &export.failed {
        eprintln!(
            "  left out: entry {} revision {}: {}",
            entry_no(&store, b.entry_id),
            b.revision,
            output::one_line(reason)
        );
    }
    Ok(if export.failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

fn entry_no(store: &panelis_core::Store, entry_id: Uuid) -> String {
    store
        .entries()
        .ok()
        .and_then(|es| es.into_iter().find(|e| e.id == entry_id))
        .map(|e| e.no.to_string())
        .unwrap_or_else(|| entry_id.to_string())
}

fn import(db: &Db, file: &std::path::Path, accept_keys: &[String]) -> Result<Outcome> {
    let mut store = db.open_as_secretariat()?;
    let ballots = BallotFile::read(file)?;
    let report = store.import_ballots(&ballots, accept_keys)?;
    println!(
        "{}: imported {} ballot(s), {} already present, {} rejected",
        report.panelist,
        report.imported,
        report.already_present,
        report.rejected.len()
    );
    let lang = output::lang();
    for r in &report.rejected {
        println!(
            "  rejected: entry {} revision {}: {}",
            r.entry_no,
            r.revision,
            lang.pick(&r.reason_id, &r.reason_en)
        );
    }
    for k in &report.unregistered_keys {
        println!(
            "  {}: {} (--accept-key \"{}\")",
            lang.pick(
                "kunci belum terdaftar, cocokkan dengan laptop panelis",
                "key not registered, compare with the panelist's laptop"
            ),
            k.fingerprint,
            k.fingerprint
        );
    }
    Ok(if report.rejected.is_empty() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

/// `panelis export blank-sheets`: blank score sheets for one panelist or the whole panel.
pub fn blank_sheets(db: &Db, args: BlankSheetsArgs) -> Result<Outcome> {
    let store = db.open()?;
    let panelist = match &args.panelist {
        Some(name) => Some(store.panelist_named(name)?.id),
        None => None,
    };
    let request = BlankSheetsRequest {
        panelist,
        lang: panelis_core::lang::Lang::from_code(&args.lang),
        out: args.out.clone(),
    };
    let written = write_blank_sheets(&store, &request)?;
    println!(
        "wrote {}: {} blank sheet(s) on {} page(s) for {}{}",
        args.out.display(),
        written.sheets,
        written.pages,
        match written.panelists.as_slice() {
            [one] => one.clone(),
            all => format!("{} panelists", all.len()),
        },
        if written.left_out > 0 {
            format!(
                "; {} left out where the panelist abstains (conflict of interest)",
                written.left_out
            )
        } else {
            String::new()
        }
    );
    println!("a blank form: not signed, not recorded as an issued document");
    Ok(Outcome::Ok)
}

/// `panelis import scores FILE.csv`: paper ballots, all or nothing.
pub fn import_scores(db: &Db, args: ScoresArgs) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.file).map_err(|e| Error::Io {
        path: args.file.clone(),
        reason: e.to_string(),
    })?;
    let mut store = db.open_as_secretariat()?;
    let report = store.import_paper_scores(&text, &Keystore::of(db.dirs()))?;
    println!(
        "submitted {} paper ballot(s) from {} line(s); {} already submitted unchanged",
        report.submitted, report.lines, report.unchanged
    );
    Ok(Outcome::Ok)
}

//! The official documents from the command line: `panelis export recap|minutes|sheets|
//! schedule|all --out FILE.pdf` (signed with the organizer's certificate), `panelis verify
//! FILE.pdf`, and `panelis certificate show|import` for that certificate. The certificate and
//! its key live in `<data folder>/certificates/<competition id>/` (see
//! `panelis_report::identity`); the first export makes a self-signed one in the organizer's
//! name when none is there.

use super::{Db, Outcome};
use crate::output;
use chrono::{FixedOffset, NaiveDate, Utc};
use panelis_core::results::ResultOptions;
use panelis_core::{paths, Error, Result, Store};
use panelis_report::{
    DocumentHeader, DocumentKind, Identity, MinutesDetails, ReportError, ReportInput, ScheduleRow,
    Signatory,
};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// A report error as the command's error.
pub fn report_error(e: ReportError) -> Error {
    match e {
        ReportError::Io { path, reason } => Error::Io { path, reason },
        e => Error::Refused(e.to_string()),
    }
}

#[derive(clap::Args)]
pub struct DocumentArgs {
    /// Where to write the signed PDF.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Language of the document: id (Bahasa Indonesia, default) or en.
    #[arg(long, default_value = "id")]
    lang: String,
    /// The day of the assessment written in the minutes (YYYY-MM-DD); default: today at the
    /// venue.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,
    /// The town above the signatures; default: the last part of the venue ("..., Makassar").
    #[arg(long)]
    place: Option<String>,
    /// A secretariat signatory of the minutes, "Name" or "Name|Role"; repeatable.
    #[arg(long = "secretariat", value_name = "NAME[|ROLE]")]
    secretariat: Vec<String>,
    /// The document's version (2 and up after results were reopened).
    #[arg(long, default_value_t = 1)]
    version: u32,
    /// The id of the document this one supersedes.
    #[arg(long, value_name = "UUID")]
    supersedes: Option<Uuid>,
    /// Flag a panelist's total more than this many points from the others' mean.
    #[arg(long, default_value_t = panelis_core::results::DEFAULT_OUTLIER_POINTS)]
    outlier_points: u32,
}

/// The folder holding the organizer's key and certificate for a competition.
pub fn identity_dir(store: &Store) -> Result<PathBuf> {
    Ok(paths::data_dir()
        .join("certificates")
        .join(store.competition()?.id.to_string()))
}

/// The organizer's identity, made (self-signed) on first use.
pub fn organizer_identity(store: &Store) -> Result<Identity> {
    let competition = store.competition()?;
    let organizer = if competition.organizer.trim().is_empty() {
        competition.name.clone()
    } else {
        competition.organizer.clone()
    };
    Identity::load_or_create(&identity_dir(store)?, &organizer).map_err(report_error)
}

/// The schedule rows the Jadwal document prints: planned and actual venue-local times.
fn schedule_rows(store: &Store) -> Result<Vec<ScheduleRow>> {
    let view = store.schedule_view(Utc::now())?;
    let mut rows = Vec::new();
    for room in &view.rooms {
        for s in &room.slots {
            rows.push(ScheduleRow {
                day: s.date,
                room: room.room.name.clone(),
                position: s.position,
                entry_no: s.entry_no,
                title: s.title.clone(),
                agency: s.agency.clone(),
                planned_start: s.planned_start_local.time(),
                planned_end: s.planned_end_local.time(),
                actual_start: s.actual_start_local.map(|t| t.time()),
                actual_end: s.actual_end_local.map(|t| t.time()),
                note: match s.present {
                    Some(false) => "tidak hadir".into(),
                    _ => String::new(),
                },
            });
        }
    }
    Ok(rows)
}

pub fn export(db: &Db, kind: DocumentKind, args: DocumentArgs) -> Result<Outcome> {
    let store = db.open()?;
    let competition = store.competition()?;
    let results = super::results::compute(
        &store,
        ResultOptions {
            outlier_points: args.outlier_points,
            z_scores: false,
        },
    )?;
    let schedule = schedule_rows(&store)?;
    let offset = FixedOffset::east_opt(store.utc_offset_minutes()? * 60)
        .ok_or_else(|| Error::invalid("utc offset", "out of range"))?;
    let date = args
        .date
        .unwrap_or_else(|| Utc::now().with_timezone(&offset).date_naive());
    let place = args.place.clone().unwrap_or_else(|| {
        competition
            .venue
            .rsplit(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    });
    let secretariat = args
        .secretariat
        .iter()
        .map(|s| {
            let (name, role) = s.split_once('|').unwrap_or((s.as_str(), "Sekretariat"));
            Signatory {
                name: name.trim().to_string(),
                role: role.trim().to_string(),
            }
        })
        .collect();
    let minutes = MinutesDetails {
        date,
        place,
        secretariat,
    };
    let input = ReportInput {
        competition: &competition,
        results: &results,
        schedule: &schedule,
        minutes: &minutes,
    };
    let mut header = DocumentHeader::new(panelis_core::lang::Lang::from_code(&args.lang));
    header.version = args.version.max(1);
    header.supersedes = args.supersedes;
    let identity = organizer_identity(&store)?;
    let pdf = panelis_report::export(kind, &input, &header, &identity).map_err(report_error)?;
    std::fs::write(&args.out, pdf).map_err(|e| Error::Io {
        path: args.out.clone(),
        reason: e.to_string(),
    })?;
    println!(
        "wrote {} (document {} version {}, signed by {})",
        args.out.display(),
        header.id,
        header.version,
        identity.subject()
    );
    Ok(Outcome::Ok)
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The PDF to check.
    file: PathBuf,
    /// Print what the document says about itself as JSON when it is valid.
    #[arg(long)]
    json: bool,
}

pub fn verify(args: VerifyArgs) -> Result<Outcome> {
    let bytes = std::fs::read(&args.file).map_err(|e| Error::Io {
        path: args.file.clone(),
        reason: e.to_string(),
    })?;
    match panelis_report::verify(&bytes) {
        Ok(v) => {
            if args.json {
                output::json(&serde_json::json!({
                    "valid": true,
                    "document_id": v.document_id,
                    "version": v.version,
                    "supersedes": v.supersedes,
                    "signer": v.signer,
                    "issuer": v.issuer,
                    "self_signed": v.self_signed,
                    "certificate_sha256": v.certificate_sha256,
                    "result_sha256": v.result_sha256,
                    "competition": v.result_data.competition,
                    "entries": v.result_data.entries.len(),
                }))?;
            } else {
                println!(
                    "valid: document {} version {}{}, {} entries of {}",
                    v.document_id
                        .map(|i| i.to_string())
                        .unwrap_or_else(|| "?".into()),
                    v.version.unwrap_or(0),
                    v.supersedes
                        .map(|s| format!(" (supersedes {s})"))
                        .unwrap_or_default(),
                    v.result_data.entries.len(),
                    v.result_data.competition
                );
                println!(
                    "signed by: {}{}",
                    v.signer,
                    if v.self_signed {
                        " (self-signed certificate: compare its SHA-256 with the organizer's)"
                            .to_string()
                    } else {
                        format!(" (certificate issued by {})", v.issuer)
                    }
                );
                println!("certificate SHA-256: {}", v.certificate_sha256);
                println!("result data SHA-256: {}", v.result_sha256);
            }
            Ok(Outcome::Ok)
        }
        Err(e) => {
            eprintln!("panelis: invalid: {}", output::one_line(&e.to_string()));
            Ok(Outcome::CheckFailed)
        }
    }
}

#[derive(clap::Subcommand)]
pub enum CertificateCommand {
    /// Show the organizer's certificate (made, self-signed, if there is none yet).
    Show,
    /// Use the organizer's own certificate from a PKCS#12 (.p12/.pfx) file.
    Import {
        /// The .p12 file.
        file: PathBuf,
        /// The environment variable holding the file's password (default: none).
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
}

pub fn certificate(db: &Db, cmd: CertificateCommand) -> Result<Outcome> {
    let store = db.open()?;
    let identity = match cmd {
        CertificateCommand::Show => organizer_identity(&store)?,
        CertificateCommand::Import { file, password_env } => {
            let bytes = std::fs::read(&file).map_err(|e| Error::Io {
                path: file.clone(),
                reason: e.to_string(),
            })?;
            let password = match password_env {
                Some(var) => std::env::var(&var)
                    .map_err(|_| Error::invalid("--password-env", format!("{var} is not set")))?,
                None => String::new(),
            };
            Identity::import_p12(&identity_dir(&store)?, &bytes, &password).map_err(report_error)?
        }
    };
    show(&identity, &identity_dir(&store)?);
    Ok(Outcome::Ok)
}

fn show(identity: &Identity, dir: &Path) {
    println!("subject: {}", identity.subject());
    println!(
        "issuer: {}{}",
        identity.issuer(),
        if identity.is_self_signed() {
            " (self-signed)"
        } else {
            ""
        }
    );
    if let Some(until) = identity.not_after() {
        println!("valid until: {}", until.format("%Y-%m-%d"));
    }
    println!("SHA-256: {}", identity.fingerprint());
    println!("stored in: {}", dir.display());
}

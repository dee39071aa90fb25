//! The official documents from the command line: `panelis export recap|minutes|sheets|
//! schedule|all --out FILE.pdf` (signed with the organizer's certificate), `panelis verify
//! FILE.pdf`, and `panelis certificate show|import` for that certificate. The certificate and
//! its key live in `<data folder>/certificates/<competition id>/` (see
//! `panelis_report::identity`); the first export makes a self-signed one in the organizer's
//! name when none is there. Each export is recorded in the competition file with its version
//! (see `panelis_report::issue`).

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use crate::output;
use chrono::NaiveDate;
use panelis_core::lang::Lang;
use panelis_core::{Error, Store};
use panelis_report::issue::IssueRequest;
use panelis_report::{DocumentKind, Identity, Signatory};
use std::path::{Path, PathBuf};

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
    /// Flag a panelist's total more than this many points from the others' mean.
    #[arg(long, default_value_t = panelis_core::results::DEFAULT_OUTLIER_POINTS)]
    outlier_points: u32,
    /// On the announcement, print the final scores too.
    #[arg(long)]
    scores: bool,
}

/// The folder holding the organizer's key and certificate for a competition.
pub fn identity_dir(db: &Db, store: &Store) -> Result<PathBuf> {
    Ok(panelis_report::issue::identity_dir(db.dirs(), store)?)
}

/// The organizer's identity, made (self-signed) on first use.
pub fn organizer_identity(db: &Db, store: &Store) -> Result<Identity> {
    Ok(panelis_report::issue::organizer_identity(db.dirs(), store)?)
}

/// Issues the document: its version and what it supersedes come from the file's record of
/// issued documents (a new version after a reopen or changed results, else a reprint).
pub fn export(db: &Db, kind: DocumentKind, args: DocumentArgs) -> Result<Outcome> {
    let mut store = db.open_as_secretariat()?;
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
    let request = IssueRequest {
        kind,
        lang: Lang::from_code(&args.lang),
        out: args.out.clone(),
        date: args.date,
        place: args.place.clone(),
        secretariat,
        outlier_points: args.outlier_points,
        announce_scores: args.scores,
    };
    let issued = panelis_report::issue::issue(db.dirs(), &mut store, &request)?;
    let d = &issued.document;
    println!(
        "wrote {} (document {} version {}{}{}, signed by {})",
        args.out.display(),
        d.id,
        d.version,
        match (d.supersedes, d.supersedes_version) {
            (Some(id), Some(v)) => format!(", supersedes version {v} {id}"),
            (Some(id), None) => format!(", supersedes {id}"),
            _ => String::new(),
        },
        if issued.reprint { ", reprint" } else { "" },
        issued.signer
    );
    Ok(Outcome::Ok)
}

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 signature intact and anchored (to --db's organizer \
certificate and register, or to --organizer); 1 invalid or refused by an anchor check; \
2 bad input; 3 signature intact but not checked against any organizer (no --db, \
$PANELIS_DB or --organizer)."
)]
pub struct VerifyArgs {
    /// The PDF to check.
    file: PathBuf,
    /// The organizer certificate to check the signer against: a .pem/.der file, or its
    /// SHA-256 in hex (colons and spaces allowed).
    #[arg(long, value_name = "CERT.pem|SHA256")]
    organizer: Option<String>,
    /// Print what the document says about itself and each check's outcome as JSON.
    #[arg(long)]
    json: bool,
}

pub fn verify(db: &Db, args: VerifyArgs) -> Result<Outcome> {
    use panelis_report::anchor::{self, Anchor, AnchorVerdict};
    let lang = output::lang();
    // Parse the anchor before reading the document: bad input is refused up front.
    let fingerprint = match &args.organizer {
        Some(value) => Some(
            anchor::organizer_fingerprint(value).map_err(|e| Failure::usage("--organizer", e.0))?,
        ),
        None => None,
    };
    let store = if fingerprint.is_none() && db.is_explicit() {
        Some(db.open()?)
    } else {
        None
    };
    let bytes = std::fs::read(&args.file).map_err(|e| Error::Io {
        path: args.file.clone(),
        reason: e.to_string(),
    })?;
    let v = match panelis_report::verify(&bytes) {
        Ok(v) => v,
        Err(e) => {
            if args.json {
                output::json(&serde_json::json!({
                    "valid": false,
                    "problem_code": e.code(),
                    "problem": e.to_string(),
                }))?;
            }
            eprintln!("panelis: invalid: {}", output::one_line(&e.to_string()));
            return Ok(Outcome::CheckFailed);
        }
    };
    let target = match (&fingerprint, &store) {
        (Some(fp), _) => Anchor::Fingerprint(fp.clone()),
        (None, Some(store)) => Anchor::Competition(store, db.dirs()),
        (None, None) => Anchor::None,
    };
    let (verdict, checks) = anchor::anchor(&v, &target)?;
    if args.json {
        output::json(&serde_json::json!({
            "valid": true,
            "verdict": verdict,
            "checks": checks,
            "document_id": v.document_id,
            "version": v.version,
            "supersedes": v.supersedes,
            "signer": v.signer,
            "issuer": v.issuer,
            "self_signed": v.self_signed,
            "signed_at": v.signed_at,
            "certificate_sha256": v.certificate_sha256,
            "result_sha256": v.result_sha256,
            "competition": v.result_data.competition,
            "entries": v.result_data.entries.len(),
            // What the panel agreed, as the document embeds it (null: no decision).
            "decision": v.result_data.decision,
        }))?;
    } else {
        let headline = match verdict {
            AnchorVerdict::Anchored => lang.pick(
                "sah: dokumen resmi penyelenggara",
                "valid: the organizer's official document",
            ),
            AnchorVerdict::Refused => lang.pick("ditolak", "refused"),
            AnchorVerdict::Unanchored => lang.pick(
                "tanda tangan utuh, tetapi tidak diperiksa terhadap penyelenggara mana pun \
                 (pakai --db atau --organizer)",
                "signature intact, but not checked against any organizer \
                 (use --db or --organizer)",
            ),
        };
        println!("{headline}");
        println!(
            "document {} version {}{}, {} entries of {}",
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
        println!("signed by: {} (issuer {})", v.signer, v.issuer);
        if let Some(at) = v.signed_at {
            // At the venue when the competition file says where it is; else plainly UTC.
            let offset = match &store {
                Some(s) => s.utc_offset_minutes()?,
                None => 0,
            };
            println!("signed at: {}", panelis_core::time::stamp(at, offset)?);
        }
        println!(
            "certificate SHA-256: {}",
            anchor::grouped(&v.certificate_sha256)
        );
        println!("result data SHA-256: {}", v.result_sha256);
        if let Some(d) = &v.result_data.decision {
            println!(
                "panel's decision: agreed order {}; {} outcome(s) given",
                super::finalization::numbers(&d.order),
                d.given.len()
            );
        }
        for c in &checks {
            let words = lang.pick(&c.message_id, &c.message_en);
            if c.passed {
                println!("ok: {words}");
            } else {
                eprintln!("panelis: refused ({}): {words}", c.code.unwrap_or("?"));
            }
        }
    }
    Ok(match verdict {
        AnchorVerdict::Anchored => Outcome::Ok,
        AnchorVerdict::Refused => Outcome::CheckFailed,
        AnchorVerdict::Unanchored => Outcome::Unanchored,
    })
}

#[derive(clap::Subcommand)]
pub enum CertificateCommand {
    /// Show the organizer's certificate (made, self-signed, if there is none yet).
    Show,
    /// Write the organizer's certificate (PEM, no key) to publish as the trust anchor.
    Export {
        /// Where to write it, e.g. organizer.pem.
        #[arg(long)]
        out: PathBuf,
    },
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
    let mut store = db.open()?;
    let identity = match cmd {
        CertificateCommand::Show => organizer_identity(db, &store)?,
        CertificateCommand::Export { out } => {
            let info = panelis_report::issue::export_certificate(db.dirs(), &store, &out)?;
            println!(
                "wrote {}: SHA-256 {}",
                out.display(),
                panelis_report::anchor::grouped(&info.fingerprint)
            );
            return Ok(Outcome::Ok);
        }
        CertificateCommand::Import { file, password_env } => {
            let password = match password_env {
                Some(var) => std::env::var(&var)
                    .map_err(|_| Failure::usage("--password-env", format!("{var} is not set")))?,
                None => String::new(),
            };
            // The one way to import: it also vouches for the certificate it replaces in
            // the audit log's checkpoints.
            panelis_report::issue::import_certificate(db.dirs(), &mut store, &file, &password)
                .map_err(Failure::from)?;
            organizer_identity(db, &store)?
        }
    };
    show(&identity, &identity_dir(db, &store)?);
    Ok(Outcome::Ok)
}

#[derive(clap::Subcommand)]
pub enum LogoCommand {
    /// Whether a logo is set: its kind, size and SHA-256.
    Show,
    /// Print this PNG or JPEG (at most 1 MB, 2000 px a side) in the minutes' letterhead.
    Set {
        /// The image file.
        file: PathBuf,
    },
    /// Remove the logo: the letterhead is text only.
    Clear,
}

pub fn logo(db: &Db, cmd: LogoCommand) -> Result<Outcome> {
    let mut store = db.open_as_secretariat()?;
    match cmd {
        LogoCommand::Show => match store.organizer_logo()? {
            Some(logo) => println!(
                "logo: {}, {} bytes, SHA-256 {}",
                logo.media_type, logo.size, logo.sha256
            ),
            None => println!("no logo: the letterhead is text only"),
        },
        LogoCommand::Set { file } => {
            let logo = panelis_report::issue::set_logo(&mut store, &file)?;
            println!(
                "logo set: {}, {} bytes, SHA-256 {}",
                logo.media_type, logo.size, logo.sha256
            );
        }
        LogoCommand::Clear => {
            if store.clear_organizer_logo()? {
                println!("logo removed");
            } else {
                println!("no logo was set");
            }
        }
    }
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

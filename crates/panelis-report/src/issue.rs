//! Issuing official documents from a competition file, the one way the app and `panelis
//! export` both do it: the results and the schedule from the store, the version and what it
//! supersedes from the store's record of issued documents, a signed PDF written where asked,
//! then the issue recorded (with its audit event). Also the organizer's certificate as both
//! front ends show and import it, and the check of a PDF against the record.
//!
//! The certificate and its key live in `<data folder>/certificates/<competition id>/` (see
//! [`crate::identity`]); the first export makes a self-signed one in the organizer's name.

use crate::documents::{DocumentHeader, DocumentKind, MinutesDetails, ReportInput, ScheduleRow};
use crate::Result;
use crate::{Identity, ReportError, Signatory};
use chrono::{DateTime, NaiveDate, Utc};
use panelis_core::lang::Lang;
use panelis_core::paths::AppDirs;
use panelis_core::results::{sha256_hex, ResultOptions};
use panelis_core::setup::SetupRefusal;
use panelis_core::store::{
    FinalizationAction, IssuedDocument, NewDocument, OrganizerLogo, MAX_LOGO_BYTES,
};
use panelis_core::{time, Error, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// What to issue and where.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    pub kind: DocumentKind,
    pub lang: Lang,
    /// Where the signed PDF is written.
    pub out: PathBuf,
    /// The day of the assessment written in the minutes; default: today at the venue.
    pub date: Option<NaiveDate>,
    /// The town above the signatures; default: the last part of the venue.
    pub place: Option<String>,
    /// The secretariat's signatories of the minutes; default: the officer named at the
    /// latest finalization.
    pub secretariat: Vec<Signatory>,
    /// The outlier threshold for the flags the recap prints.
    pub outlier_points: u32,
    /// Print the final scores on the announcement.
    pub announce_scores: bool,
}

impl IssueRequest {
    /// A request with the defaults: Bahasa Indonesia, today, the usual threshold.
    pub fn new(kind: DocumentKind, out: impl Into<PathBuf>) -> Self {
        IssueRequest {
            kind,
            lang: Lang::Id,
            out: out.into(),
            date: None,
            place: None,
            secretariat: Vec::new(),
            outlier_points: panelis_core::results::DEFAULT_OUTLIER_POINTS,
            announce_scores: false,
        }
    }
}

/// An issued document: the record, and who signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issued {
    pub document: IssuedDocument,
    /// The same version as the last issue of its kind, printed again.
    pub reprint: bool,
    /// The certificate's subject that signed it.
    pub signer: String,
}

/// The folder holding the organizer's key and certificate for a competition.
pub fn identity_dir(dirs: &AppDirs, store: &Store) -> Result<PathBuf> {
    Ok(dirs.certificates(store.competition()?.id))
}

/// The organizer's identity, made (self-signed, in the organizer's name) on first use.
pub fn organizer_identity(dirs: &AppDirs, store: &Store) -> Result<Identity> {
    let competition = store.competition()?;
    let organizer = if competition.organizer.trim().is_empty() {
        competition.name.clone()
    } else {
        competition.organizer.clone()
    };
    Identity::load_or_create(&identity_dir(dirs, store)?, &organizer)
}

/// The organizer's certificate as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    pub self_signed: bool,
    /// SHA-256 of the certificate, to compare with what a verifier shows.
    pub fingerprint: String,
    /// The same in groups of four, as every document's footer prints it.
    pub fingerprint_grouped: String,
    pub not_after: Option<DateTime<Utc>>,
    /// Where the key and certificate are kept.
    pub folder: String,
}

impl CertificateInfo {
    pub fn of(identity: &Identity, folder: &Path) -> Self {
        CertificateInfo {
            subject: identity.subject(),
            issuer: identity.issuer(),
            self_signed: identity.is_self_signed(),
            fingerprint: identity.fingerprint(),
            fingerprint_grouped: crate::anchor::grouped(&identity.fingerprint()),
            not_after: identity.not_after(),
            folder: folder.display().to_string(),
        }
    }
}

/// The organizer's certificate if one was made or imported; `None` before the first export.
pub fn certificate(dirs: &AppDirs, store: &Store) -> Result<Option<CertificateInfo>> {
    let dir = identity_dir(dirs, store)?;
    Ok(Identity::load(&dir)?.map(|i| CertificateInfo::of(&i, &dir)))
}

/// Writes the organizer's certificate (PEM, never the key) to `out`, to be published as the
/// anchor readers check documents against; made, self-signed, if there is none yet.
pub fn export_certificate(dirs: &AppDirs, store: &Store, out: &Path) -> Result<CertificateInfo> {
    let identity = organizer_identity(dirs, store)?;
    let pem = identity.certificate_pem()?;
    std::fs::write(out, pem).map_err(|e| ReportError::io(out, e))?;
    Ok(CertificateInfo::of(&identity, &identity_dir(dirs, store)?))
}

/// Uses the organizer's own certificate from a PKCS#12 (.p12/.pfx) file for every document
/// and checkpoint signed from now on. When it replaces another, a checkpoint signed with the
/// new one vouches for the old, so the checkpoints the old one signed stay the organizer's.
pub fn import_certificate(
    dirs: &AppDirs,
    store: &mut Store,
    p12: &Path,
    password: &str,
) -> Result<CertificateInfo> {
    let bytes = std::fs::read(p12).map_err(|e| ReportError::io(p12, e))?;
    let dir = identity_dir(dirs, store)?;
    let previous = crate::identity::certificate_sha256_in(&dir).ok().flatten();
    let identity = Identity::import_p12(&dir, &bytes, password)?;
    match previous {
        Some(old) if old != identity.fingerprint() => {
            store.endorse_audit_certificate(&identity, &old)?;
        }
        _ => {}
    }
    Ok(CertificateInfo::of(&identity, &dir))
}

/// The organizer certificate's SHA-256 kept in the data folder for this competition;
/// `None` where there is none (a machine that holds neither key nor certificate).
pub fn organizer_fingerprint(dirs: &AppDirs, store: &Store) -> Result<Option<String>> {
    crate::identity::certificate_sha256_in(&identity_dir(dirs, store)?)
}

/// Sets the organizer's logo for the minutes' letterhead from a PNG or JPEG file, after
/// checking that it decodes and is of a sensible size (nothing is stored otherwise).
pub fn set_logo(store: &mut Store, path: &Path) -> Result<OrganizerLogo> {
    let io = |e: std::io::Error| ReportError::io(path, e);
    let in_file = |e: ReportError| ReportError::InFile {
        path: path.to_owned(),
        error: Box::new(e),
    };
    // Refuse a huge file before reading it.
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_LOGO_BYTES as u64 {
        return Err(in_file(
            Error::Setup(SetupRefusal::LogoTooLarge {
                kb: usize::try_from(len.div_ceil(1024)).unwrap_or(usize::MAX),
                max_kb: MAX_LOGO_BYTES / 1024,
            })
            .into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    crate::logo::check_logo(&bytes).map_err(in_file)?;
    Ok(store.set_organizer_logo(&bytes)?)
}

/// The schedule rows the Jadwal document prints: planned and actual venue-local times.
pub fn schedule_rows(store: &Store, lang: Lang) -> Result<Vec<ScheduleRow>> {
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
                started_on_another_day: s
                    .actual_start_local
                    .filter(|_| s.another_day)
                    .map(|t| t.date()),
                note: match s.present {
                    Some(false) => lang.pick("tidak hadir", "absent").into(),
                    _ => String::new(),
                },
            });
        }
    }
    Ok(rows)
}

/// Makes, signs and writes the document, then records the issue. The version follows the
/// store's record (see `panelis_core::store` finalization); nothing is recorded when the file
/// cannot be written, and the file is removed again when the record refuses it.
pub fn issue(dirs: &AppDirs, store: &mut Store, request: &IssueRequest) -> Result<Issued> {
    let competition = store.competition()?;
    let results = store.results(ResultOptions {
        outlier_points: request.outlier_points,
        z_scores: false,
    })?;
    let data = store.result_data_of(&results)?;
    // Nothing is signed that differs from what the panel finalized.
    store.check_finalized_unchanged(&data)?;
    // What the document covers: the entries final now (the schedule, every slot).
    let scope = match request.kind {
        DocumentKind::Schedule => None,
        _ => Some(store.document_scope()?),
    };
    let result_sha256 = data.covering(scope.as_ref()).sha256();
    let decision = store.decision_view(panelis_core::decision::DEFAULT_NEAR_TIE_HUNDREDTHS)?;
    if request.kind == DocumentKind::Announcement
        && decision
            .evaluation
            .rows
            .iter()
            .filter(|r| scope.as_ref().is_none_or(|s| s.covers(r.no)))
            .all(|r| r.outcome.is_none())
    {
        return Err(
            Error::Decision(panelis_core::decision::DecisionRefusal::NothingToAnnounce).into(),
        );
    }
    let kind = kind_code(request.kind);
    let plan = store.plan_document(kind, &result_sha256)?;
    let schedule = schedule_rows(store, request.lang)?;
    let offset = time::venue_offset(store.utc_offset_minutes()?)?;
    let date = request
        .date
        .unwrap_or_else(|| Utc::now().with_timezone(&offset).date_naive());
    let place = request.place.clone().unwrap_or_else(|| {
        competition
            .venue
            .rsplit(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    });
    let secretariat = if request.secretariat.is_empty() {
        last_secretariat(store, request.lang)?
    } else {
        request.secretariat.clone()
    };
    let minutes = MinutesDetails {
        date,
        place,
        secretariat,
    };
    let logo = store.organizer_logo()?;
    let input = ReportInput {
        competition: &competition,
        results: &results,
        schedule: &schedule,
        minutes: &minutes,
        logo: logo.as_ref().map(|l| l.bytes.as_slice()),
        decision: Some(&decision),
        announce_scores: request.announce_scores,
        utc_offset_minutes: store.utc_offset_minutes()?,
        scope: scope.as_ref(),
    };
    let mut header = DocumentHeader::new(request.lang);
    header.version = plan.version;
    header.supersedes = plan.supersedes.as_ref().map(|d| d.id);
    header.supersedes_version = plan.supersedes.as_ref().map(|d| d.version);
    header.audit_head = store.audit_head()?;
    let identity = organizer_identity(dirs, store)?;
    let pdf = crate::export(request.kind, &input, &header, &identity)?;
    std::fs::write(&request.out, &pdf).map_err(|e| ReportError::io(&request.out, e))?;
    let recorded = store.record_document(&NewDocument {
        id: header.id,
        kind: kind.into(),
        version: header.version,
        supersedes: header.supersedes,
        lang: match request.lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
        .into(),
        issued_at: header.issued_at,
        result_sha256,
        file_sha256: sha256_hex(&pdf),
        file: absolute(&request.out).display().to_string(),
    });
    match recorded {
        Ok(document) => {
            // The organizer's key is at hand: a signed checkpoint covers the issue too.
            store.sign_audit_checkpoint(&identity)?;
            Ok(Issued {
                document,
                reprint: plan.reprint,
                signer: identity.subject(),
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&request.out);
            Err(e.into())
        }
    }
}

/// Writes the results table as an .xlsx workbook at `out`.
pub fn write_results_xlsx(
    store: &Store,
    out: &Path,
    options: ResultOptions,
    lang: Lang,
) -> Result<PathBuf> {
    let table = store.results(options)?;
    let bytes = crate::xlsx::results_xlsx(&table, lang)?;
    std::fs::write(out, bytes).map_err(|e| ReportError::io(out, e))?;
    Ok(out.to_owned())
}

/// The code a kind is recorded under: `recap`, `minutes`, `sheets`, `schedule`, `all`.
pub fn kind_code(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Minutes => "minutes",
        DocumentKind::Recap => "recap",
        DocumentKind::Sheets => "sheets",
        DocumentKind::Schedule => "schedule",
        DocumentKind::All => "all",
        DocumentKind::Announcement => "announcement",
    }
}

/// The secretariat officer named at the latest finalization, as the minutes' signatory.
fn last_secretariat(store: &Store, lang: Lang) -> Result<Vec<Signatory>> {
    Ok(store
        .finalization_status()?
        .history
        .iter()
        .rev()
        .find(|f| f.action == FinalizationAction::Finalize)
        .map(|f| {
            vec![Signatory {
                name: f.secretariat.clone(),
                role: lang.pick("Sekretariat", "Secretariat").into(),
            }]
        })
        .unwrap_or_default())
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// What checking a PDF found: the signature and embedded data, and what this competition
/// file recorded about the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentCheck {
    pub file: String,
    pub valid: bool,
    /// Why it is not valid (the first failed check), in English.
    pub problem: Option<String>,
    /// Stable code of the problem.
    pub problem_code: Option<String>,
    pub document_id: Option<Uuid>,
    pub version: Option<u32>,
    pub supersedes: Option<Uuid>,
    pub signer: Option<String>,
    pub issuer: Option<String>,
    pub self_signed: bool,
    pub certificate_sha256: Option<String>,
    pub result_sha256: Option<String>,
    /// The competition the embedded result data names.
    pub competition: Option<String>,
    pub entries: Option<usize>,
    /// This document as this file recorded its issue; `None`: not issued from this file.
    pub recorded: Option<IssuedDocument>,
    /// The newest issue of the same kind; differs from `recorded` when it was superseded.
    pub current: Option<IssuedDocument>,
    /// The bytes are exactly those recorded at issue.
    pub same_file_as_issued: bool,
    /// Anchored to this competition (organizer certificate, register, not superseded);
    /// `None` when the signature itself failed.
    pub verdict: Option<crate::anchor::AnchorVerdict>,
    /// Each anchoring check, with its code and words in both languages.
    pub anchor_checks: Vec<crate::anchor::AnchorCheck>,
    /// When it was signed, as its signature states (UTC; screens show it at the venue).
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Checks a PDF's signature and embedded data, and looks it up in the record of issued
/// documents. An unreadable file is an error; an invalid document is a check result.
pub fn check(dirs: &AppDirs, store: &Store, pdf: &Path) -> Result<DocumentCheck> {
    let bytes = std::fs::read(pdf).map_err(|e| ReportError::io(pdf, e))?;
    let mut check = DocumentCheck {
        file: pdf.display().to_string(),
        valid: false,
        problem: None,
        problem_code: None,
        document_id: None,
        version: None,
        supersedes: None,
        signer: None,
        issuer: None,
        self_signed: false,
        certificate_sha256: None,
        result_sha256: None,
        competition: None,
        entries: None,
        recorded: None,
        current: None,
        same_file_as_issued: false,
        verdict: None,
        anchor_checks: Vec::new(),
        signed_at: None,
    };
    match crate::verify(&bytes) {
        Err(e) => {
            check.problem = Some(e.to_string());
            check.problem_code = Some(e.code().into());
        }
        Ok(v) => {
            let (verdict, checks) =
                crate::anchor::anchor(&v, &crate::anchor::Anchor::Competition(store, dirs))?;
            check.verdict = Some(verdict);
            check.anchor_checks = checks;
            check.valid = true;
            check.signed_at = v.signed_at;
            check.document_id = v.document_id;
            check.version = v.version;
            check.supersedes = v.supersedes;
            check.signer = Some(v.signer);
            check.issuer = Some(v.issuer);
            check.self_signed = v.self_signed;
            check.certificate_sha256 = Some(v.certificate_sha256);
            check.result_sha256 = Some(v.result_sha256);
            check.competition = Some(v.result_data.competition);
            check.entries = Some(v.result_data.entries.len());
            if let Some(id) = v.document_id {
                check.recorded = store.issued_document(id)?;
                if let Some(r) = &check.recorded {
                    check.current = store.current_document(&r.kind)?;
                    check.same_file_as_issued = r.file_sha256 == sha256_hex(&bytes);
                }
            }
        }
    }
    Ok(check)
}

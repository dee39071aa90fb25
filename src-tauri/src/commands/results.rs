//! Hasil & Dokumen: the ranked results, finalize and reopen (core), and the official
//! documents, issued by `panelis_report::issue` exactly as `panelis export` does. Every
//! command that writes or reads a file takes its path; the OS dialog only supplies it when
//! the screen passes none. Print opens an issued document's PDF, named by its id, in the
//! system viewer.

use super::{as_secretariat, export_name, with_documents, with_results, with_store};
use crate::dialogs::{self, Start};
use crate::error::{CommandError, CommandResult};
use crate::state::Session;
use panelis_core::lang::Lang;
use panelis_core::paths::Export;
use panelis_core::results::{ResultOptions, DEFAULT_OUTLIER_POINTS};
use panelis_core::store::{Finalization, FinalizeRequest, ReopenRequest, ResultsView};
use panelis_report::issue::{self, CertificateInfo, DocumentCheck, IssueRequest, Issued};
use panelis_report::DocumentKind;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use uuid::Uuid;

fn options(outlier_points: Option<u32>, z_scores: Option<bool>) -> ResultOptions {
    ResultOptions {
        outlier_points: outlier_points.unwrap_or(DEFAULT_OUTLIER_POINTS),
        z_scores: z_scores.unwrap_or(false),
    }
}

#[tauri::command]
pub fn results_view(
    session: State<'_, Session>,
    outlier_points: Option<u32>,
    z_scores: Option<bool>,
) -> CommandResult<ResultsView> {
    with_results(&session, |s| {
        s.results_view(options(outlier_points, z_scores))
    })
}

#[tauri::command]
pub fn finalize_results(
    session: State<'_, Session>,
    health: State<'_, crate::backups::BackupHealth>,
    request: FinalizeRequest,
) -> CommandResult<Finalization> {
    let dirs = session.dirs().clone();
    let done = as_secretariat(&session, |s| {
        // The organizer's key signs a checkpoint of the audit log on the finalization; a
        // key that cannot be read does not stop the finalization.
        let identity = issue::organizer_identity(&dirs, s).ok();
        let signer = identity
            .as_ref()
            .map(|i| i as &dyn panelis_core::store::CheckpointSigner);
        panelis_core::backup::finalize_with_backup(s, &request, dirs.data(), signer)
    })?;
    // A failed backup is shown on the backup card; the finalization stands.
    *health.last_error.lock().unwrap_or_else(|e| e.into_inner()) =
        done.backup.err().map(CommandError::from);
    Ok(done.finalization)
}

#[tauri::command]
pub fn reopen_results(
    session: State<'_, Session>,
    request: ReopenRequest,
) -> CommandResult<Finalization> {
    as_secretariat(&session, |s| s.reopen(&request))
}

/// Issues a signed document at `path` (or where the user saves it); `None` when cancelled.
/// The first export makes the organizer's certificate.
#[tauri::command]
pub async fn export_document(
    app: AppHandle,
    session: State<'_, Session>,
    kind: DocumentKind,
    lang: Option<Lang>,
    path: Option<PathBuf>,
    outlier_points: Option<u32>,
    announce_scores: Option<bool>,
) -> CommandResult<Option<Issued>> {
    let lang = lang.unwrap_or_default();
    let name = with_store(&session, |s| {
        Ok(kind.file_name(&s.competition()?.name, lang))
    })?;
    let Some(out) =
        path.or_else(|| dialogs::save(&app, ("PDF", &["pdf"]), Start::Documents, &name))
    else {
        return Ok(None);
    };
    let mut request = IssueRequest::new(kind, out);
    request.lang = lang;
    request.outlier_points = outlier_points.unwrap_or(DEFAULT_OUTLIER_POINTS);
    request.announce_scores = announce_scores.unwrap_or(false);
    let dirs = session.dirs().clone();
    as_secretariat(&session, |s| issue::issue(&dirs, s, &request)).map(Some)
}

/// Writes the results as an .xlsx workbook at `path` (or where the user saves it).
#[tauri::command]
pub async fn export_results_xlsx(
    app: AppHandle,
    session: State<'_, Session>,
    lang: Option<Lang>,
    path: Option<PathBuf>,
    outlier_points: Option<u32>,
) -> CommandResult<Option<PathBuf>> {
    let lang = lang.unwrap_or_default();
    let name = export_name(&session, Export::Results, None, lang)?;
    let Some(out) =
        path.or_else(|| dialogs::save(&app, ("Excel", &["xlsx"]), Start::Documents, &name))
    else {
        return Ok(None);
    };
    let options = options(outlier_points, None);
    as_secretariat(&session, |s| {
        issue::write_results_xlsx(s, &out, options, lang)
    })
    .map(Some)
}

/// Opens an issued document's PDF in the system's PDF viewer, to print it from there. The
/// page names the document by its id in the register; the core gives its file (refusing an
/// unknown id, or a file gone or changed), so nothing but an issued PDF is ever opened.
#[tauri::command]
pub fn print_document(session: State<'_, Session>, document_id: Uuid) -> CommandResult<()> {
    let path = as_secretariat(&session, |s| s.issued_file(document_id))?;
    dialogs::open_in_viewer(path)
}

/// Checks a PDF (at `path`, or chosen in a dialog): signature, embedded data, and what this
/// competition file recorded about it. `None` when cancelled.
#[tauri::command]
pub async fn verify_document(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
) -> CommandResult<Option<DocumentCheck>> {
    let Some(pdf) = path.or_else(|| dialogs::open(&app, ("PDF", &["pdf"]), Start::Documents))
    else {
        return Ok(None);
    };
    let dirs = session.dirs().clone();
    with_documents(&session, |s| issue::check(&dirs, s, &pdf)).map(Some)
}

/// The organizer's certificate; `None` until the first export makes it.
#[tauri::command]
pub fn organizer_certificate(
    session: State<'_, Session>,
) -> CommandResult<Option<CertificateInfo>> {
    let dirs = session.dirs().clone();
    with_documents(&session, |s| issue::certificate(&dirs, s))
}

/// Writes the organizer's certificate (PEM) to `path`, or where the user chooses, to publish
/// it as the anchor readers check documents against; `None` when the user cancels.
#[tauri::command]
pub async fn export_certificate(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
) -> CommandResult<Option<(PathBuf, CertificateInfo)>> {
    let name = export_name(&session, Export::Certificate, None, Lang::Id)?;
    let path = path.or_else(|| dialogs::save(&app, ("PEM", &["pem"]), Start::Documents, &name));
    let Some(path) = path else { return Ok(None) };
    let dirs = session.dirs().clone();
    as_secretariat(&session, |s| issue::export_certificate(&dirs, s, &path))
        .map(|info| Some((path, info)))
}

/// Uses the organizer's own certificate from a .p12 file (at `path`, or chosen in a dialog).
#[tauri::command]
pub async fn import_certificate(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
    password: String,
) -> CommandResult<Option<CertificateInfo>> {
    let Some(p12) =
        path.or_else(|| dialogs::open(&app, ("PKCS#12", &["p12", "pfx"]), Start::Documents))
    else {
        return Ok(None);
    };
    let dirs = session.dirs().clone();
    as_secretariat(&session, |s| {
        issue::import_certificate(&dirs, s, &p12, &password)
    })
    .map(Some)
}

/// The organizer's logo as the screen shows it: kind, size and a preview.
#[derive(serde::Serialize)]
pub struct LogoView {
    pub media_type: String,
    pub size: usize,
    pub sha256: String,
    /// The image as a `data:` URL for an `<img>`.
    pub data_url: String,
}

impl LogoView {
    fn of(logo: panelis_core::store::OrganizerLogo) -> Self {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(&logo.bytes);
        LogoView {
            data_url: format!("data:{};base64,{data}", logo.media_type),
            media_type: logo.media_type,
            size: logo.size,
            sha256: logo.sha256,
        }
    }
}

/// The logo the minutes print in their letterhead, if one is set.
#[tauri::command]
pub fn organizer_logo(session: State<'_, Session>) -> CommandResult<Option<LogoView>> {
    with_store(&session, |s| s.organizer_logo()).map(|l| l.map(LogoView::of))
}

/// Sets the letterhead logo from a PNG or JPEG at `path` (or chosen in a dialog); `None`
/// when cancelled.
#[tauri::command]
pub async fn set_organizer_logo(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
) -> CommandResult<Option<LogoView>> {
    let Some(file) = path.or_else(|| {
        dialogs::open(
            &app,
            ("PNG, JPEG", &["png", "jpg", "jpeg"]),
            Start::Documents,
        )
    }) else {
        return Ok(None);
    };
    as_secretariat(&session, |s| issue::set_logo(s, &file)).map(|l| Some(LogoView::of(l)))
}

/// Removes the letterhead logo; whether there was one.
#[tauri::command]
pub fn clear_organizer_logo(session: State<'_, Session>) -> CommandResult<bool> {
    as_secretariat(&session, |s| s.clear_organizer_logo())
}

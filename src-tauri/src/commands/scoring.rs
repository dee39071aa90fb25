//! Scoring ("Penilaian"): the station's panelist, their sheet, autosave and signed submission,
//! the entry now presenting, the ballot file (export here, import at the secretariat), and the
//! secretariat's paper ballots (grid and CSV, the blank sheets to print and open in the PDF
//! viewer, and a scanned sheet's QR code read back into the grid's row).
//!
//! The panelist's own commands never take a panelist id from the page: they score as the
//! panelist this device is bound to (`ballot::station`), so the screen can only ever show
//! that panelist's ballots. The paper-ballot and import commands are the secretariat's: they
//! name the panelist they type for, and are refused on a device bound to a panelist.

use super::{as_secretariat, with_documents, with_store};
use crate::dialogs::{self, Start};
use crate::error::{CommandResult, Shell};
use crate::state::Session;
use panelis_core::ballot::grid::BallotGrid;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::paper::{self, PaperImport, ScannedSheet};
use panelis_core::ballot::station;
use panelis_core::ballot::transfer::{BallotFile, ImportReport};
use panelis_core::ballot::{BallotForm, DraftSaved, EntryProgress, ScoringSheet};
use panelis_core::lang::Lang;
use panelis_core::model::{Ballot, Panelist, Signer};
use panelis_core::paths::Export;
use panelis_core::role::Device;
use panelis_core::timer::LiveView;
use panelis_core::{time, Error, Store};
use panelis_report::blank_sheets::{write_blank_sheets, BlankSheetsRequest, BlankSheetsWritten};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use uuid::Uuid;

/// This device's role in the open competition ([`Device`]: the core's rule).
fn device(session: &Session, store: &Store) -> panelis_core::Result<Device> {
    Device::of(store, session.dirs())
}

/// Who this device scores for in the open competition; `None`: ask "Siapa Anda?".
#[tauri::command]
pub fn scoring_station(session: State<'_, Session>) -> CommandResult<Option<Panelist>> {
    let binding = session.dirs().device_binding();
    with_store(&session, |s| station::bound_panelist(s, &binding))
}

/// Binds this device to the panelist (their signing key is made here and registered).
#[tauri::command]
pub fn bind_station(session: State<'_, Session>, panelist_id: Uuid) -> CommandResult<Panelist> {
    let dirs = session.dirs();
    with_store(&session, |s| {
        station::bind_panelist(s, &Keystore::of(dirs), &dirs.device_binding(), panelist_id)
    })
}

/// Forgets who this device scores for (the screen asks again).
#[tauri::command]
pub fn unbind_station(session: State<'_, Session>) -> CommandResult<()> {
    let binding = session.dirs().device_binding();
    with_store(&session, |s| station::unbind(&binding, s.competition()?.id))
}

/// The station panelist's progress over every entry.
#[tauri::command]
pub fn scoring_progress(session: State<'_, Session>) -> CommandResult<Vec<EntryProgress>> {
    with_store(&session, |s| {
        s.ballot_progress(device(&session, s)?.scoring_panelist()?)
    })
}

/// The station panelist's sheet for one entry.
#[tauri::command]
pub fn scoring_sheet(session: State<'_, Session>, entry_id: Uuid) -> CommandResult<ScoringSheet> {
    with_store(&session, |s| {
        s.scoring_sheet(device(&session, s)?.scoring_panelist()?, entry_id)
    })
}

/// Autosave: written and committed before this returns.
#[tauri::command]
pub fn save_ballot_draft(
    session: State<'_, Session>,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<DraftSaved> {
    with_store(&session, |s| {
        s.save_draft(device(&session, s)?.scoring_panelist()?, entry_id, &form)
    })
}

/// "Kirim": signs and freezes a new revision with this device's key for the panelist.
#[tauri::command]
pub fn submit_ballot(
    session: State<'_, Session>,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<Ballot> {
    with_store(&session, |s| {
        let panelist = device(&session, s)?.scoring_panelist()?;
        let key =
            s.ensure_signing_key(&Keystore::of(session.dirs()), Signer::Panelist, panelist)?;
        s.submit_ballot(panelist, entry_id, &form, &key)
    })
}

/// The entry presenting now (called and not finished; the room called most recently) and
/// its phase timer; `None` when nothing is presenting.
#[tauri::command]
pub fn scoring_now_presenting(session: State<'_, Session>) -> CommandResult<Option<LiveView>> {
    with_store(&session, |s| s.presenting_now(time::now()))
}

/// A ballot export as the screen reports it.
#[derive(Serialize)]
pub struct ExportDone {
    path: PathBuf,
    ballots: usize,
    /// Revisions left out because they failed verification: entry, revision, why.
    failed: Vec<(Uuid, u32, String)>,
    /// The fingerprints of the keys the file announces, for the secretariat to compare.
    key_fingerprints: Vec<String>,
}

/// Writes the station panelist's submitted ballots to `path`, or to a file the user picks
/// (save dialog); `None` when they cancel.
#[tauri::command]
pub async fn export_station_ballots(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
) -> CommandResult<Option<ExportDone>> {
    let (export, name) = with_store(&session, |s| {
        let panelist = device(&session, s)?.scoring_panelist()?;
        let name = s.panelists()?.into_iter().find(|p| p.id == panelist);
        Ok((s.export_ballots(panelist)?, name.map(|p| p.name)))
    })?;
    let suggested = super::export_name(&session, Export::Ballots, name.as_deref(), Lang::Id)?;
    let path = path.or_else(|| {
        dialogs::save(
            &app,
            ("Panelis ballots", &["json"]),
            Start::Documents,
            &suggested,
        )
    });
    let Some(path) = path else {
        return Ok(None);
    };
    export.file.write(&path)?;
    Ok(Some(ExportDone {
        path,
        key_fingerprints: export.file.key_fingerprints(),
        ballots: export.file.ballots.len(),
        failed: export
            .failed
            .into_iter()
            .map(|(b, why)| (b.entry_id, b.revision, why))
            .collect(),
    }))
}

/// What importing a ballot file did, and which file, so the page can import it again once
/// the secretariat confirmed a key the report lists.
#[derive(serde::Serialize)]
pub struct BallotFileImport {
    pub file: PathBuf,
    #[serde(flatten)]
    pub report: ImportReport,
}

/// The secretariat imports a ballot file (`path`, or picked in an open dialog), verified,
/// idempotent; `accept_keys` are key fingerprints the secretariat confirmed on screen.
/// `None` when the user cancels.
#[tauri::command]
pub async fn import_ballot_file(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
    accept_keys: Option<Vec<String>>,
) -> CommandResult<Option<BallotFileImport>> {
    let path =
        path.or_else(|| dialogs::open(&app, ("Panelis ballots", &["json"]), Start::Documents));
    let Some(path) = path else {
        return Ok(None);
    };
    let accept = accept_keys.unwrap_or_default();
    as_secretariat(&session, |s| {
        s.import_ballots(&BallotFile::read(&path)?, &accept)
    })
    .map(|report| Some(BallotFileImport { file: path, report }))
}

/// One panelist's ballots over every entry, for the paper-ballot grid.
#[tauri::command]
pub fn paper_grid(session: State<'_, Session>, panelist_id: Uuid) -> CommandResult<BallotGrid> {
    as_secretariat(&session, |s| s.ballot_grid(panelist_id))
}

/// Autosave of one row of the paper-ballot grid.
#[tauri::command]
pub fn save_paper_draft(
    session: State<'_, Session>,
    panelist_id: Uuid,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<DraftSaved> {
    as_secretariat(&session, |s| {
        s.save_paper_draft(panelist_id, entry_id, &form)
    })
}

/// Submits one row of the paper-ballot grid, signed with the secretariat's key for the
/// panelist.
#[tauri::command]
pub fn submit_paper_ballot(
    session: State<'_, Session>,
    panelist_id: Uuid,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<Ballot> {
    as_secretariat(&session, |s| {
        let key = s.ensure_signing_key(
            &Keystore::of(session.dirs()),
            Signer::Secretariat,
            panelist_id,
        )?;
        s.submit_paper_ballot(panelist_id, entry_id, &form, &key)
    })
}

/// Imports a paper scores CSV (`path`, or picked in an open dialog): all or nothing, every
/// problem with its line; `None` when the user cancels.
#[tauri::command]
pub async fn import_paper_scores(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
) -> CommandResult<Option<PaperImport>> {
    let path = path.or_else(|| dialogs::open(&app, ("CSV", &["csv", "txt"]), Start::Documents));
    let Some(path) = path else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    as_secretariat(&session, |s| {
        s.import_paper_scores(&text, &Keystore::of(session.dirs()))
    })
    .map(Some)
}

/// Writes blank paper score sheets for the panelist (every panelist when `None`) at `path`,
/// or where the user saves them; `None` when they cancel. A form: not signed, not recorded.
#[tauri::command]
pub async fn export_blank_sheets(
    app: AppHandle,
    session: State<'_, Session>,
    panelist_id: Option<Uuid>,
    lang: Option<Lang>,
    path: Option<PathBuf>,
) -> CommandResult<Option<BlankSheetsWritten>> {
    let lang = lang.unwrap_or_default();
    let name = as_secretariat(&session, |s| {
        Ok::<_, panelis_core::Error>(
            s.panelists()?
                .into_iter()
                .find(|p| Some(p.id) == panelist_id)
                .map(|p| p.name),
        )
    })?;
    let suggested = super::export_name(&session, Export::BlankSheets, name.as_deref(), lang)?;
    let Some(out) =
        path.or_else(|| dialogs::save(&app, ("PDF", &["pdf"]), Start::Documents, &suggested))
    else {
        return Ok(None);
    };
    let request = BlankSheetsRequest {
        panelist: panelist_id,
        lang,
        out,
    };
    let written = with_documents(&session, |s| write_blank_sheets(s, &request))?;
    session.remember_blank_sheets(written.path.clone());
    Ok(Some(written))
}

/// Opens the blank sheets written last (by [`export_blank_sheets`]) in the system's PDF
/// viewer, to print them; the page names no path, so nothing else can be opened this way.
#[tauri::command]
pub fn open_blank_sheets(session: State<'_, Session>) -> CommandResult<()> {
    let Some(path) = session.blank_sheets() else {
        return Err(Shell::NoBlankSheets.into());
    };
    if !path.is_file() {
        return Err(Error::Io {
            path,
            reason: "the file is no longer there; write the blank sheets again".into(),
        }
        .into());
    }
    dialogs::open_in_viewer(path)
}

/// What a scanned sheet's QR code (typed by a USB scanner) points at: the panelist and the
/// entry whose row the grid opens. Refused with code `invalid` for anything but a sheet's
/// code, `not_found` for a sheet of another competition.
#[tauri::command]
pub fn scan_paper_sheet(session: State<'_, Session>, code: String) -> CommandResult<ScannedSheet> {
    as_secretariat(&session, |s| paper::scanned_sheet(s, &code))
}

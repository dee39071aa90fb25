//! Competition files: the overview, open, new, recent.

use super::{as_secretariat, with_store};
use crate::dialogs::{self, Start};
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::model::{NewCompetition, Overview};
use panelis_core::store::OverviewScreen;
use panelis_core::{launch, paths, recent};
use std::path::PathBuf;
use tauri::{AppHandle, State};

const COMPETITION_FILES: dialogs::Filter<'static> = ("Panelis", &[paths::FILE_EXTENSION]);

#[tauri::command]
pub fn overview(session: State<'_, Session>) -> CommandResult<Overview> {
    with_store(&session, |s| s.overview())
}

/// The overview with where the day stands and the next thing to do (the core's rule).
#[tauri::command]
pub fn overview_screen(session: State<'_, Session>) -> CommandResult<OverviewScreen> {
    with_store(&session, |s| s.overview_screen())
}

/// Changes the competition's name, organizer, venue, year and dates (audited); the
/// overview as it now stands.
#[tauri::command]
pub fn update_competition(
    session: State<'_, Session>,
    details: NewCompetition,
) -> CommandResult<Overview> {
    as_secretariat(&session, |s| s.update_competition(&details))?;
    with_store(&session, |s| s.overview())
}

#[tauri::command]
pub fn recent_competitions(session: State<'_, Session>) -> Vec<PathBuf> {
    recent::load(&session.dirs().recent_list())
}

#[tauri::command]
pub fn open_competition(
    app: AppHandle,
    session: State<'_, Session>,
    path: PathBuf,
) -> CommandResult<Overview> {
    let store = launch::open(session.dirs(), &path)?;
    session.switch_to(&app, store)
}

/// Shows the OS file dialog and opens the chosen file; `None` when the user cancels.
#[tauri::command]
pub async fn choose_competition(
    app: AppHandle,
    session: State<'_, Session>,
) -> CommandResult<Option<Overview>> {
    match dialogs::open(&app, COMPETITION_FILES, Start::Data) {
        Some(path) => open_competition(app, session, path).map(Some),
        None => Ok(None),
    }
}

/// Creates a competition: at `path`, or where the user chooses in a save dialog.
#[tauri::command]
pub async fn new_competition(
    app: AppHandle,
    session: State<'_, Session>,
    details: NewCompetition,
    path: Option<PathBuf>,
) -> CommandResult<Option<Overview>> {
    let name = paths::file_name_for(&details.name);
    let path = path.or_else(|| dialogs::save(&app, COMPETITION_FILES, Start::Data, &name));
    let Some(path) = path else { return Ok(None) };
    let store = launch::create(session.dirs(), &path, &details)?;
    session.switch_to(&app, store).map(Some)
}

/// Whether the open competition file is still there and still the one opened: the page asks
/// every few seconds and raises the blocking alarm when it is not.
#[tauri::command]
pub fn file_status(session: State<'_, Session>) -> CommandResult<()> {
    with_store(&session, |s| s.check_file())
}

/// The file is gone: saves what memory holds to a new file (at `path`, or where the user
/// chooses in a save dialog) and opens it; `None` when the user cancels.
#[tauri::command]
pub async fn save_copy_from_memory(
    app: AppHandle,
    session: State<'_, Session>,
    path: Option<PathBuf>,
) -> CommandResult<Option<Overview>> {
    let suggested = with_store(&session, |s| {
        Ok(s.path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("panelis.{}", paths::FILE_EXTENSION)))
    })?;
    let path = path.or_else(|| dialogs::save(&app, COMPETITION_FILES, Start::Data, &suggested));
    let Some(path) = path else { return Ok(None) };
    let dirs = session.dirs().clone();
    let store = with_store(&session, |s| launch::save_copy_from_memory(&dirs, s, &path))?;
    session.switch_to(&app, store).map(Some)
}

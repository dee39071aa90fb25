//! Competition files: the overview, open, new, recent.

use super::with_store;
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::model::{NewCompetition, Overview};
use panelis_core::{launch, paths, recent};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub fn overview(session: State<'_, Session>) -> CommandResult<Overview> {
    with_store(&session, |s| s.overview())
}

#[tauri::command]
pub fn recent_competitions() -> Vec<PathBuf> {
    recent::load(&paths::recent_list())
}

#[tauri::command]
pub fn open_competition(
    app: AppHandle,
    session: State<'_, Session>,
    path: PathBuf,
) -> CommandResult<Overview> {
    let store = launch::open(&path)?;
    let overview = store.overview()?;
    // A host never serves a file the app no longer shows.
    crate::lan_host::stop_before_switch(&app);
    *session.store() = Some(store);
    Ok(overview)
}

/// Shows the OS file dialog and opens the chosen file; `None` when the user cancels.
#[tauri::command]
pub async fn choose_competition(
    app: AppHandle,
    session: State<'_, Session>,
) -> CommandResult<Option<Overview>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("Panelis", &[paths::FILE_EXTENSION])
        .set_directory(paths::data_dir())
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
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
    let path = match path {
        Some(p) => Some(p),
        None => app
            .dialog()
            .file()
            .add_filter("Panelis", &[paths::FILE_EXTENSION])
            .set_directory(paths::data_dir())
            .set_file_name(paths::file_name_for(&details.name))
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = path else { return Ok(None) };
    let store = launch::create(&path, &details)?;
    let overview = store.overview()?;
    crate::lan_host::stop_before_switch(&app);
    *session.store() = Some(store);
    Ok(Some(overview))
}

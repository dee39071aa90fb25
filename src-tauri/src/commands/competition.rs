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
    let path = path.or_else(|| save_dialog(&app, paths::file_name_for(&details.name)));
    let Some(path) = path else { return Ok(None) };
    let store = launch::create(&path, &details)?;
    let overview = store.overview()?;
    crate::lan_host::stop_before_switch(&app);
    *session.store() = Some(store);
    Ok(Some(overview))
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
    let path = path.or_else(|| save_dialog(&app, suggested));
    let Some(path) = path else { return Ok(None) };
    let store = with_store(&session, |s| launch::save_copy_from_memory(s, &path))?;
    let overview = store.overview()?;
    crate::lan_host::stop_before_switch(&app);
    *session.store() = Some(store);
    Ok(Some(overview))
}

/// The OS save dialog for a competition file named `name`, in the data folder; `None` when
/// the user cancels.
fn save_dialog(app: &AppHandle, name: String) -> Option<PathBuf> {
    app.dialog()
        .file()
        .add_filter("Panelis", &[paths::FILE_EXTENSION])
        .set_directory(paths::data_dir())
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

//! Backups from the app: where they go, taking one now, listing and restoring.

use super::with_store;
use crate::backups::BackupHealth;
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::backup::{self, Backup, Reason, Settings};
use panelis_core::model::Overview;
use panelis_core::{launch, paths};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[derive(Serialize)]
pub struct BackupStatus {
    settings: Settings,
    folder: PathBuf,
    backups: Vec<Backup>,
    last_error: Option<String>,
}

#[tauri::command]
pub fn backup_status(
    session: State<'_, Session>,
    health: State<'_, BackupHealth>,
) -> CommandResult<BackupStatus> {
    let settings = Settings::load(&paths::data_dir());
    let folder = settings.folder();
    let backups = with_store(&session, |s| Ok(backup::list(&folder, s.path())))?;
    let last_error = health
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    Ok(BackupStatus {
        settings,
        folder,
        backups,
        last_error,
    })
}

#[tauri::command]
pub fn set_backup_settings(settings: Settings) -> CommandResult<()> {
    Ok(settings.save(&paths::data_dir())?)
}

/// The OS folder dialog; `None` when cancelled.
#[tauri::command]
pub async fn choose_backup_folder(app: AppHandle) -> Option<PathBuf> {
    app.dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}

#[tauri::command]
pub fn backup_now(session: State<'_, Session>) -> CommandResult<Backup> {
    let settings = Settings::load(&paths::data_dir());
    with_store(&session, |s| {
        backup::take(s, &settings.folder(), settings.keep, Reason::Manual)
    })
}

/// Restores `path` as a new file in the data folder and opens it.
#[tauri::command]
pub fn restore_backup(
    app: AppHandle,
    session: State<'_, Session>,
    path: PathBuf,
) -> CommandResult<Overview> {
    let restored = backup::restore(&path, &paths::data_dir())?;
    let store = launch::open(restored.path())?;
    drop(restored);
    let overview = store.overview()?;
    // A host never serves a file the app no longer shows.
    crate::lan_host::stop_before_switch(&app);
    *session.store() = Some(store);
    Ok(overview)
}

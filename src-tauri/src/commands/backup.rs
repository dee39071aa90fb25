//! Backups from the app: where they go, taking one now, listing and restoring.

use super::with_store;
use crate::backups::BackupHealth;
use crate::error::{CommandError, CommandResult};
use crate::state::Session;
use panelis_core::backup::{self, Backup, Reason, Settings};
use panelis_core::launch;
use panelis_core::model::Overview;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};

#[derive(Serialize)]
pub struct BackupStatus {
    settings: Settings,
    folder: PathBuf,
    backups: Vec<Backup>,
    last_error: Option<CommandError>,
}

#[tauri::command]
pub fn backup_status(
    session: State<'_, Session>,
    health: State<'_, BackupHealth>,
) -> CommandResult<BackupStatus> {
    status(&session, &health)
}

/// The backup card's status of the open competition: its settings, folder, backups and the
/// last failure. Read by the card, and by the start-up call for the first screen's card.
pub(crate) fn status(session: &Session, health: &BackupHealth) -> CommandResult<BackupStatus> {
    let data = session.dirs().data();
    let settings = Settings::load(data);
    let folder = settings.folder_in(data);
    let backups = with_store(session, |s| Ok(backup::list(&folder, s.path())))?;
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
pub fn set_backup_settings(session: State<'_, Session>, settings: Settings) -> CommandResult<()> {
    Ok(settings.save(session.dirs().data())?)
}

/// The OS folder dialog; `None` when cancelled.
#[tauri::command]
pub async fn choose_backup_folder(app: AppHandle) -> Option<PathBuf> {
    crate::dialogs::folder(&app)
}

#[tauri::command]
pub fn backup_now(session: State<'_, Session>) -> CommandResult<Backup> {
    let data = session.dirs().data().to_owned();
    let settings = Settings::load(&data);
    with_store(&session, |s| {
        backup::take(s, &settings.folder_in(&data), settings.keep, Reason::Manual)
    })
}

/// Restores `path` as a new file in the data folder and opens it.
#[tauri::command]
pub fn restore_backup(
    app: AppHandle,
    session: State<'_, Session>,
    path: PathBuf,
) -> CommandResult<Overview> {
    let restored = backup::restore(&path, session.dirs().data())?;
    let store = launch::open(session.dirs(), restored.path())?;
    drop(restored);
    session.switch_to(&app, store)
}

//! The app's managed state: Panelis' folders (made once here, at launch), the open
//! competition file, if any, why the last one could not be opened (shown to the user
//! instead of a crash), and the blank score sheets written last (the one form, not an issued
//! document, that the app opens for printing).

use crate::error::{CommandError, CommandResult};
use panelis_core::model::Overview;
use panelis_core::paths::AppDirs;
use panelis_core::{launch, Store};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tauri::AppHandle;

/// The competition the app has open.
pub struct Session {
    dirs: AppDirs,
    store: Mutex<Option<Store>>,
    launch_problem: Mutex<Option<CommandError>>,
    blank_sheets: Mutex<Option<PathBuf>>,
}

impl Session {
    /// Opens what the user had open last, or the demo competition on first run; with
    /// `--demo` on the command line, the demo competition. The one place the app looks its
    /// data folder up ($PANELIS_DATA_DIR, else the OS's).
    pub fn open_at_launch() -> Self {
        let dirs = AppDirs::from_env();
        let opened = if std::env::args().any(|a| a == "--demo") {
            launch::open_demo_at_launch(&dirs)
        } else {
            launch::open_last_or_demo(&dirs)
        };
        Session {
            dirs,
            store: Mutex::new(opened.store),
            launch_problem: Mutex::new(opened.problem.map(CommandError::from)),
            blank_sheets: Mutex::new(None),
        }
    }

    /// Panelis' own folders: keys, certificates, the recent list, the station.
    pub fn dirs(&self) -> &AppDirs {
        &self.dirs
    }

    /// The open store; a poisoned lock (a panic elsewhere) still yields the data.
    pub fn store(&self) -> MutexGuard<'_, Option<Store>> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Shows `store` from now on (opened, created, restored or saved from memory): the one
    /// way the app switches files. Hosting stops first, so a host never serves a file the
    /// app no longer shows.
    pub fn switch_to(&self, app: &AppHandle, store: Store) -> CommandResult<Overview> {
        let overview = store.overview()?;
        crate::lan_host::stop_before_switch(app);
        *self.store() = Some(store);
        Ok(overview)
    }

    /// Takes the message about a file that could not be opened at launch, once.
    pub fn take_launch_problem(&self) -> Option<CommandError> {
        self.launch_problem
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Notes the blank sheets just written, so that they (and no other path) can be opened.
    pub fn remember_blank_sheets(&self, path: PathBuf) {
        *self.blank_sheets.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    }

    /// The blank sheets written last in this session, if any.
    pub fn blank_sheets(&self) -> Option<PathBuf> {
        self.blank_sheets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

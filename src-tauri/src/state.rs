//! The app's managed state: the open competition file, if any, why the last one could not
//! be opened (shown to the user instead of a crash), and the blank score sheets written last
//! (the one form, not an issued document, that the app opens for printing).

use crate::error::CommandError;
use panelis_core::{launch, paths, Store};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// The competition the app has open.
pub struct Session {
    store: Mutex<Option<Store>>,
    launch_problem: Mutex<Option<CommandError>>,
    blank_sheets: Mutex<Option<PathBuf>>,
}

impl Session {
    /// Opens what the user had open last, or the demo competition on first run; with
    /// `--demo` on the command line, the demo competition.
    pub fn open_at_launch() -> Self {
        let data_dir = paths::data_dir();
        let opened = if std::env::args().any(|a| a == "--demo") {
            launch::open_demo_at_launch(&data_dir)
        } else {
            launch::open_last_or_demo(&data_dir)
        };
        Session {
            store: Mutex::new(opened.store),
            launch_problem: Mutex::new(opened.problem.map(CommandError::from)),
            blank_sheets: Mutex::new(None),
        }
    }

    /// The open store; a poisoned lock (a panic elsewhere) still yields the data.
    pub fn store(&self) -> MutexGuard<'_, Option<Store>> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
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

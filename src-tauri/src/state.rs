//! The app's managed state: the open competition file, if any, and why the last one could
//! not be opened (shown to the user instead of a crash).

use crate::error::CommandError;
use panelis_core::{launch, paths, Store};
use std::sync::{Mutex, MutexGuard};

/// The competition the app has open.
pub struct Session {
    store: Mutex<Option<Store>>,
    launch_problem: Mutex<Option<CommandError>>,
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
}

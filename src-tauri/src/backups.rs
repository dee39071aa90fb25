//! The app's automatic backups: a background thread that every half minute asks the core
//! whether a backup of the open competition is due (interval passed and something changed)
//! and takes it. A failing backup (USB stick pulled) is kept to be shown, never a crash.

use crate::error::CommandError;
use crate::state::Session;
use panelis_core::backup::{AutoBackup, Settings};
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// How often the thread looks; backups themselves follow the user's interval.
const LOOK_EVERY: Duration = Duration::from_secs(30);

/// The last failed backup (automatic, or the one taken at finalization), for the backup card
/// to show: coded and worded in both languages like any other error, so the card says it in
/// the UI's language.
#[derive(Default)]
pub struct BackupHealth {
    pub last_error: Mutex<Option<CommandError>>,
}

/// Starts the background thread; it ends with the process.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || {
        let mut auto = AutoBackup::default();
        loop {
            std::thread::sleep(LOOK_EVERY);
            let session = app.state::<Session>();
            let data_dir = session.dirs().data().to_owned();
            let settings = Settings::load(&data_dir);
            let guard = session.store();
            let Some(store) = guard.as_ref() else {
                continue;
            };
            let outcome = auto.tick(store, &settings, &data_dir, panelis_core::time::now());
            drop(guard);
            let health = app.state::<BackupHealth>();
            let mut last_error = health.last_error.lock().unwrap_or_else(|e| e.into_inner());
            match outcome {
                Ok(_) => *last_error = None,
                Err(e) => *last_error = Some(CommandError::from(e)),
            }
        }
    });
}

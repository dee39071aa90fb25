//! The panelist's station inside the app (issue 9): the managed [`StationState`] holding the
//! open `panelis_lan::Station`, if this laptop is one. A laptop that joined a host before
//! keeps its station folder (`station/` in the data folder, with `station.sqlite`): the app
//! then opens it at launch and starts in station mode, where it goes on sending whatever
//! waits, without a click. Every `StationEvent` goes to the page as the tauri event
//! [`EVENT`], so badges and the link state change live.

use crate::error::CommandError;
use crate::state::Session;
use panelis_core::ballot::keystore::Keystore;
use panelis_lan::station::{Station, StationConfig, FILE};
use std::sync::{Mutex, MutexGuard};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::error::RecvError;

/// The tauri event carrying each `StationEvent` (or `{"kind": "lagged"}` when some were
/// missed: the page reloads everything).
pub const EVENT: &str = "station-event";

/// The station this laptop runs, if it is one.
#[derive(Default)]
pub struct StationState {
    station: Mutex<Option<Station>>,
    /// Why the station folder could not be opened at launch (said on the join screen).
    launch_problem: Mutex<Option<CommandError>>,
}

/// How the app runs its station: `station/` in the data folder, the app's keystore,
/// default timings.
pub fn config(session: &Session) -> StationConfig {
    let dirs = session.dirs();
    StationConfig::new(dirs.station(), Keystore::of(dirs))
}

impl StationState {
    /// The open station, if any; a poisoned lock still yields it.
    pub fn lock(&self) -> MutexGuard<'_, Option<Station>> {
        self.station.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the launch problem, once.
    pub fn take_launch_problem(&self) -> Option<CommandError> {
        self.launch_problem
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

/// At launch: reopens the station if this laptop joined a host before. Runs inside the
/// app's tokio runtime, where the station's sending and following tasks live.
pub fn open_at_launch(app: &AppHandle) {
    let config = config(&app.state::<Session>());
    if !config.dir.join(FILE).is_file() {
        return;
    }
    let state = app.state::<StationState>();
    let opened = tauri::async_runtime::block_on(async { Station::open(config) });
    match opened {
        Ok(station) => {
            // Data set aside as it was read back is said, as a problem at launch would be.
            if let Some(refusal) = station.take_set_aside() {
                *state
                    .launch_problem
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = Some(CommandError::from(refusal));
            }
            forward_events(app, &station);
            *state.lock() = Some(station);
        }
        // A folder left by a join that failed half-way is not a station: no mode to enter.
        Err(panelis_lan::LanError::NotJoined(_)) => {}
        Err(e) => {
            *state
                .launch_problem
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = Some(CommandError::from(e));
        }
    }
}

/// Sends the station's events to the page until the station closes.
pub fn forward_events(app: &AppHandle, station: &Station) {
    let mut events = station.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let _ = app.emit(EVENT, &event);
                }
                Err(RecvError::Lagged(_)) => {
                    let _ = app.emit(EVENT, serde_json::json!({ "kind": "lagged" }));
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

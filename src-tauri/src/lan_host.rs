//! The secretariat's host on the venue LAN, run from inside the app: the running
//! `panelis_lan::Host` of the open competition (at most one), the task that forwards its
//! events to the page, and this session's `panelis_lan::host::screen::Record` (what came
//! back from stations since hosting started, what the secretariat checks after opening a
//! backup on a replacement laptop, and the recent refusals), kept up to date from the
//! host's events. Hosting stops when another competition is opened and when the app quits,
//! so a host never serves a file the app no longer shows.

use panelis_lan::host::screen::Record;
use panelis_lan::host::{Host, HostEvent};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Emitter, Manager, RunEvent};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::RwLock;

/// Every host event, forwarded to the page as it happens (the payload is the event, tagged
/// by `kind`; `{"kind": "lagged"}` when some were missed: the page reloads everything).
pub const HOST_EVENT: &str = "venue-host-event";

/// Sent when a station's ballot was stored in the open competition, so that screens
/// showing ballots (Hasil & Dokumen) reload.
pub const BALLOTS_CHANGED: &str = "ballots-changed";

/// The app's hosting state, managed by tauri.
#[derive(Default)]
pub struct Hosting {
    running: RwLock<Option<Running>>,
    record: Arc<Mutex<Record>>,
}

/// A host that is serving, with what the screen needs beside it.
pub struct Running {
    pub host: Host,
    /// The address asked for (e.g. `0.0.0.0:7443`).
    pub bind: SocketAddr,
    forwarder: JoinHandle<()>,
}

impl Hosting {
    /// The running host, for reading (held across awaits by the commands; stopping waits).
    pub async fn running(&self) -> tokio::sync::RwLockReadGuard<'_, Option<Running>> {
        self.running.read().await
    }

    /// The record of this hosting session.
    pub fn record(&self) -> MutexGuard<'_, Record> {
        self.record.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts hosting with `host` (already listening): a fresh record and the forwarder.
    pub async fn begin(&self, app: &AppHandle, host: Host, bind: SocketAddr) {
        *self.record() = Record::starting_now();
        let events = host.subscribe();
        let forwarder =
            tauri::async_runtime::spawn(forward(app.clone(), events, self.record.clone()));
        *self.running.write().await = Some(Running {
            host,
            bind,
            forwarder,
        });
    }

    /// Stops the host if one runs; the record stays. True when one was running.
    pub async fn stop(&self) -> bool {
        let Some(running) = self.running.write().await.take() else {
            return false;
        };
        running.host.stop().await;
        running.forwarder.abort();
        self.record().invites.clear();
        true
    }

    /// Stops hosting and forgets the record: another competition is about to be opened.
    pub async fn stop_and_forget(&self) {
        self.stop().await;
        *self.record() = Record::default();
    }
}

/// Forwards the host's events to the page and keeps the record, until the host stops.
async fn forward(
    app: AppHandle,
    mut events: tokio::sync::broadcast::Receiver<HostEvent>,
    record: Arc<Mutex<Record>>,
) {
    loop {
        match events.recv().await {
            Ok(HostEvent::LiveChanged { .. }) => {} // the live screens follow the timer
            Ok(event) => {
                record
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .note(&event);
                let _ = app.emit(HOST_EVENT, &event);
                if let HostEvent::BallotStored { entry_id, .. } = &event {
                    let _ = app.emit(BALLOTS_CHANGED, entry_id);
                }
            }
            Err(RecvError::Lagged(_)) => {
                // Missed events leave the record short of ballots: the matrix (read from the
                // file) stays right; the page reloads it.
                let _ = app.emit(HOST_EVENT, serde_json::json!({ "kind": "lagged" }));
            }
            Err(RecvError::Closed) => break,
        }
    }
}

/// Tells a running host that the competition file changed (a timer or call command), so
/// stations get the live state now. Does nothing when not hosting or while stopping.
pub fn notify_changed(app: &AppHandle) {
    let Some(hosting) = app.try_state::<Hosting>() else {
        return;
    };
    if let Ok(running) = hosting.running.try_read() {
        if let Some(r) = running.as_ref() {
            r.host.notify_changed();
        }
    };
}

/// Stops hosting before another competition is opened (called by the commands that open,
/// create or restore a file, from sync or async commands alike).
pub fn stop_before_switch(app: &AppHandle) {
    if let Some(hosting) = app.try_state::<Hosting>() {
        block_here(hosting.stop_and_forget());
    }
}

/// For `App::run`: stops hosting cleanly when the app exits (connections closed, the mDNS
/// advert withdrawn).
pub fn on_run_event(app: &AppHandle, event: RunEvent) {
    if let RunEvent::Exit = event {
        if let Some(hosting) = app.try_state::<Hosting>() {
            block_here(hosting.stop());
        }
    }
}

/// Runs a future to its end on the app's runtime from synchronous code, whether or not this
/// thread is one of the runtime's workers (an async command calling a sync one).
fn block_here<F: Future>(future: F) -> F::Output {
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::task::block_in_place(|| tauri::async_runtime::block_on(future))
    } else {
        tauri::async_runtime::block_on(future)
    }
}

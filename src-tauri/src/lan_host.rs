//! The secretariat's host on the venue LAN, run from inside the app: the running
//! `panelis_lan::Host` of the open competition (at most one), the task that forwards its
//! events to the page, the record of what came back from stations since hosting started
//! (what the secretariat checks after opening a backup on a replacement laptop), and the
//! recent refusals. Hosting stops when another competition is opened and when the app quits,
//! so a host never serves a file the app no longer shows.

use crate::error::CommandError;
use panelis_lan::host::{Host, HostEvent, JoinInvite};
use panelis_lan::LanError;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Emitter, Manager, RunEvent};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::RwLock;
use uuid::Uuid;

/// Every host event, forwarded to the page as it happens (the payload is the event, tagged
/// by `kind`; `{"kind": "lagged"}` when some were missed: the page reloads everything).
pub const HOST_EVENT: &str = "venue-host-event";

/// Sent when a station's ballot was stored in the open competition, so that screens
/// showing ballots (Hasil & Dokumen) reload.
pub const BALLOTS_CHANGED: &str = "ballots-changed";

/// How many refusals the screen keeps.
const REFUSALS_KEPT: usize = 50;

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

/// What happened since hosting started; kept after hosting stops (until it starts again or
/// another competition is opened) so the secretariat can still read it.
#[derive(Default)]
pub struct Record {
    /// When hosting started (RFC 3339, UTC).
    pub since: Option<String>,
    /// Ballots received, by (panelist, entry, revision): true when new to this file.
    pub ballots: BTreeMap<(Uuid, Uuid, u32), bool>,
    /// Refused requests, newest first.
    pub refusals: VecDeque<Refusal>,
    /// The join codes issued and not yet used, by panelist.
    pub invites: HashMap<Uuid, JoinInvite>,
}

/// A refused request, for the screen's log.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub at: String,
    pub code: String,
    pub message: String,
    pub path: String,
    pub peer: Option<String>,
    pub panelist_id: Option<Uuid>,
}

impl Record {
    fn note(&mut self, event: &HostEvent) {
        match event {
            HostEvent::BallotStored {
                panelist_id,
                entry_id,
                revision,
            } => {
                self.ballots
                    .insert((*panelist_id, *entry_id, *revision), true);
            }
            HostEvent::BallotRepeated {
                panelist_id,
                entry_id,
                revision,
            } => {
                // Stored earlier in this session stays "new": it came back once.
                self.ballots
                    .entry((*panelist_id, *entry_id, *revision))
                    .or_insert(false);
            }
            HostEvent::Rejected {
                code,
                message,
                path,
                peer,
                panelist_id,
            } => {
                self.refusals.push_front(Refusal {
                    at: panelis_core::time::now().to_rfc3339(),
                    code: code.as_str().to_string(),
                    message: message.clone(),
                    path: path.clone(),
                    peer: peer.clone(),
                    panelist_id: *panelist_id,
                });
                self.refusals.truncate(REFUSALS_KEPT);
            }
            // A spent code is of no more use; a revoked panelist's code was withdrawn.
            HostEvent::StationJoined { panelist_id, .. }
            | HostEvent::StationRevoked { panelist_id } => {
                self.invites.remove(panelist_id);
            }
            _ => {}
        }
    }
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
        {
            let mut record = self.record();
            *record = Record::default();
            record.since = Some(panelis_core::time::now().to_rfc3339());
        }
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

/// A LAN error as the page receives it: its stable code and the plain message.
pub fn lan_error(e: LanError) -> CommandError {
    CommandError {
        code: e.code(),
        message: e.to_string(),
        problems: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use panelis_lan::RejectCode;

    #[test]
    fn the_record_counts_each_ballot_once_and_keeps_new_ones_new() {
        let (p, e) = (Uuid::new_v4(), Uuid::new_v4());
        let mut record = Record::default();
        let stored = HostEvent::BallotStored {
            panelist_id: p,
            entry_id: e,
            revision: 1,
        };
        let repeated = HostEvent::BallotRepeated {
            panelist_id: p,
            entry_id: e,
            revision: 1,
        };
        record.note(&stored);
        record.note(&repeated);
        record.note(&HostEvent::BallotRepeated {
            panelist_id: p,
            entry_id: e,
            revision: 2,
        });
        assert_eq!(record.ballots.len(), 2);
        assert_eq!(record.ballots.get(&(p, e, 1)), Some(&true));
        assert_eq!(record.ballots.get(&(p, e, 2)), Some(&false));
    }

    #[test]
    fn refusals_are_kept_newest_first_and_bounded() {
        let mut record = Record::default();
        for i in 0..(REFUSALS_KEPT + 5) {
            record.note(&HostEvent::Rejected {
                code: RejectCode::BadToken,
                message: format!("refusal {i}"),
                path: "/ballots".into(),
                peer: Some("10.0.0.9:5000".into()),
                panelist_id: None,
            });
        }
        assert_eq!(record.refusals.len(), REFUSALS_KEPT);
        assert_eq!(
            record.refusals[0].message,
            format!("refusal {}", REFUSALS_KEPT + 4)
        );
        assert_eq!(record.refusals[0].code, "bad_token");
    }
}

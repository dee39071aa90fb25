//! The live state the host pushes: each room's slot presenting now with its timer history
//! (so a station replays the exact timer the projector shows; a room whose called slot has
//! finished presents nothing, the core's rule), the entries whose slot finished,
//! the finalized entries, and a version of the competition data. The competition file is
//! watched for changes made by anyone (the app, `panelis timer` in another process) with
//! SQLite's `data_version`, checked every few milliseconds (less often while only ballots
//! are changing it); the app can also poke the host to push at once.

use super::{HostEvent, Shared};
use crate::wire::{HostMessage, LiveSlot, LiveState};
use axum::extract::ws::Utf8Bytes;
use chrono::Utc;
use panelis_core::model::{Conflict, Entry, Rubric};
use panelis_core::timer::TimerStatus;
use panelis_core::Store;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The competition data stations hold, as one unit with one version.
pub(crate) struct Basics {
    pub rubric: Rubric,
    pub entries: Vec<Entry>,
    /// Every panelist's conflicts.
    pub conflicts: Vec<Conflict>,
    pub finalized: Vec<Uuid>,
}

impl Basics {
    pub fn read(store: &Store) -> panelis_core::Result<Self> {
        let entries = store.entries()?;
        let mut finalized = Vec::new();
        for e in &entries {
            if store.is_entry_finalized(e.id)? {
                finalized.push(e.id);
            }
        }
        Ok(Basics {
            rubric: store.rubric()?,
            conflicts: store.conflicts()?,
            entries,
            finalized,
        })
    }

    /// A short digest of all of it: equal versions, equal data.
    pub fn version(&self) -> String {
        let bytes = serde_json::to_vec(&(
            &self.rubric,
            &self.entries,
            &self.conflicts,
            &self.finalized,
        ))
        .unwrap_or_default();
        hex::encode(&Sha256::digest(&bytes)[..12])
    }
}

/// A live state with its WebSocket message, serialised once for every station.
pub(crate) struct LiveFrame {
    pub state: LiveState,
    pub text: Utf8Bytes,
}

impl LiveFrame {
    pub fn new(state: LiveState) -> Self {
        let text = serde_json::to_string(&HostMessage::Live(state.clone())).unwrap_or_default();
        LiveFrame {
            state,
            text: text.into(),
        }
    }
}

/// Reads the live state from a store.
pub(crate) fn read_state(store: &Store, seq: u64) -> panelis_core::Result<LiveState> {
    let now = Utc::now();
    let basics = Basics::read(store)?;
    let mut slots = Vec::new();
    for panelis_core::store::Presenting {
        room, slot, timer, ..
    } in store.presenting()?
    {
        let entry = basics.entries.iter().find(|e| e.id == slot.entry_id);
        slots.push(LiveSlot {
            room_id: room.id,
            room_name: room.name,
            slot_id: slot.id,
            entry_id: slot.entry_id,
            entry_no: entry.map_or(0, |e| e.no),
            entry_title: entry.map(|e| e.title.clone()).unwrap_or_default(),
            plan: timer.plan().clone(),
            transitions: timer.transitions().to_vec(),
        });
    }
    let finished = store
        .slot_actuals(now)?
        .into_iter()
        .filter(|a| a.status == TimerStatus::Finished)
        .map(|a| a.entry_id)
        .collect();
    Ok(LiveState {
        seq,
        host_time: now,
        slots,
        finished,
        data_version: basics.version(),
        finalized: basics.finalized,
    })
}

/// Whether two states show the same thing (ignoring their sequence and reading time).
fn same(a: &LiveState, b: &LiveState) -> bool {
    a.slots == b.slots
        && a.finished == b.finished
        && a.finalized == b.finalized
        && a.data_version == b.data_version
}

/// SQLite's count of commits by other connections; `None` if it cannot be read.
fn data_version(probe: &Option<rusqlite::Connection>) -> Option<i64> {
    probe
        .as_ref()?
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .ok()
}

/// Watches the competition file and pushes every change of the live state.
pub(crate) async fn watch_file(shared: Arc<Shared>) {
    let mut shutdown = shared.shutdown.clone();
    let probe = rusqlite::Connection::open_with_flags(
        &shared.db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok();
    // Without a probe, re-read on every poll, slower.
    let poll = if probe.is_some() {
        shared.limits.live_poll
    } else {
        shared.limits.live_poll.max(Duration::from_millis(500))
    };
    let mut seen = data_version(&probe);
    // Ballots change the file without changing the live state: after a change that showed
    // nothing new, look less often (up to 4x), so a storm of ballots is not also a storm of
    // re-reads. A poke or a real change brings the pace back.
    let mut interval = poll;
    loop {
        let poked = tokio::select! {
            _ = tokio::time::sleep(interval) => false,
            _ = shared.poke.notified() => true,
            _ = shutdown.changed() => break,
        };
        let version = data_version(&probe);
        if !poked && version.is_some() && version == seen {
            continue;
        }
        seen = version;
        let current = shared.live.borrow().state.clone();
        let seq = current.seq + 1;
        let Ok(Ok(next)) = Shared::blocking(&shared.reader, move |s| read_state(s, seq)).await
        else {
            continue;
        };
        if same(&current, &next) {
            interval = (interval * 2).min(poll * 4);
        } else {
            interval = poll;
            shared.live.send_replace(Arc::new(LiveFrame::new(next)));
            shared.emit(HostEvent::LiveChanged { seq });
        }
        if poked {
            interval = poll;
        }
    }
}

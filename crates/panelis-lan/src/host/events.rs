//! What happens on the host, for the secretariat's screen and the log: stations joining,
//! connecting, sending ballots, and every refused request with its reason. Events go to
//! subscribers (the app refreshes its progress matrix on them) and, except the routine
//! ones, to `host.log` in the identity folder as JSON lines (bounded: one rotation at 4 MiB).

use super::connection::ConnectionRefusal;
use crate::error::RejectCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use uuid::Uuid;

/// File name of the log in the identity folder.
pub const LOG_FILE: &str = "host.log";

/// The log is rotated to `host.log.1` past this size.
const LOG_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Something that happened on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HostEvent {
    /// A station joined with a code and is bound to the panelist.
    StationJoined {
        panelist_id: Uuid,
        panelist_name: String,
        station_name: String,
    },
    /// A station opened its live connection.
    StationConnected { panelist_id: Uuid },
    /// A station's live connection ended.
    StationDisconnected { panelist_id: Uuid },
    /// The secretariat revoked the panelist's station.
    StationRevoked { panelist_id: Uuid },
    /// A ballot revision was verified and stored.
    BallotStored {
        panelist_id: Uuid,
        entry_id: Uuid,
        revision: u32,
    },
    /// A ballot revision already on record was sent again and acknowledged.
    BallotRepeated {
        panelist_id: Uuid,
        entry_id: Uuid,
        revision: u32,
    },
    /// A request was refused.
    Rejected {
        code: RejectCode,
        message: String,
        path: String,
        peer: Option<String>,
        panelist_id: Option<Uuid>,
    },
    /// A connection was dropped outside any request it could be answered in: a limit, its
    /// TLS handshake, an HTTP head too large, too slow, not HTTP/1.1, or nothing sent;
    /// `code` says which (see [`ConnectionRefusal`]), `reason` in words.
    ConnectionRefused {
        code: ConnectionRefusal,
        peer: String,
        reason: String,
    },
    /// The live state changed (timer, slot on stage, finalization).
    LiveChanged { seq: u64 },
}

impl HostEvent {
    /// Whether the event goes to the log file (routine ones do not).
    fn logged(&self) -> bool {
        !matches!(
            self,
            HostEvent::BallotStored { .. }
                | HostEvent::BallotRepeated { .. }
                | HostEvent::LiveChanged { .. }
        )
    }
}

#[derive(Serialize)]
struct LogLine<'a> {
    at: DateTime<Utc>,
    #[serde(flatten)]
    event: &'a HostEvent,
}

/// The host's log file.
#[derive(Debug)]
pub struct HostLog {
    path: PathBuf,
    lock: Mutex<()>,
}

impl HostLog {
    /// The log in `dir`.
    pub fn new(dir: &Path) -> Self {
        HostLog {
            path: dir.join(LOG_FILE),
            lock: Mutex::new(()),
        }
    }

    /// The log file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the event if it is one that is logged; a log that cannot be written never
    /// stops the host.
    pub fn write(&self, event: &HostEvent) {
        if !event.logged() {
            return;
        }
        let Ok(mut line) = serde_json::to_vec(&LogLine {
            at: Utc::now(),
            event,
        }) else {
            return;
        };
        line.push(b'\n');
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if std::fs::metadata(&self.path).is_ok_and(|m| m.len() > LOG_MAX_BYTES) {
            let mut old = self.path.as_os_str().to_owned();
            old.push(".1");
            let _ = std::fs::rename(&self.path, PathBuf::from(old));
        }
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
        {
            let _ = file.write_all(&line);
        }
    }
}

//! The protocol between host and stations: JSON over HTTPS for requests (join, competition
//! data, ballots) and over a WebSocket for what the host pushes (live slot and timer,
//! finalization, revocation) and the clock pings. Version 1, under [`API`].
//!
//! | request | who | body -> answer |
//! | --- | --- | --- |
//! | `POST /api/v1/join/check` | anyone with a code | [`JoinCheck`] -> [`JoinPreview`] |
//! | `POST /api/v1/join` | anyone with a code | [`JoinRequest`] -> [`JoinReply`] |
//! | `GET /api/v1/competition` | station | -> [`Snapshot`] |
//! | `GET /api/v1/ballots` | station | -> [`HeldBallots`] (what the host has of this panelist) |
//! | `POST /api/v1/ballots` | station | [`BallotPost`] -> [`BallotAck`] |
//! | `GET /api/v1/live` | station | WebSocket: [`HostMessage`] down, [`StationMessage`] up |
//! | `POST /api/v1/loadtest` | load-test token | [`LoadtestRequest`] -> [`LoadtestReply`] |
//! | `DELETE /api/v1/loadtest` | load-test token | -> `{}` |
//!
//! Stations authenticate with `Authorization: Bearer <token>` (the token from joining).
//! Every refusal is an [`ErrorBody`] with the status of its [`RejectCode`].

use crate::error::RejectCode;
use chrono::{DateTime, Utc};
use panelis_core::ballot::judge::{may_score, ScoringRecord};
use panelis_core::ballot::transfer::FileBallot;
use panelis_core::model::{Conflict, Entry, Panelist, PhasePlan, Rubric};
use panelis_core::timer::{PhaseTimer, TimerView, Transition};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The path prefix of protocol version 1.
pub const API: &str = "/api/v1";

/// A refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: RejectCode,
    pub message: String,
}

/// A station asks whom a code is for, before joining (it needs the panelist to pick the
/// signing key, and the person at the laptop confirms their name). Does not spend the code;
/// a wrong code counts as a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCheck {
    pub code: String,
}

/// Whom a code is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinPreview {
    pub panelist_id: Uuid,
    pub panelist_name: String,
    pub competition_id: Uuid,
    pub competition_name: String,
}

/// A station asks to join with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub code: String,
    /// The station's Ed25519 ballot-signing public key, 64 hex digits.
    pub public_key: String,
    /// Signature (hex) of [`crate::invite::proof_message`] with that key.
    pub proof: String,
    /// What the secretariat sees in the progress matrix ("Laptop 3").
    #[serde(default)]
    pub station_name: String,
}

/// The host accepted a join: the station is bound to this panelist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinReply {
    /// The bearer token for every later request; shown to nobody.
    pub token: String,
    pub panelist_id: Uuid,
    pub panelist_name: String,
    pub competition_id: Uuid,
    pub competition_name: String,
}

/// What a panelist's station needs of the competition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub competition_id: Uuid,
    pub competition_name: String,
    pub panelist: Panelist,
    pub rubric: Rubric,
    pub entries: Vec<Entry>,
    /// This panelist's conflicts of interest only.
    pub conflicts: Vec<Conflict>,
    /// Entries whose results are final.
    pub finalized: Vec<Uuid>,
    /// Changes whenever any of the above may have changed (see [`LiveState::data_version`]).
    pub version: String,
    /// The venue's offset and zone, so the station shows instants at the venue whatever its
    /// own clock's zone; `None` from a host (or a stored snapshot) from before it was sent.
    #[serde(default)]
    pub venue_clock: Option<panelis_core::time::VenueClock>,
}

impl Snapshot {
    /// The entry with this id.
    pub fn entry(&self, id: Uuid) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entry with this shortlist number.
    pub fn entry_no(&self, no: u32) -> Option<&Entry> {
        self.entries.iter().find(|e| e.no == no)
    }

    /// Why the panelist abstains on the entry, if they do.
    pub fn conflict(&self, entry_id: Uuid) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.entry_id == entry_id)
    }

    /// Whether the panelist has to score the entry: the core's rule
    /// ([`panelis_core::ballot::judge::may_score`]) over this copy of the competition.
    pub fn to_score(&self, entry_id: Uuid) -> bool {
        matches!(may_score(self, self.panelist.id, entry_id), Ok(Ok(_)))
    }
}

/// The station's copy of the competition as the core's scoring rule sees it.
impl ScoringRecord for Snapshot {
    fn entry_no(&self, entry_id: Uuid) -> panelis_core::Result<Option<u32>> {
        Ok(self.entry(entry_id).map(|e| e.no))
    }
    fn conflict(&self, _panelist: Uuid, entry_id: Uuid) -> panelis_core::Result<Option<String>> {
        // The snapshot holds only this station's panelist's conflicts.
        Ok(Snapshot::conflict(self, entry_id).map(|c| c.reason.clone()))
    }
    fn is_finalized(&self, entry_id: Uuid) -> panelis_core::Result<bool> {
        Ok(self.finalized.contains(&entry_id))
    }
}

/// A signed ballot sent to the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotPost {
    pub competition_id: Uuid,
    pub panelist_id: Uuid,
    pub ballot: FileBallot,
}

/// What the host did with a ballot it accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckOutcome {
    /// Verified and stored now.
    Stored,
    /// The same revision was on record already (a re-send); nothing changed.
    AlreadyPresent,
}

/// The host's acknowledgement: the ballot is durable in the competition file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotAck {
    pub ballot_id: Uuid,
    pub entry_id: Uuid,
    pub revision: u32,
    pub outcome: AckOutcome,
    /// The head of the host's audit chain once the ballot is on record. The station keeps
    /// it as a receipt: an anchor outside the competition file that `panelis audit verify
    /// --against station.sqlite` checks the log against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<panelis_core::store::AuditHead>,
}

/// One submitted revision the host holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HeldBallot {
    pub ballot_id: Uuid,
    pub entry_id: Uuid,
    pub revision: u32,
}

/// Every submitted revision the host holds of the asking panelist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldBallots {
    pub ballots: Vec<HeldBallot>,
}

/// The slot a room has presenting now, with what rebuilds its timer exactly as the host's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveSlot {
    pub room_id: Uuid,
    pub room_name: String,
    pub slot_id: Uuid,
    pub entry_id: Uuid,
    pub entry_no: u32,
    pub entry_title: String,
    /// The plan the slot runs on and its stored transitions (host clock, UTC).
    pub plan: PhasePlan,
    pub transitions: Vec<Transition>,
}

impl LiveSlot {
    /// The timer as it stands at `host_now` (the host's clock): what the projector shows
    /// at that instant. `None` if the history does not replay (never from a sane host).
    pub fn timer_at(&self, host_now: DateTime<Utc>) -> Option<TimerView> {
        PhaseTimer::replay(self.plan.clone(), &self.transitions)
            .ok()
            .map(|t| t.view(host_now))
    }
}

/// What the host pushes whenever the live state changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveState {
    /// Rises with every change the host pushes.
    pub seq: u64,
    /// The host's clock when the state was read.
    pub host_time: DateTime<Utc>,
    /// Each room's slot presenting now (called and not finished: the core's
    /// `TimerStatus::presenting`); a room whose called slot finished is not here.
    pub slots: Vec<LiveSlot>,
    /// Entries whose slot has finished (the panel scores them).
    pub finished: Vec<Uuid>,
    /// Entries whose results are final.
    pub finalized: Vec<Uuid>,
    /// The [`Snapshot::version`] a station should hold; fetch again when it differs.
    pub data_version: String,
}

/// Host -> station on the WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HostMessage {
    /// The live state (sent on connect and on every change).
    Live(LiveState),
    /// Answer to a [`StationMessage::Ping`]: the host's clock in milliseconds.
    Pong { t0_ms: i64, host_ms: i64 },
    /// The secretariat revoked this station; the host closes the socket next.
    Revoked { message: String },
}

/// Station -> host on the WebSocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StationMessage {
    /// Clock probe: `t0_ms` is the station's clock when sent.
    Ping { t0_ms: i64 },
}

/// One throwaway station a load test asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadtestStation {
    pub name: String,
    /// Its Ed25519 public key, 64 hex digits.
    pub public_key: String,
}

/// A load generator asks for throwaway panelists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadtestRequest {
    pub stations: Vec<LoadtestStation>,
}

/// The credentials of one throwaway station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadtestGrant {
    pub panelist_id: Uuid,
    pub token: String,
}

/// The throwaway stations, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadtestReply {
    pub stations: Vec<LoadtestGrant>,
}

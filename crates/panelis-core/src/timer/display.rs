//! What the two live windows show: the secretariat's control ("Sesi Langsung") and the
//! projector ("Layar Proyektor"). The projector view carries only what may be shown to the
//! room: no scores, no check-in state, nothing about the panel.

use super::{state_words, TimerStatus, TimerView, Urgency, UrgencyChange};
use crate::model::{Entry, Room, Slot};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The slot that follows the live one, with when it is now expected to start: the day's
/// projection (running late or ahead), not only the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextUp {
    pub slot_id: Uuid,
    pub entry_no: u32,
    pub title: String,
    pub agency: String,
    pub planned_start: DateTime<Utc>,
    /// Venue-local wall-clock time of the planned start.
    pub planned_start_local: NaiveDateTime,
    /// `HH:MM` of the planned start, ready to show.
    pub planned_time: String,
    /// When it is expected to start (see `schedule::project`).
    pub projected_start: DateTime<Utc>,
    pub projected_start_local: NaiveDateTime,
    /// `HH:MM` of the projected start, ready to show.
    pub projected_time: String,
    /// Projected minus planned start: positive behind, negative ahead.
    pub delay_seconds: i64,
}

/// The live control of one room: the called slot, its entry and timer, and who is next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveView {
    pub room: Room,
    pub slot: Slot,
    pub entry: Entry,
    pub timer: TimerView,
    pub next_up: Option<NextUp>,
}

/// The projector screen. Always the same shape, so the window can render it blindly; when
/// nothing has been called `live` is false and the entry fields are empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectorView {
    pub competition: String,
    pub room: String,
    pub live: bool,
    pub status: TimerStatus,
    pub urgency: Urgency,
    /// The state in words, so it reads without colour (black-and-white projectors).
    pub state_id: String,
    pub state_en: String,
    /// The urgency (and words) changes still to come while the clock runs, in order.
    pub urgency_changes: Vec<UrgencyChange>,
    /// `mm:ss` remaining, `+mm:ss` overtime.
    pub clock: String,
    pub remaining_seconds: i64,
    /// Remaining milliseconds and the allowance of the current phase: the projector ticks
    /// the clock locally from these between syncs.
    pub remaining_ms: i64,
    pub allowed_seconds: i64,
    pub phase_label_id: String,
    pub phase_label_en: String,
    /// 1-based, for "Fase 2 dari 4".
    pub phase_number: usize,
    pub phase_count: usize,
    /// The current phase's share of its allowance used, 0.0 to 1.0.
    pub progress: f64,
    pub entry_no: Option<u32>,
    pub entry_title: String,
    pub entry_agency: String,
    pub next_up: Option<NextUp>,
}

impl ProjectorView {
    /// The projector for `live` (the called slot's entry and timer), or the waiting screen.
    pub fn new(
        competition: &str,
        room: &str,
        live: Option<(&Entry, &TimerView)>,
        next_up: Option<NextUp>,
    ) -> ProjectorView {
        let Some((entry, timer)) = live else {
            let (state_id, state_en) = state_words(false, TimerStatus::Idle, Urgency::Normal);
            return ProjectorView {
                competition: competition.into(),
                room: room.into(),
                live: false,
                status: TimerStatus::Idle,
                urgency: Urgency::Normal,
                state_id: state_id.into(),
                state_en: state_en.into(),
                urgency_changes: Vec::new(),
                clock: "--:--".into(),
                remaining_seconds: 0,
                remaining_ms: 0,
                allowed_seconds: 0,
                phase_label_id: String::new(),
                phase_label_en: String::new(),
                phase_number: 0,
                phase_count: 0,
                progress: 0.0,
                entry_no: None,
                entry_title: String::new(),
                entry_agency: String::new(),
                next_up,
            };
        };
        ProjectorView {
            competition: competition.into(),
            room: room.into(),
            live: true,
            status: timer.status,
            urgency: timer.urgency,
            state_id: timer.state_id.clone(),
            state_en: timer.state_en.clone(),
            urgency_changes: timer.urgency_changes.clone(),
            clock: timer.clock.clone(),
            remaining_seconds: timer.remaining_seconds,
            remaining_ms: timer.remaining_ms,
            allowed_seconds: timer.allowed_seconds,
            phase_label_id: timer.phase_label_id.clone(),
            phase_label_en: timer.phase_label_en.clone(),
            phase_number: timer.phase_index + 1,
            phase_count: timer.phase_count,
            progress: timer.progress,
            entry_no: Some(entry.no),
            entry_title: entry.title.clone(),
            entry_agency: entry.agency.clone(),
            next_up,
        }
    }
}

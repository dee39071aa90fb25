//! What the timer shows at an instant: the current phase, remaining time (negative is
//! overtime), warning/danger and the changes of it still to come while the clock runs,
//! the state in words, progress, and the planned-vs-actual record of every phase.

use super::{PhaseTimer, TimerStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How urgent the current phase is; the colours of the control and the projector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Also a slot not started and a slot finished: nothing to hurry.
    Normal,
    /// At or below the warning threshold (one minute by default).
    Warning,
    /// Time is up (remaining at or below zero), including overtime.
    Danger,
}

/// How urgent a timer in `status` is with `remaining_ms` left of its phase: the one rule
/// behind the current urgency and every change still to come.
fn urgency(status: TimerStatus, remaining_ms: i64, warning_ms: i64) -> Urgency {
    match status {
        // Not started, or over: a finished slot is a calm state, whatever its last phase.
        TimerStatus::Idle | TimerStatus::Finished => Urgency::Normal,
        TimerStatus::Running | TimerStatus::Paused if remaining_ms <= 0 => Urgency::Danger,
        TimerStatus::Running | TimerStatus::Paused if remaining_ms <= warning_ms => {
            Urgency::Warning
        }
        TimerStatus::Running | TimerStatus::Paused => Urgency::Normal,
    }
}

/// A change of urgency that comes by the clock alone while the timer runs, so a window
/// ticking the clock between syncs changes colour and words when the core says, with no
/// threshold of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrgencyChange {
    /// Milliseconds after the instant of the view.
    pub in_ms: i64,
    pub urgency: Urgency,
    /// The state in words from then on (see [`state_words`]).
    pub state_id: String,
    pub state_en: String,
}

/// The changes of urgency still to come while a timer runs with `remaining_ms` left, in
/// order; none unless it is running (a paused or finished clock stands still). `live` as
/// for [`state_words`].
pub(crate) fn urgency_changes(
    live: bool,
    status: TimerStatus,
    remaining_ms: i64,
    warning_ms: i64,
) -> Vec<UrgencyChange> {
    if status != TimerStatus::Running {
        return Vec::new();
    }
    // The urgency can change only where the remaining time meets a threshold.
    let mut at: Vec<i64> = [remaining_ms - warning_ms, remaining_ms]
        .into_iter()
        .filter(|ms| *ms > 0)
        .collect();
    at.sort_unstable();
    let mut last = urgency(status, remaining_ms, warning_ms);
    let mut changes = Vec::new();
    for in_ms in at {
        let next = urgency(status, remaining_ms - in_ms, warning_ms);
        if next != last {
            let (state_id, state_en) = state_words(live, status, next);
            changes.push(UrgencyChange {
                in_ms,
                urgency: next,
                state_id: state_id.into(),
                state_en: state_en.into(),
            });
            last = next;
        }
    }
    changes
}

/// Planned vs actual of one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseActual {
    pub index: usize,
    pub code: String,
    pub label_id: String,
    pub label_en: String,
    pub planned_seconds: i64,
    /// Planned plus the minutes added or taken.
    pub allowed_seconds: i64,
    pub elapsed_seconds: i64,
    pub overtime_seconds: i64,
    /// `None` when the phase never ran (skipped, or not reached yet).
    pub started_at: Option<DateTime<Utc>>,
    /// `None` while it is the current phase, or if it never ran.
    pub ended_at: Option<DateTime<Utc>>,
    pub current: bool,
}

/// The timer at one instant, for the live control, the projector and the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimerView {
    pub status: TimerStatus,
    pub urgency: Urgency,
    /// The state in words (of a slot called to the stage), as the projector says it.
    pub state_id: String,
    pub state_en: String,
    /// The urgency changes still to come while the clock runs, in order.
    pub urgency_changes: Vec<UrgencyChange>,
    /// 0-based index of the current phase.
    pub phase_index: usize,
    pub phase_count: usize,
    pub phase_code: String,
    pub phase_label_id: String,
    pub phase_label_en: String,
    pub allowed_seconds: i64,
    pub elapsed_seconds: i64,
    /// Counts down to zero, then negative: overtime. Rounded up, so `0` shows only once the
    /// time is really up.
    pub remaining_seconds: i64,
    /// The same in milliseconds, so a window can tick the clock locally between syncs
    /// without drifting by the rounding.
    pub remaining_ms: i64,
    pub overtime_seconds: i64,
    /// `mm:ss` remaining, or `+mm:ss` overtime.
    pub clock: String,
    /// Share of the current phase's allowance used, 0.0 to 1.0.
    pub progress: f64,
    /// How long the slot has run since it started, the time it stood paused left out.
    pub slot_elapsed_seconds: i64,
    pub slot_planned_seconds: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Since when the timer stands paused; `None` unless paused.
    pub paused_at: Option<DateTime<Utc>>,
    pub phases: Vec<PhaseActual>,
}

impl PhaseTimer {
    /// The timer as it stands at `now`. A `now` before the last transition (clock set back)
    /// is treated as the last transition's instant: nothing runs backwards.
    pub fn view(&self, now: DateTime<Utc>) -> TimerView {
        let now = self.clamp(now);
        let warning_ms = i64::from(self.plan.warning_seconds) * 1000;
        let phases: Vec<PhaseActual> = self
            .plan
            .phases
            .iter()
            .zip(&self.phases)
            .enumerate()
            .map(|(i, (plan, clock))| {
                let elapsed = self.elapsed_ms(i, now);
                PhaseActual {
                    index: i,
                    code: plan.code.clone(),
                    label_id: plan.label_id.clone(),
                    label_en: plan.label_en.clone(),
                    planned_seconds: i64::from(plan.seconds),
                    allowed_seconds: clock.allowed_ms.div_euclid(1000),
                    elapsed_seconds: elapsed.div_euclid(1000),
                    overtime_seconds: (elapsed - clock.allowed_ms).max(0).div_euclid(1000),
                    started_at: clock.started_at,
                    ended_at: clock.ended_at,
                    current: i == self.current && self.status != TimerStatus::Finished,
                }
            })
            .collect();
        let phase = &self.plan.phases[self.current];
        let allowed_ms = self.phases[self.current].allowed_ms;
        let elapsed_ms = self.elapsed_ms(self.current, now);
        let remaining_ms = allowed_ms - elapsed_ms;
        let urgency = urgency(self.status, remaining_ms, warning_ms);
        let (state_id, state_en) = state_words(true, self.status, urgency);
        // Rounded up: a countdown shows 00:01 until the last millisecond has gone.
        let remaining_seconds = -(-remaining_ms).div_euclid(1000);
        TimerView {
            status: self.status,
            urgency,
            state_id: state_id.into(),
            state_en: state_en.into(),
            urgency_changes: urgency_changes(true, self.status, remaining_ms, warning_ms),
            phase_index: self.current,
            phase_count: self.phases.len(),
            phase_code: phase.code.clone(),
            phase_label_id: phase.label_id.clone(),
            phase_label_en: phase.label_en.clone(),
            allowed_seconds: allowed_ms.div_euclid(1000),
            elapsed_seconds: elapsed_ms.div_euclid(1000),
            remaining_seconds,
            remaining_ms,
            overtime_seconds: (-remaining_ms).max(0).div_euclid(1000),
            clock: clock_text(remaining_seconds),
            progress: if allowed_ms <= 0 {
                1.0
            } else {
                (elapsed_ms as f64 / allowed_ms as f64).clamp(0.0, 1.0)
            },
            slot_elapsed_seconds: self.running_ms(now).div_euclid(1000),
            slot_planned_seconds: i64::from(self.plan.slot_seconds()),
            started_at: self.started_at,
            finished_at: self.finished_at,
            paused_at: self.paused_since(),
            phases,
        }
    }
}

/// `mm:ss` for time left, `+mm:ss` for overtime; minutes go past 59 rather than wrap.
pub fn clock_text(remaining_seconds: i64) -> String {
    let sign = if remaining_seconds < 0 { "+" } else { "" };
    let s = remaining_seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", s / 60, s % 60)
}

/// The state in words (Indonesian, English), so the projector is legible without colour.
/// `live` is false when no slot has been called. The timer's pause is named apart from a
/// break in the schedule ("Istirahat"), so nobody reads one for the other.
pub fn state_words(
    live: bool,
    status: TimerStatus,
    urgency: Urgency,
) -> (&'static str, &'static str) {
    match (live, status, urgency) {
        (false, _, _) => ("Menunggu", "Waiting"),
        (_, TimerStatus::Idle, _) => ("Bersiap", "Get ready"),
        (_, TimerStatus::Finished, _) => ("Selesai", "Finished"),
        (_, TimerStatus::Paused, _) => ("Dihentikan sementara", "Paused"),
        (_, TimerStatus::Running, Urgency::Normal) => ("Berjalan", "Running"),
        (_, TimerStatus::Running, Urgency::Warning) => ("Waktu hampir habis", "Time almost up"),
        (_, TimerStatus::Running, Urgency::Danger) => ("Waktu habis", "Time is up"),
    }
}

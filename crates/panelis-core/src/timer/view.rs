//! What the timer shows at an instant: the current phase, remaining time (negative is
//! overtime), warning/danger, progress, and the planned-vs-actual record of every phase.

use super::{PhaseTimer, TimerStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How urgent the current phase is; the colours of the control and the projector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Normal,
    /// At or below the warning threshold (one minute by default).
    Warning,
    /// Time is up (remaining at or below zero), including overtime.
    Danger,
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
    pub warning_seconds: u32,
    /// Wall-clock time since the slot started (pauses included).
    pub slot_elapsed_seconds: i64,
    pub slot_planned_seconds: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
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
        let urgency = if self.status == TimerStatus::Idle {
            Urgency::Normal
        } else if remaining_ms <= 0 {
            Urgency::Danger
        } else if remaining_ms <= warning_ms {
            Urgency::Warning
        } else {
            Urgency::Normal
        };
        // Rounded up: a countdown shows 00:01 until the last millisecond has gone.
        let remaining_seconds = -(-remaining_ms).div_euclid(1000);
        let slot_end = self.finished_at.unwrap_or(now);
        TimerView {
            status: self.status,
            urgency,
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
            warning_seconds: self.plan.warning_seconds,
            slot_elapsed_seconds: self
                .started_at
                .map(|s| (slot_end - s).num_seconds().max(0))
                .unwrap_or(0),
            slot_planned_seconds: i64::from(self.plan.slot_seconds()),
            started_at: self.started_at,
            finished_at: self.finished_at,
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
/// `live` is false when no slot has been called.
pub fn state_words(
    live: bool,
    status: TimerStatus,
    urgency: Urgency,
) -> (&'static str, &'static str) {
    match (live, status, urgency) {
        (false, _, _) => ("Menunggu", "Waiting"),
        (_, TimerStatus::Idle, _) => ("Bersiap", "Get ready"),
        (_, TimerStatus::Finished, _) => ("Selesai", "Finished"),
        (_, TimerStatus::Paused, _) => ("Jeda", "Paused"),
        (_, TimerStatus::Running, Urgency::Normal) => ("Berjalan", "Running"),
        (_, TimerStatus::Running, Urgency::Warning) => ("Waktu hampir habis", "Time almost up"),
        (_, TimerStatus::Running, Urgency::Danger) => ("Waktu habis", "Time is up"),
    }
}

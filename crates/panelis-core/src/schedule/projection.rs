//! Running late: from the actual times so far, when every later slot of a room will really
//! start, and how far behind (or ahead) each day is. Finished and running slots keep their
//! actual times; each waiting slot follows the one before it (plus changeover), never
//! before now and never inside a pause; pauses absorb delays and advances alike. Each day
//! starts afresh at its planned times.

use super::{effective_plan, local_instant, DayPlan};
use crate::model::{PhasePlan, Slot};
use crate::timer::{PhaseTimer, TimerStatus};
use crate::{time, Result};
use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// Planned, actual and projected times of one slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectedSlot {
    pub slot_id: Uuid,
    pub status: TimerStatus,
    pub planned_start: DateTime<Utc>,
    pub planned_end: DateTime<Utc>,
    /// Actual start once started, else the projected start.
    pub start: DateTime<Utc>,
    /// Actual end once finished, else the projected end.
    pub end: DateTime<Utc>,
    /// `start - planned_start`: positive behind, negative ahead.
    pub delay_seconds: i64,
}

/// How far behind (positive) or ahead (negative) one day of a room runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLag {
    pub room_id: Uuid,
    /// The venue-local date.
    pub date: NaiveDate,
    /// The delay of the next slot to start; once all have started, of the day's end.
    pub delay_seconds: i64,
    pub finished: u32,
    pub total: u32,
}

/// Projects one room's slots (in running order) at `now`; `timers` holds the timers of the
/// slots that have a history.
pub fn project(
    room_id: Uuid,
    slots: &[Slot],
    default_plan: &PhasePlan,
    days: &DayPlan,
    timers: &HashMap<Uuid, PhaseTimer>,
    now: DateTime<Utc>,
) -> Result<(Vec<ProjectedSlot>, Vec<DayLag>)> {
    let offset = time::venue_offset(days.utc_offset_minutes)?;
    let dates: Vec<NaiveDate> = slots
        .iter()
        .map(|s| time::to_local(s.planned_start, offset).date())
        .collect();
    let started = |s: &Slot| timers.get(&s.id).and_then(|t| t.started_at()).is_some();
    let mut projected: Vec<Option<ProjectedSlot>> = vec![None; slots.len()];
    let mut lags = Vec::new();
    let mut first = 0;
    while first < slots.len() {
        let date = dates[first];
        let len = dates[first..].iter().take_while(|d| **d == date).count();
        let day = first..first + len;
        // A slot passed over (a later one of the day already started) presents at the end
        // of the day, as a no-show moved there would.
        let last_started = day.clone().rev().find(|&i| started(&slots[i]));
        let passed_over = |i: usize| last_started.is_some_and(|l| i < l) && !started(&slots[i]);
        let sequence = day
            .clone()
            .filter(|&i| !passed_over(i))
            .chain(day.clone().filter(|&i| passed_over(i)));
        let mut cursor: Option<DateTime<Utc>> = None;
        for i in sequence {
            let p = project_slot(&slots[i], date, cursor, default_plan, days, timers, now)?;
            cursor = Some(p.1);
            projected[i] = Some(p.0);
        }
        let day_slots: Vec<ProjectedSlot> = projected[day].iter().flatten().cloned().collect();
        lags.push(day_lag(room_id, date, &day_slots));
        first += len;
    }
    Ok((projected.into_iter().flatten().collect(), lags))
}

/// One slot's projection, and the earliest start of the slot after it.
fn project_slot(
    slot: &Slot,
    date: NaiveDate,
    cursor: Option<DateTime<Utc>>,
    default_plan: &PhasePlan,
    days: &DayPlan,
    timers: &HashMap<Uuid, PhaseTimer>,
    now: DateTime<Utc>,
) -> Result<(ProjectedSlot, DateTime<Utc>)> {
    let timer = timers.get(&slot.id);
    let plan = match timer {
        Some(t) if t.status() != TimerStatus::Idle => t.plan(),
        _ => effective_plan(slot, default_plan),
    };
    let length = Duration::seconds(i64::from(plan.slot_seconds()));
    let status = timer.map(|t| t.status()).unwrap_or(TimerStatus::Idle);
    let (start, end) = match timer.and_then(|t| Some((t.started_at()?, t))) {
        Some((started, t)) => (started, t.projected_end(now).unwrap_or(now)),
        None => {
            let earliest = cursor.unwrap_or(slot.planned_start).max(now);
            let start = settle_around_pauses(days, date, earliest, slot.planned_start)?;
            (start, later(start, length))
        }
    };
    let next = later(end, Duration::seconds(i64::from(plan.changeover_seconds)));
    Ok((
        ProjectedSlot {
            slot_id: slot.id,
            status,
            planned_start: slot.planned_start,
            planned_end: later(slot.planned_start, length),
            start,
            end,
            delay_seconds: (start - slot.planned_start).num_seconds(),
        },
        next,
    ))
}

/// The lag of one day: the delay of the next slot to start (the first waiting one after
/// the last started one, so a skipped no-show earlier in the day does not count), else how
/// late the day's last slot ends.
fn day_lag(room_id: Uuid, date: NaiveDate, day: &[ProjectedSlot]) -> DayLag {
    let after_started = day
        .iter()
        .rposition(|p| p.status != TimerStatus::Idle)
        .map_or(0, |i| i + 1);
    let delay_seconds = match (day.get(after_started), day.last()) {
        (Some(next), _) => next.delay_seconds,
        (None, Some(last)) => (last.end - last.planned_end).num_seconds(),
        (None, None) => 0,
    };
    DayLag {
        room_id,
        date,
        delay_seconds,
        finished: day
            .iter()
            .filter(|p| p.status == TimerStatus::Finished)
            .count() as u32,
        total: day.len() as u32,
    }
}

/// Where a waiting slot that could start at `earliest` really starts on `date`: never
/// inside a pause, and never pulled forward across a pause it was planned after (the
/// afternoon's innovators are not there before lunch). A slot may run into a pause, as one
/// does when the morning runs late.
fn settle_around_pauses(
    days: &DayPlan,
    date: NaiveDate,
    earliest: DateTime<Utc>,
    planned: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let mut start = earliest;
    let mut pauses = days
        .pauses
        .iter()
        .map(|p| {
            let at = |t: chrono::NaiveTime| {
                local_instant(days, date, i64::from(t.num_seconds_from_midnight()))
            };
            Ok((at(p.start)?, at(p.end)?))
        })
        .collect::<Result<Vec<_>>>()?;
    pauses.sort();
    for (from, to) in pauses {
        let inside = from <= start && start < to;
        let planned_after = start < to && to <= planned;
        if inside || planned_after {
            start = to;
        }
    }
    Ok(start)
}

/// `at + d`, saturating at the end of the calendar instead of panicking (a clock set to an
/// absurd date must not bring the Jadwal screen down).
fn later(at: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    at.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

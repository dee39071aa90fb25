//! Running late: from the actual times so far, when every later slot of a room will really
//! start, how far behind (or ahead) each day is, and which slots the day's end cannot hold.
//! Nothing is late before a day has begun (its first call or start): until then its slots
//! are where they were planned. Once it has begun, finished and running slots keep their
//! actual times; each waiting slot follows the one before it (plus changeover), never
//! before now and never inside a break; breaks absorb delays and advances alike. Each day
//! starts afresh at its planned times. A slot that starts (or would) on another date than
//! it was planned for is not late: its schedule is for another day (the 2023 demo called
//! today would otherwise be "1371 days late"), and the screens say so instead.

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
    /// The start falls on another venue-local date than the one planned: the delay then
    /// measures the calendar, not the day's running, and is not read as late or ahead.
    pub another_day: bool,
}

/// How far behind (positive) or ahead (negative) one day of a room runs, and whether its
/// slots still fit in the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLag {
    pub room_id: Uuid,
    /// The venue-local date.
    pub date: NaiveDate,
    /// The delay of the next slot to start; once all have started, of the day's end.
    pub delay_seconds: i64,
    /// What `delay_seconds` measures falls on another date than this day (the next slot
    /// starts, or the last one ended, on another day): the schedule is for another day,
    /// and the delay is not read as late or ahead.
    pub another_day: bool,
    pub finished: u32,
    pub total: u32,
    /// Whether the day has begun (a slot of it called or started); before, nothing is late.
    pub begun: bool,
    /// The end of the day as planned ([`DayPlan::day_end`] on this date).
    pub day_end: DateTime<Utc>,
    /// When the day's last slot is now expected to end (or ended).
    pub projected_end: DateTime<Utc>,
    /// The slots not finished that are now expected to end after the day's end, in running
    /// order: the day runs over by them. None when the day is run on another date.
    pub overflowing: Vec<Uuid>,
}

/// Projects one room's slots (in running order) at `now`; `timers` holds the timers of the
/// slots that have a history, `called` the room's live slot (called to the stage).
pub fn project(
    room_id: Uuid,
    slots: &[Slot],
    default_plan: &PhasePlan,
    days: &DayPlan,
    timers: &HashMap<Uuid, PhaseTimer>,
    called: Option<Uuid>,
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
        // The day has begun with its first call (or start): only from then is it late.
        let begun = day
            .clone()
            .any(|i| started(&slots[i]) || called == Some(slots[i].id));
        // A slot passed over (a later one of the day already started) presents at the end
        // of the day, as a no-show moved there would.
        let last_started = day.clone().rev().find(|&i| started(&slots[i]));
        let passed_over = |i: usize| last_started.is_some_and(|l| i < l) && !started(&slots[i]);
        let sequence = day
            .clone()
            .filter(|&i| !passed_over(i))
            .chain(day.clone().filter(|&i| passed_over(i)));
        let mut cursor: Option<DateTime<Utc>> = None;
        // Before the day has begun, a waiting slot starts when planned, whatever the time.
        let not_before = begun.then_some(now);
        for i in sequence {
            let p = project_slot(
                &slots[i],
                date,
                cursor,
                default_plan,
                days,
                timers,
                not_before,
                now,
            )?;
            cursor = Some(p.1);
            let mut slot = p.0;
            slot.another_day = time::to_local(slot.start, offset).date() != date;
            projected[i] = Some(slot);
        }
        let day_slots: Vec<ProjectedSlot> = projected[day].iter().flatten().cloned().collect();
        let day_end = local_instant(
            days,
            date,
            i64::from(days.day_end.num_seconds_from_midnight()),
        )?;
        let off_date = |at: DateTime<Utc>| time::to_local(at, offset).date() != date;
        lags.push(day_lag(room_id, date, begun, day_end, &day_slots, off_date));
        first += len;
    }
    Ok((projected.into_iter().flatten().collect(), lags))
}

/// One slot's projection, and the earliest start of the slot after it. A waiting slot
/// starts no earlier than `not_before` (now, once its day has begun).
#[allow(clippy::too_many_arguments)] // one slot's whole context; a struct would only rename it
fn project_slot(
    slot: &Slot,
    date: NaiveDate,
    cursor: Option<DateTime<Utc>>,
    default_plan: &PhasePlan,
    days: &DayPlan,
    timers: &HashMap<Uuid, PhaseTimer>,
    not_before: Option<DateTime<Utc>>,
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
            let earliest = cursor.unwrap_or(slot.planned_start);
            let earliest = not_before.map_or(earliest, |t| earliest.max(t));
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
            // Set by the caller, which knows the venue's offset.
            another_day: false,
        },
        next,
    ))
}

/// The lag of one day: the delay of the next slot to start (the first waiting one after
/// the last started one, so a skipped no-show earlier in the day does not count), else how
/// late the day's last slot ends; and the slots that end after `day_end`. `off_date` says
/// whether an instant falls on another venue-local date than the day's.
fn day_lag(
    room_id: Uuid,
    date: NaiveDate,
    begun: bool,
    day_end: DateTime<Utc>,
    day: &[ProjectedSlot],
    off_date: impl Fn(DateTime<Utc>) -> bool,
) -> DayLag {
    let after_started = day
        .iter()
        .rposition(|p| p.status != TimerStatus::Idle)
        .map_or(0, |i| i + 1);
    let (delay_seconds, another_day) = match (day.get(after_started), day.last()) {
        (Some(next), _) => (next.delay_seconds, next.another_day),
        (None, Some(last)) => (
            (last.end - last.planned_end).num_seconds(),
            off_date(last.end),
        ),
        (None, None) => (0, false),
    };
    // In the order they are expected to run (a passed-over slot comes last). A day run on
    // another date has no end to run past: its planned end is on the calendar's other page.
    let mut over: Vec<&ProjectedSlot> = day
        .iter()
        .filter(|p| !another_day && p.status != TimerStatus::Finished && p.end > day_end)
        .collect();
    over.sort_by_key(|p| p.start);
    let overflowing = over.into_iter().map(|p| p.slot_id).collect();
    DayLag {
        room_id,
        date,
        delay_seconds,
        another_day,
        finished: day
            .iter()
            .filter(|p| p.status == TimerStatus::Finished)
            .count() as u32,
        total: day.len() as u32,
        begun,
        day_end,
        projected_end: day.iter().map(|p| p.end).max().unwrap_or(day_end),
        overflowing,
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

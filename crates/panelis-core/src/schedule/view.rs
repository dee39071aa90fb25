//! The Jadwal read model: every room's slots with entry, planned, actual and projected
//! times, per-phase actuals and each day's lag and overflow. One builder feeds the screen, the `panelis
//! schedule` command and the spreadsheet export, so they always agree.

use super::{effective_plan, project, DayLag, DayPlan};
use crate::model::{Entry, PhasePlan, Room, Slot};
use crate::timer::{PhaseActual, PhaseTimer, TimerStatus};
use crate::{time, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// Where a slot stands at the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    Waiting,
    /// Called to the stage (the live slot of its room), timer not started.
    Called,
    Running,
    Paused,
    Finished,
    /// Not started, and the innovator was marked absent (at check-in, or as a no-show):
    /// nobody to wait for until they are called again as present.
    Absent,
}

/// One slot as the Jadwal screen and the export show it. Instants are UTC; the `_local`
/// twins are the venue's wall-clock times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRow {
    pub slot_id: Uuid,
    pub room_id: Uuid,
    pub position: u32,
    pub entry_id: Uuid,
    pub entry_no: u32,
    pub title: String,
    pub agency: String,
    pub category: String,
    pub present: Option<bool>,
    /// The plan the slot runs on (its own if overridden, or as it was when it started).
    pub plan: PhasePlan,
    pub plan_overridden: bool,
    pub status: SlotStatus,
    /// The venue-local day the slot is planned on.
    pub date: NaiveDate,
    pub planned_start: DateTime<Utc>,
    pub planned_end: DateTime<Utc>,
    pub planned_start_local: NaiveDateTime,
    pub planned_end_local: NaiveDateTime,
    pub actual_start: Option<DateTime<Utc>>,
    pub actual_end: Option<DateTime<Utc>>,
    pub actual_start_local: Option<NaiveDateTime>,
    pub actual_end_local: Option<NaiveDateTime>,
    /// Actual start once started, else when it is now expected to start.
    pub projected_start: DateTime<Utc>,
    pub projected_end: DateTime<Utc>,
    pub projected_start_local: NaiveDateTime,
    /// Projected (or actual) start minus planned: positive behind, negative ahead.
    pub delay_seconds: i64,
    /// The slot starts (or would) on another date than planned: its schedule is for
    /// another day, and `delay_seconds` is not worded as late or ahead.
    pub another_day: bool,
    /// Planned vs actual per phase (only planned until the slot starts).
    pub phases: Vec<PhaseActual>,
}

/// One day of a room: its lag, and the entries its end can no longer hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleDay {
    #[serde(flatten)]
    pub lag: DayLag,
    /// The venue's wall clock at the day's planned end and at its projected end.
    pub day_end_local: NaiveDateTime,
    pub projected_end_local: NaiveDateTime,
    /// Shortlist numbers of the slots now expected to end after the day's end, in the
    /// order they would run.
    pub overflowing_nos: Vec<u32>,
}

/// One room's schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomSchedule {
    pub room: Room,
    pub day_plan: DayPlan,
    pub live_slot_id: Option<Uuid>,
    pub days: Vec<ScheduleDay>,
    pub slots: Vec<ScheduleRow>,
}

/// The whole schedule at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub utc_offset_minutes: i32,
    pub default_plan: PhasePlan,
    pub rooms: Vec<RoomSchedule>,
}

impl ScheduleView {
    /// Every row of every room, in room and running order.
    pub fn rows(&self) -> impl Iterator<Item = &ScheduleRow> {
        self.rooms.iter().flat_map(|r| r.slots.iter())
    }
}

/// What the schedule view is built from.
pub struct ViewInput<'a> {
    /// Rooms in order, each with its day plan.
    pub rooms: &'a [(Room, DayPlan)],
    /// All slots, in room and running order.
    pub slots: &'a [Slot],
    pub entries: &'a [Entry],
    pub default_plan: &'a PhasePlan,
    /// Timers of the slots that have a history.
    pub timers: &'a HashMap<Uuid, PhaseTimer>,
    /// The live (called) slot of each room.
    pub live: &'a HashMap<Uuid, Uuid>,
    pub utc_offset_minutes: i32,
    pub now: DateTime<Utc>,
}

/// Assembles the schedule view.
pub fn build_view(input: &ViewInput<'_>) -> Result<ScheduleView> {
    let offset = time::venue_offset(input.utc_offset_minutes)?;
    let local = |at: DateTime<Utc>| time::to_local(at, offset);
    let entries: HashMap<Uuid, &Entry> = input.entries.iter().map(|e| (e.id, e)).collect();
    let mut rooms = Vec::with_capacity(input.rooms.len());
    for (room, day_plan) in input.rooms {
        let slots: Vec<Slot> = input
            .slots
            .iter()
            .filter(|s| s.room_id == room.id)
            .cloned()
            .collect();
        let live_slot_id = input.live.get(&room.id).copied();
        let (projected, lags) = project(
            room.id,
            &slots,
            input.default_plan,
            day_plan,
            input.timers,
            live_slot_id,
            input.now,
        )?;
        let no_of = |slot_id: &Uuid| {
            slots
                .iter()
                .find(|s| s.id == *slot_id)
                .and_then(|s| entries.get(&s.entry_id))
                .map(|e| e.no)
        };
        let days = lags
            .into_iter()
            .map(|lag| ScheduleDay {
                day_end_local: local(lag.day_end),
                projected_end_local: local(lag.projected_end),
                overflowing_nos: lag.overflowing.iter().filter_map(no_of).collect(),
                lag,
            })
            .collect();
        let mut rows = Vec::with_capacity(slots.len());
        for (slot, p) in slots.iter().zip(projected) {
            let entry = entries
                .get(&slot.entry_id)
                .ok_or_else(|| crate::error::Record::Entry.not_found(slot.entry_id))?;
            let idle;
            let timer = match input.timers.get(&slot.id) {
                Some(t) => t,
                None => {
                    idle = PhaseTimer::new(effective_plan(slot, input.default_plan).clone())?;
                    &idle
                }
            };
            let status = match timer.status() {
                // Marked absent: not waiting, and not on stage even while still the live slot.
                TimerStatus::Idle if entry.present == Some(false) => SlotStatus::Absent,
                TimerStatus::Idle if live_slot_id == Some(slot.id) => SlotStatus::Called,
                TimerStatus::Idle => SlotStatus::Waiting,
                TimerStatus::Running => SlotStatus::Running,
                TimerStatus::Paused => SlotStatus::Paused,
                TimerStatus::Finished => SlotStatus::Finished,
            };
            rows.push(ScheduleRow {
                slot_id: slot.id,
                room_id: room.id,
                position: slot.position,
                entry_id: entry.id,
                entry_no: entry.no,
                title: entry.title.clone(),
                agency: entry.agency.clone(),
                category: entry.category.clone(),
                present: entry.present,
                plan: timer.plan().clone(),
                plan_overridden: slot.plan_override.is_some(),
                status,
                date: local(slot.planned_start).date(),
                planned_start: p.planned_start,
                planned_end: p.planned_end,
                planned_start_local: local(p.planned_start),
                planned_end_local: local(p.planned_end),
                actual_start: timer.started_at(),
                actual_end: timer.finished_at(),
                actual_start_local: timer.started_at().map(local),
                actual_end_local: timer.finished_at().map(local),
                projected_start: p.start,
                projected_end: p.end,
                projected_start_local: local(p.start),
                delay_seconds: p.delay_seconds,
                another_day: p.another_day,
                phases: timer.view(input.now).phases,
            });
        }
        rooms.push(RoomSchedule {
            room: room.clone(),
            day_plan: day_plan.clone(),
            live_slot_id,
            days,
            slots: rows,
        });
    }
    Ok(ScheduleView {
        utc_offset_minutes: input.utc_offset_minutes,
        default_plan: input.default_plan.clone(),
        rooms,
    })
}

//! Schedule generation: back-to-back slots per room from a local start time, each slot
//! followed by its changeover, skipping configured pauses (lunch, prayer) and moving to the
//! next day when the day's end (or its slot limit) is reached. Edits (reorder, swap, no-show)
//! live in `edit`, the running-late projection in `projection`, the Jadwal read model in
//! `view` and the spreadsheet in `xlsx`.

mod edit;
mod projection;
pub mod refusal;
mod view;
pub mod xlsx;

#[cfg(test)]
mod tests;

pub use edit::{move_slot, move_to_end_of_day, swap_slots};
pub use projection::{project, DayLag, ProjectedSlot};
pub use view::{
    build_view, RoomSchedule, ScheduleDay, ScheduleRow, ScheduleView, SlotStatus, ViewInput,
};

use crate::error::Record;
use crate::model::{Entry, PhasePlan, Slot};
use crate::{time, Error, Result};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use refusal::ScheduleRefusal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// A pause in the day during which no slot runs, in venue-local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub label: String,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// How the days of a room run, in venue-local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPlan {
    pub first_day: NaiveDate,
    pub day_start: NaiveTime,
    pub day_end: NaiveTime,
    pub pauses: Vec<Pause>,
    /// Minutes east of UTC (WITA = 480).
    pub utc_offset_minutes: i32,
    /// Spread the shortlist over the days (e.g. Top 50 in four days) instead of filling
    /// each day to its end; `None` fills the days.
    #[serde(default)]
    pub max_slots_per_day: Option<u32>,
}

impl DayPlan {
    /// 08:00-17:00 with a lunch and prayer pause 12:00-13:00.
    pub fn typical(first_day: NaiveDate, utc_offset_minutes: i32) -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
        DayPlan {
            first_day,
            day_start: t(8, 0),
            day_end: t(17, 0),
            pauses: vec![Pause {
                label: "Ishoma".into(),
                start: t(12, 0),
                end: t(13, 0),
            }],
            utc_offset_minutes,
            max_slots_per_day: None,
        }
    }
}

/// The order in which entries are laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", content = "entries", rename_all = "snake_case")]
pub enum ScheduleOrder {
    /// By the shortlist number.
    No,
    /// Grouped by category (alphabetically, uncategorised last), by number within.
    Category,
    /// Exactly these entries in this order (as dragged on the Jadwal screen).
    Given(Vec<Uuid>),
}

/// `entries` in `order`. A given order must name known entries, each once; it may leave
/// some out.
pub fn order_entries(entries: &[Entry], order: &ScheduleOrder) -> Result<Vec<Entry>> {
    let mut out = entries.to_vec();
    match order {
        ScheduleOrder::No => out.sort_by_key(|e| e.no),
        ScheduleOrder::Category => out.sort_by_cached_key(|e| {
            let category = crate::text::collapse(&e.category).to_lowercase();
            (category.is_empty(), category, e.no)
        }),
        ScheduleOrder::Given(ids) => {
            let mut seen = HashSet::new();
            out = ids
                .iter()
                .map(|id| {
                    if !seen.insert(*id) {
                        let no = entries.iter().find(|e| e.id == *id).map(|e| e.no);
                        return Err(Error::Schedule(ScheduleRefusal::EntryListedTwice { no }));
                    }
                    entries
                        .iter()
                        .find(|e| e.id == *id)
                        .cloned()
                        .ok_or_else(|| Record::Entry.not_found(id))
                })
                .collect::<Result<_>>()?;
        }
    }
    Ok(out)
}

/// Checks a phase plan before it is saved or used: at least one phase, codes unique,
/// labels present, durations sensible.
pub fn validate_plan(plan: &PhasePlan) -> Result<()> {
    if plan.phases.is_empty() {
        return Err(Error::Schedule(ScheduleRefusal::PlanWithoutPhases));
    }
    let mut codes = HashSet::new();
    for (i, p) in plan.phases.iter().enumerate() {
        let phase = i + 1;
        if p.code.trim().is_empty() || !codes.insert(p.code.trim().to_lowercase()) {
            return Err(Error::Schedule(ScheduleRefusal::PhaseCodeRepeated {
                phase,
            }));
        }
        if p.label_id.trim().is_empty() || p.label_en.trim().is_empty() {
            return Err(Error::Schedule(ScheduleRefusal::PhaseNameMissing { phase }));
        }
        if !(1..=4 * 3600).contains(&p.seconds) {
            return Err(Error::Schedule(ScheduleRefusal::PhaseLength { phase }));
        }
    }
    if plan.changeover_seconds > 2 * 3600 {
        return Err(Error::Schedule(ScheduleRefusal::ChangeoverTooLong));
    }
    if plan.warning_seconds > 3600 {
        return Err(Error::Schedule(ScheduleRefusal::WarningTooEarly));
    }
    Ok(())
}

/// Checks a day plan: a day that ends after it starts, pauses inside it, a valid offset.
pub fn validate_day_plan(days: &DayPlan) -> Result<()> {
    time::venue_offset(days.utc_offset_minutes)?;
    if days.day_end <= days.day_start {
        return Err(Error::Schedule(ScheduleRefusal::DayEndsBeforeStart));
    }
    for p in &days.pauses {
        if p.end <= p.start {
            return Err(Error::Schedule(ScheduleRefusal::PauseEndsBeforeStart {
                label: p.label.clone(),
            }));
        }
    }
    if days.max_slots_per_day == Some(0) {
        return Err(Error::Schedule(ScheduleRefusal::NoSlotsPerDay));
    }
    Ok(())
}

/// The plan a slot runs on: its own, else the competition's.
pub fn effective_plan<'a>(slot: &'a Slot, default: &'a PhasePlan) -> &'a PhasePlan {
    slot.plan_override.as_ref().unwrap_or(default)
}

/// Lays out `entries` in the given order as slots of one room.
pub fn generate(
    room_id: Uuid,
    entries: &[Entry],
    plan: &PhasePlan,
    days: &DayPlan,
) -> Result<Vec<Slot>> {
    let mut slots: Vec<Slot> = entries
        .iter()
        .map(|entry| Slot {
            id: Uuid::now_v7(),
            room_id,
            entry_id: entry.id,
            position: 0,
            planned_start: DateTime::<Utc>::MIN_UTC,
            plan_override: None,
        })
        .collect();
    relayout(&mut slots, plan, days)?;
    Ok(slots)
}

/// Lays out `entries` (already in order) over several rooms running in parallel: each room
/// takes the next block of the order, the blocks as even as possible, with the same days.
pub fn generate_rooms(
    rooms: &[Uuid],
    entries: &[Entry],
    plan: &PhasePlan,
    days: &DayPlan,
) -> Result<Vec<Slot>> {
    if rooms.is_empty() {
        return Err(Error::Schedule(ScheduleRefusal::NoRooms));
    }
    let (per_room, extra) = (entries.len() / rooms.len(), entries.len() % rooms.len());
    let mut slots = Vec::with_capacity(entries.len());
    let mut rest = entries;
    for (i, room) in rooms.iter().enumerate() {
        let (block, tail) = rest.split_at(per_room + usize::from(i < extra));
        slots.extend(generate(*room, block, plan, days)?);
        rest = tail;
    }
    Ok(slots)
}

/// Renumbers a room's slots 1..n in their current order and recomputes every planned start
/// from the day plan, each slot taking its own plan's length. Called after any change.
pub fn relayout(slots: &mut [Slot], default_plan: &PhasePlan, days: &DayPlan) -> Result<()> {
    let steps: Vec<(i64, i64)> = slots
        .iter()
        .map(|s| {
            let plan = effective_plan(s, default_plan);
            (
                i64::from(plan.slot_seconds()),
                i64::from(plan.changeover_seconds),
            )
        })
        .collect();
    let starts = layout(&steps, days)?;
    for (i, (slot, start)) in slots.iter_mut().zip(starts).enumerate() {
        slot.position = i as u32 + 1;
        slot.planned_start = start;
    }
    Ok(())
}

/// Seconds since local midnight.
fn secs(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight())
}

/// The UTC instant of local `day` at `seconds` after midnight.
pub(crate) fn local_instant(days: &DayPlan, day: NaiveDate, seconds: i64) -> Result<DateTime<Utc>> {
    let offset = time::venue_offset(days.utc_offset_minutes)?;
    let naive = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::seconds(seconds);
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|dt| dt.with_timezone(&Utc))
        .ok_or(Error::Schedule(ScheduleRefusal::TimeDoesNotExist))
}

/// Start instants for slots of the given (length, changeover) in seconds, in order.
fn layout(steps: &[(i64, i64)], days: &DayPlan) -> Result<Vec<DateTime<Utc>>> {
    validate_day_plan(days)?;
    let (day_start, day_end) = (secs(days.day_start), secs(days.day_end));
    let pauses: Vec<(i64, i64)> = days
        .pauses
        .iter()
        .map(|p| (secs(p.start), secs(p.end)))
        .collect();
    let max_per_day = days.max_slots_per_day.unwrap_or(u32::MAX);
    let mut day = days.first_day;
    let mut start = day_start;
    let mut today = 0u32;
    let mut out = Vec::with_capacity(steps.len());
    for &(len, changeover) in steps {
        if len <= 0 || day_start + len > day_end {
            return Err(Error::Schedule(ScheduleRefusal::SlotLongerThanDay));
        }
        // A fresh day that still cannot take the slot (pauses leave no room) would loop for
        // ever; one retry on a fresh day is enough to know.
        let mut fresh_days = 0;
        loop {
            if today >= max_per_day || start + len > day_end {
                if fresh_days > 0 && today == 0 {
                    return Err(Error::Schedule(ScheduleRefusal::SlotBetweenPauses));
                }
                day = day
                    .succ_opt()
                    .ok_or(Error::Schedule(ScheduleRefusal::DateOverflow))?;
                start = day_start;
                today = 0;
                fresh_days += 1;
                continue;
            }
            match pauses
                .iter()
                .find(|(ps, pe)| start < *pe && start + len > *ps)
            {
                Some((_, pause_end)) => start = *pause_end,
                None => break,
            }
        }
        out.push(local_instant(days, day, start)?);
        start += len + changeover;
        today += 1;
    }
    Ok(out)
}

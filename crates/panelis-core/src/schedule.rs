//! Schedule generation: back-to-back slots for a room from a local start time, each slot
//! followed by its changeover, skipping configured pauses (lunch, prayer) and moving to the
//! next day when the day's end is reached.

use crate::model::{Entry, PhasePlan, Slot};
use crate::{Error, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
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
        }
    }
}

/// Lays out `entries` in the given order as slots of one room.
pub fn generate(
    room_id: Uuid,
    entries: &[Entry],
    plan: &PhasePlan,
    days: &DayPlan,
) -> Result<Vec<Slot>> {
    let offset = FixedOffset::east_opt(days.utc_offset_minutes * 60)
        .ok_or_else(|| Error::invalid("utc offset", "offset out of range"))?;
    let slot_len = Duration::seconds(i64::from(plan.slot_seconds()));
    let step = slot_len + Duration::seconds(i64::from(plan.changeover_seconds));
    if days.day_start + slot_len > days.day_end || slot_len.is_zero() {
        return Err(Error::invalid("day plan", "a slot does not fit into a day"));
    }
    let local = |day: NaiveDate, t: NaiveTime| -> Result<DateTime<Utc>> {
        offset
            .from_local_datetime(&day.and_time(t))
            .single()
            .map(|dt| dt.with_timezone(&Utc))
            .ok_or_else(|| Error::invalid("day plan", "a time does not exist"))
    };
    let mut day = days.first_day;
    let mut start = days.day_start;
    let mut slots = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        loop {
            let end = start + slot_len;
            if end > days.day_end || end < start {
                day = day
                    .succ_opt()
                    .ok_or_else(|| Error::invalid("day plan", "date overflow"))?;
                start = days.day_start;
                continue;
            }
            match days.pauses.iter().find(|p| start < p.end && end > p.start) {
                Some(p) => start = p.end,
                None => break,
            }
        }
        slots.push(Slot {
            id: Uuid::now_v7(),
            room_id,
            entry_id: entry.id,
            position: i as u32 + 1,
            planned_start: local(day, start)?,
            plan_override: None,
        });
        start += step;
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(no: u32) -> Entry {
        Entry {
            id: Uuid::now_v7(),
            no,
            title: format!("Inovasi {no}"),
            agency: String::new(),
            unit: String::new(),
            region: String::new(),
            innovators: String::new(),
            category: String::new(),
            present: None,
            head_attended: false,
        }
    }

    #[test]
    fn slots_skip_lunch_and_roll_to_the_next_day() {
        let day = NaiveDate::from_ymd_opt(2023, 3, 7).unwrap();
        let plan = PhasePlan::kipp_default(); // 25 min + 5 changeover = 30 min steps
        let entries: Vec<Entry> = (1..=20).map(entry).collect();
        let slots = generate(Uuid::now_v7(), &entries, &plan, &DayPlan::typical(day, 480)).unwrap();
        let local = |s: &Slot| {
            s.planned_start
                .with_timezone(&FixedOffset::east_opt(480 * 60).unwrap())
        };
        assert_eq!(
            local(&slots[0]).format("%F %R").to_string(),
            "2023-03-07 08:00"
        );
        assert_eq!(local(&slots[7]).format("%R").to_string(), "11:30");
        // 12:00 falls in the pause: the ninth slot starts at 13:00.
        assert_eq!(local(&slots[8]).format("%R").to_string(), "13:00");
        // 13:00 .. 16:30 holds 8 slots (the last 16:30-16:55), then the next day.
        assert_eq!(local(&slots[15]).format("%R").to_string(), "16:30");
        assert_eq!(
            local(&slots[16]).format("%F %R").to_string(),
            "2023-03-08 08:00"
        );
        assert!(slots
            .windows(2)
            .all(|w| w[0].planned_start < w[1].planned_start));
    }

    #[test]
    fn a_slot_longer_than_the_day_is_refused() {
        let mut plan = PhasePlan::kipp_default();
        plan.phases[0].seconds = 10 * 3600;
        let day = NaiveDate::from_ymd_opt(2023, 3, 7).unwrap();
        assert!(generate(
            Uuid::now_v7(),
            &[entry(1)],
            &plan,
            &DayPlan::typical(day, 480)
        )
        .is_err());
    }
}

//! Schedule tests: generation (orders, pauses, days, slots per day, rooms), reorder, swap,
//! no-show to the end of the day, per-slot plans, and the running-late projection.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::model::{Entry, PhasePlan, Slot};
use crate::timer::{Command, PhaseTimer, TimerStatus};
use chrono::{FixedOffset, TimeZone};
use std::collections::HashMap;

const WITA: i32 = 480;

fn entry(no: u32, category: &str) -> Entry {
    Entry {
        id: Uuid::now_v7(),
        no,
        title: format!("Inovasi {no}"),
        agency: String::new(),
        unit: String::new(),
        region: String::new(),
        innovators: String::new(),
        category: category.into(),
        cluster: String::new(),
        present: None,
        head_attended: false,
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 3, d).unwrap()
}

fn local(s: &Slot) -> String {
    s.planned_start
        .with_timezone(&FixedOffset::east_opt(WITA * 60).unwrap())
        .format("%d %H:%M")
        .to_string()
}

/// 2023-03-07 at local `h:m` (WITA), as UTC.
fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(WITA * 60)
        .unwrap()
        .with_ymd_and_hms(2023, 3, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn entries(n: u32) -> Vec<Entry> {
    (1..=n).map(|no| entry(no, "")).collect()
}

fn room_slots(n: u32) -> Vec<Slot> {
    generate(
        Uuid::now_v7(),
        &entries(n),
        &PhasePlan::kipp_default(),
        &DayPlan::typical(day(7), WITA),
    )
    .unwrap()
}

#[test]
fn slots_skip_lunch_and_roll_to_the_next_day() {
    let slots = room_slots(20); // 25 min + 5 changeover = 30 min steps
    assert_eq!(local(&slots[0]), "07 08:00");
    assert_eq!(local(&slots[7]), "07 11:30");
    // 12:00 falls in the pause: the ninth slot starts at 13:00.
    assert_eq!(local(&slots[8]), "07 13:00");
    // 13:00 .. 16:30 holds 8 slots (the last 16:30-16:55), then the next day.
    assert_eq!(local(&slots[15]), "07 16:30");
    assert_eq!(local(&slots[16]), "08 08:00");
    assert!(slots
        .windows(2)
        .all(|w| w[0].planned_start < w[1].planned_start));
    assert_eq!(
        slots.iter().map(|s| s.position).collect::<Vec<_>>(),
        (1..=20).collect::<Vec<_>>()
    );
}

#[test]
fn a_slot_overlapping_a_pause_waits_for_its_end() {
    // Slots of 25 + 5 from 08:10: 11:40 would run into the 12:00 pause.
    let mut days = DayPlan::typical(day(7), WITA);
    days.day_start = NaiveTime::from_hms_opt(8, 10, 0).unwrap();
    days.pauses.push(Pause {
        label: "Ashar".into(),
        start: NaiveTime::from_hms_opt(15, 15, 0).unwrap(),
        end: NaiveTime::from_hms_opt(15, 30, 0).unwrap(),
    });
    let slots = generate(
        Uuid::now_v7(),
        &entries(14),
        &PhasePlan::kipp_default(),
        &days,
    )
    .unwrap();
    assert_eq!(local(&slots[6]), "07 11:10");
    assert_eq!(local(&slots[7]), "07 13:00");
    // 15:00-15:25 would overlap Ashar: it waits until 15:30.
    assert_eq!(local(&slots[10]), "07 14:30");
    assert_eq!(local(&slots[11]), "07 15:30");
    assert_eq!(local(&slots[13]), "07 16:30");
}

#[test]
fn slots_per_day_spread_the_shortlist_over_the_days() {
    let mut days = DayPlan::typical(day(7), WITA);
    days.max_slots_per_day = Some(13);
    let slots = generate(
        Uuid::now_v7(),
        &entries(50),
        &PhasePlan::kipp_default(),
        &days,
    )
    .unwrap();
    let per_day = |d: &str| slots.iter().filter(|s| local(s).starts_with(d)).count();
    assert_eq!(
        (per_day("07"), per_day("08"), per_day("09"), per_day("10")),
        (13, 13, 13, 11)
    );
    assert_eq!(local(&slots[13]), "08 08:00");
}

#[test]
fn a_slot_longer_than_the_day_or_the_gaps_is_refused() {
    let mut plan = PhasePlan::kipp_default();
    plan.phases[0].seconds = 10 * 3600;
    let err = generate(
        Uuid::now_v7(),
        &entries(1),
        &plan,
        &DayPlan::typical(day(7), WITA),
    )
    .unwrap_err();
    assert_eq!(err.code(), "slot_longer_than_day");
    // Pauses that leave no 25-minute gap anywhere: refused, not an endless loop.
    let mut days = DayPlan::typical(day(7), WITA);
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    days.pauses = (8..17)
        .map(|h| Pause {
            label: format!("p{h}"),
            start: t(h, 20),
            end: t(h + 1, 0),
        })
        .collect();
    assert!(generate(
        Uuid::now_v7(),
        &entries(1),
        &PhasePlan::kipp_default(),
        &days
    )
    .is_err());
}

#[test]
fn bad_day_plans_are_refused() {
    let mut days = DayPlan::typical(day(7), WITA);
    days.day_end = days.day_start;
    assert!(validate_day_plan(&days).is_err());
    let mut days = DayPlan::typical(day(7), WITA);
    days.utc_offset_minutes = 24 * 60;
    assert!(validate_day_plan(&days).is_err());
    let mut days = DayPlan::typical(day(7), WITA);
    days.max_slots_per_day = Some(0);
    assert!(validate_day_plan(&days).is_err());
    let mut days = DayPlan::typical(day(7), WITA);
    days.pauses[0].end = days.pauses[0].start;
    assert!(validate_day_plan(&days).is_err());
}

#[test]
fn entries_are_ordered_by_no_by_category_or_as_given() {
    let list = vec![
        entry(3, "Kabupaten"),
        entry(1, "Kota"),
        entry(4, ""),
        entry(2, "kabupaten "),
        entry(5, "Instansi"),
    ];
    let nos = |v: Vec<Entry>| v.iter().map(|e| e.no).collect::<Vec<_>>();
    assert_eq!(
        nos(order_entries(&list, &ScheduleOrder::No).unwrap()),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(
        nos(order_entries(&list, &ScheduleOrder::Category).unwrap()),
        [5, 2, 3, 1, 4],
        "Instansi, Kabupaten (either spelling), Kota, then uncategorised"
    );
    let given = ScheduleOrder::Given(vec![list[4].id, list[0].id]);
    assert_eq!(nos(order_entries(&list, &given).unwrap()), [5, 3]);
    let twice = ScheduleOrder::Given(vec![list[0].id, list[0].id]);
    assert_eq!(
        order_entries(&list, &twice).unwrap_err().code(),
        "entry_listed_twice"
    );
    let unknown = ScheduleOrder::Given(vec![Uuid::now_v7()]);
    assert_eq!(
        order_entries(&list, &unknown).unwrap_err().code(),
        "not_found"
    );
    // The order travels as JSON from the Jadwal screen.
    let json = serde_json::to_value(&given).unwrap();
    assert_eq!(json["by"], "given");
    assert_eq!(
        serde_json::from_value::<ScheduleOrder>(serde_json::json!({ "by": "category" })).unwrap(),
        ScheduleOrder::Category
    );
}

#[test]
fn several_rooms_share_the_order_in_even_blocks() {
    let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let list = entries(10);
    let slots = generate_rooms(
        &[a, b, c],
        &list,
        &PhasePlan::kipp_default(),
        &DayPlan::typical(day(7), WITA),
    )
    .unwrap();
    let in_room = |r| slots.iter().filter(|s| s.room_id == r).collect::<Vec<_>>();
    assert_eq!(
        (in_room(a).len(), in_room(b).len(), in_room(c).len()),
        (4, 3, 3)
    );
    // Rooms run in parallel: each starts at 08:00 with position 1.
    for r in [a, b, c] {
        assert_eq!(local(in_room(r)[0]), "07 08:00");
        assert_eq!(in_room(r)[0].position, 1);
    }
    assert_eq!(in_room(b)[0].entry_id, list[4].id);
    assert!(generate_rooms(
        &[],
        &list,
        &PhasePlan::kipp_default(),
        &DayPlan::typical(day(7), WITA)
    )
    .is_err());
}

#[test]
fn move_swap_and_relayout_keep_times_in_place() {
    let plan = PhasePlan::kipp_default();
    let days = DayPlan::typical(day(7), WITA);
    let mut slots = room_slots(5);
    let ids: Vec<Uuid> = slots.iter().map(|s| s.id).collect();
    let times: Vec<String> = slots.iter().map(local).collect();
    move_slot(&mut slots, ids[4], 1).unwrap();
    relayout(&mut slots, &plan, &days).unwrap();
    assert_eq!(
        slots.iter().map(|s| s.id).collect::<Vec<_>>(),
        [ids[4], ids[0], ids[1], ids[2], ids[3]]
    );
    assert_eq!(slots.iter().map(local).collect::<Vec<_>>(), times);
    assert_eq!(slots[0].position, 1);
    swap_slots(&mut slots, ids[4], ids[2]).unwrap();
    relayout(&mut slots, &plan, &days).unwrap();
    assert_eq!(slots[0].id, ids[2]);
    assert_eq!(slots[3].id, ids[4]);
    assert_eq!(local(&slots[3]), "07 09:30");
    assert_eq!(
        move_slot(&mut slots, ids[0], 6).unwrap_err().code(),
        "position_out_of_range"
    );
    assert_eq!(
        move_slot(&mut slots, ids[0], 0).unwrap_err().code(),
        "position_out_of_range"
    );
    assert_eq!(
        move_slot(&mut slots, Uuid::now_v7(), 1).unwrap_err().code(),
        "not_found"
    );
    assert!(swap_slots(&mut slots, ids[0], ids[0]).is_err());
}

#[test]
fn a_no_show_goes_to_the_end_of_its_own_day() {
    let plan = PhasePlan::kipp_default();
    let days = DayPlan::typical(day(7), WITA);
    let mut slots = room_slots(20); // 16 on the 7th, 4 on the 8th
    let no_show = slots[2].id;
    let last_of_day = slots[15].id;
    move_to_end_of_day(&mut slots, no_show, WITA).unwrap();
    relayout(&mut slots, &plan, &days).unwrap();
    assert_eq!(slots[15].id, no_show);
    assert_eq!(local(&slots[15]), "07 16:30");
    assert_eq!(slots[14].id, last_of_day);
    assert_eq!(local(&slots[16]), "08 08:00", "the next day is untouched");
    // A no-show on the last slot of a day stays where it is.
    let before: Vec<Uuid> = slots.iter().map(|s| s.id).collect();
    move_to_end_of_day(&mut slots, no_show, WITA).unwrap();
    assert_eq!(slots.iter().map(|s| s.id).collect::<Vec<_>>(), before);
}

#[test]
fn a_slot_with_its_own_plan_shifts_the_ones_after_it() {
    let plan = PhasePlan::kipp_default();
    let days = DayPlan::typical(day(7), WITA);
    let mut slots = room_slots(3);
    let mut long = plan.clone();
    long.phases[3].seconds += 10 * 60; // Q&A 23 min
    slots[0].plan_override = Some(long);
    relayout(&mut slots, &plan, &days).unwrap();
    assert_eq!(local(&slots[1]), "07 08:40");
    assert_eq!(local(&slots[2]), "07 09:10");
}

#[test]
fn phase_plans_are_validated() {
    assert!(validate_plan(&PhasePlan::kipp_default()).is_ok());
    let broken = |f: fn(&mut PhasePlan)| {
        let mut p = PhasePlan::kipp_default();
        f(&mut p);
        validate_plan(&p).unwrap_err().code()
    };
    assert_eq!(broken(|p| p.phases.clear()), "plan_without_phases");
    assert_eq!(
        broken(|p| p.phases[1].code = "video".into()),
        "phase_code_repeated"
    );
    assert_eq!(
        broken(|p| p.phases[1].label_en = " ".into()),
        "phase_name_missing"
    );
    assert_eq!(broken(|p| p.phases[1].seconds = 0), "phase_length");
    assert_eq!(
        broken(|p| p.changeover_seconds = 3 * 3600),
        "changeover_too_long"
    );
    assert_eq!(broken(|p| p.warning_seconds = 7200), "warning_too_early");
}

// ---- running late ---------------------------------------------------------------------

/// A timer for `slot` that ran the given commands at local 7 March `h:m:s` times.
fn ran(cmds: &[(Command, (u32, u32, u32))]) -> PhaseTimer {
    let mut t = PhaseTimer::new(PhasePlan::kipp_default()).unwrap();
    for (c, (h, m, s)) in cmds {
        t.apply(*c, at(7, *h, *m) + chrono::Duration::seconds(i64::from(*s)))
            .unwrap();
    }
    t
}

fn finished(start: (u32, u32), end: (u32, u32)) -> PhaseTimer {
    ran(&[
        (Command::Start, (start.0, start.1, 0)),
        (Command::Finish, (end.0, end.1, 0)),
    ])
}

fn project_room(
    slots: &[Slot],
    timers: &HashMap<Uuid, PhaseTimer>,
    now: DateTime<Utc>,
) -> (Vec<ProjectedSlot>, Vec<DayLag>) {
    project_called(slots, timers, None, now)
}

/// As [`project_room`], with `called` the room's live slot.
fn project_called(
    slots: &[Slot],
    timers: &HashMap<Uuid, PhaseTimer>,
    called: Option<Uuid>,
    now: DateTime<Utc>,
) -> (Vec<ProjectedSlot>, Vec<DayLag>) {
    project(
        slots[0].room_id,
        slots,
        &PhasePlan::kipp_default(),
        &DayPlan::typical(day(7), WITA),
        timers,
        called,
        now,
    )
    .unwrap()
}

fn hm(at: DateTime<Utc>) -> String {
    at.with_timezone(&FixedOffset::east_opt(WITA * 60).unwrap())
        .format("%H:%M")
        .to_string()
}

#[test]
fn before_the_day_starts_everything_is_on_plan() {
    let slots = room_slots(20);
    let (p, lags) = project_room(&slots, &HashMap::new(), at(7, 7, 0));
    assert!(p
        .iter()
        .all(|s| s.start == s.planned_start && s.delay_seconds == 0));
    assert_eq!(lags.len(), 2);
    assert_eq!(
        (lags[0].date, lags[0].total, lags[0].finished),
        (day(7), 16, 0)
    );
    assert_eq!(lags[0].delay_seconds, 0);
}

#[test]
fn a_late_start_pushes_every_later_slot_until_the_pause() {
    let slots = room_slots(20);
    // The first slot started at 08:20 and is in its presentation at 08:30.
    let timers = HashMap::from([(
        slots[0].id,
        ran(&[(Command::Start, (8, 20, 0)), (Command::Next, (8, 23, 0))]),
    )]);
    let (p, lags) = project_room(&slots, &timers, at(7, 8, 30));
    assert_eq!(p[0].status, TimerStatus::Running);
    assert_eq!(p[0].delay_seconds, 20 * 60);
    assert_eq!(hm(p[0].end), "08:45");
    assert_eq!(hm(p[1].start), "08:50");
    assert_eq!(p[1].delay_seconds, 20 * 60);
    // Planned 11:30, it now runs into the pause ...
    assert_eq!(hm(p[7].start), "11:50");
    assert_eq!(hm(p[7].end), "12:15");
    // ... and the pause absorbs the delay.
    assert_eq!(hm(p[8].start), "13:00");
    assert_eq!(p[8].delay_seconds, 0);
    assert_eq!(
        lags[0].delay_seconds,
        20 * 60,
        "the next slot is 20 min behind"
    );
    // The next day is not affected.
    assert_eq!(p[16].delay_seconds, 0);
    assert_eq!(lags[1].delay_seconds, 0);
}

#[test]
fn a_quick_morning_puts_the_day_ahead() {
    let slots = room_slots(20);
    let timers = HashMap::from([
        (slots[0].id, finished((8, 0), (8, 20))),
        (slots[1].id, finished((8, 25), (8, 45))),
    ]);
    let (p, lags) = project_room(&slots, &timers, at(7, 8, 46));
    assert_eq!(hm(p[1].end), "08:45");
    assert_eq!(hm(p[2].start), "08:50");
    assert_eq!(p[2].delay_seconds, -10 * 60);
    assert_eq!(lags[0].delay_seconds, -10 * 60);
    assert_eq!(lags[0].finished, 2);
    assert_eq!(p[2].status, TimerStatus::Idle);
}

#[test]
fn nothing_is_late_before_the_day_has_begun() {
    let slots = room_slots(20);
    // A schedule made for today at 10:42, nothing called yet: every slot where planned.
    let (p, lags) = project_room(&slots, &HashMap::new(), at(7, 10, 42));
    assert!(p
        .iter()
        .all(|s| s.start == s.planned_start && s.delay_seconds == 0));
    assert!(lags.iter().all(|l| l.delay_seconds == 0 && !l.begun));
    assert!(lags.iter().all(|l| l.overflowing.is_empty()));
}

#[test]
fn waiting_slots_never_start_before_now_once_the_day_has_begun() {
    let slots = room_slots(20);
    // The first slot is called at 08:40: it can start at 08:40 at the earliest.
    let (p, lags) = project_called(&slots, &HashMap::new(), Some(slots[0].id), at(7, 8, 40));
    assert_eq!(hm(p[0].start), "08:40");
    assert_eq!(hm(p[1].start), "09:10");
    assert_eq!(lags[0].delay_seconds, 40 * 60);
    assert!(lags[0].begun);
    // The next day has not begun: it stays on plan.
    assert_eq!((lags[1].begun, lags[1].delay_seconds), (false, 0));
    assert_eq!(p[16].start, p[16].planned_start);
}

#[test]
fn a_day_running_past_its_end_names_the_slots_that_overflow() {
    let slots = room_slots(20);
    // The first slot started three hours late, at 11:00.
    let timers = HashMap::from([(slots[0].id, ran(&[(Command::Start, (11, 0, 0))]))]);
    let (p, lags) = project_room(&slots, &timers, at(7, 11, 5));
    // 11:00, 11:30, then after lunch 13:00 + 30 min each: No 10 ends 16:55, No 11 at 17:25.
    assert_eq!(hm(p[2].start), "13:00");
    assert_eq!(hm(p[9].end), "16:55");
    assert_eq!(hm(p[10].end), "17:25");
    assert_eq!(hm(lags[0].day_end), "17:00");
    assert_eq!(hm(lags[0].projected_end), "19:55");
    assert_eq!(
        lags[0].overflowing,
        slots[10..16].iter().map(|s| s.id).collect::<Vec<_>>()
    );
    // The second day is not touched.
    assert!(lags[1].overflowing.is_empty());
    assert_eq!(hm(lags[1].projected_end), "09:55");
    // A finished slot that ran past the end is history, not an overflow.
    let timers = HashMap::from([(slots[0].id, finished((16, 40), (17, 10)))]);
    let (_, lags) = project_room(&slots[..1], &timers, at(7, 17, 20));
    assert!(lags[0].overflowing.is_empty());
    assert_eq!(hm(lags[0].projected_end), "17:10");
}

#[test]
fn overtime_and_pauses_in_the_running_slot_are_projected() {
    let slots = room_slots(20);
    // Started on time, video over by 2 min, paused 3 min for the microphone.
    let timers = HashMap::from([(
        slots[0].id,
        ran(&[
            (Command::Start, (8, 0, 0)),
            (Command::Next, (8, 5, 0)),
            (Command::Pause, (8, 6, 0)),
            (Command::Resume, (8, 9, 0)),
        ]),
    )]);
    let (p, _) = project_room(&slots, &timers, at(7, 8, 10));
    // Presentation 7 min, 2 run by 08:10: 5 left, then 2 + 13: ends 08:30.
    assert_eq!(hm(p[0].end), "08:30");
    assert_eq!(hm(p[1].start), "08:35");
}

#[test]
fn an_advance_is_not_pulled_across_the_pause() {
    let slots = room_slots(20);
    let timers = HashMap::from([(slots[0].id, finished((8, 0), (8, 10)))]);
    let (p, _) = project_room(&slots, &timers, at(7, 8, 10));
    assert_eq!(hm(p[1].start), "08:15");
    assert_eq!(hm(p[7].start), "11:15");
    assert_eq!(hm(p[8].start), "13:00", "the afternoon stays after lunch");
}

#[test]
fn a_passed_over_slot_is_projected_at_the_end_of_its_day() {
    let slots = room_slots(20);
    // Slot 2 did not show when called; slot 3 presented in its place.
    let timers = HashMap::from([
        (slots[0].id, finished((8, 0), (8, 25))),
        (slots[2].id, finished((8, 30), (8, 55))),
    ]);
    let (p, lags) = project_room(&slots, &timers, at(7, 9, 0));
    assert_eq!(p[1].status, TimerStatus::Idle);
    assert_eq!(hm(p[3].start), "09:00");
    assert_eq!(
        lags[0].delay_seconds,
        -30 * 60,
        "the rest of the morning is ahead"
    );
    assert_eq!(lags[0].finished, 2);
    assert_eq!(hm(p[8].start), "13:00");
    assert_eq!(hm(p[15].start), "16:30");
    assert_eq!(hm(p[1].start), "17:00", "after the day's last slot");
    // Not two slots projected at the same time.
    let mut starts: Vec<_> = p[..16].iter().map(|s| s.start).collect();
    starts.sort();
    starts.dedup();
    assert_eq!(starts.len(), 16);
}

#[test]
fn when_the_day_is_done_its_lag_is_the_last_end() {
    let slots = room_slots(2);
    let timers = HashMap::from([
        (slots[0].id, finished((8, 0), (8, 30))),
        (slots[1].id, finished((8, 35), (9, 5))),
    ]);
    let (p, lags) = project_room(&slots, &timers, at(7, 12, 0));
    assert_eq!(hm(p[1].planned_end), "08:55");
    assert_eq!(lags[0].delay_seconds, 10 * 60);
    assert_eq!(lags[0].finished, 2);
}

#[test]
fn a_schedule_for_another_day_is_not_late_but_for_that_day() {
    let slots = room_slots(20);
    // The 7 March schedule, its first slot called on 9 March at 10:42: the projection runs
    // from now, and the two days of delay are the calendar's, not the room's.
    let (p, lags) = project_called(&slots, &HashMap::new(), Some(slots[0].id), at(9, 10, 42));
    assert_eq!(hm(p[0].start), "10:42");
    assert!(p[0].delay_seconds > 2 * 24 * 3600);
    assert!(p[0].another_day && p[1].another_day);
    assert!(lags[0].begun && lags[0].another_day);
    assert!(
        lags[0].overflowing.is_empty(),
        "7 March's 17:00 is not an end that 9 March runs past"
    );
    // 8 March has not begun: still where planned, on its own day.
    assert_eq!((lags[1].another_day, lags[1].delay_seconds), (false, 0));
    assert!(!p[16].another_day);
    // Run to its end on 9 March, the day's lag is its end on another day.
    let timers: HashMap<Uuid, PhaseTimer> = slots[..16]
        .iter()
        .map(|s| (s.id, finished((8, 0), (8, 20))))
        .collect();
    let (_, lags) = project_room(&slots, &timers, at(9, 9, 0));
    assert!(!lags[0].another_day, "finished on 7 March itself");
    let on_the_ninth = |s: &Slot| {
        let mut t = PhaseTimer::new(PhasePlan::kipp_default()).unwrap();
        t.apply(Command::Start, at(9, 8, 0)).unwrap();
        t.apply(Command::Finish, at(9, 8, 20)).unwrap();
        (s.id, t)
    };
    let timers: HashMap<Uuid, PhaseTimer> = slots[..16].iter().map(on_the_ninth).collect();
    let (p, lags) = project_room(&slots, &timers, at(9, 9, 0));
    assert!(p[0].another_day && lags[0].another_day);
    // The same day, late by hours, is late: not another day.
    let (p, lags) = project_called(&slots, &HashMap::new(), Some(slots[0].id), at(7, 13, 20));
    assert!(!p[0].another_day && !lags[0].another_day);
    assert!(lags[0].delay_seconds > 5 * 3600);
}

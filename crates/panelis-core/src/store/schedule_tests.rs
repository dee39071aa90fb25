//! Store tests of the schedule and the live timer: generation and edits round-trip with the
//! planned starts recomputed, timer transitions survive closing and reopening the file, and
//! the live control and projector read what was stored.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::model::{NewCompetition, NewEntry, PhasePlan, Room};
use crate::schedule::{ScheduleOrder, SlotStatus};
use crate::timer::{Command, TimerStatus, Urgency};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

/// Local (WITA) 7 March 2023 `h:m`, plus `s` seconds, as UTC.
fn at(h: u32, m: u32, s: i64) -> DateTime<Utc> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2023, 3, 7, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
        + Duration::seconds(s)
}

fn hm(at: DateTime<Utc>) -> String {
    at.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%H:%M")
        .to_string()
}

use crate::testing::demo_day as days;
use crate::testing::nos_in as nos;

/// A competition with `n` entries (categories alternate) and one room.
fn setup(dir: &tempfile::TempDir, n: u32) -> (Store, Room) {
    let mut store = crate::testing::create(&dir.path().join("c.panelis"), "KIPP Sulsel 2023");
    let entries: Vec<NewEntry> = (1..=n)
        .map(|no| NewEntry {
            no,
            title: format!("Inovasi {no}"),
            agency: format!("Pemkab {no}"),
            category: if no % 2 == 0 { "Kota" } else { "Kabupaten" }.into(),
            ..Default::default()
        })
        .collect();
    store.add_entries(&entries).unwrap();
    let room = store.add_room("Ruang Sidang Utama").unwrap();
    (store, room)
}

#[test]
fn generate_by_no_or_category_stores_slots_and_the_day_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 6);
    let mut plan = days();
    plan.max_slots_per_day = Some(4);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &plan)
        .unwrap();
    assert_eq!(nos(&store, room.id), [1, 2, 3, 4, 5, 6]);
    assert_eq!(store.room_day_plan(room.id).unwrap(), plan);
    let slots = store.slots().unwrap();
    assert_eq!(hm(slots[0].planned_start), "08:00");
    assert_eq!(
        slots[4]
            .planned_start
            .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
            .format("%d %H:%M")
            .to_string(),
        "08 08:00"
    );
    store
        .generate_schedule(&[room.id], &ScheduleOrder::Category, &days())
        .unwrap();
    assert_eq!(nos(&store, room.id), [1, 3, 5, 2, 4, 6]);
    assert_eq!(store.overview().unwrap().slots, 6);
    let unknown = store.generate_schedule(&[Uuid::now_v7()], &ScheduleOrder::No, &days());
    assert_eq!(unknown.unwrap_err().code(), "not_found");
}

#[test]
fn two_rooms_split_the_shortlist_and_swap_across() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a) = setup(&dir, 5);
    let b = store.add_room("Ruang Rapat 2").unwrap();
    store
        .generate_schedule(&[a.id, b.id], &ScheduleOrder::No, &days())
        .unwrap();
    assert_eq!(nos(&store, a.id), [1, 2, 3]);
    assert_eq!(nos(&store, b.id), [4, 5]);
    let (s2, s5) = (
        store.slot_of_entry_no(2).unwrap(),
        store.slot_of_entry_no(5).unwrap(),
    );
    store.swap_slots(s2.id, s5.id).unwrap();
    assert_eq!(nos(&store, a.id), [1, 5, 3]);
    assert_eq!(nos(&store, b.id), [4, 2]);
    let moved = store.slot(s5.id).unwrap();
    assert_eq!((moved.room_id, moved.position), (a.id, 2));
    assert_eq!(moved.planned_start, s2.planned_start);
    // Regenerating one room leaves the other room's entries where they are.
    store
        .generate_schedule(&[a.id], &ScheduleOrder::No, &days())
        .unwrap();
    assert_eq!(nos(&store, a.id), [1, 3, 5]);
    assert_eq!(nos(&store, b.id), [4, 2]);
    let given = ScheduleOrder::Given(vec![store.slot_of_entry_no(4).unwrap().entry_id]);
    let err = store
        .generate_schedule(&[a.id], &given, &days())
        .unwrap_err();
    assert!(err.to_string().contains("another room"), "{err}");
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn move_swap_and_no_show_recompute_the_planned_starts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 20);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let times: Vec<_> = store
        .slots()
        .unwrap()
        .iter()
        .map(|s| s.planned_start)
        .collect();
    let s5 = store.slot_of_entry_no(5).unwrap();
    store.move_slot(s5.id, 1).unwrap();
    assert_eq!(nos(&store, room.id)[..6], [5, 1, 2, 3, 4, 6]);
    let after: Vec<_> = store
        .slots()
        .unwrap()
        .iter()
        .map(|s| s.planned_start)
        .collect();
    assert_eq!(after, times, "the times stay, the entries move");
    assert_eq!(store.slot(s5.id).unwrap().planned_start, times[0]);
    store
        .swap_slots(s5.id, store.slot_of_entry_no(6).unwrap().id)
        .unwrap();
    assert_eq!(nos(&store, room.id)[..6], [6, 1, 2, 3, 4, 5]);
    // Entry 2 does not come when called: absent, and last of the first day (16 slots).
    let s2 = store.slot_of_entry_no(2).unwrap();
    store.call_slot(s2.id, None, at(8, 40, 0)).unwrap();
    store.mark_no_show(s2.id).unwrap();
    let order = nos(&store, room.id);
    assert_eq!(order[15], 2);
    assert_eq!(order[16], 17, "the second day is untouched");
    assert_eq!(hm(store.slot(s2.id).unwrap().planned_start), "16:30");
    let entry2 = store.entries().unwrap().into_iter().find(|e| e.no == 2);
    assert_eq!(entry2.unwrap().present, Some(false));
    // The schedule says so: absent, not waiting (nor still called); the others wait.
    let status = |store: &Store, no: u32| {
        let view = store.schedule_view(at(8, 45, 0)).unwrap();
        let status = view.rows().find(|r| r.entry_no == no).unwrap().status;
        status
    };
    assert_eq!(status(&store, 2), SlotStatus::Absent);
    assert_eq!(status(&store, 3), SlotStatus::Waiting);
    // Arriving later, called as present: on stage again.
    store.call_slot(s2.id, Some(true), at(16, 30, 0)).unwrap();
    assert_eq!(status(&store, 2), SlotStatus::Called);
    assert_eq!(
        store.move_slot(s2.id, 99).unwrap_err().code(),
        "position_out_of_range",
        "out of range"
    );
    let actions: Vec<String> = store
        .audit_events()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "schedule.generated",
        "schedule.moved",
        "schedule.swapped",
        "entry.attendance",
        "schedule.moved_to_end_of_day",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn plans_per_slot_and_per_competition_shift_the_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 3);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let s1 = store.slot_of_entry_no(1).unwrap();
    let mut long = PhasePlan::kipp_default();
    long.phases[3].seconds = 23 * 60;
    store.set_slot_plan(s1.id, Some(&long)).unwrap();
    assert_eq!(
        hm(store.slot_of_entry_no(2).unwrap().planned_start),
        "08:40"
    );
    assert_eq!(store.slot(s1.id).unwrap().plan_override, Some(long));
    store.set_slot_plan(s1.id, None).unwrap();
    assert_eq!(
        hm(store.slot_of_entry_no(2).unwrap().planned_start),
        "08:30"
    );
    // Sulsel 2021 style: presentation 7 + video 3 + Q&A 20, changeover 5: 35 min steps.
    let mut plan = PhasePlan::kipp_default();
    plan.phases.remove(2);
    plan.phases[2].seconds = 20 * 60; // Q&A
    store.set_phase_plan(&plan).unwrap();
    assert_eq!(store.phase_plan().unwrap(), plan);
    assert_eq!(
        hm(store.slot_of_entry_no(3).unwrap().planned_start),
        "09:10"
    );
    // An invalid plan changes nothing.
    let mut bad = plan.clone();
    bad.phases.clear();
    assert_eq!(
        store.set_phase_plan(&bad).unwrap_err().code(),
        "plan_without_phases"
    );
    assert_eq!(store.phase_plan().unwrap(), plan);
    // A plan that no longer fits a day is refused as a whole.
    let mut huge = plan.clone();
    huge.phases[0].seconds = 4 * 3600;
    huge.phases[1].seconds = 4 * 3600;
    huge.phases[2].seconds = 4 * 3600;
    assert!(store.set_phase_plan(&huge).is_err());
    assert_eq!(store.phase_plan().unwrap(), plan);
}

#[test]
fn timer_transitions_survive_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.panelis");
    let slot_id = {
        let (mut store, room) = setup(&dir, 3);
        store
            .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
            .unwrap();
        let slot = store.slot_of_entry_no(1).unwrap();
        store.call_slot(slot.id, Some(true), at(8, 0, 0)).unwrap();
        for (c, t) in [
            (Command::Start, at(8, 2, 0)),
            (Command::Next, at(8, 5, 30)), // video 30 s over
            (Command::PLUS_MINUTE, at(8, 6, 0)),
            (Command::Pause, at(8, 7, 0)),
            (Command::Resume, at(8, 9, 0)),
        ] {
            store.timer_command(slot.id, c, t).unwrap();
        }
        slot.id
        // The app is killed here.
    };
    let mut store = Store::open(&path).unwrap();
    let v = store.slot_timer(slot_id).unwrap().view(at(8, 12, 0));
    assert_eq!(v.status, TimerStatus::Running);
    assert_eq!(v.phase_code, "presentasi");
    // 90 s before the pause + 180 s since the resume, of 8 min.
    assert_eq!(v.remaining_seconds, 480 - 270);
    assert_eq!(v.phases[0].overtime_seconds, 30);
    assert_eq!(v.started_at, Some(at(8, 2, 0)));
    // The clock of the laptop jumped back: the stored instant is clamped, never earlier.
    let timer = store
        .timer_command(slot_id, Command::Next, at(7, 0, 0))
        .unwrap();
    assert_eq!(timer.last_at(), Some(at(8, 9, 0)));
    // A refused transition writes nothing, not even an audit event.
    let before = store.audit_events().unwrap().len();
    assert_eq!(
        store
            .timer_command(slot_id, Command::Resume, at(8, 13, 0))
            .unwrap_err()
            .code(),
        "timer_not_paused"
    );
    assert_eq!(store.audit_events().unwrap().len(), before);
    store
        .timer_command(slot_id, Command::Finish, at(8, 30, 0))
        .unwrap();
    let reopened = Store::open(&path).unwrap();
    let actual = reopened.slot_actuals(at(9, 0, 0)).unwrap();
    assert_eq!(actual.len(), 1);
    assert_eq!(actual[0].status, TimerStatus::Finished);
    assert_eq!(
        (actual[0].started_at, actual[0].finished_at),
        (Some(at(8, 2, 0)), Some(at(8, 30, 0)))
    );
    assert_eq!(reopened.verify_audit().unwrap(), None);
    assert!(reopened
        .audit_events()
        .unwrap()
        .iter()
        .any(|e| e.action == "timer.adjust" && e.detail["seconds"] == 60));
}

#[test]
fn a_started_slot_keeps_the_plan_it_started_with() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 2);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let slot = store.slot_of_entry_no(1).unwrap();
    store
        .timer_command(slot.id, Command::Start, at(8, 0, 0))
        .unwrap();
    let mut short = PhasePlan::kipp_default();
    short.phases.truncate(1);
    store.set_phase_plan(&short).unwrap();
    let timer = store.slot_timer(slot.id).unwrap();
    assert_eq!(timer.view(at(8, 0, 0)).phase_count, 4);
    assert_eq!(
        store
            .set_slot_plan(slot.id, Some(&short))
            .unwrap_err()
            .code(),
        "started_plan_fixed"
    );
    // And the schedule cannot be regenerated over a slot that ran.
    let err = store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap_err();
    assert_eq!(err.code(), "already_presented");
    assert!(err.to_string().contains("No 1"), "{err}");
    let fresh = crate::schedule::generate(room.id, &[], &short, &days()).unwrap();
    assert_eq!(
        store
            .replace_room_slots(room.id, &fresh)
            .unwrap_err()
            .code(),
        "already_presented"
    );
    assert_eq!(store.slots().unwrap().len(), 2);
}

#[test]
fn one_slot_at_a_time_per_room_and_next_up_follows_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 3);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    assert_eq!(store.live_slot(None).unwrap(), None);
    let (s1, s2, s3) = (
        store.slot_of_entry_no(1).unwrap(),
        store.slot_of_entry_no(2).unwrap(),
        store.slot_of_entry_no(3).unwrap(),
    );
    assert_eq!(store.next_slot(None).unwrap().map(|s| s.id), Some(s1.id));
    store
        .timer_command(s1.id, Command::Start, at(8, 0, 0))
        .unwrap();
    assert_eq!(store.live_slot(None).unwrap().map(|s| s.id), Some(s1.id));
    assert_eq!(store.next_slot(None).unwrap().map(|s| s.id), Some(s2.id));
    let busy = store
        .timer_command(s2.id, Command::Start, at(8, 1, 0))
        .unwrap_err();
    assert!(busy.to_string().contains("No 1"), "{busy}");
    assert_eq!(
        store
            .call_slot(s2.id, None, at(8, 1, 0))
            .unwrap_err()
            .code(),
        "still_presenting"
    );
    store
        .timer_command(s1.id, Command::Finish, at(8, 25, 0))
        .unwrap();
    store.call_slot(s3.id, Some(true), at(8, 26, 0)).unwrap();
    assert_eq!(
        store.live_slot(Some(room.id)).unwrap().map(|s| s.id),
        Some(s3.id)
    );
    // After 3 only 2 is left (it was passed over).
    assert_eq!(store.next_slot(None).unwrap().map(|s| s.id), Some(s2.id));
    let view = store.schedule_view(at(8, 27, 0)).unwrap();
    let status: Vec<SlotStatus> = view.rows().map(|r| r.status).collect();
    assert_eq!(
        status,
        [
            SlotStatus::Finished,
            SlotStatus::Waiting,
            SlotStatus::Called
        ]
    );
    assert_eq!(view.rooms[0].live_slot_id, Some(s3.id));
    let present = store.entries().unwrap()[2].present;
    assert_eq!(present, Some(true), "checked in at call time");
}

#[test]
fn the_live_control_and_the_projector_read_the_stored_timer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 2);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let waiting = store.projector_view(None, at(7, 55, 0)).unwrap();
    assert!(!waiting.live);
    assert_eq!(waiting.state_id, "Menunggu");
    assert_eq!(waiting.room, "Ruang Sidang Utama");
    assert_eq!(waiting.next_up.as_ref().map(|n| n.entry_no), Some(1));
    assert_eq!(
        waiting.next_up.as_ref().map(|n| n.planned_time.as_str()),
        Some("08:00")
    );
    assert!(store.live_view(None, at(7, 55, 0)).unwrap().is_none());

    let s1 = store.slot_of_entry_no(1).unwrap();
    store.call_slot(s1.id, Some(true), at(7, 58, 0)).unwrap();
    let ready = store.projector_view(None, at(7, 59, 0)).unwrap();
    assert_eq!((ready.live, ready.state_en.as_str()), (true, "Get ready"));
    assert_eq!(ready.clock, "03:00");
    store
        .timer_command(s1.id, Command::Start, at(8, 0, 0))
        .unwrap();
    let p = store.projector_view(Some(room.id), at(8, 2, 0)).unwrap();
    assert_eq!(p.competition, "KIPP Sulsel 2023");
    assert_eq!((p.clock.as_str(), p.urgency), ("01:00", Urgency::Warning));
    assert_eq!(p.state_id, "Waktu hampir habis");
    assert_eq!(
        (p.phase_label_id.as_str(), p.phase_label_en.as_str()),
        ("Video", "Video")
    );
    assert_eq!((p.phase_number, p.phase_count), (1, 4));
    assert_eq!(p.entry_title, "Inovasi 1");
    assert_eq!(p.entry_agency, "Pemkab 1");
    assert!((p.progress - 2.0 / 3.0).abs() < 1e-9);
    // What the projector needs to tick the clock locally between syncs: the remaining
    // time, and when the core's urgency changes (no threshold of its own).
    assert_eq!((p.remaining_ms, p.allowed_seconds), (60_000, 180));
    assert_eq!(
        p.urgency_changes
            .iter()
            .map(|c| (c.in_ms, c.urgency, c.state_id.as_str()))
            .collect::<Vec<_>>(),
        [(60_000, Urgency::Danger, "Waktu habis")]
    );
    assert_eq!(p.next_up.as_ref().map(|n| n.entry_no), Some(2));
    let late = store.projector_view(None, at(8, 4, 0)).unwrap();
    assert_eq!(
        (late.clock.as_str(), late.state_en.as_str()),
        ("+01:00", "Time is up")
    );
    // Nothing private reaches the projector.
    let json = serde_json::to_string(&p).unwrap();
    for private in ["present", "score", "panel", "head_attended", "innovators"] {
        assert!(!json.contains(private), "{private} in {json}");
    }
    let live = store.live_view(None, at(8, 2, 0)).unwrap().unwrap();
    assert_eq!(live.slot.id, s1.id);
    assert_eq!(live.entry.present, Some(true));
    assert_eq!(live.timer.remaining_seconds, 60);
    assert_eq!(live.room.id, room.id);

    // Finished in overtime: the projector is calm, says the entry is done and who is next,
    // at the time the day now expects (08:44 + 5 min changeover), the plan beside it.
    store
        .timer_command(s1.id, Command::Finish, at(8, 44, 0))
        .unwrap();
    let done = store.projector_view(None, at(8, 44, 39)).unwrap();
    assert_eq!(done.status, TimerStatus::Finished);
    assert_eq!(done.urgency, Urgency::Normal);
    assert_eq!(done.state_id, "Selesai");
    assert_eq!(done.entry_no, Some(1));
    let next = done.next_up.unwrap();
    assert_eq!(next.entry_no, 2);
    assert_eq!(
        (next.projected_time.as_str(), next.planned_time.as_str()),
        ("08:49", "08:30")
    );
    assert_eq!(next.delay_seconds, 19 * 60);
    // Not before now: called at 08:55, No 2 is expected at 08:55.
    let later = store.live_view(None, at(8, 55, 0)).unwrap().unwrap();
    assert_eq!(later.next_up.unwrap().projected_time, "08:55");
}

#[test]
fn before_the_first_call_next_up_is_expected_when_planned() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 2);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    // 10:42 and nothing called: the day has not begun, so nothing is late yet.
    let waiting = store.projector_view(None, at(10, 42, 0)).unwrap();
    let next = waiting.next_up.unwrap();
    assert_eq!(
        (next.projected_time.as_str(), next.delay_seconds),
        ("08:00", 0)
    );
    let view = store.schedule_view(at(10, 42, 0)).unwrap();
    assert!(view.rows().all(|r| r.delay_seconds == 0));
    // Called at 10:42: from now on the day runs late.
    store.call_slot(next.slot_id, None, at(10, 42, 0)).unwrap();
    let view = store.schedule_view(at(10, 43, 0)).unwrap();
    let rows: Vec<_> = view.rows().collect();
    assert_eq!(hm(rows[0].projected_start), "10:43");
    assert_eq!(view.rooms[0].days[0].lag.delay_seconds, (2 * 60 + 43) * 60);
}

#[test]
fn presenting_now_is_the_called_slot_until_it_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 3);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    assert!(store.presenting_now(at(7, 59, 0)).unwrap().is_none());
    let (s1, s2) = (
        store.slot_of_entry_no(1).unwrap(),
        store.slot_of_entry_no(2).unwrap(),
    );
    // Called (not started yet) is presenting: the panel opens that entry's sheet.
    store.call_slot(s1.id, Some(true), at(8, 0, 0)).unwrap();
    let now = store.presenting_now(at(8, 0, 30)).unwrap().unwrap();
    assert_eq!(now.entry.no, 1);
    store
        .timer_command(s1.id, Command::Start, at(8, 1, 0))
        .unwrap();
    store
        .timer_command(s1.id, Command::Pause, at(8, 5, 0))
        .unwrap();
    assert_eq!(
        store.presenting().unwrap().len(),
        1,
        "paused still presents"
    );
    store
        .timer_command(s1.id, Command::Finish, at(8, 26, 0))
        .unwrap();
    // Finished: nothing presents, though the live control still shows No 1 done.
    assert!(store.presenting_now(at(8, 40, 0)).unwrap().is_none());
    assert!(store.presenting().unwrap().is_empty());
    let control = store.live_view(None, at(8, 40, 0)).unwrap().unwrap();
    assert_eq!(
        (control.entry.no, control.timer.status),
        (1, TimerStatus::Finished)
    );
    // The next call presents again.
    store.call_slot(s2.id, None, at(8, 41, 0)).unwrap();
    let now = store.presenting_now(at(8, 41, 0)).unwrap().unwrap();
    assert_eq!(now.entry.no, 2);
    let p = store.presenting().unwrap();
    assert_eq!(
        (p.len(), p[0].room.id, p[0].called_at),
        (1, room.id, at(8, 41, 0))
    );
}

#[test]
fn the_first_day_of_a_new_schedule_is_the_competitions() {
    let dir = tempfile::tempdir().unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let mut store = Store::create(
        &dir.path().join("c.panelis"),
        &NewCompetition {
            name: "KIPP 2026".into(),
            start_date: Some(first),
            end_date: Some(first),
            ..Default::default()
        },
    )
    .unwrap();
    let room = store.add_room("Ruang A").unwrap();
    let days = store.room_day_plan(room.id).unwrap();
    assert_eq!(days.first_day, first);
    assert_eq!(days.day_start.to_string(), "08:00:00");
    // Without a first day: today at the venue.
    let dir = tempfile::tempdir().unwrap();
    let (store, room) = setup(&dir, 1);
    let today = crate::time::to_local(
        crate::time::now(),
        crate::time::venue_offset(store.utc_offset_minutes().unwrap()).unwrap(),
    )
    .date();
    assert_eq!(store.room_day_plan(room.id).unwrap().first_day, today);
}

#[test]
fn the_schedule_view_names_the_entries_a_late_day_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 16);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let s1 = store.slot_of_entry_no(1).unwrap();
    store
        .timer_command(s1.id, Command::Start, at(11, 0, 0))
        .unwrap();
    let view = store.schedule_view(at(11, 2, 0)).unwrap();
    let day = &view.rooms[0].days[0];
    assert_eq!(day.overflowing_nos, [11, 12, 13, 14, 15, 16]);
    assert_eq!(day.day_end_local.format("%H:%M").to_string(), "17:00");
    assert_eq!(day.projected_end_local.format("%H:%M").to_string(), "19:55");
    let json = serde_json::to_value(day).unwrap();
    assert_eq!(
        json["delay_seconds"],
        3 * 3600,
        "the lag's fields stay flat"
    );
    // Three hours late on its own day is late, not a schedule for another day (the
    // screens read these two flags by name).
    assert_eq!(json["another_day"], false);
    let row = serde_json::to_value(view.rows().nth(1).unwrap()).unwrap();
    assert_eq!(row["another_day"], false);
}

#[test]
fn the_schedule_view_shows_actuals_and_the_running_late_projection() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 4);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let s1 = store.slot_of_entry_no(1).unwrap();
    store
        .timer_command(s1.id, Command::Start, at(8, 10, 0))
        .unwrap();
    store
        .timer_command(s1.id, Command::Finish, at(8, 40, 0))
        .unwrap();
    let view = store.schedule_view(at(8, 41, 0)).unwrap();
    let rows: Vec<_> = view.rows().collect();
    assert_eq!(rows[0].actual_start, Some(at(8, 10, 0)));
    assert_eq!(
        rows[0]
            .actual_end_local
            .map(|t| t.format("%H:%M").to_string()),
        Some("08:40".into())
    );
    assert_eq!(rows[0].delay_seconds, 600);
    assert_eq!(hm(rows[1].projected_start), "08:45");
    assert_eq!(rows[1].delay_seconds, 15 * 60);
    assert_eq!(
        rows[1].planned_start_local.format("%H:%M").to_string(),
        "08:30"
    );
    assert_eq!(view.rooms[0].days[0].lag.delay_seconds, 15 * 60);
    assert_eq!(rows[0].phases[0].started_at, Some(at(8, 10, 0)));
    assert_eq!(rows[1].phases.len(), 4);
    assert!(rows[1].phases.iter().all(|p| p.started_at.is_none()));
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["rooms"][0]["slots"][0]["status"], "finished");
}

#[test]
fn the_schedule_exports_to_xlsx_in_local_time() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, room) = setup(&dir, 3);
    store
        .generate_schedule(&[room.id], &ScheduleOrder::No, &days())
        .unwrap();
    let s1 = store.slot_of_entry_no(1).unwrap();
    store
        .timer_command(s1.id, Command::Start, at(8, 5, 0))
        .unwrap();
    store
        .timer_command(s1.id, Command::Next, at(8, 9, 0))
        .unwrap();
    let path = dir.path().join("jadwal.xlsx");
    store
        .export_schedule_xlsx(&path, crate::lang::Lang::Id, at(8, 10, 0))
        .unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Jadwal", "Fase"]);
    let sheet = book.worksheet_range("Jadwal").unwrap();
    assert_eq!(sheet.get((0, 4)), Some(&Data::String("Inovasi".into())));
    assert_eq!(sheet.get((1, 4)), Some(&Data::String("Inovasi 1".into())));
    let time_of = |cell: Option<&Data>| match cell {
        Some(Data::DateTime(d)) => {
            // An Excel serial date: the fraction of the day is the time.
            let minutes = (d.as_f64().fract() * 1440.0).round() as u32;
            Some(format!("{:02}:{:02}", minutes / 60, minutes % 60))
        }
        other => panic!("not a time: {other:?}"),
    };
    assert_eq!(
        time_of(sheet.get((1, 8))),
        Some("08:00".into()),
        "planned, WITA"
    );
    assert_eq!(
        time_of(sheet.get((1, 10))),
        Some("08:05".into()),
        "actual, WITA"
    );
    assert_eq!(
        sheet.get((1, 13)),
        Some(&Data::Float(5.0)),
        "5 minutes late"
    );
    assert_eq!(
        sheet.get((1, 14)),
        Some(&Data::String("Berlangsung".into()))
    );
    assert_eq!(
        time_of(sheet.get((2, 12))),
        Some("08:36".into()),
        "projected"
    );
    let phases = book.worksheet_range("Fase").unwrap();
    assert_eq!(phases.height(), 1 + 3 * 4);
    assert_eq!(phases.get((1, 3)), Some(&Data::String("Video".into())));
    // Video: 4 minutes used of 3: one minute over, as a duration (1/1440 of a day).
    match phases.get((1, 9)) {
        Some(Data::DateTime(d)) => assert!((d.as_f64() - 60.0 / 86_400.0).abs() < 1e-9),
        Some(Data::Float(f)) => assert!((f - 60.0 / 86_400.0).abs() < 1e-9),
        other => panic!("overtime cell: {other:?}"),
    }
    let bytes = crate::schedule::xlsx::schedule_bytes(
        &store.schedule_view(at(8, 10, 0)).unwrap(),
        "Jadwal",
        crate::lang::Lang::En,
    )
    .unwrap();
    assert_eq!(&bytes[..2], b"PK");
}

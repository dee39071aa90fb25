//! Timer tests: every transition, pauses across phase ends, overtime, add/take a minute,
//! previous phase, restart, finish, the clock going backwards, and recovery from the stored
//! list of transitions.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::model::PhasePlan;
use chrono::TimeZone;

/// 2023-03-07 08:00:00 UTC plus `s` seconds.
fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 3, 7, 0, 0, 0).unwrap() + Duration::seconds(s)
}

fn ms(s: i64, millis: i64) -> DateTime<Utc> {
    t(s) + Duration::milliseconds(millis)
}

/// Video 180, presentation 420, testimony 120, Q&A 780.
fn timer() -> PhaseTimer {
    PhaseTimer::new(PhasePlan::kipp_default()).unwrap()
}

fn run(cmds: &[(Command, i64)]) -> PhaseTimer {
    let mut timer = timer();
    for (c, at) in cmds {
        timer.apply(*c, t(*at)).unwrap();
    }
    timer
}

#[test]
fn idle_timer_shows_the_first_phase_full() {
    let v = timer().view(t(0));
    assert_eq!(v.status, TimerStatus::Idle);
    assert_eq!((v.phase_index, v.phase_count), (0, 4));
    assert_eq!(v.phase_code, "video");
    assert_eq!(v.remaining_seconds, 180);
    assert_eq!(v.clock, "03:00");
    assert_eq!(v.urgency, Urgency::Normal);
    assert_eq!(v.progress, 0.0);
    assert_eq!(v.slot_elapsed_seconds, 0);
    assert_eq!(v.slot_planned_seconds, 25 * 60);
    assert!(v.phases.iter().all(|p| p.started_at.is_none()));
}

#[test]
fn a_running_phase_counts_down_then_warns_then_turns_danger_and_overtime() {
    let timer = run(&[(Command::Start, 0)]);
    let v = timer.view(t(100));
    assert_eq!(
        (v.status, v.remaining_seconds, v.urgency),
        (TimerStatus::Running, 80, Urgency::Normal)
    );
    assert_eq!(v.clock, "01:20");
    // 60.5 s left still shows 01:01 and is not yet the warning.
    assert_eq!(timer.view(ms(119, 500)).remaining_seconds, 61);
    assert_eq!(timer.view(ms(119, 500)).remaining_ms, 60_500);
    assert_eq!(timer.view(ms(119, 500)).urgency, Urgency::Normal);
    let v = timer.view(t(120));
    assert_eq!((v.clock.as_str(), v.urgency), ("01:00", Urgency::Warning));
    assert_eq!(timer.view(ms(179, 1)).clock, "00:01");
    assert_eq!(timer.view(ms(179, 1)).urgency, Urgency::Warning);
    let v = timer.view(t(180));
    assert_eq!((v.remaining_seconds, v.urgency), (0, Urgency::Danger));
    assert_eq!(v.clock, "00:00");
    assert_eq!(v.progress, 1.0);
    let v = timer.view(t(180 + 75));
    assert_eq!(v.remaining_seconds, -75);
    assert_eq!(v.remaining_ms, -75_000);
    assert_eq!(v.overtime_seconds, 75);
    assert_eq!(v.clock, "+01:15");
    assert_eq!(v.urgency, Urgency::Danger);
    assert_eq!(v.phases[0].overtime_seconds, 75);
    // Overtime keeps counting; the timer never moves on by itself.
    assert_eq!(timer.view(t(180 + 3600)).clock, "+60:00");
    assert_eq!(timer.view(t(180 + 3600)).phase_index, 0);
}

#[test]
fn the_warning_threshold_comes_from_the_plan() {
    let mut plan = PhasePlan::kipp_default();
    plan.warning_seconds = 30;
    let mut timer = PhaseTimer::new(plan).unwrap();
    timer.apply(Command::Start, t(0)).unwrap();
    assert_eq!(timer.view(t(149)).urgency, Urgency::Normal);
    assert_eq!(timer.view(t(150)).urgency, Urgency::Warning);
    assert_eq!(timer.view(t(149)).urgency_changes[0].in_ms, 1000);
}

#[test]
fn pause_stops_the_clock_even_across_the_phase_end() {
    // Paused 10 s before the end of the video, for ten minutes: still 10 s left.
    let timer = run(&[(Command::Start, 0), (Command::Pause, 170)]);
    let v = timer.view(t(170 + 600));
    assert_eq!(v.status, TimerStatus::Paused);
    assert_eq!(v.remaining_seconds, 10);
    assert_eq!(v.urgency, Urgency::Warning);
    assert_eq!(
        v.slot_elapsed_seconds, 170,
        "the slot's running time leaves the pause out"
    );
    assert_eq!(v.paused_at, Some(t(170)), "what is paused, since when");
    // Resumed, it crosses zero 10 s later and counts overtime from there.
    let timer = run(&[
        (Command::Start, 0),
        (Command::Pause, 170),
        (Command::Resume, 770),
    ]);
    assert_eq!(timer.view(t(779)).remaining_seconds, 1);
    assert_eq!(timer.view(t(779)).slot_elapsed_seconds, 179);
    assert_eq!(timer.view(t(779)).paused_at, None);
    assert_eq!(timer.view(t(780)).urgency, Urgency::Danger);
    assert_eq!(timer.view(t(800)).remaining_seconds, -20);
    // Paused in overtime: the overtime is frozen and still shown as danger.
    let timer = run(&[
        (Command::Start, 0),
        (Command::Pause, 200),
        (Command::Resume, 300),
        (Command::Pause, 310),
    ]);
    let v = timer.view(t(5000));
    assert_eq!((v.remaining_seconds, v.urgency), (-30, Urgency::Danger));
    assert_eq!(v.clock, "+00:30");
}

#[test]
fn next_phase_records_actual_start_end_and_overtime() {
    let timer = run(&[
        (Command::Start, 0),
        (Command::Next, 200), // video 20 s over
        (Command::Next, 500), // presentation 120 s early
    ]);
    let v = timer.view(t(560));
    assert_eq!(v.phase_index, 2);
    assert_eq!(v.phase_code, "testimoni");
    assert_eq!(v.remaining_seconds, 60);
    assert_eq!(v.urgency, Urgency::Warning);
    let p = &v.phases;
    assert_eq!((p[0].started_at, p[0].ended_at), (Some(t(0)), Some(t(200))));
    assert_eq!((p[0].elapsed_seconds, p[0].overtime_seconds), (200, 20));
    assert_eq!(
        (p[1].started_at, p[1].ended_at),
        (Some(t(200)), Some(t(500)))
    );
    assert_eq!((p[1].elapsed_seconds, p[1].overtime_seconds), (300, 0));
    assert_eq!((p[2].started_at, p[2].ended_at), (Some(t(500)), None));
    assert!(p[2].current && !p[1].current);
    assert_eq!(p[3].started_at, None);
}

#[test]
fn next_while_paused_opens_the_next_phase_paused() {
    let timer = run(&[
        (Command::Start, 0),
        (Command::Pause, 60),
        (Command::Next, 90),
    ]);
    let v = timer.view(t(1000));
    assert_eq!((v.status, v.phase_index), (TimerStatus::Paused, 1));
    assert_eq!(v.remaining_seconds, 420);
    assert_eq!(v.phases[1].started_at, None, "it has not run yet");
    assert_eq!(v.phases[0].ended_at, Some(t(90)));
    let mut timer = timer;
    timer.apply(Command::Resume, t(1000)).unwrap();
    assert_eq!(timer.view(t(1010)).phases[1].started_at, Some(t(1000)));
    assert_eq!(timer.view(t(1010)).remaining_seconds, 410);
}

#[test]
fn a_phase_skipped_while_paused_never_ran() {
    let timer = run(&[
        (Command::Start, 0),
        (Command::Next, 180),
        (Command::Pause, 600),
        (Command::Next, 601), // no testimony: the head did not come
        (Command::Next, 602),
        (Command::Resume, 610),
    ]);
    let v = timer.view(t(620));
    assert_eq!(v.phase_code, "tanya_jawab");
    assert_eq!(v.phases[2].started_at, None);
    assert_eq!(v.phases[2].ended_at, None);
    assert_eq!(v.phases[2].elapsed_seconds, 0);
    assert_eq!(v.remaining_seconds, 770);
}

#[test]
fn previous_phase_continues_its_own_clock() {
    // Next pressed by mistake 100 s into the video, undone 5 s later.
    let mut timer = run(&[
        (Command::Start, 0),
        (Command::Next, 100),
        (Command::Prev, 105),
    ]);
    let v = timer.view(t(115));
    assert_eq!(v.phase_index, 0);
    assert_eq!(v.elapsed_seconds, 110);
    assert_eq!(v.remaining_seconds, 70);
    assert_eq!(v.phases[0].ended_at, None, "current again");
    assert_eq!(v.phases[0].started_at, Some(t(0)));
    assert_eq!(v.phases[1].elapsed_seconds, 5);
    assert_eq!(v.phases[1].ended_at, Some(t(105)));
    // Forward again: the presentation continues from its 5 s; its actual start stays.
    timer.apply(Command::Next, t(180)).unwrap();
    let v = timer.view(t(190));
    assert_eq!(v.remaining_seconds, 420 - 15);
    assert_eq!(v.phases[1].started_at, Some(t(100)));
}

#[test]
fn add_and_take_a_minute_change_only_the_current_phase() {
    let mut timer = run(&[(Command::Start, 0)]);
    timer.apply(Command::PLUS_MINUTE, t(10)).unwrap();
    timer.apply(Command::PLUS_MINUTE, t(11)).unwrap();
    let v = timer.view(t(20));
    assert_eq!((v.allowed_seconds, v.remaining_seconds), (300, 280));
    assert_eq!(v.phases[0].planned_seconds, 180);
    assert_eq!(v.phases[1].allowed_seconds, 420);
    timer.apply(Command::MINUS_MINUTE, t(30)).unwrap();
    assert_eq!(timer.view(t(30)).remaining_seconds, 210);
    // Taking more than is left puts the phase in overtime at once; never below zero allowed.
    for i in 0..10 {
        timer.apply(Command::MINUS_MINUTE, t(40 + i)).unwrap();
    }
    let v = timer.view(t(50));
    assert_eq!(v.allowed_seconds, 0);
    assert_eq!((v.remaining_seconds, v.urgency), (-50, Urgency::Danger));
    assert_eq!(v.progress, 1.0);
    // Absurd amounts are refused and change nothing.
    let before = timer.clone();
    assert_eq!(
        timer
            .apply(Command::Adjust { seconds: 0 }, t(60))
            .unwrap_err()
            .code(),
        "adjust_out_of_range"
    );
    assert!(timer
        .apply(Command::Adjust { seconds: 7200 }, t(60))
        .is_err());
    assert!(timer
        .apply(Command::Adjust { seconds: i32::MIN }, t(60))
        .is_err());
    assert_eq!(timer, before);
}

#[test]
fn restart_runs_the_phase_again_from_zero() {
    let mut timer = run(&[
        (Command::Start, 0),
        (Command::Next, 180),
        (Command::PLUS_MINUTE, 200),
        (Command::Pause, 300),
    ]);
    timer.apply(Command::Restart, t(400)).unwrap();
    let v = timer.view(t(410));
    assert_eq!(v.status, TimerStatus::Running);
    assert_eq!(v.phase_index, 1);
    assert_eq!(v.elapsed_seconds, 10);
    assert_eq!(v.remaining_seconds, 480 - 10, "the added minute stays");
    assert_eq!(v.phases[1].started_at, Some(t(400)));
    assert_eq!(v.phases[0].elapsed_seconds, 180, "other phases untouched");
}

#[test]
fn finish_closes_the_slot_and_freezes_everything() {
    let mut timer = run(&[
        (Command::Start, 0),
        (Command::Next, 180),
        (Command::Next, 600),
        (Command::Next, 720),
    ]);
    timer.apply(Command::Finish, t(1600)).unwrap();
    let v = timer.view(t(9999));
    assert_eq!(v.status, TimerStatus::Finished);
    assert_eq!(v.finished_at, Some(t(1600)));
    assert_eq!(v.slot_elapsed_seconds, 1600);
    assert_eq!(v.phases[3].ended_at, Some(t(1600)));
    assert_eq!(v.phases[3].overtime_seconds, 880 - 780);
    assert!(v.phases.iter().all(|p| !p.current));
    assert_eq!(timer.projected_end(t(9999)), Some(t(1600)));
    for c in [
        Command::Start,
        Command::Pause,
        Command::Resume,
        Command::Next,
        Command::Prev,
        Command::PLUS_MINUTE,
        Command::Restart,
        Command::Finish,
    ] {
        assert_eq!(
            timer.apply(c, t(2000)).unwrap_err().code(),
            "timer_finished"
        );
    }
    // Finishing early from a pause is allowed too.
    let mut early = run(&[(Command::Start, 0), (Command::Pause, 50)]);
    early.apply(Command::Finish, t(60)).unwrap();
    assert_eq!(early.view(t(60)).phases[0].elapsed_seconds, 50);
}

#[test]
fn transitions_out_of_turn_are_refused_without_change() {
    let mut idle = timer();
    for c in [
        Command::Pause,
        Command::Resume,
        Command::Next,
        Command::Prev,
        Command::PLUS_MINUTE,
        Command::Restart,
        Command::Finish,
    ] {
        assert_eq!(
            idle.apply(c, t(0)).unwrap_err().code(),
            "timer_not_started",
            "{c:?}"
        );
    }
    assert!(idle.transitions().is_empty());
    let mut timer = run(&[(Command::Start, 0)]);
    assert!(timer.apply(Command::Start, t(1)).is_err());
    assert!(timer.apply(Command::Resume, t(1)).is_err());
    assert!(timer.apply(Command::Prev, t(1)).is_err());
    timer.apply(Command::Pause, t(2)).unwrap();
    assert!(timer.apply(Command::Pause, t(3)).is_err());
    let mut last = run(&[
        (Command::Start, 0),
        (Command::Next, 1),
        (Command::Next, 2),
        (Command::Next, 3),
    ]);
    let err = last.apply(Command::Next, t(4)).unwrap_err();
    assert!(err.to_string().contains("finish"), "{err}");
    assert_eq!(last.transitions().len(), 4);
}

#[test]
fn clock_going_backwards_is_clamped_never_negative() {
    let mut timer = run(&[(Command::Start, 100)]);
    // A view before the start: nothing elapsed, full time left.
    let v = timer.view(t(0));
    assert_eq!((v.elapsed_seconds, v.remaining_seconds), (0, 180));
    assert_eq!(v.slot_elapsed_seconds, 0);
    // A transition stamped earlier than the last one is moved up to it.
    let tr = timer.apply(Command::Pause, t(50)).unwrap();
    assert_eq!(tr.at, t(100));
    assert_eq!(timer.view(t(500)).remaining_seconds, 180);
    timer.apply(Command::Resume, t(200)).unwrap();
    timer.apply(Command::Next, t(260)).unwrap();
    // The clock jumps back an hour: the presentation neither gains time nor goes negative.
    timer.apply(Command::Pause, t(260 - 3600)).unwrap();
    let v = timer.view(t(-10_000));
    assert_eq!(v.phase_index, 1);
    assert_eq!(v.remaining_seconds, 420);
    assert_eq!(v.phases[0].elapsed_seconds, 60);
    assert!(timer
        .transitions()
        .windows(2)
        .all(|w| w[0].at <= w[1].at && w[0].seq + 1 == w[1].seq));
    assert_eq!(timer.projected_end(t(0)), Some(t(260 + 420 + 120 + 780)));
    // The extreme ends of time do not panic either.
    let _ = timer.view(DateTime::<Utc>::MIN_UTC);
    let _ = timer.view(DateTime::<Utc>::MAX_UTC);
    let mut running = run(&[(Command::Start, 0)]);
    assert_eq!(
        running.projected_end(DateTime::<Utc>::MAX_UTC),
        Some(DateTime::<Utc>::MAX_UTC)
    );
    let _ = running.view(DateTime::<Utc>::MAX_UTC);
    running
        .apply(Command::Pause, DateTime::<Utc>::MAX_UTC)
        .unwrap();
    let _ = running.view(DateTime::<Utc>::MIN_UTC);
}

#[test]
fn replay_of_stored_transitions_resumes_the_running_phase() {
    // The app ran: start, over-long video, pause for a microphone, resume, then it crashed.
    let mut live = timer();
    for (c, at) in [
        (Command::Start, ms(0, 0)),
        (Command::Next, ms(195, 250)),
        (Command::PLUS_MINUTE, ms(200, 0)),
        (Command::Pause, ms(300, 0)),
        (Command::Resume, ms(360, 0)),
    ] {
        live.apply(c, at).unwrap();
    }
    // Reopened at 08:10: only the stored list is available.
    let stored: Vec<Transition> = live.transitions().to_vec();
    let json = serde_json::to_string(&stored).unwrap();
    let back: Vec<Transition> = serde_json::from_str(&json).unwrap();
    let reopened = PhaseTimer::replay(PhasePlan::kipp_default(), &back).unwrap();
    assert_eq!(reopened, live);
    let v = reopened.view(t(600));
    assert_eq!(v.status, TimerStatus::Running);
    assert_eq!(v.phase_code, "presentasi");
    // 104.75 s before the pause + 240 s since the resume, of 480 s allowed.
    assert_eq!(v.remaining_seconds, 136);
    assert_eq!(v.phases[0].overtime_seconds, 15);
    assert_eq!(v.phases[0].ended_at, Some(ms(195, 250)));
}

#[test]
fn replay_refuses_a_history_the_machine_would_not_accept() {
    let bad = [
        Transition {
            seq: 1,
            at: t(0),
            command: Command::Start,
        },
        Transition {
            seq: 2,
            at: t(1),
            command: Command::Resume,
        },
    ];
    let err = PhaseTimer::replay(PhasePlan::kipp_default(), &bad).unwrap_err();
    assert_eq!(err.code(), "database");
    assert!(err.to_string().contains("transition 2 (resume)"), "{err}");
}

#[test]
fn stored_commands_round_trip() {
    for c in [
        Command::Start,
        Command::Pause,
        Command::Resume,
        Command::Next,
        Command::Prev,
        Command::Adjust { seconds: -60 },
        Command::Restart,
        Command::Finish,
    ] {
        let payload = match c {
            Command::Adjust { seconds } => serde_json::json!({ "seconds": seconds }),
            _ => serde_json::json!({}),
        };
        assert_eq!(Command::from_stored(c.kind(), &payload), Some(c));
    }
    assert_eq!(Command::from_stored("adjust", &serde_json::json!({})), None);
    assert_eq!(
        Command::from_stored("explode", &serde_json::json!({})),
        None
    );
}

#[test]
fn projected_end_counts_the_remaining_allowances() {
    let timer = run(&[(Command::Start, 0), (Command::Next, 200)]);
    // Presentation 420 from 200, then 120 + 780.
    assert_eq!(timer.projected_end(t(300)), Some(t(200 + 420 + 900)));
    // In overtime the current phase counts as ending now.
    assert_eq!(timer.projected_end(t(700)), Some(t(700 + 900)));
    assert_eq!(self::timer().projected_end(t(0)), None);
}

#[test]
fn an_empty_plan_is_refused() {
    let plan = PhasePlan {
        phases: vec![],
        changeover_seconds: 0,
        warning_seconds: 60,
    };
    assert_eq!(
        PhaseTimer::new(plan).unwrap_err().code(),
        "plan_without_phases"
    );
}

#[test]
fn clock_text_and_words() {
    assert_eq!(clock_text(0), "00:00");
    assert_eq!(clock_text(59), "00:59");
    assert_eq!(clock_text(-61), "+01:01");
    assert_eq!(clock_text(6000), "100:00");
    assert_eq!(
        state_words(true, TimerStatus::Running, Urgency::Danger),
        ("Waktu habis", "Time is up")
    );
    assert_eq!(
        state_words(false, TimerStatus::Running, Urgency::Danger).1,
        "Waiting"
    );
    // The timer's pause is not a break in the schedule ("Istirahat"): its own words.
    assert_eq!(
        state_words(true, TimerStatus::Paused, Urgency::Warning),
        ("Dihentikan sementara", "Paused")
    );
    let paused = run(&[(Command::Start, 0), (Command::Pause, 10)]).view(t(20));
    assert_eq!(
        (paused.state_id.as_str(), paused.state_en.as_str()),
        ("Dihentikan sementara", "Paused")
    );
}

#[test]
fn the_paused_time_of_a_slot_never_counts_as_running() {
    // Paused twice (60 s in the video, 30 s after a phase change while paused), restarted
    // from a pause, finished from a pause.
    let mut timer = run(&[
        (Command::Start, 0),
        (Command::Pause, 100),
        (Command::Resume, 160),
        (Command::Next, 200),
        (Command::Pause, 250),
        (Command::Next, 260),
        (Command::Restart, 280),
        (Command::Pause, 400),
    ]);
    assert_eq!(timer.view(t(450)).slot_elapsed_seconds, 400 - 60 - 30);
    timer.apply(Command::Finish, t(500)).unwrap();
    let v = timer.view(t(9999));
    assert_eq!(v.slot_elapsed_seconds, 500 - 60 - 30 - 100);
    assert_eq!(v.paused_at, None);
    // Rebuilt from its stored transitions, it counts the same.
    let again = PhaseTimer::replay(PhasePlan::kipp_default(), timer.transitions()).unwrap();
    assert_eq!(again.view(t(9999)).slot_elapsed_seconds, 310);
}

#[test]
fn a_finished_slot_is_calm_whatever_its_last_phase_showed() {
    // Finished 39 s into overtime: the clock keeps "+00:39" for the record, but nothing is
    // urgent any more.
    let mut timer = run(&[(Command::Start, 0)]);
    assert_eq!(timer.view(t(219)).urgency, Urgency::Danger);
    timer.apply(Command::Finish, t(219)).unwrap();
    let v = timer.view(t(300));
    assert_eq!(v.clock, "+00:39");
    assert_eq!(v.urgency, Urgency::Normal);
    assert_eq!(
        (v.state_id.as_str(), v.state_en.as_str()),
        ("Selesai", "Finished")
    );
    assert!(v.urgency_changes.is_empty());
}

#[test]
fn a_running_view_carries_the_urgency_changes_still_to_come() {
    let timer = run(&[(Command::Start, 0)]);
    // 80 s left of the video, warning at 60: warning in 20 s, danger in 80 s.
    let v = timer.view(t(100));
    let changes: Vec<(i64, Urgency, &str)> = v
        .urgency_changes
        .iter()
        .map(|c| (c.in_ms, c.urgency, c.state_id.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (20_000, Urgency::Warning, "Waktu hampir habis"),
            (80_000, Urgency::Danger, "Waktu habis")
        ]
    );
    assert_eq!(v.urgency_changes[1].state_en, "Time is up");
    // Each change is exactly what the view itself says at that instant, and not a
    // millisecond earlier.
    for c in &v.urgency_changes {
        let at = t(100) + Duration::milliseconds(c.in_ms);
        assert_eq!(timer.view(at).urgency, c.urgency);
        assert_eq!(timer.view(at).state_id, c.state_id);
        assert_ne!(
            timer.view(at - Duration::milliseconds(1)).urgency,
            c.urgency
        );
    }
    // Half a second into the warning: only the danger is still to come.
    let w = timer.view(ms(120, 500));
    assert_eq!(w.urgency, Urgency::Warning);
    assert_eq!(
        w.urgency_changes
            .iter()
            .map(|c| (c.in_ms, c.urgency))
            .collect::<Vec<_>>(),
        [(59_500, Urgency::Danger)]
    );
    // In overtime, paused, not started or finished, nothing changes by the clock.
    assert!(timer.view(t(200)).urgency_changes.is_empty());
    let paused = run(&[(Command::Start, 0), (Command::Pause, 10)]);
    assert!(paused.view(t(20)).urgency_changes.is_empty());
    assert!(self::timer().view(t(0)).urgency_changes.is_empty());
    // A warning threshold of zero: straight from normal to danger.
    let mut plan = PhasePlan::kipp_default();
    plan.warning_seconds = 0;
    let mut quick = PhaseTimer::new(plan).unwrap();
    quick.apply(Command::Start, t(0)).unwrap();
    assert_eq!(
        quick
            .view(t(170))
            .urgency_changes
            .iter()
            .map(|c| (c.in_ms, c.urgency))
            .collect::<Vec<_>>(),
        [(10_000, Urgency::Danger)]
    );
}

//! `panelis schedule` and `panelis timer` as the secretariat runs them: listing, generating,
//! reordering and exporting the schedule; calling, timing and finishing a slot.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{assert_bad_input, Sandbox};
use serde_json::Value;

fn json(run: &common::Run) -> Value {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    serde_json::from_str(&run.stdout).expect("json")
}

/// The rows of `panelis schedule --json`, all rooms.
fn rows(s: &Sandbox) -> Vec<Value> {
    let view = json(&s.run(&["schedule", "--json"]));
    view["rooms"]
        .as_array()
        .expect("rooms")
        .iter()
        .flat_map(|r| r["slots"].as_array().expect("slots").clone())
        .collect()
}

fn demo() -> Sandbox {
    let s = Sandbox::new();
    assert_eq!(s.run(&["demo"]).code, 0);
    s
}

#[test]
fn the_demo_schedule_lists_in_local_time() {
    let s = demo();
    let rows = rows(&s);
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0]["entry_no"], 1);
    assert_eq!(rows[0]["title"], "Giatki Ces");
    assert_eq!(rows[0]["planned_start_local"], "2023-03-07T08:00:00");
    assert_eq!(rows[0]["planned_start"], "2023-03-07T00:00:00Z");
    assert_eq!(rows[0]["status"], "waiting");
    // Thirteen a day over the four days.
    assert_eq!(rows[13]["planned_start_local"], "2023-03-08T08:00:00");
    assert_eq!(rows[49]["date"], "2023-03-10");
    let text = s.run(&["schedule"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.starts_with("Ruang Sidang Utama\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("2023-03-07 08:00\t1\tGiatki Ces"),
        "{}",
        text.stdout
    );
}

#[test]
fn generate_reorder_and_no_show() {
    let s = demo();
    let run = s.run(&[
        "schedule",
        "generate",
        "--room",
        "ruang sidang utama",
        "--start",
        "2023-03-07T09:00",
        "--order",
        "category",
        "--per-day",
        "10",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "Ruang Sidang Utama: 50 slots");
    let r = rows(&s);
    assert_eq!(r[0]["planned_start_local"], "2023-03-07T09:00:00");
    assert_eq!(r[10]["planned_start_local"], "2023-03-08T09:00:00");
    let categories: Vec<String> = r
        .iter()
        .map(|x| x["category"].as_str().unwrap_or_default().to_lowercase())
        .collect();
    let mut sorted = categories.clone();
    sorted.sort();
    assert_eq!(categories, sorted, "grouped by category");

    let first = r[0]["entry_no"].as_u64().unwrap().to_string();
    let third = r[2]["entry_no"].as_u64().unwrap().to_string();
    assert_eq!(s.run(&["schedule", "move", &third, "1"]).code, 0);
    let r = rows(&s);
    assert_eq!(r[0]["entry_no"].to_string(), third);
    assert_eq!(r[1]["entry_no"].to_string(), first);
    assert_eq!(r[0]["planned_start_local"], "2023-03-07T09:00:00");
    assert_eq!(s.run(&["schedule", "swap", &third, &first]).code, 0);
    assert_eq!(rows(&s)[0]["entry_no"].to_string(), first);
    // The first innovator does not come: absent, last of the first day.
    assert_eq!(s.run(&["schedule", "no-show", &first]).code, 0);
    let r = rows(&s);
    assert_eq!(r[9]["entry_no"].to_string(), first);
    assert_eq!(r[9]["present"], false);
    assert_eq!(r[9]["status"], "absent", "not waiting: {}", r[9]);
    assert_eq!(r[8]["status"], "waiting");
    assert_eq!(r[9]["date"], "2023-03-07");
    assert_eq!(s.run(&["audit", "verify"]).code, 0);
}

#[test]
fn a_slot_is_called_timed_and_finished() {
    let s = demo();
    let call = s.run(&[
        "timer",
        "call",
        "--slot",
        "1",
        "--present",
        "--at",
        "2023-03-06T23:58:00Z",
    ]);
    assert_eq!(call.code, 0, "{}", call.stderr);
    assert!(call.stdout.contains("Giatki Ces"), "{}", call.stdout);
    for (cmd, at) in [
        ("start", "2023-03-07T00:00:00Z"),
        ("next", "2023-03-07T00:03:20Z"),
        ("plus", "2023-03-07T00:04:00Z"),
        ("pause", "2023-03-07T00:05:00Z"),
    ] {
        let run = s.run(&["timer", cmd, "--at", at]);
        assert_eq!(run.code, 0, "{cmd}: {}", run.stderr);
        assert!(run.stdout.starts_with("No 1: "), "{}", run.stdout);
    }
    // Paused: what the status shows does not depend on the real clock.
    let status = json(&s.run(&["timer", "status", "--json"]));
    assert_eq!(status["entry"]["no"], 1);
    assert_eq!(status["entry"]["present"], true);
    assert_eq!(status["timer"]["status"], "paused");
    assert_eq!(status["timer"]["phase_code"], "presentasi");
    // 100 s of an 8-minute presentation.
    assert_eq!(status["timer"]["remaining_seconds"], 380);
    assert_eq!(status["timer"]["clock"], "06:20");
    assert_eq!(status["timer"]["phases"][0]["overtime_seconds"], 20);
    assert_eq!(status["next_up"]["entry_no"], 2);
    let projector = json(&s.run(&["timer", "status", "--projector"]));
    assert_eq!(projector["clock"], "06:20");
    assert_eq!(projector["state_id"], "Dihentikan sementara");
    assert_eq!(projector["entry_title"], "Giatki Ces");
    assert_eq!(projector["phase_label_en"], "Presentation");
    // Out of turn: refused with one line, nothing stored.
    assert_bad_input(
        &s.run(&["timer", "pause", "--at", "2023-03-07T00:06:00Z"]),
        "already paused",
    );
    assert_bad_input(
        &s.run(&[
            "timer",
            "start",
            "--slot",
            "2",
            "--at",
            "2023-03-07T00:06:00Z",
        ]),
        "No 1 is still presenting",
    );
    for (cmd, at) in [
        ("resume", "2023-03-07T00:06:00Z"),
        ("finish", "2023-03-07T00:28:00Z"),
    ] {
        assert_eq!(s.run(&["timer", cmd, "--at", at]).code, 0);
    }
    let r = rows(&s);
    assert_eq!(r[0]["status"], "finished");
    assert_eq!(r[0]["actual_start_local"], "2023-03-07T08:00:00");
    assert_eq!(r[0]["actual_end_local"], "2023-03-07T08:28:00");
    // The next `start` without --slot takes the next entry in the schedule.
    let run = s.run(&["timer", "start", "--at", "2023-03-07T00:31:00Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("No 2: "), "{}", run.stdout);
    let text = s.run(&["schedule"]);
    assert!(text.stdout.contains("08:00-08:28"), "{}", text.stdout);
    assert_eq!(s.run(&["audit", "verify"]).code, 0);
}

#[test]
fn the_schedule_exports_to_xlsx() {
    let s = demo();
    let file = s.path("jadwal.xlsx");
    let run = s.run(&["schedule", "export", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..2], b"PK");
}

#[test]
fn bad_schedule_and_timer_input_exits_2() {
    let s = demo();
    assert_bad_input(&s.run(&["timer", "pause"]), "no slot is on stage");
    assert_bad_input(&s.run(&["timer", "next", "--slot", "99"]), "not found");
    assert_bad_input(&s.run(&["schedule", "move", "1", "51"]), "position");
    let run = s.run(&["timer", "start", "--slot", "1", "--at", "yesterday"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("RFC 3339"), "{}", run.stderr);
    let run = s.run(&["schedule", "generate", "--room", "R", "--start", "7 March"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DDTHH:MM"), "{}", run.stderr);
    let fresh = Sandbox::new();
    let db = fresh.path("c.panelis");
    assert_eq!(fresh.run_db(&db, &["init", "--name", "X"]).code, 0);
    let empty = fresh.run_db(&db, &["schedule"]);
    assert_eq!(empty.code, 0);
    assert!(empty.stdout.contains("no slots yet"), "{}", empty.stdout);
}

/// `panelis schedule remove-room NAME` with its stderr in Bahasa Indonesia.
fn remove_room_id(s: &Sandbox, name: &str) -> common::Run {
    common::output(
        s.command(&["schedule", "remove-room", name])
            .env("PANELIS_LANG", "id"),
    )
}

#[test]
fn a_room_is_removed_with_its_unstarted_slots_and_refused_once_live() {
    let s = demo();
    // The demo's only room stays.
    assert_bad_input(
        &s.run(&["schedule", "remove-room", "ruang sidang utama"]),
        "Ruang Sidang Utama is the only room; add another room before removing it",
    );
    assert_bad_input(
        &remove_room_id(&s, "Ruang Sidang Utama"),
        "Ruang Sidang Utama adalah satu-satunya ruang",
    );
    assert_bad_input(
        &s.run(&["schedule", "remove-room", "Ruang Mawar"]),
        "room not found: Ruang Mawar",
    );
    // A second room (empty: every entry is in the main room), then the main room goes
    // with its 50 slots, none started.
    let made = s.run(&[
        "schedule",
        "generate",
        "--room",
        "Ruang Kenanga",
        "--start",
        "2023-03-07T08:00",
    ]);
    assert_eq!(made.stdout, "Ruang Kenanga: 0 slots\n", "{}", made.stderr);
    let removed = s.run(&["schedule", "remove-room", "Ruang Sidang Utama"]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert_eq!(
        removed.stdout,
        "Ruang Sidang Utama removed; 50 entries are now unscheduled (No 1-50)\n"
    );
    assert!(rows(&s).is_empty(), "no slot left");
    let audit = s.run(&["audit", "log"]);
    assert!(audit.stdout.contains("room.removed"), "{}", audit.stdout);
    // The unscheduled entries go to the room that is left.
    let again = s.run(&[
        "schedule",
        "generate",
        "--room",
        "Ruang Kenanga",
        "--start",
        "2023-03-07T08:00",
    ]);
    assert_eq!(
        again.stdout, "Ruang Kenanga: 50 slots\n",
        "{}",
        again.stderr
    );
    // A third room to remove; Kenanga is live once No 1 is called, and stays.
    s.run(&[
        "schedule",
        "generate",
        "--room",
        "Ruang Melati",
        "--start",
        "2023-03-07T08:00",
    ]);
    assert_eq!(s.run(&["timer", "call", "--slot", "1"]).code, 0);
    let live = s.run(&["schedule", "remove-room", "Ruang Kenanga"]);
    assert_bad_input(
        &live,
        "Ruang Kenanga is live: entry No 1 is called to the stage; finish that slot first",
    );
    assert_bad_input(
        &remove_room_id(&s, "Ruang Kenanga"),
        "Ruang Kenanga sedang berlangsung: inovasi No 1 dipanggil ke panggung",
    );
    assert_eq!(rows(&s).len(), 50, "nothing was removed");
    let gone = remove_room_id(&s, "ruang melati");
    assert_eq!(gone.code, 0, "{}", gone.stderr);
    assert_eq!(
        gone.stdout,
        "Ruang Melati dihapus; ruang itu tidak berisi sesi\n"
    );
}

#[test]
fn the_signed_schedule_says_a_slot_started_on_another_day_not_thousands_of_minutes_late() {
    // The demo's day is 7 March 2023 (WITA); No 1 starts on 9 March, No 2 on its own day.
    let s = demo();
    for (slot, call, start) in [
        ("1", "2023-03-09T00:00:00Z", "2023-03-09T00:01:00Z"),
        ("2", "2023-03-07T00:40:00Z", "2023-03-07T00:42:00Z"),
    ] {
        let run = s.run(&["timer", "call", "--slot", slot, "--present", "--at", call]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = s.run(&["timer", "start", "--at", start]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = s.run(&["timer", "finish", "--at", start]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let pdf = s.path("jadwal.pdf");
    let run = s.run(&["export", "schedule", "--out", pdf.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |title: &str| {
        text.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} not in {text}"))
            .to_string()
    };
    let one = line("Giatki Ces");
    assert!(
        one.contains("hari lain") && one.contains("mulai 9 Maret 2023"),
        "{one}"
    );
    assert!(
        !one.contains("mnt"),
        "no count of minutes across days: {one}"
    );
    let two = line("Sehati 2020");
    assert!(two.contains("mnt") && !two.contains("hari lain"), "{two}");
}

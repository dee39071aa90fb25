//! `panelis init`, `demo`, `panelists`, `overview`, `audit`, `--version` as a user runs them.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{assert_bad_input, Sandbox};

#[test]
fn version_prints_the_crate_version() {
    let run = Sandbox::new().run(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout.trim(),
        format!("panelis {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn init_then_panelists_then_overview() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    let run = s.run_db(
        &db,
        &["init", "--name", "KIPP Sulsel 2024", "--year", "2024"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(db.is_file());
    assert_eq!(
        s.run_db(
            &db,
            &[
                "panelists",
                "add",
                "Prof. Andi",
                "--chair",
                "--affiliation",
                "Unhas"
            ]
        )
        .code,
        0
    );
    assert_eq!(s.run_db(&db, &["panelists", "add", "Budi Santoso"]).code, 0);
    let list = s.run_db(&db, &["panelists", "list", "--json"]);
    let panel: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(panel[0]["name"], "Prof. Andi");
    assert_eq!(panel[0]["is_chair"], true);
    assert_eq!(panel.as_array().unwrap().len(), 2);
    // Without --db, the competition created last is used.
    let o = s.run(&["overview", "--json"]);
    let o: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(o["competition"]["name"], "KIPP Sulsel 2024");
    assert_eq!(o["panelists"], 2);
    assert_eq!(o["criteria"], 7);
}

#[test]
fn demo_creates_the_top_50_with_panel_and_schedule() {
    let s = Sandbox::new();
    let run = s.run(&["demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("50 entries, 5 panelists, 50 slots"),
        "{}",
        run.stdout
    );
    assert!(s.path("demo.panelis").is_file());
    let audit = s.run(&["audit", "verify"]);
    assert_eq!(audit.code, 0, "{}", audit.stdout);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let s = Sandbox::new();
    let db = s.path("c.panelis");
    assert_bad_input(&s.run_db(&db, &["init", "--name", "  "]), "name");
    assert!(!db.exists());
    assert_bad_input(
        &s.run_db(&db, &["init", "--name", "X", "--year", "20"]),
        "year",
    );
    assert_eq!(s.run_db(&db, &["init", "--name", "X"]).code, 0);
    assert_bad_input(&s.run_db(&db, &["init", "--name", "Y"]), "already exists");
    assert_bad_input(&s.run_db(&db, &["panelists", "add", "  "]), "name");
    assert_bad_input(
        &s.run_db(&s.path("none.panelis"), &["overview"]),
        "no such file",
    );
    let usage = s.run(&["frobnicate"]);
    assert_eq!(usage.code, 2);
    let fresh = Sandbox::new();
    assert_bad_input(&fresh.run(&["overview"]), "--db");
}

#[test]
fn audit_verify_exits_1_and_names_the_event_after_tampering() {
    let s = Sandbox::new();
    let db = s.path("c.panelis");
    assert_eq!(s.run_db(&db, &["init", "--name", "X"]).code, 0);
    assert_eq!(s.run_db(&db, &["panelists", "add", "Andi"]).code, 0);
    assert_eq!(s.run_db(&db, &["panelists", "add", "Budi"]).code, 0);
    // Someone deletes event 2 with an SQLite tool, dropping the app's guard first.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;")
        .unwrap();
    drop(conn);
    let run = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("event 2"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    use std::process::{Command, Stdio};
    let s = Sandbox::new();
    assert_eq!(s.run(&["demo"]).code, 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_panelis"))
        .args(["schedule"])
        .env("PANELIS_DATA_DIR", s.dir.path())
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the pipe before the listing is written, as a reader that stopped early does.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.code().is_some(),
        "ended by itself, not by a signal"
    );
}

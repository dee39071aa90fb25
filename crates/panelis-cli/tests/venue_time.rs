//! The `panelis` command prints every instant in the venue's time with its zone named
//! ("2026-12-02 10:46:04 WITA"), run on a machine whose clock is UTC: `backups`, `audit log`
//! and `documents`. Needs poppler-utils (`pdfsig`) for the export.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use chrono::{DateTime, Duration, Utc};
use common::{ok, Run, Sandbox};
use std::path::Path;
use std::process::Command;

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";

/// `panelis --db DB ARGS` with the machine's zone set to UTC.
fn run_utc(s: &Sandbox, db: &Path, args: &[&str]) -> Run {
    common::output(s.command(&common::with_db(db, args)).env("TZ", "UTC"))
}

/// "2026-12-02 10:46:04 WITA" for `at`, written out here rather than by the code under test.
fn wita(at: DateTime<Utc>) -> String {
    (at + Duration::hours(8))
        .format("%Y-%m-%d %H:%M:%S WITA")
        .to_string()
}

#[test]
fn backups_list_reads_the_venue_clock() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    let folder = s.path("usb");
    let usb = folder.to_str().unwrap();
    let taken = ok(&s.run_db(&db, &["backup", "--to", usb])).stdout.clone();
    let path = taken
        .trim()
        .strip_prefix("backed up to ")
        .unwrap()
        .to_string();
    // Renamed to a known instant: the list reads the time from the name.
    std::fs::rename(
        &path,
        folder.join("kipp.20261202-024604.000.manual.panelis"),
    )
    .unwrap();
    let list = ok(&run_utc(&s, &db, &["backups", "--from", usb]))
        .stdout
        .clone();
    assert!(
        list.starts_with("2026-12-02 10:46:04 WITA\t"),
        "02:46:04Z is 10:46:04 at the venue: {list}"
    );
    // The JSON keeps the stored UTC instant for scripts.
    let json = ok(&run_utc(&s, &db, &["backups", "--from", usb, "--json"]))
        .stdout
        .clone();
    assert!(json.contains("2026-12-02T02:46:04"), "{json}");
}

#[test]
fn audit_log_and_documents_print_venue_time_with_the_zone() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    let mut csv = String::from("panelist;entry;criterion;score\n");
    let store = panelis_core::Store::open(&db).unwrap();
    for p in store.panelists().unwrap() {
        for c in common::DEMO_CRITERIA {
            csv += &format!("\"{}\";1;{c};80\n", p.name);
        }
    }
    drop(store);
    let scores = s.path("scores.csv");
    std::fs::write(&scores, csv).unwrap();
    ok(&s.run_db(&db, &["import", "scores", scores.to_str().unwrap()]));
    ok(&s.run_db(
        &db,
        &[
            "finalize",
            "--chair",
            CHAIR,
            "--secretariat",
            "Sekretariat",
            "--entries",
            "1",
        ],
    ));
    let pdf = s.path("rekap.pdf");
    ok(&s.run_db(&db, &["export", "recap", "--out", pdf.to_str().unwrap()]));

    let store = panelis_core::Store::open(&db).unwrap();
    let events = store.audit_events().unwrap();
    let docs = store.issued_documents().unwrap();
    drop(store);

    let log = ok(&run_utc(&s, &db, &["audit", "log"])).stdout.clone();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), events.len(), "{log}");
    for (line, event) in lines.iter().zip(&events) {
        let at = line.split('\t').nth(1).unwrap();
        assert_eq!(at, wita(event.at), "event {}: {line}", event.seq);
    }

    let list = ok(&run_utc(&s, &db, &["documents"])).stdout.clone();
    let row = list.lines().nth(1).unwrap();
    let issued = row.split('\t').nth(4).unwrap();
    assert_eq!(docs.len(), 1, "{list}");
    assert_eq!(issued, wita(docs[0].issued_at), "{list}");
    assert!(!list.contains(&docs[0].issued_at.to_rfc3339()), "{list}");

    // `verify` with the file: the signing time at the venue; the signature states the
    // second it was signed, the register the millisecond, so the two agree to the second.
    let pdf_arg = pdf.to_str().unwrap();
    let v = ok(&run_utc(&s, &db, &["verify", pdf_arg])).stdout.clone();
    let signed = v
        .lines()
        .find_map(|l| l.strip_prefix("signed at: "))
        .unwrap_or_else(|| panic!("no signing time: {v}"));
    assert_eq!(signed, wita(docs[0].issued_at), "{v}");
    // Without a competition file there is no venue: the time is UTC, and says so.
    let bare = Command::new(env!("CARGO_BIN_EXE_panelis"))
        .args(["verify", pdf_arg])
        .env("PANELIS_DATA_DIR", s.path("elsewhere"))
        .env("TZ", "Asia/Makassar")
        .env_remove("PANELIS_DB")
        .output()
        .unwrap();
    let bare = String::from_utf8_lossy(&bare.stdout).into_owned();
    let expected = docs[0]
        .issued_at
        .format("%Y-%m-%d %H:%M:%S UTC")
        .to_string();
    assert!(bare.contains(&format!("signed at: {expected}")), "{bare}");
}

//! `panelis backup`, `backups`, `restore`, and a damaged file refused with the way out.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{assert_bad_input, Sandbox};

#[test]
fn backup_list_restore_round_trip() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    assert_eq!(s.run_db(&db, &["init", "--name", "KIPP 2024"]).code, 0);
    assert_eq!(
        s.run_db(&db, &["panelists", "add", "Andi", "--chair"]).code,
        0
    );
    let usb = s.path("usb");
    let usb = usb.to_str().unwrap();
    let run = s.run_db(&db, &["backup", "--to", usb]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let backup_path = run
        .stdout
        .trim()
        .strip_prefix("backed up to ")
        .unwrap()
        .to_string();
    let list = s.run_db(&db, &["backups", "--from", usb, "--json"]);
    let found: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["reason"], "manual");
    let restored = s.run(&[
        "restore",
        &backup_path,
        "--into",
        s.path("restored").to_str().unwrap(),
    ]);
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    // The restored file became the competition opened last.
    let o = s.run(&["panelists", "list", "--json"]);
    let panel: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(panel[0]["name"], "Andi");
}

#[test]
fn a_damaged_file_is_refused_with_the_way_to_the_backup() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    assert_eq!(s.run_db(&db, &["demo"]).code, 0);
    // Flush the WAL into the main file, then damage a table page.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[8192..12288] {
        *b = 0x5A;
    }
    std::fs::write(&db, bytes).unwrap();
    let run = s.run_db(&db, &["overview"]);
    assert_bad_input(&run, "damaged");
    assert!(run.stderr.contains("backup"), "{}", run.stderr);
}

#[test]
fn finalizing_takes_a_backup_that_is_never_pruned() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    assert_eq!(s.run_db(&db, &["demo"]).code, 0);
    let chair = "Prof. Dr. Andi Rahmawati, M.Si.";
    let run = s.run_db(
        &db,
        &[
            "finalize",
            "--chair",
            chair,
            "--secretariat",
            "Sekretariat",
            "--entries",
            "1",
            // Entry 1 has no ballots in this test.
            "--quorum-override",
            "Dinilai di atas kertas",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("backed up to"), "{}", run.stderr);
    let list = s.run_db(&db, &["backups", "--json"]);
    let found: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(found[0]["reason"], "final", "{found}");
    // Many manual backups later, the finalization backup is still there.
    for _ in 0..3 {
        assert_eq!(s.run_db(&db, &["backup", "--keep", "1"]).code, 0);
    }
    let list = s.run_db(&db, &["backups", "--json"]);
    let found: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let reasons: Vec<_> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        reasons.iter().filter(|r| *r == "final").count(),
        1,
        "{reasons:?}"
    );
    assert_eq!(
        reasons.iter().filter(|r| *r == "manual").count(),
        1,
        "{reasons:?}"
    );
}

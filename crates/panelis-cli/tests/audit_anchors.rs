//! `panelis audit verify --against`: with its guards dropped (as anyone with sqlite3 can),
//! a competition file's audit log can be cut back with its head moved, emptied with its
//! head, or rechained after a deletion, and the file alone still reads "intact". A signed
//! document or a backup recorded the head of its moment outside the file; checked against
//! it, each of these is caught and named. Needs poppler-utils for the export.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{ok, Sandbox};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A demo competition with a signed recap and a backup taken after it, then a few more
/// events. Returns (file, recap, backup).
fn competition(s: &Sandbox) -> (PathBuf, PathBuf, PathBuf) {
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    let recap = s.path("rekap.pdf");
    ok(&s.run_db(&db, &["export", "recap", "--out", recap.to_str().unwrap()]));
    let folder = s.path("usb");
    ok(&s.run_db(&db, &["backup", "--to", folder.to_str().unwrap()]));
    let backup = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "panelis"))
        .expect("a backup");
    for name in ["Andi Baso", "Besse Tenri"] {
        ok(&s.run_db(&db, &["panelists", "add", name]));
    }
    ok(&s.run_db(
        &db,
        &["audit", "verify", "--against", recap.to_str().unwrap()],
    ));
    (db, recap, backup)
}

fn events(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// Tampers with `db` by `f` after dropping every guard.
fn tamper(db: &Path, f: impl FnOnce(&rusqlite::Connection)) {
    let conn = rusqlite::Connection::open(db).unwrap();
    common::drop_guards(&conn);
    f(&conn);
}

/// The file alone says intact; against `anchor` the check fails naming `needle`.
fn caught_only_with_the_anchor(s: &Sandbox, db: &Path, anchor: &Path, needle: &str) {
    let alone = s.run_db(db, &["audit", "verify"]);
    assert_eq!(alone.code, 0, "{}{}", alone.stdout, alone.stderr);
    assert!(
        alone.stdout.contains("checked within the file only"),
        "{}",
        alone.stdout
    );
    let run = s.run_db(
        db,
        &["audit", "verify", "--against", anchor.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(needle), "{}", run.stdout);
}

/// The chain's hash of one event (the rule Panelis uses, which is public).
fn hash_of(seq: i64, at: &str, actor: &str, action: &str, detail: &str, prev: &str) -> String {
    let mut h = Sha256::new();
    for part in [seq.to_string().as_str(), at, actor, action, detail, prev] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

#[test]
fn a_log_cut_back_with_its_head_moved_is_caught_by_the_document() {
    let s = Sandbox::new();
    let (db, recap, backup) = competition(&s);
    let n = events(&db);
    // Cut the log back to before the recap was issued, and move the head to match.
    tamper(&db, |c| {
        c.execute_batch(&format!(
            "DELETE FROM audit_log WHERE seq > {keep};
             UPDATE audit_head SET count = {keep},
               hash = (SELECT hash FROM audit_log WHERE seq = {keep});",
            keep = n - 4
        ))
        .unwrap();
    });
    caught_only_with_the_anchor(&s, &db, &recap, "events were cut off");
    let run = s.run_db(
        &db,
        &["audit", "verify", "--against", backup.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("backup kipp."), "{}", run.stdout);
}

#[test]
fn a_log_deleted_with_its_head_is_caught_by_the_backup() {
    let s = Sandbox::new();
    let (db, recap, backup) = competition(&s);
    tamper(&db, |c| {
        c.execute_batch("DELETE FROM audit_log; DELETE FROM audit_head;")
            .unwrap();
    });
    caught_only_with_the_anchor(&s, &db, &backup, "events were cut off");
    let run = s.run_db(
        &db,
        &["audit", "verify", "--against", recap.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("document "), "{}", run.stdout);
}

#[test]
fn a_log_rechained_after_a_deletion_is_caught_by_the_document() {
    let s = Sandbox::new();
    let (db, recap, _) = competition(&s);
    // Delete event 3 and recompute every later event's number, link and hash, and the head.
    tamper(&db, |c| {
        let rows: Vec<(String, String, String, String)> = c
            .prepare("SELECT at, actor, action, detail FROM audit_log WHERE seq <> 3 ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        c.execute_batch("DELETE FROM audit_log;").unwrap();
        let mut prev = "0".repeat(64);
        for (i, (at, actor, action, detail)) in rows.iter().enumerate() {
            let seq = i as i64 + 1;
            let hash = hash_of(seq, at, actor, action, detail, &prev);
            c.execute(
                "INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![seq, at, actor, action, detail, prev, hash],
            )
            .unwrap();
            prev = hash;
        }
        c.execute(
            "UPDATE audit_head SET count = ?1, hash = ?2",
            rusqlite::params![rows.len() as i64, prev],
        )
        .unwrap();
    });
    caught_only_with_the_anchor(&s, &db, &recap, "the log was rewritten");
}

#[test]
fn an_anchor_from_elsewhere_is_refused_and_an_intact_log_passes_every_anchor() {
    let s = Sandbox::new();
    let (db, recap, backup) = competition(&s);
    let run = ok(&s.run_db(
        &db,
        &[
            "audit",
            "verify",
            "--against",
            recap.to_str().unwrap(),
            backup.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    assert!(run.contains("each of the 2 anchors"), "{run}");
    // Another competition's document anchors nothing here.
    let other = s.path("other.panelis");
    ok(&s.run_db(&other, &["demo"]));
    let foreign = s.path("lain.pdf");
    ok(&s.run_db(
        &other,
        &["export", "recap", "--out", foreign.to_str().unwrap()],
    ));
    let run = s.run_db(
        &db,
        &["audit", "verify", "--against", foreign.to_str().unwrap()],
    );
    common::assert_bad_input(&run, "another competition");
    // A tampered document anchors nothing either.
    let mut bytes = std::fs::read(&recap).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 1;
    let broken = s.path("rusak.pdf");
    std::fs::write(&broken, bytes).unwrap();
    let run = s.run_db(
        &db,
        &["audit", "verify", "--against", broken.to_str().unwrap()],
    );
    common::assert_bad_input(&run, "anchors nothing");
}

#[test]
fn a_ballot_revision_deleted_outside_panelis_is_named_from_the_log() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    // One paper ballot: the chair's scores for entry 7 on every criterion.
    let mut text = String::from("panelist;entry;criterion;score\n");
    for c in common::DEMO_CRITERIA {
        text += &format!("\"Prof. Dr. Andi Rahmawati, M.Si.\";7;{c};80\n");
    }
    let csv = s.path("scores.csv");
    std::fs::write(&csv, text).unwrap();
    ok(&s.run_db(&db, &["import", "scores", csv.to_str().unwrap()]));
    ok(&s.run_db(&db, &["audit", "verify"]));
    tamper(&db, |c| {
        assert_eq!(
            c.execute(
                "DELETE FROM ballots WHERE entry_id = (SELECT id FROM entries WHERE no = 7)",
                []
            )
            .unwrap(),
            1
        );
    });
    let run = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("revision 1 (No 7)") && run.stdout.contains("missing from the ballots"),
        "{}",
        run.stdout
    );
}

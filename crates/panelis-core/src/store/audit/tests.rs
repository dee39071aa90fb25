//! Tampering with the audit log outside the app (guards dropped with the sqlite3 shell, as
//! someone editing the file would): an edit, an inner deletion, a reordering, cutting off the
//! last event or several, a forged last event and an event added by hand are all found, and
//! the place is named.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use crate::Store;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A file with five events: created, three panelists, a room.
fn file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.panelis");
    let mut store = crate::testing::create(&path, "KIPP Kota Makassar 2024");
    store.add_panelist("Andi", "", true).unwrap();
    store.add_panelist("Budi", "", false).unwrap();
    store.add_panelist("Citra", "", false).unwrap();
    store.add_room("Ruang A").unwrap();
    assert_eq!(store.audit_events().unwrap().len(), 5);
    assert_eq!(store.verify_audit().unwrap(), None);
    (dir, path)
}

/// Edits the file as an outsider: the append-only guards dropped first.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .unwrap();
}

fn broken(path: &Path) -> (i64, String) {
    let b = Store::open(path)
        .unwrap()
        .verify_audit()
        .unwrap()
        .expect("tampering found");
    (b.seq, b.reason)
}

#[test]
fn an_edited_event_is_found() {
    let (_d, path) = file();
    tamper(
        &path,
        "UPDATE audit_log SET detail = replace(detail, 'Budi', 'Bondan') WHERE seq = 3;",
    );
    assert_eq!(broken(&path), (3, "event 3 was altered".into()));
}

#[test]
fn an_inner_deletion_is_found() {
    let (_d, path) = file();
    tamper(&path, "DELETE FROM audit_log WHERE seq = 2;");
    assert_eq!(broken(&path), (2, "event 2 is missing (next is 3)".into()));
}

#[test]
fn reordered_events_are_found() {
    let (_d, path) = file();
    tamper(
        &path,
        "UPDATE audit_log SET seq = 100 WHERE seq = 2;
         UPDATE audit_log SET seq = 2 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = 100;",
    );
    let (seq, reason) = broken(&path);
    assert_eq!(seq, 2);
    assert!(reason.contains("event 2"), "{reason}");
}

#[test]
fn the_last_event_cut_off_is_found() {
    let (_d, path) = file();
    tamper(&path, "DELETE FROM audit_log WHERE seq = 5;");
    assert_eq!(
        broken(&path),
        (
            5,
            "event 5, the last, is missing (the log ends at event 4)".into()
        )
    );
}

#[test]
fn several_last_events_cut_off_are_found() {
    let (_d, path) = file();
    tamper(&path, "DELETE FROM audit_log WHERE seq >= 3;");
    assert_eq!(
        broken(&path),
        (
            3,
            "events 3 to 5, the last, are missing (the log ends at event 2)".into()
        )
    );
}

#[test]
fn a_cut_off_log_stays_broken_after_the_app_writes_again() {
    let (_d, path) = file();
    tamper(&path, "DELETE FROM audit_log WHERE seq = 5;");
    let mut store = Store::open(&path).unwrap();
    store.add_room("Ruang B").unwrap();
    // The new event chains onto the recorded head, so the gap shows where it was.
    let b = store.verify_audit().unwrap().expect("still broken");
    assert_eq!(
        (b.seq, b.reason.as_str()),
        (5, "event 5 is missing (next is 6)")
    );
}

#[test]
fn a_forged_last_event_is_found() {
    let (_d, path) = file();
    // Replaced by an event whose own hash is right (chained correctly onto event 4).
    let store = Store::open(&path).unwrap();
    let events = store.audit_events().unwrap();
    drop(store);
    let prev = &events[3].hash;
    let at = "2024-05-01T08:00:00.000Z";
    let detail = r#"{"name":"Ruang Z"}"#;
    let hash = super::hash_of(5, at, "secretariat", "room.added", detail, prev);
    tamper(
        &path,
        &format!(
            "DELETE FROM audit_log WHERE seq = 5;
             INSERT INTO audit_log VALUES (5, '{at}', 'secretariat', 'room.added', '{detail}',
                                           '{prev}', '{hash}');"
        ),
    );
    assert_eq!(broken(&path), (5, "event 5, the last, was replaced".into()));
}

#[test]
fn an_event_added_by_hand_is_found() {
    let (_d, path) = file();
    let store = Store::open(&path).unwrap();
    let prev = store.audit_events().unwrap()[4].hash.clone();
    drop(store);
    let at = "2024-05-01T08:00:00.000Z";
    let hash = super::hash_of(6, at, "secretariat", "room.added", "{}", &prev);
    tamper(
        &path,
        &format!(
            "INSERT INTO audit_log VALUES (6, '{at}', 'secretariat', 'room.added', '{{}}',
                                           '{prev}', '{hash}');"
        ),
    );
    assert_eq!(
        broken(&path),
        (
            6,
            "event 6 was added outside Panelis (the log should end at event 5)".into()
        )
    );
}

#[test]
fn the_head_cannot_be_wound_back_or_removed_without_dropping_its_guards() {
    let (_d, path) = file();
    let conn = Connection::open(&path).unwrap();
    assert!(conn
        .execute("UPDATE audit_head SET count = count - 1", [])
        .is_err());
    assert!(conn.execute("DELETE FROM audit_head", []).is_err());
    conn.execute_batch("DROP TRIGGER audit_head_kept; DELETE FROM audit_head;")
        .unwrap();
    drop(conn);
    assert_eq!(
        broken(&path),
        (
            5,
            "the record of the log's length is missing (the log has 5 events)".into()
        )
    );
}

/// A stand-in for the organizer's key: "signs" with a digest of the message (panelis-report
/// signs with the organizer's certificate; here only the storing is under test).
struct TestSigner;

impl crate::store::CheckpointSigner for TestSigner {
    fn certificate_sha256(&self) -> String {
        "ab".repeat(32)
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        use sha2::Digest;
        Ok(sha2::Sha256::digest(message).to_vec())
    }
}

#[test]
fn a_checkpoint_signs_the_head_once_and_is_kept_as_signed() {
    let (_d, path) = file();
    let mut store = Store::open(&path).unwrap();
    let first = store.sign_audit_checkpoint(&TestSigner).unwrap().unwrap();
    assert_eq!(first.head, store.audit_head().unwrap().unwrap());
    assert_eq!(first.seq, 1);
    // The same head again: nothing new to sign; a checkpoint is not an event itself.
    assert!(store.sign_audit_checkpoint(&TestSigner).unwrap().is_none());
    assert_eq!(store.audit_events().unwrap().len(), 5);
    store.add_room("Ruang B").unwrap();
    let second = store.sign_audit_checkpoint(&TestSigner).unwrap().unwrap();
    assert_eq!(second.head.count, 6);
    let stored = store.audit_checkpoints().unwrap();
    assert_eq!(stored, vec![first.clone(), second]);
    // What was signed is what is read back: the message, byte for byte.
    let competition = store.competition().unwrap().id;
    let text = String::from_utf8(stored[0].message(competition)).unwrap();
    assert!(
        text.starts_with(&format!(
            "panelis audit checkpoint 1\ncompetition {competition}\nevents 5\nhead {}\n",
            first.head.hash
        )),
        "{text}"
    );
    use sha2::Digest;
    assert_eq!(
        stored[0].signature,
        sha2::Sha256::digest(stored[0].message(competition)).to_vec()
    );
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "UPDATE audit_checkpoints SET count = 4",
        "DELETE FROM audit_checkpoints",
    ] {
        let e = conn.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("signed checkpoint is kept"), "{sql}: {e}");
    }
}

#[test]
fn a_ballot_or_a_key_written_into_the_tables_without_an_event_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.panelis");
    let mut store = crate::demo::create(&path).unwrap();
    let keys = crate::ballot::keystore::Keystore::new(dir.path().join("keys"));
    let panel = store.panelists().unwrap();
    let criteria = store.rubric().unwrap().criteria;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for c in &criteria {
        text += &format!("\"{}\";1;{};80\n", panel[0].name, c.code);
    }
    store.import_paper_scores(&text, &keys).unwrap();
    assert_eq!(store.audit_record_breaks().unwrap(), vec![]);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|n| n.unwrap())
        .collect();
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\";"))
            .unwrap();
    }
    // A second revision copied from the first, and a signing key for the second panelist.
    conn.execute_batch(&format!(
        "INSERT INTO ballots SELECT 'forged', panelist_id, entry_id, 2, status, note, rubric_id,
                rubric_version, signer, signature, submitted_at, created_at, updated_at
         FROM ballots;
         UPDATE panelists SET public_key = X'{}' WHERE id = '{}';",
        "11".repeat(32),
        panel[1].id
    ))
    .unwrap();
    drop(conn);
    let breaks = Store::open(&path).unwrap().audit_record_breaks().unwrap();
    let reasons: Vec<String> = breaks.iter().map(|b| b.reason.clone()).collect();
    assert_eq!(breaks.len(), 2, "{reasons:?}");
    assert_eq!(breaks[0].seq, 0);
    assert!(
        reasons[0].starts_with("ballot forged revision 2 (No 1, ")
            && reasons[0].ends_with("and no event took it: added outside Panelis"),
        "{reasons:?}"
    );
    let fingerprint = crate::ballot::signing::fingerprint(&[0x11; 32]);
    assert!(
        reasons[1].starts_with(&format!(
            "the signing key of {} (fingerprint {fingerprint}) is on record",
            panel[1].name
        )),
        "{reasons:?}"
    );
}

//! `panelis audit verify --against`: with its guards dropped (as anyone with sqlite3 can),
//! a competition file's audit log can be cut back with its head moved, emptied with its
//! head, or rechained after a deletion, each together with the signed checkpoints covering
//! what changed, and the file alone still reads "intact". A signed document or a backup
//! recorded the head of its moment outside the file; checked against it, each of these is
//! caught and named. The records are checked against the log both ways: a ballot revision
//! deleted, and a ballot forged with a key written into the table, are named.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{ok, Sandbox};
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
               hash = (SELECT hash FROM audit_log WHERE seq = {keep});
             DELETE FROM audit_checkpoints WHERE count > {keep};",
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
        c.execute_batch(
            "DELETE FROM audit_log; DELETE FROM audit_head; DELETE FROM audit_checkpoints;",
        )
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
    // Delete event 3 and recompute every later event's number, link and hash, and the head;
    // and delete the signed checkpoints, which would name the rewrite from the file alone.
    tamper(&db, |c| {
        c.execute_batch("DELETE FROM audit_checkpoints;").unwrap();
        common::rechain_without(c, 3);
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

#[test]
fn a_ballot_forged_with_a_key_written_into_the_table_is_named() {
    use panelis_core::model::{Ballot, BallotStatus, Signer};
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    ok(&s.run_db(&db, &["audit", "verify"]));
    let member = "Dr. Muhammad Yusuf, S.Sos., M.AP.";
    let store = panelis_core::Store::open(&db).unwrap();
    let competition = store.competition().unwrap().id;
    let panelist = store
        .panelists()
        .unwrap()
        .into_iter()
        .find(|p| p.name == member)
        .unwrap();
    let entry = store
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.no == 7)
        .unwrap();
    let rubric = store.rubric().unwrap();
    drop(store);
    // A key of the forger's own, and a ballot it signs in the member's name: with the key in
    // the member's record the signature holds, and the ballot counts.
    let key = panelis_core::ballot::keystore::Keystore::new(s.path("forger"))
        .key(Signer::Panelist, panelist.id)
        .unwrap();
    let now = chrono::Utc::now();
    let at = panelis_core::time::from_db(&panelis_core::time::to_db(now)).unwrap();
    let mut ballot = Ballot {
        id: uuid::Uuid::now_v7(),
        panelist_id: panelist.id,
        entry_id: entry.id,
        revision: 1,
        status: BallotStatus::Submitted,
        scores: rubric.criteria.iter().map(|c| (c.id, 100)).collect(),
        note: String::new(),
        criterion_notes: Vec::new(),
        rubric_id: rubric.id,
        rubric_version: rubric.version,
        signer: Some(Signer::Panelist),
        signature: None,
        submitted_at: Some(at),
        created_at: at,
        updated_at: at,
    };
    let bytes = panelis_core::ballot::signing::encode_ballot(&ballot, competition).unwrap();
    ballot.signature = Some(panelis_core::ballot::signing::sign(&key, &bytes));
    tamper(&db, |c| {
        let at = panelis_core::time::to_db(at);
        c.execute(
            "UPDATE panelists SET public_key = ?1 WHERE id = ?2",
            rusqlite::params![
                key.verifying_key().as_bytes().to_vec(),
                panelist.id.to_string()
            ],
        )
        .unwrap();
        c.execute(
            "INSERT INTO ballots (id, panelist_id, entry_id, revision, status, note, rubric_id,
                                  rubric_version, signer, signature, submitted_at, created_at,
                                  updated_at)
             VALUES (?1, ?2, ?3, 1, 'submitted', '', ?4, ?5, 'panelist', ?6, ?7, ?7, ?7)",
            rusqlite::params![
                ballot.id.to_string(),
                panelist.id.to_string(),
                entry.id.to_string(),
                rubric.id.to_string(),
                rubric.version,
                hex::decode(ballot.signature.as_deref().unwrap()).unwrap(),
                at
            ],
        )
        .unwrap();
        for (criterion, score) in &ballot.scores {
            c.execute(
                "INSERT INTO ballot_scores (ballot_id, criterion_id, score) VALUES (?1, ?2, ?3)",
                rusqlite::params![ballot.id.to_string(), criterion.to_string(), score],
            )
            .unwrap();
        }
    });
    // The forgery counts: entry 7 now has a score.
    let results = ok(&s.run_db(&db, &["results", "--json"])).stdout.clone();
    let rows: serde_json::Value = serde_json::from_str(&results).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["no"] == 7)
        .unwrap_or_else(|| panic!("{results}"));
    assert_eq!(row["ballots"], 1, "{row}");
    // And the audit names both the ballot and the key.
    let run = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "audit records broken: ballot {} revision 1 (No 7, {member}) is in the ballots, and \
             no event took it: added outside Panelis",
            ballot.id
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "audit records broken: the signing key of {member} (fingerprint {}) is on record, \
             and no ballot_key.registered event registered it",
            panelis_core::ballot::signing::fingerprint(key.verifying_key().as_bytes())
        )),
        "{}",
        run.stdout
    );
}

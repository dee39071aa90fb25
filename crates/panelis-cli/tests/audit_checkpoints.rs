//! `panelis audit verify` with the checkpoints the organizer signs inside the file (at every
//! issued document, every finalization, and `panelis audit checkpoint`), tampered with as
//! anyone with sqlite3 can (every guard dropped first): a log rechained after a deletion
//! before a checkpoint is caught from the file alone; a checkpoint edited, or signed with
//! another certificate, is named; checkpoints deleted together with the events they cover
//! leave the events after the newest one named as uncovered, and a head kept outside the
//! file catches them; a machine without the organizer's certificate says so instead of
//! calling the file broken; a certificate imported later keeps the earlier checkpoints the
//! organizer's. Needs openssl (for the imported certificate).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

#[path = "../../panelis-report/tests/tools/authority.rs"]
mod authority;
mod common;
use common::{ok, rechain_without, Run, Sandbox};
use std::path::{Path, PathBuf};

/// A demo competition, a signed recap (its checkpoint), and two panelists added after it.
/// Returns (file, recap).
fn competition(s: &Sandbox) -> (PathBuf, PathBuf) {
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    let recap = s.path("rekap.pdf");
    ok(&s.run_db(&db, &["export", "recap", "--out", recap.to_str().unwrap()]));
    for name in ["Andi Baso", "Besse Tenri"] {
        ok(&s.run_db(&db, &["panelists", "add", name]));
    }
    (db, recap)
}

fn tamper(db: &Path, f: impl FnOnce(&rusqlite::Connection)) {
    let conn = rusqlite::Connection::open(db).unwrap();
    common::drop_guards(&conn);
    f(&conn);
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn verify(s: &Sandbox, db: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["audit", "verify"];
    args.extend_from_slice(extra);
    s.run_db(db, &args)
}

fn failed(run: &Run) -> &str {
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    &run.stdout
}

#[test]
fn an_intact_file_names_its_checkpoints_and_what_they_do_not_cover() {
    let s = Sandbox::new();
    let (db, _) = competition(&s);
    let n = count(&db, "SELECT COUNT(*) FROM audit_log");
    let run = ok(&verify(&s, &db, &[])).stdout.clone();
    // The recap's checkpoint covers the log up to its issue; the two panelists after it not.
    assert!(
        run.contains("1 signed checkpoint(s) by the organizer's certificate (")
            && run.contains(&format!("the newest at event {}", n - 2)),
        "{run}"
    );
    assert!(
        run.contains(&format!(
            "events after {} are not covered by a signed checkpoint",
            n - 2
        )),
        "{run}"
    );
    // By hand: the head now, then nothing new to sign.
    let signed = ok(&s.run_db(&db, &["audit", "checkpoint"])).stdout.clone();
    assert!(
        signed.starts_with(&format!("signed checkpoint 2 at event {n} (head ")),
        "{signed}"
    );
    let again = ok(&s.run_db(&db, &["audit", "checkpoint"])).stdout.clone();
    assert_eq!(
        again.trim(),
        format!("the newest checkpoint already covers event {n}, the last")
    );
    let run = ok(&verify(&s, &db, &[])).stdout.clone();
    assert!(!run.contains("not covered"), "{run}");
    assert!(run.contains("the newest at event"), "{run}");
}

#[test]
fn a_log_rechained_after_a_deletion_before_a_checkpoint_is_caught_from_the_file_alone() {
    let s = Sandbox::new();
    let (db, _) = competition(&s);
    let at = count(&db, "SELECT count FROM audit_checkpoints");
    tamper(&db, |c| rechain_without(c, 3));
    let run = verify(&s, &db, &[]);
    assert!(
        failed(&run).contains(&format!(
            "audit log broken at event {at}: signed checkpoint 1 (event {at}) recorded event \
             {at} with another hash: the log was rewritten at or before event {at}"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn an_edited_checkpoint_and_one_signed_with_another_certificate_are_named() {
    let s = Sandbox::new();
    let (db, _) = competition(&s);
    let n = count(&db, "SELECT COUNT(*) FROM audit_log");
    // Someone rechains after deleting an event, deletes the organizer's checkpoint, and
    // signs a checkpoint of the rewritten log with a key of their own (another data folder
    // makes another certificate).
    tamper(&db, |c| {
        rechain_without(c, 3);
        c.execute_batch("DELETE FROM audit_checkpoints;").unwrap();
    });
    let elsewhere = Sandbox::new();
    ok(&elsewhere.run_db(&db, &["audit", "checkpoint"]));
    let run = verify(&s, &db, &[]);
    let out = failed(&run);
    assert!(
        out.contains(&format!(
            "audit log broken at event {}: signed checkpoint 1 (event {}) is signed by another \
             certificate (SHA-256 ",
            n - 1,
            n - 1
        )) && out.contains("not the organizer's"),
        "{out}"
    );
    // Checked where the other certificate is at home, that one is the organizer's: the
    // check is against the organizer named, never against whoever signed.
    ok(&verify(&elsewhere, &db, &[]));

    // A checkpoint moved to another head no longer verifies.
    let s = Sandbox::new();
    let (db, _) = competition(&s);
    tamper(&db, |c| {
        c.execute_batch("UPDATE audit_checkpoints SET count = count - 1;")
            .unwrap();
    });
    let run = verify(&s, &db, &[]);
    assert!(
        failed(&run).contains("its signature does not verify"),
        "{}",
        run.stdout
    );
}

#[test]
fn checkpoints_deleted_with_the_events_they_cover_are_reported_and_caught_by_an_outside_head() {
    let s = Sandbox::new();
    let (db, recap) = competition(&s);
    let n = count(&db, "SELECT COUNT(*) FROM audit_log");
    let keep = n - 4;
    // Cut the log back to before the recap, move the head, and delete every checkpoint
    // beyond what is kept.
    tamper(&db, |c| {
        c.execute_batch(&format!(
            "DELETE FROM audit_log WHERE seq > {keep};
             UPDATE audit_head SET count = {keep},
               hash = (SELECT hash FROM audit_log WHERE seq = {keep});
             DELETE FROM audit_checkpoints WHERE count > {keep};"
        ))
        .unwrap();
    });
    // The file alone cannot tell, and says what is not covered.
    let alone = ok(&verify(&s, &db, &[])).stdout.clone();
    assert!(
        alone.contains("events after 0 are not covered by a signed checkpoint"),
        "{alone}"
    );
    // The recap recorded the head of its issue outside the file.
    let run = verify(&s, &db, &["--against", recap.to_str().unwrap()]);
    assert!(
        failed(&run).contains("events were cut off"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_the_organizers_certificate_the_file_reads_unchecked_not_broken() {
    let s = Sandbox::new();
    let (db, _) = competition(&s);
    let pem = s.path("organizer.pem");
    ok(&s.run_db(
        &db,
        &["certificate", "export", "--out", pem.to_str().unwrap()],
    ));
    // Another laptop: neither the key nor the certificate.
    let elsewhere = Sandbox::new();
    let run = ok(&verify(&elsewhere, &db, &[])).stdout.clone();
    assert!(run.starts_with("audit log intact: "), "{run}");
    assert!(
        run.contains(
            "the organizer's certificate is not in this data folder: 1 checkpoint(s) carry \
             intact signatures"
        ) && run.contains("give --organizer CERT.pem|SHA-256"),
        "{run}"
    );
    // Given the published certificate, it is checked as at home.
    let run = ok(&verify(
        &elsewhere,
        &db,
        &["--organizer", pem.to_str().unwrap()],
    ))
    .stdout
    .clone();
    assert!(
        run.contains("1 signed checkpoint(s) by the organizer's certificate"),
        "{run}"
    );
    // A wrong fingerprint refuses the checkpoint; a malformed one is bad input.
    let run = verify(&elsewhere, &db, &["--organizer", &"ab".repeat(32)]);
    assert!(
        failed(&run).contains("not the organizer's"),
        "{}",
        run.stdout
    );
    common::assert_bad_input(&verify(&elsewhere, &db, &["--organizer", "abc"]), "SHA-256");
    // Where the certificate is not at hand a rewritten log is still caught by the
    // checkpoint's intact signature.
    tamper(&db, |c| rechain_without(c, 3));
    let run = verify(&elsewhere, &db, &[]);
    assert!(
        failed(&run).contains("the log was rewritten"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_certificate_imported_later_keeps_the_earlier_checkpoints_the_organizers() {
    let s = Sandbox::new();
    let (db, _) = competition(&s);
    let ca = s.path("ca");
    std::fs::create_dir_all(&ca).unwrap();
    authority::two_level_p12(&ca);
    ok(&common::import_certificate(
        &s,
        &db,
        &ca.join("org.p12"),
        "rahasia",
    ));
    // The self-signed checkpoint and the new certificate's, which vouches for it.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_checkpoints"), 2);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_checkpoints WHERE endorses IS NOT NULL"
        ),
        1
    );
    let run = ok(&verify(&s, &db, &[])).stdout.clone();
    assert!(
        run.contains("2 signed checkpoint(s) by the organizer's certificate"),
        "{run}"
    );
    // Against the imported certificate alone (as published), the same.
    let run = ok(&verify(
        &Sandbox::new(),
        &db,
        &["--organizer", ca.join("org.crt").to_str().unwrap()],
    ))
    .stdout
    .clone();
    assert!(
        run.contains("2 signed checkpoint(s) by the organizer's certificate"),
        "{run}"
    );
}

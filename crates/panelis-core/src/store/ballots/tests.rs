//! Ballot store tests: autosaved drafts, submission and revisions, refusals (conflict of
//! interest, finalized entry, wrong key), verification of stored ballots, the ballot file
//! (verified, idempotent, audited) and paper ballots from CSV.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use crate::ballot::keystore::Keystore;
use crate::ballot::signing;
use crate::ballot::transfer::BallotFile;
use crate::ballot::{BallotForm, CriterionInput, ProgressStatus};
use crate::model::{BallotStatus, Criterion, NewCompetition, NewEntry, Signer};
use crate::{Error, Store};
use std::path::PathBuf;
use uuid::Uuid;

/// The fingerprints of the keys `file` announces, as the secretariat confirms them after
/// comparing them with the panelist's laptop.
fn confirmed(file: &BallotFile) -> Vec<String> {
    file.key_fingerprints()
}

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    keys: Keystore,
    entries: Vec<Uuid>,
    andi: Uuid,
    budi: Uuid,
    criteria: Vec<Criterion>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kipp.panelis");
    let mut store = Store::create(
        &path,
        &NewCompetition {
            name: "KIPP Sulsel 2023".into(),
            year: Some(2023),
            ..Default::default()
        },
    )
    .unwrap();
    let titles = ["Giatki Ces", "Sehati 2020", "Jatah Akhirat"];
    let entries = store
        .add_entries(
            &titles
                .iter()
                .enumerate()
                .map(|(i, t)| NewEntry {
                    no: i as u32 + 1,
                    title: t.to_string(),
                    ..Default::default()
                })
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let andi = store
        .add_panelist("Prof. Andi, M.Si.", "Unhas", true)
        .unwrap()
        .id;
    let budi = store.add_panelist("Budi Santoso", "", false).unwrap().id;
    let criteria = store.rubric().unwrap().criteria;
    let keys = Keystore::new(dir.path().join("keys"));
    Fixture {
        dir,
        path,
        store,
        keys,
        entries,
        andi,
        budi,
        criteria,
    }
}

/// Every criterion scored: `base`, `base + 1`, ...
fn full(criteria: &[Criterion], base: i32) -> BallotForm {
    BallotForm::with_scores(
        &criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, base + i as i32))
            .collect::<Vec<_>>(),
    )
}

fn audit_len(store: &Store) -> usize {
    store.audit_events().unwrap().len()
}

#[test]
fn drafts_keep_partial_valid_scores_and_survive_reopening() {
    let mut f = fixture();
    let (p, e) = (f.andi, f.entries[0]);
    let empty = f.store.save_draft(p, e, &BallotForm::default()).unwrap();
    assert_eq!(empty.ballot, None, "an untouched form stores nothing");
    let form = BallotForm {
        criteria: vec![
            CriterionInput {
                criterion_id: f.criteria[0].id,
                score: "80".into(),
                note: "gagasan baru".into(),
            },
            CriterionInput {
                criterion_id: f.criteria[1].id,
                score: "180".into(),
                note: String::new(),
            },
            CriterionInput {
                criterion_id: f.criteria[2].id,
                score: "7.5".into(),
                note: String::new(),
            },
        ],
        note: "presentasi singkat".into(),
    };
    let saved = f.store.save_draft(p, e, &form).unwrap();
    assert_eq!(saved.problems.len(), 2);
    assert_eq!(saved.total, None);
    let draft = saved.ballot.unwrap();
    assert_eq!((draft.revision, draft.status), (1, BallotStatus::Draft));
    assert_eq!(draft.scores, vec![(f.criteria[0].id, 80)]);
    // A second save replaces the draft in place.
    let mut form = full(&f.criteria, 70);
    form.note = "lengkap".into();
    let saved = f.store.save_draft(p, e, &form).unwrap();
    assert_eq!(saved.ballot.as_ref().unwrap().revision, 1);
    assert!(saved.total.is_some());
    let path = f.path.clone();
    drop(f.store);
    let store = Store::open(&path).unwrap();
    let reopened = store.latest_ballot(p, e).unwrap().unwrap();
    assert_eq!(reopened.scores.len(), 7);
    assert_eq!(reopened.note, "lengkap");
    assert_eq!(store.ballot_revisions(p, e).unwrap().len(), 1);
    let progress = store.ballot_progress(p).unwrap();
    assert_eq!(progress[0].status, ProgressStatus::Draft);
    assert_eq!(progress[1].status, ProgressStatus::NotStarted);
    let sheet = store.scoring_sheet(p, e).unwrap();
    assert_eq!(sheet.form, BallotForm::of(&reopened, &sheet.criteria));
    assert_eq!(sheet.form.criteria.len(), 7);
}

#[test]
fn submit_needs_every_criterion_and_then_signs_and_freezes() {
    let mut f = fixture();
    let (p, e) = (f.andi, f.entries[0]);
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, p)
        .unwrap();
    let mut partial = full(&f.criteria, 80);
    partial.criteria.truncate(5);
    let before = audit_len(&f.store);
    let Error::Rejected { problems, .. } = f.store.submit_ballot(p, e, &partial, &key).unwrap_err()
    else {
        panic!("expected a rejection")
    };
    let named: Vec<_> = problems.iter().filter_map(|p| p.column.clone()).collect();
    assert_eq!(named, vec!["presentasi", "wawancara"]);
    assert_eq!(f.store.latest_ballot(p, e).unwrap(), None);
    assert_eq!(audit_len(&f.store), before);

    let ballot = f
        .store
        .submit_ballot(p, e, &full(&f.criteria, 80), &key)
        .unwrap();
    assert_eq!(
        (ballot.revision, ballot.status),
        (1, BallotStatus::Submitted)
    );
    assert_eq!(ballot.signer, Some(Signer::Panelist));
    assert_eq!(f.store.counted_ballots().unwrap(), vec![ballot.clone()]);
    assert!(f.store.rejected_ballots().unwrap().is_empty());
    // Submitting the same content again changes nothing.
    let again = f
        .store
        .submit_ballot(p, e, &full(&f.criteria, 80), &key)
        .unwrap();
    assert_eq!(again, ballot);
    assert_eq!(f.store.ballot_revisions(p, e).unwrap().len(), 1);
    // The submitted revision cannot be edited in the file by the app's own connection.
    assert!(f
        .store
        .conn()
        .execute("UPDATE ballot_scores SET score = 1", [])
        .is_err());
    assert!(f.store.conn().execute("DELETE FROM ballots", []).is_err());
    let last = f.store.audit_events().unwrap().pop().unwrap();
    assert_eq!(last.action, "ballot.submitted");
    assert_eq!(last.actor, format!("panelist:{p}"));
    assert_eq!(last.detail["scores"]["kebaruan"], 80);
}

#[test]
fn revising_makes_a_new_revision_and_keeps_the_old() {
    let mut f = fixture();
    let (p, e) = (f.andi, f.entries[1]);
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, p)
        .unwrap();
    let first = f
        .store
        .submit_ballot(p, e, &full(&f.criteria, 60), &key)
        .unwrap();
    // Reloading the submitted form and autosaving it unchanged opens nothing.
    let sheet = f.store.scoring_sheet(p, e).unwrap();
    let same = f.store.save_draft(p, e, &sheet.form).unwrap();
    assert_eq!(same.ballot.as_ref().map(|b| b.revision), Some(1));
    // A change opens revision 2 as a draft; revision 1 still counts.
    let draft = f
        .store
        .save_draft(p, e, &full(&f.criteria, 65))
        .unwrap()
        .ballot
        .unwrap();
    assert_eq!((draft.revision, draft.status), (2, BallotStatus::Draft));
    let progress = &f.store.ballot_progress(p).unwrap()[1];
    assert_eq!(progress.status, ProgressStatus::Submitted);
    assert!(progress.revising);
    assert_eq!(f.store.counted_ballots().unwrap(), vec![first.clone()]);
    let second = f
        .store
        .submit_ballot(p, e, &full(&f.criteria, 66), &key)
        .unwrap();
    assert_eq!(second.revision, 2);
    assert_eq!(
        second.id, draft.id,
        "the draft became the submitted revision"
    );
    let revisions = f.store.ballot_revisions(p, e).unwrap();
    assert_eq!(revisions, vec![first, second.clone()]);
    assert_eq!(f.store.counted_ballots().unwrap(), vec![second]);
    assert!(!f.store.ballot_progress(p).unwrap()[1].revising);
}

#[test]
fn a_conflicted_panelist_abstains_and_cannot_score() {
    let mut f = fixture();
    let (p, e) = (f.budi, f.entries[2]);
    f.store
        .add_conflict(p, e, "berasal dari daerah yang sama")
        .unwrap();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, p)
        .unwrap();
    let err = f
        .store
        .save_draft(p, e, &full(&f.criteria, 50))
        .unwrap_err();
    assert_eq!(err.code(), "conflicted");
    assert!(err.to_string().contains("abstains"), "{err}");
    let err = f
        .store
        .submit_ballot(p, e, &full(&f.criteria, 50), &key)
        .unwrap_err();
    assert_eq!(err.code(), "conflicted");
    assert_eq!(f.store.latest_ballot(p, e).unwrap(), None);
    let sheet = f.store.scoring_sheet(p, e).unwrap();
    assert_eq!(sheet.status, ProgressStatus::Abstain);
    assert_eq!(
        sheet.conflict_reason.as_deref(),
        Some("berasal dari daerah yang sama")
    );
    // Other entries are scored as usual.
    assert!(f
        .store
        .submit_ballot(p, f.entries[0], &full(&f.criteria, 50), &key)
        .is_ok());
}

#[test]
fn a_finalized_entry_takes_no_more_ballots() {
    let mut f = fixture();
    let (p, e) = (f.andi, f.entries[0]);
    f.store.save_draft(p, e, &full(&f.criteria, 50)).unwrap();
    f.store
        .conn()
        .execute(
            "INSERT INTO finalized_entries (entry_id, at, result_sha256) \
             VALUES (?1, '2023-03-07T10:00:00.000Z', 'seal')",
            [e.to_string()],
        )
        .unwrap();
    assert!(f.store.is_entry_finalized(e).unwrap());
    assert!(!f.store.is_entry_finalized(f.entries[1]).unwrap());
    let err = f
        .store
        .save_draft(p, e, &full(&f.criteria, 51))
        .unwrap_err();
    assert!(err.to_string().contains("finalized"), "{err}");
    assert!(f.store.ballot_progress(p).unwrap()[0].finalized);
}

#[test]
fn keys_are_registered_once_and_another_key_is_refused() {
    let mut f = fixture();
    let p = f.andi;
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, p)
        .unwrap();
    let again = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, p)
        .unwrap();
    assert_eq!(key.to_bytes(), again.to_bytes());
    assert_eq!(
        f.store.ballot_key(Signer::Panelist, p).unwrap(),
        Some(key.verifying_key())
    );
    let elsewhere = Keystore::new(f.dir.path().join("other-laptop"));
    assert_eq!(
        f.store
            .ensure_signing_key(&elsewhere, Signer::Panelist, p)
            .unwrap_err()
            .code(),
        "device_key_mismatch"
    );
    let stranger = elsewhere.key(Signer::Panelist, p).unwrap();
    let err = f
        .store
        .submit_ballot(p, f.entries[0], &full(&f.criteria, 70), &stranger)
        .unwrap_err();
    assert_eq!(err.code(), "device_key_mismatch");
    // A panelist without a registered key cannot submit either.
    let budi_key = f.keys.key(Signer::Panelist, f.budi).unwrap();
    assert!(f
        .store
        .submit_ballot(f.budi, f.entries[0], &full(&f.criteria, 70), &budi_key)
        .is_err());
}

#[test]
fn a_ballot_altered_in_the_file_is_rejected_not_counted() {
    let mut f = fixture();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    for e in &f.entries[..2] {
        f.store
            .submit_ballot(f.andi, *e, &full(&f.criteria, 75), &key)
            .unwrap();
    }
    f.store
        .conn()
        .execute_batch(&format!(
            "DROP TRIGGER ballot_scores_frozen_update;
             UPDATE ballot_scores SET score = 99 WHERE criterion_id = '{}' AND ballot_id IN
               (SELECT id FROM ballots WHERE entry_id = '{}');",
            f.criteria[0].id, f.entries[1]
        ))
        .unwrap();
    let counted = f.store.counted_ballots().unwrap();
    assert_eq!(counted.len(), 1);
    assert_eq!(counted[0].entry_id, f.entries[0]);
    let rejected = f.store.rejected_ballots().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0.entry_id, f.entries[1]);
    assert!(
        rejected[0].1.contains("does not match"),
        "{}",
        rejected[0].1
    );
    // Export leaves it out and says so.
    let export = f.store.export_ballots(f.andi).unwrap();
    assert_eq!(export.file.ballots.len(), 1);
    assert_eq!(export.failed.len(), 1);
}

/// Two copies of one competition: the panelist's laptop and the secretariat's.
fn two_copies() -> (Fixture, Store) {
    let f = fixture();
    let copy = f.dir.path().join("secretariat.panelis");
    let Fixture {
        dir,
        path,
        store,
        keys,
        entries,
        andi,
        budi,
        criteria,
    } = f;
    drop(store);
    std::fs::copy(&path, &copy).unwrap();
    let secretariat = Store::open(&copy).unwrap();
    let store = Store::open(&path).unwrap();
    (
        Fixture {
            dir,
            path,
            store,
            keys,
            entries,
            andi,
            budi,
            criteria,
        },
        secretariat,
    )
}

#[test]
fn a_ballot_file_imports_verified_and_idempotent() {
    let (mut f, mut secretariat) = two_copies();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    for (i, e) in f.entries.iter().enumerate() {
        f.store
            .submit_ballot(f.andi, *e, &full(&f.criteria, 70 + i as i32), &key)
            .unwrap();
    }
    f.store
        .submit_ballot(f.andi, f.entries[0], &full(&f.criteria, 90), &key)
        .unwrap();
    let out = f.dir.path().join("andi.json");
    let export = f.store.export_ballots(f.andi).unwrap();
    assert!(export.failed.is_empty());
    assert_eq!(export.file.ballots.len(), 4);
    export.file.write(&out).unwrap();
    let file = BallotFile::read(&out).unwrap();
    assert_eq!(file, export.file);
    // Saved again by an editor with a byte order mark: the same file.
    let with_bom = format!("\u{feff}{}", std::fs::read_to_string(&out).unwrap());
    assert_eq!(BallotFile::parse(&with_bom).unwrap(), export.file);

    let before = audit_len(&secretariat);
    // The file announces Andi's key, which is not registered here: refused, with the
    // fingerprint to compare, and nothing written.
    let unconfirmed = secretariat.import_ballots(&file, &[]).unwrap();
    assert_eq!(unconfirmed.imported, 0);
    assert_eq!(unconfirmed.rejected.len(), 4);
    assert!(unconfirmed
        .rejected
        .iter()
        .all(|r| r.code == "unregistered_key"));
    let shown = signing::key_fingerprint(&key.verifying_key());
    assert_eq!(unconfirmed.unregistered_keys.len(), 1);
    assert_eq!(unconfirmed.unregistered_keys[0].fingerprint, shown);
    assert!(unconfirmed.rejected[0].reason_en.contains(&shown));
    assert_eq!(
        secretariat.ballot_key(Signer::Panelist, f.andi).unwrap(),
        None
    );
    assert_eq!(audit_len(&secretariat), before);
    // Too short a confirmation, or another key's, confirms nothing.
    let short = shown.replace(' ', "")[..16].to_string();
    let other =
        signing::key_fingerprint(&ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key());
    for wrong in [short, other] {
        let r = secretariat.import_ballots(&file, &[wrong]).unwrap();
        assert_eq!(r.imported, 0);
    }
    // Confirmed as the panelist's laptop shows it: taken, the key registered.
    let report = secretariat.import_ballots(&file, &[shown]).unwrap();
    assert_eq!((report.imported, report.already_present), (4, 0));
    assert!(report.rejected.is_empty());
    assert_eq!(report.keys_registered, vec![Signer::Panelist]);
    assert_eq!(
        secretariat.ballot_key(Signer::Panelist, f.andi).unwrap(),
        Some(key.verifying_key())
    );
    let counted = secretariat.counted_ballots().unwrap();
    assert_eq!(counted, f.store.counted_ballots().unwrap());
    assert_eq!(counted.len(), 3);
    let events = secretariat.audit_events().unwrap();
    assert_eq!(events.len(), before + 2, "key registered, ballots imported");
    assert_eq!(events.last().unwrap().action, "ballots.imported");

    // Twice: nothing changes, not even the audit log.
    let again = secretariat
        .import_ballots(&file, &confirmed(&file))
        .unwrap();
    assert_eq!((again.imported, again.already_present), (0, 4));
    assert_eq!(audit_len(&secretariat), before + 2);
    assert_eq!(secretariat.counted_ballots().unwrap(), counted);
}

#[test]
fn altered_ballots_in_a_file_are_rejected_and_listed() {
    let (mut f, mut secretariat) = two_copies();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    for e in &f.entries {
        f.store
            .submit_ballot(f.andi, *e, &full(&f.criteria, 70), &key)
            .unwrap();
    }
    let mut file = f.store.export_ballots(f.andi).unwrap().file;
    file.ballots[1].scores[0].score = 100;
    file.ballots[2].note = "diubah".into();
    let report = secretariat
        .import_ballots(&file, &confirmed(&file))
        .unwrap();
    assert_eq!(report.imported, 1);
    let rejected: Vec<u32> = report.rejected.iter().map(|r| r.entry_no).collect();
    assert_eq!(rejected, vec![2, 3]);
    assert!(report.rejected[0].reason_en.contains("signature"));
    assert_eq!(secretariat.counted_ballots().unwrap().len(), 1);

    // A file signed by a key other than the registered one: all rejected.
    let mut forged = f.store.export_ballots(f.andi).unwrap().file;
    let other = Keystore::new(f.dir.path().join("forger"))
        .key(Signer::Panelist, f.andi)
        .unwrap();
    forged.public_key = Some(crate::ballot::signing::public_key_hex(
        &other.verifying_key(),
    ));
    let report = secretariat
        .import_ballots(&forged, &confirmed(&forged))
        .unwrap();
    assert_eq!(report.imported, 0);
    assert!(report
        .rejected
        .iter()
        .all(|r| r.reason_en.contains("other than the one registered")));

    // A file of another competition is refused whole.
    let mut foreign = file.clone();
    foreign.competition_id = Uuid::now_v7();
    assert_eq!(
        secretariat
            .import_ballots(&foreign, &confirmed(&foreign))
            .unwrap_err()
            .code(),
        "wrong_competition"
    );
}

#[test]
fn an_imported_ballot_for_a_conflicted_or_finalized_entry_is_rejected() {
    let (mut f, mut secretariat) = two_copies();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    for e in &f.entries {
        f.store
            .submit_ballot(f.andi, *e, &full(&f.criteria, 70), &key)
            .unwrap();
    }
    let file = f.store.export_ballots(f.andi).unwrap().file;
    secretariat
        .add_conflict(f.andi, f.entries[0], "instansi sendiri")
        .unwrap();
    secretariat
        .conn()
        .execute(
            "INSERT INTO finalized_entries (entry_id, at, result_sha256) \
             VALUES (?1, '2023-03-07T10:00:00.000Z', 'seal')",
            [f.entries[1].to_string()],
        )
        .unwrap();
    let report = secretariat
        .import_ballots(&file, &confirmed(&file))
        .unwrap();
    assert_eq!(report.imported, 1);
    assert!(report.rejected[0].reason_en.contains("abstains"));
    assert!(report.rejected[1].reason_en.contains("finalized"));
}

fn csv_for(f: &Fixture, panelist: &str, entry: u32, base: i32) -> String {
    f.criteria
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{panelist};{entry};{};{}\n", c.code, base + i as i32))
        .collect()
}

#[test]
fn paper_ballots_are_submitted_on_behalf_and_signed_by_the_secretariat() {
    let mut f = fixture();
    let mut text = String::from("Panelist;Entry;Criterion;Score\n");
    text += &csv_for(&f, "prof. andi, m.si.", 1, 80);
    text += &csv_for(&f, "Budi Santoso", 1, 60);
    let report = f.store.import_paper_scores(&text, &f.keys).unwrap();
    assert_eq!(
        (report.submitted, report.unchanged, report.lines),
        (2, 0, 14)
    );
    let counted = f.store.counted_ballots().unwrap();
    assert_eq!(counted.len(), 2);
    assert!(counted
        .iter()
        .all(|b| b.signer == Some(Signer::Secretariat)));
    assert_eq!(counted[0].scores[0], (f.criteria[0].id, 80));
    assert!(f
        .store
        .ballot_key(Signer::Secretariat, f.andi)
        .unwrap()
        .is_some());
    assert!(f
        .store
        .ballot_key(Signer::Panelist, f.andi)
        .unwrap()
        .is_none());
    let events = f.store.audit_events().unwrap();
    assert!(events.iter().any(
        |e| e.action == "ballot.submitted" && e.actor == format!("secretariat-for:{}", f.andi)
    ));
    // The same sheet again changes nothing.
    let before = audit_len(&f.store);
    let again = f.store.import_paper_scores(&text, &f.keys).unwrap();
    assert_eq!((again.submitted, again.unchanged), (0, 2));
    assert_eq!(audit_len(&f.store), before);
    // A corrected sheet makes revision 2.
    let fixed = csv_for(&f, "Budi Santoso", 1, 61);
    assert_eq!(
        f.store
            .import_paper_scores(&fixed, &f.keys)
            .unwrap()
            .submitted,
        1
    );
    assert_eq!(
        f.store
            .ballot_revisions(f.budi, f.entries[0])
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn paper_never_writes_over_a_ballot_the_panelist_signed_on_their_device() {
    let mut f = fixture();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    let form = full(&f.criteria, 70);
    f.store
        .submit_ballot(f.andi, f.entries[0], &form, &key)
        .unwrap();
    let before = audit_len(&f.store);
    // Typed into the grid, sent from the grid, imported from a CSV: all refused alike.
    let draft = f
        .store
        .save_paper_draft(f.andi, f.entries[0], &full(&f.criteria, 71))
        .unwrap_err();
    assert_eq!(draft.code(), "signed_on_device");
    let paper_key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Secretariat, f.andi)
        .unwrap();
    let submitted = f
        .store
        .submit_paper_ballot(f.andi, f.entries[0], &full(&f.criteria, 71), &paper_key)
        .unwrap_err();
    assert_eq!(submitted.code(), "signed_on_device");
    assert!(
        submitted
            .message(crate::lang::Lang::Id)
            .contains("koreksinya adalah revisi baru dari panelis itu"),
        "{submitted}"
    );
    let text = format!(
        "Panelist;Entry;Criterion;Score\n{}",
        csv_for(&f, "Prof. Andi, M.Si.", 1, 72)
    );
    match f.store.import_paper_scores(&text, &f.keys).unwrap_err() {
        Error::Rejected { problems, .. } => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].row, Some(2));
            assert!(problems[0].message_en.contains("signed by the panelist"));
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        f.store
            .ballot_revisions(f.andi, f.entries[0])
            .unwrap()
            .len(),
        1
    );
    // (The paper key made just now is the only change the refusals left.)
    assert!(audit_len(&f.store) <= before + 1);
    // The panelist's own next revision is their correction.
    f.store
        .submit_ballot(f.andi, f.entries[0], &full(&f.criteria, 71), &key)
        .unwrap();
    assert_eq!(
        f.store
            .ballot_revisions(f.andi, f.entries[0])
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_bad_paper_sheet_names_every_problem_with_its_line_and_writes_nothing() {
    let mut f = fixture();
    f.store.add_conflict(f.budi, f.entries[1], "").unwrap();
    f.store
        .conn()
        .execute(
            "INSERT INTO finalized_entries (entry_id, at, result_sha256) \
             VALUES (?1, '2023-03-07T10:00:00.000Z', 'seal')",
            [f.entries[2].to_string()],
        )
        .unwrap();
    let mut text = csv_for(&f, "Prof. Andi, M.Si.", 1, 80); // lines 1-7: fine
    text += "Citra;1;kebaruan;80\n"; // 8 unknown panelist
    text += "Budi Santoso;9;kebaruan;80\n"; // 9 unknown entry
    text += "Budi Santoso;1;keindahan;80\n"; // 10 unknown criterion
    text += "Budi Santoso;1;kebaruan;101\n"; // 11 out of range
    text += "Budi Santoso;1;efektivitas;8.5\n"; // 12 not an integer
    text += "Prof. Andi, M.Si.;1;kebaruan;81\n"; // 13 duplicate of line 1
    text += &csv_for(&f, "Budi Santoso", 2, 70); // 14-20: conflicted
    text += &csv_for(&f, "Prof. Andi, M.Si.", 3, 70); // 21-27: finalized
    text += "Budi Santoso;1;kemanfaatan;\n"; // 28 empty score
    let before = audit_len(&f.store);
    let Error::Rejected { problems, .. } = f.store.import_paper_scores(&text, &f.keys).unwrap_err()
    else {
        panic!("expected a rejection")
    };
    let at = |line: u32, needle: &str| {
        assert!(
            problems
                .iter()
                .any(|p| p.row == Some(line) && p.message_en.contains(needle)),
            "line {line} {needle:?} not in {problems:#?}"
        )
    };
    at(8, "unknown panelist");
    at(9, "no entry numbered");
    at(10, "not in the rubric");
    at(11, "outside 0-100");
    at(12, "not a whole number");
    at(13, "duplicate of line 1");
    at(14, "abstains");
    at(21, "finalized");
    at(28, "no score");
    // Budi's partial sheet for entry 1 (lines 11-12 were bad, 28 empty) lacks criteria.
    assert!(problems.iter().all(|p| p.row.is_some()));
    assert!(f.store.latest_ballots().unwrap().is_empty());
    assert_eq!(audit_len(&f.store), before);
    assert!(f
        .store
        .ballot_key(Signer::Secretariat, f.andi)
        .unwrap()
        .is_none());
}

/// One criterion of a form: its score and note as typed.
fn typed(criterion: &Criterion, score: &str, note: &str) -> CriterionInput {
    CriterionInput {
        criterion_id: criterion.id,
        score: score.into(),
        note: note.into(),
    }
}

#[test]
fn a_draft_saved_again_holds_exactly_the_latest_form() {
    // The draft is rewritten in place (`replace_scores`): a note cleared beside a score kept,
    // a field cleared, a note kept on a score given later, a note alone; what was cleared
    // leaves no row.
    let mut f = fixture();
    let (p, e, c) = (f.andi, f.entries[0], f.criteria.clone());
    let first = BallotForm {
        criteria: vec![
            typed(&c[0], "80", "gagasan baru"),
            typed(&c[1], "75", ""),
            typed(&c[2], "", "tanya data"),
        ],
        note: String::new(),
    };
    f.store.save_draft(p, e, &first).unwrap();
    let second = BallotForm {
        criteria: vec![
            typed(&c[0], "80", ""),
            typed(&c[2], "60", "tanya data"),
            typed(&c[3], "", "replikasi"),
        ],
        note: "cukup".into(),
    };
    let saved = f.store.save_draft(p, e, &second).unwrap();
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    for _ in 0..2 {
        // The same form again changes nothing.
        f.store.save_draft(p, e, &second).unwrap();
    }
    let path = f.path.clone();
    drop(f.store);
    let store = Store::open(&path).unwrap();
    let draft = store.latest_ballot(p, e).unwrap().unwrap();
    let mut scores = draft.scores.clone();
    scores.sort();
    let mut want = vec![(c[0].id, 80), (c[2].id, 60)];
    want.sort();
    assert_eq!(scores, want);
    let mut notes = draft.criterion_notes.clone();
    notes.sort();
    let mut want = vec![
        (c[2].id, "tanya data".to_string()),
        (c[3].id, "replikasi".to_string()),
    ];
    want.sort();
    assert_eq!(notes, want);
    assert_eq!((draft.revision, draft.note.as_str()), (1, "cukup"));
    let rows: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM ballot_scores WHERE ballot_id = ?1",
            [draft.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        rows, 3,
        "the cleared criterion's row is gone, no row is doubled"
    );
}

#[test]
fn paper_drafts_are_audited_on_behalf_of_the_panelist() {
    let mut f = fixture();
    let saved = f
        .store
        .save_paper_draft(f.budi, f.entries[0], &full(&f.criteria, 40))
        .unwrap();
    assert!(saved.ballot.is_some());
    let last = f.store.audit_events().unwrap().pop().unwrap();
    assert_eq!(last.action, "ballot.draft_started");
    assert_eq!(last.actor, format!("secretariat-for:{}", f.budi));
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Secretariat, f.budi)
        .unwrap();
    let ballot = f
        .store
        .submit_paper_ballot(f.budi, f.entries[0], &full(&f.criteria, 40), &key)
        .unwrap();
    assert_eq!(ballot.signer, Some(Signer::Secretariat));
    assert_eq!(f.store.counted_ballots().unwrap(), vec![ballot]);
}

/// One rule for an old revision, whatever path it comes by: a file that carries only the
/// older revision is refused as stale, exactly as the LAN host's `receive_ballot` refuses it;
/// a file with the whole history is still "already present" when imported again.
#[test]
fn a_stale_revision_is_refused_alike_by_file_and_by_station() {
    let (mut f, mut secretariat) = two_copies();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    let e = f.entries[0];
    f.store
        .submit_ballot(f.andi, e, &full(&f.criteria, 70), &key)
        .unwrap();
    let old = f.store.export_ballots(f.andi).unwrap().file;
    f.store
        .submit_ballot(f.andi, e, &full(&f.criteria, 80), &key)
        .unwrap();
    let whole = f.store.export_ballots(f.andi).unwrap().file;
    assert_eq!(whole.ballots.len(), 2);
    // Only revision 2 reaches the secretariat first (say over the LAN).
    let mut newest = whole.clone();
    newest.ballots.retain(|b| b.revision == 2);
    assert_eq!(
        secretariat
            .import_ballots(&newest, &confirmed(&newest))
            .unwrap()
            .imported,
        1
    );

    // Revision 1 alone, by file: stale, named with the revision that stands.
    let report = secretariat.import_ballots(&old, &confirmed(&old)).unwrap();
    assert_eq!(report.imported, 0);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].code, "stale_revision");
    assert!(
        report.rejected[0].reason_en.contains("revision 2"),
        "{}",
        report.rejected[0].reason_en
    );
    // Revision 1 alone, as a station sends it: the same verdict.
    let verdict = secretariat
        .receive_ballot(f.andi, &key.verifying_key(), &old.ballots[0])
        .unwrap();
    assert_eq!(
        verdict,
        crate::ballot::judge::Verdict::Refuse(crate::ballot::judge::BallotRefusal::StaleRevision {
            revision: 1,
            latest: 2
        })
    );
    // The whole history together is taken: revision 1 is filled in under revision 2.
    let report = secretariat
        .import_ballots(&whole, &confirmed(&whole))
        .unwrap();
    assert_eq!((report.imported, report.already_present), (1, 1));
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let again = secretariat
        .import_ballots(&whole, &confirmed(&whole))
        .unwrap();
    assert_eq!((again.imported, again.already_present), (0, 2));
    // An exact replay of revision 1 by a station, now that both are on record: stale.
    let verdict = secretariat
        .receive_ballot(f.andi, &key.verifying_key(), &old.ballots[0])
        .unwrap();
    assert!(matches!(
        verdict,
        crate::ballot::judge::Verdict::Refuse(
            crate::ballot::judge::BallotRefusal::StaleRevision { .. }
        )
    ));
    // Revision 2 again: already present by either path.
    let verdict = secretariat
        .receive_ballot(f.andi, &key.verifying_key(), &newest.ballots[0])
        .unwrap();
    assert_eq!(verdict, crate::ballot::judge::Verdict::AlreadyPresent);
}

/// Signs `fb` again as submitted at `at`, with the panelist's own key.
fn signed_at(
    fb: &crate::ballot::transfer::FileBallot,
    panelist: Uuid,
    competition: Uuid,
    key: &ed25519_dalek::SigningKey,
    at: chrono::DateTime<chrono::Utc>,
) -> crate::ballot::transfer::FileBallot {
    let mut fb = fb.clone();
    fb.submitted_at = at;
    let bytes =
        crate::ballot::signing::encode_ballot(&fb.to_ballot(panelist), competition).unwrap();
    fb.signature = crate::ballot::signing::sign(key, &bytes);
    fb
}

/// A ballot signed as submitted in 2099 is refused as from the future (the host's clock is
/// the authority), by file and by station alike, with both times named; nothing is stored.
/// A few minutes ahead (a laptop's clock drifting) is within the tolerance and taken.
#[test]
fn a_ballot_from_the_future_is_refused_alike_by_file_and_by_station() {
    use crate::ballot::judge::{BallotRefusal, Verdict};
    let (mut f, mut secretariat) = two_copies();
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, f.andi)
        .unwrap();
    let e = f.entries[0];
    f.store
        .submit_ballot(f.andi, e, &full(&f.criteria, 70), &key)
        .unwrap();
    let competition = f.store.competition().unwrap().id;
    let mut file = f.store.export_ballots(f.andi).unwrap().file;
    let at = chrono::DateTime::parse_from_rfc3339("2099-01-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    file.ballots[0] = signed_at(&file.ballots[0], f.andi, competition, &key, at);

    // By file: refused, named with the ballot's time and the host's.
    let report = secretariat
        .import_ballots(&file, &confirmed(&file))
        .unwrap();
    assert_eq!(report.imported, 0);
    assert_eq!(report.rejected.len(), 1);
    let rejected = &report.rejected[0];
    assert_eq!(rejected.code, "from_the_future");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for reason in [&rejected.reason_en, &rejected.reason_id] {
        assert!(reason.contains("2099-01-01 08:00:00 UTC"), "{reason}");
        assert!(reason.contains(&today), "the host's time: {reason}");
    }
    assert!(
        rejected.reason_id.contains("jam tuan rumah"),
        "{}",
        rejected.reason_id
    );
    assert!(
        rejected.reason_en.contains("host's clock"),
        "{}",
        rejected.reason_en
    );

    // As a station sends it: the same verdict.
    let verdict = secretariat
        .receive_ballot(f.andi, &key.verifying_key(), &file.ballots[0])
        .unwrap();
    assert!(
        matches!(&verdict, Verdict::Refuse(BallotRefusal::FromTheFuture { submitted_at, .. }) if *submitted_at == at),
        "{verdict:?}"
    );
    assert!(secretariat.ballot_revisions(f.andi, e).unwrap().is_empty());

    // Five minutes ahead of the host: taken.
    let soon = chrono::Utc::now() + chrono::Duration::minutes(5);
    let near = signed_at(&file.ballots[0], f.andi, competition, &key, soon);
    let verdict = secretariat
        .receive_ballot(f.andi, &key.verifying_key(), &near)
        .unwrap();
    assert_eq!(verdict, Verdict::Accept);
}

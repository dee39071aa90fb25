//! Finalization tests on the demo competition with paper ballots: who and when is recorded,
//! ballots for finalized entries are refused on every path, reopening needs a reason, and
//! document versions follow the data and the finalization round.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use crate::ballot::BallotForm;
use crate::model::Signer;
use crate::store::{FinalizationAction, FinalizeRequest, NewDocument, ReopenRequest};
use crate::{Error, Store};
use uuid::Uuid;

const ROOM: &str = "Ruang Sidang Utama";
const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";

use crate::testing::{entry_id, Demo as Fixture};

/// Paper ballots: every panelist gives `score` on every criterion of each entry.
fn csv(store: &Store, entries: &[(u32, i32)]) -> String {
    crate::testing::paper_csv(store, &crate::testing::panel_names(store), entries)
}

/// The demo with entries 1 and 2 at 80 (tied), 3 at 90.
fn fixture() -> Fixture {
    crate::testing::demo_scored(&[(1, 80), (2, 80), (3, 90)])
}

fn finalize(entries: Option<Vec<u32>>) -> FinalizeRequest {
    FinalizeRequest {
        room: Some(ROOM.into()),
        entries,
        chair: " prof. dr. andi rahmawati,  m.si. ".into(),
        secretariat: "Muh. Arsyad Taufiq".into(),
        // Entry 4 has no ballots in these tests: the chair overrides the quorum.
        quorum_override: Some("Entri 4 dinilai kemudian".into()),
    }
}

#[test]
fn finalizing_records_who_when_which_and_refuses_ballots_everywhere() {
    let mut f = fixture();
    let before = f.store.result_sha256().unwrap();
    let record = f.store.finalize(&finalize(Some(vec![2, 1, 4]))).unwrap();
    assert_eq!(record.action, FinalizationAction::Finalize);
    assert_eq!(record.entries, vec![1, 2, 4]);
    assert_eq!(record.chair, CHAIR, "the panel's spelling is kept");
    assert_eq!(record.secretariat, "Muh. Arsyad Taufiq");
    assert_eq!(record.room.as_deref(), Some(ROOM));
    assert_eq!(record.incomplete, vec![4], "entry 4 has no ballots yet");
    assert_eq!(record.result_sha256, before);
    assert_eq!(record.seq, 1);

    let status = f.store.finalization_status().unwrap();
    assert_eq!(status.finalized, vec![1, 2, 4]);
    assert_eq!((status.entries, status.round), (50, 0));
    assert_eq!(status.history, vec![record.clone()]);
    assert!(f.store.is_entry_finalized(entry_id(&f.store, 1)).unwrap());
    assert!(!f.store.is_entry_finalized(entry_id(&f.store, 3)).unwrap());

    // A panelist's own ballot, a paper ballot and a paper CSV are all refused.
    let andi = f.store.panelist_named(CHAIR).unwrap().id;
    let e1 = entry_id(&f.store, 1);
    let form = BallotForm::with_scores(
        &f.store
            .rubric()
            .unwrap()
            .criteria
            .iter()
            .map(|c| (c.id, 70))
            .collect::<Vec<_>>(),
    );
    let key = f
        .store
        .ensure_signing_key(&f.keys, Signer::Panelist, andi)
        .unwrap();
    let err = f.store.submit_ballot(andi, e1, &form, &key).unwrap_err();
    assert!(err.to_string().contains("finalized"), "{err}");
    let err = f.store.save_draft(andi, e1, &form).unwrap_err();
    assert!(err.to_string().contains("finalized"), "{err}");
    let text = csv(&f.store, &[(1, 60)]);
    match f.store.import_paper_scores(&text, &f.keys).unwrap_err() {
        Error::Rejected { problems, .. } => {
            assert!(problems.iter().any(|p| p.message_en.contains("finalized")))
        }
        other => panic!("{other}"),
    }
    // Entry 3 is not final: it still takes ballots.
    let e3 = entry_id(&f.store, 3);
    f.store.save_draft(andi, e3, &form).unwrap();

    let events = f.store.audit_events().unwrap();
    let event = events
        .iter()
        .find(|e| e.action == "results.finalized")
        .unwrap();
    assert_eq!(event.detail["chair"], CHAIR);
    assert_eq!(event.detail["secretariat"], "Muh. Arsyad Taufiq");
    assert_eq!(event.detail["entries"], serde_json::json!([1, 2, 4]));
    assert_eq!(f.store.verify_audit().unwrap(), None);
}

#[test]
fn finalizing_the_room_again_takes_only_what_is_left_then_refuses() {
    let mut f = fixture();
    f.store.finalize(&finalize(Some(vec![1, 2]))).unwrap();
    let rest = f.store.finalize(&finalize(None)).unwrap();
    assert_eq!(rest.already, vec![1, 2]);
    assert_eq!(rest.entries.len(), 48);
    assert_eq!(f.store.finalization_status().unwrap().finalized.len(), 50);
    let err = f.store.finalize(&finalize(None)).unwrap_err();
    assert_eq!(err.code(), "already_final", "{err}");
    assert!(err.to_string().contains("already final"), "{err}");
}

#[test]
fn finalizing_refuses_unnamed_people_and_unknown_rooms_or_entries() {
    let mut f = fixture();
    let audit = f.store.audit_events().unwrap().len();
    let mut r = finalize(None);
    r.secretariat = "  ".into();
    let err = f.store.finalize(&r).unwrap_err();
    assert!(err.to_string().starts_with("secretariat:"), "{err}");
    let mut r = finalize(None);
    r.chair = String::new();
    assert!(f
        .store
        .finalize(&r)
        .unwrap_err()
        .to_string()
        .starts_with("chair:"));
    let mut r = finalize(None);
    r.chair = "Pak Somebody".into();
    let err = f.store.finalize(&r).unwrap_err().to_string();
    assert!(
        err.contains("not on the panel") && err.contains(CHAIR),
        "{err}"
    );
    let err = f.store.finalize(&finalize(Some(vec![1, 77]))).unwrap_err();
    assert_eq!(err.to_string(), "entries: no entry numbered 77");
    let mut r = finalize(None);
    r.room = Some("Ruang B".into());
    let err = f.store.finalize(&r).unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                what: crate::error::Record::Room,
                ..
            }
        ),
        "{err}"
    );

    // An entry scheduled elsewhere is not in the room.
    let other = f.store.add_room("Ruang Melati").unwrap();
    let mut r = finalize(Some(vec![1]));
    r.room = Some(other.name.clone());
    let err = f.store.finalize(&r).unwrap_err();
    assert!(
        err.to_string()
            .contains("entry 1 is not scheduled in room \"Ruang Melati\""),
        "{err}"
    );
    r.entries = None;
    let err = f.store.finalize(&r).unwrap_err();
    assert!(err.to_string().contains("no entry is scheduled"), "{err}");
    assert!(f.store.finalization_status().unwrap().finalized.is_empty());
    // Only the room added above reached the log.
    assert_eq!(f.store.audit_events().unwrap().len(), audit + 1);
}

#[test]
fn reopening_needs_a_reason_is_audited_and_accepts_ballots_again() {
    let mut f = fixture();
    f.store.finalize(&finalize(Some(vec![1, 2]))).unwrap();
    let err = f
        .store
        .reopen(&ReopenRequest {
            reason: " \n ".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "reason: reopening finalized results needs a written reason"
    );
    assert_eq!(f.store.finalization_status().unwrap().finalized, vec![1, 2]);
    let err = f
        .store
        .reopen(&ReopenRequest {
            entries: Some(vec![3]),
            reason: "salah ketik".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("nothing to reopen"), "{err}");

    let reason = "Nilai panelis 3 untuk inovasi 2 salah ketik pada lembar kertas";
    let record = f
        .store
        .reopen(&ReopenRequest {
            entries: Some(vec![2]),
            reason: reason.into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(record.action, FinalizationAction::Reopen);
    assert_eq!(
        (record.entries.clone(), record.reason.as_str()),
        (vec![2], reason)
    );
    let status = f.store.finalization_status().unwrap();
    assert_eq!((status.finalized, status.round), (vec![1], 1));
    assert_eq!(status.history.len(), 2);
    let event = f.store.audit_events().unwrap().pop().unwrap();
    assert_eq!(event.action, "results.reopened");
    assert_eq!(event.detail["reason"], reason);
    // Entry 2 takes a corrected paper ballot again; entry 1 still does not.
    let text = csv(&f.store, &[(2, 85)]);
    f.store.import_paper_scores(&text, &f.keys).unwrap();
    let text = csv(&f.store, &[(1, 85)]);
    assert!(f.store.import_paper_scores(&text, &f.keys).is_err());
    // A file edited to drop the reason is refused by the table itself.
    let broken = f.store.conn().execute(
        "INSERT INTO finalizations (id, action, at, entries, result_sha256)
         VALUES ('x', 'reopen', '2023-03-07T10:00:00.000Z', '[]', '')",
        [],
    );
    assert!(broken.is_err());
}

fn issue(store: &mut Store, kind: &str) -> crate::store::IssuedDocument {
    let sha = store.result_sha256().unwrap();
    let plan = store.plan_document(kind, &sha).unwrap();
    store
        .record_document(&NewDocument {
            id: Uuid::new_v4(),
            kind: kind.into(),
            version: plan.version,
            supersedes: plan.supersedes.map(|d| d.id),
            lang: "id".into(),
            issued_at: crate::time::now(),
            result_sha256: sha,
            file_sha256: "00".repeat(32),
            file: format!("/tmp/{kind}.pdf"),
        })
        .unwrap()
}

#[test]
fn document_versions_follow_the_data_and_the_finalization_round() {
    let mut f = fixture();
    f.store.finalize(&finalize(None)).unwrap();
    let v1 = issue(&mut f.store, "recap");
    assert_eq!((v1.version, v1.supersedes, v1.round), (1, None, 0));
    // Printed again with nothing changed: a reprint of version 1.
    let reprint = issue(&mut f.store, "recap");
    assert_eq!((reprint.version, reprint.supersedes), (1, None));
    assert_ne!(reprint.id, v1.id);
    // Other kinds count on their own.
    assert_eq!(issue(&mut f.store, "minutes").version, 1);

    // Reopened and finalized again with the same numbers: still a new version.
    f.store
        .reopen(&ReopenRequest {
            reason: "Ketua panel meminta pemeriksaan ulang".into(),
            ..Default::default()
        })
        .unwrap();
    f.store.finalize(&finalize(None)).unwrap();
    let v2 = issue(&mut f.store, "recap");
    assert_eq!(v2.version, 2);
    assert_eq!(v2.supersedes, Some(reprint.id));
    assert_eq!(v2.supersedes_version, Some(1));
    assert_eq!(v2.round, 1);
    let v2_again = issue(&mut f.store, "recap");
    assert_eq!(
        (
            v2_again.version,
            v2_again.supersedes,
            v2_again.supersedes_version
        ),
        (2, Some(reprint.id), Some(1))
    );

    // Changed result data (a correction after reopening) makes the next version too.
    f.store
        .reopen(&ReopenRequest {
            entries: Some(vec![3]),
            reason: "Koreksi nilai inovasi 3".into(),
            ..Default::default()
        })
        .unwrap();
    let text = csv(&f.store, &[(3, 95)]);
    f.store.import_paper_scores(&text, &f.keys).unwrap();
    let sha = f.store.result_sha256().unwrap();
    let plan = f.store.plan_document("recap", &sha).unwrap();
    assert_eq!((plan.version, plan.reprint), (3, false));
    assert_eq!(plan.supersedes.as_ref().map(|d| d.id), Some(v2_again.id));

    // A document prepared on a stale plan is not recorded.
    let stale = NewDocument {
        id: Uuid::new_v4(),
        kind: "recap".into(),
        version: 2,
        supersedes: Some(reprint.id),
        lang: "id".into(),
        issued_at: crate::time::now(),
        result_sha256: sha,
        file_sha256: String::new(),
        file: String::new(),
    };
    let err = f.store.record_document(&stale).unwrap_err();
    assert!(err.to_string().contains("export it again"), "{err}");

    let all = f.store.issued_documents().unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(
        f.store.current_document("recap").unwrap().unwrap().id,
        v2_again.id
    );
    assert_eq!(f.store.issued_document(v1.id).unwrap().unwrap(), v1);
    let issued: Vec<_> = f
        .store
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "document.issued")
        .collect();
    assert_eq!(issued.len(), 5);
    assert_eq!(issued[3].detail["version"], 2);
    assert!(f.store.plan_document("Recap!", "x").is_err());
    assert_eq!(f.store.verify_audit().unwrap(), None);
}

#[test]
fn results_view_shows_ties_criterion_means_rooms_and_finalization() {
    let mut f = fixture();
    f.store.finalize(&finalize(Some(vec![3]))).unwrap();
    let view = f
        .store
        .results_view(crate::results::ResultOptions {
            outlier_points: 10,
            z_scores: true,
        })
        .unwrap();
    assert_eq!(view.rows.len(), 50);
    let top: Vec<_> = view.rows[..4]
        .iter()
        .map(|r| (r.row.rank, r.row.no, r.row.tied, r.finalized))
        .collect();
    assert_eq!(
        top,
        vec![
            (Some(1), 3, false, true),
            (Some(2), 1, true, false),
            (Some(2), 2, true, false),
            (None, 4, false, false),
        ]
    );
    assert_eq!(view.ties.len(), 1);
    assert_eq!(
        (
            view.ties[0].rank,
            view.ties[0].score.as_str(),
            view.ties[0].entries.clone()
        ),
        (2, "80.00", vec![1, 2])
    );
    assert_eq!(view.criteria.len(), 7);
    assert_eq!(view.rows[0].criterion_means[0].as_deref(), Some("90.00"));
    assert_eq!(view.rows[3].criterion_means[0], None);
    assert_eq!(view.rows[0].room.as_deref(), Some(ROOM));
    assert!(view.z_label.is_some());
    assert!(view.rows[0].z_score.is_some());
    assert_eq!(view.chair.as_deref(), Some(CHAIR));
    assert_eq!(view.finalization.finalized, vec![3]);
    assert_eq!(view.result_sha256, f.store.result_sha256().unwrap());
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(
        json["rows"][0]["rank"], 1,
        "the row is flattened for the UI"
    );
}

/// The seals as the `results.finalized` event recorded them, by entry number.
fn seals_in_the_log(store: &Store) -> Vec<(u64, String)> {
    let event = store
        .audit_events()
        .unwrap()
        .into_iter()
        .rev()
        .find(|e| e.action == "results.finalized")
        .unwrap();
    event.detail["seals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["no"].as_u64().unwrap(),
                s["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The finalization seal on record, as sqlite3 reads it.
fn seal_on_record(store: &Store, no: u32) -> Option<String> {
    store
        .conn()
        .query_row(
            "SELECT result_sha256 FROM finalized_entries WHERE entry_id = ?1",
            [entry_id(store, no).to_string()],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_finalization_event_carries_each_entry_seal_and_the_seal_cannot_be_blanked() {
    let mut f = fixture();
    f.store.finalize(&finalize(Some(vec![1, 2]))).unwrap();
    let logged = seals_in_the_log(&f.store);
    assert_eq!(
        logged,
        vec![
            (1, seal_on_record(&f.store, 1).unwrap()),
            (2, seal_on_record(&f.store, 2).unwrap())
        ]
    );
    // With the guards in place the seal is neither blanked nor replaced, nor a row added
    // without one.
    let conn = f.store.conn();
    let e3 = entry_id(&f.store, 3).to_string();
    for sql in [
        "UPDATE finalized_entries SET result_sha256 = NULL",
        "UPDATE finalized_entries SET result_sha256 = 'x'",
    ] {
        let e = conn.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("keeps its seal"), "{sql}: {e}");
    }
    let e = conn
        .execute(
            "INSERT INTO finalized_entries (entry_id, at) VALUES (?1, '2024-05-01T08:00:00.000Z')",
            [&e3],
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("needs its seal"), "{e}");
    assert!(f.store.audit_record_breaks().unwrap().is_empty());
}

#[test]
fn a_seal_blanked_replaced_or_deleted_outside_panelis_stops_signing_and_is_named() {
    let data_of = |store: &Store| {
        let table = store.results(Default::default()).unwrap();
        store.result_data_of(&table).unwrap()
    };
    for (sql, missing) in [
        // The attack the guard stops: blank the seal, and the old check skipped the entry.
        ("UPDATE finalized_entries SET result_sha256 = NULL", false),
        ("UPDATE finalized_entries SET result_sha256 = 'ab'", false),
        ("DELETE FROM finalized_entries", true),
    ] {
        let mut f = fixture();
        f.store.finalize(&finalize(Some(vec![1, 3]))).unwrap();
        let conn = rusqlite::Connection::open(f.store.path()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER finalized_entries_sealed; DROP TRIGGER finalized_entries_seal_required;",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let err = f
            .store
            .check_finalized_unchanged(&data_of(&f.store))
            .unwrap_err();
        assert_eq!(err.code(), "finalization_seal_changed", "{sql}");
        assert!(
            err.message(crate::lang::Lang::En)
                .starts_with("the finalization seal of No 1, 3 is missing or differs"),
            "{sql}: {}",
            err.message(crate::lang::Lang::En)
        );
        assert!(
            err.message(crate::lang::Lang::Id)
                .starts_with("segel finalisasi No 1, 3 hilang atau berbeda"),
            "{}",
            err.message(crate::lang::Lang::Id)
        );
        let breaks = f.store.audit_record_breaks().unwrap();
        let reasons: Vec<&str> = breaks.iter().map(|b| b.reason.as_str()).collect();
        assert_eq!(breaks.len(), 2, "{sql}: {reasons:?}");
        let needle = if missing {
            "its finalization seal is missing"
        } else {
            "differs from the one recorded at event"
        };
        assert!(
            reasons[0].contains("No 1") && reasons[0].contains(needle),
            "{reasons:?}"
        );
        assert!(reasons[1].contains("No 3"), "{reasons:?}");
    }
}

#[test]
fn a_reopened_entry_needs_no_seal_and_a_new_finalization_brings_its_own() {
    let mut f = fixture();
    f.store.finalize(&finalize(Some(vec![1, 2]))).unwrap();
    f.store
        .reopen(&ReopenRequest {
            room: None,
            entries: Some(vec![2]),
            reason: "Salah input".into(),
        })
        .unwrap();
    let table = f.store.results(Default::default()).unwrap();
    let data = f.store.result_data_of(&table).unwrap();
    f.store.check_finalized_unchanged(&data).unwrap();
    assert!(f.store.audit_record_breaks().unwrap().is_empty());
    f.store.finalize(&finalize(Some(vec![2]))).unwrap();
    assert_eq!(
        seals_in_the_log(&f.store),
        vec![(2, seal_on_record(&f.store, 2).unwrap())]
    );
    f.store.check_finalized_unchanged(&data).unwrap();
    assert!(f.store.audit_record_breaks().unwrap().is_empty());
}

#[test]
fn documents_cover_the_entries_final_now_named_by_room_when_they_are_rooms() {
    let mut f = fixture();
    let rooms = {
        let main = f.store.rooms().unwrap()[0].id;
        let second = f.store.add_room("Ruang Kenanga").unwrap().id;
        let days = crate::schedule::DayPlan::typical(
            chrono::NaiveDate::from_ymd_opt(2023, 3, 7).unwrap(),
            480,
        );
        f.store
            .generate_schedule(&[main, second], &crate::schedule::ScheduleOrder::No, &days)
            .unwrap();
        [main, second]
    };
    let in_room = |store: &Store, room: Uuid| -> Vec<u32> {
        let entries = store.entries().unwrap();
        let mut nos: Vec<u32> = store
            .slots()
            .unwrap()
            .iter()
            .filter(|s| s.room_id == room)
            .filter_map(|s| entries.iter().find(|e| e.id == s.entry_id).map(|e| e.no))
            .collect();
        nos.sort_unstable();
        nos
    };
    let kenanga = in_room(&f.store, rooms[1]);
    assert!(!kenanga.is_empty() && kenanga.len() < 50, "{kenanga:?}");

    // Nothing final: every entry, and it says it is not final.
    let scope = f.store.document_scope().unwrap();
    assert_eq!((scope.entries.len(), scope.of), (50, 50));
    assert!(!scope.partial() && !scope.finalized && scope.rooms.is_empty());

    // One room finalized: its entries, named by the room.
    let mut request = finalize(None);
    request.room = Some("ruang kenanga".into());
    f.store.finalize(&request).unwrap();
    let scope = f.store.document_scope().unwrap();
    assert_eq!(scope.entries, kenanga);
    assert!(scope.partial() && scope.finalized);
    assert_eq!(scope.rooms, vec!["Ruang Kenanga".to_string()]);

    // An entry of the other room finalized too: the finalized entries, no longer a room's.
    let extra = in_room(&f.store, rooms[0])[0];
    f.store.finalize(&finalize(Some(vec![extra]))).unwrap();
    let scope = f.store.document_scope().unwrap();
    assert!(scope.covers(extra) && kenanga.iter().all(|no| scope.covers(*no)));
    assert_eq!(scope.entries.len(), kenanga.len() + 1);
    assert!(scope.rooms.is_empty(), "{:?}", scope.rooms);

    // Everything final: the whole competition, final.
    f.store.finalize(&finalize(None)).unwrap();
    let scope = f.store.document_scope().unwrap();
    assert!(!scope.partial() && scope.finalized && scope.rooms.is_empty());
}

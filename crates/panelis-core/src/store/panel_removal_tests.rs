//! Taking a panelist off the panel: deleted without ballots, retired with them (their ballots
//! count, nothing more is expected or taken of them), the chair refused, each audited.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use crate::lang::Lang;
use crate::results::Cell;
use crate::store::{FinalizeRequest, PanelistRemoval};
use crate::{Error, Store};
use uuid::Uuid;

use crate::testing::{entry_id, panel_names as names, Demo as Fixture};

/// Paper ballots: each panelist of `panel` gives `score` on every criterion of each entry.
fn csv(store: &Store, panel: &[String], entries: &[u32], score: i32) -> String {
    let scores: Vec<(u32, i32)> = entries.iter().map(|no| (*no, score)).collect();
    crate::testing::paper_csv(store, panel, &scores)
}

/// The demo panel, with entries 1 to 3 scored 80 by everyone.
fn fixture() -> Fixture {
    crate::testing::demo_scored(&[(1, 80), (2, 80), (3, 80)])
}

/// A member of the panel who is not its chair.
fn member(store: &Store) -> crate::model::Panelist {
    store
        .panelists()
        .unwrap()
        .into_iter()
        .find(|p| !p.is_chair)
        .unwrap()
}

/// Whether the quorum waits for a ballot of this panelist.
fn awaited(store: &Store, panelist_id: Uuid) -> bool {
    let quorum = store.quorum().unwrap();
    quorum.missing.iter().any(|m| m.panelist_id == panelist_id)
}

fn last_action(store: &Store) -> String {
    store.audit_events().unwrap().last().unwrap().action.clone()
}

#[test]
fn a_panelist_who_never_scored_is_deleted_with_their_conflicts_and_it_is_audited() {
    let mut f = fixture();
    let added = f
        .store
        .add_panelist("Dr. Nurhayati Lestari", "Unhas", false)
        .unwrap();
    f.store
        .add_conflict(added.id, entry_id(&f.store, 5), "sedaerah")
        .unwrap();
    assert!(awaited(&f.store, added.id));

    let outcome = f.store.remove_panelist(added.id).unwrap();
    assert_eq!(
        outcome,
        PanelistRemoval::Removed {
            name: "Dr. Nurhayati Lestari".into()
        }
    );
    assert!(f
        .store
        .panel_on_record()
        .unwrap()
        .iter()
        .all(|p| p.id != added.id));
    assert!(f
        .store
        .conflicts()
        .unwrap()
        .iter()
        .all(|c| c.panelist_id != added.id));
    assert!(!awaited(&f.store, added.id));
    assert_eq!(last_action(&f.store), "panelist.removed");
    assert!(f.store.audit_record_breaks().unwrap().is_empty());
    assert_eq!(
        f.store.remove_panelist(added.id).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn a_panelist_who_scored_is_retired_their_ballots_count_and_nothing_more_is_expected() {
    let mut f = fixture();
    let leaving = member(&f.store);
    let panel = f.store.panelists().unwrap().len() as u32;
    let before = f.store.results(Default::default()).unwrap();
    let row = |table: &crate::results::ResultTable, no: u32| {
        table
            .rows
            .iter()
            .find(|r| r.entry.no == no)
            .unwrap()
            .clone()
    };
    assert_eq!(row(&before, 4).expected, panel);
    // Entry 1 final before the panelist leaves: its seal must still hold after.
    f.store
        .finalize(&FinalizeRequest {
            room: None,
            entries: Some(vec![1]),
            chair: "Prof. Dr. Andi Rahmawati, M.Si.".into(),
            secretariat: "Muh. Arsyad Taufiq".into(),
            quorum_override: None,
        })
        .unwrap();

    let outcome = f.store.remove_panelist(leaving.id).unwrap();
    assert_eq!(
        outcome,
        PanelistRemoval::Retired {
            name: leaving.name.clone(),
            ballots: 3
        }
    );
    assert_eq!(last_action(&f.store), "panelist.retired");
    assert!(!names(&f.store).contains(&leaving.name), "off the panel");
    let on_record = f.store.panel_on_record().unwrap();
    let kept = on_record.iter().find(|p| p.id == leaving.id).unwrap();
    assert!(kept.retired_at.is_some());
    let order = |list: &[crate::model::Panelist]| list.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(
        order(&on_record),
        order(&before.panelists),
        "the panel's order is kept (the result data and the seals follow it)"
    );

    let after = f.store.results(Default::default()).unwrap();
    let at = after
        .panelists
        .iter()
        .position(|p| p.id == leaving.id)
        .unwrap();
    for no in [1, 2, 3] {
        let (was, is) = (row(&before, no), row(&after, no));
        assert_eq!(is.score, was.score, "No {no}: their ballots still count");
        assert_eq!((is.counted, is.expected), (panel, panel), "No {no}");
        assert!(matches!(is.cells[at], Cell::Counted(_)), "No {no}");
    }
    let four = row(&after, 4);
    assert_eq!(four.expected, panel - 1, "nothing more is expected of them");
    assert_eq!(four.cells[at], Cell::Retired);
    assert!(!awaited(&f.store, leaving.id));

    // The finalized entry still seals to what was recorded; the log and records agree.
    let data = f.store.result_data_of(&after).unwrap();
    f.store.check_finalized_unchanged(&data).unwrap();
    assert!(f.store.audit_record_breaks().unwrap().is_empty());

    // A new ballot from them is refused with why, in both languages; nothing is written.
    let events = f.store.audit_events().unwrap().len();
    let text = csv(&f.store, std::slice::from_ref(&leaving.name), &[4], 70);
    let Error::Rejected { problems, .. } = f.store.import_paper_scores(&text, &f.keys).unwrap_err()
    else {
        panic!("not a rejection")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].column.as_deref(), Some("panelist"));
    assert!(
        problems[0].message_id.contains("sudah mundur dari panel"),
        "{}",
        problems[0].message_id
    );
    assert!(
        problems[0].message_en.contains("has left the panel"),
        "{}",
        problems[0].message_en
    );
    assert_eq!(f.store.audit_events().unwrap().len(), events);
    // Retired once: taking them off again finds no such panelist on the panel.
    assert_eq!(
        f.store.remove_panelist(leaving.id).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn the_chair_is_not_taken_off_the_panel_and_nothing_is_written() {
    let mut f = fixture();
    let chair = f
        .store
        .panelists()
        .unwrap()
        .into_iter()
        .find(|p| p.is_chair)
        .unwrap();
    let events = f.store.audit_events().unwrap().len();
    let err = f.store.remove_panelist(chair.id).unwrap_err();
    assert_eq!(err.code(), "chair_leaving_panel");
    assert!(
        err.message(Lang::Id)
            .contains("jadikan panelis lain ketua dahulu"),
        "{}",
        err.message(Lang::Id)
    );
    assert!(
        err.message(Lang::En)
            .contains("make another panelist the chair first"),
        "{}",
        err.message(Lang::En)
    );
    assert_eq!(f.store.audit_events().unwrap().len(), events);
    assert!(names(&f.store).contains(&chair.name));
}

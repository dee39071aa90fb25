//! The panel's decision on the demo competition with paper ballots: quorum with abstentions,
//! ordering only within ties (or with a reason), departures that need reasons, seats, the
//! largest-remainder apportionment, and the lock of finalization kept through a reopen.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::ballot::keystore::Keystore;
use crate::model::NewEntry;
use crate::store::{DecideRequest, FinalizeRequest, ReopenRequest};
use crate::{Error, Store};

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    keys: Keystore,
}

/// Paper ballots: every panelist (but those in `skip`) gives `score` on every criterion.
fn csv(store: &Store, entries: &[(u32, i32)], skip: &[(u32, &str)]) -> String {
    let panel = store.panelists().unwrap();
    let criteria = store.rubric().unwrap().criteria;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for (no, score) in entries {
        for p in panel
            .iter()
            .filter(|p| !skip.contains(&(*no, p.name.as_str())))
        {
            for c in &criteria {
                text += &format!("\"{}\";{no};{};{score}\n", p.name, c.code);
            }
        }
    }
    text
}

/// The demo with entries 1 and 2 at 80 (tied), 3 at 90, 4 at 70.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let text = csv(&store, &[(1, 80), (2, 80), (3, 90), (4, 70)], &[]);
    store.import_paper_scores(&text, &keys).unwrap();
    Fixture {
        _dir: dir,
        store,
        keys,
    }
}

fn order(store: &Store) -> Vec<u32> {
    let table = store.results(Default::default()).unwrap();
    let no: HashMap<Uuid, u32> = table
        .rows
        .iter()
        .map(|r| (r.entry.id, r.entry.no))
        .collect();
    agreed_order(&table, &store.decision().unwrap())
        .iter()
        .map(|e| no[e])
        .collect()
}

fn refusal(err: Error) -> DecisionRefusal {
    match err {
        Error::Decision(r) => r,
        other => panic!("expected a decision refusal, got {other:?}"),
    }
}

fn order_of(entries: &[u32], reason: &str) -> DecideRequest {
    DecideRequest::Order {
        entries: entries.to_vec(),
        reason: reason.into(),
    }
}

fn give(entry: u32, outcome: Option<&str>, reason: &str) -> DecideRequest {
    DecideRequest::Outcome {
        entry,
        outcome: outcome.map(str::to_string),
        reason: reason.into(),
    }
}

fn finalize(entries: &[u32], quorum_override: Option<&str>) -> FinalizeRequest {
    FinalizeRequest {
        room: None,
        entries: Some(entries.to_vec()),
        chair: CHAIR.into(),
        secretariat: "Muh. Arsyad Taufiq".into(),
        quorum_override: quorum_override.map(str::to_string),
    }
}

fn set_cluster(store: &mut Store, no: u32, cluster: &str) {
    let e = store
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.no == no)
        .unwrap();
    let fields = NewEntry {
        no: e.no,
        title: e.title.clone(),
        agency: e.agency.clone(),
        unit: e.unit.clone(),
        region: e.region.clone(),
        innovators: e.innovators.clone(),
        category: e.category.clone(),
        cluster: cluster.into(),
    };
    store.update_entry(e.id, &fields).unwrap();
}

#[test]
fn quorum_counts_the_panel_minus_abstentions_and_names_each_missing_ballot() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let panel = store.panelists().unwrap();
    let e1 = store.entries().unwrap()[0].id;
    // Panelist 2 abstains on entry 1 and gives no ballot for it: nothing is missing there.
    store.add_conflict(panel[1].id, e1, "same region").unwrap();
    let text = csv(
        &store,
        &[(1, 80), (2, 75)],
        &[(1, panel[1].name.as_str()), (2, panel[4].name.as_str())],
    );
    store.import_paper_scores(&text, &keys).unwrap();
    let q = store.quorum().unwrap();
    let first: Vec<(u32, &str)> = q
        .missing
        .iter()
        .filter(|m| m.no <= 2)
        .map(|m| (m.no, m.panelist.as_str()))
        .collect();
    assert_eq!(first, vec![(2, panel[4].name.as_str())]);
    // 48 entries without any ballot: 5 missing each.
    assert_eq!(q.missing.len(), 1 + 48 * 5);
    assert_eq!(q.expected, 49 + 50 * 5 - 1 - 49);
    assert_eq!(q.counted, 4 + 4);
    assert!(!q.is_complete());

    // Finalizing entry 2 is refused with the missing ballot named, and nothing changes.
    let events = store.audit_events().unwrap().len();
    let err = store.finalize(&finalize(&[1, 2], None)).unwrap_err();
    assert_eq!(err.code(), "quorum_incomplete");
    let text = err.message(crate::lang::Lang::En);
    assert!(text.contains("No 2 (Nurul Fadhilah, S.H., M.H.)"), "{text}");
    assert!(
        !text.contains("No 1 "),
        "an abstention is not missing: {text}"
    );
    assert!(store.finalization_status().unwrap().finalized.is_empty());
    assert_eq!(store.audit_events().unwrap().len(), events);
    // An empty override is no override.
    let err = store.finalize(&finalize(&[2], Some("  "))).unwrap_err();
    assert_eq!(err.code(), "quorum_incomplete");
    // Entry 1 alone is complete; entry 2 with the chair's reason is recorded with it.
    store.finalize(&finalize(&[1], None)).unwrap();
    let record = store
        .finalize(&finalize(&[2], Some("Panelis sakit, ketua menyetujui")))
        .unwrap();
    assert_eq!(record.quorum_override, "Panelis sakit, ketua menyetujui");
    assert_eq!(record.missing.len(), 1);
    assert_eq!(record.missing[0].no, 2);
    let view = store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    assert_eq!(view.overrides.len(), 1);
    assert_eq!(view.overrides[0].entries, vec![2]);
}

#[test]
fn entries_are_ordered_within_a_tie_without_reason_and_across_ranks_only_with_one() {
    let mut f = fixture();
    assert_eq!(order(&f.store)[..4], [3, 1, 2, 4]);
    let view = f.store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    assert!(view.evaluation.rows[1].tie_open && view.evaluation.rows[2].tie_open);

    f.store.decide(&order_of(&[2, 1], "")).unwrap();
    assert_eq!(order(&f.store)[..4], [3, 2, 1, 4]);
    let view = f.store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    assert!(!view.evaluation.rows[1].tie_open && !view.evaluation.rows[2].tie_open);
    assert!(view.evaluation.rows[1].in_order && !view.evaluation.rows[0].in_order);
    assert!(view.evaluation.rows.iter().all(|r| !r.is_departure()));

    // 4 before 3 shares no rank: refused with the ranks named, nothing written.
    let history = f.store.decision_history().unwrap().len();
    let r = refusal(f.store.decide(&order_of(&[4, 3], "")).unwrap_err());
    assert_eq!(
        r,
        DecisionRefusal::NotTied {
            ranks: vec![(4, Some(4)), (3, Some(1))]
        }
    );
    assert!(r
        .message(crate::lang::Lang::Id)
        .contains("No 4 peringkat 4"));
    assert_eq!(f.store.decision_history().unwrap().len(), history);
    // Unknown, unscored, repeated, single.
    assert_eq!(
        refusal(f.store.decide(&order_of(&[1, 99], "")).unwrap_err()).code(),
        "unknown_entry"
    );
    assert_eq!(
        refusal(f.store.decide(&order_of(&[1, 9], "x")).unwrap_err()).code(),
        "unscored"
    );
    assert_eq!(
        refusal(f.store.decide(&order_of(&[1, 1], "")).unwrap_err()).code(),
        "repeated_entry"
    );
    assert_eq!(
        refusal(f.store.decide(&order_of(&[1], "")).unwrap_err()).code(),
        "order_too_short"
    );

    // With a reason, a departure is recorded and marked on the entry that departs.
    f.store
        .decide(&order_of(&[4, 3], "Dampak lebih luas menurut musyawarah"))
        .unwrap();
    assert_eq!(order(&f.store)[..4], [4, 3, 2, 1]);
    let view = f.store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    let four = view.evaluation.rows.iter().find(|r| r.no == 4).unwrap();
    assert_eq!(four.departs_over, vec![3, 2, 1]);
    assert_eq!(
        four.order_reason.as_deref(),
        Some("Dampak lebih luas menurut musyawarah")
    );
    // The tie order is still in force, and clearing 4 brings score order back for it.
    f.store
        .decide(&DecideRequest::ClearOrder { entry: 4 })
        .unwrap();
    assert_eq!(order(&f.store)[..4], [3, 2, 1, 4]);
    // Every change is in the audit log.
    let changes = f
        .store
        .audit_events()
        .unwrap()
        .iter()
        .filter(|e| e.action == "decision.changed")
        .count();
    assert_eq!(changes, 3);
}

#[test]
fn an_outcome_over_a_higher_entry_needs_a_reason_and_seats_are_never_exceeded() {
    let mut f = fixture();
    f.store
        .set_outcomes(&[
            NewOutcome {
                name: "Juara I".into(),
                seats: 1,
                scope: OutcomeScope::Overall,
            },
            NewOutcome {
                name: "Juara II".into(),
                seats: 1,
                scope: OutcomeScope::Overall,
            },
        ])
        .unwrap();
    // Juara I to entry 1 (80) while 3 (90) has nothing: a departure without reason.
    let r = refusal(f.store.decide(&give(1, Some("Juara I"), "")).unwrap_err());
    assert_eq!(
        r,
        DecisionRefusal::Problems {
            problems: vec![DecisionProblem::OutcomeWithoutReason {
                entry: 1,
                outcome: "Juara I".into(),
                over: vec![3],
            }]
        }
    );
    f.store.decide(&give(3, Some("juara i"), "")).unwrap();
    f.store.decide(&give(1, Some("Juara II"), "")).unwrap();
    // A second Juara I is over its seat.
    let r = refusal(
        f.store
            .decide(&give(2, Some("Juara I"), "tegas"))
            .unwrap_err(),
    );
    assert!(
        matches!(&r, DecisionRefusal::Problems { problems } if matches!(problems[..],
        [DecisionProblem::SeatsExceeded { seats: 1, given: 2, .. }])),
        "{r:?}"
    );
    // Juara II to 4 over 2 (tied with 1 above it) needs a reason; with one it is marked.
    f.store.decide(&give(1, None, "")).unwrap();
    let r = refusal(f.store.decide(&give(4, Some("Juara II"), "")).unwrap_err());
    assert_eq!(r.code(), "decision_problems");
    f.store
        .decide(&give(
            4,
            Some("Juara II"),
            "Keberlanjutan terbukti di lapangan",
        ))
        .unwrap();
    let view = f.store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    let four = view.evaluation.rows.iter().find(|r| r.no == 4).unwrap();
    assert_eq!(four.outcome.as_deref(), Some("Juara II"));
    assert_eq!(four.outcome_over, vec![1, 2]);
    assert!(four.is_departure());
    // Unknown outcome; an outcome in use cannot be removed.
    assert_eq!(
        refusal(f.store.decide(&give(4, Some("Juara IX"), "")).unwrap_err()).code(),
        "unknown_outcome"
    );
    let r = refusal(
        f.store
            .set_outcomes(&[NewOutcome {
                name: "Juara I".into(),
                seats: 1,
                scope: OutcomeScope::Overall,
            }])
            .unwrap_err(),
    );
    assert_eq!(
        r,
        DecisionRefusal::OutcomeInUse {
            name: "Juara II".into(),
            entries: vec![4]
        }
    );
    // The result data carries the decision, so the documents' hash follows it.
    let data = f.store.result_data().unwrap();
    let d = data.decision.unwrap();
    assert_eq!(d.order[..4], [3, 1, 2, 4]);
    assert_eq!(d.given.len(), 2);
}

#[test]
fn the_result_data_of_a_competition_without_a_decision_is_unchanged() {
    let f = fixture();
    let table = f.store.results(Default::default()).unwrap();
    let plain = table.data(&f.store.competition().unwrap());
    assert_eq!(f.store.result_data().unwrap(), plain);
    assert!(!String::from_utf8(plain.canonical_json())
        .unwrap()
        .contains("decision"));
}

#[test]
fn largest_remainder_shares_seats_in_proportion_and_flags_tied_remainders() {
    let sizes: BTreeMap<String, u32> = [
        ("A".to_string(), 5),
        ("B".to_string(), 3),
        ("C".to_string(), 2),
    ]
    .into();
    let lines = apportion(3, &sizes);
    let seats: Vec<(String, u32, bool)> = lines
        .iter()
        .map(|l| (l.cluster.clone(), l.seats, l.extra))
        .collect();
    // Quotas 1.5, 0.9, 0.6: floors 1, 0, 0; the two seats left go to B (.9) and C (.6).
    assert_eq!(
        seats,
        vec![
            ("A".into(), 1, false),
            ("B".into(), 1, true),
            ("C".into(), 1, true)
        ]
    );
    assert_eq!(lines[0].quota, "3/2");
    assert_eq!(lines[1].quota_display, "0.90");
    assert_eq!(lines[2].remainder_display, "0.60");
    assert!(lines.iter().all(|l| !l.remainder_tie));
    assert_eq!(lines.iter().map(|l| l.seats).sum::<u32>(), 3);

    // 30 seats over 47 and 3: 28.2 and 1.8 -> 28 + 2.
    let kipp: BTreeMap<String, u32> = [("Kab".to_string(), 47), ("Kota".to_string(), 3)].into();
    let lines = apportion(30, &kipp);
    assert_eq!(
        lines.iter().map(|l| l.seats).collect::<Vec<_>>(),
        vec![28, 2]
    );

    // Equal remainders at the cut: the larger cluster first, then by name, all flagged.
    let even: BTreeMap<String, u32> = [
        ("A".to_string(), 2),
        ("B".to_string(), 2),
        ("C".to_string(), 4),
    ]
    .into();
    let lines = apportion(2, &even);
    // Quotas 0.5, 0.5, 1.0: C gets 1; one seat left between A and B at .5 each.
    assert_eq!(
        lines.iter().map(|l| l.seats).collect::<Vec<_>>(),
        vec![1, 0, 1]
    );
    assert!(lines[0].remainder_tie && lines[1].remainder_tie && !lines[2].remainder_tie);
    // A tie that does not fall at the cut is not flagged.
    let both: BTreeMap<String, u32> = [("A".to_string(), 1), ("B".to_string(), 1)].into();
    let lines = apportion(1, &both);
    assert!(lines.iter().all(|l| l.remainder_tie));
    assert_eq!(
        lines.iter().map(|l| l.seats).collect::<Vec<_>>(),
        vec![1, 0]
    );
    let lines = apportion(2, &both);
    assert!(lines.iter().all(|l| !l.remainder_tie && l.seats == 1));
}

#[test]
fn a_proportional_outcome_is_proposed_per_cluster_and_applied_in_one_change() {
    let mut f = fixture();
    // Entries 1..4 scored; 3 and 4 move to the city cluster for this test.
    set_cluster(&mut f.store, 3, "Pemerintah Kota");
    set_cluster(&mut f.store, 4, "Pemerintah Kota");
    f.store
        .set_outcomes(&[NewOutcome {
            name: "Lolos verifikasi lapangan".into(),
            seats: 10,
            scope: OutcomeScope::Proportional,
        }])
        .unwrap();
    let proposal = f.store.propose_outcomes().unwrap();
    let lines = &proposal.apportionments[0].lines;
    // 45 regency entries and 5 city entries (3 in the sample + 2 moved): 9 and 1 seats.
    let seats: Vec<(&str, u32, u32)> = lines
        .iter()
        .map(|l| (l.cluster.as_str(), l.entries, l.seats))
        .collect();
    assert_eq!(
        seats,
        vec![("Pemerintah Kabupaten", 45, 9), ("Pemerintah Kota", 5, 1)]
    );
    // Only scored entries can be given it: 1, 2 (regency) and 3 (the best city entry).
    let to: Vec<u32> = proposal.changes.iter().map(|c| c.no).collect();
    assert_eq!(to, vec![3, 1, 2]);
    f.store.apply_proposal().unwrap();
    let view = f.store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    let given: Vec<u32> = view
        .evaluation
        .rows
        .iter()
        .filter(|r| r.outcome.is_some())
        .map(|r| r.no)
        .collect();
    assert_eq!(given, vec![3, 1, 2]);
    assert!(view.evaluation.problems.is_empty());
    // Entry 4 over 3 in the city cluster would be a departure; 4 over a regency entry not.
    let r = refusal(
        f.store
            .decide(&give(3, None, ""))
            .map(|_| ())
            .and_then(|_| {
                f.store
                    .decide(&give(4, Some("Lolos verifikasi lapangan"), ""))
            })
            .unwrap_err(),
    );
    assert_eq!(r.code(), "decision_problems");
    assert!(f
        .store
        .propose_outcomes()
        .unwrap()
        .changes
        .iter()
        .any(|c| c.no == 3));
}

#[test]
fn each_cluster_stands_in_the_agreed_order_with_its_unscored_entries_after() {
    let mut f = fixture();
    // Scored: 1 and 2 at 80 (tied), 3 at 90, 4 at 70. 3 and 4 join the city cluster (32, 41
    // and 48 are city entries in the sample); 50 is left without a cluster.
    set_cluster(&mut f.store, 3, "Pemerintah Kota");
    set_cluster(&mut f.store, 4, "Pemerintah Kota");
    set_cluster(&mut f.store, 50, "");
    // The panel orders the tie 2 before 1, and places 4 above 3 with a reason.
    f.store.decide(&order_of(&[2, 1], "")).unwrap();
    f.store
        .decide(&order_of(&[4, 3], "Keberlanjutan terbukti di lapangan"))
        .unwrap();
    let view = f.store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    let standings: Vec<(&str, u32, &[u32])> = view
        .evaluation
        .clusters
        .iter()
        .map(|c| (c.cluster.as_str(), c.entries, c.order.as_slice()))
        .collect();
    let regency: Vec<u32> = [2, 1]
        .into_iter()
        .chain((5..50).filter(|n| ![32, 41, 48].contains(n)))
        .collect();
    assert_eq!(
        standings,
        vec![
            ("", 1, &[50][..]),
            ("Pemerintah Kabupaten", 44, &regency[..]),
            ("Pemerintah Kota", 5, &[4, 3, 32, 41, 48][..]),
        ]
    );
    // Every entry stands in exactly one cluster, and each cluster's count is its own.
    let mut all: Vec<u32> = view
        .evaluation
        .clusters
        .iter()
        .flat_map(|c| c.order.iter().copied())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (1..=50).collect::<Vec<_>>());
    assert!(view
        .evaluation
        .clusters
        .iter()
        .all(|c| c.entries as usize == c.order.len()));
}

#[test]
fn finalization_locks_the_decision_and_a_reopen_keeps_its_history() {
    let mut f = fixture();
    f.store
        .decide(&order_of(&[2, 1], "Diputuskan musyawarah"))
        .unwrap();
    f.store.finalize(&finalize(&[1, 2, 3], None)).unwrap();
    let before = f.store.decision_history().unwrap();
    let r = refusal(f.store.decide(&order_of(&[1, 2], "")).unwrap_err());
    assert_eq!(
        r,
        DecisionRefusal::Finalized {
            entries: vec![1, 2]
        }
    );
    // An order of open entries that would move a final one is refused too.
    let r = refusal(f.store.decide(&order_of(&[4, 3], "alasan")).unwrap_err());
    // (4 would stand above 3, 2 and 1, so all three final places would move.)
    assert_eq!(
        r,
        DecisionRefusal::Finalized {
            entries: vec![1, 2, 3]
        }
    );
    let r = refusal(
        f.store
            .set_outcomes(&[NewOutcome {
                name: "Juara I".into(),
                seats: 1,
                scope: OutcomeScope::Overall,
            }])
            .unwrap_err(),
    );
    assert_eq!(r.code(), "decision_locked");
    // The finalization recorded the data with the decision.
    let status = f.store.finalization_status().unwrap();
    assert_eq!(
        status.history[0].result_sha256,
        f.store.result_sha256().unwrap()
    );

    f.store
        .reopen(&ReopenRequest {
            entries: Some(vec![1, 2]),
            reason: "Salah input".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        f.store.decision_history().unwrap(),
        before,
        "kept through the reopen"
    );
    assert_eq!(order(&f.store)[..3], [3, 2, 1]);
    f.store.decide(&order_of(&[1, 2], "")).unwrap();
    assert_eq!(order(&f.store)[..3], [3, 1, 2]);
    assert_eq!(f.store.decision_history().unwrap().len(), before.len() + 1);
}

#[test]
fn finalizing_is_refused_while_the_decision_has_a_problem() {
    let mut f = fixture();
    f.store
        .set_outcomes(&[NewOutcome {
            name: "Juara I".into(),
            seats: 1,
            scope: OutcomeScope::Overall,
        }])
        .unwrap();
    f.store.decide(&give(3, Some("Juara I"), "")).unwrap();
    // New ballots for 4 lift it above 3: Juara I to 3 now departs without a reason.
    let text = csv(&f.store, &[(4, 100)], &[]);
    f.store.import_paper_scores(&text, &f.keys).unwrap();
    let err = f.store.finalize(&finalize(&[3, 4], None)).unwrap_err();
    assert_eq!(err.code(), "decision_incomplete");
    assert!(err
        .message(crate::lang::Lang::En)
        .contains("No 3 is given \"Juara I\" over No 4"));
}

#[test]
fn near_ties_are_marked_within_the_margin_but_not_beyond() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    // Entry 1: 80 from everyone; entry 2: one panelist gives 81 (mean 80.2); entry 3: 85.
    let panel = store.panelists().unwrap();
    let mut text = csv(&store, &[(1, 80), (3, 85)], &[]);
    text += csv(&store, &[(2, 80)], &[(2, panel[0].name.as_str())])
        .trim_start_matches("panelist;entry;criterion;score\n");
    text += csv(&store, &[(2, 81)], &[])
        .lines()
        .skip(1)
        .filter(|l| l.contains(&panel[0].name))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .as_str();
    store.import_paper_scores(&text, &keys).unwrap();
    let view = store.decision_view(50).unwrap();
    let near: Vec<u32> = view
        .evaluation
        .rows
        .iter()
        .filter(|r| r.near_tie)
        .map(|r| r.no)
        .collect();
    assert_eq!(near, vec![2, 1]);
    let view = store.decision_view(10).unwrap();
    assert!(view.evaluation.rows.iter().all(|r| !r.near_tie));
    assert_eq!(view.near_tie, "0.10");
}

#[test]
fn a_format_2_file_is_upgraded_on_open_with_its_finalizations_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.panelis");
    let mut store = crate::demo::create(&path).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let text = csv(&store, &[(1, 80)], &[]);
    store.import_paper_scores(&text, &keys).unwrap();
    store.finalize(&finalize(&[1], None)).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "{} PRAGMA user_version = 2;",
        crate::store::UNDO_FORMAT_3
    ))
    .unwrap();
    drop(conn);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.entries().unwrap()[0].cluster,
        "",
        "no cluster before format 3"
    );
    let history = store.finalization_status().unwrap().history;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].quorum_override, "");
    assert!(store.decision().unwrap().is_empty());
    set_cluster(&mut store, 1, "Pemerintah Kabupaten");
    assert_eq!(store.entries().unwrap()[0].cluster, "Pemerintah Kabupaten");
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn the_projectors_deliberation_screen_hides_panelists_totals_unless_asked() {
    let f = fixture();
    let hidden = f
        .store
        .deliberation_screen(DEFAULT_NEAR_TIE_HUNDREDTHS, false)
        .unwrap();
    assert!(hidden.panel.is_none() && hidden.totals.is_none());
    let text = serde_json::to_string(&hidden).unwrap();
    assert!(
        !text.contains("Rahmawati"),
        "no panelist's name on the projector: {text}"
    );
    assert_eq!(hidden.rows[0].no, 3);
    let shown = f
        .store
        .deliberation_screen(DEFAULT_NEAR_TIE_HUNDREDTHS, true)
        .unwrap();
    assert_eq!(shown.panel.as_ref().unwrap().len(), 5);
    let three = shown
        .totals
        .unwrap()
        .into_iter()
        .find(|(no, _)| *no == 3)
        .unwrap();
    assert_eq!(three.1, vec![Some("90.00".to_string()); 5]);
}

#[test]
fn a_row_says_how_many_of_its_totals_are_outliers_but_not_whose() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let panel = store.panelists().unwrap();
    let mut text = csv(&store, &[(1, 80)], &[(1, panel[0].name.as_str())]);
    text += csv(&store, &[(1, 20)], &[])
        .lines()
        .skip(1)
        .filter(|l| l.contains(&panel[0].name))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .as_str();
    store.import_paper_scores(&text, &keys).unwrap();
    let view = store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS).unwrap();
    assert_eq!(view.evaluation.rows[0].no, 1);
    assert_eq!(view.evaluation.rows[0].outliers, 1);
    assert!(view.evaluation.rows[1..].iter().all(|r| r.outliers == 0));
}

//! The results table against a hand-computed example: ties, abstentions, an unscored entry,
//! a missing ballot, outliers, and a near-tie at the third decimal that must not tie.

use super::*;
use chrono::Utc;

/// Two criteria weighted 33 and 67, so a total moves in steps of 0.01 and a mean of three
/// in steps of 1/300.
fn rubric() -> Rubric {
    let c = |code: &str, weight| Criterion {
        id: Uuid::now_v7(),
        code: code.into(),
        label_id: code.into(),
        label_en: code.into(),
        guidance: String::new(),
        levels: Vec::new(),
        weight,
        scale_min: 0,
        scale_max: 100,
    };
    Rubric {
        id: Uuid::now_v7(),
        name: "Uji".into(),
        version: 1,
        criteria: vec![c("substansi", 33), c("presentasi", 67)],
    }
}

fn entry(no: u32, title: &str) -> Entry {
    Entry {
        id: Uuid::now_v7(),
        no,
        title: title.into(),
        agency: format!("Pemerintah Kabupaten {no}"),
        unit: String::new(),
        region: String::new(),
        innovators: String::new(),
        category: String::new(),
        cluster: String::new(),
        present: Some(true),
        head_attended: false,
    }
}

fn panelist(name: &str, chair: bool) -> Panelist {
    Panelist {
        id: Uuid::now_v7(),
        name: name.into(),
        affiliation: String::new(),
        is_chair: chair,
        retired_at: None,
    }
}

struct Fixture {
    rubric: Rubric,
    entries: Vec<Entry>,
    panel: Vec<Panelist>,
    conflicts: Vec<Conflict>,
    ballots: Vec<Ballot>,
}

impl Fixture {
    fn ballot(&mut self, p: usize, e: usize, a: i32, b: i32) -> &mut Ballot {
        let now = Utc::now();
        self.ballots.push(Ballot {
            id: Uuid::now_v7(),
            panelist_id: self.panel[p].id,
            entry_id: self.entries[e].id,
            revision: 1,
            status: BallotStatus::Submitted,
            scores: vec![
                (self.rubric.criteria[0].id, a),
                (self.rubric.criteria[1].id, b),
            ],
            note: String::new(),
            criterion_notes: vec![],
            rubric_id: self.rubric.id,
            rubric_version: self.rubric.version,
            signer: Some(crate::model::Signer::Panelist),
            signature: Some(format!("{:0128x}", self.ballots.len() + 1)),
            submitted_at: Some(now),
            created_at: now,
            updated_at: now,
        });
        self.ballots.last_mut().expect("just pushed")
    }

    fn compute(&self, options: ResultOptions) -> ResultTable {
        compute(
            ResultInput {
                entries: &self.entries,
                panelists: &self.panel,
                rubric: &self.rubric,
                conflicts: &self.conflicts,
                ballots: &self.ballots,
            },
            options,
        )
    }
}

/// Panel A (chair), B, C; six entries:
/// 1 Si Modis:      A 80, B 70, C 90             -> 80.00 (spread 20; 15 from the others: not flagged)
/// 2 Sehati 2020:   A 85, B 76, C abstains       -> 80.50 rank 1
/// 3 Giatki Ces:    A 79, B 80, C 81             -> 80.00 tied with 1
/// 4 Jatah Akhirat: A (78,81)=80.01, B 80, C 80  -> 240.01/3 = 80.00333.. prints 80.00, rank 2, not tied
/// 5 SMS:           A 50, B 90, C not given      -> 70.00, both flagged as outliers
/// 6 Pildacil:      nothing                      -> unscored
fn fixture() -> Fixture {
    let mut f = Fixture {
        rubric: rubric(),
        entries: vec![
            entry(1, "Si Modis"),
            entry(2, "Sehati 2020"),
            entry(3, "Giatki Ces"),
            entry(4, "Jatah Akhirat"),
            entry(5, "SMS - Sapa Masyarakat Sekitar"),
            entry(6, "Pildacil Desa/Kelurahan"),
        ],
        panel: vec![
            panelist("A", true),
            panelist("B", false),
            panelist("C", false),
        ],
        conflicts: vec![],
        ballots: vec![],
    };
    f.conflicts.push(Conflict {
        panelist_id: f.panel[2].id,
        entry_id: f.entries[1].id,
        reason: "same region".into(),
    });
    for (e, totals) in [(0, [80, 70, 90]), (2, [79, 80, 81])] {
        for (p, t) in totals.into_iter().enumerate() {
            f.ballot(p, e, t, t);
        }
    }
    f.ballot(0, 1, 85, 85);
    f.ballot(1, 1, 76, 76);
    f.ballot(0, 3, 78, 81);
    f.ballot(1, 3, 80, 80);
    f.ballot(2, 3, 80, 80);
    f.ballot(0, 4, 50, 50);
    f.ballot(1, 4, 90, 90);
    f
}

#[test]
fn hand_computed_table() {
    let t = fixture().compute(ResultOptions::default());
    let rows = t.rows_for_display();
    /// (rank, no, score, ballots, expected, tied)
    type Line<'a> = (Option<u32>, u32, Option<&'a str>, u32, u32, bool);
    let summary: Vec<Line<'_>> = rows
        .iter()
        .map(|r| {
            (
                r.rank,
                r.no,
                r.score.as_deref(),
                r.ballots,
                r.expected,
                r.tied,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (Some(1), 2, Some("80.50"), 2, 2, false),
            (Some(2), 4, Some("80.00"), 3, 3, false),
            (Some(3), 1, Some("80.00"), 3, 3, true),
            (Some(3), 3, Some("80.00"), 3, 3, true),
            (Some(5), 5, Some("70.00"), 2, 3, false),
            (None, 6, None, 0, 3, false),
        ]
    );
    // The near-tie is exact, not a rounding accident.
    assert_eq!(t.rows[1].score, Score::new(24001, 300));
    assert_eq!(t.rows[2].score, Score::new(80, 1));
    assert!(t.rows[1].score > t.rows[2].score);

    // Abstention shown, not counted.
    assert_eq!(rows[0].abstentions, 1);
    assert!(matches!(&t.rows[0].cells[2], Cell::Abstained { reason } if reason == "same region"));
    // Missing ballot shown as missing.
    assert!(matches!(t.rows[4].cells[2], Cell::Missing));

    // Spread and outliers: exactly 15 away is not "more than 15".
    assert_eq!(rows[2].spread.as_deref(), Some("20.00"));
    assert!(rows[2].outliers.is_empty());
    assert_eq!(rows[4].outliers, vec!["A".to_string(), "B".to_string()]);
    assert_eq!(rows[4].spread.as_deref(), Some("40.00"));
    assert_eq!(rows[0].spread.as_deref(), Some("9.00"));

    // Per-criterion means of the typed scores: (78+80+80)/3 and (81+80+80)/3.
    assert_eq!(
        t.rows[1].criterion_means,
        vec![Score::new(238, 3), Score::new(241, 3)]
    );
    assert_eq!(t.rows[5].criterion_means, vec![None, None]);
    assert!(t.skipped.is_empty());
}

#[test]
fn a_lower_threshold_flags_more() {
    let t = fixture().compute(ResultOptions {
        outlier_points: 14,
        z_scores: false,
    });
    let rows = t.rows_for_display();
    assert_eq!(rows[2].no, 1);
    assert_eq!(rows[2].outliers, vec!["B".to_string(), "C".to_string()]);
}

#[test]
fn drafts_conflicted_and_superseded_ballots_are_skipped_with_a_reason() {
    let mut f = fixture();
    f.ballot(2, 1, 10, 10); // C abstains on Sehati 2020
    f.ballot(2, 4, 10, 10).status = BallotStatus::Draft;
    f.ballot(0, 0, 100, 100).revision = 0; // older than the counted revision 1
    let newer = f.ballot(1, 2, 100, 100);
    newer.revision = 2; // replaces B's 80 on Giatki Ces
    let incomplete = f.ballot(2, 5, 70, 70);
    incomplete.scores.pop();
    let t = f.compute(ResultOptions::default());
    let reasons: Vec<&str> = t.skipped.iter().map(|s| s.message_en.as_str()).collect();
    let alasan: Vec<&str> = t.skipped.iter().map(|s| s.message_id.as_str()).collect();
    let codes: Vec<&str> = t.skipped.iter().map(|s| s.reason.code()).collect();
    for code in ["abstains", "draft", "superseded", "unscorable"] {
        assert!(codes.contains(&code), "{code}: {codes:?}");
    }
    assert!(
        alasan.iter().any(|r| r.contains("konflik kepentingan")),
        "{alasan:?}"
    );
    assert!(
        alasan.iter().any(|r| r.contains("belum dikirim (draf)")),
        "{alasan:?}"
    );
    assert!(
        alasan.iter().any(|r| r.contains("digantikan revisi 2")),
        "{alasan:?}"
    );
    assert_eq!(t.skipped.len(), 5, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("conflict of interest")));
    assert!(reasons.iter().any(|r| r.contains("draft")));
    assert!(reasons
        .iter()
        .any(|r| r.contains("superseded by revision 1")));
    assert!(reasons
        .iter()
        .any(|r| r.contains("superseded by revision 2")));
    assert!(reasons.iter().any(|r| r.contains("no score given")));
    let giatki = t.rows.iter().find(|r| r.entry.no == 3).expect("row");
    assert_eq!(giatki.score, Score::new(79 + 100 + 81, 3));
    assert_eq!(giatki.rank, Some(1));
    let pildacil = t.rows.iter().find(|r| r.entry.no == 6).expect("row");
    assert_eq!(pildacil.rank, None);
}

#[test]
fn result_data_hash_is_stable_and_follows_the_scores() {
    let mut f = fixture();
    let competition = Competition {
        id: Uuid::now_v7(),
        name: "KIPP Uji".into(),
        year: Some(2023),
        organizer: String::new(),
        venue: String::new(),
        start_date: None,
        end_date: None,
        created_at: Utc::now(),
    };
    let a = f.compute(ResultOptions::default()).data(&competition);
    let b = f.compute(ResultOptions::default()).data(&competition);
    assert_eq!(a.sha256(), b.sha256());
    assert_eq!(a.sha256().len(), 64);
    assert_eq!(a.entries[1].score.as_deref(), Some("24001/300"));
    let parsed: ResultData = serde_json::from_slice(&a.canonical_json()).expect("json");
    assert_eq!(parsed, a);
    f.ballots[0].scores[0].1 = 81;
    let c = f.compute(ResultOptions::default()).data(&competition);
    assert_ne!(a.sha256(), c.sha256());
}

#[test]
fn z_score_view_is_labelled_and_optional() {
    let f = fixture();
    assert!(f.compute(ResultOptions::default()).z_view.is_none());
    let t = f.compute(ResultOptions {
        z_scores: true,
        ..ResultOptions::default()
    });
    let view = t.z_view.expect("asked for");
    assert!(view.label.contains("not the result"));
    assert_eq!(view.entries.len(), 6);
    // A gave 85, 80.01, 80, 79, 50: the highest z-score is on Sehati 2020.
    let a = &view.panelists[0];
    assert_eq!(a.ballots, 5);
    assert!((a.mean.expect("mean") - 74.802).abs() < 1e-9);
    let unscored = view.entries.iter().find(|(id, _)| *id == f.entries[5].id);
    assert_eq!(unscored.map(|(_, z)| *z), Some(None));
    // The rank is untouched by the view.
    assert_eq!(t.rows[0].rank, Some(1));
}

#[test]
fn the_json_row_has_null_rank_and_score_when_unscored() {
    let t = fixture().compute(ResultOptions::default());
    let json = serde_json::to_value(t.rows_for_display()).expect("json");
    let last = &json[5];
    assert!(last["rank"].is_null());
    assert!(last["score"].is_null());
    assert_eq!(last["tied"], false);
    assert_eq!(json[2]["tied"], true);
    assert_eq!(json[0]["score"], "80.50");
}

#[test]
fn fingerprint_changes_with_the_scores() {
    let mut f = fixture();
    let signed = ballot_fingerprint(&f.ballots[0]);
    assert_eq!(signed.len(), 16);
    assert_ne!(signed, ballot_fingerprint(&f.ballots[1]));
    f.ballots[0].signature = None;
    let before = ballot_fingerprint(&f.ballots[0]);
    assert_ne!(before, signed);
    f.ballots[0].scores[1].1 += 1;
    assert_ne!(before, ballot_fingerprint(&f.ballots[0]));
}

#[test]
fn an_entry_marked_absent_without_ballots_is_absent_not_unscored_and_expects_none() {
    let mut f = fixture();
    // No 6 (no ballot) did not come; No 5 was marked absent but has ballots (called later,
    // the mark not undone); a seventh entry nobody checked in stays unscored.
    f.entries[5].present = Some(false);
    f.entries[4].present = Some(false);
    let mut seventh = entry(7, "Transportation Smart");
    seventh.present = None;
    f.entries.push(seventh);
    let t = f.compute(ResultOptions::default());
    let row = |no: u32| t.rows.iter().find(|r| r.entry.no == no).expect("row");

    let absent = row(6);
    assert_eq!(absent.standing, Standing::Absent);
    assert_eq!((absent.rank, absent.score, absent.counted), (None, None, 0));
    assert_eq!(
        absent.expected, 0,
        "nothing is expected of an entry that did not present"
    );
    assert!(absent.cells.iter().all(|c| matches!(c, Cell::Absent)));

    let scored = row(5);
    assert_eq!(scored.standing, Standing::Scored);
    assert_eq!((scored.counted, scored.expected), (2, 3));
    assert!(matches!(scored.cells[2], Cell::Missing));

    let unscored = row(7);
    assert_eq!(unscored.standing, Standing::Unscored);
    assert_eq!(unscored.expected, 3);

    // The rows the CLI and the screen get carry it; the quorum does not wait for it.
    let json = serde_json::to_value(t.rows_for_display()).expect("json");
    let standing = |no: u64| {
        json.as_array()
            .and_then(|rows| rows.iter().find(|r| r["no"] == no))
            .map(|r| r["standing"].clone())
    };
    assert_eq!(standing(6), Some("absent".into()));
    assert_eq!(standing(7), Some("unscored".into()));
    assert_eq!(standing(2), Some("scored".into()));
    let q = crate::decision::quorum(&t, |_| true);
    assert!(q.missing.iter().all(|m| m.no != 6), "{:?}", q.missing);
    assert!(q.missing.iter().any(|m| m.no == 7));

    // The result data states it (and only then: data without an absent entry is unchanged).
    let competition = Competition {
        id: Uuid::now_v7(),
        name: "Uji".into(),
        year: None,
        organizer: String::new(),
        venue: String::new(),
        start_date: None,
        end_date: None,
        created_at: Utc::now(),
    };
    let data = t.data(&competition);
    let absent_in_data: Vec<u32> = data
        .entries
        .iter()
        .filter(|e| e.absent)
        .map(|e| e.no)
        .collect();
    assert_eq!(absent_in_data, vec![6]);
    let json = String::from_utf8(data.canonical_json()).expect("utf-8");
    assert_eq!(json.matches("\"absent\":true").count(), 1, "{json}");
    assert!(!json.contains("\"absent\":false"));
}

#[test]
fn a_document_scope_is_stated_in_the_data_only_when_partial() {
    let f = fixture();
    let competition = Competition {
        id: Uuid::now_v7(),
        name: "Uji".into(),
        year: None,
        organizer: String::new(),
        venue: String::new(),
        start_date: None,
        end_date: None,
        created_at: Utc::now(),
    };
    let data = f.compute(ResultOptions::default()).data(&competition);
    let whole = DocumentScope::whole((1..=6).collect(), true);
    assert!(!whole.partial());
    assert_eq!(data.clone().covering(Some(&whole)).sha256(), data.sha256());
    assert_eq!(data.clone().covering(None).sha256(), data.sha256());
    let part = DocumentScope {
        entries: vec![2, 3],
        of: 6,
        finalized: true,
        rooms: vec!["Ruang B".into()],
    };
    assert!(part.partial() && part.covers(3) && !part.covers(4));
    let scoped = data.clone().covering(Some(&part));
    assert_ne!(scoped.sha256(), data.sha256());
    assert_eq!(scoped.scope.as_ref(), Some(&part));
    assert_eq!(
        scoped.entries, data.entries,
        "the numbers at issue stay whole"
    );
}

//! Tests of the scoring form: what a typed score may be, and how a form is read against the
//! rubric (valid fields kept, each bad field named).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::rubric::default_criteria;

#[test]
fn typed_scores_are_whole_numbers_in_range_or_empty() {
    let c = &default_criteria()[0];
    assert_eq!(parse_score(c, ""), Ok(None));
    assert_eq!(parse_score(c, "   "), Ok(None));
    assert_eq!(parse_score(c, " 85 "), Ok(Some(85)));
    assert_eq!(parse_score(c, "0"), Ok(Some(0)));
    assert_eq!(parse_score(c, "100"), Ok(Some(100)));
    for (text, needle) in [
        ("101", "outside 0-100"),
        ("-1", "outside 0-100"),
        ("85.5", "not a whole number"),
        ("85,5", "not a whole number"),
        ("delapan", "not a whole number"),
        ("99999999999", "not a whole number"),
    ] {
        let p = parse_score(c, text).unwrap_err();
        assert!(p.message_en.contains(needle), "{text}: {}", p.message_en);
        assert!(!p.message_id.is_empty());
        assert_eq!(p.column.as_deref(), Some("kebaruan"));
    }
}

#[test]
fn a_form_keeps_its_valid_fields_and_names_the_bad_ones() {
    let criteria = default_criteria();
    let field = |i: usize, score: &str, note: &str| CriterionInput {
        criterion_id: criteria[i].id,
        score: score.into(),
        note: note.into(),
    };
    let form = BallotForm {
        // Out of rubric order on purpose: values come back in rubric order.
        criteria: vec![
            field(2, "70", ""),
            field(0, "80", "jelas"),
            field(1, "150", ""),
            field(3, "", "belum dinilai"),
            CriterionInput {
                criterion_id: Uuid::now_v7(),
                score: "90".into(),
                note: String::new(),
            },
        ],
        note: "catatan".into(),
    };
    let (values, problems) = read_form(&criteria, &form);
    assert_eq!(
        values.scores,
        vec![(criteria[0].id, 80), (criteria[2].id, 70)]
    );
    assert_eq!(
        values.criterion_notes,
        vec![
            (criteria[0].id, "jelas".to_string()),
            (criteria[3].id, "belum dinilai".to_string())
        ]
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems
        .iter()
        .any(|p| p.column.as_deref() == Some("efektivitas")));
    assert!(problems
        .iter()
        .any(|p| p.message_en.contains("not in the rubric")));
    let missing = missing_scores(&criteria, &values);
    assert_eq!(missing.len(), 5);
    assert_eq!(missing[0].column.as_deref(), Some("efektivitas"));
}

#[test]
fn a_criterion_given_twice_is_a_problem_and_empty_forms_are_empty() {
    let criteria = default_criteria();
    let form = BallotForm::with_scores(&[(criteria[0].id, 80), (criteria[0].id, 81)]);
    let (values, problems) = read_form(&criteria, &form);
    assert_eq!(values.scores, vec![(criteria[0].id, 80)]);
    assert!(problems[0].message_en.contains("twice"));
    let (values, problems) = read_form(&criteria, &BallotForm::default());
    assert!(values.is_empty() && problems.is_empty());
}

#[test]
fn a_form_as_typed_is_checked_without_requiring_every_score() {
    let criteria = default_criteria();
    let mut form = BallotForm::with_scores(&[(criteria[0].id, 80)]);
    form.criteria[0].score = String::new();
    form.criteria.push(CriterionInput {
        criterion_id: criteria[1].id,
        score: "150".into(),
        note: String::new(),
    });
    // A field outside the rubric is not this check's business: the form offers none.
    form.criteria.push(CriterionInput {
        criterion_id: Uuid::now_v7(),
        score: "x".into(),
        note: String::new(),
    });
    let check = check_form(&criteria, &form);
    assert_eq!(check.scored, 0);
    assert_eq!(check.total, None);
    assert_eq!(check.problems.len(), 1);
    assert_eq!(
        check.problems[0].column.as_deref(),
        Some(criteria[1].code.as_str())
    );

    let all: Vec<(Uuid, i32)> = criteria.iter().map(|c| (c.id, c.scale_max)).collect();
    let check = check_form(&criteria, &BallotForm::with_scores(&all));
    assert_eq!(check.scored, criteria.len());
    assert!(check.problems.is_empty());
    assert_eq!(check.total, display_total(&criteria, &all));
    assert!(check.total.is_some());
}

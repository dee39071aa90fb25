//! Ballots as the scoring screen and the secretariat handle them: the form a panelist types
//! into (raw text, checked here so every screen and file gets the same messages), the
//! progress list, and the pieces that make a submitted ballot trustworthy: [`signing`] (the
//! canonical encoding and Ed25519 signatures), [`keystore`] (keys on the device), [`transfer`]
//! (the ballot file carried on a USB stick) and [`paper`] (score sheets typed in from paper).
//! The queries live with the `ballots` table in `store::ballots`.

pub mod grid;
pub mod judge;
pub mod keystore;
pub mod paper;
pub mod signing;
pub mod station;
pub mod transfer;
pub mod unreadable;

use crate::error::Problem;
use crate::model::{Ballot, Criterion, Entry};
use crate::scoring::{fits_scale, weighted_total};
use crate::text::excerpt;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the scoring form holds at one moment, as typed. Criteria not listed are unscored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotForm {
    #[serde(default)]
    pub criteria: Vec<CriterionInput>,
    /// The free-text note on the whole entry.
    #[serde(default)]
    pub note: String,
}

/// One criterion's field on the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionInput {
    pub criterion_id: Uuid,
    /// The score as typed: empty for none, else a whole number on the criterion's scale.
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub note: String,
}

impl BallotForm {
    /// A form holding these scores and nothing else.
    pub fn with_scores(scores: &[(Uuid, i32)]) -> Self {
        BallotForm {
            criteria: scores
                .iter()
                .map(|(id, s)| CriterionInput {
                    criterion_id: *id,
                    score: s.to_string(),
                    note: String::new(),
                })
                .collect(),
            note: String::new(),
        }
    }

    /// The form showing a ballot's scores and notes (to reopen or revise it).
    pub fn of(ballot: &Ballot, criteria: &[Criterion]) -> Self {
        let criteria = criteria
            .iter()
            .filter_map(|c| {
                let score = ballot.scores.iter().find(|(id, _)| *id == c.id);
                let note = ballot.criterion_notes.iter().find(|(id, _)| *id == c.id);
                (score.is_some() || note.is_some()).then(|| CriterionInput {
                    criterion_id: c.id,
                    score: score.map(|(_, s)| s.to_string()).unwrap_or_default(),
                    note: note.map(|(_, n)| n.clone()).unwrap_or_default(),
                })
            })
            .collect();
        BallotForm {
            criteria,
            note: ballot.note.clone(),
        }
    }
}

/// A form's valid content, in rubric order: what may be stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormValues {
    pub scores: Vec<(Uuid, i32)>,
    pub criterion_notes: Vec<(Uuid, String)>,
    pub note: String,
}

impl FormValues {
    /// Nothing scored and nothing noted.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty() && self.criterion_notes.is_empty() && self.note.trim().is_empty()
    }

    /// The same content as a stored ballot.
    pub fn matches(&self, ballot: &Ballot) -> bool {
        self.scores == ballot.scores
            && self.criterion_notes == ballot.criterion_notes
            && self.note == ballot.note
    }
}

/// Reads a form against the rubric: the valid values, and one problem per field that is not
/// (out of range, not a whole number, a criterion not in the rubric, a field given twice).
/// The problems name the criterion by code in `column`.
pub(crate) fn read_form(criteria: &[Criterion], form: &BallotForm) -> (FormValues, Vec<Problem>) {
    let mut problems = Vec::new();
    for (i, input) in form.criteria.iter().enumerate() {
        if !criteria.iter().any(|c| c.id == input.criterion_id) {
            problems.push(problem(
                None,
                Some(input.criterion_id.to_string()),
                "kriteria ini tidak ada dalam rubrik",
                "this criterion is not in the rubric",
            ));
        } else if form.criteria[..i]
            .iter()
            .any(|earlier| earlier.criterion_id == input.criterion_id)
        {
            problems.push(problem(
                None,
                Some(input.criterion_id.to_string()),
                "kriteria diisi dua kali",
                "criterion given twice",
            ));
        }
    }
    let (values, field_problems) = read_fields(criteria, form);
    problems.extend(field_problems);
    (values, problems)
}

/// Reads the rubric's fields of a form: the valid values in rubric order and one problem per
/// field that does not parse. Fields for criteria outside the rubric are skipped here
/// ([`read_form`] names them).
fn read_fields(criteria: &[Criterion], form: &BallotForm) -> (FormValues, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut values = FormValues {
        note: form.note.clone(),
        ..FormValues::default()
    };
    for c in criteria {
        let Some(input) = form.criteria.iter().find(|i| i.criterion_id == c.id) else {
            continue;
        };
        match parse_score(c, &input.score) {
            Ok(Some(score)) => values.scores.push((c.id, score)),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
        if !input.note.trim().is_empty() {
            values.criterion_notes.push((c.id, input.note.clone()));
        }
    }
    (values, problems)
}

/// The total and the problems of a form as typed, by the same rules the save path uses: an
/// empty score is not a problem until submission, and only the rubric's fields are read
/// (a form offers no others). What a station shows while the panelist types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormCheck {
    /// The weighted total, once every criterion is scored.
    pub total: Option<String>,
    pub problems: Vec<Problem>,
    /// How many criteria hold a valid score.
    pub scored: usize,
}

/// Checks a form as typed against the rubric's criteria (see [`FormCheck`]).
pub fn check_form(criteria: &[Criterion], form: &BallotForm) -> FormCheck {
    let (values, problems) = read_fields(criteria, form);
    FormCheck {
        total: display_total(criteria, &values.scores),
        scored: values.scores.len(),
        problems,
    }
}

/// Reads a form to be submitted: complete and valid, or every problem with it (a field that
/// does not parse, a criterion not in the rubric or given twice, a criterion without a
/// score). The one check of a submission, on this laptop and on a panelist's station.
pub fn read_submission(
    criteria: &[Criterion],
    form: &BallotForm,
) -> Result<FormValues, Vec<Problem>> {
    let (values, mut problems) = read_form(criteria, form);
    // A field typed wrong is named by what is wrong with it, not also as "no score".
    let missing: Vec<Problem> = missing_scores(criteria, &values)
        .into_iter()
        .filter(|m| !problems.iter().any(|p| p.column == m.column))
        .collect();
    problems.extend(missing);
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// One problem per criterion without a score, for a ballot that must be complete.
pub(crate) fn missing_scores(criteria: &[Criterion], values: &FormValues) -> Vec<Problem> {
    criteria
        .iter()
        .filter(|c| !values.scores.iter().any(|(id, _)| *id == c.id))
        .map(|c| {
            problem(
                None,
                Some(c.code.clone()),
                "belum diberi nilai",
                "no score given",
            )
        })
        .collect()
}

/// Parses a typed score for `criterion`: `Ok(None)` when empty, the score when a whole number
/// on the criterion's scale, else the problem to show beside the field (column = its code).
pub fn parse_score(criterion: &Criterion, text: &str) -> Result<Option<i32>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (min, max) = (criterion.scale_min, criterion.scale_max);
    let Ok(score) = text.parse::<i32>() else {
        return Err(problem(
            None,
            Some(criterion.code.clone()),
            &format!("\"{}\" bukan bilangan bulat {min}-{max}", excerpt(text)),
            &format!(
                "\"{}\" is not a whole number from {min} to {max}",
                excerpt(text)
            ),
        ));
    };
    if !fits_scale(criterion, score) {
        return Err(problem(
            None,
            Some(criterion.code.clone()),
            &format!("nilai {score} di luar rentang {min}-{max}"),
            &format!("score {score} is outside {min}-{max}"),
        ));
    }
    Ok(Some(score))
}

/// The weighted total to show, two decimals, once every criterion is scored.
pub fn display_total(criteria: &[Criterion], scores: &[(Uuid, i32)]) -> Option<String> {
    weighted_total(criteria, scores).ok().map(|t| t.display())
}

/// A located problem worded in both languages.
pub(crate) fn problem(row: Option<u32>, column: Option<String>, id: &str, en: &str) -> Problem {
    Problem {
        row,
        column,
        message_id: id.to_string(),
        message_en: en.to_string(),
    }
}

/// What an autosave wrote: the draft as stored (`None` when there is nothing to keep yet) and
/// the fields that were not saved, with the reason to show beside each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftSaved {
    pub ballot: Option<Ballot>,
    pub problems: Vec<Problem>,
    /// The weighted total of what is stored, once every criterion is scored.
    pub total: Option<String>,
}

/// Where a panelist stands on one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// Nothing typed yet.
    NotStarted,
    /// Scores typed, never submitted.
    Draft,
    /// At least one revision submitted.
    Submitted,
    /// A conflict of interest: the panelist does not score this entry.
    Abstain,
}

/// One line of a panelist's progress list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryProgress {
    pub entry_id: Uuid,
    pub no: u32,
    pub title: String,
    pub status: ProgressStatus,
    /// The latest submitted revision, if any.
    pub submitted_revision: Option<u32>,
    /// A draft newer than the submitted revision is open (the panelist is revising).
    pub revising: bool,
    /// The entry's results are final: no more scoring.
    pub finalized: bool,
}

/// Everything the scoring screen needs to show one entry to one panelist: their own ballot
/// only, never anyone else's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoringSheet {
    pub entry: Entry,
    pub criteria: Vec<Criterion>,
    pub rubric_version: u32,
    pub status: ProgressStatus,
    /// Why the panelist abstains, when they do.
    pub conflict_reason: Option<String>,
    pub finalized: bool,
    /// The latest revision (draft or submitted).
    pub ballot: Option<Ballot>,
    pub submitted_revision: Option<u32>,
    /// What the fields should show: the latest revision's content.
    pub form: BallotForm,
    pub total: Option<String>,
}

#[cfg(test)]
mod tests;

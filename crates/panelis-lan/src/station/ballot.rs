//! Making a signed ballot on the station from what the panelist typed: checked against the
//! rubric with the core's own rules and messages ([`panelis_core::ballot::parse_score`]),
//! then signed with the panelist's key in the core's canonical encoding, exactly as a
//! ballot made on the host would be.

use crate::error::{LanError, Result};
use crate::wire::Snapshot;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use panelis_core::ballot::signing::{encode_ballot, sign};
use panelis_core::ballot::transfer::FileBallot;
use panelis_core::ballot::{parse_score, BallotForm};
use panelis_core::error::Problem;
use panelis_core::model::{Ballot, BallotStatus, Signer};
use uuid::Uuid;

fn problem(column: String, id: &str, en: &str) -> Problem {
    Problem {
        row: None,
        column: Some(column),
        message_id: id.into(),
        message_en: en.into(),
    }
}

/// Scores and criterion notes, in rubric order.
pub(crate) type ScoresAndNotes = (Vec<(Uuid, i32)>, Vec<(Uuid, String)>);

/// The form's scores and notes in rubric order, or every problem with it.
pub(crate) fn read_form(snapshot: &Snapshot, form: &BallotForm) -> Result<ScoresAndNotes> {
    let criteria = &snapshot.rubric.criteria;
    let mut problems = Vec::new();
    for (i, input) in form.criteria.iter().enumerate() {
        let known = criteria.iter().any(|c| c.id == input.criterion_id);
        let twice = form.criteria[..i]
            .iter()
            .any(|e| e.criterion_id == input.criterion_id);
        if !known {
            problems.push(problem(
                input.criterion_id.to_string(),
                "kriteria ini tidak ada dalam rubrik",
                "this criterion is not in the rubric",
            ));
        } else if twice {
            problems.push(problem(
                input.criterion_id.to_string(),
                "kriteria diisi dua kali",
                "criterion given twice",
            ));
        }
    }
    let (mut scores, mut notes) = (Vec::new(), Vec::new());
    for c in criteria {
        let input = form.criteria.iter().find(|i| i.criterion_id == c.id);
        match input.map(|i| parse_score(c, &i.score)) {
            Some(Ok(Some(score))) => scores.push((c.id, score)),
            Some(Err(p)) => problems.push(p),
            Some(Ok(None)) | None => problems.push(problem(
                c.code.clone(),
                "belum diberi nilai",
                "no score given",
            )),
        }
        if let Some(note) = input.map(|i| &i.note).filter(|n| !n.trim().is_empty()) {
            notes.push((c.id, note.clone()));
        }
    }
    if problems.is_empty() {
        Ok((scores, notes))
    } else {
        Err(LanError::Core(panelis_core::Error::Rejected {
            what: "ballot".into(),
            problems,
        }))
    }
}

/// Refuses an entry the panelist may not score: unknown, abstaining, or final.
pub(crate) fn check_entry(snapshot: &Snapshot, entry_id: Uuid) -> Result<u32> {
    let entry = snapshot
        .entry(entry_id)
        .ok_or_else(|| LanError::Ballot(format!("entry {entry_id} is not in the competition")))?;
    if let Some(c) = snapshot.conflict(entry_id) {
        return Err(LanError::Ballot(format!(
            "you abstain on entry No {} (conflict of interest: {})",
            entry.no, c.reason
        )));
    }
    if snapshot.finalized.contains(&entry_id) {
        return Err(LanError::Ballot(format!(
            "the results of entry No {} are final; no more scoring",
            entry.no
        )));
    }
    Ok(entry.no)
}

/// What a signed ballot holds besides its identity.
pub(crate) struct Content {
    pub entry_id: Uuid,
    pub scores: Vec<(Uuid, i32)>,
    pub criterion_notes: Vec<(Uuid, String)>,
    pub note: String,
}

impl Content {
    /// Whether a ballot already made holds exactly this.
    pub fn matches(&self, ballot: &FileBallot) -> bool {
        let scores: Vec<(Uuid, i32)> = ballot
            .scores
            .iter()
            .map(|s| (s.criterion_id, s.score))
            .collect();
        let notes: Vec<(Uuid, String)> = ballot
            .scores
            .iter()
            .filter(|s| !s.note.trim().is_empty())
            .map(|s| (s.criterion_id, s.note.clone()))
            .collect();
        ballot.entry_id == self.entry_id
            && scores == self.scores
            && notes == self.criterion_notes
            && ballot.note == self.note
    }
}

/// Signs `content` as revision `revision`, submitted at `at` (the host's clock, to the
/// millisecond, as the encoding keeps it).
pub(crate) fn sign_ballot(
    snapshot: &Snapshot,
    key: &SigningKey,
    content: Content,
    revision: u32,
    at: DateTime<Utc>,
) -> Result<FileBallot> {
    let at = DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at);
    let entry_no = snapshot.entry(content.entry_id).map_or(0, |e| e.no);
    let mut ballot = Ballot {
        id: Uuid::now_v7(),
        panelist_id: snapshot.panelist.id,
        entry_id: content.entry_id,
        revision,
        status: BallotStatus::Submitted,
        scores: content.scores,
        note: content.note,
        criterion_notes: content.criterion_notes,
        rubric_id: snapshot.rubric.id,
        rubric_version: snapshot.rubric.version,
        signer: Some(Signer::Panelist),
        signature: None,
        submitted_at: Some(at),
        created_at: at,
        updated_at: at,
    };
    let bytes = encode_ballot(&ballot, snapshot.competition_id)?;
    ballot.signature = Some(sign(key, &bytes));
    Ok(FileBallot::of(
        &ballot,
        entry_no,
        &snapshot.rubric.criteria,
    )?)
}

//! Making a signed ballot on the station from what the panelist typed: checked against the
//! rubric and the entry with the core's own rules and messages
//! ([`panelis_core::ballot::read_submission`], [`panelis_core::ballot::judge::may_score`]),
//! then signed with the panelist's key in the core's canonical encoding, exactly as a
//! ballot made on the host would be.

use super::CheckedSnapshot;
use crate::error::{LanError, Result};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use panelis_core::ballot::judge::may_score;
use panelis_core::ballot::signing::{encode_ballot, sign};
use panelis_core::ballot::transfer::FileBallot;
use panelis_core::ballot::{read_submission, BallotForm};
use panelis_core::model::{Ballot, BallotStatus, Signer};
use uuid::Uuid;

/// Scores and criterion notes, in rubric order.
pub(crate) type ScoresAndNotes = (Vec<(Uuid, i32)>, Vec<(Uuid, String)>);

/// The form's scores and notes in rubric order, or every problem with it: the core's one
/// check of a submission ([`read_submission`]).
pub(crate) fn read_form(snapshot: &CheckedSnapshot, form: &BallotForm) -> Result<ScoresAndNotes> {
    read_submission(&snapshot.rubric.criteria, form)
        .map(|values| (values.scores, values.criterion_notes))
        .map_err(|problems| {
            LanError::Core(panelis_core::Error::Rejected {
                what: "ballot".into(),
                problems,
            })
        })
}

/// Refuses an entry the panelist may not score (unknown, abstaining, or final) by the
/// core's rule ([`may_score`]); its number when they may.
pub(crate) fn check_entry(snapshot: &CheckedSnapshot, entry_id: Uuid) -> Result<u32> {
    let panelist = snapshot.panelist.id;
    may_score(&**snapshot, panelist, entry_id)
        .map_err(LanError::Core)?
        .map_err(|refusal| LanError::Core(panelis_core::Error::Ballot(refusal)))
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
    snapshot: &CheckedSnapshot,
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

//! Scoring: autosaving a draft and submitting a signed revision. Each call is one
//! transaction, committed (synchronous=FULL) before it returns, so what the screen shows as
//! saved is on disk. A conflicted panelist and a finalized entry are refused here, for every
//! caller (screen, paper ballots, LAN).

use super::{
    competition_id, entry_no, insert_revision, latest, other_key, panelist_name, registered_key,
    replace_scores, OnRecord,
};
use crate::ballot::judge::{may_score, BallotRefusal};
use crate::ballot::signing::{encode_ballot, fingerprint, sign};
use crate::ballot::{
    display_total, read_form, read_submission, BallotForm, DraftSaved, FormValues,
};
use crate::model::{Ballot, BallotStatus, Criterion, Rubric, Signer};
use crate::store::audit::{self, Event};
use crate::store::Actor;
use crate::store::Cached;
use crate::{time, Error, Result};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

/// Whose hand a ballot comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hand {
    /// The panelist, on their own station.
    Panelist,
    /// The secretariat typing a paper ballot on the panelist's behalf.
    Paper,
}

impl Hand {
    pub(super) fn actor(self, panelist_id: Uuid) -> Actor {
        match self {
            Hand::Panelist => Actor::Panelist(panelist_id),
            Hand::Paper => Actor::OnBehalfOf(panelist_id),
        }
    }

    pub(super) fn signer(self) -> Signer {
        match self {
            Hand::Panelist => Signer::Panelist,
            Hand::Paper => Signer::Secretariat,
        }
    }
}

/// Refuses scoring by an unknown panelist, of an unknown entry, by a panelist who abstains
/// on it, or of an entry whose results are final (the judge's [`may_score`]).
pub(super) fn check_may_score(conn: &Connection, panelist_id: Uuid, entry_id: Uuid) -> Result<()> {
    panelist_name(conn, panelist_id)?;
    match may_score(&OnRecord(conn), panelist_id, entry_id)? {
        Ok(_) => Ok(()),
        Err(BallotRefusal::UnknownEntry) => Err(crate::error::Record::Entry.not_found(entry_id)),
        Err(refusal) => Err(Error::Ballot(refusal)),
    }
}

/// The current instant at the millisecond, as it is signed and stored.
fn now_ms() -> DateTime<Utc> {
    let now = time::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// Submits `values` (complete and valid) as the next revision, signed with `key`, inside
/// `tx`; appends its audit event. `None` when the latest revision is already submitted with
/// exactly this content (submitting twice changes nothing).
/// Refuses paper over a ballot the panelist signed on their own device (the one rule of
/// [`BallotRefusal::SignedOnDevice`]): the latest submitted revision of the panelist for the
/// entry, if the panelist signed it.
pub(super) fn paper_may_write(conn: &Connection, panelist_id: Uuid, entry_id: Uuid) -> Result<()> {
    let signed: Option<(u32, String)> = conn
        .row(
            "SELECT revision, signer FROM ballots
             WHERE panelist_id = ?1 AND entry_id = ?2 AND status = 'submitted'
             ORDER BY revision DESC LIMIT 1",
            params![panelist_id.to_string(), entry_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match signed {
        Some((revision, signer)) if signer == super::signer_text(Signer::Panelist) => {
            let entry_no =
                crate::ballot::judge::ScoringRecord::entry_no(&super::OnRecord(conn), entry_id)?
                    .unwrap_or(0);
            Err(Error::Ballot(
                crate::ballot::judge::BallotRefusal::SignedOnDevice { entry_no, revision },
            ))
        }
        _ => Ok(()),
    }
}

pub(super) fn submit_in(
    tx: &Transaction<'_>,
    rubric: &Rubric,
    panelist_id: Uuid,
    entry_id: Uuid,
    values: &FormValues,
    hand: Hand,
    key: &SigningKey,
) -> Result<Option<Ballot>> {
    check_may_score(tx, panelist_id, entry_id)?;
    if hand == Hand::Paper {
        paper_may_write(tx, panelist_id, entry_id)?;
    }
    let signer = hand.signer();
    match registered_key(tx, signer, panelist_id)? {
        Some(k) if k == key.verifying_key() => {}
        Some(_) => return Err(other_key(tx, signer, panelist_id)),
        None => return Err(Error::Ballot(crate::ballot::judge::BallotRefusal::NoKey)),
    }
    let now = now_ms();
    let previous = latest(tx, panelist_id, entry_id)?;
    let (id, revision, created_at) = match &previous {
        Some(b) if b.status == BallotStatus::Submitted && values.matches(b) => return Ok(None),
        Some(b) if b.status == BallotStatus::Draft => {
            // The draft becomes the submitted revision: same id, number and start.
            tx.run("DELETE FROM ballots WHERE id = ?1", [b.id.to_string()])?;
            (b.id, b.revision, b.created_at)
        }
        Some(b) => (Uuid::now_v7(), b.revision + 1, now),
        None => (Uuid::now_v7(), 1, now),
    };
    let mut ballot = Ballot {
        id,
        panelist_id,
        entry_id,
        revision,
        status: BallotStatus::Submitted,
        scores: values.scores.clone(),
        note: values.note.clone(),
        criterion_notes: values.criterion_notes.clone(),
        rubric_id: rubric.id,
        rubric_version: rubric.version,
        signer: Some(signer),
        signature: None,
        submitted_at: Some(now),
        created_at,
        updated_at: now,
    };
    let bytes = encode_ballot(&ballot, competition_id(tx)?)?;
    let signature = sign(key, &bytes);
    let detail = serde_json::json!({
        "ballot": ballot.id,
        "panelist": panelist_id,
        "entry": entry_id,
        "entry_no": entry_no(tx, entry_id)?,
        "revision": revision,
        "signer": signer,
        "scores": scores_by_code(&rubric.criteria, &ballot.scores),
        "signature": fingerprint(signature.as_bytes()),
    });
    ballot.signature = Some(signature);
    insert_revision(tx, &ballot)?;
    audit::append(
        tx,
        hand.actor(panelist_id),
        &Event::new("ballot.submitted", detail),
    )?;
    Ok(Some(ballot))
}

/// `{code: score}` for the audit log.
pub(super) fn scores_by_code(criteria: &[Criterion], scores: &[(Uuid, i32)]) -> serde_json::Value {
    scores
        .iter()
        .map(|(id, s)| {
            let code = criteria
                .iter()
                .find(|c| c.id == *id)
                .map(|c| c.code.clone())
                .unwrap_or_else(|| id.to_string());
            (code, serde_json::Value::from(*s))
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

impl crate::store::Store {
    /// Autosaves the panelist's form for the entry. Every valid field is written and
    /// committed before this returns; a field that is not valid (out of range, not a whole
    /// number, a criterion not in the rubric) is not stored and is listed in
    /// `problems` for the screen to show beside it. Drafts may be partial. Editing after
    /// submission opens a new draft revision; the submitted one stays as it was.
    pub fn save_draft(
        &mut self,
        panelist_id: Uuid,
        entry_id: Uuid,
        form: &BallotForm,
    ) -> Result<DraftSaved> {
        self.save_draft_as(Hand::Panelist, panelist_id, entry_id, form)
    }

    /// [`Self::save_draft`] typed by the secretariat from a panelist's paper sheet.
    pub fn save_paper_draft(
        &mut self,
        panelist_id: Uuid,
        entry_id: Uuid,
        form: &BallotForm,
    ) -> Result<DraftSaved> {
        self.save_draft_as(Hand::Paper, panelist_id, entry_id, form)
    }

    fn save_draft_as(
        &mut self,
        hand: Hand,
        panelist_id: Uuid,
        entry_id: Uuid,
        form: &BallotForm,
    ) -> Result<DraftSaved> {
        let rubric = self.rubric()?;
        let (values, problems) = read_form(&rubric.criteria, form);
        let id = self.write(hand.actor(panelist_id), |tx| {
            check_may_score(tx, panelist_id, entry_id)?;
            if hand == Hand::Paper {
                paper_may_write(tx, panelist_id, entry_id)?;
            }
            let now = time::now();
            match latest(tx, panelist_id, entry_id)? {
                Some(b) if b.status == BallotStatus::Draft => {
                    replace_scores(tx, &b, &values.scores, &values.criterion_notes)?;
                    tx.run(
                        "UPDATE ballots SET note = ?2, updated_at = ?3 WHERE id = ?1",
                        params![b.id.to_string(), values.note, time::to_db(now)],
                    )?;
                    Ok((Some(b.id), None))
                }
                Some(b) if values.matches(&b) => Ok((Some(b.id), None)),
                None if values.is_empty() => Ok((None, None)),
                previous => {
                    let ballot = Ballot {
                        id: Uuid::now_v7(),
                        panelist_id,
                        entry_id,
                        revision: previous.map_or(1, |b| b.revision + 1),
                        status: BallotStatus::Draft,
                        scores: values.scores.clone(),
                        note: values.note.clone(),
                        criterion_notes: values.criterion_notes.clone(),
                        rubric_id: rubric.id,
                        rubric_version: rubric.version,
                        signer: None,
                        signature: None,
                        submitted_at: None,
                        created_at: now,
                        updated_at: now,
                    };
                    insert_revision(tx, &ballot)?;
                    let detail = serde_json::json!({
                        "ballot": ballot.id,
                        "panelist": panelist_id,
                        "entry": entry_id,
                        "revision": ballot.revision,
                    });
                    Ok((
                        Some(ballot.id),
                        Some(Event::new("ballot.draft_started", detail)),
                    ))
                }
            }
        })?;
        let ballot = match id {
            Some(_) => self.latest_ballot(panelist_id, entry_id)?,
            None => None,
        };
        let total = ballot
            .as_ref()
            .and_then(|b| display_total(&rubric.criteria, &b.scores));
        Ok(DraftSaved {
            ballot,
            problems,
            total,
        })
    }

    /// Submits the panelist's ballot for the entry ("Kirim"): every criterion must have a
    /// valid score, else [`Error::Rejected`] lists each field and nothing is written. The
    /// revision is frozen and signed with `key` (the panelist's, from
    /// [`Self::ensure_signing_key`]). Submitting the same content again changes nothing and
    /// returns the submitted revision; different content makes a new revision.
    pub fn submit_ballot(
        &mut self,
        panelist_id: Uuid,
        entry_id: Uuid,
        form: &BallotForm,
        key: &SigningKey,
    ) -> Result<Ballot> {
        self.submit_as(Hand::Panelist, panelist_id, entry_id, form, key)
    }

    /// Submits a paper ballot the secretariat typed in for the panelist, signed with the
    /// secretariat's key for that panelist (`Signer::Secretariat`); audited as entered by the
    /// secretariat on the panelist's behalf.
    pub fn submit_paper_ballot(
        &mut self,
        panelist_id: Uuid,
        entry_id: Uuid,
        form: &BallotForm,
        key: &SigningKey,
    ) -> Result<Ballot> {
        self.submit_as(Hand::Paper, panelist_id, entry_id, form, key)
    }

    fn submit_as(
        &mut self,
        hand: Hand,
        panelist_id: Uuid,
        entry_id: Uuid,
        form: &BallotForm,
        key: &SigningKey,
    ) -> Result<Ballot> {
        let rubric = self.rubric()?;
        let values =
            read_submission(&rubric.criteria, form).map_err(|problems| Error::Rejected {
                what: "ballot".into(),
                problems,
            })?;
        let submitted = self.write(hand.actor(panelist_id), |tx| {
            let ballot = submit_in(tx, &rubric, panelist_id, entry_id, &values, hand, key)?;
            Ok((ballot, None))
        })?;
        match submitted {
            Some(ballot) => Ok(ballot),
            None => self
                .latest_ballot(panelist_id, entry_id)?
                .ok_or_else(|| Error::Database("the submitted ballot vanished".into())),
        }
    }
}

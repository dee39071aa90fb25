//! The station's requests about its panelist: the competition data it needs
//! (`GET /competition`), what the host holds of its ballots (`GET /ballots`, so a station
//! can re-send whatever a restarted or replaced host lacks), and sending one signed ballot
//! (`POST /ballots`).
//!
//! A ballot is judged here before the core's import (which checks it all again): the token's
//! panelist, the competition, the signature with the key the station joined with, the
//! revision against those on record, the entry, conflicts of interest, finalization and the
//! rubric, each with its own refusal code. Sending is idempotent: the same revision again is
//! acknowledged as already present and counted once; an older revision than the latest on
//! record is refused as stale (a replay); the same revision with other content is refused.

use super::live::Basics;
use super::routes::{read_json, Rejection};
use super::{HostEvent, Shared};
use crate::error::RejectCode;
use crate::wire::{AckOutcome, BallotAck, BallotPost, HeldBallot, HeldBallots, Snapshot};
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use ed25519_dalek::VerifyingKey;
use panelis_core::ballot::signing::{self, public_key_hex};
use panelis_core::ballot::transfer::{BallotFile, FORMAT, FORMAT_VERSION};
use panelis_core::model::{BallotStatus, Signer};
use panelis_core::scoring::check_score;
use panelis_core::Store;
use std::sync::Arc;
use uuid::Uuid;

fn internal(e: impl std::fmt::Display) -> Rejection {
    Rejection::new(RejectCode::Internal, e.to_string())
}

/// What the panelist's station needs of the competition.
pub(crate) fn build_snapshot(store: &Store, panelist_id: Uuid) -> panelis_core::Result<Snapshot> {
    let competition = store.competition()?;
    let panelist = store
        .panelists()?
        .into_iter()
        .find(|p| p.id == panelist_id)
        .ok_or_else(|| panelis_core::Error::NotFound {
            what: "panelist",
            key: panelist_id.to_string(),
        })?;
    let basics = Basics::read(store)?;
    let version = basics.version();
    Ok(Snapshot {
        competition_id: competition.id,
        competition_name: competition.name,
        panelist,
        conflicts: basics
            .conflicts
            .into_iter()
            .filter(|c| c.panelist_id == panelist_id)
            .collect(),
        rubric: basics.rubric,
        entries: basics.entries,
        finalized: basics.finalized,
        version,
    })
}

pub(crate) async fn snapshot(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Snapshot>, Rejection> {
    let caller = shared.authenticate(&headers)?;
    let pid = caller.panelist_id;
    let store = caller.reader(&shared);
    Shared::blocking(&store, move |s| build_snapshot(s, pid))
        .await?
        .map(Json)
        .map_err(|e| internal(e).of(pid))
}

pub(crate) async fn held(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<HeldBallots>, Rejection> {
    let caller = shared.authenticate(&headers)?;
    let pid = caller.panelist_id;
    let store = caller.reader(&shared);
    let export = Shared::blocking(&store, move |s| s.export_ballots(pid))
        .await?
        .map_err(|e| internal(e).of(pid))?;
    Ok(Json(HeldBallots {
        ballots: export
            .file
            .ballots
            .iter()
            .map(|b| HeldBallot {
                ballot_id: b.id,
                entry_id: b.entry_id,
                revision: b.revision,
            })
            .collect(),
    }))
}

pub(crate) async fn post(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<BallotAck>, Rejection> {
    let caller = shared.authenticate(&headers)?;
    let pid = caller.panelist_id;
    let post: BallotPost = read_json(&shared, &headers, body)
        .await
        .map_err(|r| r.of(pid))?;
    let competition = (shared.competition.id, shared.competition.name.clone());
    let key = caller.key;
    let ack = Shared::blocking(&caller.store, move |s| {
        accept(s, competition, pid, &key, &post)
    })
    .await?
    .map_err(|r| r.of(pid))?;
    if !caller.loadtest {
        let (entry_id, revision) = (ack.entry_id, ack.revision);
        shared.emit(match ack.outcome {
            AckOutcome::Stored => HostEvent::BallotStored {
                panelist_id: pid,
                entry_id,
                revision,
            },
            AckOutcome::AlreadyPresent => HostEvent::BallotRepeated {
                panelist_id: pid,
                entry_id,
                revision,
            },
        });
    }
    Ok(Json(ack))
}

/// Judges and stores one ballot of `panelist_id`, whose station signs with `key`.
pub(crate) fn accept(
    store: &mut Store,
    (competition_id, competition_name): (Uuid, String),
    panelist_id: Uuid,
    key: &VerifyingKey,
    post: &BallotPost,
) -> Result<BallotAck, Rejection> {
    let refuse = |code, message: &str| Err(Rejection::new(code, message));
    if post.panelist_id != panelist_id {
        return refuse(
            RejectCode::WrongPanelist,
            "the ballot names another panelist than the one this station's token is for",
        );
    }
    if post.competition_id != competition_id {
        return refuse(
            RejectCode::WrongCompetition,
            "the ballot is of another competition than the one this host serves",
        );
    }
    let fb = &post.ballot;
    if fb.signer != Signer::Panelist {
        return refuse(
            RejectCode::BadSignature,
            "a station's ballots are signed with the panelist's own key",
        );
    }
    let ballot = fb.to_ballot(panelist_id);
    if let Err(reason) = signing::verify_ballot(&ballot, competition_id, key) {
        return Err(Rejection::new(
            RejectCode::BadSignature,
            format!("{reason} (checked with the key this station joined with)"),
        ));
    }
    let ack = |outcome| BallotAck {
        ballot_id: fb.id,
        entry_id: fb.entry_id,
        revision: fb.revision,
        outcome,
    };
    let revisions = store
        .ballot_revisions(panelist_id, fb.entry_id)
        .map_err(internal)?;
    let latest = revisions
        .iter()
        .filter(|b| b.status == BallotStatus::Submitted)
        .map(|b| b.revision)
        .max();
    if let Some(existing) = revisions.iter().find(|b| b.revision == fb.revision) {
        let same = existing.status == BallotStatus::Submitted
            && existing.id == fb.id
            && existing.signature.as_deref() == Some(fb.signature.as_str());
        return match (same, latest) {
            (true, Some(l)) if l > fb.revision => refuse(
                RejectCode::StaleRevision,
                "a newer revision of this ballot is on record; this older one is a replay",
            ),
            (true, _) => Ok(ack(AckOutcome::AlreadyPresent)),
            (false, _) => refuse(
                RejectCode::RevisionConflict,
                "this revision is on record with other content",
            ),
        };
    }
    if latest.is_some_and(|l| l > fb.revision) {
        return refuse(
            RejectCode::StaleRevision,
            "a newer revision of this ballot is on record; this older one is a replay",
        );
    }
    if !store
        .entries()
        .map_err(internal)?
        .iter()
        .any(|e| e.id == fb.entry_id)
    {
        return refuse(
            RejectCode::UnknownEntry,
            "the entry is not in this competition",
        );
    }
    if store
        .conflicts()
        .map_err(internal)?
        .iter()
        .any(|c| c.panelist_id == panelist_id && c.entry_id == fb.entry_id)
    {
        return refuse(
            RejectCode::Conflicted,
            "the panelist abstains on this entry (conflict of interest)",
        );
    }
    if store.is_entry_finalized(fb.entry_id).map_err(internal)? {
        return refuse(
            RejectCode::Finalized,
            "the entry's results are final; no more ballots are taken",
        );
    }
    let rubric = store.rubric().map_err(internal)?;
    let fits = fb.rubric_id == rubric.id
        && fb.rubric_version == rubric.version
        && fb.scores.len() == rubric.criteria.len()
        && fb
            .scores
            .iter()
            .zip(&rubric.criteria)
            .all(|(s, c)| s.criterion_id == c.id && check_score(c, s.score).is_ok());
    if !fits {
        return refuse(
            RejectCode::RubricMismatch,
            "the scores do not fit this competition's rubric (criteria, order or range)",
        );
    }
    let file = BallotFile {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        competition_id,
        competition: competition_name,
        panelist_id,
        panelist: String::new(),
        public_key: Some(public_key_hex(key)),
        paper_public_key: None,
        exported_at: chrono::Utc::now(),
        ballots: vec![fb.clone()],
    };
    let report = store.import_ballots(&file).map_err(internal)?;
    if report.imported == 1 {
        return Ok(ack(AckOutcome::Stored));
    }
    if report.already_present == 1 {
        return Ok(ack(AckOutcome::AlreadyPresent));
    }
    let reason = report
        .rejected
        .first()
        .map(|r| r.reason_en.clone())
        .unwrap_or_else(|| "the competition file did not take the ballot".into());
    let code = if reason.contains("key") {
        RejectCode::KeyMismatch
    } else {
        RejectCode::RevisionConflict
    };
    Err(Rejection::new(code, reason))
}

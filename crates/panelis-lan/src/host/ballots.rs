//! The station's requests about its panelist: the competition data it needs
//! (`GET /competition`), what the host holds of its ballots (`GET /ballots`, so a station
//! can re-send whatever a restarted or replaced host lacks), and sending one signed ballot
//! (`POST /ballots`).
//!
//! The host authenticates a ballot (the token's panelist and the competition it serves) and
//! hands it to the core's one ballot rule (`Store::receive_ballot`, which judges it with the
//! key the station joined with); the refusal code on the wire is the core's verdict. Sending
//! is idempotent: the same revision again is acknowledged as already present and counted
//! once; an older revision than the latest on record is refused as stale (a replay); the same
//! revision with other content is refused.

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
use panelis_core::ballot::judge::{BallotRefusal, Verdict};
use panelis_core::lang::Lang;
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
        .ok_or_else(|| panelis_core::error::Record::Panelist.not_found(panelist_id))?;
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
        venue_clock: Some(panelis_core::time::VenueClock::new(
            store.utc_offset_minutes()?,
        )),
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
    // What a file gone or replaced since it was opened holds confirms nothing.
    let export = Shared::blocking(&store, move |s| {
        s.check_file()?;
        s.export_ballots(pid)
    })
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
    let competition = shared.competition.id;
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
    competition_id: Uuid,
    panelist_id: Uuid,
    key: &VerifyingKey,
    post: &BallotPost,
) -> Result<BallotAck, Rejection> {
    let refuse = |refusal: BallotRefusal| {
        Rejection::new(RejectCode::from(&refusal), refusal.message(Lang::En))
    };
    // What the token authenticates: the panelist, and the competition this host serves.
    if post.panelist_id != panelist_id {
        return Err(refuse(BallotRefusal::WrongPanelist));
    }
    if post.competition_id != competition_id {
        return Err(refuse(BallotRefusal::WrongCompetition {
            competition: None,
        }));
    }
    let fb = &post.ballot;
    let outcome = match store
        .receive_ballot(panelist_id, key, fb)
        .map_err(internal)?
    {
        Verdict::Accept => AckOutcome::Stored,
        Verdict::AlreadyPresent => AckOutcome::AlreadyPresent,
        Verdict::Refuse(refusal) => return Err(refuse(refusal)),
    };
    Ok(BallotAck {
        ballot_id: fb.id,
        entry_id: fb.entry_id,
        revision: fb.revision,
        outcome,
        audit_head: store.audit_head().map_err(internal)?,
    })
}

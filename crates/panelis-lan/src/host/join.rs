//! Joining: `POST /api/v1/join/check` says whom a live code is for (so the station picks the
//! panelist's signing key and the person confirms their name), `POST /api/v1/join` trades
//! the code for a token. The station must prove it holds the key it registers (a signature
//! over code, fingerprint and key), and that key must be the one the competition file has
//! for the panelist, if any. Failed attempts count against the address and overall; past
//! the limit every join is refused for a while. A successful join spends the code and
//! replaces the panelist's earlier station.

use super::registry::{token_hash, StationRecord};
use super::routes::{read_json, Peer, Rejection};
use super::{lock, HostEvent, Shared};
use crate::error::RejectCode;
use crate::invite::verify_proof;
use crate::joincode::CodeProblem;
use crate::wire::{JoinCheck, JoinPreview, JoinReply, JoinRequest};
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::{Extension, Json};
use chrono::Utc;
use ed25519_dalek::VerifyingKey;
use panelis_core::ballot::signing::{parse_public_key, public_key_hex};
use panelis_core::model::{Panelist, Signer};
use rand_core::{OsRng, RngCore};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

const BAD_CODE: &str =
    "the join code is unknown, used or expired; ask the secretariat for a new one";

/// A new bearer token: 32 random bytes, hex.
pub(crate) fn new_token() -> String {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    hex::encode(raw)
}

/// Counts a failed attempt from `ip` and passes the refusal on.
fn failed(shared: &Shared, ip: IpAddr, r: Rejection) -> Rejection {
    lock(&shared.limiter).failed(ip, Instant::now());
    r
}

/// Refuses at once when `ip` (or everyone) has failed too often.
fn limit(shared: &Shared, ip: IpAddr) -> Result<(), Rejection> {
    if lock(&shared.limiter).allows(ip, Instant::now()) {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectCode::RateLimited,
            "too many failed join attempts; wait a minute and try again",
        ))
    }
}

/// The panelist a live code is for, and the key the competition file has for them.
async fn redeemable(
    shared: &Arc<Shared>,
    ip: IpAddr,
    code: &str,
) -> Result<(Panelist, Option<VerifyingKey>), Rejection> {
    let panelist_id = lock(&shared.codes)
        .check(code, Instant::now())
        .map_err(|problem| {
            let note = match problem {
                CodeProblem::Unknown => "unknown or used",
                CodeProblem::Expired => "expired",
            };
            failed(
                shared,
                ip,
                Rejection::new(RejectCode::BadCode, BAD_CODE).noted(note),
            )
        })?;
    let (panelist, registered) = Shared::blocking(&shared.reader, move |s| {
        let panelist = s.panelists()?.into_iter().find(|p| p.id == panelist_id);
        let key = s.ballot_key(Signer::Panelist, panelist_id)?;
        Ok::<_, panelis_core::Error>((panelist, key))
    })
    .await?
    .map_err(|e| Rejection::new(RejectCode::Internal, e.to_string()))?;
    let panelist = panelist.ok_or_else(|| {
        Rejection::new(RejectCode::BadCode, BAD_CODE).noted("panelist no longer on the panel")
    })?;
    Ok((panelist, registered))
}

pub(crate) async fn check(
    State(shared): State<Arc<Shared>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<JoinPreview>, Rejection> {
    let ip = peer.0.ip();
    limit(&shared, ip)?;
    let request: JoinCheck = read_json(&shared, &headers, body)
        .await
        .map_err(|r| failed(&shared, ip, r))?;
    let (panelist, _) = redeemable(&shared, ip, &request.code).await?;
    Ok(Json(JoinPreview {
        panelist_id: panelist.id,
        panelist_name: panelist.name,
        competition_id: shared.competition.id,
        competition_name: shared.competition.name.clone(),
    }))
}

pub(crate) async fn join(
    State(shared): State<Arc<Shared>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<JoinReply>, Rejection> {
    let ip = peer.0.ip();
    limit(&shared, ip)?;
    let request: JoinRequest = read_json(&shared, &headers, body)
        .await
        .map_err(|r| failed(&shared, ip, r))?;
    let (panelist, registered) = redeemable(&shared, ip, &request.code).await?;
    let panelist_id = panelist.id;
    let key = parse_public_key(request.public_key.as_bytes()).map_err(|e| {
        let r = Rejection::new(RejectCode::Malformed, format!("public key: {e}"));
        failed(&shared, ip, r.of(panelist_id))
    })?;
    if !verify_proof(&key, &request.code, &shared.fingerprint, &request.proof) {
        let r = Rejection::new(
            RejectCode::BadSignature,
            "the join proof does not verify with the station's key",
        );
        return Err(failed(&shared, ip, r.of(panelist_id)));
    }
    if registered.is_some_and(|k| k != key) {
        return Err(Rejection::new(
            RejectCode::KeyMismatch,
            format!(
                "another signing key is registered for {}; join from the laptop that holds it, \
                 or ask the secretariat",
                panelist.name
            ),
        )
        .of(panelist_id));
    }
    // Spend the code now; a second join racing with the same code finds it gone.
    {
        let mut codes = lock(&shared.codes);
        if codes.check(&request.code, Instant::now()) != Ok(panelist_id) {
            let r = Rejection::new(RejectCode::BadCode, BAD_CODE).noted("used meanwhile");
            return Err(failed(&shared, ip, r));
        }
        codes.spend(&request.code);
    }
    let token = new_token();
    let station_name: String = panelis_core::text::collapse(&request.station_name)
        .chars()
        .take(80)
        .collect();
    lock(&shared.registry)
        .join(StationRecord {
            panelist_id,
            station_name: station_name.clone(),
            public_key: public_key_hex(&key),
            token_sha256: token_hash(&token),
            joined_at: Utc::now(),
            revoked_at: None,
        })
        .map_err(|e| Rejection::new(RejectCode::Internal, e.to_string()))?;
    shared.emit(HostEvent::StationJoined {
        panelist_id,
        panelist_name: panelist.name.clone(),
        station_name,
    });
    Ok(Json(JoinReply {
        token,
        panelist_id,
        panelist_name: panelist.name,
        competition_id: shared.competition.id,
        competition_name: shared.competition.name.clone(),
    }))
}

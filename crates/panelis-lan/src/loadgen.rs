//! The load generator behind `panelis loadtest`: many simulated stations, each on its own
//! TLS connection, sending signed ballots as fast as the host acknowledges them, to check a
//! venue's Wi-Fi and laptop before the day. It needs a host started with load tests (its
//! load-test token): the stations are throwaway panelists in a scratch copy of the
//! competition, removed at the end. Reports ballots sent, confirmed and lost (asked of the
//! host at the end, not guessed), and the round-trip times.

use crate::client::HostClient;
use crate::error::{LanError, Result};
use crate::identity::Fingerprint;
use crate::wire::{
    BallotAck, BallotPost, HeldBallots, LoadtestGrant, LoadtestReply, LoadtestRequest,
    LoadtestStation, Snapshot, API,
};
use axum::http::Method;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use panelis_core::ballot::signing::{encode_ballot, public_key_hex, sign};
use panelis_core::ballot::transfer::FileBallot;
use panelis_core::model::{Ballot, BallotStatus, Signer};
use rand_core::OsRng;
use serde::Serialize;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// What to run.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub addr: SocketAddr,
    pub fingerprint: Fingerprint,
    /// The host's load-test token.
    pub token: String,
    pub stations: usize,
    /// Ballots each station sends.
    pub ballots: usize,
    /// The whole run stops after this long; what was not confirmed by then counts.
    pub timeout: Duration,
}

/// What a run measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadReport {
    pub stations: usize,
    /// Distinct ballots sent (a re-send after a dropped connection counts once).
    pub sent: u64,
    /// Ballots the host acknowledged.
    pub confirmed: u64,
    /// Ballots sent but not held by the host at the end.
    pub lost: u64,
    /// Ballots the host refused (none in a healthy run).
    pub refused: u64,
    /// Re-sends after a dropped connection.
    pub retries: u64,
    pub elapsed_ms: f64,
    /// Acknowledged ballots per second over the run.
    pub throughput: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// A throwaway station: its key and credentials.
pub struct LoadStation {
    pub key: SigningKey,
    pub grant: LoadtestGrant,
}

/// Asks the host for `n` throwaway stations.
pub async fn open_stations(client: &HostClient, token: &str, n: usize) -> Result<Vec<LoadStation>> {
    let mut conn = client.connect().await?;
    let mut out = Vec::with_capacity(n);
    let keys: Vec<SigningKey> = (0..n).map(|_| SigningKey::generate(&mut OsRng)).collect();
    for chunk in keys.chunks(crate::host::MAX_LOADTEST_STATIONS_PER_REQUEST) {
        let request = LoadtestRequest {
            stations: chunk
                .iter()
                .enumerate()
                .map(|(i, k)| LoadtestStation {
                    name: format!("station {}", out.len() + i + 1),
                    public_key: public_key_hex(&k.verifying_key()),
                })
                .collect(),
        };
        let reply: LoadtestReply = conn
            .call(
                Method::POST,
                &format!("{API}/loadtest"),
                Some(token),
                Some(&request),
            )
            .await?;
        if reply.stations.len() != chunk.len() {
            return Err(LanError::Protocol(
                "the host made another number of stations".into(),
            ));
        }
        out.extend(
            chunk
                .iter()
                .cloned()
                .zip(reply.stations)
                .map(|(key, grant)| LoadStation { key, grant }),
        );
    }
    Ok(out)
}

/// Removes the throwaway stations and their scratch copy.
pub async fn close_stations(client: &HostClient, token: &str) -> Result<()> {
    let mut conn = client.connect().await?;
    conn.call::<serde_json::Value>(
        Method::DELETE,
        &format!("{API}/loadtest"),
        Some(token),
        None::<&()>,
    )
    .await
    .map(|_| ())
}

/// A signed ballot of `panelist` for `entry`, revision `revision`, every criterion `score`.
pub fn make_ballot(
    snapshot: &Snapshot,
    key: &SigningKey,
    panelist: Uuid,
    entry: Uuid,
    revision: u32,
    score: i32,
) -> Result<FileBallot> {
    let now: DateTime<Utc> =
        DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).unwrap_or_else(Utc::now);
    let mut ballot = Ballot {
        id: Uuid::now_v7(),
        panelist_id: panelist,
        entry_id: entry,
        revision,
        status: BallotStatus::Submitted,
        scores: snapshot
            .rubric
            .criteria
            .iter()
            .map(|c| (c.id, score.clamp(c.scale_min, c.scale_max)))
            .collect(),
        note: String::new(),
        criterion_notes: Vec::new(),
        rubric_id: snapshot.rubric.id,
        rubric_version: snapshot.rubric.version,
        signer: Some(Signer::Panelist),
        signature: None,
        submitted_at: Some(now),
        created_at: now,
        updated_at: now,
    };
    ballot.signature = Some(sign(key, &encode_ballot(&ballot, snapshot.competition_id)?));
    Ok(FileBallot::of(&ballot, 0, &snapshot.rubric.criteria)?)
}

#[derive(Default)]
struct StationResult {
    sent: u64,
    confirmed: u64,
    refused: u64,
    retries: u64,
    round_trips: Vec<Duration>,
    held: Option<u64>,
}

/// One simulated station's run.
async fn station(
    client: HostClient,
    snapshot: std::sync::Arc<Snapshot>,
    station: LoadStation,
    ballots: usize,
    deadline: Instant,
) -> StationResult {
    let mut out = StationResult::default();
    let entries: Vec<Uuid> = snapshot
        .entries
        .iter()
        .filter(|e| snapshot.to_score(e.id))
        .map(|e| e.id)
        .collect();
    if entries.is_empty() {
        return out;
    }
    let token = station.grant.token.clone();
    let pid = station.grant.panelist_id;
    let path = format!("{API}/ballots");
    let mut conn = None;
    for i in 0..ballots {
        let entry = entries[i % entries.len()];
        let revision = (i / entries.len()) as u32 + 1;
        let Ok(ballot) = make_ballot(
            &snapshot,
            &station.key,
            pid,
            entry,
            revision,
            60 + (i % 40) as i32,
        ) else {
            break;
        };
        let post = BallotPost {
            competition_id: snapshot.competition_id,
            panelist_id: pid,
            ballot,
        };
        out.sent += 1;
        let mut first = true;
        loop {
            if Instant::now() >= deadline {
                return out;
            }
            if !first {
                out.retries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            first = false;
            if conn
                .as_ref()
                .is_none_or(|c: &crate::client::Connection| c.is_closed())
            {
                conn = client.connect().await.ok();
            }
            let Some(c) = conn.as_mut() else { continue };
            let started = Instant::now();
            match c
                .call::<BallotAck>(Method::POST, &path, Some(&token), Some(&post))
                .await
            {
                Ok(_) => {
                    out.round_trips.push(started.elapsed());
                    out.confirmed += 1;
                    break;
                }
                Err(LanError::Refused { code, .. }) if !code.is_transient() => {
                    out.refused += 1;
                    break;
                }
                Err(_) => conn = None,
            }
        }
    }
    if let Some(c) = conn.as_mut() {
        let held: Result<HeldBallots> = c.call(Method::GET, &path, Some(&token), None::<&()>).await;
        out.held = held.ok().map(|h| h.ballots.len() as u64);
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs a load test and removes its throwaway stations afterwards.
pub async fn run(options: &LoadOptions) -> Result<LoadReport> {
    if options.stations == 0 {
        return Err(LanError::NoStations);
    }
    let client = HostClient::new(options.addr, options.fingerprint)?;
    let stations = open_stations(&client, &options.token, options.stations).await?;
    let result = drive(&client, stations, options).await;
    let closed = close_stations(&client, &options.token).await;
    let report = result?;
    closed?;
    Ok(report)
}

async fn drive(
    client: &HostClient,
    stations: Vec<LoadStation>,
    options: &LoadOptions,
) -> Result<LoadReport> {
    let first = stations.first().ok_or(LanError::NoStations)?;
    let snapshot: Snapshot = client
        .connect()
        .await?
        .call(
            Method::GET,
            &format!("{API}/competition"),
            Some(&first.grant.token),
            None::<&()>,
        )
        .await?;
    let snapshot = std::sync::Arc::new(snapshot);
    let started = Instant::now();
    let deadline = started + options.timeout;
    let tasks: Vec<_> = stations
        .into_iter()
        .map(|s| {
            tokio::spawn(station(
                client.clone(),
                snapshot.clone(),
                s,
                options.ballots,
                deadline,
            ))
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for t in tasks {
        results.push(t.await.unwrap_or_default());
    }
    let elapsed = started.elapsed();
    let mut all: Vec<Duration> = results.iter().flat_map(|r| r.round_trips.clone()).collect();
    all.sort();
    let sent: u64 = results.iter().map(|r| r.sent).sum();
    let confirmed: u64 = results.iter().map(|r| r.confirmed).sum();
    let refused: u64 = results.iter().map(|r| r.refused).sum();
    // Lost: sent and not refused, yet not on the host. A station that could not ask
    // counts every ballot it sent as lost.
    let held: u64 = results.iter().map(|r| r.held.unwrap_or(0)).sum();
    let lost = (sent - refused).saturating_sub(held);
    Ok(LoadReport {
        stations: results.len(),
        sent,
        confirmed,
        lost,
        refused,
        retries: results.iter().map(|r| r.retries).sum(),
        elapsed_ms: elapsed.as_secs_f64() * 1000.0,
        throughput: confirmed as f64 / elapsed.as_secs_f64().max(1e-9),
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        max_ms: all.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
    })
}

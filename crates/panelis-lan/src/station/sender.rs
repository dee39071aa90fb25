//! The station's sender: delivers the outbox to the host, in the order saved, on one
//! kept-alive connection. On every (re)connection it first fetches the competition data if
//! it changed and asks the host which ballots it holds: held ones are confirmed, and any
//! the host lacks (even if confirmed before: a restarted host, or another laptop that
//! opened a backup) go again. A lost connection is retried with backoff, without a click.
//! A refusal for good marks that ballot refused and the rest go on.

use super::backoff::Backoff;
use super::{lock, Inner, LinkState, OutboxBallot, SendStatus};
use crate::client::Connection;
use crate::error::{LanError, RejectCode, Result};
use crate::wire::{BallotAck, BallotPost, HeldBallots, Snapshot, API};
use axum::http::Method;
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Runs until the station closes.
pub(super) async fn run(inner: Arc<Inner>) {
    let mut backoff = Backoff::new(inner.config.retry_min, inner.config.retry_max);
    let mut shutdown = inner.shutdown.clone();
    let mut hosts = inner.host_generation.subscribe();
    while inner.tries_again(&mut shutdown).await {
        hosts.borrow_and_update();
        let attempt = async { inner.client()?.connect().await };
        let connected = tokio::select! {
            c = attempt => c,
            _ = shutdown.changed() => return,
        };
        let failure = match connected {
            Ok(mut conn) => {
                inner.resync.store(true, Ordering::SeqCst);
                match session(&inner, &mut conn, &mut backoff).await {
                    Ok(()) => return,
                    Err(e) => e,
                }
            }
            Err(e) => e,
        };
        inner.note_error(&failure);
        let wrong_host = matches!(
            failure,
            LanError::WrongFingerprint { .. } | LanError::ForgedCertificate { .. }
        );
        if !failure.is_transient() && !wrong_host {
            // Not recognised or revoked: no point hurrying.
            backoff = Backoff::new(inner.config.retry_max, inner.config.retry_max);
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff.next_wait()) => {}
            _ = hosts.changed() => backoff.reset(),
            _ = shutdown.changed() => return,
        }
    }
}

/// One connection's life: sync, then send whatever is pending, then wait for news. Ends
/// with `Ok` only when the station closes.
async fn session(inner: &Inner, conn: &mut Connection, backoff: &mut Backoff) -> Result<()> {
    let mut shutdown = inner.shutdown.clone();
    let mut hosts = inner.host_generation.subscribe();
    hosts.borrow_and_update();
    loop {
        if inner.resync.swap(false, Ordering::SeqCst) {
            if let Err(e) = sync(inner, conn).await {
                inner.resync.store(true, Ordering::SeqCst);
                return Err(e);
            }
            inner.set_link(LinkState::Online);
            backoff.reset();
        }
        let pending = lock(&inner.file).pending()?;
        for row in pending {
            send(inner, conn, row).await?;
        }
        if inner.resync.load(Ordering::SeqCst) {
            continue;
        }
        tokio::select! {
            _ = inner.wake.notified() => {}
            _ = tokio::time::sleep(inner.config.recheck) => {}
            _ = conn.closed() => {
                return Err(LanError::Unreachable("the host closed the connection".into()));
            }
            _ = hosts.changed() => {
                return Err(LanError::Unreachable("the host moved".into()));
            }
            _ = shutdown.changed() => return Ok(()),
        }
    }
}

/// Fetches the competition data when it changed and reconciles the outbox with what the
/// host holds.
async fn sync(inner: &Inner, conn: &mut Connection) -> Result<()> {
    let token = inner.joined().token;
    let live_version = inner.live.borrow().as_ref().map(|l| l.data_version.clone());
    let have = inner.snapshot_version();
    if have.is_none() || live_version.is_some_and(|v| Some(v) != have) {
        let snapshot: Snapshot = conn
            .call(
                Method::GET,
                &format!("{API}/competition"),
                Some(&token),
                None::<&()>,
            )
            .await?;
        inner.set_snapshot(snapshot)?;
    }
    let held: HeldBallots = conn
        .call(
            Method::GET,
            &format!("{API}/ballots"),
            Some(&token),
            None::<&()>,
        )
        .await?;
    {
        let mut latest = lock(&inner.host_latest);
        latest.clear();
        for b in &held.ballots {
            let r = latest.entry(b.entry_id).or_insert(0);
            *r = (*r).max(b.revision);
        }
    }
    let ids: HashSet<_> = held.ballots.iter().map(|b| b.ballot_id).collect();
    let changed = lock(&inner.file).reconcile(&ids)?;
    if !changed.is_empty() {
        let all = lock(&inner.file).all()?;
        for (id, status) in changed {
            if let Some(row) = all.iter().find(|r| r.ballot.id == id) {
                inner.emit_status(&row.ballot, status);
            }
        }
    }
    Ok(())
}

fn set(inner: &Inner, row: &OutboxBallot, status: SendStatus) -> Result<()> {
    lock(&inner.file).set_status(row.ballot.id, &status)?;
    inner.emit_status(&row.ballot, status);
    Ok(())
}

/// Sends one ballot and records the answer. A transport failure puts it back to be sent
/// and ends the session.
async fn send(inner: &Inner, conn: &mut Connection, row: OutboxBallot) -> Result<()> {
    let joined = inner.joined();
    set(inner, &row, SendStatus::Sent)?;
    let post = BallotPost {
        competition_id: joined.competition_id,
        panelist_id: joined.panelist_id,
        ballot: row.ballot.clone(),
    };
    let answer: Result<BallotAck> = conn
        .call(
            Method::POST,
            &format!("{API}/ballots"),
            Some(&joined.token),
            Some(&post),
        )
        .await;
    match answer {
        Ok(ack) => {
            if let Some(head) = &ack.audit_head {
                lock(&inner.file).keep_receipt(row.ballot.id, head)?;
            }
            set(inner, &row, SendStatus::Confirmed)
        }
        Err(LanError::Refused { code, message }) if !is_about_us(code) && !code.is_transient() => {
            if matches!(
                code,
                RejectCode::StaleRevision | RejectCode::RevisionConflict
            ) {
                // Perhaps the host has it already (an answer lost on the way): ask.
                inner.resync.store(true, Ordering::SeqCst);
            }
            set(inner, &row, SendStatus::Rejected { code, message })
        }
        Err(e) => {
            set(inner, &row, SendStatus::SavedLocally)?;
            Err(e)
        }
    }
}

/// Refusals about the station itself rather than the ballot: the ballot waits.
fn is_about_us(code: RejectCode) -> bool {
    matches!(
        code,
        RejectCode::NoToken | RejectCode::BadToken | RejectCode::Revoked | RejectCode::KeyMismatch
    )
}

//! Every refusal of the host, each with its code and logged, while the host keeps serving
//! the real stations: tokens, another panelist's token, the wrong key, replays, conflicts,
//! finalized entries, malformed and oversized bodies, join-code guessing, expiry and
//! single use, the connection limit and slow handshakes.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;

use axum::http::Method;
use common::{form, Venue};
use ed25519_dalek::SigningKey;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::signing::{encode_ballot, sign};
use panelis_core::ballot::transfer::FileBallot;
use panelis_core::model::{Ballot, BallotStatus, Signer};
use panelis_lan::client::{Connection, HostClient};
use panelis_lan::host::{Host, HostConfig};
use panelis_lan::station::Station;
use panelis_lan::wire::{BallotPost, Snapshot, API};
use panelis_lan::JoinTarget;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// A ballot of `panelist` for `entry`, revision `revision`, signed with `key`.
fn ballot(
    snapshot: &Snapshot,
    panelist: Uuid,
    entry: Uuid,
    revision: u32,
    base: i32,
    key: &SigningKey,
) -> FileBallot {
    let scores = snapshot
        .rubric
        .criteria
        .iter()
        .map(|c| (c.id, base.clamp(c.scale_min, c.scale_max)))
        .collect();
    ballot_with(snapshot, panelist, entry, revision, scores, key)
}

/// The same with exactly these scores.
fn ballot_with(
    snapshot: &Snapshot,
    panelist: Uuid,
    entry: Uuid,
    revision: u32,
    scores: Vec<(Uuid, i32)>,
    key: &SigningKey,
) -> FileBallot {
    let now =
        chrono::DateTime::from_timestamp_millis(chrono::Utc::now().timestamp_millis()).unwrap();
    let mut b = Ballot {
        id: Uuid::now_v7(),
        panelist_id: panelist,
        entry_id: entry,
        revision,
        status: BallotStatus::Submitted,
        scores,
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
    b.signature = Some(sign(
        key,
        &encode_ballot(&b, snapshot.competition_id).unwrap(),
    ));
    FileBallot::of(&b, 0, &snapshot.rubric.criteria).unwrap()
}

/// POSTs a ballot with a token; the status and the error code (if any).
async fn post(conn: &mut Connection, token: Option<&str>, body: Vec<u8>) -> (u16, Option<String>) {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .as_deref()
        .map(|b| vec![("authorization", b)])
        .unwrap_or_default();
    let (status, answer) = conn
        .raw(Method::POST, &format!("{API}/ballots"), &headers, body)
        .await
        .unwrap();
    let code = serde_json::from_slice::<serde_json::Value>(&answer)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(String::from));
    (status, code)
}

fn body(snapshot: &Snapshot, panelist: Uuid, b: FileBallot) -> Vec<u8> {
    serde_json::to_vec(&BallotPost {
        competition_id: snapshot.competition_id,
        panelist_id: panelist,
        ballot: b,
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_request_is_refused_with_its_code_and_logged_and_the_host_serves_on() {
    let venue = Venue::new(3, 4);
    let host = Host::start(venue.host_config()).await.unwrap();
    let (a, c) = (venue.panelists[0].id, venue.panelists[2].id);
    let inv_a = host.invite(a).await.unwrap();
    let inv_c = host.invite(c).await.unwrap();
    let sa = Station::join(venue.station_config("a"), &inv_a.target, "A")
        .await
        .unwrap();
    let sc = Station::join(venue.station_config("c"), &inv_c.target, "C")
        .await
        .unwrap();
    let snapshot = sa.snapshot().unwrap();
    let token_a = sa.joined().token;
    let token_c = sc.joined().token;
    let key_a = Keystore::new(venue.dir.path().join("a").join("keys"))
        .key(Signer::Panelist, a)
        .unwrap();
    let key_c = Keystore::new(venue.dir.path().join("c").join("keys"))
        .key(Signer::Panelist, c)
        .unwrap();
    let (e1, e2, e3) = (
        venue.entries[0].id,
        venue.entries[1].id,
        venue.entries[2].id,
    );
    let client = HostClient::new(host.local_addr(), host.fingerprint()).unwrap();
    let mut conn = client.connect().await.unwrap();
    let good = ballot(&snapshot, a, e2, 1, 80, &key_a);
    let short_scores: Vec<(Uuid, i32)> = snapshot.rubric.criteria[1..]
        .iter()
        .map(|c| (c.id, c.scale_max + 1))
        .collect();
    // What, token, body, expected status and code.
    type Case<'a> = (&'a str, Option<&'a str>, Vec<u8>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "no token",
            None,
            body(&snapshot, a, good.clone()),
            401,
            "no_token",
        ),
        (
            "invalid token",
            Some("feedbeef"),
            body(&snapshot, a, good.clone()),
            401,
            "bad_token",
        ),
        (
            "another panelist's token",
            Some(&token_c),
            body(&snapshot, a, good.clone()),
            403,
            "wrong_panelist",
        ),
        (
            "signed by the wrong key",
            Some(&token_a),
            body(&snapshot, a, ballot(&snapshot, a, e2, 1, 80, &key_c)),
            403,
            "bad_signature",
        ),
        (
            "conflicted panelist",
            Some(&token_c),
            body(&snapshot, c, ballot(&snapshot, c, e1, 1, 80, &key_c)),
            409,
            "conflicted",
        ),
        (
            "scores off the rubric",
            Some(&token_a),
            body(
                &snapshot,
                a,
                ballot_with(&snapshot, a, e2, 1, short_scores.clone(), &key_a),
            ),
            422,
            "rubric_mismatch",
        ),
        (
            "unknown entry",
            Some(&token_a),
            body(
                &snapshot,
                a,
                ballot(&snapshot, a, Uuid::new_v4(), 1, 80, &key_a),
            ),
            422,
            "unknown_entry",
        ),
        (
            "malformed JSON",
            Some(&token_a),
            b"{\"ballot\": [".to_vec(),
            400,
            "malformed",
        ),
        (
            "not a ballot",
            Some(&token_a),
            b"{\"x\": 1}".to_vec(),
            400,
            "malformed",
        ),
        (
            "oversized body",
            Some(&token_a),
            vec![b' '; 200 * 1024],
            413,
            "too_large",
        ),
    ];
    for (what, token, bytes, status, code) in cases {
        let got = post(&mut conn, token, bytes).await;
        assert_eq!(got, (status, Some(code.to_string())), "{what}");
    }
    // After a refused body the host may close the connection: start a fresh one.
    let mut conn = client.connect().await.unwrap();
    let mut wrong_competition: serde_json::Value =
        serde_json::from_slice(&body(&snapshot, a, good.clone())).unwrap();
    wrong_competition["competition_id"] = serde_json::json!(Uuid::new_v4());
    let got = post(
        &mut conn,
        Some(&token_a),
        serde_json::to_vec(&wrong_competition).unwrap(),
    )
    .await;
    assert_eq!(got, (409, Some("wrong_competition".into())));

    // Replays: revision 1 then 2 accepted; 2 again is acknowledged once; 1 again is stale;
    // 2 with other content is a conflict.
    assert_eq!(
        post(&mut conn, Some(&token_a), body(&snapshot, a, good.clone()))
            .await
            .0,
        200
    );
    let second = ballot(&snapshot, a, e2, 2, 70, &key_a);
    assert_eq!(
        post(
            &mut conn,
            Some(&token_a),
            body(&snapshot, a, second.clone())
        )
        .await
        .0,
        200
    );
    let (status, answer) = conn
        .raw(
            Method::POST,
            &format!("{API}/ballots"),
            &[("authorization", &format!("Bearer {token_a}"))],
            body(&snapshot, a, second.clone()),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&answer).contains("already_present"));
    let got = post(&mut conn, Some(&token_a), body(&snapshot, a, good.clone())).await;
    assert_eq!(got, (409, Some("stale_revision".into())));
    let other = ballot(&snapshot, a, e2, 2, 60, &key_a);
    let got = post(&mut conn, Some(&token_a), body(&snapshot, a, other)).await;
    assert_eq!(got, (409, Some("revision_conflict".into())));

    // A finalized entry takes no more ballots.
    rusqlite::Connection::open(&venue.db)
        .unwrap()
        .execute(
            "INSERT INTO finalized_entries (entry_id, at, by, result_sha256) \
             VALUES (?1, '2024-03-07T10:00:00.000Z', 'test', 'seal')",
            [e3.to_string()],
        )
        .unwrap();
    let got = post(
        &mut conn,
        Some(&token_a),
        body(&snapshot, a, ballot(&snapshot, a, e3, 1, 80, &key_a)),
    )
    .await;
    assert_eq!(got, (409, Some("finalized".into())));

    // Other requests: unknown path, live socket without a token.
    let (status, _) = conn
        .raw(Method::GET, "/etc/passwd", &[], vec![])
        .await
        .unwrap();
    assert_eq!(status, 404);
    let err = client.websocket("nonsense").await.unwrap_err();
    assert_eq!(err.code(), "bad_token");

    // The host still serves the real stations.
    sa.submit(venue.entries[3].id, &form(&snapshot, 77))
        .unwrap();
    assert!(sa.wait_until_sent(Duration::from_secs(10)).await);
    let store = venue.store();
    assert_eq!(store.ballot_revisions(a, e2).unwrap().len(), 2);
    assert_eq!(
        store
            .ballot_revisions(a, venue.entries[3].id)
            .unwrap()
            .len(),
        1
    );
    assert!(store.ballot_revisions(c, e1).unwrap().is_empty());

    // Every refusal is in the log with its code.
    let log = std::fs::read_to_string(host.log_path()).unwrap();
    for code in [
        "no_token",
        "bad_token",
        "wrong_panelist",
        "bad_signature",
        "conflicted",
        "rubric_mismatch",
        "unknown_entry",
        "malformed",
        "too_large",
        "wrong_competition",
        "stale_revision",
        "revision_conflict",
        "finalized",
        "not_found",
    ] {
        assert!(
            log.contains(&format!("\"code\":\"{code}\"")),
            "{code} not logged:\n{log}"
        );
    }
    sa.close().await;
    sc.close().await;
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_codes_are_single_use_expire_and_guessing_is_rate_limited() {
    let venue = Venue::new(3, 2);
    let mut config = venue.host_config();
    config.limits.join_code_ttl = Duration::from_millis(400);
    config.limits.join_failures_per_address = 4;
    let host = Host::start(config).await.unwrap();
    let (p0, p1, p2) = (
        venue.panelists[0].id,
        venue.panelists[1].id,
        venue.panelists[2].id,
    );

    // Expiry.
    let stale = host.invite(p0).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let err = Station::join(venue.station_config("x"), &stale.target, "x")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "bad_code");

    // Single use.
    let invite = host.invite(p0).await.unwrap();
    Station::join(venue.station_config("p0"), &invite.target, "p0")
        .await
        .unwrap()
        .close()
        .await;
    let err = Station::join(venue.station_config("again"), &invite.target, "again")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "bad_code");

    // Guessing: after the limit even a right code is refused for a while.
    let real = host.invite(p1).await.unwrap();
    for guess in ["AAAA-AAAA", "BBBB-BBBB"] {
        let t = JoinTarget::new(real.target.addr, real.target.fingerprint, guess).unwrap();
        assert_eq!(Station::preview(&t).await.unwrap_err().code(), "bad_code");
    }
    let err = Station::join(venue.station_config("p1"), &real.target, "p1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rate_limited", "{err}");

    // A key other than the one registered for the panelist is refused.
    venue
        .store()
        .ensure_signing_key(
            &Keystore::new(venue.dir.path().join("elsewhere")),
            Signer::Panelist,
            p2,
        )
        .unwrap();
    let mut config = venue.host_config();
    config.bind = "127.0.0.1:0".parse().unwrap();
    host.stop().await;
    let host = Host::start(config).await.unwrap();
    let invite = host.invite(p2).await.unwrap();
    let err = Station::join(venue.station_config("p2"), &invite.target, "p2")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "key_mismatch");
    let log = std::fs::read_to_string(host.log_path()).unwrap();
    for code in ["bad_code", "rate_limited", "key_mismatch"] {
        assert!(
            log.contains(&format!("\"code\":\"{code}\"")),
            "{code}:\n{log}"
        );
    }
    assert!(log.contains("expired"), "the log says why a code failed");
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_are_bounded_and_slow_handshakes_dropped() {
    let venue = Venue::new(2, 2);
    let mut config: HostConfig = venue.host_config();
    config.limits.max_connections = 3;
    config.limits.handshake_timeout = Duration::from_millis(300);
    let host = Host::start(config).await.unwrap();
    let client = HostClient::new(host.local_addr(), host.fingerprint())
        .unwrap()
        .with_timeout(Duration::from_secs(2));
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(client.connect().await.unwrap());
    }
    let err = client.connect().await.unwrap_err();
    assert_eq!(err.code(), "unreachable", "{err}");
    held.pop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut conn = client.connect().await.unwrap();
    let (status, _) = conn.raw(Method::GET, "/", &[], vec![]).await.unwrap();
    assert_eq!(status, 404);
    drop(conn);
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;

    // A body sent in chunks, with no length announced, is cut off at the limit too.
    let mut tls = client.tls().await.unwrap();
    let mut request = format!(
        "POST {API}/join/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..20 {
        request.extend_from_slice(format!("{:x}\r\n", 8192).as_bytes());
        request.extend_from_slice(&[b' '; 8192]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let _ = tls.write_all(&request).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(3), tls.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("too_large"), "{answer}");

    // A client that never says hello is dropped after the handshake time.
    let mut idle = tokio::net::TcpStream::connect(host.local_addr())
        .await
        .unwrap();
    let mut buf = [0u8; 16];
    let started = std::time::Instant::now();
    let n = tokio::time::timeout(Duration::from_secs(3), idle.read(&mut buf))
        .await
        .expect("the host hangs up")
        .unwrap_or(0);
    assert_eq!(n, 0);
    assert!(started.elapsed() < Duration::from_secs(2));
    let log = std::fs::read_to_string(host.log_path()).unwrap();
    assert!(log.contains("connection limit"), "{log}");
    assert!(log.contains("\"code\":\"connection_limit\""), "{log}");
    assert!(log.contains("not finished in time"), "{log}");
    assert!(log.contains("\"code\":\"tls_timeout\""), "{log}");
    host.stop().await;
}

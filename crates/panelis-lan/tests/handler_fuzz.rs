//! Hostile input for the host's request handlers, bounded in time: mutated and random
//! requests (method, path, token, JSON body) against a live host on loopback. Every answer
//! must be a success or a refusal with its code as JSON, never a 500, a hang or a panic in
//! the host; afterwards the host still serves a real station, every ballot it stored
//! verifies, and its audit chain is whole.
//!
//! Seeds: real requests made at run time (a join check, a join, a signed ballot) and the
//! corpus in `tests/corpus/handlers/` (one JSON body per file). Mutations are aware of JSON
//! (change a value's type, drop or add a key, huge numbers, long strings, deep nesting) or
//! plain bytes.
//!
//! Runs for `PANELIS_FUZZ_SECS` seconds (default 3); longer:
//! `PANELIS_FUZZ_SECS=600 cargo test -p panelis-lan --release --test handler_fuzz -- --nocapture`
//! (the seed is printed; repeat a run with `PANELIS_FUZZ_SEED`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;

#[path = "../../panelis-core/tests/support/fuzz.rs"]
mod fuzz;
use fuzz::{budget, Rng};

use axum::http::Method;
use common::{form, Venue};
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::signing::{public_key_hex, verify_ballot};
use panelis_core::model::Signer;
use panelis_lan::client::{Connection, HostClient};
use panelis_lan::host::{Host, HostConfig};
use panelis_lan::invite::sign_proof;
use panelis_lan::station::Station;
use panelis_lan::wire::{BallotPost, ErrorBody, API};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A value of some other kind, picked to upset a parser or a check.
fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(u64::MAX),
        4 => json!(1e308),
        5 => json!(""),
        6 => json!("x".repeat(rng.below(70_000))),
        7 => json!("00000000-0000-0000-0000-000000000000"),
        8 => json!([1, 2, 3]),
        9 => json!({}),
        10 => json!("ÄÖÜ\u{0}\u{202e}ß"),
        _ => {
            // Deep nesting.
            let mut v = json!(0);
            for _ in 0..rng.below(200) {
                v = json!([v]);
            }
            v
        }
    }
}

/// One JSON-aware mutation somewhere in `v`.
fn mutate_value(rng: &mut Rng, v: &mut Value, depth: usize) {
    match v {
        Value::Object(map) if !map.is_empty() && depth < 8 => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(5) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(format!("{key}_{}", rng.below(9)), odd_value(rng));
                }
                2 => {
                    map.insert(key, odd_value(rng));
                }
                _ => mutate_value(rng, map.get_mut(&key).unwrap(), depth + 1),
            }
        }
        Value::Array(items) if !items.is_empty() && depth < 8 => match rng.below(4) {
            0 => {
                items.remove(rng.below(items.len()));
            }
            1 => {
                let i = rng.below(items.len());
                let copy = items[i].clone();
                items.push(copy);
            }
            _ => {
                let i = rng.below(items.len());
                mutate_value(rng, &mut items[i], depth + 1);
            }
        },
        Value::Number(_) => {
            *v = match rng.below(4) {
                0 => json!(0),
                1 => json!(i64::MIN),
                2 => json!(rng.next() as i64 % 1000),
                _ => odd_value(rng),
            }
        }
        Value::String(s) if !s.is_empty() && rng.below(2) == 0 => {
            // Change one character: a near miss of an id, a code, a signature.
            let mut chars: Vec<char> = s.chars().collect();
            let i = rng.below(chars.len());
            chars[i] = *rng.pick(&['0', 'f', 'Z', '-', '"', '\\', 'é']);
            *v = Value::String(chars.into_iter().collect());
        }
        _ => *v = odd_value(rng),
    }
}

/// A body: a mutated seed, as JSON or as bytes.
fn body(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let seed = rng.pick(seeds);
    match rng.below(10) {
        0 => (0..rng.below(512)).map(|_| rng.next() as u8).collect(),
        1 | 2 => {
            let mut bytes = seed.clone();
            for _ in 0..1 + rng.below(6) {
                if bytes.is_empty() {
                    break;
                }
                let i = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[i] ^= 1 << rng.below(8),
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i, *rng.pick(b"{}[]\",:\\0\xff")),
                }
            }
            bytes
        }
        _ => match serde_json::from_slice::<Value>(seed) {
            Ok(mut v) => {
                for _ in 0..1 + rng.below(3) {
                    mutate_value(rng, &mut v, 0);
                }
                serde_json::to_vec(&v).unwrap()
            }
            Err(_) => seed.clone(),
        },
    }
}

/// The corpus kept in the repository.
fn corpus() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/handlers");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| std::fs::read(f.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no corpus in {}", dir.display());
    seeds
}

/// Counts the panics of any thread (the host's tasks run in this process).
fn count_panics() -> Arc<AtomicUsize> {
    let panics = Arc::new(AtomicUsize::new(0));
    let seen = panics.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    panics
}

/// The request as sent, for a failure message: method, path, which token, the other
/// headers and the body (its start, when long).
fn request_text(
    method: &Method,
    path: &str,
    token: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> String {
    let mut out = format!("{method} {path}\ntoken: {token}\n");
    for (name, value) in headers.iter().filter(|(n, _)| *n != "authorization") {
        out += &format!("{name}: {value}\n");
    }
    out += &format!(
        "body ({} bytes): {}",
        body.len(),
        String::from_utf8_lossy(&body[..body.len().min(4000)])
    );
    out
}

async fn connection(client: &HostClient) -> Connection {
    for _ in 0..50 {
        if let Ok(c) = client.connect().await {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the host stopped taking connections");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutated_requests_get_an_answer_or_a_refusal_and_never_hurt_the_host() {
    let panics = count_panics();
    let venue = Venue::new(3, 4);
    let mut config: HostConfig = venue.host_config();
    // Guessing limits would answer every join with 429 after a few tries: lift them so the
    // join handlers see the mutated bodies.
    config.limits.join_failures_per_address = usize::MAX;
    config.limits.join_failures_overall = usize::MAX;
    let host = Host::start(config).await.unwrap();
    let (a, c) = (venue.panelists[0].id, venue.panelists[2].id);
    let station = Station::join(
        venue.station_config("a"),
        &host.invite(a).await.unwrap().target,
        "A",
    )
    .await
    .unwrap();
    let other = Station::join(
        venue.station_config("c"),
        &host.invite(c).await.unwrap().target,
        "C",
    )
    .await
    .unwrap();
    let snapshot = station.snapshot().unwrap();
    station
        .submit(venue.entries[1].id, &form(&snapshot, 70))
        .unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    let sent = station.outbox().unwrap().remove(0).ballot;

    // Seeds made now: they carry this run's ids, a live code and a real signature.
    let invite = host.invite(venue.panelists[1].id).await.unwrap();
    let key = Keystore::new(venue.dir.path().join("fuzz-keys"))
        .key(Signer::Panelist, venue.panelists[1].id)
        .unwrap();
    let mut seeds = corpus();
    seeds.push(serde_json::to_vec(&json!({ "code": invite.target.code })).unwrap());
    seeds.push(
        serde_json::to_vec(&json!({
            "code": invite.target.code,
            "public_key": public_key_hex(&key.verifying_key()),
            "proof": sign_proof(&key, &invite.target.code, &invite.target.fingerprint),
            "station_name": "Laptop fuzz",
        }))
        .unwrap(),
    );
    let mut next = sent.clone();
    next.revision += 1;
    seeds.push(
        serde_json::to_vec(&BallotPost {
            competition_id: snapshot.competition_id,
            panelist_id: a,
            ballot: next,
        })
        .unwrap(),
    );
    seeds.push(serde_json::to_vec(&json!({ "stations": [{ "name": "x" }], "count": 3 })).unwrap());

    let token_a = station.joined().token;
    let token_c = other.joined().token;
    let mut near = token_a.clone().into_bytes();
    near[0] = if near[0] == b'0' { b'1' } else { b'0' };
    let near = String::from_utf8(near).unwrap();
    // Each with its name for a failure message.
    let tokens = [
        ("none", None),
        ("station A's", Some(token_a.as_str())),
        ("station C's", Some(token_c.as_str())),
        ("one character off A's", Some(near.as_str())),
        ("made up", Some("x")),
    ];
    let routes: [(Method, &str); 9] = [
        (Method::POST, "/join/check"),
        (Method::POST, "/join"),
        (Method::GET, "/competition"),
        (Method::GET, "/ballots"),
        (Method::POST, "/ballots"),
        (Method::POST, "/ballots"),
        (Method::GET, "/live"),
        (Method::POST, "/loadtest"),
        (Method::DELETE, "/loadtest"),
    ];
    let odd_paths = [
        "/../ballots",
        "/ballots?x=%ff",
        "//join",
        "/ballots/1",
        "/%00",
        "/live/",
    ];

    let client = HostClient::new(host.local_addr(), host.fingerprint())
        .unwrap()
        .with_timeout(Duration::from_secs(5));
    let mut conn = connection(&client).await;
    let mut rng = Rng::seeded("handler fuzz");
    let mut runs = 0usize;
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let started = Instant::now();
    while started.elapsed() < budget() || runs < 50 {
        runs += 1;
        let (method, route) = rng.pick(&routes).clone();
        let path = if rng.below(12) == 0 {
            format!("{API}{}", rng.pick(&odd_paths))
        } else {
            format!("{API}{route}")
        };
        let (token_name, token) = *rng.pick(&tokens);
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(b) = &bearer {
            headers.push(("authorization", b));
        }
        if rng.below(20) == 0 {
            headers.push(("content-length", "99999999"));
        }
        let bytes = if method == Method::GET && rng.below(2) == 0 {
            Vec::new()
        } else {
            body(&mut rng, &seeds)
        };
        if conn.is_closed() {
            conn = connection(&client).await;
        }
        let answer = conn
            .raw(method.clone(), &path, &headers, bytes.clone())
            .await;
        let (status, reply) = match answer {
            Ok(pair) => pair,
            Err(e) => {
                // The host may close a connection after a refused body; a hang is a bug.
                let text = e.to_string();
                assert!(
                    !text.contains("no answer in time"),
                    "{method} {path}: {text}"
                );
                conn = connection(&client).await;
                continue;
            }
        };
        *by_status.entry(status).or_default() += 1;
        assert!(
            status < 500,
            "request {runs} answered {status}\n--- sent ---\n{}\n--- answer ---\n{}",
            request_text(&method, &path, token_name, &headers, &bytes),
            String::from_utf8_lossy(&reply[..reply.len().min(4000)])
        );
        if status >= 400 {
            let refusal: Result<ErrorBody, _> = serde_json::from_slice(&reply);
            assert!(
                refusal.is_ok(),
                "{method} {path} {status}: a refusal without its code: {}",
                String::from_utf8_lossy(&reply)
            );
        }
    }
    eprintln!(
        "handler fuzz: {runs} requests in {:?}; answers by status: {by_status:?}",
        started.elapsed()
    );

    // The host is whole: it serves a real station, and what it stored verifies.
    station
        .submit(venue.entries[2].id, &form(&snapshot, 75))
        .unwrap();
    assert!(
        station.wait_until_sent(Duration::from_secs(10)).await,
        "the host stopped serving the real station"
    );
    let store = venue.store();
    assert_eq!(
        store.verify_audit().unwrap(),
        None,
        "the audit chain is broken"
    );
    // Whoever signed in this test: A and C in their station folders, B with the seed key.
    let keys = [
        (a, "a/keys"),
        (c, "c/keys"),
        (venue.panelists[1].id, "fuzz-keys"),
    ];
    let mut verified = 0;
    for b in store.counted_ballots().unwrap() {
        let (_, folder) = keys.iter().find(|(p, _)| *p == b.panelist_id).unwrap();
        let key = Keystore::new(venue.dir.path().join(folder))
            .key(Signer::Panelist, b.panelist_id)
            .unwrap();
        assert_eq!(
            verify_ballot(&b, snapshot.competition_id, &key.verifying_key()),
            Ok(()),
            "a stored ballot does not verify: {b:?}"
        );
        verified += 1;
    }
    assert!(verified >= 2);
    assert_eq!(panics.load(Ordering::SeqCst), 0, "the host panicked");
    host.stop().await;
}

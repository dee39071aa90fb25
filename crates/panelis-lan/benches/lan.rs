//! The LAN benchmark, on loopback, host and simulated stations in one process:
//!
//! 1. Load: 200 stations x 50 ballots, each station on its own TLS connection, as fast as
//!    the host acknowledges (every ballot verified and durably written): throughput, round
//!    trip p50/p99, and ballots lost (asked of the host at the end; must be 0).
//! 2. Round trip: one station sending ballots one after another, beside two floors: a bare
//!    WebSocket echo of a ballot-sized message over the same TLS setup (same certificate,
//!    same rustls configuration, same HTTP/1.1 server stack), and the same echo making one
//!    durable SQLite insert with the competition file's pragmas before it answers (the floor
//!    that compares like with like): p50/p99 and the ratios.
//! 3. Timer fan-out: 200 stations on the live WebSocket; the delay from the host's timer
//!    transition (committed to the competition file) to each station's receipt: p50/p99.
//!
//! Run with `cargo bench -p panelis-lan --bench lan` (release build). Prints a table.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use panelis_core::timer::Command;
use panelis_lan::client::HostClient;
use panelis_lan::host::{Host, HostConfig};
use panelis_lan::identity::HostIdentity;
use panelis_lan::loadgen::{self, LoadOptions};
use panelis_lan::wire::{BallotPost, HostMessage, Snapshot, API};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message as ClientMessage;
use tower::ServiceExt;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Per station, the live states received: (sequence, instant).
type Receipts = Arc<Mutex<Vec<Vec<(u64, Instant)>>>>;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// A bare WebSocket echo served exactly as the host serves: same certificate and rustls
/// configuration, hyper HTTP/1.1 with upgrades, axum's WebSocket. With `durable`, each
/// message is first written as one row, in its own transaction, to an SQLite file there
/// opened with the competition file's pragmas (`durable_pragmas`): the floor of a ballot
/// that must be on disk before it is acknowledged.
async fn echo_server(
    identity: &HostIdentity,
    durable: Option<std::path::PathBuf>,
) -> Result<std::net::SocketAddr, Error> {
    let tls = tokio_rustls::TlsAcceptor::from(panelis_lan::tls::server_config(identity)?);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = Router::new().route(
        &format!("{API}/live"),
        get(move |ws: WebSocketUpgrade| async move {
            ws.on_upgrade(move |mut socket: WebSocket| async move {
                let mut file = match durable.as_deref().map(durable_table).transpose() {
                    Ok(file) => file,
                    Err(e) => {
                        eprintln!("durable echo: {e}");
                        return;
                    }
                };
                while let Some(Ok(message)) = socket.recv().await {
                    if let Message::Text(text) = &message {
                        if let Some(conn) = file.as_mut() {
                            if let Err(e) = insert_durably(conn, text.as_str()) {
                                eprintln!("durable echo: {e}");
                                break;
                            }
                        }
                        if socket.send(message).await.is_err() {
                            break;
                        }
                    }
                }
            })
        }),
    );
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let _ = tcp.set_nodelay(true);
            let (tls, router) = (tls.clone(), router.clone());
            tokio::spawn(async move {
                let Ok(stream) = tls.accept(tcp).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |r| router.clone().oneshot(r));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades()
                    .await;
            });
        }
    });
    Ok(addr)
}

/// The durable echo's file: the competition file's pragmas, one table of messages.
fn durable_table(path: &std::path::Path) -> Result<rusqlite::Connection, Error> {
    let conn = rusqlite::Connection::open(path)?;
    panelis_core::store::durable_pragmas(&conn)?;
    conn.execute_batch("CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, body TEXT)")?;
    Ok(conn)
}

/// One message written and committed before it is echoed.
fn insert_durably(conn: &mut rusqlite::Connection, body: &str) -> Result<(), Error> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO messages VALUES (?1, ?2)",
        rusqlite::params![uuid::Uuid::now_v7().to_string(), body],
    )?;
    tx.commit()?;
    Ok(())
}

/// Round trips of a ballot-sized text message on the echo.
async fn echo_round_trips(
    addr: std::net::SocketAddr,
    identity: &HostIdentity,
    message: String,
    n: usize,
) -> Result<Vec<Duration>, Error> {
    let client = HostClient::new(addr, identity.fingerprint())?;
    let mut socket = client.websocket("echo").await?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        socket
            .send(ClientMessage::Text(message.clone().into()))
            .await?;
        loop {
            match socket.next().await {
                Some(Ok(ClientMessage::Text(_))) => break,
                Some(Ok(_)) => continue,
                _ => return Err("echo closed".into()),
            }
        }
        out.push(started.elapsed());
    }
    Ok(out)
}

async fn run() -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.panelis");
    drop(panelis_core::demo::create(&db)?);
    let mut config = HostConfig::new(
        db.clone(),
        dir.path().join("identity"),
        "127.0.0.1:0".parse()?,
    );
    config.advertise = false;
    config.loadtest = true;
    config.limits.max_connections = 4096;
    let host = Host::start(config).await?;
    let token = host
        .loadtest_token()
        .ok_or("no load-test token")?
        .to_string();
    let identity = HostIdentity::load_or_create(&dir.path().join("identity"))?;
    println!("Panelis LAN benchmark: loopback, host and stations in one process");
    println!(
        "machine: {} logical CPUs, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::OS
    );
    println!();

    // 1. Load.
    let load = loadgen::run(&LoadOptions {
        addr: host.local_addr(),
        fingerprint: host.fingerprint(),
        token: token.clone(),
        stations: 200,
        ballots: 50,
        timeout: Duration::from_secs(300),
    })
    .await?;
    println!("| figure | value |");
    println!("| --- | --- |");
    println!(
        "| load 200 stations x 50 ballots | sent {}, confirmed {}, lost {}, refused {}, retries {} |",
        load.sent, load.confirmed, load.lost, load.refused, load.retries
    );
    println!(
        "| load throughput | {:.0} ballots/s ({:.1} s) |",
        load.throughput,
        load.elapsed_ms / 1000.0
    );
    println!(
        "| load round trip | p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms |",
        load.p50_ms, load.p99_ms, load.max_ms
    );

    // 2. Round trip beside the bare echo.
    let n = 1000;
    let ballot = loadgen::run(&LoadOptions {
        addr: host.local_addr(),
        fingerprint: host.fingerprint(),
        token: token.clone(),
        stations: 1,
        ballots: n,
        timeout: Duration::from_secs(300),
    })
    .await?;
    let sample = sample_message(&host, &token).await?;
    let echo_addr = echo_server(&identity, None).await?;
    let mut echo = echo_round_trips(echo_addr, &identity, sample.clone(), n).await?;
    echo.sort();
    let (e50, e99) = (percentile(&echo, 0.5), percentile(&echo, 0.99));
    let durable_addr = echo_server(&identity, Some(dir.path().join("durable-echo.sqlite"))).await?;
    let mut durable = echo_round_trips(durable_addr, &identity, sample.clone(), n).await?;
    durable.sort();
    let (d50, d99) = (percentile(&durable, 0.5), percentile(&durable, 0.99));
    println!(
        "| ballot round trip (1 station, {n} in a row; verified + durable write) | p50 {:.3} ms, p99 {:.3} ms |",
        ballot.p50_ms, ballot.p99_ms
    );
    println!(
        "| floor: bare WebSocket echo, same TLS, {} bytes | p50 {e50:.3} ms, p99 {e99:.3} ms |",
        sample.len()
    );
    println!(
        "| floor: the same echo with one durable SQLite insert (same pragmas) before it answers | p50 {d50:.3} ms, p99 {d99:.3} ms |"
    );
    println!(
        "| ratio ballot / echo | p50 {:.1}x, p99 {:.1}x |",
        ballot.p50_ms / e50,
        ballot.p99_ms / e99
    );
    println!(
        "| ratio ballot / durable echo (aim at most 1.5x) | p50 {:.2}x, p99 {:.2}x |",
        ballot.p50_ms / d50,
        ballot.p99_ms / d99
    );
    let mut core = core_work(&dir.path().join("core-work.panelis"), n)?;
    core.sort();
    println!(
        "| of which the host's work in the core (judge and store the ballot with its audit event, read the audit head), {n} ballots | p50 {:.3} ms, p99 {:.3} ms |",
        percentile(&core, 0.5),
        percentile(&core, 0.99)
    );

    // 3. Timer fan-out.
    let (p50, p99, max, transitions) = fan_out(&host, &db, &token, 200).await?;
    println!(
        "| timer fan-out to 200 stations ({transitions} transitions) | p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms |"
    );
    host.stop().await;
    Ok(())
}

/// The host's own work on each of `n` ballots, in the core alone, on a demo file of its own:
/// what `POST /ballots` asks of the store once the station is authenticated (judging and
/// storing the ballot with its audit event, then the audit head its answer carries). The
/// rest of the round trip is TLS, HTTP, JSON and the async hand-over to a blocking thread.
fn core_work(path: &std::path::Path, n: usize) -> Result<Vec<Duration>, Error> {
    let mut store = panelis_core::demo::create(path)?;
    let competition = store.competition()?;
    let panelist = store.panelists()?.into_iter().next().ok_or("no panelist")?;
    let conflicted: Vec<uuid::Uuid> = store
        .conflicts()?
        .into_iter()
        .filter(|c| c.panelist_id == panelist.id)
        .map(|c| c.entry_id)
        .collect();
    let entries: Vec<_> = store
        .entries()?
        .into_iter()
        .filter(|e| !conflicted.contains(&e.id))
        .collect();
    let snapshot = Snapshot {
        competition_id: competition.id,
        competition_name: competition.name,
        panelist: panelist.clone(),
        rubric: store.rubric()?,
        entries: entries.clone(),
        conflicts: Vec::new(),
        finalized: Vec::new(),
        version: String::new(),
        venue_clock: None,
    };
    let key = ed25519_dalek::SigningKey::generate(&mut rand_core::OsRng);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let entry = &entries[i % entries.len()];
        let revision = (i / entries.len()) as u32 + 1;
        let ballot = loadgen::make_ballot(&snapshot, &key, panelist.id, entry.id, revision, 80)?;
        let started = Instant::now();
        let verdict = store.receive_ballot(panelist.id, &key.verifying_key(), &ballot)?;
        store.audit_head()?;
        out.push(started.elapsed());
        if verdict != panelis_core::ballot::judge::Verdict::Accept {
            return Err(format!("ballot {i} not accepted: {verdict:?}").into());
        }
    }
    Ok(out)
}

/// A ballot post as a station sends it, for the echo's message size.
async fn sample_message(host: &Host, token: &str) -> Result<String, Error> {
    let client = HostClient::new(host.local_addr(), host.fingerprint())?;
    let stations = loadgen::open_stations(&client, token, 1).await?;
    let station = stations.first().ok_or("no station")?;
    let snapshot: Snapshot = client
        .connect()
        .await?
        .call(
            axum::http::Method::GET,
            &format!("{API}/competition"),
            Some(&station.grant.token),
            None::<&()>,
        )
        .await?;
    let entry = snapshot.entries.first().ok_or("no entry")?.id;
    let ballot = loadgen::make_ballot(
        &snapshot,
        &station.key,
        station.grant.panelist_id,
        entry,
        1,
        80,
    )?;
    loadgen::close_stations(&client, token).await?;
    Ok(serde_json::to_string(&BallotPost {
        competition_id: snapshot.competition_id,
        panelist_id: station.grant.panelist_id,
        ballot,
    })?)
}

/// Connects `n` stations to the live socket, runs timer transitions, and measures each
/// station's receipt after the transition was committed.
async fn fan_out(
    host: &Host,
    db: &std::path::Path,
    token: &str,
    n: usize,
) -> Result<(f64, f64, f64, usize), Error> {
    let client = HostClient::new(host.local_addr(), host.fingerprint())?;
    let stations = loadgen::open_stations(&client, token, n).await?;
    // Each station's receipts: (live seq, instant).
    let receipts: Receipts = Arc::new(Mutex::new(vec![Vec::new(); n]));
    let mut tasks = Vec::new();
    for (i, s) in stations.iter().enumerate() {
        let mut socket = client.websocket(&s.grant.token).await?;
        let receipts = receipts.clone();
        tasks.push(tokio::spawn(async move {
            while let Some(Ok(message)) = socket.next().await {
                let at = Instant::now();
                if let ClientMessage::Text(text) = message {
                    if let Ok(HostMessage::Live(state)) = serde_json::from_str(&text) {
                        if let Ok(mut r) = receipts.lock() {
                            r[i].push((state.seq, at));
                        }
                    }
                }
            }
        }));
    }
    // Wait until every station has its first state.
    let ready = Instant::now();
    while receipts
        .lock()
        .is_ok_and(|r| r.iter().any(|v| v.is_empty()))
    {
        if ready.elapsed() > Duration::from_secs(30) {
            return Err("stations did not all connect".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let store = Arc::new(Mutex::new(panelis_core::Store::open(db)?));
    let slot = store.lock().map_err(|_| "lock")?.slots()?[0].id;
    let mut commands = vec![Command::Start];
    for i in 0..19 {
        commands.push(if i % 2 == 0 {
            Command::Pause
        } else {
            Command::Resume
        });
    }
    let mut delays = Vec::new();
    for command in &commands {
        let before = host.live().seq;
        let store2 = store.clone();
        let command = *command;
        tokio::task::spawn_blocking(move || {
            store2
                .lock()
                .map_err(|_| "lock".to_string())?
                .timer_command(slot, command, panelis_core::time::now())
                .map_err(|e| e.to_string())
        })
        .await??;
        let committed = Instant::now();
        host.notify_changed();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got: Vec<Option<Instant>> = receipts
                .lock()
                .map_err(|_| "lock")?
                .iter()
                .map(|r| r.iter().find(|(seq, _)| *seq > before).map(|(_, at)| *at))
                .collect();
            if got.iter().all(Option::is_some) {
                delays.extend(
                    got.into_iter()
                        .flatten()
                        .map(|at| at.saturating_duration_since(committed)),
                );
                break;
            }
            if Instant::now() > deadline {
                return Err("a station missed a transition".into());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for t in tasks {
        t.abort();
    }
    loadgen::close_stations(&client, token).await?;
    delays.sort();
    Ok((
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
        delays.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        commands.len(),
    ))
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run()) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

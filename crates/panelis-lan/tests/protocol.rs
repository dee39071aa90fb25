//! Refusals below any request the host could answer with a code: raw TCP and TLS
//! connections sending what is not TLS, a head too large (headers, their count, the URL), an
//! HTTP/2 preface, headers dribbled too slowly, nothing at all, a silent live socket. Each
//! is closed within its bound and leaves one `connection_refused` line with its code in
//! `host.log`; a kept-alive connection going quiet after its answers leaves none.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;

use axum::http::Method;
use common::Venue;
use panelis_lan::client::HostClient;
use panelis_lan::host::{Host, HostConfig};
use panelis_lan::station::Station;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// The handshake (and header) time and the live socket's idle limit in these tests.
const LIMIT: Duration = Duration::from_millis(300);

async fn host() -> (Venue, Host, HostClient) {
    let venue = Venue::new(2, 1);
    let mut config: HostConfig = venue.host_config();
    config.limits.handshake_timeout = LIMIT;
    config.limits.socket_idle = LIMIT;
    let host = Host::start(config).await.unwrap();
    let client = HostClient::new(host.local_addr(), host.fingerprint())
        .unwrap()
        .with_timeout(Duration::from_secs(2));
    (venue, host, client)
}

/// Reads until the host closes (end of stream or an error such as a reset), at most 3 s;
/// what came, and how long the host took.
async fn until_closed(stream: &mut (impl AsyncRead + Unpin)) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let read = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(3), read)
        .await
        .expect("the host closes the connection within 3 s");
    (got, started.elapsed())
}

/// The `connection_refused` lines of the log with this code (waits up to 2 s for one: the
/// host logs as it drops the connection).
async fn logged(host: &Host, code: &str) -> Vec<String> {
    let needle = format!("\"code\":\"{code}\"");
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let log = std::fs::read_to_string(host.log_path()).unwrap_or_default();
        let lines: Vec<String> = log
            .lines()
            .filter(|l| l.contains("\"kind\":\"connection_refused\"") && l.contains(&needle))
            .map(str::to_owned)
            .collect();
        if !lines.is_empty() || Instant::now() > deadline {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every `connection_refused` line so far.
fn refused_lines(host: &Host) -> Vec<String> {
    std::fs::read_to_string(host.log_path())
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"kind\":\"connection_refused\""))
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_not_tls_is_dropped_with_tls_failed_and_a_silent_client_with_tls_timeout() {
    let (_venue, host, client) = host().await;

    // Plain HTTP on the TLS port, as a browser typed http://.
    let mut tcp = client.tcp().await.unwrap();
    tcp.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let (got, took) = until_closed(&mut tcp).await;
    assert!(!got.starts_with(b"HTTP/"), "answered as HTTP: {got:?}");
    assert!(took < Duration::from_secs(1), "{took:?}");

    // A TLS record header announcing a handshake, then garbage.
    let mut tcp = client.tcp().await.unwrap();
    let mut record = vec![0x16, 0x03, 0x01, 0x00, 0x40];
    record.extend_from_slice(&[0xAB; 0x40]);
    tcp.write_all(&record).await.unwrap();
    let (_, took) = until_closed(&mut tcp).await;
    assert!(took < Duration::from_secs(1), "{took:?}");
    let lines = logged(&host, "tls_failed").await;
    assert_eq!(lines.len(), 2, "one line per bad payload: {lines:#?}");
    assert!(lines.iter().all(|l| l.contains("TLS handshake failed")));

    // A TCP connection that never says hello.
    let mut tcp = client.tcp().await.unwrap();
    let (_, took) = until_closed(&mut tcp).await;
    assert!(took >= LIMIT && took < LIMIT * 4, "{took:?}");
    let lines = logged(&host, "tls_timeout").await;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("not finished in time"), "{}", lines[0]);
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_too_large_is_answered_and_dropped_with_head_too_large() {
    let (_venue, host, client) = host().await;

    // Too many headers, in a head small enough to be read whole: answered 431, closed.
    let mut tls = client.tls().await.unwrap();
    let mut request = b"GET / HTTP/1.1\r\nhost: x\r\n".to_vec();
    for i in 0..150 {
        request.extend_from_slice(format!("x-{i}: y\r\n").as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    tls.write_all(&request).await.unwrap();
    let (got, _) = until_closed(&mut tls).await;
    let answer = String::from_utf8_lossy(&got);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");

    // One header of 40 KiB (the host reads 32 KiB of head), and a URL of 40 KiB: closed
    // (answered 431 when the answer beats the reset of the unread rest).
    for request in [
        format!(
            "GET / HTTP/1.1\r\nhost: x\r\nx-pad: {}\r\n\r\n",
            "a".repeat(40 << 10)
        ),
        format!("GET /{} HTTP/1.1\r\nhost: x\r\n\r\n", "a".repeat(40 << 10)),
    ] {
        let mut tls = client.tls().await.unwrap();
        let _ = tls.write_all(request.as_bytes()).await;
        let (got, took) = until_closed(&mut tls).await;
        assert!(took < Duration::from_secs(1), "{took:?}");
        let answer = String::from_utf8_lossy(&got);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
            "{answer}"
        );
    }
    let lines = logged(&host, "head_too_large").await;
    assert_eq!(lines.len(), 3, "one line per oversized head: {lines:#?}");

    // A request line that is not HTTP: answered 400, closed, logged.
    let mut tls = client.tls().await.unwrap();
    tls.write_all(b"GET / HTTX/9\r\n\r\n").await.unwrap();
    let (got, _) = until_closed(&mut tls).await;
    assert!(got.starts_with(b"HTTP/1.1 400"), "{got:?}");
    assert_eq!(logged(&host, "bad_request_head").await.len(), 1);
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http2_preface_is_dropped_with_http2_preface() {
    let (_venue, host, client) = host().await;
    let mut tls = client.tls().await.unwrap();
    let mut preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    preface.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]); // an empty SETTINGS frame
    tls.write_all(&preface).await.unwrap();
    let (got, took) = until_closed(&mut tls).await;
    assert!(
        got.is_empty(),
        "answered: {:?}",
        String::from_utf8_lossy(&got)
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
    let lines = logged(&host, "http2_preface").await;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("HTTP/1.1 only"), "{}", lines[0]);
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_dribbled_past_the_time_are_dropped_with_headers_too_slow() {
    let (_venue, host, client) = host().await;
    let tls = client.tls().await.unwrap();
    let (mut read, mut write) = tokio::io::split(tls);
    // A header line every 50 ms, for up to 3 s: each byte in time, the whole head not.
    let dribble = tokio::spawn(async move {
        if write
            .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n")
            .await
            .is_err()
        {
            return;
        }
        for i in 0..60 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let line = format!("x-{i}: y\r\n");
            if write.write_all(line.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    let (got, took) = until_closed(&mut read).await;
    dribble.abort();
    assert!(
        got.is_empty(),
        "answered: {:?}",
        String::from_utf8_lossy(&got)
    );
    assert!(took >= LIMIT && took < LIMIT * 4, "{took:?}");
    let lines = logged(&host, "headers_too_slow").await;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(logged(&host, "idle_connection").await.len(), 0);
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_tls_connection_is_dropped_with_idle_connection_and_a_kept_alive_one_is_not_logged()
{
    let (_venue, host, client) = host().await;

    // TLS, then nothing.
    let mut tls = client.tls().await.unwrap();
    let (got, took) = until_closed(&mut tls).await;
    assert!(got.is_empty());
    assert!(took >= LIMIT && took < LIMIT * 4, "{took:?}");
    let lines = logged(&host, "idle_connection").await;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("nothing sent"), "{}", lines[0]);

    // A connection that was answered and then goes quiet is closed as well, but it is how
    // kept-alive connections end: no refusal.
    let before = refused_lines(&host).len();
    let mut conn = client.connect().await.unwrap();
    let (status, _) = conn.raw(Method::GET, "/", &[], vec![]).await.unwrap();
    assert_eq!(status, 404);
    tokio::time::timeout(Duration::from_secs(3), conn.closed())
        .await
        .expect("a quiet kept-alive connection is closed at the header time");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        refused_lines(&host).len(),
        before,
        "{:#?}",
        refused_lines(&host)
    );
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_live_socket_is_closed_with_idle_socket() {
    let (venue, host, client) = host().await;
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    let station = Station::join(venue.station_config("a"), &invite.target, "A")
        .await
        .unwrap();
    let token = station.joined().token;
    station.close().await;

    // The live socket of a real token, which never pings.
    let socket = client.websocket(&token).await.unwrap();
    let mut tls = socket.into_inner();
    let (_, took) = until_closed(&mut tls).await;
    assert!(took < Duration::from_secs(2), "{took:?}");
    let lines = logged(&host, "idle_socket").await;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("silent"), "{}", lines[0]);
    host.stop().await;
}

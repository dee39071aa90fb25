//! Why the host drops a connection outside any request it could answer with a
//! [`RejectCode`](crate::error::RejectCode): the limits, TLS, an HTTP head it cannot read
//! (too large, an HTTP/2 preface, malformed), one that comes too slowly, a connection that
//! never sends anything. Each reason has one stable code; the host logs each drop with it.

use serde::{Deserialize, Serialize};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Why a connection was dropped. Logged as `{"kind":"connection_refused","code":...}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionRefusal {
    /// The host holds as many connections as it takes.
    ConnectionLimit,
    /// This address holds as many connections as one address may.
    AddressLimit,
    /// The TLS handshake failed: not TLS (plain HTTP, garbage), a bad TLS record, or the
    /// client broke it off (a station reading the certificate to check a typed pin does).
    TlsFailed,
    /// The TLS handshake did not finish within the handshake time (a client that never says
    /// hello, or says it slowly).
    TlsTimeout,
    /// The client spoke HTTP/2 (its connection preface); the host speaks HTTP/1.1 only.
    Http2Preface,
    /// The request line or headers are larger than the host reads (a long URL, huge or too
    /// many headers). Answered 431, then closed.
    HeadTooLarge,
    /// The request line or headers are not HTTP/1.1. Answered 400, then closed.
    BadRequestHead,
    /// The request headers did not all come within the handshake time (slowloris).
    HeadersTooSlow,
    /// A TLS connection that sent nothing at all within the handshake time.
    IdleConnection,
    /// A station's live socket said nothing for longer than the idle limit.
    IdleSocket,
    /// A code this build does not know (a newer host's log).
    #[serde(other)]
    Unknown,
}

impl ConnectionRefusal {
    /// The stable code, as in the log.
    pub fn code(self) -> &'static str {
        match self {
            ConnectionRefusal::ConnectionLimit => "connection_limit",
            ConnectionRefusal::AddressLimit => "address_limit",
            ConnectionRefusal::TlsFailed => "tls_failed",
            ConnectionRefusal::TlsTimeout => "tls_timeout",
            ConnectionRefusal::Http2Preface => "http2_preface",
            ConnectionRefusal::HeadTooLarge => "head_too_large",
            ConnectionRefusal::BadRequestHead => "bad_request_head",
            ConnectionRefusal::HeadersTooSlow => "headers_too_slow",
            ConnectionRefusal::IdleConnection => "idle_connection",
            ConnectionRefusal::IdleSocket => "idle_socket",
            ConnectionRefusal::Unknown => "unknown",
        }
    }

    /// Why hyper ended a connection, when it is a refusal: `None` for a connection that
    /// ended as connections do (closed by the client, cut off, a kept-alive connection
    /// unused past the header time after its requests were answered).
    ///
    /// `meter` tells a connection that never sent a byte from one whose head came too
    /// slowly, and a kept-alive connection gone quiet from both.
    pub(crate) fn of_http(error: &hyper::Error, meter: &Meter) -> Option<ConnectionRefusal> {
        if error.is_parse_version_h2() {
            Some(ConnectionRefusal::Http2Preface)
        } else if error.is_parse_too_large() {
            Some(ConnectionRefusal::HeadTooLarge)
        } else if error.is_parse() {
            Some(ConnectionRefusal::BadRequestHead)
        } else if error.is_timeout() {
            match (meter.answered(), meter.unanswered_bytes()) {
                (false, 0) => Some(ConnectionRefusal::IdleConnection),
                (true, 0) => None,
                _ => Some(ConnectionRefusal::HeadersTooSlow),
            }
        } else {
            None
        }
    }
}

impl std::fmt::Display for ConnectionRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What one connection has read: bytes in all, and the count when its last request was
/// answered (`u64::MAX` before any).
#[derive(Debug)]
pub(crate) struct Meter {
    read: AtomicU64,
    at_answer: AtomicU64,
}

impl Meter {
    pub fn new() -> Arc<Meter> {
        Arc::new(Meter {
            read: AtomicU64::new(0),
            at_answer: AtomicU64::new(u64::MAX),
        })
    }

    /// Marks a request answered: what was read so far belonged to it.
    pub fn answered_now(&self) {
        self.at_answer
            .store(self.read.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    fn answered(&self) -> bool {
        self.at_answer.load(Ordering::Relaxed) != u64::MAX
    }

    /// Bytes read since the last answer (or since the connection opened).
    fn unanswered_bytes(&self) -> u64 {
        let read = self.read.load(Ordering::Relaxed);
        match self.at_answer.load(Ordering::Relaxed) {
            u64::MAX => read,
            mark => read.saturating_sub(mark),
        }
    }
}

/// A stream that counts what it reads into its [`Meter`].
pub(crate) struct Metered<S> {
    inner: S,
    meter: Arc<Meter>,
}

impl<S> Metered<S> {
    pub fn new(inner: S, meter: Arc<Meter>) -> Self {
        Metered { inner, meter }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Metered<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len().saturating_sub(before) as u64;
        self.meter.read.fetch_add(n, Ordering::Relaxed);
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Metered<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_its_serialized_name() {
        use ConnectionRefusal::*;
        for r in [
            ConnectionLimit,
            AddressLimit,
            TlsFailed,
            TlsTimeout,
            Http2Preface,
            HeadTooLarge,
            BadRequestHead,
            HeadersTooSlow,
            IdleConnection,
            IdleSocket,
            Unknown,
        ] {
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::Value::String(r.code().into()))
            );
        }
        let later: ConnectionRefusal =
            serde_json::from_str("\"a_newer_code\"").unwrap_or(TlsFailed);
        assert_eq!(later, Unknown);
    }

    #[test]
    fn the_meter_tells_idle_from_slow_from_kept_alive() {
        let m = Meter::new();
        assert!(!m.answered());
        assert_eq!(m.unanswered_bytes(), 0);
        m.read.fetch_add(10, Ordering::Relaxed);
        assert_eq!(m.unanswered_bytes(), 10, "a head begun, none answered");
        m.answered_now();
        assert!(m.answered());
        assert_eq!(m.unanswered_bytes(), 0, "kept alive, quiet");
        m.read.fetch_add(3, Ordering::Relaxed);
        assert_eq!(m.unanswered_bytes(), 3, "the next head begun");
    }
}

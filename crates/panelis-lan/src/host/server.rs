//! The accept loop: TCP, the connection limits (overall and per address), the TLS handshake
//! with a time limit, then HTTP/1.1 (with upgrades to WebSocket) into the router. A
//! connection over a limit is dropped at once; a client that does not finish its handshake
//! or its request headers in time, or whose head is too large or not HTTP/1.1, is dropped
//! too; each drop is logged with its [`ConnectionRefusal`] code. Every connection ends when
//! the host stops.

use super::connection::{ConnectionRefusal, Meter, Metered};
use super::routes::Peer;
use super::{HostEvent, Shared};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// A connection's place under the limits; a WebSocket takes it over from its HTTP request.
#[derive(Clone)]
pub(crate) struct ConnectionPermit(#[allow(dead_code)] pub Arc<Places>);

/// The places one connection holds: one overall, one of its address's.
pub(crate) struct Places {
    _overall: OwnedSemaphorePermit,
    _address: AddressPlace,
}

/// Open connections per address. Entries go when their last connection ends, so the map
/// holds at most `max_connections` addresses.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One connection's place among its address's; given back on drop.
struct AddressPlace {
    counts: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    fn take(self: &Arc<Self>, ip: IpAddr, limit: usize) -> Option<AddressPlace> {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = counts.entry(ip).or_insert(0);
        if *n >= limit {
            return None;
        }
        *n += 1;
        Some(AddressPlace {
            counts: self.clone(),
            ip,
        })
    }
}

impl Drop for AddressPlace {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = counts.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

pub(crate) async fn serve(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    router: Router,
    shared: Arc<Shared>,
) {
    let acceptor = TlsAcceptor::from(tls);
    let permits = Arc::new(Semaphore::new(shared.limits.max_connections));
    let per_address = Arc::new(PerAddress::default());
    let mut shutdown = shared.shutdown.clone();
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(_) => {
                    // Out of file descriptors or the like: breathe, then go on.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        let Some(address) = per_address.take(peer.ip(), shared.limits.max_connections_per_address)
        else {
            drop(tcp);
            shared.emit(refused(
                ConnectionRefusal::AddressLimit,
                peer,
                format!(
                    "connection limit of {} per address reached",
                    shared.limits.max_connections_per_address
                ),
            ));
            continue;
        };
        let Ok(overall) = permits.clone().try_acquire_owned() else {
            drop(tcp);
            shared.emit(refused(
                ConnectionRefusal::ConnectionLimit,
                peer,
                format!(
                    "connection limit of {} reached",
                    shared.limits.max_connections
                ),
            ));
            continue;
        };
        let permit = Places {
            _overall: overall,
            _address: address,
        };
        let _ = tcp.set_nodelay(true);
        let (acceptor, router, shared) = (acceptor.clone(), router.clone(), shared.clone());
        tokio::spawn(async move {
            let permit = ConnectionPermit(Arc::new(permit));
            let limit = shared.limits.handshake_timeout;
            let stream = match tokio::time::timeout(limit, acceptor.accept(tcp)).await {
                Ok(Ok(stream)) => stream,
                Ok(Err(e)) => {
                    shared.emit(refused(
                        ConnectionRefusal::TlsFailed,
                        peer,
                        format!("TLS handshake failed: {e}"),
                    ));
                    return;
                }
                Err(_) => {
                    shared.emit(refused(
                        ConnectionRefusal::TlsTimeout,
                        peer,
                        format!(
                            "TLS handshake not finished in time ({} ms)",
                            limit.as_millis()
                        ),
                    ));
                    return;
                }
            };
            let meter = Meter::new();
            let answered = meter.clone();
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(Peer(peer));
                    request.extensions_mut().insert(permit.clone());
                    let (router, answered) = (router.clone(), answered.clone());
                    async move {
                        let response = router.oneshot(request).await;
                        answered.answered_now();
                        response
                    }
                });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limit)
                .max_header_size(shared.limits.max_head_bytes)
                .max_buf_size(shared.limits.max_head_bytes.max(MIN_READ_BUFFER))
                .serve_connection(TokioIo::new(Metered::new(stream, meter.clone())), service)
                .with_upgrades();
            tokio::pin!(connection);
            let mut shutdown = shared.shutdown.clone();
            tokio::select! {
                ended = connection.as_mut() => {
                    if let Err(e) = ended {
                        if let Some(code) = ConnectionRefusal::of_http(&e, &meter) {
                            shared.emit(refused(code, peer, http_reason(code, &e, limit)));
                        }
                    }
                }
                _ = shutdown.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(1), connection).await;
                }
            }
        });
    }
}

/// hyper's floor for its read buffer (it panics on a smaller one). The buffer bounds what
/// is read of a head not yet complete; the head's size is checked once it is.
const MIN_READ_BUFFER: usize = 8192;

fn refused(code: ConnectionRefusal, peer: SocketAddr, reason: String) -> HostEvent {
    HostEvent::ConnectionRefused {
        code,
        peer: peer.to_string(),
        reason,
    }
}

/// The words of an HTTP-level drop, for the log.
fn http_reason(code: ConnectionRefusal, e: &hyper::Error, limit: Duration) -> String {
    match code {
        ConnectionRefusal::HeadersTooSlow => format!(
            "request headers not complete within {} ms",
            limit.as_millis()
        ),
        ConnectionRefusal::IdleConnection => format!(
            "nothing sent within {} ms of the TLS handshake",
            limit.as_millis()
        ),
        ConnectionRefusal::Http2Preface => {
            "HTTP/2 connection preface; this host speaks HTTP/1.1 only".into()
        }
        _ => format!("request head refused: {e}"),
    }
}

//! The accept loop: TCP, the connection limits (overall and per address), the TLS handshake
//! with a time limit, then HTTP/1.1 (with upgrades to WebSocket) into the router. A
//! connection over a limit is dropped at once; a client that does not finish its handshake or its request headers in
//! time is dropped too. Every connection ends when the host stops.

use super::routes::Peer;
use super::{HostEvent, Shared};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::net::IpAddr;
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
            shared.emit(HostEvent::ConnectionRefused {
                peer: peer.to_string(),
                reason: format!(
                    "connection limit of {} per address reached",
                    shared.limits.max_connections_per_address
                ),
            });
            continue;
        };
        let Ok(overall) = permits.clone().try_acquire_owned() else {
            drop(tcp);
            shared.emit(HostEvent::ConnectionRefused {
                peer: peer.to_string(),
                reason: format!(
                    "connection limit of {} reached",
                    shared.limits.max_connections
                ),
            });
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
                    shared.emit(HostEvent::ConnectionRefused {
                        peer: peer.to_string(),
                        reason: format!("TLS handshake failed: {e}"),
                    });
                    return;
                }
                Err(_) => {
                    shared.emit(HostEvent::ConnectionRefused {
                        peer: peer.to_string(),
                        reason: "TLS handshake not finished in time".into(),
                    });
                    return;
                }
            };
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(Peer(peer));
                    request.extensions_mut().insert(permit.clone());
                    router.clone().oneshot(request)
                });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limit)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::pin!(connection);
            let mut shutdown = shared.shutdown.clone();
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = shutdown.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(1), connection).await;
                }
            }
        });
    }
}

//! Talking to a host from a station (or a load generator): TCP, then TLS trusting only the
//! pinned certificate, then HTTP/1.1 on one kept-alive connection, or a WebSocket. Every
//! step has a time limit; every refusal comes back as [`LanError::Refused`] with its code.

use crate::error::{LanError, RejectCode, Result};
use crate::identity::Fingerprint;
use crate::tls::{client_config, CertRefusal, PinnedVerifier};
use crate::wire::{ErrorBody, API};
use axum::http::{header, Method, Request};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::WebSocketStream;

/// The largest answer a station reads.
const MAX_ANSWER: usize = 16 * 1024 * 1024;

/// A WebSocket to the host.
pub type HostSocket = WebSocketStream<TlsStream<TcpStream>>;

/// How to reach one host.
#[derive(Clone)]
pub struct HostClient {
    addr: SocketAddr,
    verifier: Arc<PinnedVerifier>,
    connector: TlsConnector,
    timeout: Duration,
    /// The local address to connect from (tests speak as other machines on loopback).
    source: Option<IpAddr>,
}

impl std::fmt::Debug for HostClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostClient")
            .field("addr", &self.addr)
            .field("pin", &self.verifier.pin())
            .finish()
    }
}

impl HostClient {
    /// A client for the host at `addr` whose certificate has fingerprint `pin`.
    pub fn new(addr: SocketAddr, pin: Fingerprint) -> Result<Self> {
        let verifier = Arc::new(PinnedVerifier::new(pin));
        let connector = TlsConnector::from(client_config(verifier.clone())?);
        Ok(HostClient {
            addr,
            verifier,
            connector,
            timeout: Duration::from_secs(10),
            source: None,
        })
    }

    /// The same, connecting from `source` (a local address: on loopback any 127.x.y.z, so
    /// one test can play several machines).
    pub fn with_source(mut self, source: IpAddr) -> Self {
        self.source = Some(source);
        self
    }

    /// A plain TCP connection to the host, from the chosen source if any.
    pub async fn tcp(&self) -> Result<TcpStream> {
        let connect = async {
            match self.source {
                None => TcpStream::connect(self.addr).await,
                Some(ip) => {
                    let socket = match ip {
                        IpAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
                        IpAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
                    };
                    socket.bind(SocketAddr::new(ip, 0))?;
                    socket.connect(self.addr).await
                }
            }
        };
        tokio::time::timeout(self.timeout, connect)
            .await
            .map_err(|_| LanError::Unreachable(format!("{}: connect timed out", self.addr)))?
            .map_err(|e| LanError::Unreachable(format!("{}: {e}", self.addr)))
    }

    /// The same, with another time limit for each step (connect, handshake, answer).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The host's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The pinned fingerprint.
    pub fn pin(&self) -> Fingerprint {
        self.verifier.pin()
    }

    /// A TLS stream to the host, its certificate checked against the pin.
    pub async fn tls(&self) -> Result<TlsStream<TcpStream>> {
        let tcp = self.tcp().await?;
        let _ = tcp.set_nodelay(true);
        let name = ServerName::IpAddress(self.addr.ip().into());
        let handshake = self.connector.connect(name, tcp);
        match tokio::time::timeout(self.timeout, handshake).await {
            Err(_) => Err(LanError::Unreachable(format!(
                "{}: TLS handshake timed out",
                self.addr
            ))),
            Ok(Ok(stream)) => Ok(stream),
            Ok(Err(e)) => Err(match self.verifier.take_refused() {
                Some(CertRefusal::NotPinned(found)) => LanError::WrongFingerprint {
                    expected: self.verifier.pin(),
                    found,
                },
                Some(CertRefusal::NotSelfSigned { found, reason }) => {
                    LanError::ForgedCertificate { found, reason }
                }
                None => LanError::Unreachable(format!("{}: TLS: {e}", self.addr)),
            }),
        }
    }

    /// The fingerprint of the certificate the host at `addr` presents, learned from a TLS
    /// handshake broken off at the certificate, so nothing is sent to a host not yet
    /// trusted; a certificate not validly self-signed is [`LanError::ForgedCertificate`].
    /// For a typed address: checked against the pin on the host's screen before the full
    /// fingerprint is pinned ([`crate::JoinTarget::from_typed`]).
    pub async fn presented_fingerprint(addr: SocketAddr, timeout: Duration) -> Result<Fingerprint> {
        // A pin no certificate has: the verifier refuses whatever comes and remembers it.
        let probe = HostClient::new(addr, Fingerprint([0; 32]))?.with_timeout(timeout);
        match probe.tls().await {
            Err(LanError::WrongFingerprint { found, .. }) => Ok(found),
            Err(e) => Err(e),
            Ok(_) => Err(LanError::Protocol(format!(
                "{addr}: a certificate with an all-zero fingerprint"
            ))),
        }
    }

    /// An HTTP connection to the host, kept alive for many requests.
    pub async fn connect(&self) -> Result<Connection> {
        let tls = self.tls().await?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(|e| LanError::Unreachable(format!("{}: {e}", self.addr)))?;
        let (done_tx, done_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            let _ = conn.await;
            let _ = done_tx.send(true);
        });
        Ok(Connection {
            addr: self.addr,
            sender,
            done: done_rx,
            timeout: self.timeout,
        })
    }

    /// The live WebSocket, authenticated with the station's token.
    pub async fn websocket(&self, token: &str) -> Result<HostSocket> {
        let tls = self.tls().await?;
        let mut request = format!("wss://{}{API}/live", self.addr)
            .into_client_request()
            .map_err(|e| LanError::Protocol(e.to_string()))?;
        let bearer = format!("Bearer {token}")
            .parse()
            .map_err(|_| LanError::Protocol("the station's token is not a header value".into()))?;
        request.headers_mut().insert(header::AUTHORIZATION, bearer);
        let handshake = tokio_tungstenite::client_async(request, tls);
        match tokio::time::timeout(self.timeout, handshake).await {
            Err(_) => Err(LanError::Unreachable(format!(
                "{}: WebSocket handshake timed out",
                self.addr
            ))),
            Ok(Ok((socket, _))) => Ok(socket),
            Ok(Err(tokio_tungstenite::tungstenite::Error::Http(response))) => {
                let body = response.body().clone().unwrap_or_default();
                Err(refusal(response.status().as_u16(), &body))
            }
            Ok(Err(e)) => Err(LanError::Unreachable(format!("{}: {e}", self.addr))),
        }
    }
}

/// One kept-alive HTTP connection to the host.
pub struct Connection {
    addr: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
    done: tokio::sync::watch::Receiver<bool>,
    timeout: Duration,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("addr", &self.addr)
            .finish()
    }
}

impl Connection {
    /// Whether the connection has ended (the host went away or closed it).
    pub fn is_closed(&self) -> bool {
        *self.done.borrow() || self.sender.is_closed()
    }

    /// Waits until the connection ends.
    pub async fn closed(&mut self) {
        let _ = self.done.wait_for(|done| *done).await;
    }

    /// Sends any request: method, path, extra headers, body bytes. The status and body as
    /// they came (for tests of the host's refusals).
    pub async fn raw(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<(u16, Bytes)> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.addr.to_string());
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| LanError::Protocol(e.to_string()))?;
        let exchange = async {
            self.sender
                .ready()
                .await
                .map_err(|e| LanError::Unreachable(format!("{}: {e}", self.addr)))?;
            let response = self
                .sender
                .send_request(request)
                .await
                .map_err(|e| LanError::Unreachable(format!("{}: {e}", self.addr)))?;
            let status = response.status().as_u16();
            let body = Limited::new(response.into_body(), MAX_ANSWER)
                .collect()
                .await
                .map_err(|e| LanError::Unreachable(format!("{}: {e}", self.addr)))?
                .to_bytes();
            Ok((status, body))
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| LanError::Unreachable(format!("{}: no answer in time", self.addr)))?
    }

    /// A protocol request: JSON in and out, the station token if given; a refusal is
    /// [`LanError::Refused`].
    pub async fn call<T: DeserializeOwned>(
        &mut self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T> {
        let bytes = match body {
            Some(b) => serde_json::to_vec(b).map_err(|e| LanError::Protocol(e.to_string()))?,
            None => Vec::new(),
        };
        let bearer = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = bearer
            .as_deref()
            .map(|b| vec![("authorization", b)])
            .unwrap_or_default();
        let (status, answer) = self.raw(method, path, &headers, bytes).await?;
        if !(200..300).contains(&status) {
            return Err(refusal(status, &answer));
        }
        serde_json::from_slice(&answer).map_err(|e| {
            LanError::Protocol(format!("answer to {path} is not what was expected: {e}"))
        })
    }
}

/// The error for a refused request: the host's code and message, or the bare status.
fn refusal(status: u16, body: &[u8]) -> LanError {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(e) => match e.code {
            RejectCode::Revoked => LanError::Revoked,
            code => LanError::Refused {
                code,
                message: e.message,
            },
        },
        Err(_) => LanError::Protocol(format!(
            "status {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(200)])
        )),
    }
}

//! The secretariat's host: an HTTPS + WebSocket server on the venue LAN that the app starts
//! and stops (or `panelis host` runs headless). It serves the competition file it is given:
//! stations join with codes, fetch what their panelist needs, send signed ballots, and
//! follow the live timer; the secretariat watches the progress matrix and the events.
//!
//! ```no_run
//! # async fn run() -> panelis_lan::Result<()> {
//! use panelis_lan::host::{Host, HostConfig};
//! let config = HostConfig::new("kipp.panelis".into(), "lan-identity".into(), "0.0.0.0:7443".parse().unwrap());
//! let host = Host::start(config).await?;
//! for invite in host.invite_all().await? {
//!     println!("{}: {} {}", invite.panelist_name, invite.code, invite.target.link());
//! }
//! let matrix = host.progress().await?;
//! host.stop().await;
//! # Ok(()) }
//! ```

mod ballots;
mod connection;
mod events;
mod join;
mod live;
mod loadtest;
mod progress;
mod registry;
mod routes;
pub mod screen;
mod server;
mod socket;

pub use connection::ConnectionRefusal;
pub use events::{HostEvent, HostLog, LOG_FILE};
pub use loadtest::MAX_STATIONS_PER_REQUEST as MAX_LOADTEST_STATIONS_PER_REQUEST;
pub use progress::{MatrixCell, MatrixEntry, MatrixRow, ProgressMatrix, StationState};
pub use registry::{StationRecord, FILE as REGISTRY_FILE};

use crate::error::{LanError, RejectCode, Result};
use crate::identity::{Fingerprint, HostIdentity};
use crate::invite::JoinTarget;
use crate::joincode::{self, JoinCodes, JoinLimiter};
use crate::wire::LiveState;
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use panelis_core::model::Competition;
use panelis_core::Store;
use registry::Registry;
use routes::Rejection;
use serde::Serialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch, Notify};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// The bounds that keep one bad client from hurting the others.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at once (HTTP and WebSocket together); more are dropped.
    pub max_connections: usize,
    /// Open connections at once from one address. A stranger on the hotel Wi-Fi has one
    /// address: this keeps them from taking every place under `max_connections` while the
    /// stations (two connections each) get in. A load test from one machine needs more:
    /// with `loadtest` on, the host allows `max_connections` per address.
    pub max_connections_per_address: usize,
    /// The largest request body read.
    pub max_body_bytes: usize,
    /// The largest request line and headers taken; a larger head is answered 431 and the
    /// connection closed.
    pub max_head_bytes: usize,
    /// Time for a client to finish its TLS handshake, and to send request headers.
    pub handshake_timeout: Duration,
    /// How long a join code lives.
    pub join_code_ttl: Duration,
    /// Failed joins allowed per address, and overall, per `join_window`.
    pub join_failures_per_address: usize,
    pub join_failures_overall: usize,
    pub join_window: Duration,
    /// How often the competition file is checked for changes made elsewhere (the app's
    /// timer, `panelis timer` in another process).
    pub live_poll: Duration,
    /// A live socket that says nothing for this long is closed (stations ping every few
    /// seconds).
    pub socket_idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 1024,
            max_connections_per_address: 64,
            max_body_bytes: 64 * 1024,
            max_head_bytes: 32 * 1024,
            handshake_timeout: Duration::from_secs(10),
            join_code_ttl: Duration::from_secs(15 * 60),
            join_failures_per_address: 5,
            join_failures_overall: 30,
            join_window: Duration::from_secs(60),
            live_poll: Duration::from_millis(25),
            socket_idle: Duration::from_secs(30),
        }
    }
}

/// How to run a host.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// The competition file.
    pub db: PathBuf,
    /// The host's identity folder: certificate, station registry, log.
    pub identity_dir: PathBuf,
    /// Where to listen, e.g. `0.0.0.0:7443`; port 0 picks a free one.
    pub bind: SocketAddr,
    /// The address put in join links; `None`: the bind address, or when that is
    /// unspecified (`0.0.0.0`) the machine's first LAN address.
    pub public_ip: Option<IpAddr>,
    /// Advertise with mDNS (never done when listening on loopback).
    pub advertise: bool,
    /// Make a load-test token (see [`Host::loadtest_token`]).
    pub loadtest: bool,
    pub limits: Limits,
}

impl HostConfig {
    /// A host of `db` with its identity in `identity_dir`, listening on `bind`, advertised,
    /// without load tests, with the default limits.
    pub fn new(db: PathBuf, identity_dir: PathBuf, bind: SocketAddr) -> Self {
        HostConfig {
            db,
            identity_dir,
            bind,
            public_ip: None,
            advertise: true,
            loadtest: false,
            limits: Limits::default(),
        }
    }
}

/// A join code issued for a panelist, with everything to show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinInvite {
    pub panelist_id: Uuid,
    pub panelist_name: String,
    /// `ABCD-EFGH`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// Address, fingerprint and code: [`JoinTarget::link`] for the QR code,
    /// [`JoinTarget::qr_svg`] to draw it.
    pub target: JoinTarget,
}

/// A live station connection count and when it was last heard from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Presence {
    pub sockets: u32,
    pub last_seen: Option<DateTime<Utc>>,
}

/// Who is calling, once their token checked out.
#[derive(Clone)]
pub(crate) struct Caller {
    pub panelist_id: Uuid,
    pub key: VerifyingKey,
    /// The store their ballots go to: the competition, or a load test's scratch copy.
    pub store: Arc<Mutex<Store>>,
    pub loadtest: bool,
}

impl Caller {
    /// Where the caller's reads go: the host's reading connection to the competition (so
    /// reads never wait behind a ballot being written), or a load test's scratch copy.
    pub fn reader(&self, shared: &Shared) -> Arc<Mutex<Store>> {
        if self.loadtest {
            self.store.clone()
        } else {
            shared.reader.clone()
        }
    }
}

/// The state every request handler and task shares.
pub(crate) struct Shared {
    pub limits: Limits,
    pub competition: Competition,
    pub fingerprint: Fingerprint,
    pub db: PathBuf,
    /// The competition file, for writes (ballots) and joins.
    pub store: Arc<Mutex<Store>>,
    /// A second connection for the live state and the progress matrix, so reading never
    /// waits behind a ballot being written.
    pub reader: Arc<Mutex<Store>>,
    pub registry: Mutex<Registry>,
    pub codes: Mutex<JoinCodes>,
    pub limiter: Mutex<JoinLimiter>,
    pub live: watch::Sender<Arc<live::LiveFrame>>,
    pub events: broadcast::Sender<HostEvent>,
    pub log: HostLog,
    pub presence: Mutex<HashMap<Uuid, Presence>>,
    pub revoked: broadcast::Sender<Uuid>,
    pub loadtest: Option<loadtest::Loadtest>,
    pub poke: Notify,
    pub shutdown: watch::Receiver<bool>,
}

/// Locks a mutex; a panic elsewhere while holding it does not stop the host.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Records an event: to subscribers and the log.
    pub fn emit(&self, event: HostEvent) {
        self.log.write(&event);
        let _ = self.events.send(event);
    }

    /// Runs `f` on a store off the async threads.
    pub async fn blocking<T: Send + 'static>(
        store: &Arc<Mutex<Store>>,
        f: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> std::result::Result<T, Rejection> {
        let store = store.clone();
        tokio::task::spawn_blocking(move || f(&mut lock(&store)))
            .await
            .map_err(|e| Rejection::new(RejectCode::Internal, format!("host task failed: {e}")))
    }

    /// The caller behind a bearer token.
    pub fn authenticate(&self, headers: &axum::http::HeaderMap) -> Result<Caller, Rejection> {
        let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
            return Err(Rejection::new(
                RejectCode::NoToken,
                "this request needs the station's token (Authorization: Bearer ...)",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                Rejection::new(
                    RejectCode::BadToken,
                    "the Authorization header is not a bearer token",
                )
            })?;
        let found = lock(&self.registry)
            .by_token(token)
            .map(|r| (r.panelist_id, r.key()));
        let caller = match found {
            Ok((panelist_id, Some(key))) => Caller {
                panelist_id,
                key,
                store: self.store.clone(),
                loadtest: false,
            },
            Ok((_, None)) => {
                return Err(Rejection::new(
                    RejectCode::Internal,
                    "the station's key on record is unreadable",
                ))
            }
            Err(true) => {
                return Err(Rejection::new(
                    RejectCode::Revoked,
                    "the secretariat revoked this station; ask for a new join code",
                ))
            }
            Err(false) => self
                .loadtest
                .as_ref()
                .and_then(|l| l.caller(token))
                .ok_or_else(|| {
                    Rejection::new(
                        RejectCode::BadToken,
                        "this token is not one this host issued",
                    )
                })?,
        };
        if !caller.loadtest {
            lock(&self.presence)
                .entry(caller.panelist_id)
                .or_default()
                .last_seen = Some(Utc::now());
        }
        Ok(caller)
    }
}

/// A running host. Dropping it without [`Host::stop`] leaves the server running until the
/// runtime ends.
pub struct Host {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    public_addr: SocketAddr,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    advertiser: Option<crate::mdns::Advertiser>,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("addr", &self.local_addr)
            .field("fingerprint", &self.shared.fingerprint)
            .finish()
    }
}

impl Host {
    /// Opens the competition file, loads (or makes) the identity, listens, and starts
    /// serving. Call inside a tokio runtime (the app's, or `panelis host`'s).
    pub async fn start(config: HostConfig) -> Result<Host> {
        let HostConfig {
            db,
            identity_dir,
            bind,
            public_ip,
            advertise,
            loadtest,
            mut limits,
        } = config;
        if loadtest {
            // A load test runs its simulated stations from one machine.
            limits.max_connections_per_address = limits.max_connections;
        }
        let opened = {
            let db = db.clone();
            tokio::task::spawn_blocking(move || -> Result<(Store, Store)> {
                Ok((Store::open(&db)?, Store::open(&db)?))
            })
            .await
            .map_err(|e| LanError::Internal(e.to_string()))??
        };
        let (store, reader) = opened;
        let competition = store.competition()?;
        let identity = HostIdentity::load_or_create(&identity_dir)?;
        let registry = Registry::load(&identity_dir)?;
        let tls = crate::tls::server_config(&identity)?;
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| LanError::Bind {
                addr: bind.to_string(),
                reason: e.to_string(),
            })?;
        let local_addr = listener.local_addr().map_err(|e| LanError::Bind {
            addr: bind.to_string(),
            reason: e.to_string(),
        })?;
        let public_addr = SocketAddr::new(
            public_ip.unwrap_or_else(|| lan_ip(bind.ip())),
            local_addr.port(),
        );
        let first = live::read_state(&reader, 0)?;
        let (live_tx, _) = watch::channel(Arc::new(live::LiveFrame::new(first)));
        let (stop, shutdown) = watch::channel(false);
        let shared = Arc::new(Shared {
            codes: Mutex::new(JoinCodes::new(limits.join_code_ttl)),
            limiter: Mutex::new(JoinLimiter::new(
                limits.join_window,
                limits.join_failures_per_address,
                limits.join_failures_overall,
            )),
            limits,
            fingerprint: identity.fingerprint(),
            log: HostLog::new(&identity_dir),
            db: db.clone(),
            store: Arc::new(Mutex::new(store)),
            reader: Arc::new(Mutex::new(reader)),
            registry: Mutex::new(registry),
            live: live_tx,
            events: broadcast::channel(4096).0,
            presence: Mutex::new(HashMap::new()),
            revoked: broadcast::channel(64).0,
            loadtest: loadtest.then(|| loadtest::Loadtest::new(&identity_dir, &db)),
            poke: Notify::new(),
            shutdown,
            competition,
        });
        let router = routes::router(shared.clone());
        let tasks = vec![
            tokio::spawn(server::serve(listener, tls, router, shared.clone())),
            tokio::spawn(live::watch_file(shared.clone())),
        ];
        let advertiser = (advertise && !bind.ip().is_loopback())
            .then(|| {
                crate::mdns::Advertiser::start(&crate::mdns::Advert {
                    competition_id: shared.competition.id,
                    competition_name: shared.competition.name.clone(),
                    fingerprint: shared.fingerprint,
                    port: local_addr.port(),
                    addrs: if bind.ip().is_unspecified() {
                        Vec::new()
                    } else {
                        vec![bind.ip()]
                    },
                })
                .ok()
            })
            .flatten();
        Ok(Host {
            shared,
            local_addr,
            public_addr,
            stop,
            tasks,
            advertiser,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The address join links carry.
    pub fn public_addr(&self) -> SocketAddr {
        self.public_addr
    }

    /// The certificate fingerprint stations pin.
    pub fn fingerprint(&self) -> Fingerprint {
        self.shared.fingerprint
    }

    /// The competition served.
    pub fn competition(&self) -> &Competition {
        &self.shared.competition
    }

    /// Whether the host is advertised with mDNS.
    pub fn advertised(&self) -> bool {
        self.advertiser.is_some()
    }

    /// The log file.
    pub fn log_path(&self) -> PathBuf {
        self.shared.log.path().to_owned()
    }

    /// A fresh join code for the panelist (any earlier code of theirs stops working).
    pub async fn invite(&self, panelist_id: Uuid) -> Result<JoinInvite> {
        let name = {
            let reader = self.shared.reader.clone();
            tokio::task::spawn_blocking(move || {
                lock(&reader)
                    .panelists()
                    .map(|ps| ps.into_iter().find(|p| p.id == panelist_id))
            })
            .await
            .map_err(|e| LanError::Internal(e.to_string()))??
        };
        let panelist = name.ok_or_else(|| {
            LanError::Core(panelis_core::error::Record::Panelist.not_found(panelist_id))
        })?;
        Ok(self.invite_for(panelist.id, panelist.name))
    }

    fn invite_for(&self, panelist_id: Uuid, panelist_name: String) -> JoinInvite {
        let mut codes = lock(&self.shared.codes);
        let code = codes.issue(panelist_id, Instant::now());
        let ttl = chrono::Duration::from_std(codes.ttl()).unwrap_or(chrono::Duration::zero());
        JoinInvite {
            panelist_id,
            panelist_name,
            code: joincode::display(&code),
            expires_at: Utc::now() + ttl,
            target: JoinTarget {
                addr: self.public_addr,
                fingerprint: self.shared.fingerprint,
                code,
            },
        }
    }

    /// The panel (id, name) in its order, without issuing any code.
    pub async fn panel(&self) -> Result<Vec<(Uuid, String)>> {
        let reader = self.shared.reader.clone();
        let panel = tokio::task::spawn_blocking(move || lock(&reader).panelists())
            .await
            .map_err(|e| LanError::Internal(e.to_string()))??;
        Ok(panel.into_iter().map(|p| (p.id, p.name)).collect())
    }

    /// A fresh join code for every panelist, in the panel's order.
    pub async fn invite_all(&self) -> Result<Vec<JoinInvite>> {
        let reader = self.shared.reader.clone();
        let panel = tokio::task::spawn_blocking(move || lock(&reader).panelists())
            .await
            .map_err(|e| LanError::Internal(e.to_string()))??;
        Ok(panel
            .into_iter()
            .map(|p| self.invite_for(p.id, p.name))
            .collect())
    }

    /// Revokes the panelist's station: its token stops working at once and its live
    /// connection is closed. False when the panelist has no live station.
    pub fn revoke(&self, panelist_id: Uuid) -> Result<bool> {
        let revoked = lock(&self.shared.registry).revoke(panelist_id, Utc::now())?;
        lock(&self.shared.codes).withdraw(panelist_id);
        if revoked {
            let _ = self.shared.revoked.send(panelist_id);
            self.shared.emit(HostEvent::StationRevoked { panelist_id });
        }
        Ok(revoked)
    }

    /// The stations that joined, revoked ones included.
    pub fn stations(&self) -> Vec<StationRecord> {
        lock(&self.shared.registry).stations().to_vec()
    }

    /// Who is connected and who has submitted what, entries by panelists.
    pub async fn progress(&self) -> Result<ProgressMatrix> {
        progress::matrix(&self.shared).await
    }

    /// The host's events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<HostEvent> {
        self.shared.events.subscribe()
    }

    /// The live state as last pushed to stations.
    pub fn live(&self) -> LiveState {
        self.shared.live.borrow().state.clone()
    }

    /// Tells the host that the competition file changed (the app ran a timer command):
    /// stations get the new state now rather than at the next check.
    pub fn notify_changed(&self) {
        self.shared.poke.notify_one();
    }

    /// The token `panelis loadtest` needs, when the host was started with load tests.
    pub fn loadtest_token(&self) -> Option<&str> {
        self.shared.loadtest.as_ref().map(|l| l.token())
    }

    /// Stops listening, closes every connection, withdraws the mDNS advert and removes any
    /// load test's scratch file. Ballots already acknowledged are in the competition file.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        self.advertiser = None;
        for task in self.tasks.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
        if let Some(l) = &self.shared.loadtest {
            l.remove();
        }
    }
}

/// The addresses stations can reach a host bound to `bound` at: itself when it is a
/// specific address; when unspecified (`0.0.0.0`), every IPv4 address of this machine's
/// network interfaces but loopback, private LAN addresses first (the one join links carry
/// leads), else loopback alone. For the secretariat's screen.
pub fn lan_addresses(bound: IpAddr) -> Vec<IpAddr> {
    if !bound.is_unspecified() {
        return vec![bound];
    }
    let first = lan_ip(bound);
    let mut addrs: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .iter()
        .map(|i| i.ip())
        .filter(|ip| ip.is_ipv4() && !ip.is_loopback())
        .collect();
    addrs.sort_by_key(|ip| {
        (
            *ip != first,
            !matches!(ip, IpAddr::V4(v4) if v4.is_private()),
        )
    });
    addrs.dedup();
    if addrs.is_empty() {
        addrs.push(first);
    }
    addrs
}

/// The address to put in join links for a host bound to `bound`: itself, unless it is
/// unspecified, then the first private LAN address of this machine (else loopback).
fn lan_ip(bound: IpAddr) -> IpAddr {
    if !bound.is_unspecified() {
        return bound;
    }
    let addrs = if_addrs::get_if_addrs().unwrap_or_default();
    addrs
        .iter()
        .map(|i| i.ip())
        .find(|ip| matches!(ip, IpAddr::V4(v4) if v4.is_private()))
        .or_else(|| {
            addrs
                .iter()
                .map(|i| i.ip())
                .find(|ip| ip.is_ipv4() && !ip.is_loopback())
        })
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lan_addresses_of_a_specific_bind_is_that_address() {
        let ip = IpAddr::V4(std::net::Ipv4Addr::new(192, 168, 1, 10));
        assert_eq!(lan_addresses(ip), vec![ip]);
    }

    #[test]
    fn lan_addresses_of_an_unspecified_bind_lead_with_the_link_address() {
        let unspecified = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);
        let addrs = lan_addresses(unspecified);
        assert!(!addrs.is_empty());
        assert_eq!(addrs[0], lan_ip(unspecified));
        assert!(addrs.iter().all(|ip| ip.is_ipv4() && !ip.is_unspecified()));
        let only_loopback = addrs.iter().any(|ip| ip.is_loopback());
        assert!(!only_loopback || addrs.len() == 1, "{addrs:?}");
    }
}

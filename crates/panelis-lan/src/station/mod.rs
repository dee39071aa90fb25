//! A panelist's station: joins a host with a code, keeps its own file, and scores whether
//! or not the host is reachable. Every submitted ballot is signed with the panelist's key
//! and written to the station file first, then sent; the station shows per entry whether it
//! is saved locally, sent, or confirmed by the host. Two background tasks run while the
//! station is open: the sender (delivers the outbox, reconnecting with backoff, and after
//! each reconnect asks the host what it holds and re-sends the difference) and the
//! follower (the live WebSocket: timer, finalization, clock offset).
//!
//! ```no_run
//! # async fn run(link: &str) -> panelis_lan::Result<()> {
//! use panelis_lan::station::{Station, StationConfig};
//! use panelis_core::ballot::keystore::Keystore;
//! let config = StationConfig::new("station".into(), Keystore::new("keys"));
//! let target = panelis_lan::JoinTarget::parse_link(link)?;
//! let station = Station::join(config, &target, "Laptop 3").await?;
//! for entry in station.entries()? {
//!     println!("No {} {:?}", entry.no, entry.status);
//! }
//! station.close().await;
//! # Ok(()) }
//! ```

mod backoff;
mod ballot;
mod checked;
mod file;
mod follow;
pub mod screen;
mod sender;

pub use checked::CheckedSnapshot;
pub use file::{receipts_of, Joined, OutboxBallot, FILE};

use crate::client::HostClient;
use crate::clock::ClockOffset;
use crate::error::{LanError, RejectCode, Result};
use crate::identity::Fingerprint;
use crate::invite::{sign_proof, JoinTarget};
use crate::wire::{
    JoinCheck, JoinPreview, JoinReply, JoinRequest, LiveSlot, LiveState, Snapshot, API,
};
use axum::http::Method;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use file::StationFile;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::signing::public_key_hex;
use panelis_core::ballot::BallotForm;
use panelis_core::model::Signer;
use panelis_core::timer::TimerView;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{broadcast, watch, Notify};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// Where one ballot revision stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SendStatus {
    /// In the station file; not sent yet (or the host lost it and it goes again).
    SavedLocally,
    /// Sent; the host's answer has not come.
    Sent,
    /// The host verified and stored it.
    Confirmed,
    /// The host refused it for good; `code` says why (never sent again).
    Rejected { code: RejectCode, message: String },
}

/// The station's connection to its host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LinkState {
    /// Trying to reach the host.
    Connecting,
    /// Connected; ballots go through.
    Online,
    /// The host is unreachable; ballots wait in the station file and go when it is back.
    Offline { reason: String },
    /// Something answers at the host's address with another certificate, or one not validly
    /// signed: not our host.
    WrongHost { found: Fingerprint },
    /// The host does not know this station's token (a new host without the old one's
    /// identity folder): join again with a new code; nothing scored is lost.
    NotRecognized,
    /// The secretariat revoked this station.
    Revoked,
}

/// What the station's screen follows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StationEvent {
    /// The connection changed.
    Link { state: LinkState },
    /// A ballot revision's status changed.
    Ballot {
        ballot_id: Uuid,
        entry_id: Uuid,
        revision: u32,
        status: SendStatus,
    },
    /// New live state (timer, finished and finalized entries).
    Live { seq: u64 },
    /// New competition data from the host.
    Snapshot { version: String },
}

/// One entry as the panelist's station shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryState {
    pub entry_id: Uuid,
    pub no: u32,
    pub title: String,
    /// Why the panelist abstains, if they do.
    pub abstain: Option<String>,
    pub finalized: bool,
    /// Whether the panelist scores it at all: the core's rule ([`Snapshot::to_score`]).
    pub to_score: bool,
    /// The entry's slot has finished on stage (the host's timer).
    pub presented: bool,
    /// The latest revision saved here, and where it stands.
    pub revision: Option<u32>,
    pub status: Option<SendStatus>,
}

/// How to run a station.
#[derive(Debug, Clone)]
pub struct StationConfig {
    /// The station's folder (holds `station.sqlite`).
    pub dir: PathBuf,
    /// Where the panelist's signing key is (the app's data folder keystore).
    pub keystore: Keystore,
    /// Pretend the local clock is off by this much (tests and rehearsals of clock skew).
    pub clock_skew_ms: i64,
    /// First and longest wait between reconnection attempts.
    pub retry_min: Duration,
    pub retry_max: Duration,
    /// How often the outbox is looked at even without news (another process may have
    /// saved a ballot into the same station file).
    pub recheck: Duration,
    /// Time limit of each connection step and request.
    pub timeout: Duration,
}

impl StationConfig {
    /// A station in `dir` signing with keys from `keystore`, default timings.
    pub fn new(dir: PathBuf, keystore: Keystore) -> Self {
        StationConfig {
            dir,
            keystore,
            clock_skew_ms: 0,
            retry_min: Duration::from_millis(200),
            retry_max: Duration::from_secs(5),
            recheck: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        }
    }
}

/// State shared by the station's handle and its tasks.
pub(crate) struct Inner {
    pub config: StationConfig,
    pub file: Mutex<StationFile>,
    pub key: SigningKey,
    pub joined: RwLock<Joined>,
    pub snapshot: RwLock<Option<CheckedSnapshot>>,
    pub live: watch::Sender<Option<LiveState>>,
    pub link: watch::Sender<LinkState>,
    pub clock: Mutex<ClockOffset>,
    pub events: broadcast::Sender<StationEvent>,
    /// Wakes the sender (a ballot was saved, or the host should be asked again).
    pub wake: Notify,
    /// The sender should fetch the competition data and reconcile before sending.
    pub resync: AtomicBool,
    /// The latest revision per entry the host holds, as last heard.
    pub host_latest: Mutex<HashMap<Uuid, u32>>,
    /// Rises when the host's address changes: both tasks reconnect.
    pub host_generation: watch::Sender<u64>,
    pub shutdown: watch::Receiver<bool>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Inner {
    pub fn joined(&self) -> Joined {
        self.joined
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn client(&self) -> Result<HostClient> {
        let joined = self.joined();
        Ok(HostClient::new(joined.host, joined.fingerprint)?.with_timeout(self.config.timeout))
    }

    /// The station's own clock (with the configured skew), in milliseconds.
    pub fn local_ms(&self) -> i64 {
        Utc::now().timestamp_millis() + self.config.clock_skew_ms
    }

    /// The host's clock as estimated here.
    pub fn host_now(&self) -> DateTime<Utc> {
        let ms = self.local_ms() + lock(&self.clock).offset_ms();
        DateTime::from_timestamp_millis(ms).unwrap_or_else(Utc::now)
    }

    /// Sets the link state; once revoked, the station stays so (a later network error
    /// does not make it "offline") until it joins again.
    pub fn set_link(&self, state: LinkState) {
        if state == LinkState::Revoked {
            self.keep_revoked();
        } else if self.joined().revoked_at.is_some() {
            return;
        }
        let changed = self.link.send_if_modified(|s| {
            if *s == state {
                false
            } else {
                *s = state.clone();
                true
            }
        });
        if changed {
            let _ = self.events.send(StationEvent::Link { state });
        }
    }

    /// Writes down in the station file that the secretariat revoked this station (once).
    /// A file that cannot be written leaves the revocation known until the station closes.
    fn keep_revoked(&self) {
        let mut joined = self.joined();
        if joined.revoked_at.is_some() {
            return;
        }
        joined.revoked_at = Some(Utc::now());
        let _ = lock(&self.file).set_joined(&joined);
        *self.joined.write().unwrap_or_else(|e| e.into_inner()) = joined;
    }

    pub fn is_revoked(&self) -> bool {
        *self.link.borrow() == LinkState::Revoked
    }

    /// Whether a link loop (the sender's, the follower's) tries again: not once the station
    /// closes; a revoked station tries nothing more and waits for the close.
    pub(super) async fn tries_again(&self, shutdown: &mut watch::Receiver<bool>) -> bool {
        if *shutdown.borrow() {
            return false;
        }
        if self.is_revoked() {
            let _ = shutdown.changed().await;
            return false;
        }
        true
    }

    /// The link state an error means.
    pub fn note_error(&self, e: &LanError) {
        self.set_link(match e {
            LanError::WrongFingerprint { found, .. }
            | LanError::ForgedCertificate { found, .. } => LinkState::WrongHost { found: *found },
            LanError::Revoked => LinkState::Revoked,
            LanError::Refused {
                code: RejectCode::BadToken | RejectCode::NoToken,
                ..
            } => LinkState::NotRecognized,
            other => LinkState::Offline {
                reason: other.to_string(),
            },
        });
    }

    pub fn request_resync(&self) {
        self.resync.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    pub fn emit_status(
        &self,
        ballot: &panelis_core::ballot::transfer::FileBallot,
        status: SendStatus,
    ) {
        let _ = self.events.send(StationEvent::Ballot {
            ballot_id: ballot.id,
            entry_id: ballot.entry_id,
            revision: ballot.revision,
            status,
        });
    }

    /// Takes the competition data the host sent; a rubric that does not pass the core's
    /// rules is refused at this edge (the data kept is the last good one).
    pub fn set_snapshot(&self, snapshot: Snapshot) -> Result<()> {
        let snapshot = CheckedSnapshot::check(snapshot)?;
        lock(&self.file).set_snapshot(&snapshot)?;
        let version = snapshot.version.clone();
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot);
        let _ = self.events.send(StationEvent::Snapshot { version });
        Ok(())
    }

    pub fn snapshot_version(&self) -> Option<String> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|s| s.version.clone())
    }

    pub fn set_live(&self, state: LiveState) {
        if self.snapshot_version().as_deref() != Some(state.data_version.as_str()) {
            self.request_resync();
        }
        let seq = state.seq;
        self.live.send_replace(Some(state));
        let _ = self.events.send(StationEvent::Live { seq });
    }
}

/// An open station.
pub struct Station {
    inner: Arc<Inner>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    /// Why the competition data read back from the station file was set aside on open.
    set_aside: Mutex<Option<LanError>>,
}

impl std::fmt::Debug for Station {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Station")
            .field("joined", &self.inner.joined())
            .finish()
    }
}

impl Station {
    /// Whom a join code is for (the person at the laptop confirms their name before
    /// joining). Spends nothing.
    pub async fn preview(target: &JoinTarget) -> Result<JoinPreview> {
        let mut conn = HostClient::new(target.addr, target.fingerprint)?
            .connect()
            .await?;
        conn.call(
            Method::POST,
            &format!("{API}/join/check"),
            None,
            Some(&JoinCheck {
                code: target.code.clone(),
            }),
        )
        .await
    }

    /// Joins the host with the code: learns the panelist, proves this device holds their
    /// signing key (made on first use in the keystore), keeps the token and the competition
    /// data in the station file, and starts the station.
    pub async fn join(
        config: StationConfig,
        target: &JoinTarget,
        station_name: &str,
    ) -> Result<Station> {
        let client = HostClient::new(target.addr, target.fingerprint)?.with_timeout(config.timeout);
        let mut conn = client.connect().await?;
        let preview: JoinPreview = conn
            .call(
                Method::POST,
                &format!("{API}/join/check"),
                None,
                Some(&JoinCheck {
                    code: target.code.clone(),
                }),
            )
            .await?;
        let key = config.keystore.key(Signer::Panelist, preview.panelist_id)?;
        let file = StationFile::open(&config.dir, true)?
            .ok_or_else(|| LanError::NotJoined(config.dir.clone()))?;
        if let Some(before) = file.joined()? {
            if before.competition_id != preview.competition_id && !file.all()?.is_empty() {
                return Err(LanError::FolderOfOtherCompetition);
            }
        }
        let reply: JoinReply = conn
            .call(
                Method::POST,
                &format!("{API}/join"),
                None,
                Some(&JoinRequest {
                    code: target.code.clone(),
                    public_key: public_key_hex(&key.verifying_key()),
                    proof: sign_proof(&key, &target.code, &target.fingerprint),
                    station_name: station_name.to_string(),
                }),
            )
            .await?;
        let joined = Joined {
            host: target.addr,
            fingerprint: target.fingerprint,
            token: reply.token,
            panelist_id: reply.panelist_id,
            panelist_name: reply.panelist_name,
            competition_id: reply.competition_id,
            competition_name: reply.competition_name,
            station_name: station_name.to_string(),
            joined_at: Utc::now(),
            revoked_at: None,
        };
        file.set_joined(&joined)?;
        // Joined now, whatever follows: if the data does not come at once, the sender
        // fetches it on its first connection.
        let fetched: Option<Snapshot> = conn
            .call(
                Method::GET,
                &format!("{API}/competition"),
                Some(&joined.token),
                None::<&()>,
            )
            .await
            .ok();
        let snapshot = fetched.map(CheckedSnapshot::check).transpose()?;
        if let Some(s) = &snapshot {
            file.set_snapshot(s)?;
        }
        Ok(Self::start(config, file, joined, key, snapshot, None))
    }

    /// Opens a station that joined before (after a restart): scoring works at once from
    /// the station file; the tasks reconnect to the host by themselves.
    pub fn open(config: StationConfig) -> Result<Station> {
        let file = StationFile::open(&config.dir, false)?
            .ok_or_else(|| LanError::NotJoined(config.dir.clone()))?;
        let joined = file
            .joined()?
            .ok_or_else(|| LanError::NotJoined(config.dir.clone()))?;
        let key = config.keystore.key(Signer::Panelist, joined.panelist_id)?;
        // Checked again as it is read back. Data that breaks the rules (a station file
        // edited by hand, or rules made stricter since) is set aside, not scored on, and the
        // station still opens: the host sends its data again on the next sync, and the
        // signed ballots waiting in the outbox still go out. Why is kept to be said.
        let (snapshot, set_aside) = match file.snapshot()?.map(CheckedSnapshot::check) {
            Some(Err(refusal)) => (None, Some(refusal)),
            checked => (checked.transpose()?, None),
        };
        Ok(Self::start(config, file, joined, key, snapshot, set_aside))
    }

    fn start(
        config: StationConfig,
        file: StationFile,
        joined: Joined,
        key: SigningKey,
        snapshot: Option<CheckedSnapshot>,
        set_aside: Option<LanError>,
    ) -> Station {
        let (stop, shutdown) = watch::channel(false);
        // A station that learnt it was revoked says so from the start and stops trying.
        let link = if joined.revoked_at.is_some() {
            LinkState::Revoked
        } else {
            LinkState::Connecting
        };
        let inner = Arc::new(Inner {
            config,
            file: Mutex::new(file),
            key,
            joined: RwLock::new(joined),
            snapshot: RwLock::new(snapshot),
            live: watch::channel(None).0,
            link: watch::channel(link).0,
            clock: Mutex::new(ClockOffset::new()),
            events: broadcast::channel(1024).0,
            wake: Notify::new(),
            resync: AtomicBool::new(true),
            host_latest: Mutex::new(HashMap::new()),
            host_generation: watch::channel(0).0,
            shutdown,
        });
        let tasks = vec![
            tokio::spawn(sender::run(inner.clone())),
            tokio::spawn(follow::run(inner.clone())),
        ];
        Station {
            inner,
            stop,
            tasks,
            set_aside: Mutex::new(set_aside),
        }
    }

    /// Whom and where this station joined.
    pub fn joined(&self) -> Joined {
        self.inner.joined()
    }

    /// Why the competition data kept in the station file was set aside when it opened (its
    /// rubric breaks the rules), once: for the app to say.
    pub fn take_set_aside(&self) -> Option<LanError> {
        lock(&self.set_aside).take()
    }

    /// The competition data, once it has come from the host.
    pub fn snapshot(&self) -> Option<CheckedSnapshot> {
        self.inner
            .snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Submits the panelist's ballot for an entry: checked against the rubric (every
    /// criterion needs a valid score; each problem is listed), signed, written to the
    /// station file, then sent in the background. The same content again changes nothing
    /// and returns the revision on file; other content makes a new revision.
    pub fn submit(&self, entry_id: Uuid, form: &BallotForm) -> Result<OutboxBallot> {
        let snapshot = self.snapshot().ok_or(LanError::NoCompetitionYet)?;
        ballot::check_entry(&snapshot, entry_id)?;
        let (scores, criterion_notes) = ballot::read_form(&snapshot, form)?;
        let content = ballot::Content {
            entry_id,
            scores,
            criterion_notes,
            note: form.note.clone(),
        };
        let file = lock(&self.inner.file);
        let latest = file.latest(entry_id)?;
        if let Some(latest) = latest.as_ref().filter(|l| content.matches(&l.ballot)) {
            return Ok(latest.clone());
        }
        let host_latest = lock(&self.inner.host_latest)
            .get(&entry_id)
            .copied()
            .unwrap_or(0);
        let revision = latest.map_or(0, |l| l.ballot.revision).max(host_latest) + 1;
        let signed = ballot::sign_ballot(
            &snapshot,
            &self.inner.key,
            content,
            revision,
            self.inner.host_now(),
        )?;
        let saved_at = Utc::now();
        file.add(&signed, saved_at)?;
        drop(file);
        self.inner.emit_status(&signed, SendStatus::SavedLocally);
        self.inner.wake.notify_one();
        Ok(OutboxBallot {
            ballot: signed,
            status: SendStatus::SavedLocally,
            saved_at,
            confirmed_at: None,
        })
    }

    /// Every entry with where its latest revision stands.
    pub fn entries(&self) -> Result<Vec<EntryState>> {
        let Some(snapshot) = self.snapshot() else {
            return Ok(Vec::new());
        };
        let mut latest: HashMap<Uuid, OutboxBallot> = HashMap::new();
        for row in lock(&self.inner.file).all()? {
            let newer = latest
                .get(&row.ballot.entry_id)
                .is_none_or(|l| l.ballot.revision < row.ballot.revision);
            if newer {
                latest.insert(row.ballot.entry_id, row);
            }
        }
        let (presented, finalized): (HashSet<Uuid>, HashSet<Uuid>) =
            match self.inner.live.borrow().as_ref() {
                Some(live) => (
                    live.finished.iter().copied().collect(),
                    live.finalized.iter().copied().collect(),
                ),
                None => (HashSet::new(), snapshot.finalized.iter().copied().collect()),
            };
        Ok(snapshot
            .entries
            .iter()
            .map(|e| {
                let mine = latest.get(&e.id);
                EntryState {
                    entry_id: e.id,
                    no: e.no,
                    title: e.title.clone(),
                    abstain: snapshot.conflict(e.id).map(|c| c.reason.clone()),
                    finalized: finalized.contains(&e.id),
                    to_score: snapshot.to_score(e.id),
                    presented: presented.contains(&e.id),
                    revision: mine.map(|m| m.ballot.revision),
                    status: mine.map(|m| m.status.clone()),
                }
            })
            .collect())
    }

    /// Every ballot revision in the station file, in the order saved.
    pub fn outbox(&self) -> Result<Vec<OutboxBallot>> {
        lock(&self.inner.file).all()
    }

    /// Keeps what the panelist typed for an entry and has not submitted (the screen's
    /// autosave) in the station file, so it survives the laptop being closed. Only for an
    /// entry the panelist scores (no conflict, not final). When it was saved.
    pub fn save_draft(&self, entry_id: Uuid, form: &BallotForm) -> Result<DateTime<Utc>> {
        let snapshot = self.snapshot().ok_or(LanError::NoCompetitionYet)?;
        ballot::check_entry(&snapshot, entry_id)?;
        let at = Utc::now();
        lock(&self.inner.file).save_draft(entry_id, form, at)?;
        Ok(at)
    }

    /// The draft typed for an entry and when it was saved, if there is one.
    pub fn draft(&self, entry_id: Uuid) -> Result<Option<(BallotForm, DateTime<Utc>)>> {
        lock(&self.inner.file).draft(entry_id)
    }

    /// The entries with a draft.
    pub fn drafted(&self) -> Result<HashSet<Uuid>> {
        lock(&self.inner.file).drafted()
    }

    /// Drops an entry's draft (once its ballot is submitted).
    pub fn clear_draft(&self, entry_id: Uuid) -> Result<()> {
        lock(&self.inner.file).clear_draft(entry_id)
    }

    /// The connection to the host.
    pub fn link(&self) -> LinkState {
        self.inner.link.borrow().clone()
    }

    /// The live state last heard from the host.
    pub fn live(&self) -> Option<LiveState> {
        self.inner.live.borrow().clone()
    }

    /// A receiver of the live state, for whoever follows the timer.
    pub fn watch_live(&self) -> watch::Receiver<Option<LiveState>> {
        self.inner.live.subscribe()
    }

    /// Each room's slot presenting now with its timer at the host's present instant: what
    /// the projector shows now. A finished slot (an older host still sends it) is not
    /// presenting: the core's rule, as the host applies it.
    pub fn timers(&self) -> Vec<(LiveSlot, TimerView)> {
        let now = self.inner.host_now();
        self.live()
            .map(|l| {
                l.slots
                    .into_iter()
                    .filter_map(|s| s.timer_at(now).map(|t| (s, t)))
                    .filter(|(_, t)| t.status.presenting())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The host's clock as estimated here.
    pub fn host_now(&self) -> DateTime<Utc> {
        self.inner.host_now()
    }

    /// Host clock minus this station's clock, in milliseconds, as estimated so far.
    pub fn clock_offset_ms(&self) -> i64 {
        lock(&self.inner.clock).offset_ms()
    }

    /// The station's events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<StationEvent> {
        self.inner.events.subscribe()
    }

    /// The host moved (another address, or another laptop took over with the same
    /// identity folder): remember the new address and reconnect now.
    pub fn set_host(&self, addr: SocketAddr) -> Result<()> {
        let mut joined = self.inner.joined();
        joined.host = addr;
        lock(&self.inner.file).set_joined(&joined)?;
        *self.inner.joined.write().unwrap_or_else(|e| e.into_inner()) = joined;
        self.inner.host_generation.send_modify(|g| *g += 1);
        self.inner.request_resync();
        Ok(())
    }

    /// Waits until nothing is left to send (every revision confirmed or refused for good),
    /// at most `limit`, and no longer once the station is revoked (nothing more can go).
    /// True when nothing is left.
    pub async fn wait_until_sent(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if lock(&self.inner.file).pending().is_ok_and(|p| p.is_empty()) {
                return true;
            }
            if self.inner.is_revoked() || tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the background tasks. Everything saved stays in the station file.
    pub async fn close(mut self) {
        let _ = self.stop.send(true);
        for task in self.tasks.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

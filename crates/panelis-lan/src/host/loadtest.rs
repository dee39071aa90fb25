//! Load tests against a running host (`panelis loadtest`), without touching the competition.
//! A host started with load tests enabled prints a load-test token. With it, a load
//! generator asks for throwaway panelists (`POST /api/v1/loadtest` with their public keys);
//! the host makes a scratch copy of the competition file beside its identity (SQLite's
//! backup API), adds the panelists there, and hands out station tokens. Their ballots take
//! the very path real ones take (same checks, same durable write on the same disk), into
//! the scratch copy. `DELETE /api/v1/loadtest`, or stopping the host, deletes the copy and
//! forgets the tokens: the competition file never sees a load test.

use super::join::new_token;
use super::registry::token_hash;
use super::routes::{read_json, Rejection};
use super::{lock, Caller, Shared};
use crate::error::RejectCode;
use crate::wire::{LoadtestGrant, LoadtestReply, LoadtestRequest};
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use ed25519_dalek::VerifyingKey;
use panelis_core::ballot::signing::parse_public_key;
use panelis_core::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// At most this many throwaway stations per request.
pub const MAX_STATIONS_PER_REQUEST: usize = 250;

struct Scratch {
    path: PathBuf,
    store: Arc<Mutex<Store>>,
    /// Token hash -> panelist and key.
    stations: HashMap<String, (Uuid, VerifyingKey)>,
    run: String,
}

/// The load-test side of a host.
pub(crate) struct Loadtest {
    token: String,
    dir: PathBuf,
    db: PathBuf,
    scratch: Mutex<Option<Scratch>>,
}

impl Loadtest {
    pub fn new(dir: &Path, db: &Path) -> Self {
        Loadtest {
            token: new_token(),
            dir: dir.to_owned(),
            db: db.to_owned(),
            scratch: Mutex::new(None),
        }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The throwaway station holding `token`, if any.
    pub fn caller(&self, token: &str) -> Option<Caller> {
        let scratch = lock(&self.scratch);
        let scratch = scratch.as_ref()?;
        let (panelist_id, key) = *scratch.stations.get(&token_hash(token))?;
        Some(Caller {
            panelist_id,
            key,
            store: scratch.store.clone(),
            loadtest: true,
        })
    }

    fn authorize(&self, headers: &HeaderMap) -> Result<(), Rejection> {
        let given = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        // Compare hashes: equal time whatever was sent.
        if token_hash(given) == token_hash(&self.token) {
            Ok(())
        } else {
            Err(Rejection::new(
                RejectCode::LoadtestDisabled,
                "load tests need the load-test token printed by `panelis host --loadtest-token`",
            ))
        }
    }

    /// Deletes the scratch copy and forgets its stations.
    pub fn remove(&self) {
        if let Some(scratch) = lock(&self.scratch).take() {
            drop(scratch.store);
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = scratch.path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
    }

    /// Adds throwaway panelists (making the scratch copy first if needed).
    fn add(&self, keys: Vec<(String, VerifyingKey)>) -> panelis_core::Result<Vec<LoadtestGrant>> {
        let mut guard = lock(&self.scratch);
        if guard.is_none() {
            let run = Uuid::new_v4().simple().to_string()[..8].to_string();
            let path = self.dir.join(format!("loadtest-{run}.panelis"));
            let source = rusqlite::Connection::open_with_flags(
                &self.db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            source.backup(rusqlite::MAIN_DB, &path, None)?;
            drop(source);
            *guard = Some(Scratch {
                store: Arc::new(Mutex::new(Store::open(&path)?)),
                path,
                stations: HashMap::new(),
                run,
            });
        }
        let Some(scratch) = guard.as_mut() else {
            return Ok(Vec::new());
        };
        let mut grants = Vec::with_capacity(keys.len());
        let mut store = lock(&scratch.store);
        for (name, key) in keys {
            let n = scratch.stations.len() + 1;
            let name = format!("Uji beban {} {n:04} {name}", scratch.run);
            let panelist = store.add_panelist(&name, "load test", false)?;
            let token = new_token();
            scratch
                .stations
                .insert(token_hash(&token), (panelist.id, key));
            grants.push(LoadtestGrant {
                panelist_id: panelist.id,
                token,
            });
        }
        Ok(grants)
    }
}

fn enabled(shared: &Shared, headers: &HeaderMap) -> Result<(), Rejection> {
    match &shared.loadtest {
        Some(l) => l.authorize(headers),
        None => Err(Rejection::new(
            RejectCode::LoadtestDisabled,
            "this host was not started with load tests (panelis host --loadtest-token)",
        )),
    }
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<LoadtestReply>, Rejection> {
    enabled(&shared, &headers)?;
    let request: LoadtestRequest = read_json(&shared, &headers, body).await?;
    if request.stations.is_empty() || request.stations.len() > MAX_STATIONS_PER_REQUEST {
        return Err(Rejection::new(
            RejectCode::Malformed,
            format!("ask for 1 to {MAX_STATIONS_PER_REQUEST} stations at a time"),
        ));
    }
    let mut keys = Vec::with_capacity(request.stations.len());
    for s in request.stations {
        let key = parse_public_key(s.public_key.as_bytes())
            .map_err(|e| Rejection::new(RejectCode::Malformed, format!("public key: {e}")))?;
        let name: String = s.name.chars().take(40).collect();
        keys.push((name, key));
    }
    let shared2 = shared.clone();
    let grants = tokio::task::spawn_blocking(move || match &shared2.loadtest {
        Some(l) => l.add(keys),
        None => Ok(Vec::new()),
    })
    .await
    .map_err(|e| Rejection::new(RejectCode::Internal, e.to_string()))?
    .map_err(|e| Rejection::new(RejectCode::Internal, e.to_string()))?;
    Ok(Json(LoadtestReply { stations: grants }))
}

pub(crate) async fn remove(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, Rejection> {
    enabled(&shared, &headers)?;
    let shared2 = shared.clone();
    tokio::task::spawn_blocking(move || {
        if let Some(l) = &shared2.loadtest {
            l.remove();
        }
    })
    .await
    .map_err(|e| Rejection::new(RejectCode::Internal, e.to_string()))?;
    Ok(Json(serde_json::json!({})))
}

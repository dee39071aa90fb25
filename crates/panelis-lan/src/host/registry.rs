//! The stations that joined this host: per panelist, the station's public key, a hash of its
//! token (never the token itself), its name, and whether the secretariat revoked it. Kept in
//! `stations.json` in the identity folder, written atomically on every change, so a host
//! restarted on the same folder knows its stations.

use crate::error::{LanError, Result};
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use panelis_core::ballot::signing::parse_public_key;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// File name of the registry in the identity folder.
pub const FILE: &str = "stations.json";

/// One joined station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationRecord {
    pub panelist_id: Uuid,
    pub station_name: String,
    /// The station's ballot-signing key, 64 hex digits.
    pub public_key: String,
    /// SHA-256 of the bearer token, hex.
    pub token_sha256: String,
    pub joined_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl StationRecord {
    /// The station's key.
    pub fn key(&self) -> Option<VerifyingKey> {
        parse_public_key(self.public_key.as_bytes()).ok()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RegistryFile {
    version: u32,
    stations: Vec<StationRecord>,
}

/// The hash a token is kept as.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The registry of one host.
#[derive(Debug)]
pub struct Registry {
    path: PathBuf,
    stations: Vec<StationRecord>,
}

impl Registry {
    /// The registry in `dir` (empty when there is no file yet).
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE);
        let stations = match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice::<RegistryFile>(&bytes)
                    .map_err(|e| LanError::io(&path, format!("not a station registry: {e}")))?
                    .stations
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(LanError::io(&path, e)),
        };
        Ok(Registry { path, stations })
    }

    fn save(&self) -> Result<()> {
        let file = RegistryFile {
            version: 1,
            stations: self.stations.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(|e| LanError::io(&self.path, e))?;
        crate::fsutil::write_private(&self.path, &bytes)
    }

    /// Every station, revoked ones included.
    pub fn stations(&self) -> &[StationRecord] {
        &self.stations
    }

    /// The live (not revoked) station holding `token`; `Err(true)` when it was revoked,
    /// `Err(false)` when the token is unknown.
    pub fn by_token(&self, token: &str) -> std::result::Result<&StationRecord, bool> {
        let hash = token_hash(token);
        match self.stations.iter().find(|s| s.token_sha256 == hash) {
            Some(s) if s.revoked_at.is_none() => Ok(s),
            Some(_) => Err(true),
            None => Err(false),
        }
    }

    /// Records a join: the panelist's station is now this one (an earlier one's token dies).
    pub fn join(&mut self, record: StationRecord) -> Result<()> {
        let previous = std::mem::take(&mut self.stations);
        self.stations = previous
            .iter()
            .filter(|s| s.panelist_id != record.panelist_id)
            .cloned()
            .collect();
        self.stations.push(record);
        self.save().inspect_err(|_| self.stations = previous)
    }

    /// Revokes the panelist's station; false when there is none live.
    pub fn revoke(&mut self, panelist_id: Uuid, at: DateTime<Utc>) -> Result<bool> {
        let Some(s) = self
            .stations
            .iter_mut()
            .find(|s| s.panelist_id == panelist_id && s.revoked_at.is_none())
        else {
            return Ok(false);
        };
        s.revoked_at = Some(at);
        self.save()?;
        Ok(true)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    fn record(p: Uuid, token: &str) -> StationRecord {
        StationRecord {
            panelist_id: p,
            station_name: "Laptop".into(),
            public_key: hex::encode([1u8; 32]),
            token_sha256: token_hash(token),
            joined_at: Utc::now(),
            revoked_at: None,
        }
    }

    #[test]
    fn joins_and_revocations_survive_a_reload() {
        let dir = tempfile::tempdir().unwrap();
        let p = Uuid::new_v4();
        let mut reg = Registry::load(dir.path()).unwrap();
        reg.join(record(p, "first")).unwrap();
        reg.join(record(p, "second")).unwrap();
        assert!(!reg.by_token("first").unwrap_err(), "replaced");
        assert_eq!(reg.by_token("second").unwrap().panelist_id, p);
        assert!(reg.revoke(p, Utc::now()).unwrap());
        assert!(!reg.revoke(p, Utc::now()).unwrap());
        let again = Registry::load(dir.path()).unwrap();
        assert!(again.by_token("second").unwrap_err(), "revoked");
        assert_eq!(again.stations().len(), 1);
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(!text.contains("second"), "tokens are kept hashed");
    }
}

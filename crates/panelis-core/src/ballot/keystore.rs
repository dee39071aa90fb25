//! The device keystore: the Ed25519 secret keys this computer signs ballots with, one file
//! per key in `keys/` of the data folder, readable only by the user (0600 on Unix).
//!
//! - `keys/<panelist-id>.key`: the panelist's own key, made on the device they score on.
//! - `keys/paper-<panelist-id>.key`: the key the secretariat holds for that panelist, to sign
//!   the paper ballots it types in on the panelist's behalf.
//!
//! A file holds one line `panelis-ed25519-v1 <64 hex digits of the secret seed>`. A key is
//! made once and never replaced: two processes asking at the same moment get the same key.

use crate::model::Signer;
use crate::{Error, Result};
use ed25519_dalek::SigningKey;
use rand_core::OsRng;
use std::io::Write;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The tag that starts every key file.
const TAG: &str = "panelis-ed25519-v1";

/// A folder of signing keys.
#[derive(Debug, Clone)]
pub struct Keystore {
    dir: PathBuf,
}

impl Keystore {
    /// The keystore in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Keystore { dir: dir.into() }
    }

    /// The keystore of this device: `keys/` in its data folder.
    pub fn of(dirs: &crate::paths::AppDirs) -> Self {
        Keystore::new(dirs.keys())
    }

    /// The folder the keys are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key that signs as `signer` for `panelist_id`, made on first use.
    pub fn key(&self, signer: Signer, panelist_id: Uuid) -> Result<SigningKey> {
        let path = self.path(signer, panelist_id);
        match read_key(&path)? {
            Some(key) => Ok(key),
            None => self.create(&path),
        }
    }

    /// The key file for `signer` and `panelist_id`.
    pub fn path(&self, signer: Signer, panelist_id: Uuid) -> PathBuf {
        self.dir.join(match signer {
            Signer::Panelist => format!("{panelist_id}.key"),
            Signer::Secretariat => format!("paper-{panelist_id}.key"),
        })
    }

    /// Writes a new key to a private temporary file, then links it into place; if another
    /// process got there first, its key wins and ours is dropped.
    fn create(&self, path: &Path) -> Result<SigningKey> {
        let io = |e: std::io::Error| Error::Io {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        restrict_dir(&self.dir);
        let key = SigningKey::generate(&mut OsRng);
        let tmp = self.dir.join(format!(".{}.tmp", Uuid::new_v4()));
        let written = (|| {
            let mut file = private_file(&tmp)?;
            writeln!(file, "{TAG} {}", hex::encode(key.to_bytes()))?;
            file.sync_all()
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        // A hard link never replaces an existing file; where links are not supported, a
        // rename (which could replace one made in the same instant) is the fallback.
        let placed = match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(_) if !path.exists() => std::fs::rename(&tmp, path).map(|()| true),
            Err(e) => Err(e),
        };
        let _ = std::fs::remove_file(&tmp);
        match placed.map_err(io)? {
            true => {
                crate::atomic::sync_dir(&self.dir);
                Ok(key)
            }
            false => read_key(path)?.ok_or_else(|| Error::Io {
                path: path.to_owned(),
                reason: "the key file vanished".into(),
            }),
        }
    }
}

/// Reads a key file; `None` when there is none.
fn read_key(path: &Path) -> Result<Option<SigningKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::Io {
                path: path.to_owned(),
                reason: e.to_string(),
            })
        }
    };
    let bad = || Error::Io {
        path: path.to_owned(),
        reason: "not a Panelis signing key file".into(),
    };
    let seed = text
        .trim()
        .strip_prefix(TAG)
        .map(str::trim)
        .ok_or_else(bad)?;
    let seed: [u8; 32] = hex::decode(seed)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    Ok(Some(SigningKey::from_bytes(&seed)))
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// The keys folder is the user's alone (0700 on Unix); best effort.
fn restrict_dir(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Keystore::new(dir.path().join("keys"));
        let p = Uuid::now_v7();
        let a = store.key(Signer::Panelist, p).unwrap();
        let b = store.key(Signer::Panelist, p).unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes());
        let paper = store.key(Signer::Secretariat, p).unwrap();
        assert_ne!(a.to_bytes(), paper.to_bytes());
        let path = store.path(Signer::Panelist, p);
        assert!(path.ends_with(format!("{p}.key")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 2);
    }

    #[test]
    fn keys_made_at_the_same_moment_agree() {
        let dir = tempfile::tempdir().unwrap();
        let store = Keystore::new(dir.path());
        let p = Uuid::now_v7();
        let keys: Vec<[u8; 32]> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| store.key(Signer::Panelist, p).unwrap().to_bytes()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(keys.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn a_damaged_key_file_is_an_error_not_a_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = Keystore::new(dir.path());
        let p = Uuid::now_v7();
        std::fs::write(store.path(Signer::Panelist, p), "garbage").unwrap();
        assert_eq!(store.key(Signer::Panelist, p).unwrap_err().code(), "io");
    }
}

//! Copying the open competition file with SQLite's online backup API: a consistent snapshot
//! even while scores are being written, never a half-copied file.

use super::Store;
use crate::store::Cached;
use crate::{Error, Result};
use std::path::Path;
use std::time::Duration;

/// Pages copied per step; between steps writers may go on.
const PAGES_PER_STEP: std::os::raw::c_int = 256;

impl Store {
    /// Writes a consistent copy of this competition to `dest` (which must not exist),
    /// through a temporary file that is checked and then renamed into place, so `dest`
    /// either does not exist or is a whole, openable competition file.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::AlreadyExists {
                path: dest.to_owned(),
            });
        }
        let io = |e: std::io::Error| Error::Io {
            path: dest.to_owned(),
            reason: e.to_string(),
        };
        let tmp = dest.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut copy = rusqlite::Connection::open(&tmp).map_err(|e| Error::Io {
                path: tmp.clone(),
                reason: e.to_string(),
            })?;
            {
                let backup = rusqlite::backup::Backup::new(self.conn(), &mut copy)?;
                backup.run_to_completion(PAGES_PER_STEP, Duration::from_millis(0), None)?;
            }
            // The copy is a plain rollback-journal file: one file, nothing beside it.
            copy.pragma_update(None, "journal_mode", "DELETE")?;
            let check: String = copy.row("PRAGMA quick_check", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(Error::Database(format!("backup check failed: {check}")));
            }
            drop(copy);
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io)?;
            std::fs::rename(&tmp, dest).map_err(io)?;
            if let Some(dir) = dest.parent() {
                // Make the rename itself durable (the directory entry).
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// A number that changes whenever anything in the file changes: the audit log's length
    /// (every write appends to it). Lets automatic backups skip an unchanged file.
    pub fn change_marker(&self) -> Result<i64> {
        Ok(self
            .conn()
            .row("SELECT COALESCE(MAX(seq), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?)
    }
}

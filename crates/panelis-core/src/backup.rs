//! Backups of a competition file to a folder the secretariat chooses (a USB stick): taken
//! every few minutes while something changed and at every finalization, keeping the last N
//! automatic ones (finalization backups are never pruned), listed newest first, and restored
//! as a new file beside the others so nothing is overwritten.
//!
//! A backup is named `<competition file stem>.<UTC time>.<reason>.panelis`, e.g.
//! `kipp-2024.20261122-231500.123.auto.panelis`, so names sort by time.

use crate::{Error, Result, Store};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The time in a backup's name: UTC, sortable, to the millisecond.
const TIME_FORMAT: &str = "%Y%m%d-%H%M%S%.3f";

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// Taken on the schedule; only the newest `keep` of these are kept.
    Auto,
    /// Taken when results were finalized; never pruned.
    Final,
    /// Asked for by the user; kept like automatic ones.
    Manual,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Auto => "auto",
            Reason::Final => "final",
            Reason::Manual => "manual",
        }
    }
}

/// Where and how often this device backs up, kept in the data folder (it names a folder
/// on this machine, so it does not travel inside the competition file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The backup folder; `None` = the `backups` folder inside the data folder.
    pub folder: Option<PathBuf>,
    /// How many automatic backups of each competition to keep.
    pub keep: u32,
    /// Minutes between automatic backups (only when something changed).
    pub every_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            folder: None,
            keep: 20,
            every_minutes: 5,
        }
    }
}

impl Settings {
    fn file(data_dir: &Path) -> PathBuf {
        data_dir.join("backup.json")
    }

    /// The settings saved in `data_dir`, or the defaults.
    pub fn load(data_dir: &Path) -> Settings {
        std::fs::read(Self::file(data_dir))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Checks and saves the settings in `data_dir`.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        if self.keep == 0 {
            return Err(Error::Setup(crate::setup::SetupRefusal::BackupKeepZero));
        }
        if self.every_minutes == 0 {
            return Err(Error::Setup(crate::setup::SetupRefusal::BackupIntervalZero));
        }
        let file = Self::file(data_dir);
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Io {
            path: file.clone(),
            reason: e.to_string(),
        })?;
        crate::atomic::write_file(&file, &json, crate::atomic::Access::Shared)
    }

    /// The folder backups go to.
    pub fn folder_in(&self, data_dir: &Path) -> PathBuf {
        self.folder
            .clone()
            .unwrap_or_else(|| data_dir.join("backups"))
    }
}

/// One backup file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backup {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub reason: Reason,
}

fn stem_of(store_path: &Path) -> String {
    store_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "competition".into())
}

/// Takes a backup of `store` into `folder` now and prunes old automatic ones beyond `keep`.
pub fn take(store: &Store, folder: &Path, keep: u32, reason: Reason) -> Result<Backup> {
    std::fs::create_dir_all(folder).map_err(|e| Error::Io {
        path: folder.to_owned(),
        reason: e.to_string(),
    })?;
    let stem = stem_of(store.path());
    // Names must sort by time even for backups taken within the same millisecond (and
    // after older ones were pruned): always later than the newest backup already there.
    let mut taken_at = crate::time::now();
    if let Some(newest) = list_stem(folder, &stem).first() {
        if newest.taken_at >= taken_at {
            taken_at = newest.taken_at + chrono::Duration::milliseconds(1);
        }
    }
    let path = folder.join(format!(
        "{stem}.{}.{}.{}",
        taken_at.format(TIME_FORMAT),
        reason.as_str(),
        crate::store::FILE_EXTENSION
    ));
    store.backup_to(&path)?;
    prune(folder, &stem, keep)?;
    Ok(Backup {
        path,
        taken_at,
        reason,
    })
}

/// The backups of the competition file `store_path` in `folder`, newest first.
pub fn list(folder: &Path, store_path: &Path) -> Vec<Backup> {
    list_stem(folder, &stem_of(store_path))
}

fn list_stem(folder: &Path, stem: &str) -> Vec<Backup> {
    let Ok(dir) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<Backup> = dir
        .filter_map(|e| e.ok())
        .filter_map(|e| parse_name(&e.path(), stem))
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    found
}

fn parse_name(path: &Path, stem: &str) -> Option<Backup> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix(stem)?.strip_prefix('.')?;
    let rest = rest.strip_suffix(&format!(".{}", crate::store::FILE_EXTENSION))?;
    let (when, reason) = rest.rsplit_once('.')?;
    let reason = match reason {
        "auto" => Reason::Auto,
        "final" => Reason::Final,
        "manual" => Reason::Manual,
        _ => return None,
    };
    let naive = chrono::NaiveDateTime::parse_from_str(when, TIME_FORMAT).ok()?;
    Some(Backup {
        path: path.to_owned(),
        taken_at: naive.and_utc(),
        reason,
    })
}

fn prune(folder: &Path, stem: &str, keep: u32) -> Result<()> {
    let prunable = list_stem(folder, stem)
        .into_iter()
        .filter(|b| b.reason != Reason::Final)
        .skip(keep.max(1) as usize);
    for old in prunable {
        std::fs::remove_file(&old.path).map_err(|e| Error::Io {
            path: old.path.clone(),
            reason: e.to_string(),
        })?;
    }
    Ok(())
}

/// A finalization, the checkpoint signed on it and the backup taken right after it.
#[derive(Debug)]
pub struct Finalized {
    pub finalization: crate::store::Finalization,
    /// The signed checkpoint of the audit log that covers the finalization (`None`: no
    /// signer was given), or why signing it failed: the finalization stands either way.
    pub checkpoint: Result<Option<crate::store::AuditCheckpoint>>,
    /// The finalization backup, or why it failed: the finalization stands either way (a
    /// failed backup is said, never undoes what the panel agreed).
    pub backup: Result<Backup>,
}

/// Finalizes results as `request` says, signs a checkpoint of the audit log with `signer`
/// (the organizer's key, when at hand), then takes the finalization backup (which holds the
/// checkpoint) into the folder the settings in `data_dir` name: the one way the app and the
/// CLI finalize, so neither finalizes without its backup.
pub fn finalize_with_backup(
    store: &mut Store,
    request: &crate::store::FinalizeRequest,
    data_dir: &Path,
    signer: Option<&dyn crate::store::CheckpointSigner>,
) -> Result<Finalized> {
    let finalization = store.finalize(request)?;
    let checkpoint = match signer {
        Some(signer) => store.sign_audit_checkpoint(signer),
        None => Ok(None),
    };
    let backup = finalization_backup(store, data_dir);
    Ok(Finalized {
        finalization,
        checkpoint,
        backup,
    })
}

/// The backup taken right after results are finalized, into the folder the settings in
/// `data_dir` name; kept forever (never pruned).
pub fn finalization_backup(store: &Store, data_dir: &Path) -> Result<Backup> {
    let settings = Settings::load(data_dir);
    take(
        store,
        &settings.folder_in(data_dir),
        settings.keep,
        Reason::Final,
    )
}

/// Decides when the app's automatic backups run: every `every_minutes`, and only when the
/// file changed since the last one (an idle file is not copied again and again).
#[derive(Debug, Default)]
pub struct AutoBackup {
    last: Option<(PathBuf, i64, DateTime<Utc>)>,
}

impl AutoBackup {
    /// Takes a backup of `store` if one is due at `now`; returns it when taken.
    pub fn tick(
        &mut self,
        store: &Store,
        settings: &Settings,
        data_dir: &Path,
        now: DateTime<Utc>,
    ) -> Result<Option<Backup>> {
        let marker = store.change_marker()?;
        if let Some((path, last_marker, at)) = &self.last {
            let same_file = path == store.path();
            let interval = chrono::Duration::minutes(i64::from(settings.every_minutes.max(1)));
            if same_file && (*last_marker == marker || now - *at < interval) {
                return Ok(None);
            }
        }
        let taken = take(
            store,
            &settings.folder_in(data_dir),
            settings.keep,
            Reason::Auto,
        )?;
        self.last = Some((store.path().to_owned(), marker, now));
        Ok(Some(taken))
    }
}

/// Restores a backup as a new competition file in `into_folder` (never over an existing
/// file), checks it opens cleanly, and returns it open. The backup itself is not touched: it
/// is a single quiescent file, copied byte for byte, and the copy is what gets opened.
pub fn restore(backup: &Path, into_folder: &Path) -> Result<Store> {
    let stem = backup
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or("competition")
        .to_string();
    let target = into_folder.join(format!(
        "{stem}-restored-{}.{}",
        crate::time::now().format("%Y%m%d-%H%M%S"),
        crate::store::FILE_EXTENSION
    ));
    if target.exists() {
        return Err(Error::AlreadyExists { path: target });
    }
    let io = |path: &Path, e: std::io::Error| Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(into_folder).map_err(|e| io(into_folder, e))?;
    std::fs::copy(backup, &target).map_err(|e| io(backup, e))?;
    // The copy is a new file to work in, even when the backup itself was read-only (copying
    // keeps the mode bits).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(&target) {
            let mode = meta.permissions().mode() | 0o200;
            let _ = std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode));
        }
    }
    match Store::open(&target) {
        Ok(store) => Ok(store),
        Err(e) => {
            // A damaged or foreign backup leaves nothing behind.
            for suffix in ["", "-wal", "-shm"] {
                let mut p = target.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests;

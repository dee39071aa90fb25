//! One module per family of subcommands; each takes the parsed arguments and the
//! competition file and calls the core.

pub mod audit;
pub mod backup;
pub mod ballots;
pub mod competition;
pub mod decision;
pub mod entries;
pub mod export;
pub mod finalization;
pub mod import;
pub mod lan;
pub mod panelists;
pub mod report;
pub mod results;
pub mod schedule;
pub mod station;
pub mod timer;

use crate::failure::{Failure, Result};
use panelis_core::paths::AppDirs;
use panelis_core::role::Device;
use panelis_core::{launch, recent, Store};
use std::path::PathBuf;

/// What a command found, for the exit code.
pub enum Outcome {
    Ok,
    /// A check ran and found a problem (exit 1).
    CheckFailed,
    /// `verify` without an anchor: the signature is intact, whose it is was not checked
    /// (exit 3).
    Unanchored,
}

/// The competition file a command works on, and Panelis' own folders.
pub struct Db {
    explicit: Option<PathBuf>,
    dirs: AppDirs,
}

impl Db {
    /// From `--db` (else `$PANELIS_DB`) and the program's folders (see `main`).
    pub fn new(flag: Option<PathBuf>, dirs: AppDirs) -> Self {
        let explicit = flag.or_else(|| std::env::var_os("PANELIS_DB").map(PathBuf::from));
        Db { explicit, dirs }
    }

    /// Panelis' own folders: keys, certificates, the recent list, backups' settings.
    pub fn dirs(&self) -> &AppDirs {
        &self.dirs
    }

    /// Opens the file named by `--db`/`$PANELIS_DB`, else the competition opened last.
    pub fn open(&self) -> Result<Store> {
        let path = match &self.explicit {
            Some(p) => p.clone(),
            None => recent::load(&self.dirs.recent_list())
                .into_iter()
                .next()
                .ok_or_else(|| {
                    Failure::usage(
                        "--db",
                        "no competition file given and none opened before; use --db FILE",
                    )
                })?,
        };
        Ok(launch::open(&self.dirs, &path)?)
    }

    /// Opens the competition file for the secretariat's work (the decision, finalizing,
    /// documents, imports): refused on a laptop bound to a panelist (the core's role rule).
    pub fn open_as_secretariat(&self) -> Result<Store> {
        let store = self.open()?;
        Device::of(&store, &self.dirs)?.require_secretariat()?;
        Ok(store)
    }

    /// Opens the competition file to show the ranking and every panelist's scores: on a
    /// laptop bound to a panelist, only once the results are released.
    pub fn open_for_results(&self) -> Result<Store> {
        let store = self.open()?;
        Device::of(&store, &self.dirs)?.may_see_results(&store)?;
        Ok(store)
    }

    /// Whether a competition file was named (`--db` or `$PANELIS_DB`), not just remembered.
    pub fn is_explicit(&self) -> bool {
        self.explicit.is_some()
    }

    /// Where a new competition goes: `--db`, or `default_name` in the data folder.
    pub fn for_new(&self, default_name: &str) -> PathBuf {
        self.explicit
            .clone()
            .unwrap_or_else(|| self.dirs.data().join(default_name))
    }
}

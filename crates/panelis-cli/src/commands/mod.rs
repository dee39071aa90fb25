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

use panelis_core::{launch, paths, recent, Error, Result, Store};
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

/// The competition file a command works on.
pub struct Db {
    explicit: Option<PathBuf>,
}

impl Db {
    pub fn new(flag: Option<PathBuf>) -> Self {
        let explicit = flag.or_else(|| std::env::var_os("PANELIS_DB").map(PathBuf::from));
        Db { explicit }
    }

    /// Opens the file named by `--db`/`$PANELIS_DB`, else the competition opened last.
    pub fn open(&self) -> Result<Store> {
        let path = match &self.explicit {
            Some(p) => p.clone(),
            None => recent::load(&paths::recent_list())
                .into_iter()
                .next()
                .ok_or_else(|| {
                    Error::invalid(
                        "--db",
                        "no competition file given and none opened before; use --db FILE",
                    )
                })?,
        };
        launch::open(&path)
    }

    /// Whether a competition file was named (`--db` or `$PANELIS_DB`), not just remembered.
    pub fn is_explicit(&self) -> bool {
        self.explicit.is_some()
    }

    /// Where a new competition goes: `--db`, or `default_name` in the data folder.
    pub fn for_new(&self, default_name: &str) -> PathBuf {
        self.explicit
            .clone()
            .unwrap_or_else(|| paths::data_dir().join(default_name))
    }
}

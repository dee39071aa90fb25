//! One module per family of subcommands; each takes the parsed arguments and the
//! competition file and calls the core.

pub mod audit;
pub mod competition;
pub mod panelists;

use panelis_core::{paths, recent, Error, Result, Store};
use std::path::PathBuf;

/// What a command found, for the exit code.
pub enum Outcome {
    Ok,
    /// A check ran and found a problem (exit 1).
    CheckFailed,
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
        Store::open(&path)
    }

    /// Where a new competition goes: `--db`, or `default_name` in the data folder.
    pub fn for_new(&self, default_name: &str) -> PathBuf {
        self.explicit
            .clone()
            .unwrap_or_else(|| paths::data_dir().join(default_name))
    }

    /// Records a created or opened file as the latest, for the app and later commands.
    pub fn remember(store: &Store) {
        let _ = std::fs::create_dir_all(paths::data_dir());
        let _ = recent::remember(&paths::recent_list(), store.path());
    }
}

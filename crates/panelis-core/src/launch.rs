//! What the app opens: the competition opened last, else the demo competition (created on
//! first run). Opening or creating a file puts it first in the recent list of the
//! [`AppDirs`] given (the program's own, or a test's).

use crate::model::NewCompetition;
use crate::paths::AppDirs;
use crate::{demo, recent, Result, Store};
use std::path::Path;

/// The store the app starts with, and why the last file could not be opened, if it could not.
pub struct Launch {
    pub store: Option<Store>,
    pub problem: Option<crate::Error>,
}

/// Opens the most recent competition; on first run (or if it fails) the demo one.
pub fn open_last_or_demo(dirs: &AppDirs) -> Launch {
    let mut problem = None;
    if let Some(last) = recent::load(&dirs.recent_list()).into_iter().next() {
        match open(dirs, &last) {
            Ok(store) => {
                return Launch {
                    store: Some(store),
                    problem: None,
                }
            }
            Err(e) => problem = Some(e),
        }
    }
    with_problem(open_demo(dirs), problem)
}

/// Opens the demo competition (creating it the first time), as the app's `--demo` asks.
pub fn open_demo_at_launch(dirs: &AppDirs) -> Launch {
    with_problem(open_demo(dirs), None)
}

/// Opens the demo competition in the data folder, creating it the first time.
pub fn open_demo(dirs: &AppDirs) -> Result<Store> {
    let demo_path = dirs.demo_file();
    if demo_path.exists() {
        open(dirs, &demo_path)
    } else {
        create_demo(dirs, &demo_path)
    }
}

/// The demo's own failure, if any, outranks the earlier problem: without it nothing is open.
fn with_problem(demo: Result<Store>, problem: Option<crate::Error>) -> Launch {
    match demo {
        Ok(store) => Launch {
            store: Some(store),
            problem,
        },
        Err(e) => Launch {
            store: None,
            problem: Some(e),
        },
    }
}

/// Opens a competition file and remembers it in the recent list.
pub fn open(dirs: &AppDirs, path: &Path) -> Result<Store> {
    let store = Store::open(path)?;
    remember(dirs, &store);
    Ok(store)
}

/// Creates a competition file and remembers it in the recent list.
pub fn create(dirs: &AppDirs, path: &Path, details: &NewCompetition) -> Result<Store> {
    let store = Store::create(path, details)?;
    remember(dirs, &store);
    Ok(store)
}

/// Saves what `store`'s open connection holds (its file gone or replaced) to a new file at
/// `to`, opens that and remembers it: the way out of [`crate::Error::FileGone`]. Stations
/// then send again what was not confirmed.
pub fn save_copy_from_memory(dirs: &AppDirs, store: &Store, to: &Path) -> Result<Store> {
    store.backup_to(to)?;
    open(dirs, to)
}

/// Creates the demo competition at `path` and remembers it in the recent list.
pub fn create_demo(dirs: &AppDirs, path: &Path) -> Result<Store> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::Io {
            path: dir.to_owned(),
            reason: e.to_string(),
        })?;
    }
    let store = demo::create(path)?;
    remember(dirs, &store);
    Ok(store)
}

/// The recent list is a convenience: failing to update it never fails the open.
fn remember(dirs: &AppDirs, store: &Store) {
    let _ = recent::remember(&dirs.recent_list(), store.path());
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn first_launch_creates_the_demo_then_reopens_the_last_file() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = AppDirs::new(dir.path());
        let first = open_last_or_demo(&dirs);
        assert!(first.problem.is_none());
        let store = first.store.expect("demo opened");
        assert_eq!(store.competition().unwrap().name, demo::DEMO_NAME);
        drop(store);
        // Another competition opened since: launching opens it, not the demo.
        let other = dir.path().join("other.panelis");
        let new = NewCompetition {
            name: "KIPP Kota Makassar".into(),
            ..Default::default()
        };
        drop(Store::create(&other, &new).unwrap());
        drop(open(&dirs, &other).unwrap());
        let again = open_last_or_demo(&dirs).store.unwrap();
        assert_eq!(again.competition().unwrap().name, "KIPP Kota Makassar");
        // --demo always opens the demo.
        let demo = open_demo_at_launch(&dirs).store.unwrap();
        assert_eq!(demo.competition().unwrap().name, demo::DEMO_NAME);
    }

    #[test]
    fn an_unopenable_last_file_falls_back_to_the_demo_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = AppDirs::new(dir.path());
        let broken = dir.path().join("broken.panelis");
        std::fs::write(&broken, b"not a competition file, just some text").unwrap();
        recent::remember(&dirs.recent_list(), &broken).unwrap();
        let launch = open_last_or_demo(&dirs);
        assert_eq!(launch.problem.unwrap().code(), "not_a_competition");
        assert_eq!(
            launch.store.unwrap().competition().unwrap().name,
            demo::DEMO_NAME
        );
    }
}

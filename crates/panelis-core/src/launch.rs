//! What the app opens: the competition opened last, else the demo competition (created on
//! first run). Opening or creating a file puts it first in the recent list. Functions take
//! the data folder (normally [`paths::data_dir`]) so tests can use their own.

use crate::model::NewCompetition;
use crate::{demo, paths, recent, Result, Store};
use std::path::Path;

/// The store the app starts with, and why the last file could not be opened, if it could not.
pub struct Launch {
    pub store: Option<Store>,
    pub problem: Option<crate::Error>,
}

/// Opens the most recent competition; on first run (or if it fails) the demo one.
pub fn open_last_or_demo(data_dir: &Path) -> Launch {
    let mut problem = None;
    if let Some(last) = recent::load(&paths::recent_list_in(data_dir))
        .into_iter()
        .next()
    {
        match open_in(data_dir, &last) {
            Ok(store) => {
                return Launch {
                    store: Some(store),
                    problem: None,
                }
            }
            Err(e) => problem = Some(e),
        }
    }
    with_problem(open_demo(data_dir), problem)
}

/// Opens the demo competition (creating it the first time), as the app's `--demo` asks.
pub fn open_demo_at_launch(data_dir: &Path) -> Launch {
    with_problem(open_demo(data_dir), None)
}

/// Opens the demo competition in `data_dir`, creating it the first time.
pub fn open_demo(data_dir: &Path) -> Result<Store> {
    let demo_path = paths::demo_file_in(data_dir);
    if demo_path.exists() {
        open_in(data_dir, &demo_path)
    } else {
        create_demo_in(data_dir, &demo_path)
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

/// Opens a competition file and remembers it in the default data folder.
pub fn open(path: &Path) -> Result<Store> {
    open_in(&paths::data_dir(), path)
}

/// Creates a competition file and remembers it in the default data folder.
pub fn create(path: &Path, details: &NewCompetition) -> Result<Store> {
    let store = Store::create(path, details)?;
    remember(&paths::data_dir(), &store);
    Ok(store)
}

/// Saves what `store`'s open connection holds (its file gone or replaced) to a new file at
/// `to`, opens that and remembers it: the way out of [`crate::Error::FileGone`]. Stations
/// then send again what was not confirmed.
pub fn save_copy_from_memory(store: &Store, to: &Path) -> Result<Store> {
    store.backup_to(to)?;
    open(to)
}

/// Creates the demo competition at `path` and remembers it in the default data folder.
pub fn create_demo(path: &Path) -> Result<Store> {
    create_demo_in(&paths::data_dir(), path)
}

fn open_in(data_dir: &Path, path: &Path) -> Result<Store> {
    let store = Store::open(path)?;
    remember(data_dir, &store);
    Ok(store)
}

fn create_demo_in(data_dir: &Path, path: &Path) -> Result<Store> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::Io {
            path: dir.to_owned(),
            reason: e.to_string(),
        })?;
    }
    let store = demo::create(path)?;
    remember(data_dir, &store);
    Ok(store)
}

/// The recent list is a convenience: failing to update it never fails the open.
fn remember(data_dir: &Path, store: &Store) {
    let _ = recent::remember(&paths::recent_list_in(data_dir), store.path());
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn first_launch_creates_the_demo_then_reopens_the_last_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = open_last_or_demo(dir.path());
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
        drop(open_in(dir.path(), &other).unwrap());
        let again = open_last_or_demo(dir.path()).store.unwrap();
        assert_eq!(again.competition().unwrap().name, "KIPP Kota Makassar");
        // --demo always opens the demo.
        let demo = open_demo_at_launch(dir.path()).store.unwrap();
        assert_eq!(demo.competition().unwrap().name, demo::DEMO_NAME);
    }

    #[test]
    fn an_unopenable_last_file_falls_back_to_the_demo_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.panelis");
        std::fs::write(&broken, b"not a competition file, just some text").unwrap();
        recent::remember(&paths::recent_list_in(dir.path()), &broken).unwrap();
        let launch = open_last_or_demo(dir.path());
        assert_eq!(launch.problem.unwrap().code(), "not_a_competition");
        assert_eq!(
            launch.store.unwrap().competition().unwrap().name,
            demo::DEMO_NAME
        );
    }
}

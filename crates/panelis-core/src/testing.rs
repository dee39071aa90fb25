//! Fixtures the core's unit tests share: a new competition file, entries by number, the
//! demo's day and the order of a room's slots, so each test module does not make its own.
#![allow(clippy::unwrap_used)] // a fixture that cannot be made fails its test loudly

use crate::ballot::keystore::Keystore;
use crate::model::{NewCompetition, NewEntry};
use crate::schedule::DayPlan;
use crate::Store;
use chrono::NaiveDate;
use std::path::Path;
use uuid::Uuid;

/// A new competition file named `name` at `path`, with nothing in it yet.
pub(crate) fn create(path: &Path, name: &str) -> Store {
    Store::create(
        path,
        &NewCompetition {
            name: name.into(),
            ..Default::default()
        },
    )
    .unwrap()
}

/// A new competition ("KIPP Sulsel 2023") in a folder of its own, kept while the test runs.
pub(crate) fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = create(&dir.path().join("c.panelis"), "KIPP Sulsel 2023");
    (dir, store)
}

/// Entries No 1 to `n`, titled "Inovasi N", with nothing else filled in.
pub(crate) fn numbered(n: u32) -> Vec<NewEntry> {
    (1..=n)
        .map(|no| NewEntry {
            no,
            title: format!("Inovasi {no}"),
            ..Default::default()
        })
        .collect()
}

/// The demo's day: the typical day on 7 March 2023, in WITA (UTC+8).
pub(crate) fn demo_day() -> DayPlan {
    DayPlan::typical(NaiveDate::from_ymd_opt(2023, 3, 7).unwrap(), 480)
}

/// The numbers of the entries in `room`'s slots, in the slots' order.
pub(crate) fn nos_in(store: &Store, room: Uuid) -> Vec<u32> {
    let entries = store.entries().unwrap();
    store
        .slots()
        .unwrap()
        .iter()
        .filter(|s| s.room_id == room)
        .map(|s| entries.iter().find(|e| e.id == s.entry_id).unwrap().no)
        .collect()
}

/// The demo competition in a folder of its own, with the keys folder its paper ballots are
/// signed with.
pub(crate) struct Demo {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) store: Store,
    pub(crate) keys: Keystore,
}

/// The demo competition with paper ballots from its whole panel: for each `(entry No,
/// score)`, every panelist gives that score on every criterion.
pub(crate) fn demo_scored(scores: &[(u32, i32)]) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let text = paper_csv(&store, &panel_names(&store), scores);
    store.import_paper_scores(&text, &keys).unwrap();
    Demo {
        _dir: dir,
        store,
        keys,
    }
}

/// Paper ballots as the CSV the secretariat imports: for each `(entry No, score)`, each
/// panelist of `panel` gives that score on every criterion.
pub(crate) fn paper_csv(store: &Store, panel: &[String], scores: &[(u32, i32)]) -> String {
    let criteria = store.rubric().unwrap().criteria;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for (no, score) in scores {
        for name in panel {
            for c in &criteria {
                text += &format!("\"{name}\";{no};{};{score}\n", c.code);
            }
        }
    }
    text
}

/// The names of the panel, in the panel's order.
pub(crate) fn panel_names(store: &Store) -> Vec<String> {
    store
        .panelists()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

/// The id of entry No `no`.
pub(crate) fn entry_id(store: &Store, no: u32) -> Uuid {
    store
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.no == no)
        .unwrap()
        .id
}

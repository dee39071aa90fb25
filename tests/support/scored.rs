//! Demo competitions with paper ballots already on record, made before the app is launched,
//! for the tests that need results, ties and a far-from-panel score on screen.

use panelis_core::ballot::keystore::Keystore;
use panelis_core::{paths, recent, Store};
use std::path::PathBuf;

/// The CSV of paper ballots in which every demo panelist gives each entry of `entries` one
/// score on every criterion: `score(no, panelist name)` says which, or `None` for a
/// panelist who gave that entry no ballot.
pub fn scores_csv(
    store: &Store,
    entries: &[u32],
    score: impl Fn(u32, &str) -> Option<i32>,
) -> String {
    let criteria = store.rubric().expect("rubric").criteria;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for &no in entries {
        for p in store.panelists().expect("panel") {
            let Some(score) = score(no, &p.name) else {
                continue;
            };
            for c in &criteria {
                text += &format!("\"{}\";{no};{};{score}\n", p.name, c.code);
            }
        }
    }
    text
}

/// A data folder whose demo competition (opened at launch, as the last one used) holds the
/// paper ballots `scores_csv` makes of `entries` and `score`; with the demo file's path.
pub fn scored_demo(
    entries: &[u32],
    score: impl Fn(u32, &str) -> Option<i32>,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    let mut store = panelis_core::demo::create(&file).expect("demo");
    let text = scores_csv(&store, entries, score);
    store
        .import_paper_scores(&text, &Keystore::new(dir.path().join("keys")))
        .expect("paper ballots");
    drop(store);
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    (dir, file)
}

/// The demo with No 1 and No 2 at 80 (tied), No 3 at 90 and No 4 at 63.75 from four
/// panelists (Nurul gave No 4 none; Hendra's 45 is far from the others' 70); the rest
/// unscored.
pub fn ranked_demo() -> (tempfile::TempDir, PathBuf) {
    scored_demo(&[1, 2, 3, 4], |no, name| match no {
        4 if name.starts_with("Nurul") => None,
        4 if name.starts_with("Drs. Hendra") => Some(45),
        4 => Some(70),
        3 => Some(90),
        _ => Some(80),
    })
}

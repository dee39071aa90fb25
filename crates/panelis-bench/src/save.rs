//! Saving one score: the core's autosave against a bare insert with the same pragmas.

use crate::Figure;
use panelis_core::ballot::BallotForm;
use panelis_core::model::{Criterion, Entry};
use std::path::Path;
use std::time::Instant;
use uuid::Uuid;

/// The `i`th autosave as a panelist types: one more criterion or a changed score, on one
/// entry at a time (the entry's id and the form). The page's save does the same (ui_save).
pub fn typed(i: usize, entries: &[Entry], criteria: &[Criterion]) -> (Uuid, BallotForm) {
    let scores: Vec<_> = criteria
        .iter()
        .take(1 + i % criteria.len())
        .map(|c| (c.id, (i % 101) as i32))
        .collect();
    (
        entries[i % entries.len()].id,
        BallotForm::with_scores(&scores),
    )
}

/// p50 and p99 of `samples` (milliseconds).
pub fn percentiles(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

pub fn measure(scratch: &Path, saves: usize) -> Result<Vec<Figure>, String> {
    let dir = tempfile::tempdir_in(scratch).map_err(|e| e.to_string())?;
    let mut store =
        panelis_core::demo::create(&dir.path().join("demo.panelis")).map_err(|e| e.to_string())?;
    let panelist = store.panelists().map_err(|e| e.to_string())?[0].id;
    let entries = store.entries().map_err(|e| e.to_string())?;
    let criteria = store.rubric().map_err(|e| e.to_string())?.criteria;
    let mut ours = Vec::with_capacity(saves);
    for i in 0..saves {
        let (entry, form) = typed(i, &entries, &criteria);
        let t = Instant::now();
        store
            .save_draft(panelist, entry, &form)
            .map_err(|e| e.to_string())?;
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut floor = bare_inserts(dir.path(), saves)?;
    let (o50, o99) = percentiles(&mut ours);
    let (f50, f99) = percentiles(&mut floor);
    Ok(vec![
        Figure {
            name: "save one score, p50 (core, durable)".into(),
            ours: o50,
            floor: f50,
            unit: "ms",
            aim: "<= 2x",
        },
        Figure {
            name: "save one score, p99 (core, durable)".into(),
            ours: o99,
            floor: f99,
            unit: "ms",
            aim: "<= 2x",
        },
    ])
}

/// The floor: `n` single-row inserts, each its own transaction, into a bare table with the
/// competition file's pragmas (WAL, `synchronous=FULL`) in `dir`; milliseconds each.
pub fn bare_inserts(dir: &Path, n: usize) -> Result<Vec<f64>, String> {
    let bare_path = dir.join("bare.sqlite");
    let mut conn = rusqlite::Connection::open(&bare_path).map_err(|e| e.to_string())?;
    panelis_core::store::durable_pragmas(&conn).map_err(|e| e.to_string())?;
    conn.execute_batch(
        "CREATE TABLE scores (id TEXT PRIMARY KEY, ballot TEXT, criterion TEXT, score INTEGER)",
    )
    .map_err(|e| e.to_string())?;
    let mut floor = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute(
            "INSERT INTO scores VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![uuid::Uuid::now_v7().to_string(), "b", "c", (i % 101) as i64],
        )
        .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
        floor.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(floor)
}

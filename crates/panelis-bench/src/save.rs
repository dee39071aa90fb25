//! Saving one score: the core's autosave against a bare insert with the same pragmas.

use crate::Figure;
use panelis_core::ballot::BallotForm;
use panelis_core::model::{Criterion, Entry};
use std::path::Path;
use std::time::Instant;
use uuid::Uuid;

/// The `i`th autosave as a panelist types, by position: the entry's index, and each scored
/// criterion's index with its score. On each entry in turn, one more criterion scored per
/// save until all are; from the second round on, one score changed per save, the others as
/// they were. The one rule for both save benchmarks: the page is handed these positions
/// (`ui_save`), the core takes them with the file's ids ([`typed`]).
pub fn typing(i: usize, entries: usize, criteria: usize) -> (usize, Vec<(usize, i32)>) {
    let n = criteria;
    let (step, entry, round) = (i % n, (i / n) % entries, i / (n * entries));
    let scores = (0..n)
        .filter(|k| round > 0 || *k <= step)
        .map(|k| {
            // Criteria up to this save's have been typed this round, the others last round.
            let changes = if k <= step { round } else { round - 1 };
            (k, ((entry * n + k + changes) % 101) as i32)
        })
        .collect();
    (entry, scores)
}

/// [`typing`] with the competition's ids: the entry's id and the form.
pub fn typed(i: usize, entries: &[Entry], criteria: &[Criterion]) -> (Uuid, BallotForm) {
    let (entry, scores) = typing(i, entries.len(), criteria.len());
    let scores: Vec<_> = scores
        .into_iter()
        .map(|(k, score)| (criteria[k].id, score))
        .collect();
    (entries[entry].id, BallotForm::with_scores(&scores))
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::typed;

    #[test]
    fn the_typed_forms_add_one_criterion_then_change_one_score_per_save() {
        let dir = tempfile::tempdir().unwrap();
        let store = panelis_core::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let (entries, criteria) = (store.entries().unwrap(), store.rubric().unwrap().criteria);
        let n = criteria.len();
        let scores = |i: usize| {
            let (entry, form) = typed(i, &entries, &criteria);
            let scored: Vec<String> = form.criteria.iter().map(|c| c.score.clone()).collect();
            (entry, scored)
        };
        for i in 1..n {
            let ((before, was), (entry, now)) = (scores(i - 1), scores(i));
            assert_eq!(
                (entry, now.len()),
                (before, i + 1),
                "one more criterion on one entry"
            );
            assert_eq!(now[..i], was[..], "what was typed stays");
        }
        assert_ne!(scores(n).0, scores(n - 1).0, "then the next entry");
        // The second round: on the first entry again, all scored, one score changed per save.
        let round = n * entries.len();
        let mut last = scores(n - 1);
        for i in round..round + n {
            let now = scores(i);
            assert_eq!(now.0, last.0);
            let changed = now.1.iter().zip(&last.1).filter(|(a, b)| a != b).count();
            assert_eq!((now.1.len(), changed), (n, 1), "save {i}");
            last = now;
        }
    }
}

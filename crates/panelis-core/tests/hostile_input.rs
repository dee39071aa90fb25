//! Hostile input, bounded in time: mutated and random paper-score CSVs, ballot files and
//! competition files go through the same code the app and `panelis` use. Seeds: the corpora
//! in `tests/corpus/paper-scores/` and `tests/corpus/ballot-file/`, and files made at run
//! time (a signed ballot file, a whole competition file). Each must end in a
//! result or a clear error, never a panic. (The shortlist importer has its own fuzz test.)
//!
//! Each target runs for `PANELIS_FUZZ_SECS` seconds (default 3); longer:
//! `PANELIS_FUZZ_SECS=600 cargo test -p panelis-core --release --test hostile_input -- --nocapture`
//! (the seed is printed; repeat a run with `PANELIS_FUZZ_SEED`).

#[path = "support/fuzz.rs"]
mod fuzz;
use fuzz::{budget, Rng};

use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::transfer::BallotFile;
use panelis_core::ballot::BallotForm;
use panelis_core::model::Signer;
use panelis_core::Store;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

/// One mutation of `seed`: flip, insert, delete, duplicate a run, or plain random bytes.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(v.len() + 1);
                let interesting = [
                    b',', b';', b'"', b'\n', b'\r', b'{', b'}', b'0', b'-', 0xff, 0,
                ];
                v.insert(i, interesting[rng.below(interesting.len())]);
            }
            2 if !v.is_empty() => {
                let i = rng.below(v.len());
                let n = rng.below(v.len() - i).min(64);
                v.drain(i..i + n);
            }
            3 if !v.is_empty() => {
                let i = rng.below(v.len());
                let n = rng.below(v.len() - i).min(256);
                let run: Vec<u8> = v[i..i + n].to_vec();
                v.splice(i..i, run);
            }
            4 => v = (0..rng.below(512)).map(|_| rng.next() as u8).collect(),
            _ => {}
        }
    }
    v
}

/// Runs `f` on inputs until the budget is spent; a panic fails the test with the input.
/// The corpus kept in the repository for a target: `tests/corpus/<name>/`, one input per file.
fn corpus(name: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.expect("corpus entry").path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    assert!(!seeds.is_empty(), "no corpus in {}", dir.display());
    seeds
}

fn fuzz(name: &str, seeds: &[Vec<u8>], mut f: impl FnMut(&[u8])) {
    let mut rng = Rng::seeded("hostile input");
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < budget() || runs < 50 {
        let seed = &seeds[rng.below(seeds.len())];
        let input = if runs.is_multiple_of(10) {
            seed.clone()
        } else {
            mutate(&mut rng, seed)
        };
        if std::panic::catch_unwind(AssertUnwindSafe(|| f(&input))).is_err() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{name}-{runs}.bin"));
            let _ = std::fs::write(&path, &input);
            panic!("{name}: panicked on input saved at {}", path.display());
        }
        runs += 1;
    }
    eprintln!("{name}: {runs} inputs in {:?}, no panic", started.elapsed());
}

/// The demo competition with one submitted ballot, its keys beside it.
fn demo_with_ballot(dir: &Path) -> (Store, Keystore, BallotFile) {
    let mut store = panelis_core::demo::create(&dir.join("demo.panelis")).expect("demo");
    let keys = Keystore::new(dir.join("keys"));
    let panelist = store.panelists().expect("panel")[0].id;
    let key = store
        .ensure_signing_key(&keys, Signer::Panelist, panelist)
        .expect("key");
    let criteria = store.rubric().expect("rubric").criteria;
    let entry = store.entries().expect("entries")[0].id;
    let form = BallotForm::with_scores(&criteria.iter().map(|c| (c.id, 80)).collect::<Vec<_>>());
    store
        .submit_ballot(panelist, entry, &form, &key)
        .expect("submit");
    let file = store.export_ballots(panelist).expect("export").file;
    (store, keys, file)
}

#[test]
fn paper_score_csvs_never_panic() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut store, keys, _) = demo_with_ballot(dir.path());
    let mut seeds = corpus("paper-scores");
    seeds.push(b"\"Ir. Sitti Nurhaedah, M.T.\",7,presentasi,75\n".to_vec());
    fuzz("paper-scores", &seeds, |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let _ = store.import_paper_scores(&text, &keys);
    });
    assert!(store.check_integrity().is_ok());
    assert_eq!(store.verify_audit().expect("audit"), None);
}

#[test]
fn ballot_files_never_panic() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut store, _, file) = demo_with_ballot(dir.path());
    let path = dir.path().join("ballots.json");
    file.write(&path).expect("write ballot file");
    // The corpus, and a real signed file of this run (its ids and signature are fresh).
    let mut seeds = corpus("ballot-file");
    seeds.push(std::fs::read(&path).expect("read"));
    fuzz("ballot-file", &seeds, |bytes| {
        if let Ok(file) = BallotFile::parse(&String::from_utf8_lossy(bytes)) {
            let _ = store.import_ballots(&file, &[]);
        }
    });
    // Whatever was imported, every counted ballot still verifies and the chain holds.
    assert_eq!(store.verify_audit().expect("audit"), None);
    assert!(store.rejected_ballots().expect("rejected").is_empty());
}

#[test]
fn damaged_competition_files_never_panic() {
    let dir = tempfile::tempdir().expect("temp");
    let (store, _, _) = demo_with_ballot(dir.path());
    let clean = dir.path().join("clean.panelis");
    store.backup_to(&clean).expect("single-file copy");
    drop(store);
    let seed = std::fs::read(&clean).expect("read");
    let target = dir.path().join("fuzzed.panelis");
    fuzz("competition-file", &[seed], |bytes| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        std::fs::write(&target, bytes).expect("write");
        if let Ok(store) = Store::open(&target) {
            // A file that opens must also answer every read without panicking.
            let _ = store.overview();
            let _ = store.entries();
            let _ = store.counted_ballots();
            let _ = store.verify_audit();
            let _ = store.schedule_view(panelis_core::time::now());
        }
    });
}

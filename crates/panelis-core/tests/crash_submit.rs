//! Crash safety of submitted ballots: a child process (this test binary again, running the
//! ignored `submit_child`) submits signed ballots in a loop and prints `acked ENTRY REVISION`
//! after each submit returns; the parent kills it with SIGKILL at a random moment and then
//! checks that every acknowledged ballot is in the file, the file opens (SQLite's integrity
//! check runs on open), the audit chain verifies and the signatures count. 50 runs plain and
//! 50 runs while a second connection takes backups; every backup left behind must open.
//! More runs: PANELIS_CRASH_RUNS=1000 cargo test -p panelis-core --test crash_submit.

use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::BallotForm;
use panelis_core::model::{NewCompetition, NewEntry, Signer};
use panelis_core::{backup, Store};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ENTRIES: u32 = 5;
const DB_VAR: &str = "PANELIS_CRASH_TEST_DB";
const BACKUP_VAR: &str = "PANELIS_CRASH_TEST_BACKUPS";

fn runs() -> usize {
    std::env::var("PANELIS_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

fn setup(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("crash.panelis");
    let mut store = Store::create(
        &path,
        &NewCompetition {
            name: "Crash test".into(),
            ..Default::default()
        },
    )
    .expect("create");
    let entries: Vec<NewEntry> = (1..=ENTRIES)
        .map(|no| NewEntry {
            no,
            title: format!("Inovasi {no}"),
            ..Default::default()
        })
        .collect();
    store.add_entries(&entries).expect("entries");
    let p = store.add_panelist("Andi", "", true).expect("panelist");
    store
        .ensure_signing_key(&Keystore::new(dir.join("keys")), Signer::Panelist, p.id)
        .expect("key");
    path
}

#[test]
#[ignore = "run by the crash tests below as their child process"]
fn submit_child() {
    let Some(db) = std::env::var_os(DB_VAR) else {
        return;
    };
    let db = std::path::PathBuf::from(db);
    if let Some(folder) = std::env::var_os(BACKUP_VAR) {
        let (db, folder) = (db.clone(), std::path::PathBuf::from(folder));
        std::thread::spawn(move || {
            let store = Store::open(&db).expect("open for backups");
            loop {
                backup::take(&store, &folder, 3, backup::Reason::Auto).expect("backup");
                std::thread::sleep(Duration::from_millis(3));
            }
        });
    }
    let mut store = Store::open(&db).expect("open");
    let keys = Keystore::new(db.parent().expect("dir").join("keys"));
    let panelist = store.panelists().expect("panel")[0].id;
    let key = store
        .ensure_signing_key(&keys, Signer::Panelist, panelist)
        .expect("key");
    let criteria = store.rubric().expect("rubric").criteria;
    let entries = store.entries().expect("entries");
    let start: u64 = std::env::var("PANELIS_CRASH_TEST_START")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let out = std::io::stdout();
    for n in start.. {
        let entry = &entries[(n % u64::from(ENTRIES)) as usize];
        let score = ((n / u64::from(ENTRIES)) % 101) as i32;
        let scores: Vec<_> = criteria.iter().map(|c| (c.id, score)).collect();
        let form = BallotForm::with_scores(&scores);
        let ballot = store
            .submit_ballot(panelist, entry.id, &form, &key)
            .expect("submit");
        let mut out = out.lock();
        writeln!(out, "acked {} {}", entry.no, ballot.revision).expect("stdout");
        out.flush().expect("flush");
    }
}

fn crash_runs(with_backups: bool) {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = setup(dir.path());
    let folder = dir.path().join("backups");
    let me = std::env::current_exe().expect("test binary");
    let mut acked_total = 0;
    let mut next_start = 0u64;
    for run in 0..runs() {
        let mut cmd = Command::new(&me);
        cmd.args(["submit_child", "--exact", "--ignored", "--nocapture"])
            .args(["--test-threads", "1", "-q"])
            .env(DB_VAR, &db)
            // Each run continues where the last left off, so scores keep changing and
            // every submit is a new revision.
            .env("PANELIS_CRASH_TEST_START", next_start.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if with_backups {
            cmd.env(BACKUP_VAR, &folder);
        }
        let mut child = cmd.spawn().expect("spawn child");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut acked: HashMap<u32, u32> = HashMap::new();
        let mut record = |line: &str, acked: &mut HashMap<u32, u32>| -> bool {
            let mut parts = line.strip_prefix("acked ").unwrap_or("").split_whitespace();
            match (
                parts.next().and_then(|p| p.parse().ok()),
                parts.next().and_then(|p| p.parse().ok()),
            ) {
                (Some(no), Some(rev)) => {
                    let r = acked.entry(no).or_insert(0);
                    *r = (*r).max(rev);
                    acked_total += 1;
                    true
                }
                _ => false,
            }
        };
        for line in lines.by_ref() {
            if record(&line.expect("read"), &mut acked) {
                break;
            }
        }
        assert!(
            !acked.is_empty(),
            "run {run}: the child acknowledged nothing"
        );
        let nanos = started.elapsed().subsec_nanos();
        std::thread::sleep(Duration::from_millis(u64::from(nanos % 50)));
        child.kill().expect("SIGKILL");
        for line in lines {
            let Ok(line) = line else { break };
            record(&line, &mut acked);
        }
        assert!(
            !child.wait().expect("wait").success(),
            "run {run}: not killed"
        );
        next_start += 1000;
        check(&db, &acked, run);
        if with_backups {
            check_backups(&folder, run);
        }
    }
    eprintln!(
        "{} kill runs{}: {acked_total} acknowledged submits, all present, {:?}",
        runs(),
        if with_backups { " during backups" } else { "" },
        started.elapsed()
    );
}

fn check(db: &Path, acked: &HashMap<u32, u32>, run: usize) {
    let store = Store::open(db).unwrap_or_else(|e| panic!("run {run}: reopen failed: {e}"));
    assert_eq!(
        store.verify_audit().expect("audit"),
        None,
        "run {run}: audit chain"
    );
    let panelist = store.panelists().expect("panel")[0].id;
    let counted = store.counted_ballots().expect("counted");
    for entry in store.entries().expect("entries") {
        let Some(&rev) = acked.get(&entry.no) else {
            continue;
        };
        let latest = store
            .latest_ballot(panelist, entry.id)
            .expect("read")
            .expect("acknowledged ballot present");
        assert!(
            latest.revision >= rev,
            "run {run}, entry {}: revision {rev} acknowledged, file has {}",
            entry.no,
            latest.revision
        );
        assert!(
            counted.iter().any(|b| b.entry_id == entry.id),
            "run {run}, entry {}: the submitted ballot does not verify",
            entry.no
        );
    }
}

fn check_backups(folder: &Path, run: usize) {
    for b in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = b.path();
        if path.extension().and_then(|e| e.to_str()) != Some("panelis") {
            continue; // a `.partial` cut off by the kill is never a backup
        }
        // Open a copy so the backup itself stays untouched for the next check.
        let copy = tempfile::tempdir().expect("temp");
        let target = copy.path().join("copy.panelis");
        std::fs::copy(&path, &target).expect("copy backup");
        let store = Store::open(&target)
            .unwrap_or_else(|e| panic!("run {run}: backup {} does not open: {e}", path.display()));
        assert_eq!(
            store.verify_audit().expect("audit"),
            None,
            "run {run}: backup audit"
        );
    }
}

#[cfg(unix)]
#[test]
fn submitted_ballots_survive_kill_9() {
    crash_runs(false);
}

#[cfg(unix)]
#[test]
fn submitted_ballots_and_backups_survive_kill_9_during_backups() {
    crash_runs(true);
}

//! Kill -9 during autosave loses nothing that was shown as saved. A child process (this
//! test binary again, running the ignored `autosave_child`) saves drafts in a loop and prints
//! `saved N` after each save returns; the parent kills it with SIGKILL at a random moment,
//! then checks every acknowledged save in the competition file. Repeated 25 times.

use panelis_core::ballot::BallotForm;
use panelis_core::model::{NewCompetition, NewEntry};
use panelis_core::Store;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Entries the child cycles through: save `n` goes to entry `n % ENTRIES + 1`.
const ENTRIES: u32 = 5;
const RUNS: usize = 25;

/// The child's file, from the parent.
const DB_VAR: &str = "PANELIS_KILL_TEST_DB";

fn setup(path: &Path) {
    let mut store = Store::create(
        path,
        &NewCompetition {
            name: "Kill test".into(),
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
    store.add_panelist("Andi", "", true).expect("panelist");
}

/// What save `n` writes: a score that changes with every save on the same entry, and the
/// save's number in the note so the parent can tell which save it sees.
fn form_for(store: &Store, n: u64) -> BallotForm {
    let criteria = store.rubric().expect("rubric").criteria;
    let round = (n / u64::from(ENTRIES)) as i32;
    let mut form = BallotForm::with_scores(
        &criteria
            .iter()
            .take(1 + (n % 7) as usize)
            .map(|c| (c.id, round % 101))
            .collect::<Vec<_>>(),
    );
    form.note = format!("save {n}");
    form
}

#[test]
#[ignore = "run by autosave_survives_kill_9 as its child process"]
fn autosave_child() {
    let Some(db) = std::env::var_os(DB_VAR) else {
        return;
    };
    let mut store = Store::open(Path::new(&db)).expect("open");
    let panelist = store.panelists().expect("panel")[0].id;
    let entries = store.entries().expect("entries");
    let out = std::io::stdout();
    for n in 0u64.. {
        let entry = &entries[(n % u64::from(ENTRIES)) as usize];
        let form = form_for(&store, n);
        let saved = store.save_draft(panelist, entry.id, &form).expect("save");
        assert!(saved.problems.is_empty());
        let mut out = out.lock();
        writeln!(out, "saved {n}").expect("stdout");
        out.flush().expect("flush");
    }
}

#[cfg(unix)]
#[test]
fn autosave_survives_kill_9() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kill.panelis");
    setup(&db);
    let me = std::env::current_exe().expect("test binary");
    let mut total_acked = 0;
    for run in 0..RUNS {
        let mut child = Command::new(&me)
            .args(["autosave_child", "--exact", "--ignored", "--nocapture"])
            .args(["--test-threads", "1", "-q"])
            .env(DB_VAR, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("child stdout");
        let mut lines = BufReader::new(stdout).lines();
        // Wait for the first acknowledged save, then let it run a random while.
        let mut acked: Vec<u64> = Vec::new();
        for line in lines.by_ref() {
            if let Some(n) = line.expect("read").strip_prefix("saved ") {
                acked.push(n.trim().parse().expect("number"));
                break;
            }
        }
        assert!(!acked.is_empty(), "run {run}: the child saved nothing");
        let nanos = Instant::now().duration_since(started).subsec_nanos();
        std::thread::sleep(Duration::from_millis(u64::from(nanos % 40)));
        child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix.
                                        // Everything the child printed before it died is still in the pipe.
        for line in lines {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("saved ") {
                if let Ok(n) = n.trim().parse() {
                    acked.push(n);
                }
            }
        }
        let status = child.wait().expect("wait");
        assert!(!status.success(), "run {run}: the child was not killed");
        total_acked += acked.len();
        check(&db, &acked, run);
    }
    assert!(total_acked >= RUNS);
    eprintln!(
        "{RUNS} kills, {total_acked} acknowledged saves, {:?}",
        started.elapsed()
    );
}

/// For every entry, the draft on disk is the last acknowledged save on it or a later one
/// (a save may have committed just before the kill, without its line printed).
fn check(db: &Path, acked: &[u64], run: usize) {
    let store = Store::open(db).expect("reopen after kill");
    let panelist = store.panelists().expect("panel")[0].id;
    for entry in store.entries().expect("entries") {
        let slot = u64::from(entry.no - 1);
        let Some(last) = acked
            .iter()
            .filter(|n| *n % u64::from(ENTRIES) == slot)
            .max()
        else {
            continue;
        };
        let draft = store
            .latest_ballot(panelist, entry.id)
            .expect("read")
            .expect("an acknowledged draft is present");
        let seen: u64 = draft
            .note
            .strip_prefix("save ")
            .and_then(|n| n.parse().ok())
            .expect("note names its save");
        assert!(
            seen >= *last,
            "run {run}, entry {}: save {last} was acknowledged but the file has save {seen}",
            entry.no
        );
        let expected = form_for(&store, seen);
        assert_eq!(
            draft.scores.len(),
            expected.criteria.len(),
            "run {run}: save {seen} is whole"
        );
    }
}

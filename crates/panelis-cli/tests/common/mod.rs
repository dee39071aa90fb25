//! Runs the real `panelis` binary in a private data folder.

#![allow(dead_code, clippy::unwrap_used)] // shared by the test files; a test fails loudly

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `panelis ARGS` with this sandbox as its data folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_panelis"))
            .args(args)
            .env("PANELIS_DATA_DIR", self.dir.path())
            .env_remove("PANELIS_DB")
            .output()
            .expect("run panelis");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `panelis --db FILE ARGS`.
    pub fn run_db(&self, db: &Path, args: &[&str]) -> Run {
        let mut all = vec!["--db", db.to_str().expect("utf-8 path")];
        all.extend_from_slice(args);
        self.run(&all)
    }
}

/// The demo competition's rubric, criterion codes in order.
pub const DEMO_CRITERIA: [&str; 7] = [
    "kebaruan",
    "efektivitas",
    "kemanfaatan",
    "replikasi",
    "keberlanjutan",
    "presentasi",
    "wawancara",
];

/// Asserts success (exit 0), showing what was printed when not.
pub fn ok(run: &Run) -> &Run {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run
}

/// Asserts a failure with exit 2 and a one-line reason containing `needle`.
pub fn assert_bad_input(run: &Run, needle: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(
        run.stderr.trim_end().lines().count(),
        1,
        "one line: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(needle),
        "{:?} not in {}",
        needle,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Every trigger of a competition file dropped, as anyone with sqlite3 can.
pub fn drop_guards(conn: &rusqlite::Connection) {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|n| n.unwrap())
        .collect();
    assert!(!names.is_empty(), "the file has guards to drop");
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\";"))
            .unwrap();
    }
}

//! Runs the real `panelis` binary in a private data folder.

#![allow(dead_code, clippy::unwrap_used)] // shared by the test files; a test fails loudly

use sha2::{Digest, Sha256};
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

    /// `panelis ARGS` with this sandbox as its data folder and no `$PANELIS_DB`, for a test
    /// that sets more of its environment before it runs it with [`output`].
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_panelis"));
        command
            .args(args)
            .env("PANELIS_DATA_DIR", self.dir.path())
            .env_remove("PANELIS_DB");
        command
    }

    /// Runs `panelis ARGS` with this sandbox as its data folder.
    pub fn run(&self, args: &[&str]) -> Run {
        output(&mut self.command(args))
    }

    /// Runs `panelis --db FILE ARGS`.
    pub fn run_db(&self, db: &Path, args: &[&str]) -> Run {
        self.run(&with_db(db, args))
    }

    /// Runs `panelis --db FILE ARGS` with its messages in `lang` (`en` or `id`).
    pub fn run_db_in(&self, lang: &str, db: &Path, args: &[&str]) -> Run {
        output(self.command(&with_db(db, args)).env("PANELIS_LANG", lang))
    }
}

/// `--db FILE ARGS`.
pub fn with_db<'a>(db: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--db", db.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    all
}

/// Runs the command to its end and keeps its exit status and what it printed.
pub fn output(command: &mut Command) -> Run {
    let out = command.output().expect("run panelis");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
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

/// The chain's hash of one event (the rule Panelis uses, which is public).
pub fn hash_of(seq: i64, at: &str, actor: &str, action: &str, detail: &str, prev: &str) -> String {
    let mut h = Sha256::new();
    for part in [seq.to_string().as_str(), at, actor, action, detail, prev] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Deletes event `gone` and recomputes every later event's number, link and hash, and the
/// head: a chain that reads whole.
pub fn rechain_without(c: &rusqlite::Connection, gone: i64) {
    let rows: Vec<(String, String, String, String)> = c
        .prepare("SELECT at, actor, action, detail FROM audit_log WHERE seq <> ?1 ORDER BY seq")
        .unwrap()
        .query_map([gone], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    c.execute_batch("DELETE FROM audit_log;").unwrap();
    let mut prev = "0".repeat(64);
    for (i, (at, actor, action, detail)) in rows.iter().enumerate() {
        let seq = i as i64 + 1;
        let hash = hash_of(seq, at, actor, action, detail, &prev);
        c.execute(
            "INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![seq, at, actor, action, detail, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    c.execute(
        "UPDATE audit_head SET count = ?1, hash = ?2",
        rusqlite::params![rows.len() as i64, prev],
    )
    .unwrap();
}

/// `panelis --db FILE certificate import P12`, its password given through the environment.
pub fn import_certificate(s: &Sandbox, db: &Path, p12: &Path, password: &str) -> Run {
    let p12 = p12.to_str().expect("utf-8 path");
    let args = [
        "certificate",
        "import",
        p12,
        "--password-env",
        "PANELIS_TEST_P12",
    ];
    output(
        s.command(&with_db(db, &args))
            .env("PANELIS_TEST_P12", password),
    )
}

//! A whole competition file that cannot be written (a read-only file, a read-only folder)
//! is refused as `read_only` in both languages, never as `damaged`; a malformed file still
//! is `damaged`.
//!
//! Tests often run as root, for whom a file's mode bits stop no write. So a path is made
//! unwritable with `chmod` and, when a write still gets through, with the immutable flag
//! (`chattr +i`), which stops root too; the flag is cleared again when the test ends.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::lang::Lang;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// A path made unwritable for as long as this lives.
struct Unwritable {
    path: PathBuf,
    mode: u32,
    immutable: bool,
}

/// Whether something can still be written at `path` (appended to a file, created in a
/// folder).
fn writable(path: &Path) -> bool {
    if path.is_dir() {
        let probe = path.join(".probe");
        let ok = std::fs::File::create(&probe).is_ok();
        let _ = std::fs::remove_file(&probe);
        ok
    } else {
        std::fs::OpenOptions::new().append(true).open(path).is_ok()
    }
}

impl Unwritable {
    fn make(path: &Path) -> Unwritable {
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o555)).unwrap();
        let mut guard = Unwritable {
            path: path.to_owned(),
            mode,
            immutable: false,
        };
        if writable(path) {
            // Root: the mode bits are not enough.
            let out = Command::new("chattr").arg("+i").arg(path).output();
            guard.immutable = out.is_ok_and(|o| o.status.success());
        }
        assert!(
            !writable(path),
            "cannot make {} unwritable here (needs chmod, or chattr +i as root)",
            path.display()
        );
        guard
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(self.mode));
    }
}

/// A healthy competition file with its WAL checkpointed into it and closed.
fn healthy(dir: &Path) -> PathBuf {
    let path = dir.join("kipp.panelis");
    let mut store = crate::testing::create(&path, "KIPP 2024");
    store.add_panelist("Budi Santoso", "", false).unwrap();
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("kipp.panelis{suffix}")));
    }
    path
}

fn assert_read_only(err: &Error) {
    assert_eq!(err.code(), "read_only", "{err}");
    let en = err.message(Lang::En);
    assert!(en.contains("cannot be written"), "{en}");
    assert!(en.contains("the file itself is fine"), "{en}");
    assert!(!en.contains("damaged") && !en.contains("backup"), "{en}");
    let id = err.message(Lang::Id);
    assert!(id.contains("tidak dapat ditulis"), "{id}");
    assert!(id.contains("berkasnya sendiri utuh"), "{id}");
    assert!(!id.contains("rusak") && !id.contains("cadangan"), "{id}");
}

#[test]
fn a_read_only_file_is_read_only_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = healthy(dir.path());
    let guard = Unwritable::make(&path);
    let err = Store::open(&path).unwrap_err();
    assert_read_only(&err);
    drop(guard);
    // Writable again, the same file opens and takes a change.
    let mut store = Store::open(&path).unwrap();
    store.add_panelist("Ani", "", false).unwrap();
}

#[test]
fn a_file_in_a_read_only_folder_is_read_only_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    let path = healthy(&folder);
    let guard = Unwritable::make(&folder);
    let err = Store::open(&path).unwrap_err();
    assert_read_only(&err);
    drop(guard);
    assert!(Store::open(&path).is_ok());
}

#[test]
fn a_malformed_file_is_still_damaged_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = healthy(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    for b in &mut bytes[4096..8192] {
        *b = 0x5A;
    }
    std::fs::write(&path, bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "damaged", "{err}");
    assert!(err.message(Lang::En).contains("backup"), "{err}");
    let id = err.message(Lang::Id);
    assert!(id.contains("rusak") && id.contains("cadangan"), "{id}");
}

#[test]
fn a_file_that_can_no_longer_be_written_while_open_says_read_only_on_the_next_change() {
    // Mid-session the file's write-ahead log, where every change goes first, stops taking
    // writes (as on a stick the system turned read-only): the immutable flag stops them even
    // through SQLite's open handle, and even for root. (A read-only remount cannot be made
    // under open files, and mode bits do not stop a handle already open.)
    let dir = tempfile::tempdir().unwrap();
    let path = healthy(dir.path());
    let mut store = Store::open(&path).unwrap();
    let wal = dir.path().join("kipp.panelis-wal");
    assert!(wal.exists(), "WAL mode keeps its log beside the file");
    let flagged = Command::new("chattr").arg("+i").arg(&wal).status();
    assert!(
        flagged.is_ok_and(|s| s.success()),
        "chattr +i needs root (as CI runs)"
    );
    let err = store.add_panelist("Ani", "", false).unwrap_err();
    let _ = Command::new("chattr").arg("-i").arg(&wal).status();
    assert_read_only(&err);
    assert!(err.to_string().contains("kipp.panelis-wal"), "{err}");
    // Once it can be written again, the change goes through.
    store.add_panelist("Ani", "", false).unwrap();
}

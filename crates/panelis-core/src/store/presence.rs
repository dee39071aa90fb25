//! Whether the competition file is still there and still the one this store opened. A file
//! deleted while open (a USB stick pulled out, a wrong click in the file manager) stays
//! writable through the open handle, so SQLite keeps "saving" into a file nobody can open
//! again; a file replaced under the same name is another file. Every write checks, after its
//! commit, that the file at the path is the one it wrote to, so nothing is acknowledged (to
//! the user, to a station) that is not on disk where the competition lives.

use super::Store;
use crate::{Error, Result};
use std::path::Path;

/// What tells one file from another at the same path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileIdentity {
    device: u64,
    inode: u64,
}

/// The identity of the file at `path`; `None` when there is none (or, off Unix, always:
/// there only the file's presence is checked).
pub(super) fn identity_of(path: &Path) -> Option<FileIdentity> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FileIdentity {
            device: meta.dev(),
            inode: meta.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// `Ok` while the file `opened` is still at `path`; [`Error::FileGone`] when nothing is
/// there or the path can no longer be followed (its folder replaced by a file, or made
/// unreadable: the system's answer is the cause), [`Error::FileReplaced`] when another file
/// is.
pub(super) fn check(path: &Path, opened: Option<FileIdentity>) -> Result<()> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(Error::FileGone {
            path: path.to_owned(),
            cause: (e.kind() != std::io::ErrorKind::NotFound).then(|| e.to_string()),
        });
    }
    match (opened, identity_of(path)) {
        (Some(opened), Some(now)) if opened != now => Err(Error::FileReplaced {
            path: path.to_owned(),
        }),
        _ => Ok(()),
    }
}

impl Store {
    /// `Ok` while the file this store opened is still at its path (see [`check`]). The app
    /// asks every few seconds and raises its alarm at once when it is not; the LAN host asks
    /// before it tells a station what it holds.
    pub fn check_file(&self) -> Result<()> {
        check(&self.path, self.identity)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use crate::lang::Lang;
    use crate::Store;

    #[test]
    fn a_file_deleted_while_open_confirms_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kipp.panelis");
        let mut store = crate::demo::create(&path).unwrap();
        store.check_file().unwrap();
        store.add_panelist("Andi Baso", "", false).unwrap();
        std::fs::remove_file(&path).unwrap();
        let e = store.check_file().unwrap_err();
        assert_eq!(e.code(), "file_gone");
        // A change is refused, not reported as saved into a file nobody can open again.
        let e = store.add_panelist("Besse Tenri", "", false).unwrap_err();
        assert_eq!(e.code(), "file_gone");
        assert!(
            e.message(Lang::Id).contains("simpan salinan dari memori"),
            "{e}"
        );
        assert!(
            e.message(Lang::En).contains("save a copy from memory"),
            "{e}"
        );
        // What the open handle still holds can be saved from memory to a new place.
        let rescued = dir.path().join("kipp-dari-memori.panelis");
        store.backup_to(&rescued).unwrap();
        let again = Store::open(&rescued).unwrap();
        assert!(again
            .panelists()
            .unwrap()
            .iter()
            .any(|p| p.name == "Andi Baso"));
    }

    #[test]
    fn a_file_replaced_while_open_is_not_written_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kipp.panelis");
        let mut store = crate::demo::create(&path).unwrap();
        let other = dir.path().join("other.panelis");
        drop(crate::demo::create(&other).unwrap());
        std::fs::rename(&other, &path).unwrap();
        assert_eq!(store.check_file().unwrap_err().code(), "file_replaced");
        assert_eq!(
            store
                .add_panelist("Andi Baso", "", false)
                .unwrap_err()
                .code(),
            "file_replaced"
        );
    }

    /// A competition file in its own folder (the stick), open, with one change saved.
    fn on_a_stick(dir: &std::path::Path) -> (std::path::PathBuf, Store) {
        let stick = dir.join("usb");
        std::fs::create_dir(&stick).unwrap();
        let path = stick.join("kipp.panelis");
        let mut store = crate::demo::create(&path).unwrap();
        store.add_panelist("Andi Baso", "", false).unwrap();
        (path, store)
    }

    /// Whether the file at `path` holds a panelist of this name (opened afresh).
    fn holds(path: &std::path::Path, name: &str) -> bool {
        Store::open(path)
            .unwrap()
            .panelists()
            .unwrap()
            .iter()
            .any(|p| p.name == name)
    }

    #[test]
    fn a_folder_moved_away_while_open_is_gone_and_nothing_more_is_written_into_it() {
        // The folder taken elsewhere (a stick remounted at another place, a folder dragged
        // in the file manager): the open handles would still write into the file there.
        let dir = tempfile::tempdir().unwrap();
        let (path, mut store) = on_a_stick(dir.path());
        let elsewhere = dir.path().join("usb-elsewhere");
        std::fs::rename(dir.path().join("usb"), &elsewhere).unwrap();
        let e = store.add_panelist("Besse Tenri", "", false).unwrap_err();
        assert_eq!(e.code(), "file_gone", "{e}");
        assert!(e.message(Lang::En).contains("moved"), "{e}");
        assert!(e.message(Lang::Id).contains("dipindah"), "{e}");
        drop(store);
        let moved = elsewhere.join("kipp.panelis");
        assert!(holds(&moved, "Andi Baso"), "what was saved before stays");
        assert!(
            !holds(&moved, "Besse Tenri"),
            "the refused change was not written"
        );
        assert!(!path.exists());
    }

    #[test]
    fn a_folder_that_can_no_longer_be_followed_is_refused_with_the_systems_answer() {
        // The folder replaced by a file of the same name: the path leads nowhere, and not
        // because nothing is there. (Tests run as root, whom a folder's mode bits do not
        // stop: `chmod 000` cannot make the path unreadable here; replacing the folder is
        // the way the path stops being followed even for root.)
        let dir = tempfile::tempdir().unwrap();
        let (path, mut store) = on_a_stick(dir.path());
        let elsewhere = dir.path().join("usb-elsewhere");
        std::fs::rename(dir.path().join("usb"), &elsewhere).unwrap();
        std::fs::write(dir.path().join("usb"), b"not a folder").unwrap();
        let e = store.check_file().unwrap_err();
        assert_eq!(e.code(), "file_gone", "{e}");
        let e = store.add_panelist("Besse Tenri", "", false).unwrap_err();
        assert_eq!(e.code(), "file_gone", "{e}");
        let en = e.message(Lang::En);
        assert!(en.contains("can no longer be reached"), "{en}");
        assert!(en.contains("Not a directory"), "the system's answer: {en}");
        assert!(en.contains("save a copy from memory"), "{en}");
        assert!(!en.contains("damaged"), "{en}");
        let id = e.message(Lang::Id);
        assert!(id.contains("tidak dapat dijangkau lagi"), "{id}");
        assert!(id.contains("simpan salinan dari memori"), "{id}");
        assert_eq!(e.to_string(), en);
        drop(store);
        assert!(!holds(&elsewhere.join("kipp.panelis"), "Besse Tenri"));
        assert!(!path.exists());
    }
}

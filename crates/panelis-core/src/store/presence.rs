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
/// there, [`Error::FileReplaced`] when another file is.
pub(super) fn check(path: &Path, opened: Option<FileIdentity>) -> Result<()> {
    if !path.exists() {
        return Err(Error::FileGone {
            path: path.to_owned(),
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
}

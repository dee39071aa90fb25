//! The one way Panelis writes a whole file it may need after a crash (a ballot file, a
//! station's bindings, the recent list, keys, the backup settings, the LAN host's identity):
//! the bytes go to a temporary name beside the real one, are synced, renamed over it, and the
//! folder is synced, so a crash or a pulled stick leaves the old file or the new one, never
//! half of one, and a file reported written survives a power cut.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Who may read the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The usual permissions.
    Shared,
    /// The owner only (0600 on Unix): private keys.
    Private,
}

/// Writes `bytes` to `path` as described above, making its folder first if need be. On an
/// error the temporary file is removed and the real one is as it was.
pub fn write(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf);
    if let Some(dir) = &dir {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temporary_name(path);
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut file = open_new(&tmp, access)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    if let Some(dir) = &dir {
        sync_dir(dir);
    }
    Ok(())
}

/// Writes `bytes` to `path` as [`write`] does, the error as the core's [`crate::Error::Io`].
pub fn write_file(path: &Path, bytes: &[u8], access: Access) -> crate::Result<()> {
    write(path, bytes, access).map_err(|e| crate::Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

/// The temporary name beside `path`: its name with `.part` after it.
fn temporary_name(path: &Path) -> PathBuf {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    PathBuf::from(tmp)
}

/// Syncs a folder so a rename in it is on disk. Best effort: some file systems (and Windows)
/// cannot open a folder for syncing, and the file itself is synced already.
pub fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(unix)]
fn open_new(path: &Path, access: Access) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(match access {
            Access::Private => 0o600,
            Access::Shared => 0o644,
        })
        .open(path)
}

#[cfg(not(unix))]
fn open_new(path: &Path, _access: Access) -> std::io::Result<std::fs::File> {
    std::fs::File::create(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("f.json");
        write(&path, b"one", Access::Shared).unwrap();
        write(&path, b"two", Access::Shared).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("f.json")]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write(&path, b"old", Access::Shared).unwrap();
        // A folder where the temporary file would go makes the write fail.
        std::fs::create_dir(temporary_name(&path)).unwrap();
        std::fs::write(temporary_name(&path).join("x"), b"").unwrap();
        assert!(write(&path, b"new", Access::Shared).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        write(&path, b"secret", Access::Private).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

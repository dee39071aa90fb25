//! The list of recently opened competition files, kept as a small JSON file in the app's
//! data folder, newest first. Files that have disappeared are dropped when read.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many files the list remembers.
const KEEP: usize = 8;

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecentFile {
    files: Vec<PathBuf>,
}

/// Recently opened files, newest first, that still exist.
pub fn load(list: &Path) -> Vec<PathBuf> {
    let parsed: RecentFile = std::fs::read(list)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    parsed.files.into_iter().filter(|p| p.is_file()).collect()
}

/// Puts `opened` first in the list and saves it. A list that cannot be saved only costs the
/// convenience, never the competition, so the error is returned for logging only.
pub fn remember(list: &Path, opened: &Path) -> std::io::Result<Vec<PathBuf>> {
    let opened = opened.canonicalize().unwrap_or_else(|_| opened.to_owned());
    let mut files = load(list);
    files.retain(|p| p != &opened);
    files.insert(0, opened);
    files.truncate(KEEP);
    let json = serde_json::to_vec_pretty(&RecentFile {
        files: files.clone(),
    })?;
    crate::atomic::write(list, &json, crate::atomic::Access::Shared)?;
    Ok(files)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_or_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("recent.json");
        let a = dir.path().join("a.panelis");
        let b = dir.path().join("b.panelis");
        std::fs::write(&a, b"x").unwrap();
        std::fs::write(&b, b"x").unwrap();
        remember(&list, &a).unwrap();
        remember(&list, &b).unwrap();
        let files = remember(&list, &a).unwrap();
        assert_eq!(files.len(), 2);
        assert!(files[0].ends_with("a.panelis"));
        std::fs::remove_file(&b).unwrap();
        assert_eq!(load(&list).len(), 1);
        std::fs::write(&list, b"not json").unwrap();
        assert!(load(&list).is_empty());
    }
}

//! Where Panelis keeps its files by default, shared by the app and the `panelis` command so
//! both find the same competitions: `$PANELIS_DATA_DIR` when set (tests, portable use),
//! otherwise the OS app-data folder (on Linux `~/.local/share/id.panelis.desktop`).

use std::path::PathBuf;

/// The app identifier; also the name of the app-data folder.
pub const APP_ID: &str = "id.panelis.desktop";

/// The folder for competition files and the recent-files list.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PANELIS_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::BaseDirs::new()
        .map(|b| b.data_dir().join(APP_ID))
        .unwrap_or_else(|| PathBuf::from(".panelis"))
}

/// The recent-files list inside [`data_dir`].
pub fn recent_list() -> PathBuf {
    recent_list_in(&data_dir())
}

/// The recent-files list inside a given data folder.
pub fn recent_list_in(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("recent.json")
}

/// Where the demo competition is created on first launch, in a given data folder.
pub fn demo_file_in(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("demo.panelis")
}

/// The usual file extension of a competition file.
pub use crate::store::FILE_EXTENSION;

/// A file name for a new competition: "KIPP Sulsel 2024" -> "kipp-sulsel-2024.panelis".
pub fn file_name_for(competition_name: &str) -> String {
    let s: String = competition_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let stem = if s.is_empty() {
        "competition".to_string()
    } else {
        s
    };
    format!("{stem}.{FILE_EXTENSION}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            super::file_name_for("KIPP Sulsel 2024"),
            "kipp-sulsel-2024.panelis"
        );
        assert_eq!(super::file_name_for(" / "), "competition.panelis");
    }
}

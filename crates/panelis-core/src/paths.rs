//! Where Panelis keeps its files by default, shared by the app and the `panelis` command so
//! both find the same competitions: `$PANELIS_DATA_DIR` when set (tests, portable use),
//! otherwise the OS app-data folder (on Linux `~/.local/share/id.panelis.app`).

use std::path::PathBuf;

/// The app identifier; also the name of the app-data folder.
pub const APP_ID: &str = "id.panelis.app";

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
    data_dir().join("recent.json")
}

/// Where the demo competition is created on first launch.
pub fn demo_file() -> PathBuf {
    data_dir().join("demo.panelis")
}

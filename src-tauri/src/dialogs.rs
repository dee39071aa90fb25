//! The OS file dialogs, one way for every command: which files they offer, where they start
//! (the user's documents folder for what the user keeps, the data folder for competition
//! files), and the name they suggest (`None` when the user cancels); and opening a file in
//! the system's viewer, to print it.

use crate::state::Session;
use std::path::PathBuf;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// Where a dialog starts.
#[derive(Clone, Copy)]
pub enum Start {
    /// The user's documents folder: exports, documents, certificates, files to import.
    Documents,
    /// Panelis' data folder: competition files.
    Data,
}

/// Which files a dialog offers: a name and the extensions.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

fn builder(
    app: &AppHandle,
    filter: Option<Filter<'_>>,
    start: Start,
) -> FileDialogBuilder<tauri::Wry> {
    let mut dialog = app.dialog().file();
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    let folder = match start {
        Start::Documents => app.path().document_dir().ok(),
        Start::Data => None,
    }
    .unwrap_or_else(|| app.state::<Session>().dirs().data().to_owned());
    dialog.set_directory(folder)
}

/// Asks where to save a file named `name`.
pub fn save(app: &AppHandle, filter: Filter<'_>, start: Start, name: &str) -> Option<PathBuf> {
    builder(app, Some(filter), start)
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a file to open.
pub fn open(app: &AppHandle, filter: Filter<'_>, start: Start) -> Option<PathBuf> {
    builder(app, Some(filter), start)
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a folder.
pub fn folder(app: &AppHandle) -> Option<PathBuf> {
    builder(app, None, Start::Documents)
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}

/// Opens `path` in the system's viewer (a PDF to print from there).
pub fn open_in_viewer(path: PathBuf) -> crate::error::CommandResult<()> {
    open::that_detached(&path).map_err(|e| {
        panelis_core::Error::Io {
            path,
            reason: format!("no viewer could open it: {e}"),
        }
        .into()
    })
}

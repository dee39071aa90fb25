//! The shortlist's entries: import (a file chosen in the OS dialog or typed, a preview, a
//! confirm), corrections, check-in at the venue, and export to .xlsx.

use super::with_store;
use crate::dialogs::{self, Start};
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::lang::Lang;
use panelis_core::model::{Entry, NewEntry};
use panelis_core::shortlist::{self, ImportPlan};
use panelis_core::store::{MappingChoice, ShortlistPreview};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use uuid::Uuid;

#[tauri::command]
pub fn list_entries(session: State<'_, Session>) -> CommandResult<Vec<Entry>> {
    with_store(&session, |s| s.entries())
}

/// Shows the OS file dialog for a shortlist; only supplies the path that the preview then
/// reads, so a typed path goes the same way. `None` when the user cancels.
#[tauri::command]
pub async fn choose_shortlist_file(app: AppHandle) -> Option<PathBuf> {
    dialogs::open(
        &app,
        (
            "Excel / OpenDocument / CSV",
            panelis_core::shortlist::FILE_EXTENSIONS,
        ),
        Start::Documents,
    )
}

/// Reads the shortlist at `path` (from worksheet `sheet`, else the best match) with the
/// chosen mapping and previews its import.
#[tauri::command]
pub fn preview_shortlist(
    session: State<'_, Session>,
    path: PathBuf,
    sheet: Option<String>,
    choice: MappingChoice,
) -> CommandResult<ShortlistPreview> {
    with_store(&session, |s| {
        s.preview_shortlist(&path, sheet.as_deref(), &choice)
    })
}

/// Applies the plan the user confirmed in the preview.
#[tauri::command]
pub fn apply_shortlist(session: State<'_, Session>, plan: ImportPlan) -> CommandResult<()> {
    with_store(&session, |s| s.apply_shortlist(&plan))
}

#[tauri::command]
pub fn update_entry(
    session: State<'_, Session>,
    entry_id: Uuid,
    fields: NewEntry,
) -> CommandResult<Entry> {
    with_store(&session, |s| s.update_entry(entry_id, &fields))
}

#[tauri::command]
pub fn set_entry_attendance(
    session: State<'_, Session>,
    entry_id: Uuid,
    present: Option<bool>,
    head_attended: bool,
) -> CommandResult<()> {
    with_store(&session, |s| {
        s.set_entry_attendance(entry_id, present, head_attended)
    })
}

/// Writes the entry list to .xlsx at `path`, or where the user chooses in a save dialog;
/// returns where it was written, `None` when the user cancels.
#[tauri::command]
pub async fn export_entries_xlsx(
    app: AppHandle,
    session: State<'_, Session>,
    lang: Lang,
    path: Option<PathBuf>,
) -> CommandResult<Option<PathBuf>> {
    let name = super::export_name(&session, panelis_core::paths::Export::Entries, None, lang)?;
    let path = path.or_else(|| dialogs::save(&app, ("Excel", &["xlsx"]), Start::Documents, &name));
    let Some(path) = path else { return Ok(None) };
    with_store(&session, |s| {
        shortlist::export_xlsx(&s.entries()?, &path, lang)
    })?;
    Ok(Some(path))
}

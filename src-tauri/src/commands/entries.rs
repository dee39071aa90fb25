//! The shortlist's entries.

use super::with_store;
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::model::Entry;
use tauri::State;

#[tauri::command]
pub fn list_entries(session: State<'_, Session>) -> CommandResult<Vec<Entry>> {
    with_store(&session, |s| s.entries())
}

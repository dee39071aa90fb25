//! The panel and the rubric.

use super::with_store;
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::model::{Panelist, Rubric};
use tauri::State;

#[tauri::command]
pub fn list_panelists(session: State<'_, Session>) -> CommandResult<Vec<Panelist>> {
    with_store(&session, |s| s.panelists())
}

#[tauri::command]
pub fn get_rubric(session: State<'_, Session>) -> CommandResult<Rubric> {
    with_store(&session, |s| s.rubric())
}

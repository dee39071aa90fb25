//! The panel (panelists, the chair, conflicts of interest) and the rubric.

use super::{as_secretariat, with_store};
use crate::error::CommandResult;
use crate::state::Session;
use panelis_core::model::{Conflict, Panelist, Rubric};
use panelis_core::rubric::{self, CriterionDraft, RubricCheck};
use panelis_core::store::PanelistRemoval;
use tauri::State;
use uuid::Uuid;

#[tauri::command]
pub fn list_panelists(session: State<'_, Session>) -> CommandResult<Vec<Panelist>> {
    with_store(&session, |s| s.panelists())
}

#[tauri::command]
pub fn add_panelist(
    session: State<'_, Session>,
    name: String,
    affiliation: String,
    is_chair: bool,
) -> CommandResult<Panelist> {
    with_store(&session, |s| s.add_panelist(&name, &affiliation, is_chair))
}

#[tauri::command]
pub fn update_panelist(
    session: State<'_, Session>,
    panelist_id: Uuid,
    name: String,
    affiliation: String,
) -> CommandResult<Panelist> {
    with_store(&session, |s| {
        s.update_panelist(panelist_id, &name, &affiliation)
    })
}

/// The panel with those who retired from it (the panel screen lists both).
#[tauri::command]
pub fn list_panel_on_record(session: State<'_, Session>) -> CommandResult<Vec<Panelist>> {
    with_store(&session, |s| s.panel_on_record())
}

/// Takes a panelist off the panel: deleted without ballots, retired with them (the core
/// decides which and says so).
#[tauri::command]
pub fn remove_panelist(
    session: State<'_, Session>,
    panelist_id: Uuid,
) -> CommandResult<PanelistRemoval> {
    as_secretariat(&session, |s| s.remove_panelist(panelist_id))
}

/// Makes the panelist the chair; `None` leaves the panel without one.
#[tauri::command]
pub fn set_chair(session: State<'_, Session>, panelist_id: Option<Uuid>) -> CommandResult<()> {
    with_store(&session, |s| s.set_chair(panelist_id))
}

#[tauri::command]
pub fn list_conflicts(session: State<'_, Session>) -> CommandResult<Vec<Conflict>> {
    with_store(&session, |s| s.conflicts())
}

#[tauri::command]
pub fn add_conflict(
    session: State<'_, Session>,
    panelist_id: Uuid,
    entry_id: Uuid,
    reason: String,
) -> CommandResult<()> {
    with_store(&session, |s| s.add_conflict(panelist_id, entry_id, &reason))
}

#[tauri::command]
pub fn remove_conflict(
    session: State<'_, Session>,
    panelist_id: Uuid,
    entry_id: Uuid,
) -> CommandResult<()> {
    with_store(&session, |s| s.remove_conflict(panelist_id, entry_id))
}

#[tauri::command]
pub fn get_rubric(session: State<'_, Session>) -> CommandResult<Rubric> {
    with_store(&session, |s| s.rubric())
}

/// How many ballots (panelist x entry) have been given: once there is one, the rubric is
/// fixed, and the editor says so before anyone starts typing.
#[tauri::command]
pub fn rubric_ballot_count(session: State<'_, Session>) -> CommandResult<usize> {
    with_store(&session, |s| Ok(s.latest_ballots()?.len()))
}

/// Replaces the rubric with the editor's draft (numbers as typed; new criteria with the nil
/// id get one in the core).
#[tauri::command]
pub fn set_rubric(
    session: State<'_, Session>,
    name: String,
    criteria: Vec<CriterionDraft>,
) -> CommandResult<Rubric> {
    with_store(&session, |s| s.set_rubric_draft(&name, &criteria))
}

/// Every problem of the editor's draft and the weights' sum, shown as the secretariat
/// types (the same rule `set_rubric` refuses with).
#[tauri::command]
pub fn check_rubric(name: String, criteria: Vec<CriterionDraft>) -> RubricCheck {
    rubric::check_draft(&name, &criteria)
}

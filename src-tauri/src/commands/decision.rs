//! Musyawarah: the panel's decision on the ranking (core `decide`, outcomes, proposal), the
//! quorum, and the projector's deliberation mode. Each command calls one core function;
//! every change tells the projector, which shows the deliberation when it is in that mode.

use super::{as_secretariat, with_results};
use crate::error::CommandResult;
use crate::projector::{self, DeliberationMode};
use crate::state::Session;
use panelis_core::decision::{Evaluation, NewOutcome, Outcome, Quorum};
use panelis_core::store::{DecideRequest, DecisionView, DeliberationScreen, Proposal};
use tauri::{AppHandle, State};

#[tauri::command]
pub fn decision_view(
    session: State<'_, Session>,
    near_tie: Option<u32>,
) -> CommandResult<DecisionView> {
    let margin = near_tie.unwrap_or(panelis_core::decision::DEFAULT_NEAR_TIE_HUNDREDTHS);
    with_results(&session, |s| s.decision_view(margin))
}

#[tauri::command]
pub fn quorum(session: State<'_, Session>) -> CommandResult<Quorum> {
    with_results(&session, |s| s.quorum())
}

#[tauri::command]
pub fn decide(
    app: AppHandle,
    session: State<'_, Session>,
    request: DecideRequest,
) -> CommandResult<Evaluation> {
    let done = as_secretariat(&session, |s| s.decide(&request))?;
    projector::deliberation_changed(&app);
    Ok(done)
}

#[tauri::command]
pub fn set_outcomes(
    app: AppHandle,
    session: State<'_, Session>,
    outcomes: Vec<NewOutcome>,
) -> CommandResult<Vec<Outcome>> {
    let done = as_secretariat(&session, |s| s.set_outcomes(&outcomes))?;
    projector::deliberation_changed(&app);
    Ok(done)
}

#[tauri::command]
pub fn propose_outcomes(session: State<'_, Session>) -> CommandResult<Proposal> {
    as_secretariat(&session, |s| s.propose_outcomes())
}

#[tauri::command]
pub fn apply_proposal(app: AppHandle, session: State<'_, Session>) -> CommandResult<Evaluation> {
    let done = as_secretariat(&session, |s| s.apply_proposal())?;
    projector::deliberation_changed(&app);
    Ok(done)
}

/// Puts the projector in deliberation mode (or back to the timer), with or without the
/// panelists' own totals.
#[tauri::command]
pub fn set_projector_mode(
    app: AppHandle,
    mode: State<'_, DeliberationMode>,
    deliberation: bool,
    show_panelists: bool,
    near_tie: Option<u32>,
) -> CommandResult<()> {
    mode.set(deliberation, show_panelists, near_tie);
    projector::deliberation_changed(&app);
    Ok(())
}

/// The projector's mode as set, for the control screen.
#[tauri::command]
pub fn projector_mode(mode: State<'_, DeliberationMode>) -> projector::ProjectorModeView {
    mode.view()
}

/// What the projector shows in deliberation mode; `None` in timer mode. The projector
/// cannot ask for the panelists' totals: the secretariat's setting decides.
#[tauri::command]
pub fn projector_deliberation(
    session: State<'_, Session>,
    mode: State<'_, DeliberationMode>,
) -> CommandResult<Option<DeliberationScreen>> {
    let Some((show, margin)) = mode.get() else {
        return Ok(None);
    };
    as_secretariat(&session, |s| s.deliberation_screen(margin, show)).map(Some)
}

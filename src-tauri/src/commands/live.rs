//! Sesi Langsung: the live slot of a room, calling the innovator, the phase timer commands,
//! the projector's read-only view and opening/closing the projector window. The host's
//! clock is the authority: every command stamps its transition with `time::now()` here,
//! and every change is pushed to the projector and the venue LAN's stations at once.

use super::with_store;
use crate::error::{CommandError, CommandResult, Shell};
use crate::projector::{self, ProjectorStatus};
use crate::state::Session;
use chrono::{DateTime, Utc};
use panelis_core::timer::{Command, LiveView, ProjectorView};
use panelis_core::{time, Store};
use tauri::{AppHandle, State};
use uuid::Uuid;

/// The live control of a room (`None`: the room called most recently); `None` when no
/// slot has been called yet.
#[tauri::command]
pub fn live_view(
    session: State<'_, Session>,
    room_id: Option<Uuid>,
) -> CommandResult<Option<LiveView>> {
    with_store(&session, |s| s.live_view(room_id, time::now()))
}

/// Applies a timer command to a slot now; returns the room's live control afterwards.
#[tauri::command]
pub fn timer_command(
    app: AppHandle,
    session: State<'_, Session>,
    slot_id: Uuid,
    command: Command,
) -> CommandResult<Option<LiveView>> {
    change_live(&app, &session, slot_id, |s, at| {
        s.timer_command(slot_id, command, at)
    })
}

/// Calls a slot to the stage, recording whether the innovator is present when given.
#[tauri::command]
pub fn call_slot(
    app: AppHandle,
    session: State<'_, Session>,
    slot_id: Uuid,
    present: Option<bool>,
) -> CommandResult<Option<LiveView>> {
    change_live(&app, &session, slot_id, |s, at| {
        s.call_slot(slot_id, present, at)
    })
}

/// Changes a slot's live state now, then brings the projector and the venue LAN's stations
/// up to date; the room's live control afterwards.
fn change_live<T>(
    app: &AppHandle,
    session: &Session,
    slot_id: Uuid,
    change: impl FnOnce(&mut Store, DateTime<Utc>) -> panelis_core::Result<T>,
) -> CommandResult<Option<LiveView>> {
    let at = time::now();
    let (room, live) = with_store(session, |s| {
        change(s, at)?;
        let room = s.slot(slot_id)?.room_id;
        Ok((room, s.live_view(Some(room), at)?))
    })?;
    projector::sync(app, session, room);
    crate::lan_host::notify_changed(app);
    Ok(live)
}

/// What the projector shows for a room (`None`: the room called most recently). The only
/// command the projector window may call; it carries nothing private.
#[tauri::command]
pub fn projector_view(
    session: State<'_, Session>,
    room_id: Option<Uuid>,
) -> CommandResult<ProjectorView> {
    with_store(&session, |s| s.projector_view(room_id, time::now()))
}

/// Opens the projector window on a room (or switches the open one to it).
#[tauri::command]
pub async fn open_projector(
    app: AppHandle,
    room_id: Option<Uuid>,
) -> CommandResult<ProjectorStatus> {
    projector::open(&app, room_id).map_err(window_error)
}

#[tauri::command]
pub async fn close_projector(app: AppHandle) -> CommandResult<ProjectorStatus> {
    projector::close(&app).map_err(window_error)
}

#[tauri::command]
pub async fn toggle_projector_fullscreen(app: AppHandle) -> CommandResult<ProjectorStatus> {
    projector::toggle_fullscreen(&app).map_err(window_error)
}

#[tauri::command]
pub fn projector_status(app: AppHandle) -> CommandResult<ProjectorStatus> {
    projector::status(&app).map_err(window_error)
}

/// A window that could not be made or changed, said plainly.
fn window_error(e: tauri::Error) -> CommandError {
    Shell::Window(e.to_string()).into()
}

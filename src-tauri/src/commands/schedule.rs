//! The Jadwal screen: rooms (added and removed), generating the schedule, the slot and day plans, reordering
//! (move, swap, no-show to the end of the day) and the .xlsx export. Edits that can change
//! who is next also nudge the projector.

use super::with_store;
use crate::error::CommandResult;
use crate::projector;
use crate::state::Session;
use panelis_core::lang::Lang;
use panelis_core::model::{PhasePlan, Room};
use panelis_core::schedule::{DayPlan, ScheduleOrder, ScheduleView};
use panelis_core::store::RoomRemoval;
use panelis_core::time;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use uuid::Uuid;

#[tauri::command]
pub fn schedule_view(session: State<'_, Session>) -> CommandResult<ScheduleView> {
    with_store(&session, |s| s.schedule_view(time::now()))
}

#[tauri::command]
pub fn add_room(session: State<'_, Session>, name: String) -> CommandResult<Room> {
    with_store(&session, |s| s.add_room(&name))
}

/// What removing the room would do (slots, entries unscheduled), or why it is refused,
/// for the confirmation; nothing is written.
#[tauri::command]
pub fn room_removal_preview(
    session: State<'_, Session>,
    room_id: Uuid,
) -> CommandResult<RoomRemoval> {
    with_store(&session, |s| s.room_removal_preview(room_id))
}

#[tauri::command]
pub fn remove_room(session: State<'_, Session>, room_id: Uuid) -> CommandResult<RoomRemoval> {
    with_store(&session, |s| s.remove_room(room_id))
}

/// Lays out `rooms` afresh; returns how many slots were made.
#[tauri::command]
pub fn generate_schedule(
    app: AppHandle,
    session: State<'_, Session>,
    rooms: Vec<Uuid>,
    order: ScheduleOrder,
    days: DayPlan,
) -> CommandResult<usize> {
    let made = with_store(&session, |s| s.generate_schedule(&rooms, &order, &days))?;
    for room in rooms {
        projector::sync(&app, &session, room);
    }
    Ok(made.len())
}

#[tauri::command]
pub fn set_phase_plan(session: State<'_, Session>, plan: PhasePlan) -> CommandResult<()> {
    with_store(&session, |s| s.set_phase_plan(&plan))
}

/// A slot's own phase plan; `None` returns it to the competition's plan.
#[tauri::command]
pub fn set_slot_plan(
    session: State<'_, Session>,
    slot_id: Uuid,
    plan: Option<PhasePlan>,
) -> CommandResult<()> {
    with_store(&session, |s| s.set_slot_plan(slot_id, plan.as_ref()))
}

#[tauri::command]
pub fn set_room_day_plan(
    session: State<'_, Session>,
    room_id: Uuid,
    days: DayPlan,
) -> CommandResult<()> {
    with_store(&session, |s| s.set_room_day_plan(room_id, &days))
}

/// Runs a reorder of the slot's room, then tells the projector who is next now; returns
/// the room.
fn reorder(
    app: &AppHandle,
    session: &Session,
    slot_id: Uuid,
    edit: impl FnOnce(&mut panelis_core::Store) -> panelis_core::Result<()>,
) -> CommandResult<Uuid> {
    let room = with_store(session, |s| {
        edit(s)?;
        Ok(s.slot(slot_id)?.room_id)
    })?;
    projector::sync(app, session, room);
    Ok(room)
}

/// Moves a slot to `position` (1-based) in its room.
#[tauri::command]
pub fn move_slot(
    app: AppHandle,
    session: State<'_, Session>,
    slot_id: Uuid,
    position: u32,
) -> CommandResult<()> {
    reorder(&app, &session, slot_id, |s| s.move_slot(slot_id, position))?;
    Ok(())
}

#[tauri::command]
pub fn swap_slots(
    app: AppHandle,
    session: State<'_, Session>,
    a: Uuid,
    b: Uuid,
) -> CommandResult<()> {
    let room = reorder(&app, &session, a, |s| s.swap_slots(a, b))?;
    // Slots swapped between rooms change "next up" in both.
    let other = with_store(&session, |s| Ok(s.slot(b)?.room_id))?;
    if other != room {
        projector::sync(&app, &session, other);
    }
    Ok(())
}

#[tauri::command]
pub fn move_slot_to_end_of_day(
    app: AppHandle,
    session: State<'_, Session>,
    slot_id: Uuid,
) -> CommandResult<()> {
    reorder(&app, &session, slot_id, |s| {
        s.move_slot_to_end_of_day(slot_id)
    })?;
    Ok(())
}

/// The innovator did not come: marked absent and moved to the end of the day.
#[tauri::command]
pub fn mark_no_show(
    app: AppHandle,
    session: State<'_, Session>,
    slot_id: Uuid,
) -> CommandResult<()> {
    reorder(&app, &session, slot_id, |s| s.mark_no_show(slot_id))?;
    Ok(())
}

/// Writes the schedule with planned and actual times to `path`, or where the user chooses
/// in a save dialog; `None` when the user cancels.
#[tauri::command]
pub async fn export_schedule_xlsx(
    app: AppHandle,
    session: State<'_, Session>,
    lang: Lang,
    path: Option<PathBuf>,
) -> CommandResult<Option<PathBuf>> {
    let name = super::export_name(&session, panelis_core::paths::Export::Schedule, None, lang)?;
    let Some(path) = path.or_else(|| {
        crate::dialogs::save(
            &app,
            ("Excel", &["xlsx"]),
            crate::dialogs::Start::Documents,
            &name,
        )
    }) else {
        return Ok(None);
    };
    with_store(&session, |s| {
        s.export_schedule_xlsx(&path, lang, time::now())
    })?;
    Ok(Some(path))
}

//! The panelist's station on the venue LAN (issue 9): finding the host, checking whom a
//! join code is for, joining, the station's entries, the rubric form with its draft kept in
//! the station file, signed submission, the host's live timer, and leaving station mode.
//! Each command takes the open station from the app's state and calls one function of
//! `panelis_lan::station::screen` (which owns the views and rules); the station never takes
//! a panelist from the page: it scores as the panelist it joined as.

use crate::error::Shell;
use crate::error::{CommandError, CommandResult};
use crate::lan_station::{config, forward_events, StationState};
use crate::state::Session;
use panelis_core::ballot::{BallotForm, FormCheck};
use panelis_lan::mdns::DiscoveredHost;
use panelis_lan::station::screen::{
    self, JoinCheckView, JoinInput, StationForm, StationInfo, StationSheet, StationTimer,
};
use panelis_lan::station::{EntryState, Station};
use panelis_lan::JoinTarget;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use uuid::Uuid;

fn not_station() -> CommandError {
    Shell::NotStation.into()
}

/// Runs `f` on the open station; refused when this laptop is not one.
fn with_station<T>(
    state: &StationState,
    f: impl FnOnce(&Station) -> panelis_lan::Result<T>,
) -> CommandResult<T> {
    let guard = state.lock();
    let station = guard.as_ref().ok_or_else(not_station)?;
    f(station).map_err(CommandError::from)
}

/// What the app is at launch: `station` when this laptop joined a host (station mode),
/// else `None`; `problem` when the station folder could not be opened.
#[derive(Serialize)]
pub struct StationMode {
    station: Option<StationInfo>,
    problem: Option<CommandError>,
}

impl StationMode {
    /// The station could not be read: not in station mode, and the page says why.
    pub(crate) fn unreadable(problem: CommandError) -> Self {
        StationMode {
            station: None,
            problem: Some(problem),
        }
    }
}

#[tauri::command]
pub fn station_status(state: State<'_, StationState>) -> CommandResult<StationMode> {
    station_mode(&state)
}

/// Whether this laptop is a station, and the station's folder problem from launch (once).
pub(crate) fn station_mode(state: &StationState) -> CommandResult<StationMode> {
    let station = state
        .lock()
        .as_ref()
        .map(screen::info)
        .transpose()
        .map_err(CommandError::from)?;
    Ok(StationMode {
        station,
        problem: state.take_launch_problem(),
    })
}

/// Hosts announcing themselves on the LAN (mDNS), listened for two seconds. Empty when
/// none answers (multicast is often blocked on hotel Wi-Fi: the address is typed then).
#[tauri::command]
pub async fn station_discover() -> CommandResult<Vec<DiscoveredHost>> {
    tauri::async_runtime::spawn_blocking(|| panelis_lan::mdns::discover(screen::DISCOVERY))
        .await
        .map_err(|e| CommandError::from(Shell::Discovery(format!("mDNS: {e}"))))?
        .map_err(CommandError::from)
}

/// Whom a code is for, to confirm before joining.
#[tauri::command]
pub async fn station_preview(input: JoinInput) -> CommandResult<JoinCheckView> {
    screen::preview(input).await.map_err(CommandError::from)
}

/// Joins the host (the code is spent) and enters station mode. A station already open
/// (joining again after the host stopped recognising it) is closed first and kept: the
/// same folder holds its outbox; if the new join fails, it reopens as it was.
#[tauri::command]
pub async fn station_join(
    app: AppHandle,
    session: State<'_, Session>,
    state: State<'_, StationState>,
    link: String,
    station_name: String,
) -> CommandResult<StationInfo> {
    let target = JoinTarget::parse_link(&link)?;
    let name = screen::station_name(&station_name);
    let before = state.lock().take();
    let (station, result) = match screen::rejoin(config(&session), before, &target, &name).await {
        Ok(station) => {
            let shown = screen::info(&station).map_err(CommandError::from);
            (Some(station), shown)
        }
        Err(kept) => (kept.station, Err(kept.error.into())),
    };
    if let Some(station) = station {
        forward_events(&app, &station);
        *state.lock() = Some(station);
    }
    result
}

/// Every entry with where its ballot stands.
#[tauri::command]
pub fn station_entries(state: State<'_, StationState>) -> CommandResult<StationSheet> {
    with_station(&state, screen::sheet)
}

/// One entry's rubric form.
#[tauri::command]
pub fn station_form(state: State<'_, StationState>, entry_id: Uuid) -> CommandResult<StationForm> {
    with_station(&state, |station| screen::form(station, entry_id))
}

/// Autosave: the form as typed goes into the station file before this returns.
#[tauri::command]
pub fn station_save_draft(
    state: State<'_, StationState>,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<FormCheck> {
    with_station(&state, |station| {
        screen::save_draft(station, entry_id, &form)
    })
}

/// "Simpan & kirim": signed, saved here, then sent in the background. The entry as it now
/// stands.
#[tauri::command]
pub fn station_submit(
    state: State<'_, StationState>,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<EntryState> {
    with_station(&state, |station| screen::submit(station, entry_id, &form))
}

/// What the projector shows now, computed at the host's clock (offset applied).
#[tauri::command]
pub fn station_timers(state: State<'_, StationState>) -> CommandResult<Vec<StationTimer>> {
    with_station(&state, |station| Ok(screen::timers(station)))
}

/// "Keluar dari mode panelis": refused while any ballot is not yet confirmed by the host;
/// otherwise the station stops and its folder is archived (its signed ballots stay). The
/// archive's path. If the folder cannot be moved, the station goes on as before.
#[tauri::command]
pub async fn station_leave(
    app: AppHandle,
    session: State<'_, Session>,
    state: State<'_, StationState>,
) -> CommandResult<PathBuf> {
    let station = state.lock().take().ok_or_else(not_station)?;
    screen::leave(config(&session), station)
        .await
        .map_err(|kept| {
            if let Some(station) = kept.station {
                if kept.reopened {
                    forward_events(&app, &station);
                }
                *state.lock() = Some(station);
            }
            kept.error.into()
        })
}

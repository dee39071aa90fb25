//! The panelist's station on the venue LAN (issue 9): finding the host, checking whom a
//! join code is for, joining, the station's entries, the rubric form with its draft kept in
//! the station file, signed submission, the host's live timer, and leaving station mode.
//! Each command takes the open station from the app's state and calls one function of
//! `panelis_lan::station::screen` (which owns the views and rules); the station never takes
//! a panelist from the page: it scores as the panelist it joined as.

use crate::error::{CommandError, CommandResult};
use crate::lan_station::{config, forward_events, station_dir, StationState};
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

pub(crate) use crate::lan_host::lan_error;

fn refused(code: &'static str, message: impl Into<String>) -> CommandError {
    CommandError {
        code,
        message: message.into(),
        problems: Vec::new(),
        ..Default::default()
    }
}

fn not_station() -> CommandError {
    refused("not_station", "this laptop has not joined a host")
}

/// Runs `f` on the open station; refused when this laptop is not one.
fn with_station<T>(
    state: &StationState,
    f: impl FnOnce(&Station) -> panelis_lan::Result<T>,
) -> CommandResult<T> {
    let guard = state.lock();
    let station = guard.as_ref().ok_or_else(not_station)?;
    f(station).map_err(lan_error)
}

/// What the app is at launch: `station` when this laptop joined a host (station mode),
/// else `None`; `problem` when the station folder could not be opened.
#[derive(Serialize)]
pub struct StationMode {
    station: Option<StationInfo>,
    problem: Option<CommandError>,
}

#[tauri::command]
pub fn station_status(state: State<'_, StationState>) -> CommandResult<StationMode> {
    let station = state
        .lock()
        .as_ref()
        .map(screen::info)
        .transpose()
        .map_err(lan_error)?;
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
        .map_err(|e| refused("unreachable", format!("mDNS: {e}")))?
        .map_err(lan_error)
}

/// Whom a code is for, to confirm before joining.
#[tauri::command]
pub async fn station_preview(input: JoinInput) -> CommandResult<JoinCheckView> {
    screen::preview(input).await.map_err(lan_error)
}

/// Joins the host (the code is spent) and enters station mode. A station already open
/// (joining again after the host stopped recognising it) is closed first and kept: the
/// same folder holds its outbox; if the new join fails, it reopens as it was.
#[tauri::command]
pub async fn station_join(
    app: AppHandle,
    state: State<'_, StationState>,
    link: String,
    station_name: String,
) -> CommandResult<StationInfo> {
    let target = JoinTarget::parse_link(&link).map_err(lan_error)?;
    let name = screen::station_name(&station_name);
    let before = state.lock().take();
    let had_station = before.is_some();
    if let Some(old) = before {
        old.close().await;
    }
    match Station::join(config(), &target, &name).await {
        Ok(station) => {
            forward_events(&app, &station);
            let shown = screen::info(&station).map_err(lan_error);
            *state.lock() = Some(station);
            shown
        }
        Err(e) => {
            if had_station {
                if let Ok(old) = Station::open(config()) {
                    forward_events(&app, &old);
                    *state.lock() = Some(old);
                }
            }
            Err(lan_error(e))
        }
    }
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
    state: State<'_, StationState>,
) -> CommandResult<PathBuf> {
    let station = {
        let mut guard = state.lock();
        let station = guard.as_ref().ok_or_else(not_station)?;
        screen::check_leave(station).map_err(lan_error)?;
        guard.take()
    };
    if let Some(station) = station {
        station.close().await;
    }
    screen::archive(&station_dir()).map_err(|e| {
        if let Ok(station) = Station::open(config()) {
            forward_events(&app, &station);
            *state.lock() = Some(station);
        }
        lan_error(e)
    })
}

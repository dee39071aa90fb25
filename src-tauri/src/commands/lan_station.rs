//! The panelist's station on the venue LAN (issue 9): finding the host, checking whom a
//! join code is for, joining, the station's entries with where each ballot stands, the
//! rubric form with its draft kept in the station file, signed submission (saved on this
//! laptop first, then sent in the background), the host's live timer, and leaving station
//! mode once every ballot is confirmed. Each command calls `panelis_lan`; the station never
//! takes a panelist from the page: it scores as the panelist it joined as.

use crate::error::{CommandError, CommandResult};
use crate::lan_station::{config, forward_events, station_dir, StationState};
use panelis_core::ballot::{display_total, parse_score, BallotForm, CriterionInput};
use panelis_core::error::Problem;
use panelis_core::model::{Criterion, Entry};
use panelis_core::timer::TimerView;
use panelis_lan::mdns::DiscoveredHost;
use panelis_lan::station::{EntryState, LinkState, SendStatus, Station};
use panelis_lan::{JoinTarget, LanError};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, State};
use uuid::Uuid;

/// The port a host listens on when the typed address has none (`panelis host` examples and
/// the README use it).
const DEFAULT_PORT: u16 = 7443;

/// How long the join screen listens for hosts announcing themselves.
const DISCOVERY: Duration = Duration::from_secs(2);

/// A LAN error as the page receives it: the library's stable code and message, and the
/// located problems of a rejected ballot.
pub(crate) fn lan_error(e: LanError) -> CommandError {
    match e {
        LanError::Core(core) => CommandError::from(core),
        other => CommandError {
            code: other.code(),
            message: other.to_string(),
            problems: Vec::new(),
        },
    }
}

fn refused(code: &'static str, message: impl Into<String>) -> CommandError {
    CommandError {
        code,
        message: message.into(),
        problems: Vec::new(),
    }
}

/// Runs `f` on the open station; refused when this laptop is not one.
fn with_station<T>(
    state: &StationState,
    f: impl FnOnce(&Station) -> panelis_lan::Result<T>,
) -> CommandResult<T> {
    let guard = state.lock();
    let station = guard
        .as_ref()
        .ok_or_else(|| refused("not_station", "this laptop has not joined a host"))?;
    f(station).map_err(lan_error)
}

/// Whose laptop this is and how its link to the host stands.
#[derive(Serialize)]
pub struct StationInfo {
    panelist_name: String,
    competition_name: String,
    station_name: String,
    host: String,
    /// The first groups of the pinned fingerprint, to compare with the host's screen.
    fingerprint_short: String,
    link: LinkState,
    /// Whether the competition data has come from the host (scoring needs it).
    ready: bool,
    /// Ballot revisions not yet confirmed by the host (saved here or sent).
    unconfirmed: usize,
}

fn info(station: &Station) -> panelis_lan::Result<StationInfo> {
    let joined = station.joined();
    let unconfirmed = station
        .outbox()?
        .iter()
        .filter(|b| matches!(b.status, SendStatus::SavedLocally | SendStatus::Sent))
        .count();
    Ok(StationInfo {
        panelist_name: joined.panelist_name,
        competition_name: joined.competition_name,
        station_name: joined.station_name,
        host: joined.host.to_string(),
        fingerprint_short: joined.fingerprint.grouped()[..14].to_string(),
        link: station.link(),
        ready: station.snapshot().is_some(),
        unconfirmed,
    })
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
        .map(info)
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
    tauri::async_runtime::spawn_blocking(|| panelis_lan::mdns::discover(DISCOVERY))
        .await
        .map_err(|e| refused("unreachable", format!("mDNS: {e}")))?
        .map_err(lan_error)
}

/// How the person names the host: the join link (pasted, or what the QR code carries), or
/// the address, the short fingerprint from the host's screen and the code, typed.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JoinInput {
    Link {
        link: String,
    },
    Typed {
        host: String,
        fingerprint: String,
        code: String,
    },
}

/// "192.168.1.10:7443", or "192.168.1.10" on the default port.
fn host_address(text: &str) -> CommandResult<SocketAddr> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refused("bad_address", "type the host's address"));
    }
    text.parse::<SocketAddr>()
        .or_else(|_| {
            text.parse::<std::net::IpAddr>()
                .map(|ip| SocketAddr::new(ip, DEFAULT_PORT))
        })
        .map_err(|_| {
            refused(
                "bad_address",
                format!("{text:?} is not an address like 192.168.1.10:7443"),
            )
        })
}

async fn target_of(input: JoinInput) -> CommandResult<JoinTarget> {
    match input {
        JoinInput::Link { link } => JoinTarget::parse_link(&link).map_err(lan_error),
        JoinInput::Typed {
            host,
            fingerprint,
            code,
        } => {
            let addr = host_address(&host)?;
            JoinTarget::from_typed(addr, &fingerprint, &code)
                .await
                .map_err(lan_error)
        }
    }
}

/// Whom a code is for, shown to the person at the laptop to confirm before joining; `link`
/// is the checked target (its fingerprint pinned) that `station_join` takes.
#[derive(Serialize)]
pub struct JoinCheckView {
    panelist_name: String,
    competition_name: String,
    host: String,
    link: String,
}

#[tauri::command]
pub async fn station_preview(input: JoinInput) -> CommandResult<JoinCheckView> {
    let target = target_of(input).await?;
    let preview = Station::preview(&target).await.map_err(lan_error)?;
    Ok(JoinCheckView {
        panelist_name: preview.panelist_name,
        competition_name: preview.competition_name,
        host: target.addr.to_string(),
        link: target.link(),
    })
}

/// This machine's name, for the secretariat's progress matrix when none is typed.
fn machine_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|n| n.trim().to_string())
        .unwrap_or_default()
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
    let name = match station_name.trim() {
        "" => machine_name(),
        typed => typed.to_string(),
    };
    let before = state.lock().take();
    let had_station = before.is_some();
    if let Some(old) = before {
        old.close().await;
    }
    match Station::join(config(), &target, &name).await {
        Ok(station) => {
            forward_events(&app, &station);
            let shown = info(&station).map_err(lan_error);
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

/// One entry of the station's list.
#[derive(Serialize)]
pub struct StationEntry {
    #[serde(flatten)]
    state: EntryState,
    category: String,
    region: String,
    /// Something typed and not submitted is kept for it.
    draft: bool,
}

/// The station's sheet: every entry with where its ballot stands.
#[derive(Serialize)]
pub struct StationSheet {
    entries: Vec<StationEntry>,
    /// Whether the competition data has come from the host.
    ready: bool,
}

#[tauri::command]
pub fn station_entries(state: State<'_, StationState>) -> CommandResult<StationSheet> {
    with_station(&state, |station| {
        let snapshot = station.snapshot();
        let drafted = station.drafted()?;
        let detail = |id: Uuid| -> Option<&Entry> { snapshot.as_ref()?.entry(id) };
        let entries = station
            .entries()?
            .into_iter()
            .map(|state| {
                let e = detail(state.entry_id);
                StationEntry {
                    category: e.map(|e| e.category.clone()).unwrap_or_default(),
                    region: e.map(|e| e.region.clone()).unwrap_or_default(),
                    draft: drafted.contains(&state.entry_id),
                    state,
                }
            })
            .collect();
        Ok(StationSheet {
            entries,
            ready: snapshot.is_some(),
        })
    })
}

/// The total and the problems of a form as typed (an empty score is not a problem until
/// submission), by the core's own rules.
#[derive(Serialize)]
pub struct FormCheck {
    total: Option<String>,
    problems: Vec<Problem>,
    scored: usize,
}

fn check_form(criteria: &[Criterion], form: &BallotForm) -> FormCheck {
    let mut scores = Vec::new();
    let mut problems = Vec::new();
    for c in criteria {
        let typed = form.criteria.iter().find(|i| i.criterion_id == c.id);
        match typed.map(|i| parse_score(c, &i.score)) {
            Some(Ok(Some(score))) => scores.push((c.id, score)),
            Some(Err(p)) => problems.push(p),
            _ => {}
        }
    }
    FormCheck {
        total: display_total(criteria, &scores),
        scored: scores.len(),
        problems,
    }
}

/// One entry's rubric form: the entry, the criteria, and what the form holds (the draft
/// typed last, else the latest ballot saved here, else nothing).
#[derive(Serialize)]
pub struct StationForm {
    entry: Entry,
    criteria: Vec<Criterion>,
    state: EntryState,
    form: BallotForm,
    /// `draft`, `ballot` or `empty`.
    source: &'static str,
    check: FormCheck,
}

#[tauri::command]
pub fn station_form(state: State<'_, StationState>, entry_id: Uuid) -> CommandResult<StationForm> {
    with_station(&state, |station| {
        let snapshot = station.snapshot().ok_or_else(|| {
            LanError::Ballot("the competition data has not come from the host yet".into())
        })?;
        let entry = snapshot.entry(entry_id).cloned().ok_or_else(|| {
            LanError::Ballot(format!("entry {entry_id} is not in the competition"))
        })?;
        let entry_state = station
            .entries()?
            .into_iter()
            .find(|e| e.entry_id == entry_id)
            .ok_or_else(|| {
                LanError::Ballot(format!("entry {entry_id} is not in the competition"))
            })?;
        let latest = station
            .outbox()?
            .into_iter()
            .filter(|b| b.ballot.entry_id == entry_id)
            .max_by_key(|b| b.ballot.revision);
        let (form, source) = match (station.draft(entry_id)?, latest) {
            (Some((draft, _)), _) => (draft, "draft"),
            (None, Some(saved)) => (
                BallotForm {
                    criteria: saved
                        .ballot
                        .scores
                        .iter()
                        .map(|s| CriterionInput {
                            criterion_id: s.criterion_id,
                            score: s.score.to_string(),
                            note: s.note.clone(),
                        })
                        .collect(),
                    note: saved.ballot.note.clone(),
                },
                "ballot",
            ),
            (None, None) => (BallotForm::default(), "empty"),
        };
        let criteria = snapshot.rubric.criteria.clone();
        Ok(StationForm {
            check: check_form(&criteria, &form),
            entry,
            criteria,
            state: entry_state,
            form,
            source,
        })
    })
}

/// Autosave: the form as typed goes into the station file before this returns.
#[tauri::command]
pub fn station_save_draft(
    state: State<'_, StationState>,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<FormCheck> {
    with_station(&state, |station| {
        station.save_draft(entry_id, &form)?;
        let criteria = station
            .snapshot()
            .map(|s| s.rubric.criteria)
            .unwrap_or_default();
        Ok(check_form(&criteria, &form))
    })
}

/// "Simpan & kirim": signed, written to the station file, then sent in the background; the
/// draft is dropped once the ballot is safe. The entry as it now stands.
#[tauri::command]
pub fn station_submit(
    state: State<'_, StationState>,
    entry_id: Uuid,
    form: BallotForm,
) -> CommandResult<EntryState> {
    with_station(&state, |station| {
        station.submit(entry_id, &form)?;
        station.clear_draft(entry_id)?;
        station
            .entries()?
            .into_iter()
            .find(|e| e.entry_id == entry_id)
            .ok_or_else(|| LanError::Ballot(format!("entry {entry_id} is not in the competition")))
    })
}

/// One room's slot on stage with its timer at the host's present instant.
#[derive(Serialize)]
pub struct StationTimer {
    room_name: String,
    entry_id: Uuid,
    entry_no: u32,
    entry_title: String,
    timer: TimerView,
}

/// What the projector shows now, computed at the host's clock (offset applied).
#[tauri::command]
pub fn station_timers(state: State<'_, StationState>) -> CommandResult<Vec<StationTimer>> {
    with_station(&state, |station| {
        Ok(station
            .timers()
            .into_iter()
            .map(|(slot, timer)| StationTimer {
                room_name: slot.room_name,
                entry_id: slot.entry_id,
                entry_no: slot.entry_no,
                entry_title: slot.entry_title,
                timer,
            })
            .collect())
    })
}

/// "Keluar dari mode panelis": refused while any ballot is not yet confirmed by the host
/// (a score is never left behind); otherwise the station stops and its folder is kept,
/// renamed `station-archive-<instant>` (its signed ballots stay). The archive's path.
#[tauri::command]
pub async fn station_leave(
    app: AppHandle,
    state: State<'_, StationState>,
) -> CommandResult<PathBuf> {
    let station = {
        let mut guard = state.lock();
        let station = guard
            .as_ref()
            .ok_or_else(|| refused("not_station", "this laptop has not joined a host"))?;
        let waiting = info(station).map_err(lan_error)?.unconfirmed;
        if waiting > 0 {
            return Err(refused(
                "station_unconfirmed",
                format!("{waiting} ballot(s) are not yet confirmed by the host"),
            ));
        }
        guard.take()
    };
    if let Some(station) = station {
        station.close().await;
    }
    let dir = station_dir();
    let stamp = panelis_core::time::now().format("%Y%m%d-%H%M%S");
    let archive = dir.with_file_name(format!("station-archive-{stamp}"));
    if let Err(e) = std::fs::rename(&dir, &archive) {
        // Still a station then: it goes on as before.
        if let Ok(station) = Station::open(config()) {
            forward_events(&app, &station);
            *state.lock() = Some(station);
        }
        return Err(refused(
            "io",
            format!(
                "cannot move {} to {}: {e}",
                dir.display(),
                archive.display()
            ),
        ));
    }
    Ok(archive)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn a_typed_host_address_takes_the_default_port_and_bad_ones_are_named() {
        assert_eq!(
            host_address(" 192.168.1.10 ").unwrap(),
            "192.168.1.10:7443".parse::<SocketAddr>().unwrap()
        );
        assert_eq!(
            host_address("10.0.0.2:9000").unwrap(),
            "10.0.0.2:9000".parse::<SocketAddr>().unwrap()
        );
        for bad in ["", "hotel-wifi", "192.168.1:7443"] {
            assert_eq!(host_address(bad).unwrap_err().code, "bad_address", "{bad}");
        }
    }
}

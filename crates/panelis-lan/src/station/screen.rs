//! What the panelist's station screen shows and the rules behind it: who and where the
//! station is, the join input read into a checked target, the entries with where each
//! ballot stands, one entry's rubric form (draft, else the latest ballot saved here), the
//! host's timers, and whether (and where to) the station may be left. The app's commands
//! call these, one each; everything here is plain data with stable JSON field names.

use super::{EntryState, LinkState, SendStatus, Station, StationConfig};
use crate::error::{LanError, Result};
use crate::invite::JoinTarget;
use panelis_core::ballot::{check_form, BallotForm, CriterionInput, FormCheck};
use panelis_core::model::{Criterion, Entry};
use panelis_core::timer::TimerView;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;
use uuid::Uuid;

/// The port a host listens on when the typed address has none (`panelis host` examples and
/// the README use it).
pub const DEFAULT_PORT: u16 = 7443;

/// How long the join screen listens for hosts announcing themselves.
pub const DISCOVERY: Duration = Duration::from_secs(2);

/// Whose laptop this is and how its link to the host stands.
#[derive(Debug, Clone, Serialize)]
pub struct StationInfo {
    pub panelist_name: String,
    pub competition_name: String,
    pub station_name: String,
    pub host: String,
    /// The pin of the pinned fingerprint ([`crate::Fingerprint::pin`]), to compare with the
    /// host's screen.
    pub fingerprint_short: String,
    pub link: LinkState,
    /// Whether the competition data has come from the host (scoring needs it).
    pub ready: bool,
    /// Ballot revisions not yet confirmed by the host (saved here or sent).
    pub unconfirmed: usize,
    /// The venue's clock as the host sent it; `None` until it has (the page then shows UTC,
    /// named as such).
    pub venue_clock: Option<panelis_core::time::VenueClock>,
}

/// Ballot revisions saved here or sent and not yet confirmed by the host.
fn unconfirmed(station: &Station) -> Result<usize> {
    Ok(station
        .outbox()?
        .iter()
        .filter(|b| matches!(b.status, SendStatus::SavedLocally | SendStatus::Sent))
        .count())
}

/// The station as its header shows it.
pub fn info(station: &Station) -> Result<StationInfo> {
    let joined = station.joined();
    let unconfirmed = unconfirmed(station)?;
    let snapshot = station.snapshot();
    Ok(StationInfo {
        panelist_name: joined.panelist_name,
        competition_name: joined.competition_name,
        station_name: joined.station_name,
        host: joined.host.to_string(),
        fingerprint_short: joined.fingerprint.pin(),
        link: station.link(),
        ready: snapshot.is_some(),
        unconfirmed,
        venue_clock: snapshot.and_then(|s| s.venue_clock.clone()),
    })
}

/// How the person names the host: the join link (pasted, or what the QR code carries), or
/// the address, the pin from the host's screen and the code, typed.
#[derive(Debug, Clone, Deserialize)]
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
pub fn host_address(text: &str) -> Result<SocketAddr> {
    let text = text.trim();
    if text.is_empty() {
        return Err(LanError::BadAddress { typed: None });
    }
    text.parse::<SocketAddr>()
        .or_else(|_| {
            text.parse::<IpAddr>()
                .map(|ip| SocketAddr::new(ip, DEFAULT_PORT))
        })
        .map_err(|_| LanError::BadAddress {
            typed: Some(text.to_string()),
        })
}

/// The checked target the input names; a typed one asks the host for its certificate and
/// checks it against the typed pin.
pub async fn target_of(input: JoinInput) -> Result<JoinTarget> {
    match input {
        JoinInput::Link { link } => JoinTarget::parse_link(&link),
        JoinInput::Typed {
            host,
            fingerprint,
            code,
        } => JoinTarget::from_typed(host_address(&host)?, &fingerprint, &code).await,
    }
}

/// Whom a code is for, shown to the person at the laptop to confirm before joining; `link`
/// is the checked target (its fingerprint pinned) that joining takes.
#[derive(Debug, Clone, Serialize)]
pub struct JoinCheckView {
    pub panelist_name: String,
    pub competition_name: String,
    pub host: String,
    pub link: String,
}

/// Asks the host whom the input's code is for, without spending it.
pub async fn preview(input: JoinInput) -> Result<JoinCheckView> {
    let target = target_of(input).await?;
    let preview = Station::preview(&target).await?;
    Ok(JoinCheckView {
        panelist_name: preview.panelist_name,
        competition_name: preview.competition_name,
        host: target.addr.to_string(),
        link: target.link(),
    })
}

/// The station's name for the secretariat's progress matrix: as typed, else this machine's.
pub fn station_name(typed: &str) -> String {
    match typed.trim() {
        "" => machine_name(),
        typed => typed.to_string(),
    }
}

/// This machine's name, for the secretariat's progress matrix when none is typed.
fn machine_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|n| n.trim().to_string())
        .unwrap_or_default()
}

/// One entry of the station's list.
#[derive(Debug, Clone, Serialize)]
pub struct StationEntry {
    #[serde(flatten)]
    pub state: EntryState,
    pub category: String,
    pub region: String,
    /// Something typed and not submitted is kept for it.
    pub draft: bool,
}

/// The station's sheet: every entry with where its ballot stands.
#[derive(Debug, Clone, Serialize)]
pub struct StationSheet {
    pub entries: Vec<StationEntry>,
    /// Whether the competition data has come from the host.
    pub ready: bool,
}

/// Every entry with where its ballot stands, its category and region when the competition
/// data has come, and whether a draft is kept for it.
pub fn sheet(station: &Station) -> Result<StationSheet> {
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
}

/// One entry's rubric form: the entry, the criteria, and what the form holds (the draft
/// typed last, else the latest ballot saved here, else nothing).
#[derive(Debug, Clone, Serialize)]
pub struct StationForm {
    pub entry: Entry,
    pub criteria: Vec<Criterion>,
    pub state: EntryState,
    pub form: BallotForm,
    /// `draft`, `ballot` or `empty`.
    pub source: &'static str,
    pub check: FormCheck,
}

fn not_in_competition(entry_id: Uuid) -> LanError {
    let _ = entry_id;
    LanError::Core(panelis_core::Error::Ballot(
        panelis_core::ballot::judge::BallotRefusal::UnknownEntry,
    ))
}

/// The entry as the station's list shows it now.
fn entry_state(station: &Station, entry_id: Uuid) -> Result<EntryState> {
    station
        .entries()?
        .into_iter()
        .find(|e| e.entry_id == entry_id)
        .ok_or_else(|| not_in_competition(entry_id))
}

/// One entry's form to show; refused before the competition data has come from the host.
pub fn form(station: &Station, entry_id: Uuid) -> Result<StationForm> {
    let snapshot = station.snapshot().ok_or(LanError::NoCompetitionYet)?;
    let entry = snapshot
        .entry(entry_id)
        .cloned()
        .ok_or_else(|| not_in_competition(entry_id))?;
    let state = entry_state(station, entry_id)?;
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
        state,
        form,
        source,
    })
}

/// Autosave: the form as typed goes into the station file, then its total and problems
/// against the rubric (none before the competition data has come).
pub fn save_draft(station: &Station, entry_id: Uuid, form: &BallotForm) -> Result<FormCheck> {
    station.save_draft(entry_id, form)?;
    let criteria = station
        .snapshot()
        .map(|s| s.rubric.criteria.clone())
        .unwrap_or_default();
    Ok(check_form(&criteria, form))
}

/// "Simpan & kirim": signed, written to the station file (then sent in the background),
/// and the draft dropped once the ballot is safe. The entry as it now stands.
pub fn submit(station: &Station, entry_id: Uuid, form: &BallotForm) -> Result<EntryState> {
    station.submit(entry_id, form)?;
    station.clear_draft(entry_id)?;
    entry_state(station, entry_id)
}

/// One room's slot on stage with its timer at the host's present instant.
#[derive(Debug, Clone, Serialize)]
pub struct StationTimer {
    pub room_name: String,
    pub entry_id: Uuid,
    pub entry_no: u32,
    pub entry_title: String,
    pub timer: TimerView,
}

/// What the projector shows now, computed at the host's clock (offset applied).
pub fn timers(station: &Station) -> Vec<StationTimer> {
    station
        .timers()
        .into_iter()
        .map(|(slot, timer)| StationTimer {
            room_name: slot.room_name,
            entry_id: slot.entry_id,
            entry_no: slot.entry_no,
            entry_title: slot.entry_title,
            timer,
        })
        .collect()
}

/// Leaving station mode is refused while any ballot is not yet confirmed by the host: a
/// score is never left behind.
pub fn check_leave(station: &Station) -> Result<()> {
    match unconfirmed(station)? {
        0 => Ok(()),
        waiting => Err(LanError::Unconfirmed(waiting)),
    }
}

/// Where a left station's folder goes: beside it, `station-archive-<instant>`.
pub fn archive_path(dir: &Path) -> PathBuf {
    let stamp = panelis_core::time::now().format("%Y%m%d-%H%M%S");
    dir.with_file_name(format!("station-archive-{stamp}"))
}

/// Moves a closed station's folder to its archive (its signed ballots stay); the archive.
pub fn archive(dir: &Path) -> Result<PathBuf> {
    let archive = archive_path(dir);
    std::fs::rename(dir, &archive).map_err(|e| LanError::Move {
        from: dir.to_path_buf(),
        to: archive.clone(),
        reason: e.to_string(),
    })?;
    Ok(archive)
}

/// What a failed [`rejoin`] or [`leave`] leaves: why, and the station as it was before, if
/// there was one: untouched, or (`reopened`) closed and its folder opened again.
pub struct Kept {
    pub error: LanError,
    pub station: Option<Station>,
    pub reopened: bool,
}

/// Joins `target` as `name` with `config`, the station that was open (`previous`, joining
/// again after the host stopped recognising it) closed first: the same folder holds its
/// outbox. If the join fails, the previous station is opened again as it was.
pub async fn rejoin(
    config: StationConfig,
    previous: Option<Station>,
    target: &JoinTarget,
    name: &str,
) -> std::result::Result<Station, Kept> {
    let had_station = previous.is_some();
    if let Some(old) = previous {
        old.close().await;
    }
    match Station::join(config.clone(), target, name).await {
        Ok(station) => Ok(station),
        Err(error) => Err(Kept {
            error,
            station: if had_station {
                Station::open(config).ok()
            } else {
                None
            },
            reopened: true,
        }),
    }
}

/// Leaves station mode: refused while any ballot is not yet confirmed by the host (the
/// station stays as it is); otherwise the station closes and its folder is archived (its
/// signed ballots stay). The archive's path. If the folder cannot be moved, the station is
/// opened again and goes on as before.
pub async fn leave(config: StationConfig, station: Station) -> std::result::Result<PathBuf, Kept> {
    if let Err(error) = check_leave(&station) {
        return Err(Kept {
            error,
            station: Some(station),
            reopened: false,
        });
    }
    station.close().await;
    archive(&config.dir).map_err(|error| Kept {
        error,
        station: Station::open(config).ok(),
        reopened: true,
    })
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
            let e = host_address(bad).unwrap_err();
            assert_eq!(e.code(), "bad_address", "{bad}");
            assert!(!e.to_string().is_empty());
        }
        assert!(host_address("hotel-wifi")
            .unwrap_err()
            .to_string()
            .contains("\"hotel-wifi\""));
    }

    #[test]
    fn a_typed_station_name_is_kept_trimmed() {
        assert_eq!(station_name("  Laptop 3 "), "Laptop 3");
    }

    #[test]
    fn a_station_folder_is_archived_beside_itself_and_a_failed_move_says_where() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("station");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("station.sqlite"), b"kept").unwrap();
        let archived = archive(&dir).unwrap();
        assert_eq!(archived.parent(), dir.parent());
        assert!(archived
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("station-archive-"));
        assert!(!dir.exists());
        assert_eq!(
            std::fs::read(archived.join("station.sqlite")).unwrap(),
            b"kept"
        );

        let e = archive(&dir).unwrap_err();
        assert_eq!(e.code(), "io");
        assert!(e.to_string().starts_with("cannot move "), "{e}");
    }
}

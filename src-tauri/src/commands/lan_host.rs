//! Jaringan venue, the secretariat's side: start and stop hosting the open competition on
//! the LAN, join codes (with QR and link) per panelist, revoking a station, and the screen's
//! view: addresses, certificate fingerprint, the live progress matrix, what came back from
//! stations since hosting started, and recent refusals.

use crate::error::{CommandError, CommandResult};
use crate::lan_host::{lan_error, Hosting, Refusal, Running};
use crate::state::Session;
use panelis_lan::host::{self, HostConfig, JoinInvite, ProgressMatrix};
use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use tauri::{AppHandle, State};
use uuid::Uuid;

/// The address asked for when the secretariat does not change it.
pub const DEFAULT_BIND: &str = "0.0.0.0:7443";

/// A host that is serving, as the screen shows it.
#[derive(Serialize)]
pub struct HostingInfo {
    /// The address asked for.
    pub bind: String,
    /// The address actually listened on (port 0 resolved).
    pub local_addr: String,
    /// The address join links carry.
    pub public_addr: String,
    /// The addresses stations can use (this laptop's LAN addresses with the port).
    pub addresses: Vec<String>,
    /// 64 hex digits.
    pub fingerprint: String,
    /// The same in 16 groups of 4, for comparing by eye.
    pub fingerprint_grouped: String,
    /// The first 4 groups, for a quick check aloud.
    pub fingerprint_short: String,
    pub advertised: bool,
    pub competition_name: String,
    pub log_path: String,
}

/// A join code as the screen shows it.
#[derive(Serialize)]
pub struct InviteView {
    pub panelist_id: Uuid,
    pub panelist_name: String,
    /// `ABCD-EFGH`.
    pub code: String,
    pub expires_at: String,
    /// `panelis://join?...`, for pasting on a station.
    pub link: String,
    /// The link as a QR code (SVG made here, shown as an image).
    pub qr_svg: String,
}

/// One ballot that came back.
#[derive(Serialize)]
pub struct CameBackBallot {
    pub entry_id: Uuid,
    /// The entry's number, `None` when the entry is not in this file.
    pub no: Option<u32>,
    pub revision: u32,
}

/// What came back from one panelist's station.
#[derive(Serialize)]
pub struct CameBackPanelist {
    pub panelist_id: Uuid,
    pub name: String,
    /// Not in this file before: stored now.
    pub new: Vec<CameBackBallot>,
    /// Already in this file: acknowledged, not stored again.
    pub repeated: Vec<CameBackBallot>,
}

/// What came back since hosting started.
#[derive(Serialize)]
pub struct CameBack {
    pub since: Option<String>,
    pub new_total: u32,
    pub repeated_total: u32,
    pub panelists: Vec<CameBackPanelist>,
}

/// Everything the Jaringan venue screen shows.
#[derive(Serialize)]
pub struct VenueHostView {
    pub default_bind: &'static str,
    /// `None` when not hosting.
    pub hosting: Option<HostingInfo>,
    pub matrix: Option<ProgressMatrix>,
    /// Join codes issued and not used yet, in the panel's order.
    pub invites: Vec<InviteView>,
    pub came_back: CameBack,
    pub refusals: Vec<Refusal>,
}

/// The screen's view, hosting or not.
#[tauri::command]
pub async fn venue_host_view(
    session: State<'_, Session>,
    hosting: State<'_, Hosting>,
) -> CommandResult<VenueHostView> {
    let running = hosting.running().await;
    build_view(&session, &hosting, running.as_ref()).await
}

/// Starts hosting the open competition on `bind` (e.g. `0.0.0.0:7443`; port 0 picks a free
/// one). Already hosting: the view as it is.
#[tauri::command]
pub async fn venue_host_start(
    app: AppHandle,
    session: State<'_, Session>,
    hosting: State<'_, Hosting>,
    bind: String,
) -> CommandResult<VenueHostView> {
    let bind = parse_bind(&bind)?;
    if hosting.running().await.is_none() {
        let (db, competition_id) = {
            let guard = session.store();
            let store = guard.as_ref().ok_or_else(CommandError::no_competition)?;
            (store.path().to_owned(), store.competition()?.id)
        };
        let config = HostConfig::new(db, HostConfig::identity_dir_for(competition_id), bind);
        let host = host::Host::start(config).await.map_err(lan_error)?;
        hosting.begin(&app, host, bind).await;
    }
    let running = hosting.running().await;
    build_view(&session, &hosting, running.as_ref()).await
}

/// Stops hosting: stations keep scoring on their own and send when a host is back.
#[tauri::command]
pub async fn venue_host_stop(
    session: State<'_, Session>,
    hosting: State<'_, Hosting>,
) -> CommandResult<VenueHostView> {
    hosting.stop().await;
    build_view(&session, &hosting, None).await
}

/// A fresh join code for the panelist (their earlier code stops working).
#[tauri::command]
pub async fn venue_host_invite(
    hosting: State<'_, Hosting>,
    panelist_id: Uuid,
) -> CommandResult<InviteView> {
    let running = hosting.running().await;
    let running = running.as_ref().ok_or_else(not_hosting)?;
    let invite = running.host.invite(panelist_id).await.map_err(lan_error)?;
    let view = invite_view(&invite)?;
    hosting.record().invites.insert(panelist_id, invite);
    Ok(view)
}

/// A fresh join code for every panelist.
#[tauri::command]
pub async fn venue_host_invite_all(hosting: State<'_, Hosting>) -> CommandResult<Vec<InviteView>> {
    let running = hosting.running().await;
    let running = running.as_ref().ok_or_else(not_hosting)?;
    let invites = running.host.invite_all().await.map_err(lan_error)?;
    let views = invites
        .iter()
        .map(invite_view)
        .collect::<CommandResult<Vec<_>>>()?;
    let mut record = hosting.record();
    for invite in invites {
        record.invites.insert(invite.panelist_id, invite);
    }
    Ok(views)
}

/// Revokes the panelist's station: its token stops working and its connection closes.
/// False when the panelist had no live station.
#[tauri::command]
pub async fn venue_host_revoke(
    hosting: State<'_, Hosting>,
    panelist_id: Uuid,
) -> CommandResult<bool> {
    let running = hosting.running().await;
    let running = running.as_ref().ok_or_else(not_hosting)?;
    running.host.revoke(panelist_id).map_err(lan_error)
}

fn not_hosting() -> CommandError {
    CommandError {
        code: "not_hosting",
        message: "the venue network is not running".into(),
        problems: Vec::new(),
    }
}

/// Reads `IP:port`, said plainly when it is not one.
fn parse_bind(text: &str) -> CommandResult<SocketAddr> {
    let text = text.trim();
    let text = if text.is_empty() { DEFAULT_BIND } else { text };
    text.parse().map_err(|_| CommandError {
        code: "bad_address",
        message: format!("{text:?} is not an address and port such as 0.0.0.0:7443"),
        problems: Vec::new(),
    })
}

fn invite_view(invite: &JoinInvite) -> CommandResult<InviteView> {
    Ok(InviteView {
        panelist_id: invite.panelist_id,
        panelist_name: invite.panelist_name.clone(),
        code: invite.code.clone(),
        expires_at: invite.expires_at.to_rfc3339(),
        link: invite.target.link(),
        qr_svg: invite.target.qr_svg(256).map_err(lan_error)?,
    })
}

async fn build_view(
    session: &Session,
    hosting: &Hosting,
    running: Option<&Running>,
) -> CommandResult<VenueHostView> {
    let (info, matrix) = match running {
        Some(r) => {
            let matrix = r.host.progress().await.map_err(lan_error)?;
            (Some(hosting_info(r)), Some(matrix))
        }
        None => (None, None),
    };
    // Names and numbers: from the matrix when hosting, else from the open file.
    let (names, numbers, order) = match &matrix {
        Some(m) => (
            m.rows
                .iter()
                .map(|r| (r.panelist_id, r.name.clone()))
                .collect::<HashMap<_, _>>(),
            m.entries
                .iter()
                .map(|e| (e.entry_id, e.no))
                .collect::<HashMap<_, _>>(),
            m.rows.iter().map(|r| r.panelist_id).collect::<Vec<_>>(),
        ),
        None => {
            let guard = session.store();
            match guard.as_ref() {
                Some(store) => {
                    let panel = store.panelists()?;
                    (
                        panel.iter().map(|p| (p.id, p.name.clone())).collect(),
                        store.entries()?.iter().map(|e| (e.id, e.no)).collect(),
                        panel.iter().map(|p| p.id).collect(),
                    )
                }
                None => (HashMap::new(), HashMap::new(), Vec::new()),
            }
        }
    };
    let record = hosting.record();
    let mut invites: Vec<InviteView> = Vec::new();
    let now = panelis_core::time::now();
    for id in &order {
        if let Some(invite) = record.invites.get(id).filter(|i| i.expires_at > now) {
            invites.push(invite_view(invite)?);
        }
    }
    let mut by_panelist: HashMap<Uuid, CameBackPanelist> = HashMap::new();
    let (mut new_total, mut repeated_total) = (0, 0);
    for (&(panelist_id, entry_id, revision), &new) in &record.ballots {
        let line = by_panelist
            .entry(panelist_id)
            .or_insert_with(|| CameBackPanelist {
                panelist_id,
                name: names.get(&panelist_id).cloned().unwrap_or_default(),
                new: Vec::new(),
                repeated: Vec::new(),
            });
        let ballot = CameBackBallot {
            entry_id,
            no: numbers.get(&entry_id).copied(),
            revision,
        };
        if new {
            new_total += 1;
            line.new.push(ballot);
        } else {
            repeated_total += 1;
            line.repeated.push(ballot);
        }
    }
    let mut panelists: Vec<CameBackPanelist> = order
        .iter()
        .filter_map(|id| by_panelist.remove(id))
        .collect();
    panelists.extend(by_panelist.into_values());
    for p in &mut panelists {
        p.new.sort_by_key(|b| (b.no, b.revision));
        p.repeated.sort_by_key(|b| (b.no, b.revision));
    }
    Ok(VenueHostView {
        default_bind: DEFAULT_BIND,
        hosting: info,
        matrix,
        invites,
        came_back: CameBack {
            since: record.since.clone(),
            new_total,
            repeated_total,
            panelists,
        },
        refusals: record.refusals.iter().cloned().collect(),
    })
}

fn hosting_info(r: &Running) -> HostingInfo {
    let host = &r.host;
    let local = host.local_addr();
    let fingerprint = host.fingerprint();
    let grouped = fingerprint.grouped();
    let short = grouped.split(' ').take(4).collect::<Vec<_>>().join(" ");
    HostingInfo {
        bind: r.bind.to_string(),
        local_addr: local.to_string(),
        public_addr: host.public_addr().to_string(),
        addresses: host::lan_addresses(local.ip())
            .into_iter()
            .map(|ip| SocketAddr::new(ip, local.port()).to_string())
            .collect(),
        fingerprint: fingerprint.hex(),
        fingerprint_grouped: grouped,
        fingerprint_short: short,
        advertised: host.advertised(),
        competition_name: host.competition().name.clone(),
        log_path: host.log_path().display().to_string(),
    }
}

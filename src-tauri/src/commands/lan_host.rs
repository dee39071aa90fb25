//! Jaringan venue, the secretariat's side: start and stop hosting the open competition on
//! the LAN, join codes (with QR and link) per panelist, revoking a station, and the screen's
//! view. The views and the came-back record live in `panelis_lan::host::screen`; these
//! commands hold the app's hosting state and call it.

use crate::error::{CommandError, CommandResult, Shell};
use crate::lan_host::{Hosting, Running};
use crate::state::Session;
use panelis_lan::host::screen::{self, InviteView, VenueHostView};
use panelis_lan::host::{self, HostConfig};
use tauri::{AppHandle, State};
use uuid::Uuid;

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
    let bind = screen::parse_bind(&bind).map_err(CommandError::from)?;
    if hosting.running().await.is_none() {
        let (db, competition_id) = {
            let guard = session.store();
            let store = guard.as_ref().ok_or_else(CommandError::no_competition)?;
            (store.path().to_owned(), store.competition()?.id)
        };
        let config = HostConfig::new(db, session.dirs().lan(competition_id), bind);
        let host = host::Host::start(config)
            .await
            .map_err(CommandError::from)?;
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
    let invite = running
        .host
        .invite(panelist_id)
        .await
        .map_err(CommandError::from)?;
    let view = screen::invite_view(&invite).map_err(CommandError::from)?;
    hosting.record().invites.insert(panelist_id, invite);
    Ok(view)
}

/// A fresh join code for every panelist.
#[tauri::command]
pub async fn venue_host_invite_all(hosting: State<'_, Hosting>) -> CommandResult<Vec<InviteView>> {
    let running = hosting.running().await;
    let running = running.as_ref().ok_or_else(not_hosting)?;
    let invites = running
        .host
        .invite_all()
        .await
        .map_err(CommandError::from)?;
    let views = invites
        .iter()
        .map(screen::invite_view)
        .collect::<panelis_lan::Result<Vec<_>>>()
        .map_err(CommandError::from)?;
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
    running.host.revoke(panelist_id).map_err(CommandError::from)
}

fn not_hosting() -> CommandError {
    Shell::NotHosting.into()
}

/// The view from the running host (if any), the open file and this session's record.
async fn build_view(
    session: &Session,
    hosting: &Hosting,
    running: Option<&Running>,
) -> CommandResult<VenueHostView> {
    let live = match running {
        Some(r) => Some(
            screen::hosting(&r.host, r.bind)
                .await
                .map_err(CommandError::from)?,
        ),
        None => None,
    };
    // The open file names panelists and entries only when not hosting.
    let store = live.is_none().then(|| session.store());
    let store = store.as_ref().and_then(|guard| guard.as_ref());
    screen::view(live, store, &hosting.record()).map_err(CommandError::from)
}

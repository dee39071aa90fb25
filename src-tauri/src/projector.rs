//! The projector window ("Layar Proyektor"): opened from the live control onto the external
//! screen, it shows one room's timer to the audience and nothing private. It is told about
//! every change by an event carrying the fresh projector view, so it follows the control
//! at once; between events it ticks the clock itself and re-syncs every few seconds.

use crate::commands::with_store;
use crate::state::Session;
use panelis_core::timer::ProjectorView;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Monitor, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use uuid::Uuid;

/// The projector window's label; its capability file (capabilities/projector.json) grants
/// this label only the read-only projector view and event listening.
pub const LABEL: &str = "projector";

/// Sent to the projector after every change of a room's live slot or timer.
pub const SYNC_EVENT: &str = "projector-sync";

/// Sent to the projector when the control asks it to show another room.
pub const ROOM_EVENT: &str = "projector-room";

/// Sent to the main window when the projector window opens or closes, so its button says
/// the right thing even when the window was closed another way.
pub const STATE_EVENT: &str = "projector-state";

/// Sent to the projector when it should show the deliberation (or the timer again), and
/// after every change to the panel's decision.
pub const DELIBERATION_EVENT: &str = "projector-deliberation";

/// Whether the projector shows the panel's deliberation instead of the timer, and what of it:
/// the secretariat's setting, kept in the app so the projector window cannot change it.
#[derive(Default)]
pub struct DeliberationMode(std::sync::Mutex<Option<(bool, u32)>>);

impl DeliberationMode {
    /// Deliberation on (with or without the panelists' totals, near-tie margin in
    /// hundredths) or off.
    pub fn set(&self, on: bool, show_panelists: bool, near_tie: Option<u32>) {
        let margin = near_tie.unwrap_or(panelis_core::decision::DEFAULT_NEAR_TIE_HUNDREDTHS);
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = on.then_some((show_panelists, margin));
    }

    /// The setting as the control screen shows it.
    pub fn view(&self) -> ProjectorModeView {
        let now = self.get();
        ProjectorModeView {
            deliberation: now.is_some(),
            show_panelists: now.is_some_and(|(show, _)| show),
            near_tie: now.map(|(_, m)| m),
        }
    }

    /// `(show panelists' totals, margin)` in deliberation mode, `None` in timer mode.
    pub fn get(&self) -> Option<(bool, u32)> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The projector's mode as the Musyawarah screen reads it back.
#[derive(Clone, Copy, Serialize)]
pub struct ProjectorModeView {
    pub deliberation: bool,
    pub show_panelists: bool,
    pub near_tie: Option<u32>,
}

/// Tells the projector (if open) to fetch the deliberation view again.
pub fn deliberation_changed(app: &AppHandle) {
    if app.get_webview_window(LABEL).is_some() {
        let _ = app.emit_to(LABEL, DELIBERATION_EVENT, ());
    }
}

/// The payload of [`SYNC_EVENT`]: the view of `room_id` at the instant of the change.
#[derive(Clone, Serialize)]
pub struct ProjectorSync {
    pub room_id: Uuid,
    pub view: ProjectorView,
}

/// Whether the projector window is open and full screen.
#[derive(Clone, Copy, Serialize)]
pub struct ProjectorStatus {
    pub open: bool,
    pub fullscreen: bool,
}

/// Opens the projector window on `room` (or, if it is open, switches it to `room`; the
/// keyboard focus stays with the control, where the shortcuts are).
pub fn open(app: &AppHandle, room: Option<Uuid>) -> tauri::Result<ProjectorStatus> {
    if let Some(window) = app.get_webview_window(LABEL) {
        app.emit_to(LABEL, ROOM_EVENT, room)?;
        window.show()?;
        return status(app);
    }
    // The room travels as a global set before the page's scripts run: a query string in an
    // app URL is not kept on every platform.
    let room_json = serde_json::to_string(&room).unwrap_or_else(|_| "null".into());
    let external = external_monitor(app);
    let mut builder =
        WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("projector.html".into()))
            .title("Layar Proyektor")
            .inner_size(1280.0, 720.0)
            .min_inner_size(640.0, 360.0)
            .focused(false)
            .initialization_script(format!("window.__PANELIS_PROJECTOR_ROOM__ = {room_json};"));
    if let Some(monitor) = &external {
        let at = monitor.position().to_logical::<f64>(monitor.scale_factor());
        builder = builder.position(at.x, at.y);
    }
    let window = builder.build()?;
    // On the external screen (a projector plugged in) it fills it at once.
    if external.is_some() {
        window.set_fullscreen(true)?;
    }
    // The shortcuts (Space, N, ...) belong to the control: keep the keyboard there.
    if let Some(main) = app.get_webview_window("main") {
        let _ = main.set_focus();
    }
    let _ = app.emit_to("main", STATE_EVENT, true);
    status(app)
}

/// A monitor other than the one showing the main window, if one is connected.
fn external_monitor(app: &AppHandle) -> Option<Monitor> {
    let here = app.get_webview_window("main")?.current_monitor().ok()??;
    app.available_monitors()
        .ok()?
        .into_iter()
        .find(|m| m.position() != here.position() || m.size() != here.size())
}

/// Closes the projector window if it is open.
pub fn close(app: &AppHandle) -> tauri::Result<ProjectorStatus> {
    if let Some(window) = app.get_webview_window(LABEL) {
        window.destroy()?;
    }
    Ok(ProjectorStatus {
        open: false,
        fullscreen: false,
    })
}

/// Puts the projector window in or out of full screen.
pub fn toggle_fullscreen(app: &AppHandle) -> tauri::Result<ProjectorStatus> {
    if let Some(window) = app.get_webview_window(LABEL) {
        let full = window.is_fullscreen()?;
        window.set_fullscreen(!full)?;
    }
    status(app)
}

pub fn status(app: &AppHandle) -> tauri::Result<ProjectorStatus> {
    Ok(match app.get_webview_window(LABEL) {
        Some(window) => ProjectorStatus {
            open: true,
            fullscreen: window.is_fullscreen()?,
        },
        None => ProjectorStatus {
            open: false,
            fullscreen: false,
        },
    })
}

/// Tells the projector (if open) what `room` shows now. A failure here is not the
/// command's failure: the projector re-syncs by itself within seconds.
pub fn sync(app: &AppHandle, session: &Session, room: Uuid) {
    if app.get_webview_window(LABEL).is_none() {
        return;
    }
    let now = panelis_core::time::now();
    if let Ok(view) = with_store(session, |s| s.projector_view(Some(room), now)) {
        let _ = app.emit_to(
            LABEL,
            SYNC_EVENT,
            ProjectorSync {
                room_id: room,
                view,
            },
        );
    }
}

/// Window events of the whole app: the projector never outlives the main window (the app
/// would keep running with only the audience's screen open), and the main window hears
/// when the projector is gone.
pub fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    if !matches!(event, WindowEvent::Destroyed) {
        return;
    }
    let app = window.app_handle();
    match window.label() {
        "main" => {
            if let Some(projector) = app.get_webview_window(LABEL) {
                let _ = projector.destroy();
            }
        }
        LABEL => {
            let _ = app.emit_to("main", STATE_EVENT, false);
        }
        _ => {}
    }
}

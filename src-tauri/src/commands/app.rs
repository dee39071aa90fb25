//! About the app itself: version, a problem from launch to show once, and what the first
//! screen needs at start-up, in one call.

use super::backup::{self, BackupStatus};
use super::lan_station::{station_mode, StationMode};
use super::with_store;
use crate::backups::BackupHealth;
use crate::error::CommandError;
use crate::lan_station::StationState;
use crate::rendering::Renderer;
use crate::state::Session;
use panelis_core::store::OverviewScreen;
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    launch_problem: Option<CommandError>,
}

/// The app's version and the launch problem. The page reads them through `start_up`; this
/// stays for the save benchmark, which times it as a bare round trip (`panelis-bench`).
#[tauri::command]
pub fn app_info(session: State<'_, Session>) -> AppInfo {
    AppInfo {
        version: panelis_core::VERSION,
        launch_problem: session.take_launch_problem(),
    }
}

/// What the window's first screen shows, read in one round trip: every IPC call before the
/// first frame delays it, and the shell and the overview would otherwise make six.
#[derive(Serialize)]
pub struct StartUp {
    version: &'static str,
    /// Why the file opened last could not be opened at launch (taken once).
    launch_problem: Option<CommandError>,
    /// The open competition's overview screen; `None` when none is open.
    overview: Option<OverviewScreen>,
    /// Why there is no overview (no competition open, the file unreadable).
    overview_problem: Option<CommandError>,
    /// The overview's backup card, read with it; `None` with no overview, or when it could
    /// not be read (the card then asks itself, and shows why).
    backups: Option<BackupStatus>,
    /// Whether this laptop is a panelist's station (then the app shows only that).
    station: StationMode,
}

/// Composes the shell's four reads, each from its own state: the version and launch
/// problem, the core's overview screen of the open competition with its backup card, and
/// the station's mode.
#[tauri::command]
pub fn start_up(
    session: State<'_, Session>,
    station: State<'_, StationState>,
    health: State<'_, BackupHealth>,
) -> StartUp {
    let (overview, overview_problem) = match with_store(&session, |s| s.overview_screen()) {
        Ok(screen) => (Some(screen), None),
        Err(problem) => (None, Some(problem)),
    };
    let backups = overview
        .as_ref()
        .and_then(|_| backup::status(&session, &health).ok());
    StartUp {
        version: panelis_core::VERSION,
        launch_problem: session.take_launch_problem(),
        overview,
        overview_problem,
        backups,
        station: station_mode(&station).unwrap_or_else(StationMode::unreadable),
    }
}

/// When the app began (wall clock, for the benchmark to set against its own start) and how
/// long opening the competition took before the window was asked for.
pub struct LaunchTiming {
    began_ms: f64,
    opened_in_ms: f64,
    /// How WebKit draws the windows, for the benchmark to time the reference window alike.
    renderer: Renderer,
}

impl LaunchTiming {
    /// `opening`: the competition file's opening alone (GTK's start before it, which Tauri
    /// would otherwise make, is counted with Tauri's, from `main` to the navigation).
    pub fn new(
        began: std::time::SystemTime,
        opening: std::time::Duration,
        renderer: Renderer,
    ) -> Self {
        LaunchTiming {
            renderer,
            began_ms: began
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0),
            opened_in_ms: opening.as_secs_f64() * 1000.0,
        }
    }
}

/// The page has painted its first screen: the start-up benchmark's finish line. When the
/// benchmark set `$PANELIS_READY_FILE`, writes there (whole, by renaming) the page's marks
/// and the launch's timing, from which it breaks the start-up down; otherwise does nothing.
#[tauri::command]
pub fn bench_ready(launch: State<'_, LaunchTiming>, marks: Option<serde_json::Value>) {
    if let Some(path) = std::env::var_os("PANELIS_READY_FILE") {
        let report = serde_json::json!({
            "began_ms": launch.began_ms,
            "opened_in_ms": launch.opened_in_ms,
            "renderer": launch.renderer,
            "page": marks,
        });
        // Renamed into place so the benchmark never reads half of it; not `atomic::write`,
        // whose syncs would land in the figure, and which the reference window lacks.
        let part = std::path::PathBuf::from(&path).with_extension("part");
        if std::fs::write(&part, report.to_string()).is_ok() {
            let _ = std::fs::rename(&part, &path);
        }
    }
}

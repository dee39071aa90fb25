//! About the app itself: version, and a problem from launch to show once.

use crate::error::CommandError;
use crate::state::Session;
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    launch_problem: Option<CommandError>,
}

#[tauri::command]
pub fn app_info(session: State<'_, Session>) -> AppInfo {
    AppInfo {
        version: panelis_core::VERSION,
        launch_problem: session.take_launch_problem(),
    }
}

/// The page has painted its first screen: the start-up benchmark's finish line. Writes
/// `$PANELIS_READY_FILE` when the benchmark set it; otherwise does nothing.
#[tauri::command]
pub fn bench_ready() {
    if let Some(path) = std::env::var_os("PANELIS_READY_FILE") {
        let _ = std::fs::write(path, b"ready");
    }
}

//! The Panelis desktop shell: builds the app, opens the last competition (the demo one on
//! first run) and registers the commands. All logic lives in `panelis-core`.

mod commands;
mod error;
mod state;

use state::Session;

/// Runs the app until its last window closes.
pub fn run() {
    let session = Session::open_at_launch();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::competition::overview,
            commands::competition::recent_competitions,
            commands::competition::open_competition,
            commands::competition::choose_competition,
            commands::competition::new_competition,
            commands::entries::list_entries,
            commands::panel::list_panelists,
            commands::panel::get_rubric,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Panelis could not start: {e}");
        std::process::exit(1);
    }
}

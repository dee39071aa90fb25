//! The Panelis desktop shell: builds the app, opens the last competition (the demo one on
//! first run) and registers the commands. All logic lives in `panelis-core`.

// A command's error goes to the page as JSON, once per call: its size on the stack is of no
// consequence, and boxing it would only make every command harder to read.
#![allow(clippy::result_large_err)]

mod backups;
mod commands;
mod dialogs;
mod display;
mod error;
mod lan_host;
mod lan_station;
mod projector;
mod rendering;
mod state;

use state::Session;

/// Runs the app until its last window closes.
pub fn run() {
    let started = std::time::SystemTime::now();
    let renderer = rendering::choose();
    if let Err(e) = display::open() {
        eprintln!("{}", e.for_terminal());
        std::process::exit(1);
    }
    let opening = std::time::Instant::now();
    let session = Session::open_at_launch();
    let launch = commands::app::LaunchTiming::new(started, opening.elapsed(), renderer);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(session)
        .manage(launch)
        .manage(backups::BackupHealth::default())
        .manage(lan_host::Hosting::default())
        .manage(lan_station::StationState::default())
        .manage(projector::DeliberationMode::default())
        .setup(|app| {
            backups::start(app.handle().clone());
            lan_station::open_at_launch(app.handle());
            Ok(())
        })
        .on_window_event(projector::on_window_event)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::start_up,
            commands::app::bench_ready,
            commands::results::results_view,
            commands::results::finalize_results,
            commands::results::reopen_results,
            commands::results::export_document,
            commands::results::export_results_xlsx,
            commands::results::print_document,
            commands::results::verify_document,
            commands::results::organizer_certificate,
            commands::results::import_certificate,
            commands::results::export_certificate,
            commands::results::organizer_logo,
            commands::results::set_organizer_logo,
            commands::results::clear_organizer_logo,
            commands::decision::decision_view,
            commands::decision::quorum,
            commands::decision::decide,
            commands::decision::set_outcomes,
            commands::decision::propose_outcomes,
            commands::decision::apply_proposal,
            commands::decision::set_projector_mode,
            commands::decision::projector_mode,
            commands::decision::projector_deliberation,
            commands::backup::backup_status,
            commands::backup::set_backup_settings,
            commands::backup::choose_backup_folder,
            commands::backup::backup_now,
            commands::backup::restore_backup,
            commands::competition::overview,
            commands::competition::overview_screen,
            commands::competition::update_competition,
            commands::competition::recent_competitions,
            commands::competition::open_competition,
            commands::competition::choose_competition,
            commands::competition::new_competition,
            commands::competition::file_status,
            commands::competition::save_copy_from_memory,
            commands::entries::list_entries,
            commands::panel::list_panelists,
            commands::panel::get_rubric,
            commands::entries::choose_shortlist_file,
            commands::entries::preview_shortlist,
            commands::entries::apply_shortlist,
            commands::entries::update_entry,
            commands::entries::set_entry_attendance,
            commands::entries::export_entries_xlsx,
            commands::panel::add_panelist,
            commands::panel::update_panelist,
            commands::panel::remove_panelist,
            commands::panel::list_panel_on_record,
            commands::panel::set_chair,
            commands::panel::list_conflicts,
            commands::panel::add_conflict,
            commands::panel::remove_conflict,
            commands::panel::rubric_ballot_count,
            commands::panel::set_rubric,
            commands::panel::check_rubric,
            commands::schedule::schedule_view,
            commands::schedule::add_room,
            commands::schedule::room_removal_preview,
            commands::schedule::remove_room,
            commands::schedule::generate_schedule,
            commands::schedule::set_phase_plan,
            commands::schedule::set_slot_plan,
            commands::schedule::set_room_day_plan,
            commands::schedule::move_slot,
            commands::schedule::swap_slots,
            commands::schedule::move_slot_to_end_of_day,
            commands::schedule::mark_no_show,
            commands::schedule::export_schedule_xlsx,
            commands::live::live_view,
            commands::live::timer_command,
            commands::live::call_slot,
            commands::live::projector_view,
            commands::live::open_projector,
            commands::live::close_projector,
            commands::live::toggle_projector_fullscreen,
            commands::live::projector_status,
            commands::scoring::scoring_station,
            commands::scoring::bind_station,
            commands::scoring::unbind_station,
            commands::scoring::scoring_progress,
            commands::scoring::scoring_sheet,
            commands::scoring::save_ballot_draft,
            commands::scoring::submit_ballot,
            commands::scoring::scoring_now_presenting,
            commands::scoring::export_station_ballots,
            commands::scoring::import_ballot_file,
            commands::scoring::paper_grid,
            commands::scoring::save_paper_draft,
            commands::scoring::submit_paper_ballot,
            commands::scoring::import_paper_scores,
            commands::scoring::export_blank_sheets,
            commands::scoring::open_blank_sheets,
            commands::scoring::scan_paper_sheet,
            commands::lan_station::station_status,
            commands::lan_station::station_discover,
            commands::lan_station::station_preview,
            commands::lan_station::station_join,
            commands::lan_station::station_entries,
            commands::lan_station::station_form,
            commands::lan_station::station_save_draft,
            commands::lan_station::station_submit,
            commands::lan_station::station_timers,
            commands::lan_station::station_leave,
            commands::lan_host::venue_host_view,
            commands::lan_host::venue_host_start,
            commands::lan_host::venue_host_stop,
            commands::lan_host::venue_host_invite,
            commands::lan_host::venue_host_invite_all,
            commands::lan_host::venue_host_revoke,
        ])
        .build(tauri::generate_context!())
        // Hosting on the venue LAN stops cleanly when the app exits.
        .map(|app| app.run(lan_host::on_run_event));
    if let Err(e) = result {
        let e = error::CommandError::from(error::Shell::Start(e.to_string()));
        eprintln!("{}", e.for_terminal());
        std::process::exit(1);
    }
}

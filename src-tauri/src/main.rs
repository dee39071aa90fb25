//! The Panelis desktop app's entry point; everything is built in `lib.rs`.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    panelis_app::run();
}

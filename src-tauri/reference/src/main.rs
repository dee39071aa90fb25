//! A minimal Tauri window that tells the benchmark when its page has painted, exactly as
//! Panelis does (`bench_ready` writes `$PANELIS_READY_FILE`). Nothing else: the floor.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
fn bench_ready() {
    if let Some(path) = std::env::var_os("PANELIS_READY_FILE") {
        let _ = std::fs::write(path, b"ready");
    }
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![bench_ready])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("reference app could not start: {e}");
        std::process::exit(1);
    }
}

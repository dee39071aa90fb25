//! A minimal Tauri window that tells the benchmark when its page has painted, exactly as
//! Panelis does (`bench_ready` writes `$PANELIS_READY_FILE`). Nothing else: the floor.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Writes the page's marks (whole, by renaming) with when `main` began, as Panelis does.
#[tauri::command]
fn bench_ready(began: tauri::State<'_, Began>, marks: Option<serde_json::Value>) {
    if let Some(path) = std::env::var_os("PANELIS_READY_FILE") {
        let report = serde_json::json!({ "began_ms": began.0, "opened_in_ms": 0.0, "page": marks });
        let part = std::path::PathBuf::from(&path).with_extension("part");
        if std::fs::write(&part, report.to_string()).is_ok() {
            let _ = std::fs::rename(&part, &path);
        }
    }
}

/// When `main` began, in milliseconds since the epoch.
struct Began(f64);

fn main() {
    let began = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let result = tauri::Builder::default()
        .manage(Began(began))
        .invoke_handler(tauri::generate_handler![bench_ready])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("reference app could not start: {e}");
        std::process::exit(1);
    }
}

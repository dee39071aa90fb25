//! Declares the app's commands so that each window is granted only the ones its
//! capability file lists (src-tauri/capabilities/).

const COMMANDS: &[&str] = &[
    "app_info",
    "overview",
    "recent_competitions",
    "open_competition",
    "choose_competition",
    "new_competition",
    "list_entries",
    "list_panelists",
    "get_rubric",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}

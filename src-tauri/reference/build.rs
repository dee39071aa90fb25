//! Builds the reference app's context, as tauri-build does for Panelis.

fn main() {
    tauri_build::build();
}

//! Whether the app can open a window at all, asked before anything is opened or written.
//!
//! Without a graphical display (started over SSH, from a service, in a session whose display
//! refused the connection) GTK cannot start, and the window toolkit under Tauri panics on
//! that. The user would see a Rust panic, and the demo file would already have been
//! written. So the app starts GTK itself first, and on failure says what is missing in
//! both languages (no language has been chosen yet: it is stored with the app's settings,
//! which a window shows) and exits. The toolkit's own start later finds GTK started.

/// Starts GTK, or says in both languages why no window can be opened.
pub fn open() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    if let Err(e) = gtk::init() {
        return Err(no_display(&e.to_string()));
    }
    Ok(())
}

/// The message for a display that could not be opened, naming what the environment says.
fn no_display(cause: &str) -> String {
    let var = |name: &str| match std::env::var(name) {
        Ok(v) if !v.is_empty() => v,
        _ => "-".to_owned(),
    };
    let (d, w) = (var("DISPLAY"), var("WAYLAND_DISPLAY"));
    format!(
        "Panelis tidak dapat membuka jendelanya: tidak ada layar grafis yang dapat dipakai \
         (DISPLAY={d}, WAYLAND_DISPLAY={w}). Jalankan Panelis dari desktop laptop ini.\n\
         Panelis could not open its window: no graphical display could be used \
         (DISPLAY={d}, WAYLAND_DISPLAY={w}). Start Panelis from this laptop's desktop.\n\
         ({cause})"
    )
}

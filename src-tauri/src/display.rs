//! Whether the app can open a window at all, asked before anything is opened or written.
//!
//! Without a graphical display (started over SSH, from a service, in a session whose display
//! refused the connection) GTK cannot start, and the window toolkit under Tauri panics on
//! that. The user would see a Rust panic, and the demo file would already have been
//! written. So the app starts GTK itself first, and on failure says what is missing in
//! both languages (the chosen one is kept by the page, which has not loaded) and exits.
//! The toolkit's own start later finds GTK started.

use crate::error::CommandError;

/// Starts GTK, or says why no window can be opened.
pub fn open() -> Result<(), CommandError> {
    #[cfg(target_os = "linux")]
    if let Err(e) = gtk::init() {
        let var = |name: &str| match std::env::var(name) {
            Ok(v) if !v.is_empty() => v,
            _ => "-".to_owned(),
        };
        let (display, wayland) = (var("DISPLAY"), var("WAYLAND_DISPLAY"));
        return Err(crate::error::Shell::NoDisplay(format!(
            "DISPLAY={display}, WAYLAND_DISPLAY={wayland}: {e}"
        ))
        .into());
    }
    Ok(())
}

//! First launch: the app opens the demo competition and shows it; quitting leaves no
//! process of the test behind.

use panelis_e2e::App;

#[tokio::test]
async fn first_launch_shows_the_demo_competition() {
    let app = App::launch().await;
    let name = app.text_of("[data-testid=competition-name]").await;
    assert_eq!(name, panelis_core::demo::DEMO_NAME);
    assert_eq!(app.text_of("[data-testid=count-entries]").await, "50");
    assert_eq!(app.text_of("[data-testid=count-panelists]").await, "5");
    // The navigation names every area in Bahasa Indonesia by default.
    let nav = app.text_of(".sidenav").await;
    for area in [
        "Ikhtisar",
        "Inovasi",
        "Panelis & Rubrik",
        "Jadwal",
        "Sesi Langsung",
        "Penilaian",
        "Jaringan",
        "Musyawarah",
        "Hasil & Dokumen",
    ] {
        assert!(nav.contains(area), "{area} missing from {nav:?}");
    }
    app.screenshot("overview").await;
    // The About box shows the app's version.
    app.client
        .find(fantoccini::Locator::Css("[data-testid=version]"))
        .await
        .expect("version button")
        .click()
        .await
        .expect("click");
    assert_eq!(
        app.text_of("[data-testid=about-version]").await,
        env!("CARGO_PKG_VERSION")
    );
    app.screenshot("about").await;
    // The demo file was created in the private data folder and remembered.
    assert!(app.data_dir.path().join("demo.panelis").is_file());
    // Quitting stops every process the test started: the driver, WebKitWebDriver, the app.
    let group = app.process_group();
    let app_pids = app.app_pids();
    assert_eq!(app_pids.len(), 1, "the app runs: {app_pids:?}");
    assert!(
        panelis_e2e::group_members(group).len() >= 3,
        "driver, WebKitWebDriver and app share the group: {:?}",
        panelis_e2e::group_members(group)
    );
    let quit_started = std::time::Instant::now();
    app.quit().await;
    assert_eq!(panelis_e2e::group_members(group), Vec::<u32>::new());
    assert!(
        std::fs::metadata(format!("/proc/{}", app_pids[0])).is_err(),
        "the app is gone"
    );
    eprintln!("quit took {:?}", quit_started.elapsed());
}

/// Started where there is no display (over SSH, from a service), the app says so in both
/// languages and exits: no Rust panic in front of the user, and nothing written.
#[test]
fn without_a_display_the_app_says_so_writes_nothing_and_exits() {
    let data_dir = tempfile::tempdir().expect("temp data dir");
    let out = std::process::Command::new(panelis_e2e::app_binary())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_BACKTRACE")
        .env("PANELIS_DATA_DIR", data_dir.path())
        .env("XDG_DATA_HOME", data_dir.path().join("webview-data"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the app");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit status; stderr:\n{stderr}");
    assert!(
        stderr.contains("Panelis tidak dapat membuka jendelanya: tidak ada layar grafis")
            && stderr.contains("Panelis could not open its window")
            && stderr.contains("DISPLAY=-, WAYLAND_DISPLAY=-"),
        "the cause, in both languages:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "no panic:\n{stderr}");
    let written: Vec<_> = std::fs::read_dir(data_dir.path())
        .expect("data dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(written, Vec::<std::ffi::OsString>::new(), "nothing written");
}

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

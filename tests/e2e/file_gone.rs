//! The competition file deleted while the app has it open (a USB stick pulled out): within
//! seconds a blocking alarm says so and what to do, a change is refused instead of being
//! "saved" into a file nobody can open again, and "save a copy from memory" writes what
//! the app held to a new file, opens it, and everything saved before is there.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::{paths, recent, Store};
use panelis_e2e::App;

#[tokio::test]
async fn a_deleted_file_raises_the_alarm_and_is_saved_again_from_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    let mut store = panelis_core::demo::create(&file).expect("demo");
    store
        .add_panelist("Andi Baso", "Universitas Hasanuddin", false)
        .unwrap();
    drop(store);
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    let rescued = dir.path().join("kipp-dari-memori.panelis");

    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    std::fs::remove_file(&file).unwrap();
    app.file_gone_alarm("file-gone-alarm").await;

    // Saved from memory to a new place: opened, the alarm gone, nothing lost.
    app.save_copy_from_alarm(&rescued).await;
    let store = Store::open(&rescued).unwrap();
    assert!(
        store
            .panelists()
            .unwrap()
            .iter()
            .any(|p| p.name == "Andi Baso"),
        "what was saved before the file went is in the copy"
    );
    assert_eq!(store.verify_audit().unwrap(), None);
    app.quit().await;
}

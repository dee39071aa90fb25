//! Backups from the app: back up now, see it listed, restore it as a new file and work on.

use fantoccini::Locator;
use panelis_e2e::App;

#[tokio::test]
async fn back_up_now_then_restore_opens_a_new_copy() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    let folder = app.text_of("[data-testid=backups] h2").await;
    assert_eq!(folder, "Cadangan berkas kompetisi");
    app.client
        .find(Locator::Css("[data-action=now]"))
        .await
        .expect("back up now button")
        .click()
        .await
        .expect("click");
    let list = app
        .wait_text("[data-testid=backup-list]", |t| t.contains("manual"))
        .await;
    assert!(list.contains("demo."), "{list}");
    let backups = app.data_dir.path().join("backups");
    let taken: Vec<_> = std::fs::read_dir(&backups)
        .expect("backup folder")
        .collect();
    assert_eq!(taken.len(), 1);
    app.screenshot("backups").await;
    app.client
        .find(Locator::Css("[data-restore]"))
        .await
        .expect("restore button")
        .click()
        .await
        .expect("click");
    // The page reloads on the restored copy, a new file beside the original.
    app.wait_text("[data-testid=competition-name]", |t| {
        t == panelis_core::demo::DEMO_NAME
    })
    .await;
    let restored = std::fs::read_dir(app.data_dir.path())
        .expect("data dir")
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("demo-restored-")
        });
    assert!(
        restored.is_some(),
        "a restored copy exists in the data folder"
    );
    let recent = panelis_core::recent::load(
        &panelis_core::paths::AppDirs::new(app.data_dir.path()).recent_list(),
    );
    assert!(
        recent[0].to_string_lossy().contains("demo-restored-"),
        "{recent:?}"
    );
    app.quit().await;
}

//! Competition files in the real app: the recent list opens another competition, the
//! language switch, and a file from a newer Panelis is refused with a message, not a crash.
#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use fantoccini::Locator;
use panelis_core::model::NewCompetition;
use panelis_core::{paths, recent, Store};
use panelis_e2e::App;

fn data_dir_with(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("makassar.panelis");
    let details = NewCompetition {
        name: name.into(),
        year: Some(2024),
        ..Default::default()
    };
    drop(Store::create(&file, &details).expect("create competition"));
    (dir, file)
}

#[tokio::test]
async fn the_recent_list_opens_another_competition() {
    let (dir, file) = data_dir_with("KIPP Kota Makassar 2024");
    // The demo exists too and was opened last, so the app starts on it.
    let demo = paths::AppDirs::new(dir.path()).demo_file();
    drop(panelis_core::demo::create(&demo).expect("demo"));
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &demo).expect("remember");
    let app = App::launch_in(dir).await;
    assert_eq!(
        app.text_of("[data-testid=competition-name]").await,
        panelis_core::demo::DEMO_NAME
    );
    app.client
        .find(Locator::Css("[data-action=toggle-file]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let recent = app
        .client
        .wait()
        .for_element(Locator::Css(
            ".recent-list button[title$='makassar.panelis']",
        ))
        .await
        .expect("the other competition is listed");
    recent.click().await.unwrap();
    app.wait_text("[data-testid=competition-name]", |t| {
        t == "KIPP Kota Makassar 2024"
    })
    .await;
    app.screenshot("recent-opened").await;
    assert_eq!(
        app.dom_text("[data-testid=topbar-name]").await,
        "KIPP Kota Makassar 2024"
    );
    assert_eq!(app.text_of("[data-testid=count-entries]").await, "0");
    app.quit().await;
}

#[tokio::test]
async fn language_switches_to_english_and_back() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    app.client
        .find(Locator::Css("[data-action=lang]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_text(".sidenav", |t| {
        t.contains("Overview") && t.contains("Results & Documents")
    })
    .await;
    assert_eq!(app.text_of(".screen-title").await, "Competition overview");
    app.screenshot("overview-en").await;
    app.client
        .find(Locator::Css("[data-action=lang]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_text(".sidenav", |t| t.contains("Ikhtisar")).await;
    app.quit().await;
}

#[tokio::test]
async fn a_file_from_a_newer_panelis_is_refused_with_a_message() {
    let (dir, file) = data_dir_with("Dari versi baru");
    let conn = rusqlite::Connection::open(&file).expect("open");
    conn.pragma_update(
        None,
        "user_version",
        panelis_core::store::SCHEMA_VERSION + 1,
    )
    .expect("bump");
    drop(conn);
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    let app = App::launch_in(dir).await;
    // The app falls back to the demo and says why the last file did not open.
    assert_eq!(
        app.text_of("[data-testid=competition-name]").await,
        panelis_core::demo::DEMO_NAME
    );
    let notice = app.text_of(".notice").await;
    assert!(
        notice.contains("Kompetisi terakhir tidak dapat dibuka"),
        "{notice}"
    );
    assert!(
        notice.contains("dibuat oleh Panelis versi yang lebih baru"),
        "{notice}"
    );
    // In the user's language, not English inside the Indonesian sentence.
    let newer = format!("format berkas {}", panelis_core::store::SCHEMA_VERSION + 1);
    assert!(notice.contains(&newer), "{notice}");
    app.screenshot("newer-file-refused").await;
    app.quit().await;
}

#[tokio::test]
async fn entries_and_panel_screens_list_the_demo() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    app.client
        .find(Locator::Css("a[data-area=entries]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        app.text_of("[data-testid=entries-count]").await,
        "50 inovasi"
    );
    let search = app.client.find(Locator::Css("input.search")).await.unwrap();
    search.send_keys("Luwu Utara").await.unwrap();
    let count = app
        .wait_text("[data-testid=entries-count]", |t| t != "50 inovasi")
        .await;
    let n: u32 = count.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n > 0 && n < 50, "{count}");
    let table = app.text_of("[data-testid=entries-table]").await;
    assert!(table.contains("Giatki Ces"), "{table}");
    app.screenshot("entries").await;
    app.client
        .find(Locator::Css("a[data-area=panel]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let panel = app.text_of("[data-testid=panel-table]").await;
    assert!(
        panel.contains("Prof. Dr. Andi Rahmawati, M.Si.") && panel.contains("Ketua"),
        "{panel}"
    );
    let rubric = app.text_of("[data-testid=rubric-table]").await;
    assert!(
        rubric.contains("kebaruan") && rubric.contains("100"),
        "{rubric}"
    );
    app.screenshot("panel-rubric").await;
    app.quit().await;
}

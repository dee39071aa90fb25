//! A ballot file cannot vouch for itself: on the secretariat's laptop, a file from another
//! laptop whose signing key is not registered here is refused with the key's fingerprint
//! shown, the same the exporting laptop printed, and nothing is counted; once the
//! secretariat compared it and pressed "accept", the same file is imported with that key.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::ballot::keystore::Keystore;
use panelis_core::{paths, recent, Store};
use panelis_e2e::App;

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";

#[tokio::test]
async fn an_unregistered_key_is_shown_and_taken_only_once_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    drop(panelis_core::demo::create(&file).expect("demo"));
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");

    // Another laptop with a copy of the competition types the chair's paper sheet for
    // entry 1 and exports it: its own paper-ballot key signs it.
    let laptop = dir.path().join("laptop.panelis");
    std::fs::copy(&file, &laptop).unwrap();
    let ballot_file = dir.path().join("nilai-ketua.json");
    let shown_there = {
        let mut other = Store::open(&laptop).unwrap();
        let criteria = other.rubric().unwrap().criteria;
        let mut csv = String::from("panelist;entry;criterion;score\n");
        for c in &criteria {
            csv += &format!("\"{CHAIR}\";1;{};80\n", c.code);
        }
        let keys = Keystore::new(dir.path().join("other-keys"));
        other.import_paper_scores(&csv, &keys).unwrap();
        let chair = other.panelist_named(CHAIR).unwrap().id;
        let export = other.export_ballots(chair).unwrap();
        export.file.write(&ballot_file).unwrap();
        export.file.key_fingerprints()
    };
    assert_eq!(shown_there.len(), 1);

    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click(".sidenav a[data-area=scoring]").await;
    app.click("[data-tab=secretariat]").await;
    app.text_of("[data-testid=paper-grid]").await;
    app.client
        .execute(
            "document.querySelector('panelis-paper-ballots').importFile(arguments[0]);",
            vec![serde_json::Value::String(ballot_file.display().to_string())],
        )
        .await
        .unwrap();
    let report = app
        .wait_text("[data-testid=ballot-file-report]", |t| {
            t.contains("ditolak")
        })
        .await;
    assert!(
        report.contains("0 revisi diimpor") && report.contains("1 ditolak"),
        "{report}"
    );
    assert!(report.contains("belum terdaftar"), "{report}");
    let fingerprint = app.text_of("[data-testid=key-fingerprint]").await;
    assert_eq!(
        fingerprint, shown_there[0],
        "the laptop's fingerprint, shown here"
    );
    assert!(
        Store::open(&file)
            .unwrap()
            .counted_ballots()
            .unwrap()
            .is_empty(),
        "nothing counted before the key is confirmed"
    );
    app.painted_screenshot("ballot-key-unregistered").await;

    app.click("[data-action=accept-key]").await;
    let report = app
        .wait_text("[data-testid=ballot-file-report]", |t| {
            t.contains("1 revisi diimpor")
        })
        .await;
    assert!(report.contains("0 ditolak"), "{report}");
    let counted = Store::open(&file).unwrap().counted_ballots().unwrap();
    assert_eq!(
        counted.len(),
        1,
        "the chair's ballot for entry 1 is counted"
    );
    app.quit().await;
}

//! Taking panelists off the panel in the real window: one who never scored is deleted, one
//! who scored is recorded as having left (listed apart, their ballots still counted in the
//! file, nothing more expected of them), and the chair is refused with what to do first.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::ballot::keystore::Keystore;
use panelis_core::{paths, recent, Store};
use panelis_e2e::App;

const NEWCOMER: &str = "Dr. Nurhayati Lestari";

#[tokio::test]
async fn a_panelist_is_deleted_or_retired_as_the_core_says_and_the_chair_stays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dirs = paths::AppDirs::new(dir.path());
    let file = dirs.demo_file();
    let (leaving, chair, newcomer) = {
        let mut store = panelis_core::demo::create(&file).expect("demo");
        // Everyone scores entries 1 and 2 on paper; then a panelist who never scores joins.
        let criteria = store.rubric().unwrap().criteria;
        let mut csv = String::from("panelist;entry;criterion;score\n");
        for p in store.panelists().unwrap() {
            for no in [1, 2] {
                for c in &criteria {
                    csv += &format!("\"{}\";{no};{};75\n", p.name, c.code);
                }
            }
        }
        store
            .import_paper_scores(&csv, &Keystore::new(dir.path().join("keys")))
            .unwrap();
        let newcomer = store.add_panelist(NEWCOMER, "UNM", false).unwrap();
        let panel = store.panelists().unwrap();
        let leaving = panel.iter().find(|p| !p.is_chair).unwrap().clone();
        let chair = panel.iter().find(|p| p.is_chair).unwrap().clone();
        (leaving, chair, newcomer)
    };
    recent::remember(&dirs.recent_list(), &file).expect("remember");

    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click("a[data-area=panel]").await;
    app.wait_text("[data-testid=panel-table]", |t| t.contains(NEWCOMER))
        .await;

    // The newcomer never scored: deleted.
    app.click(&format!("[data-remove-panelist='{}']", newcomer.id))
        .await;
    let confirm = app.text_of("[data-testid=panelist-remove-confirm]").await;
    assert!(
        confirm.contains(NEWCOMER) && confirm.contains("dicatat mundur"),
        "{confirm}"
    );
    app.click("[data-action=remove-yes]").await;
    let said = app
        .wait_text("[data-testid=panel-flash]", |t| t.contains("dihapus"))
        .await;
    assert_eq!(said, format!("{NEWCOMER} dihapus dari panel."));
    let table = app.text_of("[data-testid=panel-table]").await;
    assert!(!table.contains(NEWCOMER), "{table}");

    // One who scored entries 1 and 2: recorded as having left, listed apart.
    app.click(&format!("[data-remove-panelist='{}']", leaving.id))
        .await;
    app.click("[data-action=remove-yes]").await;
    let said = app
        .wait_text("[data-testid=panel-flash]", |t| t.contains("mundur"))
        .await;
    assert!(
        said.contains(&leaving.name) && said.contains("nilainya untuk 2 inovasi tetap dihitung"),
        "{said}"
    );
    let table = app.text_of("[data-testid=panel-table]").await;
    assert!(!table.contains(&leaving.name), "{table}");
    let retired = app.text_of("[data-testid=panel-retired]").await;
    assert!(
        retired.starts_with("Mundur dari panel:") && retired.contains(&leaving.name),
        "{retired}"
    );
    assert!(
        retired.contains("WITA"),
        "the time is the venue's: {retired}"
    );
    app.painted_screenshot("panel-retired").await;

    // The chair is refused, with what to do first; the panel is as it was.
    app.click(&format!("[data-remove-panelist='{}']", chair.id))
        .await;
    app.click("[data-action=remove-yes]").await;
    let said = app
        .wait_text("[data-testid=panel-flash]", |t| t.contains("ketua"))
        .await;
    assert!(said.contains("jadikan panelis lain ketua dahulu"), "{said}");
    assert!(app
        .text_of("[data-testid=panel-table]")
        .await
        .contains(&chair.name));
    app.painted_screenshot("panel-chair-refused").await;

    // In the file: the newcomer gone, the member retired with both ballots counted.
    let store = Store::open(&file).unwrap();
    let on_record = store.panel_on_record().unwrap();
    assert!(on_record.iter().all(|p| p.name != NEWCOMER));
    let kept = on_record.iter().find(|p| p.id == leaving.id).unwrap();
    assert!(kept.retired_at.is_some());
    let counted = store
        .counted_ballots()
        .unwrap()
        .into_iter()
        .filter(|b| b.panelist_id == leaving.id)
        .count();
    assert_eq!(counted, 2);
    drop(store);
    app.quit().await;
}

//! Blank paper sheets on the secretariat's paper-ballot screen: a USB scanner types a sheet's
//! QR code and Enter into the scan field, and the grid switches to that panelist with the
//! cursor in the first score field of that entry's row (what is typed next lands there); a
//! code of another competition or no code at all is refused with a message; a row the
//! panelist abstains on says so; a row far down is scrolled into view; the messages follow
//! the language; the blank sheets for the panelist shown are written, with none for the
//! entry they abstain on, and nothing is recorded as an issued document.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use fantoccini::key::Key;
use panelis_core::ballot::paper::scan_code;
use panelis_core::{paths, recent, Store};
use panelis_e2e::App;
use std::path::PathBuf;

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";
const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";

/// The demo, with Nurul abstaining on entry 3, opened at launch.
fn demo_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    let mut store = panelis_core::demo::create(&file).expect("demo");
    let nurul = store.panelist_named(NURUL).unwrap().id;
    let third = store.entries().unwrap()[2].id;
    store
        .add_conflict(nurul, third, "Berasal dari daerah yang sama")
        .unwrap();
    drop(store);
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    (dir, file)
}

/// Types into the scan field as a scanner does: the code, then Enter.
async fn scan(app: &App, code: &str) {
    let enter: char = Key::Enter.into();
    app.type_into("[data-testid=paper-scan]", &format!("{code}{enter}"))
        .await;
}

async fn selected_panelist(app: &App) -> String {
    let value = app
        .client
        .execute(
            "const s = document.querySelector('[data-testid=paper-panelist]');
             return s ? s.selectedOptions[0].textContent.trim() : null;",
            vec![],
        )
        .await
        .unwrap();
    value.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_scanned_sheet_opens_its_panelist_and_row() {
    let (dir, file) = demo_dir();
    let (nurul, entries) = {
        let store = Store::open(&file).unwrap();
        (
            store.panelist_named(NURUL).unwrap().id,
            store.entries().unwrap(),
        )
    };
    let entry = &entries[4];
    let out = dir.path().join("lembar-kosong-nurul.pdf");
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click(".sidenav a[data-area=scoring]").await;
    app.click("[data-tab=secretariat]").await;
    app.text_of("[data-testid=paper-grid]").await;
    assert_eq!(
        selected_panelist(&app).await,
        CHAIR,
        "the grid opens on the chair"
    );

    // Nurul's sheet for entry 5: her grid, the cursor in that row's first score field.
    scan(&app, &scan_code(nurul, entry.no)).await;
    let first_field = format!(
        "tr[data-entry='{}'] .paper-input[data-code=kebaruan]",
        entry.id
    );
    app.wait_js(
        "Nurul's grid with entry 5's first field focused",
        &format!(
            "const s = document.querySelector('[data-testid=paper-panelist]');
             const f = document.querySelector({first_field:?});
             return !!s && s.selectedOptions[0].textContent.trim() === {NURUL:?}
                 && !!f && document.activeElement === f;"
        ),
    )
    .await;
    let said = app
        .wait_text("[data-testid=paper-scan-status]", |t| !t.is_empty())
        .await;
    assert!(
        said.contains("Lembar No 5") && said.contains(NURUL),
        "{said}"
    );
    let left = app
        .client
        .execute(
            "return document.querySelector('[data-testid=paper-scan]').value;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(left, "", "the scan field is cleared for the next sheet");
    // What the secretary types next goes into that field, and is saved as Nurul's draft.
    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys("77")
        .await
        .unwrap();
    let row = format!("tr[data-entry='{}'] .paper-status", entry.id);
    app.wait_text(&row, |t| t.contains("Draf tersimpan")).await;
    app.settle_then_screenshot("paper-scan").await;

    // A sheet of another competition, and something that is no sheet's code at all.
    scan(
        &app,
        &format!(
            "PANELIS-PAPER;p=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b;e={}",
            entry.no
        ),
    )
    .await;
    let said = app
        .wait_text("[data-testid=paper-scan-status]", |t| {
            t.contains("bukan dari kompetisi ini")
        })
        .await;
    assert!(!said.contains("Lembar No"), "{said}");
    scan(&app, "https://example.org/bukan-lembar").await;
    app.wait_text("[data-testid=paper-scan-status]", |t| {
        t.contains("Kode tidak dikenali")
    })
    .await;
    assert_eq!(
        selected_panelist(&app).await,
        NURUL,
        "a refused code changes nothing"
    );
    app.settle_then_screenshot("paper-scan-refused").await;

    // Her sheet for entry 3, which she abstains on: the row says why it takes no score.
    scan(&app, &scan_code(nurul, entries[2].no)).await;
    app.wait_text("[data-testid=paper-scan-status]", |t| {
        t.contains("Lembar No 3") && t.contains("Abstain")
    })
    .await;

    // Her blank sheets: every entry but the one she abstains on.
    app.client
        .execute(
            "document.querySelector('panelis-paper-ballots').exportBlankSheets(arguments[0]);",
            vec![serde_json::Value::String(out.display().to_string())],
        )
        .await
        .unwrap();
    let report = app
        .wait_text("[data-testid=paper-report]", |t| {
            t.contains("lembar kosong")
        })
        .await;
    let sheets = entries.len() - 1;
    assert!(
        report.contains(&format!("{sheets} lembar kosong untuk {NURUL}"))
            && report.contains("1 tidak dicetak")
            && report.contains("tidak dicatat"),
        "{report}"
    );
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    app.settle_then_screenshot("paper-blank-sheets").await;

    // The chair's sheet for entry 40, far down the grid: back to her grid, scrolled to the row.
    let far = &entries[39];
    let chair = Store::open(&file)
        .unwrap()
        .panelist_named(CHAIR)
        .unwrap()
        .id;
    scan(&app, &scan_code(chair, far.no)).await;
    let far_field = format!(
        "tr[data-entry='{}'] .paper-input[data-code=kebaruan]",
        far.id
    );
    app.wait_js(
        "the chair's grid with entry 40's first field focused and in view",
        &format!(
            "const s = document.querySelector('[data-testid=paper-panelist]');
             const f = document.querySelector({far_field:?});
             const pane = document.querySelector('.paper-wrap');
             if (!s || !f || !pane) return false;
             const r = f.getBoundingClientRect(), p = pane.getBoundingClientRect();
             return s.selectedOptions[0].textContent.trim() === {CHAIR:?}
                 && document.activeElement === f
                 && r.top >= p.top && r.bottom <= p.bottom;"
        ),
    )
    .await;
    app.settle_then_screenshot("paper-scan-far").await;

    // In English, the messages too.
    app.click("[data-action=lang]").await;
    app.text_of("[data-testid=paper-grid]").await;
    scan(&app, &scan_code(nurul, far.no)).await;
    app.wait_text("[data-testid=paper-scan-status]", |t| {
        t.contains("Sheet No 40") && t.contains(NURUL) && t.contains("type its scores")
    })
    .await;
    scan(&app, "PANELIS-PAPER;p=bukan-uuid;e=1").await;
    app.wait_text("[data-testid=paper-scan-status]", |t| {
        t.contains("Code not recognised")
    })
    .await;
    app.click("[data-action=lang]").await;
    let _dir = app.quit_keep_data().await;
    assert!(
        Store::open(&file)
            .unwrap()
            .issued_documents()
            .unwrap()
            .is_empty(),
        "a blank form is not an issued document"
    );
}

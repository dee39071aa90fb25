//! The overview says where the day stands and what to do next (the core's rule), and the
//! competition's details can be corrected there, audited.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::Store;
use panelis_e2e::App;

#[tokio::test]
async fn the_overview_says_what_is_next_and_edits_the_competition() {
    let app = App::launch().await;
    // The demo: a schedule of 50 slots, nothing called yet.
    let day = app.text_of("[data-testid=day-status]").await;
    assert!(day.contains("50 sesi"), "{day}");
    assert!(day.contains("Sesi Langsung"), "{day}");
    app.painted_screenshot("overview-day").await;
    app.click("[data-testid=day-next]").await;
    app.wait_js(
        "the live area",
        "return location.hash === '#live' && !!document.querySelector('panelis-live');",
    )
    .await;

    // Correct the details: a refusal worded by the core first, then the change.
    app.click(".sidenav a[data-area=overview]").await;
    app.click("[data-action=edit-competition]").await;
    app.type_into(".competition-dialog [name=name]", " ").await;
    app.click(".competition-dialog button[value=save]").await;
    let refused = app.text_of(".competition-dialog .form-error").await;
    assert!(refused.contains("kompetisi perlu nama"), "{refused}");
    app.type_into(
        ".competition-dialog [name=name]",
        "KIPP Sulsel 2023 (final)",
    )
    .await;
    app.type_into(
        ".competition-dialog [name=organizer]",
        "Biro Organisasi Setda Sulsel",
    )
    .await;
    app.click(".competition-dialog button[value=save]").await;
    app.wait_text("[data-testid=competition-name]", |t| {
        t == "KIPP Sulsel 2023 (final)"
    })
    .await;
    app.wait_text("[data-testid=topbar-name]", |t| {
        t == "KIPP Sulsel 2023 (final)"
    })
    .await;
    let dates = app.text_of("[data-testid=competition-dates]").await;
    assert!(dates.contains("2023"), "{dates}");
    let data = app.quit_keep_data().await;
    let store = Store::open(&data.path().join("demo.panelis")).unwrap();
    let c = store.competition().unwrap();
    assert_eq!(c.name, "KIPP Sulsel 2023 (final)");
    assert_eq!(c.organizer, "Biro Organisasi Setda Sulsel");
    assert!(store
        .audit_events()
        .unwrap()
        .iter()
        .any(|e| e.action == "competition.updated"));
}

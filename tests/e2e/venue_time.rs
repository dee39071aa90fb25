//! One clock, the venue's: the app runs on a laptop whose system clock is UTC (`TZ=UTC`)
//! for a venue at UTC+8 (WITA), and every instant it shows is the venue's, zone named: the
//! backups list (a backup taken at 02:46:04Z reads "2 Des 2026, 10.46 WITA"), the scoring
//! sheet's save time, the results' finalization and issued-document times, and the issue
//! time printed on a signed document. Needs poppler-utils (`pdftotext`, `pdftoppm`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use chrono::{DateTime, Duration as Span, Utc};
use fantoccini::Locator;
use panelis_core::backup::{self, Reason};
use panelis_core::ballot::keystore::Keystore;
use panelis_core::store::FinalizeRequest;
use panelis_core::{paths, recent};
use panelis_e2e::{pdf_text, render_pdf, App, PATIENCE};

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";
const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";
/// WITA, minutes east of UTC: the demo competition's venue.
const WITA: i64 = 8 * 60;

/// "2 Des 2026, 10.46 WITA" written out by hand (not by the code under test): the venue's
/// reading of `at` in Indonesian, or in English with `en`.
fn venue_words(at: DateTime<Utc>, en: bool) -> String {
    const ID: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let local = (at + Span::minutes(WITA)).naive_utc();
    let month =
        if en { EN } else { ID }[local.format("%m").to_string().parse::<usize>().unwrap() - 1];
    format!(
        "{} {month} {}, {}",
        local.format("%-d"),
        local.format("%Y"),
        venue_clock(at, en)
    )
}

/// "10.46 WITA" (or "10:46 WITA" in English) for `at`.
fn venue_clock(at: DateTime<Utc>, en: bool) -> String {
    let local = (at + Span::minutes(WITA)).naive_utc();
    let sep = if en { ":" } else { "." };
    format!("{}{sep}{} WITA", local.format("%H"), local.format("%M"))
}

/// The demo with entries 1 to 3 scored by the whole panel on paper and finalized, and a
/// backup whose name says it was taken at 2026-12-02 02:46:04.000 UTC.
fn finalized_demo() -> (tempfile::TempDir, DateTime<Utc>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    let mut store = panelis_core::demo::create(&file).expect("demo");
    let criteria = store.rubric().unwrap().criteria;
    let mut csv = String::from("panelist;entry;criterion;score\n");
    for no in 1..=3 {
        for p in store.panelists().unwrap() {
            for c in &criteria {
                csv += &format!("\"{}\";{no};{};{}\n", p.name, c.code, 70 + no);
            }
        }
    }
    store
        .import_paper_scores(&csv, &Keystore::new(dir.path().join("keys")))
        .expect("paper ballots");
    let finalized = store
        .finalize(&FinalizeRequest {
            room: None,
            entries: Some(vec![1, 2, 3]),
            chair: CHAIR.into(),
            secretariat: "Sekretariat Biro Organisasi".into(),
            quorum_override: None,
        })
        .expect("finalize");
    // A real backup, renamed to a known instant: the list reads the time from the name.
    let folder = dir.path().join("backups");
    let taken = backup::take(&store, &folder, 20, Reason::Manual).expect("backup");
    let name = taken
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let stem = name.split('.').next().unwrap().to_string();
    std::fs::rename(
        &taken.path,
        folder.join(format!("{stem}.20261202-024604.000.manual.panelis")),
    )
    .expect("rename the backup");
    drop(store);
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    (dir, finalized.at)
}

/// Either reading of the venue's clock around `before`..`after` (a minute may turn).
fn one_of(before: DateTime<Utc>, after: DateTime<Utc>, en: bool) -> Vec<String> {
    let mut out = vec![venue_clock(before, en), venue_clock(after, en)];
    out.dedup();
    out
}

#[tokio::test]
async fn on_a_utc_laptop_every_time_shown_is_the_venues() {
    let (dir, finalized_at) = finalized_demo();
    let out = tempfile::tempdir().unwrap();
    let app = App::launch_in_env(dir, &[("TZ", "UTC")]).await;
    app.text_of("[data-testid=competition-name]").await;
    // The premise: the app and its page both run on a UTC clock.
    assert_eq!(app.app_env("TZ").as_deref(), Some("UTC"));
    let page_offset = app
        .client
        .execute("return new Date().getTimezoneOffset();", vec![])
        .await
        .unwrap();
    assert_eq!(page_offset, serde_json::json!(0), "the page's clock is UTC");

    // The backups list on the overview: 02:46:04Z is 10.46 at the venue.
    let list = app.text_of("[data-testid=backup-list]").await;
    assert!(list.contains("2 Des 2026, 10.46 WITA"), "{list}");
    assert!(!list.contains("2:46") && !list.contains("02.46"), "{list}");
    app.scroll_to("[data-testid=backups]").await;
    app.painted_screenshot("venue-time-backups").await;

    // The scoring sheet: Nurul saves a score for entry 4; the time shown is the venue's.
    app.click(".sidenav a[data-area=scoring]").await;
    let button = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::XPath(&format!(
            "//button[contains(@class,'who-button')][contains(., '{}')]",
            &NURUL[..5]
        )))
        .await
        .expect("Nurul is offered");
    button.click().await.unwrap();
    app.wait_text("[data-testid=station-name]", |t| t.contains("Nurul"))
        .await;
    app.click(".progress-item[data-no='4']").await;
    app.wait_js(
        "entry 4's sheet",
        "const b = document.querySelector('.progress-item.is-current');
         return !!b && b.dataset.no === '4';",
    )
    .await;
    let before = Utc::now();
    app.type_into("[data-testid=score-kebaruan]", "75").await;
    app.wait_js(
        "saved",
        "const s = document.querySelector('[data-testid=save-status]');
         return !!s && s.dataset.state === 'saved';",
    )
    .await;
    let after = Utc::now();
    let saved = app.dom_text("[data-testid=save-status]").await;
    let expected = one_of(before, after, false);
    assert!(
        expected.iter().any(|t| saved.contains(t.as_str())),
        "save status {saved:?}, expected one of {expected:?}"
    );
    app.painted_screenshot("venue-time-scoring").await;

    // A laptop bound to a panelist shows no ranking before the results are released.
    app.click(".sidenav a[data-area=results]").await;
    let refused = app.text_of("[data-testid=screen-error]").await;
    assert!(refused.contains("setelah hasil dirilis"), "{refused}");
    // Released to the secretariat ("Ganti panelis"), the laptop shows the results.
    app.click(".sidenav a[data-area=scoring]").await;
    app.click("[data-action=change]").await;
    app.click("[data-action=change-yes]").await;
    app.text_of("[data-testid=who]").await;

    // Results: the finalization in the history, and a recap issued now, in the venue's time.
    app.click(".sidenav a[data-area=results]").await;
    let history = app.text_of(".history-card").await;
    assert!(
        history.contains(&venue_words(finalized_at, false)),
        "history {history:?}, finalized at {finalized_at}"
    );
    let recap = out.path().join("rekap.pdf");
    let before = Utc::now();
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec!["recap".into(), recap.display().to_string().into()],
    )
    .await;
    let after = Utc::now();
    let issued = app
        .wait_text("[data-testid=issued-list]", |t| t.contains("WITA"))
        .await;
    let expected = one_of(before, after, false);
    assert!(
        expected.iter().any(|t| issued.contains(t.as_str())),
        "issued list {issued:?}, expected one of {expected:?}"
    );
    app.scroll_to(".history-card").await;
    app.painted_screenshot("venue-time-results").await;
    app.scroll_to("[data-testid=issued-list]").await;
    app.painted_screenshot("venue-time-issued").await;

    // The document: its footer prints the issue time at the venue.
    let text = pdf_text(&recap);
    let footer = text
        .split("terbit ")
        .nth(1)
        .unwrap_or_else(|| panic!("the recap's footer names no issue time:\n{text}"));
    assert!(
        expected
            .iter()
            .any(|t| footer.lines().next().unwrap_or("").contains(t.as_str())),
        "recap footer {:?}, expected one of {expected:?}",
        footer.lines().next()
    );
    render_pdf(&recap, "venue-time-recap", 1, 60);

    // The check card says when the document was signed, at the venue.
    app.call_screen(
        "panelis-results",
        "verifyDocument",
        vec![recap.display().to_string().into()],
    )
    .await;
    let signed = app.text_of("[data-testid=check-signed-at]").await;
    assert!(
        expected.iter().any(|t| signed.contains(t.as_str())),
        "check card {signed:?}, expected one of {expected:?}"
    );
    app.scroll_to("[data-testid=check-result]").await;
    app.painted_screenshot("venue-time-check").await;

    // In English the same instants, in English's form.
    app.click("[data-action=lang]").await;
    app.click(".sidenav a[data-area=overview]").await;
    let list = app
        .wait_text("[data-testid=backup-list]", |t| t.contains("Dec"))
        .await;
    assert!(list.contains("2 Dec 2026, 10:46 WITA"), "{list}");
    app.quit().await;
}

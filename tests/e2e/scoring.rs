//! Scoring in the real window: the device is bound to a panelist ("Siapa Anda?"), a full
//! ballot is typed with the keyboard (Tab between criteria), shown "tersimpan" only once it
//! is in the competition file, submitted and signed, and found again after a restart and
//! after a kill -9; bad input is flagged inline and never stored; a conflicted panelist sees
//! "abstain"; the screen opens on the entry presenting now, and its marker goes once that
//! slot has finished; the secretariat's paper grid.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use fantoccini::key::Key;
use fantoccini::Locator;
use panelis_core::ballot::ProgressStatus;
use panelis_core::model::{BallotStatus, Panelist};
use panelis_core::timer::Command;
use panelis_core::{paths, recent, Store};
use panelis_e2e::{App, DEMO_CRITERIA as CODES, PATIENCE};
use std::path::PathBuf;
use std::time::Duration;

const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";

/// A data folder holding the demo competition, opened at launch; `prepare` changes it first.
fn demo_dir(prepare: impl FnOnce(&mut Store)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    let mut store = panelis_core::demo::create(&file).expect("demo");
    prepare(&mut store);
    drop(store);
    recent::remember(&paths::AppDirs::new(dir.path()).recent_list(), &file).expect("remember");
    (dir, file)
}

fn nurul(store: &Store) -> Panelist {
    store
        .panelist_named(NURUL)
        .expect("Nurul is on the demo panel")
}

async fn open_scoring(app: &App) {
    app.text_of("[data-testid=competition-name]").await;
    app.click(".sidenav a[data-area=scoring]").await;
    app.text_of("panelis-scoring .screen-title").await;
}

/// Answers "Siapa Anda?" with the panelist whose name contains `name`.
async fn bind_as(app: &App, name: &str) {
    let button = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::XPath(&format!(
            "//button[contains(@class,'who-button')][contains(., '{name}')]"
        )))
        .await
        .expect("the panelist is offered");
    button.click().await.expect("choose the panelist");
    app.wait_text("[data-testid=station-name]", |t| t.contains(name))
        .await;
}

/// Types `scores` into the sheet from the first criterion on, Tab between them.
async fn type_scores(app: &App, scores: &[&str]) {
    let first = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("[data-testid=score-kebaruan]"))
        .await
        .expect("the first score field");
    first.click().await.expect("focus the first score");
    let tab: char = Key::Tab.into();
    let keys = scores.join(&tab.to_string());
    first.send_keys(&keys).await.expect("type the scores");
    // WebKit may still be handing out the key events: wait until the last field holds its
    // value, so that a "tersimpan" seen afterwards is about everything typed.
    if let Some(last) = scores.last() {
        let code = CODES[scores.len() - 1];
        app.wait_js(
            "the typed scores",
            &format!(
                "const f = document.querySelector('[data-testid=score-{code}]');
                 return !!f && f.value === {last:?};"
            ),
        )
        .await;
    }
}

/// Waits until the sheet says everything on screen is saved; returns what it says.
async fn wait_saved(app: &App) -> String {
    app.wait_js(
        "tersimpan",
        "const s = document.querySelector('[data-testid=save-status]');
         return !!s && s.dataset.state === 'saved';",
    )
    .await;
    app.dom_text("[data-testid=save-status]").await
}

async fn value_of(app: &App, css: &str) -> String {
    app.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn shown_scores(app: &App) -> Vec<String> {
    let mut out = Vec::new();
    for code in CODES {
        out.push(value_of(app, &format!("[data-testid=score-{code}]")).await);
    }
    out
}

/// The entry the sheet shows, by its number in the progress list.
async fn current_no(app: &App) -> u32 {
    app.client
        .find(Locator::Css(".progress-item.is-current"))
        .await
        .expect("a current entry")
        .attr("data-no")
        .await
        .expect("data-no")
        .expect("data-no set")
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn a_full_ballot_is_typed_saved_submitted_and_found_after_restart() {
    let (dir, file) = demo_dir(|_| {});
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    app.text_of("[data-testid=who]").await;
    app.settle_then_screenshot("scoring-who").await;
    bind_as(&app, "Nurul Fadhilah").await;
    // No slot is live: the sheet opens on the first entry not yet scored.
    assert_eq!(current_no(&app).await, 1);
    let title = app.text_of("[data-testid=entry-title]").await;

    type_scores(&app, &["80", "81", "82", "83", "84", "85", "86"]).await;
    let note = app
        .client
        .find(Locator::Css("[data-testid=entry-note]"))
        .await
        .unwrap();
    note.send_keys("Data layanan lengkap.").await.unwrap();
    let saved = wait_saved(&app).await;
    assert!(saved.contains("Tersimpan"), "save status: {saved}");
    // Weighted: (80+81+82+83)x15 + 84x10 + 85x10 + 86x20, over 100.
    assert_eq!(app.dom_text("[data-testid=total]").await, "83.00");

    // "Tersimpan" means it is in the competition file already.
    {
        let store = Store::open(&file).unwrap();
        let entry = store.entries().unwrap()[0].clone();
        let draft = store
            .latest_ballot(nurul(&store).id, entry.id)
            .unwrap()
            .expect("the draft is stored");
        assert_eq!(draft.status, BallotStatus::Draft);
        let scores: Vec<i32> = draft.scores.iter().map(|(_, s)| *s).collect();
        assert_eq!(scores, [80, 81, 82, 83, 84, 85, 86]);
        assert_eq!(draft.note, "Data layanan lengkap.");
    }

    app.click("[data-testid=submit]").await;
    app.wait_text("[data-testid=submit-status]", |t| {
        t.contains("Terkirim") && t.contains("revisi 1")
    })
    .await;
    app.wait_text(".progress-item[data-no='1'] .p-status", |t| {
        t.contains("Terkirim")
    })
    .await;
    let dir = app.quit_keep_data().await;

    // The submitted ballot is signed and counts.
    {
        let store = Store::open(&file).unwrap();
        let counted = store.counted_ballots().unwrap();
        assert_eq!(counted.len(), 1, "one verified ballot");
        assert_eq!(counted[0].panelist_id, nurul(&store).id);
        assert_eq!(counted[0].revision, 1);
    }

    // Restarted: the device still scores for Nurul, and the ballot is there.
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    app.wait_text("[data-testid=station-name]", |t| t == NURUL)
        .await;
    app.click(".progress-item[data-no='1']").await;
    app.wait_text("[data-testid=entry-title]", |t| t == title)
        .await;
    assert_eq!(
        shown_scores(&app).await,
        ["80", "81", "82", "83", "84", "85", "86"]
    );
    assert_eq!(
        value_of(&app, "[data-testid=entry-note]").await,
        "Data layanan lengkap."
    );
    let status = app.text_of("[data-testid=submit-status]").await;
    assert!(status.contains("Terkirim"), "submit status: {status}");
    assert_eq!(app.dom_text("[data-testid=total]").await, "83.00");

    // A revision: change one score, save, submit again; revision 2 is signed.
    app.scroll_to("[data-testid=score-wawancara]").await;
    let field = app
        .client
        .find(Locator::Css("[data-testid=score-wawancara]"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys("90").await.unwrap();
    wait_saved(&app).await;
    app.wait_text("[data-testid=submit]", |t| t.contains("revisi 2"))
        .await;
    app.click("[data-testid=submit]").await;
    app.wait_text("[data-testid=submit-status]", |t| t.contains("revisi 2"))
        .await;
    let _dir = app.quit_keep_data().await;
    let store = Store::open(&file).unwrap();
    let entry = store.entries().unwrap()[0].id;
    let revisions = store.ballot_revisions(nurul(&store).id, entry).unwrap();
    assert_eq!(revisions.len(), 2, "the first revision stays on record");
    assert!(revisions
        .iter()
        .all(|b| b.status == BallotStatus::Submitted));
    assert_eq!(store.counted_ballots().unwrap()[0].revision, 2);
}

#[tokio::test]
async fn bad_scores_are_flagged_inline_and_never_stored() {
    let (dir, file) = demo_dir(|_| {});
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    bind_as(&app, "Nurul Fadhilah").await;
    type_scores(&app, &["150", "8x", "75"]).await;
    let saved = wait_saved(&app).await;
    assert!(
        saved.starts_with("⚠ 2 isian salah tidak disimpan"),
        "a sheet with wrong fields is not shown as fine: {saved}"
    );
    let warned = app
        .client
        .execute(
            "return document.querySelector('[data-testid=save-status]').classList.contains('is-warning');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(warned, serde_json::Value::Bool(true));
    let out_of_range = app.text_of("[data-testid=problem-kebaruan]").await;
    assert!(
        out_of_range.contains("150") && out_of_range.contains("di luar rentang 0-100"),
        "{out_of_range}"
    );
    assert!(out_of_range.contains("tidak disimpan"), "{out_of_range}");
    let not_whole = app.text_of("[data-testid=problem-efektivitas]").await;
    assert!(not_whole.contains("bukan bilangan bulat"), "{not_whole}");
    assert_eq!(
        app.dom_text("[data-testid=problem-kemanfaatan]").await,
        "",
        "a good score has no message"
    );
    {
        let store = Store::open(&file).unwrap();
        let entry = store.entries().unwrap()[0].id;
        let draft = store
            .latest_ballot(nurul(&store).id, entry)
            .unwrap()
            .expect("the valid part is stored");
        let criteria = store.rubric().unwrap().criteria;
        assert_eq!(
            draft.scores,
            [(criteria[2].id, 75)],
            "only the valid score is stored"
        );
    }

    // Kirim with empty and bad fields: every field is named, nothing is submitted.
    app.click("[data-testid=submit]").await;
    app.wait_text("[data-testid=problem-wawancara]", |t| {
        t.contains("belum diberi nilai")
    })
    .await;
    let status = app.text_of("[data-testid=submit-status]").await;
    assert!(status.contains("Belum terkirim"), "{status}");
    // The wrong field keeps its own message; the empty ones say they have no score.
    let still = app.text_of("[data-testid=problem-kebaruan]").await;
    assert!(still.contains("di luar rentang"), "{still}");
    app.settle_then_screenshot("scoring-problems").await;

    // Fixing the field clears its message once saved.
    let field = app
        .client
        .find(Locator::Css("[data-testid=score-kebaruan]"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys("90").await.unwrap();
    wait_saved(&app).await;
    assert_eq!(app.dom_text("[data-testid=problem-kebaruan]").await, "");
    let _dir = app.quit_keep_data().await;
    let store = Store::open(&file).unwrap();
    assert!(store.counted_ballots().unwrap().is_empty());
}

#[tokio::test]
async fn what_was_shown_as_saved_survives_a_kill_9() {
    let (dir, file) = demo_dir(|_| {});
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    bind_as(&app, "Nurul Fadhilah").await;
    type_scores(&app, &["70", "71", "72", "73"]).await;
    wait_saved(&app).await;
    // Keep typing and pull the plug while that autosave may be under way.
    let field = app
        .client
        .find(Locator::Css("[data-testid=score-keberlanjutan]"))
        .await
        .unwrap();
    field.click().await.unwrap();
    field.send_keys("74").await.unwrap();
    let dir = app.kill_app_keep_data().await;

    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    app.wait_text("[data-testid=station-name]", |t| t == NURUL)
        .await;
    // A draft, not submitted: the screen reopens on it (first entry not submitted).
    assert_eq!(current_no(&app).await, 1);
    let shown = shown_scores(&app).await;
    assert_eq!(shown[..4], ["70", "71", "72", "73"], "all that was saved");
    assert!(
        shown[4].is_empty() || shown[4] == "74",
        "the last score is either saved or not, never garbled: {:?}",
        shown[4]
    );
    let status = app.text_of(".progress-item[data-no='1'] .p-status").await;
    assert!(status.contains("Draf"), "{status}");
    let _dir = app.quit_keep_data().await;
    let store = Store::open(&file).unwrap();
    let progress = store.ballot_progress(nurul(&store).id).unwrap();
    assert_eq!(progress[0].status, ProgressStatus::Draft);
}

#[tokio::test]
async fn a_conflicted_panelist_sees_abstain_and_cannot_score() {
    let (dir, _file) = demo_dir(|store| {
        let entry = store.entries().unwrap()[1].id;
        let p = nurul(store).id;
        store
            .add_conflict(p, entry, "berasal dari instansi yang sama")
            .unwrap();
    });
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    bind_as(&app, "Nurul Fadhilah").await;
    let status = app.text_of(".progress-item[data-no='2'] .p-status").await;
    assert!(status.contains("Abstain"), "{status}");
    app.click(".progress-item[data-no='2']").await;
    let card = app.text_of("[data-testid=abstain]").await;
    assert!(card.contains("abstain"), "{card}");
    assert!(card.contains("berasal dari instansi yang sama"), "{card}");
    app.settle_then_screenshot("scoring-abstain").await;
    assert!(
        app.client
            .find_all(Locator::Css(".score-input"))
            .await
            .unwrap()
            .is_empty(),
        "no score fields on an abstained entry"
    );
    app.quit().await;
}

#[tokio::test]
async fn the_sheet_opens_on_the_entry_presenting_now_with_its_timer() {
    let (dir, file) = demo_dir(|store| {
        let slot = store.slots().unwrap()[2].clone();
        let now = panelis_core::time::now();
        store.call_slot(slot.id, Some(true), now).unwrap();
        store.timer_command(slot.id, Command::Start, now).unwrap();
    });
    let live_entry = {
        let store = Store::open(&file).unwrap();
        let slot = store.slots().unwrap()[2].clone();
        store
            .entries()
            .unwrap()
            .into_iter()
            .find(|e| e.id == slot.entry_id)
            .unwrap()
    };
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    bind_as(&app, "Nurul Fadhilah").await;
    app.wait_text("[data-testid=entry-title]", |t| t == live_entry.title)
        .await;
    let timer = app
        .wait_text("[data-testid=scoring-timer]", |t| {
            t.contains("Sedang presentasi")
        })
        .await;
    assert!(
        timer.chars().filter(|c| *c == ':').count() >= 1,
        "a clock: {timer}"
    );
    let before = app.dom_text(".live-clock").await;
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_ne!(app.dom_text(".live-clock").await, before, "the clock runs");
    let live = app
        .text_of(&format!(
            ".progress-item[data-no='{}'] .p-live",
            live_entry.no
        ))
        .await;
    assert!(live.contains("Sedang presentasi"), "{live}");

    type_scores(&app, &["85", "80", "78", "72", "70"]).await;
    let field = app
        .client
        .find(Locator::Css("[data-testid=score-keberlanjutan]"))
        .await
        .unwrap();
    field.click().await.unwrap();
    wait_saved(&app).await;
    assert_eq!(
        app.dom_text("[data-testid=scored-of]").await,
        "5 dari 7 kriteria dinilai"
    );
    app.settle_then_screenshot("scoring").await;

    // Another entry: the chip offers the way back to the one presenting.
    app.click(".progress-item[data-no='1']").await;
    app.wait_text("[data-testid=scoring-timer]", |t| {
        t.contains(&format!("No {}", live_entry.no))
    })
    .await;
    app.click("[data-action=go-live]").await;
    app.wait_text("[data-testid=entry-title]", |t| t == live_entry.title)
        .await;
    assert_eq!(
        shown_scores(&app).await[..5],
        ["85", "80", "78", "72", "70"]
    );

    // The slot finishes (the secretariat's control, another process): nothing is presenting
    // any more, so the chip and the marker in the list go, though the slot stays called.
    {
        let mut store = Store::open(&file).unwrap();
        let slot = store.slots().unwrap()[2].clone();
        store
            .timer_command(slot.id, Command::Finish, panelis_core::time::now())
            .unwrap();
    }
    app.wait_js(
        "the presenting marker to go",
        "return document.querySelector('[data-testid=scoring-timer]').hidden
           && !document.querySelector('.progress-item .p-live');",
    )
    .await;
    let shown = app.text_of("main").await;
    assert!(!shown.contains("Sedang presentasi"), "{shown}");
    app.settle_then_screenshot("scoring-after-the-slot").await;
    app.quit().await;
}

#[tokio::test]
async fn the_secretariat_types_a_paper_ballot_into_the_grid() {
    let (dir, file) = demo_dir(|_| {});
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    app.click("[data-tab=secretariat]").await;
    app.text_of("[data-testid=paper-grid]").await;
    // Columns are named by the rubric's labels (the code the CSV uses beside them), and the
    // CSV format is written where the import is, not only in a tooltip.
    let head = app.dom_text("[data-testid=paper-criterion]").await;
    assert!(
        head.starts_with("Kebaruan") && head.contains("kebaruan"),
        "{head}"
    );
    let format = app.text_of("[data-testid=paper-csv-format]").await;
    assert!(
        format.contains("panelist, entry, criterion, score"),
        "{format}"
    );
    // Choose Nurul in the panelist list.
    let select = app
        .client
        .find(Locator::Css("[data-testid=paper-panelist]"))
        .await
        .unwrap();
    select.select_by_label(NURUL).await.unwrap();
    app.wait_js(
        "Nurul's grid",
        &format!(
            "const s = document.querySelector('[data-testid=paper-panelist]');
             return !!s && s.selectedOptions[0].textContent.trim() === {NURUL:?}
                 && !!document.querySelector('[data-testid=paper-grid]');"
        ),
    )
    .await;
    // The grid may paint once more after the panelist is chosen: find and click again
    // until the click lands on the grid that stays (no stale element).
    let input = "[data-testid=paper-grid] tbody tr:first-child .paper-input";
    let started = std::time::Instant::now();
    let first = loop {
        let found = app.client.find(Locator::Css(input)).await;
        if let Ok(el) = found {
            if el.click().await.is_ok() {
                break el;
            }
        }
        assert!(started.elapsed() < PATIENCE, "no stable {input}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let tab: char = Key::Tab.into();
    first
        .send_keys(&["60", "61", "62", "63", "64", "65", "66"].join(&tab.to_string()))
        .await
        .unwrap();
    app.wait_text(
        "[data-testid=paper-grid] tbody tr:first-child .paper-status",
        |t| t.contains("Draf tersimpan"),
    )
    .await;
    app.click("[data-testid=paper-grid] tbody tr:first-child [data-action=submit-row]")
        .await;
    app.wait_text(
        "[data-testid=paper-grid] tbody tr:first-child .paper-status",
        |t| t.contains("Terkirim r1") && t.contains("kertas"),
    )
    .await;
    app.wait_text(
        "[data-testid=paper-grid] tbody tr:first-child .paper-total",
        |t| t == "63.00",
    )
    .await;
    // A row with 150, x and 7.5 sent: each field keeps its own message (none of them says
    // "no score given"), the fields left empty say that, and the row stays one row tall.
    let open_row: String = serde_json::from_value(
        app.client
            .execute(
                "return [...document.querySelectorAll('[data-testid=paper-grid] tbody tr[data-entry]')].slice(1)
                   .find((r) => !r.querySelector('.paper-input').disabled).dataset.entry;",
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    let second = format!("[data-testid=paper-grid] tr[data-entry='{open_row}']");
    let second = second.as_str();
    // Typed in one go (the keyboard path is the first row's): the three fields as a
    // person would leave them. The grid may paint once more after the first row's
    // submission; typing again then is what a person would do too.
    let status = format!("{second} .paper-status");
    let started = std::time::Instant::now();
    loop {
        app.client
            .execute(
                &format!(
                    "const inputs = document.querySelectorAll(\"{second} .paper-input\");
                     ['150', 'x', '7.5'].forEach((v, i) => {{
                       inputs[i].value = v;
                       inputs[i].dispatchEvent(new Event('input', {{ bubbles: true }}));
                     }});"
                ),
                vec![],
            )
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        if app.dom_text(&status).await.contains('⚠') {
            break;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the row never showed its problems"
        );
    }
    app.click(&format!("{second} [data-action=submit-row]"))
        .await;
    // The row's status counts the wrong fields; their messages stand whole on a line of
    // their own under the row, each named by its criterion's label.
    let problems = format!("{second} + tr.paper-problems-row [data-testid=paper-problems]");
    app.wait_js(
        "the refused row's problems",
        &format!(
            "const el = document.querySelector(\"{problems}\");
             return !!el && el.textContent.includes('belum diberi nilai');"
        ),
    )
    .await;
    let said = app.dom_text(&problems).await;
    assert!(
        app.dom_text(&status)
            .await
            .contains("⚠ 7 isian perlu diperbaiki"),
        "{}",
        app.dom_text(&status).await
    );
    assert!(
        said.starts_with("⚠ Kebaruan: ")
            && said.contains("Efektivitas: ")
            && !said.contains("kebaruan:"),
        "labels, not codes: {said}"
    );
    let cut: bool = serde_json::from_value(
        app.client
            .execute(
                &format!("const el = document.querySelector(\"{problems}\"); return el.scrollWidth > el.clientWidth;"),
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(!cut, "the messages are not cut: {said}");
    let titles: Vec<String> = serde_json::from_value(
        app.client
            .execute(
                &format!(
                    "return [...document.querySelectorAll(\"{second} .paper-input\")].map((i) => i.title);"
                ),
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(titles[0].contains("di luar rentang 0-100"), "{titles:?}");
    assert!(titles[1].contains("bukan bilangan bulat"), "{titles:?}");
    assert!(titles[2].contains("bukan bilangan bulat"), "{titles:?}");
    assert!(titles[3].contains("belum diberi nilai"), "{titles:?}");
    assert!(
        !titles[..3].iter().any(|t| t.contains("belum diberi nilai")),
        "a field typed wrong is not also 'no score given': {titles:?}"
    );
    assert!(said.contains("di luar rentang"), "{said}");
    app.settle_then_screenshot("paper-ballots").await;
    let heights: Vec<f64> = serde_json::from_value(
        app.client
            .execute(
                &format!(
                    "return [document.querySelector('[data-testid=paper-grid] tbody tr'), document.querySelector(\"{second}\"), document.querySelector(\"{second} + tr\")].map((r) => r.getBoundingClientRect().height);"
                ),
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(
        heights[1] < heights[0] * 1.6,
        "the row with problems stays about one row tall: {heights:?}"
    );
    assert!(
        heights[2] < heights[0],
        "its messages take one short line: {heights:?}"
    );
    let _dir = app.quit_keep_data().await;
    let store = Store::open(&file).unwrap();
    let counted = store.counted_ballots().unwrap();
    assert_eq!(counted.len(), 1);
    assert_eq!(counted[0].panelist_id, nurul(&store).id);
    assert_eq!(
        counted[0].signer,
        Some(panelis_core::model::Signer::Secretariat)
    );
}

/// Runs a method of a screen element with a file path, as its button does after the OS file
/// dialog (which WebDriver cannot drive).
async fn call_with_path(app: &App, element: &str, method: &str, path: &std::path::Path) {
    app.client
        .execute(
            &format!("document.querySelector('{element}').{method}(arguments[0]);"),
            vec![serde_json::Value::String(path.display().to_string())],
        )
        .await
        .unwrap_or_else(|e| panic!("{element}.{method}: {e}"));
}

#[tokio::test]
async fn ballots_go_to_a_file_and_back_and_a_bad_scores_csv_names_every_line() {
    let (dir, file) = demo_dir(|_| {});
    let nurul_id = nurul(&Store::open(&file).unwrap()).id;
    let out = dir.path().join("nilai-nurul.json");
    let csv = dir.path().join("nilai-kertas.csv");
    std::fs::write(
        &csv,
        format!(
            "panelist;entry;criterion;score\n{NURUL};1;kebaruan;150\nSiapa Saja;2;kebaruan;80\n"
        ),
    )
    .unwrap();
    let app = App::launch_in(dir).await;
    open_scoring(&app).await;
    bind_as(&app, "Nurul Fadhilah").await;
    type_scores(&app, &["80", "81", "82", "83", "84", "85", "86"]).await;
    wait_saved(&app).await;
    app.click("[data-testid=submit]").await;
    app.wait_text("[data-testid=submit-status]", |t| t.contains("Terkirim"))
        .await;

    call_with_path(&app, "panelis-scoring", "exportBallots", &out).await;
    let said = app
        .wait_text("[data-testid=scoring-message]", |t| t.contains("diekspor"))
        .await;
    assert!(said.contains("1 lembar nilai"), "{said}");
    let exported = panelis_core::ballot::transfer::BallotFile::read(&out).unwrap();
    assert_eq!(exported.panelist, NURUL);
    assert_eq!(exported.ballots.len(), 1);

    // A panelist's laptop does not do the secretariat's work (it would show every score).
    app.click("[data-tab=secretariat]").await;
    let refused = app.text_of("[data-testid=secretariat-elsewhere]").await;
    assert!(refused.contains(NURUL), "{refused}");
    let refused = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('paper_grid', { panelistId: arguments[0] })
               .then(() => done('allowed'), (e) => done(e.code));",
            vec![serde_json::Value::String(nurul_id.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(refused, "panelist_device", "the command itself refuses");

    // Released ("Ganti panelis"), the laptop is the secretariat's: importing the same file
    // again changes nothing, and says so.
    app.click("[data-tab=panelist]").await;
    app.click("[data-action=change]").await;
    app.click("[data-action=change-yes]").await;
    app.text_of("[data-testid=who]").await;
    app.click("[data-tab=secretariat]").await;
    app.text_of("[data-testid=paper-grid]").await;
    call_with_path(&app, "panelis-paper-ballots", "importFile", &out).await;
    let report = app
        .wait_text("[data-testid=paper-report]", |t| t.contains("sudah ada"))
        .await;
    assert!(
        report.contains("0 revisi diimpor, 1 sudah ada, 0 ditolak"),
        "{report}"
    );
    // In the secretariat's grid, the ballot Nurul signed on her own device is read-only:
    // a correction is her new revision, not the secretariat typing over it.
    let signed_entry = exported.ballots[0].entry_id;
    let select = app
        .client
        .find(Locator::Css("[data-testid=paper-panelist]"))
        .await
        .unwrap();
    select.select_by_label(NURUL).await.unwrap();
    let row = format!("[data-testid=paper-grid] tr[data-entry='{signed_entry}']");
    app.wait_text(&format!("{row} .paper-status"), |t| {
        t.contains("ditandatangani panelis di perangkatnya")
    })
    .await;
    let disabled: Vec<bool> = serde_json::from_value(
        app.client
            .execute(
                &format!(
                    "return [...document.querySelectorAll(\"{row} .paper-input\")].map((i) => i.disabled);"
                ),
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(
        !disabled.is_empty() && disabled.iter().all(|d| *d),
        "{disabled:?}"
    );

    // A scores CSV with problems: nothing imported, every problem with its line.
    call_with_path(&app, "panelis-paper-ballots", "importCsv", &csv).await;
    let report = app
        .wait_text("[data-testid=paper-report]", |t| {
            t.contains("tidak diimpor")
        })
        .await;
    assert!(report.contains("baris 2"), "{report}");
    assert!(report.contains("150"), "{report}");
    assert!(report.contains("baris 3"), "{report}");
    assert!(report.contains("Siapa Saja"), "{report}");
    app.settle_then_screenshot("paper-import-problems").await;
    app.quit().await;
}

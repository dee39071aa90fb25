//! The overview says where the day stands and what to do next (the core's rule), and the
//! competition's details can be corrected there, audited.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::Store;
use panelis_e2e::scored::ranked_demo;
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

/// What is wrong with how the shown area fits the window: the page scrolling sideways, a
/// button or heading past the right edge (outside a pane that scrolls on purpose), its
/// text cut off without an ellipsis, or a screen's head (or the overview's counts) broken
/// onto a second line.
const FIT_PROBLEMS: &str = r#"
const W = window.innerWidth;
const problems = [];
const page = document.scrollingElement;
if (page.scrollWidth > page.clientWidth) problems.push(`page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
const scrolls = (el) => {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll') return true;
  }
  return false;
};
for (const el of document.querySelectorAll('main button, main .btn, main h1, main h2, main h3, header button, main .status-badge')) {
  const r = el.getBoundingClientRect();
  if (!r.width || el.closest('dialog:not([open])')) continue;
  const what = `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}"`;
  if (r.right > W + 1 && !scrolls(el)) problems.push(`${what} past the right edge (${Math.round(r.right)} > ${W})`);
  const style = getComputedStyle(el);
  if (el.scrollWidth > el.clientWidth + 1 && style.textOverflow !== 'ellipsis') problems.push(`${what} cut (${el.scrollWidth} > ${el.clientWidth})`);
}
// A screen's head, and the overview's counts, hold on one line.
for (const row of document.querySelectorAll('main .screen-head, main .stats')) {
  const items = [...row.children].filter((el) => el.getBoundingClientRect().width > 0);
  if (!items.length) continue;
  const first = items[0].getBoundingClientRect();
  for (const el of items) {
    if (el.getBoundingClientRect().top >= first.bottom) {
      problems.push(`${row.className} wraps at "${el.textContent.trim().slice(0, 30)}"`);
      break;
    }
  }
}
// How many lines a text node is laid out on.
const lines = (node) => {
  const range = document.createRange();
  range.selectNodeContents(node);
  return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
};
// A table fits its card: nothing of it hides behind a sideways scroll.
for (const wrap of document.querySelectorAll('main .table-wrap')) {
  if (wrap.getBoundingClientRect().width && wrap.scrollWidth > wrap.clientWidth + 1) {
    problems.push(`table scrolls sideways (${wrap.scrollWidth} > ${wrap.clientWidth}): "${(wrap.querySelector('th') || wrap).textContent.trim().slice(0, 20)}"`);
  }
}
// The side menu's areas hold on one line each; a table's header words on at most two.
for (const a of document.querySelectorAll('.sidenav a')) {
  if (lines(a) > 1) problems.push(`side menu "${a.textContent.trim()}" wraps`);
}
for (const th of document.querySelectorAll('main thead th')) {
  if (!th.getBoundingClientRect().width) continue;
  for (const node of th.childNodes) {
    if (node.nodeType === Node.TEXT_NODE && node.textContent.trim() && lines(node) > 2) {
      problems.push(`header "${node.textContent.trim()}" on ${lines(node)} lines`);
    }
  }
}
return problems;
"#;

#[tokio::test]
async fn every_area_fits_1366x768_and_1280x720_in_both_languages() {
    // With scores on record: a ranked table with a tie and a far-from-panel flag, the
    // deliberation's ranking, the quorum's gaps.
    let (dir, _file) = ranked_demo();
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    let areas = [
        ("overview", "panelis-overview"),
        ("entries", "panelis-entries"),
        ("panel", "panelis-panel-rubric"),
        ("schedule", "panelis-schedule"),
        ("live", "panelis-live"),
        ("scoring", "panelis-scoring"),
        ("venue", "panelis-venue-host"),
        ("deliberation", "panelis-deliberation"),
        ("results", "panelis-results"),
    ];
    let mut problems = Vec::new();
    for lang in ["id", "en"] {
        app.client
            .execute(
                &format!("localStorage.setItem('panelis.lang', '{lang}'); location.hash = '#overview'; location.reload();"),
                vec![],
            )
            .await
            .expect("language");
        app.text_of("[data-testid=competition-name]").await;
        for (width, height) in [(1280u32, 720u32), (1366, 768)] {
            app.client
                .set_window_rect(0, 0, width, height)
                .await
                .expect("window size");
            app.wait_js(
                &format!("the window at {width}x{height}"),
                &format!(
                    "return window.innerWidth === {width} && window.innerHeight === {height};"
                ),
            )
            .await;
            for (area, element) in areas {
                app.client
                    .execute(&format!("location.hash = '#{area}';"), vec![])
                    .await
                    .expect("area");
                app.wait_js(
                    &format!("{area} painted"),
                    &format!(
                        "const el = document.querySelector('{element}'); \
                         return !!el && el.textContent.trim().length > 40 && !el.querySelector('.loading');"
                    ),
                )
                .await;
                app.settle_then_screenshot(&format!("fit-{area}-{lang}-{width}"))
                    .await;
                let found = app
                    .client
                    .execute(FIT_PROBLEMS, vec![])
                    .await
                    .expect("measure");
                for p in found.as_array().into_iter().flatten() {
                    problems.push(format!(
                        "{area} {lang} {width}x{height}: {}",
                        p.as_str().unwrap_or_default()
                    ));
                }
            }
        }
    }
    app.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

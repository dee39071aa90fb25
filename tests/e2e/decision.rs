//! Musyawarah in the real window: the demo with No 1 and No 2 tied at 80, No 3 at 90 and one
//! ballot missing (Nurul's for No 3). The panel orders the tie against number order (2
//! before 1), an order across ranks without a reason is refused and said so, three outcomes
//! are defined, proposed by score order and applied; the projector shows the deliberation at
//! 1920x1080 (with and without the panelists' totals); the results are finalized with the
//! chair's quorum override; the minutes state the agreed order, the outcomes, the override's
//! reason and the missing ballot. Needs poppler-utils (`pdftotext`, `pdftoppm`).

use fantoccini::wd::WindowHandle;
use panelis_core::Store;
use panelis_e2e::scored::scored_demo;
use panelis_e2e::{pdf_text, render_pdf, App, PATIENCE};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const MISSING_PANELIST: &str = "Nurul Fadhilah, S.H., M.H.";
const TIE_REASON: &str = "No 2 menjangkau lebih banyak warga";
const OVERRIDE: &str = "Panelis Nurul Fadhilah berhalangan saat presentasi No 3";

/// The demo, opened at launch: No 1 and No 2 at 80 (tied), No 3 at 90 from four panelists
/// (Nurul gave No 3 none).
fn tied_demo() -> (tempfile::TempDir, PathBuf) {
    scored_demo(&[1, 2, 3], |no, name| match no {
        3 if name == MISSING_PANELIST => None,
        3 => Some(90),
        _ => Some(80),
    })
}

/// A screenshot once the page has painted what the DOM holds.
async fn shot(app: &App, name: &str) -> PathBuf {
    app.painted().await;
    app.settle_then_screenshot(name).await
}

/// The entry numbers of the ranking's rows, top to bottom, for the scored entries.
async fn placed(app: &App) -> Vec<(u32, String, String)> {
    let value = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=ranking] tbody tr[data-no]')]
               .filter((tr) => tr.querySelector('[data-testid=place]').textContent.trim() !== '–')
               .map((tr) => [Number(tr.dataset.no),
                             tr.querySelector('[data-testid=place]').textContent.trim(),
                             tr.querySelector('[data-testid=outcome]').textContent.trim()]);",
            vec![],
        )
        .await
        .expect("ranking rows");
    serde_json::from_value(value).expect("rows as (no, place, outcome)")
}

async fn projector_window(app: &App, main: &WindowHandle) -> WindowHandle {
    let started = Instant::now();
    loop {
        let windows = app.client.windows().await.expect("window list");
        if let Some(w) = windows.into_iter().find(|w| w != main) {
            return w;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the projector window did not open"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn switch(app: &App, window: &WindowHandle) {
    app.client
        .switch_to_window(window.clone())
        .await
        .expect("switch window");
}

#[tokio::test]
async fn the_panel_orders_a_tie_gives_outcomes_and_the_minutes_state_the_decision() {
    let (dir, file) = tied_demo();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let titles: Vec<(u32, String)> = Store::open(&file)
        .expect("open")
        .entries()
        .expect("entries")
        .into_iter()
        .filter(|e| e.no <= 3)
        .map(|e| (e.no, e.title))
        .collect();
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    let main = app.client.window().await.expect("main window");
    app.click(".sidenav a[data-area=deliberation]").await;

    // The agreed order starts as the score order: 3, then the open tie 1, 2 by number.
    app.text_of("[data-testid=ranking]").await;
    let rows = placed(&app).await;
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![3, 1, 2],
        "{rows:?}"
    );
    let tie = app.text_of("[data-testid=tie-group-2]").await;
    assert!(tie.contains("belum diurutkan"), "{tie}");
    for no in [1, 2] {
        let marks = app
            .text_of(&format!("[data-testid=row-{no}] td.marks"))
            .await;
        assert!(marks.contains("Seri, belum diurutkan"), "No {no}: {marks}");
    }
    let quorum = app.text_of("[data-testid=quorum]").await;
    assert!(
        quorum.contains("No 3") && quorum.contains(MISSING_PANELIST),
        "the quorum lists the missing ballot: {quorum}"
    );
    shot(&app, "decision-open-tie").await;

    // An order across ranks without a reason is refused, and the page says why.
    app.click(".depart summary").await;
    app.type_into("[data-testid=depart-entries]", "1, 3").await;
    app.click("[data-testid=depart-set]").await;
    let refusal = app
        .wait_text("[data-testid=dlb-error]", |t| t.contains("tidak seri"))
        .await;
    assert!(
        refusal.contains("No 1 peringkat 2") && refusal.contains("No 3 peringkat 1"),
        "{refusal}"
    );
    assert!(refusal.contains("alasan tertulis"), "{refusal}");
    shot(&app, "decision-not-tied").await;

    // Order the tie against number order: 2 before 1, with a reason.
    app.click("[data-testid=tie-up-2]").await;
    app.wait_js(
        "No 2 first in the tie",
        "const li = document.querySelector('[data-testid=tie-2-item]'); \
         return Boolean(li) && li.textContent.includes('No 2');",
    )
    .await;
    app.type_into("[data-testid=tie-reason-2]", TIE_REASON)
        .await;
    app.click("[data-testid=tie-set-2]").await;
    app.wait_text("[data-testid=dlb-message]", |t| t.contains("No 2, 1"))
        .await;
    let rows = placed(&app).await;
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![3, 2, 1],
        "{rows:?}"
    );
    let marks = app.text_of("[data-testid=row-2] td.marks").await;
    assert!(
        marks.contains("Seri, diurutkan panel") && marks.contains(TIE_REASON),
        "{marks}"
    );
    assert_eq!(
        app.text_of("[data-testid=dlb-ties-status]").await,
        "Tidak ada seri terbuka"
    );

    // Three outcomes, one seat each, overall, and two seats shared out across the clusters
    // (47 entries of a Kabupaten, 3 of a Kota); proposed by the agreed order, then applied.
    for _ in 0..4 {
        app.click("[data-testid=outcome-add]").await;
    }
    for (i, name) in [
        "Juara I",
        "Juara II",
        "Juara III",
        "Lolos verifikasi lapangan",
    ]
    .iter()
    .enumerate()
    {
        app.type_into(&format!("[data-testid=outcome-name-{i}]"), name)
            .await;
    }
    app.type_into("[data-testid=outcome-seats-3]", "2").await;
    app.client
        .execute(
            "const s = document.querySelector('[data-testid=outcome-scope-3]');
             s.value = 'proportional'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .expect("scope");
    app.click("[data-testid=outcomes-save]").await;
    app.wait_text("[data-testid=dlb-message]", |t| {
        t.contains("Juara I, Juara II, Juara III, Lolos verifikasi lapangan")
    })
    .await;
    let arithmetic = app.text_of("[data-testid=apportion]").await;
    assert!(
        arithmetic.contains("1.88") && arithmetic.contains("0.12"),
        "quota 2 x 47/50 and 2 x 3/50: {arithmetic}"
    );
    app.click("[data-testid=propose]").await;
    let proposal = app.text_of("[data-testid=proposal-changes]").await;
    assert!(proposal.contains("Juara III"), "{proposal}");
    shot(&app, "decision-proposal").await;
    app.click("[data-testid=apply-proposal]").await;
    app.wait_text("[data-testid=dlb-message]", |t| t.contains("diterapkan"))
        .await;
    let rows = placed(&app).await;
    let want = [
        (3, "1", "Juara I"),
        (2, "2", "Juara II"),
        (1, "3", "Juara III"),
    ];
    for ((no, place, outcome), got) in want.iter().zip(&rows) {
        assert_eq!(
            (got.0, got.1.as_str(), got.2.as_str()),
            (*no, *place, *outcome),
            "{rows:?}"
        );
    }
    // The top three fill their seats; no scored entry is left for the shared-out ones.
    let seats = app.text_of("[data-testid=seats]").await;
    assert!(
        seats.contains("Juara III") && seats.contains("1 / 1") && seats.contains("0 / 2"),
        "{seats}"
    );
    assert!(seats.contains("2 belum terisi"), "{seats}");
    shot(&app, "decision-applied").await;
    app.scroll_to(".ranking-card").await;
    shot(&app, "decision-ranking").await;

    // The projector in deliberation mode, at the hall's 1920x1080.
    app.click("[data-testid=projector-deliberation]").await;
    app.wait_text("[data-testid=dlb-message]", |t| {
        t.contains("menampilkan musyawarah")
    })
    .await;
    app.click("[data-testid=dlb-projector-open]").await;
    let projector = projector_window(&app, &main).await;
    switch(&app, &projector).await;
    app.client
        .set_window_rect(0, 0, 1920, 1080)
        .await
        .expect("projector at 1920x1080");
    let board = app
        .wait_text("[data-testid=projector-ranking]", |t| {
            t.contains("Juara III")
        })
        .await;
    assert!(
        !board.contains("P1"),
        "no panelist's total unless shown: {board}"
    );
    let order = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=projector-ranking] tbody tr')].map((tr) => Number(tr.dataset.no));",
            vec![],
        )
        .await
        .expect("projector rows");
    assert_eq!(order, serde_json::json!([3, 2, 1]));
    let size = app
        .client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .expect("size");
    shot(&app, "decision-projector").await;

    // With the panelists' totals, when the secretariat shows them.
    switch(&app, &main).await;
    app.click("[data-testid=projector-panelists]").await;
    switch(&app, &projector).await;
    let board = app
        .wait_text("[data-testid=projector-ranking]", |t| t.contains("P5"))
        .await;
    assert!(board.contains("80.00"), "{board}");
    shot(&app, "decision-projector-panelists").await;
    assert_eq!(size, serde_json::json!([1920, 1080]), "projector size");

    // Back to the timer: the projector shows the timer page again.
    switch(&app, &main).await;
    app.click("[data-testid=projector-deliberation]").await;
    switch(&app, &projector).await;
    app.wait_js(
        "the timer page again",
        "return !document.querySelector('[data-testid=projector-ranking]') \
           && Boolean(document.querySelector('[data-testid=projector-state]'));",
    )
    .await;
    switch(&app, &main).await;

    // Finalize No 1-3 on the results screen: the dialog lists the missing ballot and wants
    // the chair's reason.
    app.click(".sidenav a[data-area=results]").await;
    let quorum = app.text_of("[data-testid=res-quorum]").await;
    assert!(quorum.contains(MISSING_PANELIST), "{quorum}");
    app.click("[data-testid=finalize]").await;
    app.type_into(".finalize-dialog input[name=entries]", "1, 2, 3")
        .await;
    let missing = app
        .wait_text("[data-testid=fin-missing]", |t| t.contains("1 lembar"))
        .await;
    assert!(
        missing.contains(&format!("No 3 Jatah Akhirat: {MISSING_PANELIST}")),
        "{missing}"
    );
    app.type_into(
        ".finalize-dialog input[name=secretariat]",
        "Muh. Arsyad Taufiq",
    )
    .await;
    app.click("[data-testid=finalize-confirm]").await;
    let refused = app
        .wait_text(".finalize-dialog .form-error", |t| !t.is_empty())
        .await;
    assert!(refused.contains("alasan"), "{refused}");
    app.type_into("[data-testid=quorum-override]", OVERRIDE)
        .await;
    shot(&app, "decision-finalize-dialog").await;
    app.click("[data-testid=finalize-confirm]").await;
    app.wait_text("[data-testid=final-status]", |t| {
        t == "Final: 3 dari 50 inovasi"
    })
    .await;

    // The minutes state the decision.
    let minutes = out.join("berita-acara.pdf");
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec!["minutes".into(), minutes.display().to_string().into()],
    )
    .await;
    app.wait_text("[data-testid=res-message]", |t| {
        t.contains("berita-acara.pdf")
    })
    .await;
    render_pdf(&minutes, "decision-minutes", 3, 70);
    let text = pdf_text(&minutes);
    let part = &text[text
        .find("Keputusan panel")
        .unwrap_or_else(|| panic!("no decision part: {text}"))..];
    let at = |needle: &str| {
        part.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the decision part:\n{part}"))
    };
    let title_of = |no: u32| {
        let title = &titles.iter().find(|(n, _)| *n == no).expect("title").1;
        title
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        at(&title_of(3)) < at(&title_of(2)) && at(&title_of(2)) < at(&title_of(1)),
        "agreed order 3, 2, 1 in the decision part:\n{part}"
    );
    // Each entry's line in the decision table names its outcome.
    for (no, rank) in [(3, "I"), (2, "II"), (1, "III")] {
        let line = part
            .lines()
            .find(|l| l.contains(&title_of(no)))
            .expect("the entry's line");
        let words: Vec<&str> = line.split_whitespace().collect();
        let outcome = words
            .windows(2)
            .find(|w| w[0] == "Juara")
            .map(|w| w[1])
            .unwrap_or_else(|| panic!("no outcome on No {no}'s line: {line}"));
        assert_eq!(outcome, rank, "No {no}: {line}");
    }
    let flat = part.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(OVERRIDE), "override reason:\n{flat}");
    assert!(
        flat.contains(&format!("No 3 ({MISSING_PANELIST})")),
        "missing ballot:\n{flat}"
    );
    // The tie's reason, in its cell (which wraps beside the title's: its words in order).
    let mut rest = &flat[flat.find("Alasan urutan:").expect("the tie's reason")..];
    for word in TIE_REASON.split_whitespace() {
        let at = rest
            .find(word)
            .unwrap_or_else(|| panic!("{word:?} of the tie's reason:\n{flat}"));
        rest = &rest[at + word.len()..];
    }

    // The announcement lists the outcomes.
    let announcement = out.join("pengumuman.pdf");
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec![
            "announcement".into(),
            announcement.display().to_string().into(),
        ],
    )
    .await;
    app.wait_text("[data-testid=res-message]", |t| {
        t.contains("pengumuman.pdf")
    })
    .await;
    let text = pdf_text(&announcement);
    assert!(text.contains("Juara III"), "{text}");
    render_pdf(&announcement, "decision-announcement", 3, 70);
    shot(&app, "decision-results-final").await;
    app.quit().await;
}

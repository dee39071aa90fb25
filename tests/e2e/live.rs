//! The live session in the real app: call a slot, start -> next phase -> pause from the
//! control window (keyboard and buttons) while reading the projector window (the pause
//! named as the timer's, not a break, and the slot's running time standing still), the
//! warning and danger states in both windows as the core said they would come
//! (screenshots), restart recovery: the app quit mid-phase and launched again on the same
//! file continues the running phase with the right remaining time; and a slot finished in
//! overtime leaves both windows calm, showing who is next at the time the day now expects.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::WindowHandle;
use fantoccini::Locator;
use panelis_core::model::{Phase, PhasePlan};
use panelis_core::{demo, paths, Store};
use panelis_e2e::{App, PATIENCE};
use std::time::{Duration, Instant};

const PHASE_SECONDS: u32 = 20;

/// Three phases of twenty seconds, warning at ten: the warning and then the danger come by
/// the clock itself within a test's patience.
fn short_plan() -> PhasePlan {
    let phase = |code: &str, id: &str, en: &str| Phase {
        code: code.into(),
        label_id: id.into(),
        label_en: en.into(),
        seconds: PHASE_SECONDS,
    };
    PhasePlan {
        phases: vec![
            phase("video", "Video", "Video"),
            phase("presentasi", "Presentasi", "Presentation"),
            phase("tanya_jawab", "Tanya jawab", "Questions and answers"),
        ],
        changeover_seconds: 60,
        warning_seconds: 10,
    }
}

/// A data folder holding the demo competition on the short plan.
fn demo_with_short_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = demo::create(&paths::AppDirs::new(dir.path()).demo_file()).expect("demo");
    store.set_phase_plan(&short_plan()).expect("short plan");
    drop(store);
    dir
}

/// Presses one key in the current window, as a person would.
async fn press(app: &App, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    app.client.perform_actions(keys).await.expect("key press");
}

/// Seconds left on a clock text: "01:05" -> 65, "+00:12" -> -12.
fn seconds(clock: &str) -> i64 {
    let (sign, rest) = match clock.strip_prefix('+') {
        Some(rest) => (-1, rest),
        None => (1, clock),
    };
    let (m, s) = rest
        .trim()
        .split_once(':')
        .unwrap_or_else(|| panic!("not a clock: {clock:?}"));
    let m: i64 = m
        .parse()
        .unwrap_or_else(|_| panic!("not a clock: {clock:?}"));
    let s: i64 = s
        .parse()
        .unwrap_or_else(|_| panic!("not a clock: {clock:?}"));
    sign * (m * 60 + s)
}

/// Waits for the projector window to open and returns its handle.
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

/// The UI language is kept by the webview between runs (another test may have left it
/// in English): start every run in Bahasa Indonesia.
async fn in_indonesian(app: &App) {
    app.text_of("[data-testid=competition-name]").await;
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'id'); location.reload();",
            vec![],
        )
        .await
        .expect("set the language");
    app.wait_text(".sidenav", |t| t.contains("Sesi Langsung"))
        .await;
}

async fn class_of(app: &App, css: &str) -> String {
    app.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .attr("class")
        .await
        .expect("class")
        .unwrap_or_default()
}

async fn switch(app: &App, window: &WindowHandle) {
    app.client
        .switch_to_window(window.clone())
        .await
        .expect("switch window");
}

#[tokio::test]
async fn the_projector_follows_the_live_control_and_a_restart_resumes_the_phase() {
    let app = App::launch_in(demo_with_short_plan()).await;
    in_indonesian(&app).await;
    app.click(".sidenav a[data-area=live]").await;
    app.wait_text("[data-testid=live-nothing]", |t| {
        t.contains("Belum ada slot")
    })
    .await;
    let main = app.client.window().await.expect("main window");

    // Call the first slot (C = call next, present); it shows ready with the full phase.
    press(&app, 'c').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("bersiap")
    })
    .await;
    assert!(app
        .text_of("[data-testid=live-title]")
        .await
        .contains("Giatki Ces"));
    assert_eq!(app.text_of("[data-testid=live-clock]").await, "00:20");
    assert_eq!(
        app.dom_text("[data-testid=attendance-true]").await,
        "Hadir",
        "present at call"
    );
    assert!(app
        .client
        .find(Locator::Css(
            "[data-testid=attendance-true][aria-pressed=true]"
        ))
        .await
        .is_ok());

    // Open the projector window; it shows the called entry and nothing private.
    app.click("[data-testid=projector-toggle]").await;
    let projector = projector_window(&app, &main).await;
    switch(&app, &projector).await;
    assert_eq!(app.client.title().await.expect("title"), "Layar Proyektor");
    app.wait_text("[data-testid=projector-title]", |t| {
        t.contains("Giatki Ces")
    })
    .await;
    assert_eq!(
        app.text_of("[data-testid=projector-agency]").await,
        "Pemerintah Kabupaten Luwu Utara"
    );
    assert!(app
        .text_of("[data-testid=projector-next]")
        .await
        .contains("Sehati 2020"));
    let screen = app.dom_text("body").await.to_lowercase();
    for private in ["hadir", "nilai", "drg. arie"] {
        assert!(
            !screen.contains(private),
            "{private:?} on the projector: {screen}"
        );
    }
    // Its capability grants the read-only view and events only: no control, no scores.
    for (command, args) in [
        ("live_view", serde_json::json!({ "roomId": null })),
        (
            "timer_command",
            serde_json::json!({ "slotId": "00000000-0000-0000-0000-000000000000", "command": { "kind": "start" } }),
        ),
        ("list_entries", serde_json::json!({})),
    ] {
        let answer = app
            .client
            .execute_async(
                "const [command, args, done] = arguments;
                 window.__TAURI__.core.invoke(command, args)
                   .then(() => done('allowed'), (e) => done(String(e && e.message || e)));",
                vec![command.into(), args],
            )
            .await
            .expect("invoke from the projector");
        let answer = answer.as_str().unwrap_or_default().to_string();
        assert!(
            answer.contains("not allowed"),
            "the projector may not call {command}: {answer}"
        );
    }

    // Start with Space in the control window: both windows count down.
    switch(&app, &main).await;
    press(&app, ' ').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("berjalan")
    })
    .await;
    switch(&app, &projector).await;
    app.wait_text("[data-testid=projector-state]", |t| {
        t.eq_ignore_ascii_case("berjalan")
    })
    .await;
    assert_eq!(app.text_of("[data-testid=projector-phase]").await, "Video");
    let first = seconds(&app.text_of("[data-testid=projector-clock]").await);
    assert!((12..=20).contains(&first), "video clock {first}");
    app.screenshot("live-projector-normal").await;
    switch(&app, &main).await;
    app.screenshot("live-control-normal").await;

    // Next phase with N: the projector follows at once.
    press(&app, 'n').await;
    switch(&app, &projector).await;
    app.wait_text("[data-testid=projector-phase]", |t| t == "Presentasi")
        .await;
    let next = seconds(&app.text_of("[data-testid=projector-clock]").await);
    assert!((15..=20).contains(&next), "presentation clock {next}");

    // Pause with the button: the timer's pause, named apart from a break in the schedule;
    // the projector says so and its clock stops, and so does the slot's running time.
    switch(&app, &main).await;
    assert_eq!(
        app.dom_text("[data-testid=cmd-toggle] span").await,
        "Hentikan sementara"
    );
    app.click("[data-testid=cmd-toggle]").await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("dihentikan sementara")
    })
    .await;
    let note = app.text_of("[data-testid=live-paused]").await;
    assert!(
        note.starts_with("Timer fase Presentasi dihentikan sementara sejak ")
            && note.contains("waktu henti tidak dihitung"),
        "what is paused: {note}"
    );
    let slot_time = app.text_of("[data-testid=live-slot-time]").await;
    // The day's list keeps the paused entry's whole title, its long state on a line below;
    // and the demo's 7 March 2023 schedule, run today, is for its own day, not "terlambat
    // 1371 hari", nor past a 17:00 that was years ago.
    let on_stage = app
        .client
        .execute(
            "const li = document.querySelector('.today-list li.live'); \
             const title = li.querySelector('.tl-title'), badge = li.querySelector('.status-badge'); \
             return [title.textContent, title.scrollWidth <= title.clientWidth, \
               badge.textContent, badge.getBoundingClientRect().top >= title.getBoundingClientRect().bottom];",
            vec![],
        )
        .await
        .expect("the slot on stage in the day's list");
    assert_eq!(
        on_stage,
        serde_json::json!(["1 Giatki Ces", true, "Dihentikan sementara", true]),
        "title whole, state below it"
    );
    assert_eq!(
        app.text_of("[data-testid=live-day-lag]").await,
        "Jadwal untuk 7 Mar 2023"
    );
    assert!(app
        .client
        .find(Locator::Css("[data-testid=live-day-overflow]"))
        .await
        .is_err());
    app.screenshot("live-control-paused").await;
    switch(&app, &projector).await;
    app.wait_text("[data-testid=projector-state]", |t| {
        t.eq_ignore_ascii_case("dihentikan sementara")
    })
    .await;
    let paused = app.text_of("[data-testid=projector-clock]").await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        app.text_of("[data-testid=projector-clock]").await,
        paused,
        "the projector's clock must stand still while paused"
    );
    assert_eq!(
        app.text_of("[data-testid=projector-phase]").await,
        "Presentasi"
    );
    app.screenshot("live-projector-paused").await;
    switch(&app, &main).await;
    assert_eq!(app.text_of("[data-testid=live-clock]").await, paused);
    assert_eq!(
        app.text_of("[data-testid=live-slot-time]").await,
        slot_time,
        "the slot's running time must not count the pause"
    );

    // Resume with Space; at ten seconds left both windows turn to the warning, in words too.
    press(&app, ' ').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("waktu hampir habis")
    })
    .await;
    assert!(class_of(&app, "[data-testid=live-timer]")
        .await
        .contains("u-warning"));
    app.screenshot("live-control-warning").await;
    switch(&app, &projector).await;
    app.wait_text("[data-testid=projector-state]", |t| {
        t.eq_ignore_ascii_case("waktu hampir habis")
    })
    .await;
    let warning = seconds(&app.text_of("[data-testid=projector-clock]").await);
    assert!((0..=10).contains(&warning), "warning clock {warning}");
    assert!(class_of(&app, "body").await.contains("u-warning"));
    app.screenshot("live-projector-warning").await;

    // At zero: time is up, and the clock counts overtime with a plus.
    app.wait_text("[data-testid=projector-state]", |t| {
        t.eq_ignore_ascii_case("waktu habis")
    })
    .await;
    app.wait_text("[data-testid=projector-clock]", |t| t.starts_with('+'))
        .await;
    assert!(class_of(&app, "body").await.contains("u-danger"));
    app.screenshot("live-projector-danger").await;
    switch(&app, &main).await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("waktu habis")
    })
    .await;
    app.wait_text("[data-testid=live-overtime]", |t| t.starts_with("lewat"))
        .await;
    app.screenshot("live-control-danger").await;

    // +1 minute gives the phase time again; -1 minute takes it back.
    press(&app, '+').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("berjalan")
    })
    .await;
    let plus = seconds(&app.text_of("[data-testid=live-clock]").await);
    assert!((40..=60).contains(&plus), "after +1 minute {plus}");
    press(&app, '-').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("waktu habis")
    })
    .await;

    // The projector can go full screen and be closed from the control.
    app.click("[data-action=fullscreen]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        app.client
            .find(Locator::Css("[data-testid=live-error]"))
            .await
            .is_err(),
        "full screen failed: {}",
        app.dom_text("main").await
    );
    app.click("[data-testid=projector-toggle]").await;
    app.wait_text("[data-testid=projector-toggle]", |t| t.contains("Buka"))
        .await;
    assert_eq!(app.client.windows().await.expect("windows").len(), 1);

    // On to Q&A and quit mid-phase.
    press(&app, 'n').await;
    app.wait_text("[data-testid=live-phase]", |t| t == "Tanya jawab")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before = seconds(&app.text_of("[data-testid=live-clock]").await);
    let quit_at = Instant::now();
    let dir = app.quit_keep_data().await;

    // The file holds the running timer; the relaunched app resumes it.
    let store = Store::open(&paths::AppDirs::new(dir.path()).demo_file()).expect("open demo");
    let live = store
        .live_view(None, panelis_core::time::now())
        .expect("live view")
        .expect("a live slot");
    assert_eq!(live.timer.phase_label_id, "Tanya jawab");
    drop(store);
    let app = App::launch_in(dir).await;
    in_indonesian(&app).await;
    app.click(".sidenav a[data-area=live]").await;
    app.wait_text("[data-testid=live-phase]", |t| t == "Tanya jawab")
        .await;
    let after = seconds(&app.text_of("[data-testid=live-clock]").await);
    let gone = quit_at.elapsed().as_secs_f64().round() as i64;
    assert!(
        (after - (before - gone)).abs() <= 2,
        "after the restart {after} s left; expected about {} ({before} - {gone})",
        before - gone
    );
    // ...and it keeps running.
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let later = seconds(&app.text_of("[data-testid=live-clock]").await);
    assert!(
        later < after,
        "the clock did not run on: {after} then {later}"
    );
    app.screenshot("live-control-after-restart").await;

    // Previous phase (P) and restart it (R): the presentation runs again from its full time.
    press(&app, 'p').await;
    app.wait_text("[data-testid=live-phase]", |t| t == "Presentasi")
        .await;
    press(&app, 'r').await;
    app.wait_text("[data-testid=live-clock]", |t| {
        (17..=20).contains(&seconds(t))
    })
    .await;

    // A minute taken puts the phase in overtime at once (danger); finishing before the last
    // phase takes a second F.
    press(&app, '-').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("waktu habis")
    })
    .await;
    press(&app, 'f').await;
    app.wait_text("[data-testid=finish-confirm]", |t| t.contains("Tekan F"))
        .await;
    press(&app, 'f').await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("selesai")
    })
    .await;

    // Finished in overtime is calm, in both windows: the entry done, who is next and when
    // the day now expects them (large), the planned time small beside it.
    let panel = class_of(&app, "[data-testid=live-timer]").await;
    assert!(
        panel.contains("u-normal") && !panel.contains("u-danger"),
        "{panel}"
    );
    // No 2 was planned on 7 March 2023, the demo's day, not today: the planned time names
    // that day, where it read as if 08:02 were today's.
    assert!(
        app.text_of("[data-testid=next-planned]")
            .await
            .ends_with("7 Mar 08:02"),
        "{}",
        app.text_of("[data-testid=next-planned]").await
    );
    let expected = app.text_of("[data-testid=next-expected]").await;
    let expected = expected
        .strip_prefix("perkiraan ")
        .unwrap_or_else(|| panic!("expected time: {expected:?}"))
        .to_string();
    let main = app.client.window().await.expect("main window");
    app.click("[data-testid=projector-toggle]").await;
    let projector = projector_window(&app, &main).await;
    switch(&app, &projector).await;
    app.wait_text("[data-testid=projector-state]", |t| {
        t.eq_ignore_ascii_case("selesai")
    })
    .await;
    let body = class_of(&app, "body").await;
    assert!(
        body.contains("u-normal") && !body.contains("u-danger"),
        "a finished slot is calm: {body}"
    );
    assert!(app
        .text_of("[data-testid=projector-title]")
        .await
        .contains("Giatki Ces"));
    assert!(app
        .text_of("[data-testid=projector-next]")
        .await
        .contains("Sehati 2020"));
    // The day began at the first call today: No 2 is expected a minute after No 1 ended
    // (its changeover), not at its planned 08:02 of the demo day.
    let time = app
        .wait_text("[data-testid=projector-next-time]", |t| t == expected)
        .await;
    assert_ne!(time, "08:02");
    assert_eq!(
        app.text_of("[data-testid=projector-next-planned]").await,
        "rencana 7 Mar 08:02"
    );
    app.screenshot("live-projector-finished").await;
    switch(&app, &main).await;
    app.screenshot("live-control-finished").await;
    app.click("[data-testid=projector-toggle]").await;
    app.wait_text("[data-testid=projector-toggle]", |t| t.contains("Buka"))
        .await;

    // C calls the next entry.
    press(&app, 'c').await;
    app.wait_text("[data-testid=live-title]", |t| t.contains("Sehati 2020"))
        .await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("bersiap")
    })
    .await;

    // No 2 does not come: to the end of the day, and No 3 is called instead.
    app.click("[data-testid=no-show]").await;
    app.wait_text("[data-testid=live-title]", |t| t.contains("Jatah Akhirat"))
        .await;
    // The day's list shows it absent, not waiting.
    app.wait_js(
        "No 2 absent in the day's list",
        "return [...document.querySelectorAll('.today-list li')].some((li) => \
         li.querySelector('.tl-title strong').textContent === '2' && \
         li.querySelector('.status-badge').textContent === 'Tidak hadir');",
    )
    .await;
    app.screenshot("live-control-next-called").await;

    // In English, the live screen and the schedule say the same of a schedule for another
    // day: the day and its rows name the day, none is late.
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'en'); location.reload();",
            vec![],
        )
        .await
        .expect("switch to English");
    app.wait_text("[data-testid=live-day-lag]", |t| {
        t == "Scheduled for 7 Mar 2023"
    })
    .await;
    app.screenshot("live-control-next-called-en").await;
    app.click(".sidenav a[data-area=schedule]").await;
    app.wait_text("[data-testid=day-lag]", |t| t == "Scheduled for 7 Mar 2023")
        .await;
    let table = app.text_of("[data-testid=schedule-table]").await;
    assert!(table.contains("scheduled 7 Mar 2023"), "{table}");
    assert!(!table.contains("behind"), "{table}");
    // No 1 ran today, not on 7 March: its times carry today's date at the venue (the demo is
    // in Makassar, UTC+8), "7 Dec 11:59–12:00", where they read as if it had run on its day.
    let today = (chrono::Utc::now() + chrono::Duration::minutes(480)).format("%-d %b ");
    let ran = app.text_of("tr[data-no='1'] [data-testid=slot-ran]").await;
    assert!(
        ran.starts_with(&today.to_string()) && ran.matches(':').count() == 2 && !ran.contains('…'),
        "No 1 ran today, from to, named with the day: {ran}"
    );
    app.screenshot("schedule-another-day-en").await;
    app.quit().await;
}

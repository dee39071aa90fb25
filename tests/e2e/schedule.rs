//! The Jadwal screen in the real app: the demo schedule by day with planned and projected
//! times, reordering with Alt+↓, swapping two slots, a no-show sent to the end of the day,
//! editing the competition's phase plan (which moves the planned times), and the .xlsx
//! export through the app's command. A schedule made today after the day's start is on
//! time until its first call; from then on it runs late, and the day names the entries
//! that no longer fit before its end, on Jadwal and on Sesi Langsung. A room is removed with
//! its slots after a confirmation that says what goes; the only room is refused.

use chrono::{Duration as Span, Timelike, Utc};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use panelis_core::model::{NewCompetition, NewEntry};
use panelis_core::{paths, Store};
use panelis_e2e::{App, PATIENCE};

/// The shortlist numbers of the first day's slots, in running order.
async fn first_day(app: &App) -> Vec<u32> {
    let value = app
        .client
        .execute(
            "return [...document.querySelector('.sched-table tbody').querySelectorAll('[data-testid=slot-no]')]
               .map((td) => Number(td.textContent));",
            vec![],
        )
        .await
        .expect("first day");
    serde_json::from_value(value).expect("numbers")
}

/// Waits until the first day's order satisfies `pred`.
async fn wait_order(app: &App, pred: impl Fn(&[u32]) -> bool) -> Vec<u32> {
    let started = std::time::Instant::now();
    loop {
        let order = first_day(app).await;
        if pred(&order) {
            return order;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the first day is still {order:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn row_of(no: u32) -> String {
    format!("tr.slot-row[data-no='{no}']")
}

/// A row's entry cell: what a person clicks to select the row.
fn cell_of(no: u32) -> String {
    format!("{} td.title-cell", row_of(no))
}

#[tokio::test]
async fn the_schedule_is_reordered_by_keyboard_swap_and_no_show_and_its_plan_edited() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'id'); location.hash = '#schedule'; location.reload();",
            vec![],
        )
        .await
        .expect("open Jadwal in Indonesian");
    app.wait_text("[data-testid=schedule-table]", |t| t.contains("Giatki Ces"))
        .await;

    // The demo: 50 entries over four days, 13 on the first, from 08:00.
    let order = first_day(&app).await;
    assert_eq!(order, (1..=13).collect::<Vec<u32>>());
    let table = app.text_of("[data-testid=schedule-table]").await;
    assert!(table.contains("08:00–08:25"), "planned times: {table}");
    assert_eq!(
        app.client
            .find_all(Locator::Css("tbody .day-row"))
            .await
            .expect("days")
            .len(),
        4
    );
    assert!(app
        .text_of("[data-testid=plan-summary]")
        .await
        .contains("Video 3:00"));
    app.screenshot("schedule-overview").await;

    // Alt+↓ on the first row moves No 1 down one place; the focus stays on it.
    app.click(&cell_of(1)).await;
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Alt.into(),
        })
        .then(KeyAction::Down {
            value: Key::Down.into(),
        })
        .then(KeyAction::Up {
            value: Key::Down.into(),
        })
        .then(KeyAction::Up {
            value: Key::Alt.into(),
        });
    app.client.perform_actions(keys).await.expect("Alt+Down");
    let order = wait_order(&app, |o| o[..3] == [2, 1, 3]).await;
    assert_eq!(order.len(), 13);
    assert!(app
        .text_of("[data-testid=sched-message]")
        .await
        .contains("No 1 sekarang di urutan 2"));
    let focused = app
        .client
        .execute("return document.activeElement.dataset.no", vec![])
        .await
        .expect("focus");
    assert_eq!(focused.as_str(), Some("1"), "the moved row keeps the focus");

    // Swap No 3 and No 5: select No 3, "Tukar dengan…", then click No 5.
    app.click(&cell_of(3)).await;
    app.click(".detail-actions [data-act=swap]").await;
    app.wait_text("[data-testid=swap-banner]", |t| t.contains("No 3"))
        .await;
    app.click(&cell_of(5)).await;
    wait_order(&app, |o| o[..5] == [2, 1, 5, 4, 3]).await;

    // No 4 does not come: marked absent and moved behind the day's last slot.
    app.click(&cell_of(4)).await;
    app.click(".detail-actions [data-act=no-show]").await;
    let order = wait_order(&app, |o| o.last() == Some(&4)).await;
    assert_eq!(order[..4], [2, 1, 5, 3]);
    // The slot says absent where it said waiting.
    let badge = app.text_of(&format!("{} .status-badge", row_of(4))).await;
    assert_eq!(badge, "Tidak hadir");
    assert_eq!(
        app.text_of(&format!("{} .status-badge", row_of(3))).await,
        "Menunggu"
    );
    app.screenshot("schedule").await;

    // Dragging No 6 onto No 8's row puts it in that place (the drag events as the
    // webview sends them; WebDriver cannot drive a native drag).
    app.client
        .execute(
            "const row = (no) => document.querySelector(`tr.slot-row[data-no='${no}']`);
             const data = new DataTransfer();
             const fire = (el, type) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
             fire(row(6), 'dragstart'); fire(row(8), 'dragover'); fire(row(8), 'drop'); fire(row(6), 'dragend');",
            vec![],
        )
        .await
        .expect("drag");
    let order = wait_order(&app, |o| o[4..8] == [7, 6, 8, 9] || o[4..8] == [7, 8, 6, 9]).await;
    let at = order.iter().position(|&n| n == 6).expect("No 6") + 1;
    assert!(app
        .text_of("[data-testid=sched-message]")
        .await
        .contains(&format!("No 6 sekarang di urutan {at}")));

    // A slot of its own: No 9 gets a longer Q&A, the slots after it move, and back.
    app.click(&cell_of(9)).await;
    // The planned times (the projected ones move with the clock).
    let planned_10 = format!("{} td.time", row_of(10));
    let before_10 = app.text_of(&planned_10).await;
    app.click(".detail-actions [data-act=slot-plan]").await;
    let qa = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(".plan-dialog tr[data-i='3'] [name=duration]"))
        .await
        .expect("Q&A duration");
    assert!(app.text_of(".plan-dialog h2").await.contains("No 9"));
    qa.clear().await.expect("clear");
    qa.send_keys("23:00").await.expect("type");
    app.click(".plan-dialog button[value=save]").await;
    app.wait_text(&row_of(9), |t| t.contains("fase khusus"))
        .await;
    let after_10 = app.text_of(&planned_10).await;
    assert_ne!(before_10, after_10, "No 10 should start later");
    app.click(&cell_of(9)).await;
    app.click(&cell_of(9)).await;
    app.click(".detail-actions [data-act=slot-plan]").await;
    app.click(".plan-dialog button[value=reset]").await;
    app.wait_text(&row_of(9), |t| !t.contains("fase khusus"))
        .await;
    assert_eq!(app.text_of(&planned_10).await, before_10);

    // A shorter video in the competition's plan moves every later planned start.
    app.click("[data-action=edit-plan]").await;
    let video = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(".plan-dialog tr[data-i='0'] [name=duration]"))
        .await
        .expect("video duration");
    video.clear().await.expect("clear");
    video.send_keys("2:00").await.expect("type");
    app.screenshot("schedule-plan-dialog").await;
    app.click(".plan-dialog button[value=save]").await;
    app.wait_text("[data-testid=plan-summary]", |t| t.contains("Video 2:00"))
        .await;
    // Slot 2 (No 1 now) follows 24 minutes of phases and 5 of changeover.
    assert!(app.text_of(&row_of(1)).await.contains("08:29–08:53"));

    // A bad duration is refused in words, naming the phase.
    app.click("[data-action=edit-plan]").await;
    let q = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(".plan-dialog tr[data-i='3'] [name=duration]"))
        .await
        .expect("Q&A duration");
    q.clear().await.expect("clear");
    q.send_keys("tiga belas").await.expect("type");
    app.click(".plan-dialog button[value=save]").await;
    app.wait_text(".plan-dialog .form-error", |t| t.contains("Fase 4"))
        .await;
    app.click(".plan-dialog button[value=cancel]").await;

    // A second room, then the schedule generated again over both, by category.
    let name = app
        .client
        .find(Locator::Css("form.add-room input[name=room]"))
        .await
        .expect("room name");
    name.send_keys("Ruang Rapat B").await.expect("type");
    app.click("form.add-room button").await;
    app.wait_text(".room-tab[aria-selected=true]", |t| {
        t.contains("Ruang Rapat B")
    })
    .await;
    app.click("[data-action=generate]").await;
    app.click(".gen-dialog input[name=room]:not(:checked)")
        .await;
    app.click(".gen-dialog input[name=order][value=category]")
        .await;
    app.screenshot("schedule-generate-dialog").await;
    app.click(".gen-dialog button[value=generate]").await;
    app.wait_text("[data-testid=sched-message]", |t| {
        t.contains("50 slot dijadwalkan")
    })
    .await;
    let tabs = app.text_of(".room-tabs").await;
    assert!(
        tabs.contains("Ruang Sidang Utama (25)") && tabs.contains("Ruang Rapat B (25)"),
        "rooms: {tabs}"
    );

    // The export writes the schedule (the button asks where; the command takes a path too).
    let out = app.data_dir.path().join("jadwal.xlsx");
    let saved = app
        .client
        .execute_async(
            "const [path, done] = arguments;
             window.__TAURI__.core.invoke('export_schedule_xlsx', { lang: 'id', path })
               .then(done, (e) => done({ error: e }));",
            vec![serde_json::Value::String(out.display().to_string())],
        )
        .await
        .expect("export");
    assert_eq!(saved.as_str(), Some(out.display().to_string().as_str()));
    assert!(std::fs::metadata(&out).expect("xlsx written").len() > 1000);
    // The signed schedule PDF is issued as the other official documents are.
    let pdf = app.data_dir.path().join("jadwal.pdf");
    let issued = app
        .client
        .execute_async(
            "const [path, done] = arguments;
             window.__TAURI__.core.invoke('export_document', { kind: 'schedule', lang: 'id', path })
               .then(done, (e) => done({ error: e }));",
            vec![serde_json::Value::String(pdf.display().to_string())],
        )
        .await
        .expect("schedule PDF");
    assert_eq!(issued["document"]["kind"], "schedule", "{issued}");
    let bytes = std::fs::read(&pdf).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF"));
    app.quit().await;
}

/// A data folder with a competition that starts today, twelve entries and one room, not yet
/// scheduled, at a venue whose clock reads about 13:20 now (its offset chosen so): the
/// morning is past when the schedule is made.
fn competition_starting_today() -> (tempfile::TempDir, chrono::NaiveDate) {
    let now = Utc::now();
    let offset = (13 * 60 + 20) - (now.hour() * 60 + now.minute()) as i64;
    let today = (now + Span::minutes(offset)).date_naive();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = paths::AppDirs::new(dir.path()).demo_file();
    let mut store = Store::create(
        &file,
        &NewCompetition {
            name: "KIPP Hari Ini".into(),
            start_date: Some(today),
            end_date: Some(today),
            ..Default::default()
        },
    )
    .expect("competition");
    let entries: Vec<NewEntry> = (1..=12)
        .map(|no| NewEntry {
            no,
            title: format!("Inovasi {no}"),
            agency: format!("Pemerintah Kabupaten {no}"),
            ..Default::default()
        })
        .collect();
    store.add_entries(&entries).expect("entries");
    store.add_room("Ruang Sidang Utama").expect("room");
    drop(store);
    // The venue's offset has no setter: a venue elsewhere on the globe, as the file says.
    let conn = rusqlite::Connection::open(&file).expect("open the file");
    conn.execute("UPDATE competition SET utc_offset_minutes = ?1", [offset])
        .expect("venue offset");
    (dir, today)
}

#[tokio::test]
async fn a_schedule_made_today_is_on_time_until_the_first_call_then_names_what_overflows() {
    let (dir, today) = competition_starting_today();
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'id'); location.hash = '#schedule'; location.reload();",
            vec![],
        )
        .await
        .expect("open Jadwal in Indonesian");
    app.wait_text(".sched-head", |t| t.contains("Buat jadwal"))
        .await;

    // The schedule, generated with the defaults: the competition's first day, 08:00.
    app.click("[data-action=generate]").await;
    let first_day = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(".gen-dialog input[name=first_day]"))
        .await
        .expect("first day field")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert_eq!(first_day, today.to_string());
    app.click(".gen-dialog button[value=generate]").await;
    app.wait_text("[data-testid=sched-message]", |t| {
        t.contains("12 slot dijadwalkan")
    })
    .await;

    // 13:20 and nothing called: nothing is late yet, nothing overflows.
    let table = app.text_of("[data-testid=schedule-table]").await;
    assert!(table.contains("08:00–08:25"), "{table}");
    assert!(
        !table.contains("terlambat"),
        "late before the day began: {table}"
    );
    assert_eq!(
        app.text_of("[data-testid=day-lag]").await,
        "Jadwal tepat waktu"
    );
    assert!(app
        .client
        .find(Locator::Css("[data-testid=day-overflow]"))
        .await
        .is_err());
    app.settle_then_screenshot("schedule-fresh-on-time").await;

    // The first call, at 13:20: now the day runs five hours late, and the afternoon holds
    // No 1 to No 7 only (No 8 would end at about 17:15).
    app.click(".sidenav a[data-area=live]").await;
    app.click("[data-testid=call]").await;
    app.wait_text("[data-testid=live-state]", |t| {
        t.eq_ignore_ascii_case("bersiap")
    })
    .await;
    let lag = app.text_of("[data-testid=live-day-lag]").await;
    assert!(lag.starts_with("Jadwal terlambat 5 jam"), "{lag}");
    let over = app.text_of("[data-testid=live-day-overflow]").await;
    assert!(
        over.starts_with("Melewati akhir hari 17:00: perkiraan selesai ")
            && over.ends_with("Lewat batas: No 8, 9, 10, 11, 12"),
        "{over}"
    );
    app.settle_then_screenshot("live-day-overflow").await;
    app.click(".sidenav a[data-area=schedule]").await;
    let over = app.text_of("[data-testid=day-overflow]").await;
    assert!(over.ends_with("Lewat batas: No 8, 9, 10, 11, 12"), "{over}");
    assert!(app
        .text_of("[data-testid=day-lag]")
        .await
        .starts_with("Jadwal terlambat 5 jam"));
    app.settle_then_screenshot("schedule-day-overflow").await;
    app.quit().await;
}

/// The room tabs' names, in order.
async fn room_tabs(app: &App) -> Vec<String> {
    let value = app
        .client
        .execute(
            "return [...document.querySelectorAll('.room-tab')].map((b) => b.firstChild.textContent.trim());",
            vec![],
        )
        .await
        .expect("room tabs");
    serde_json::from_value(value).expect("names")
}

#[tokio::test]
async fn a_room_is_removed_after_a_confirmation_and_the_only_room_is_refused() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'id'); location.hash = '#schedule'; location.reload();",
            vec![],
        )
        .await
        .expect("open Jadwal in Indonesian");
    app.wait_text("[data-testid=schedule-table]", |t| t.contains("Giatki Ces"))
        .await;

    // The demo's only room: the core refuses, the screen says why, nothing changes.
    app.click("[data-testid=remove-room]").await;
    let refusal = app
        .wait_text("[data-testid=sched-error]", |t| !t.is_empty())
        .await;
    assert_eq!(
        refusal,
        "Ruang Sidang Utama adalah satu-satunya ruang; tambah ruang lain sebelum menghapusnya"
    );
    assert_eq!(room_tabs(&app).await, ["Ruang Sidang Utama"]);

    // A second room, and the shortlist laid out over both: 25 slots each.
    app.type_into("form.add-room input[name=room]", "Ruang Kenanga")
        .await;
    app.click("form.add-room button").await;
    app.wait_js(
        "the new room's tab",
        "return [...document.querySelectorAll('.room-tab')].some((b) => b.textContent.includes('Ruang Kenanga') && b.getAttribute('aria-selected') === 'true');",
    )
    .await;
    app.click("[data-action=generate]").await;
    app.wait_js(
        "both rooms ticked",
        "const boxes = [...document.querySelectorAll('.gen-dialog input[name=room]')]; \
         boxes.forEach((b) => { b.checked = true; }); return boxes.length === 2;",
    )
    .await;
    app.click(".gen-dialog button[value=generate]").await;
    app.wait_text("[data-testid=sched-message]", |t| {
        t.contains("50 slot dijadwalkan")
    })
    .await;
    assert_eq!(
        app.client
            .find_all(Locator::Css("tr.slot-row"))
            .await
            .expect("rows")
            .len(),
        25,
        "Ruang Kenanga holds half the shortlist"
    );

    // Removing it: the confirmation says what goes, in the core's numbers.
    app.click("[data-testid=remove-room]").await;
    let consequence = app
        .wait_text("[data-testid=remove-room-consequence]", |t| !t.is_empty())
        .await;
    assert_eq!(
        consequence,
        "25 slot di Ruang Kenanga ikut dihapus, dan 25 inovasi di dalamnya menjadi belum \
         terjadwal. Inovasi itu tetap di daftar dan dapat dijadwalkan lagi di ruang lain."
    );
    app.painted_screenshot("schedule-remove-room-confirm").await;
    app.click("[data-testid=remove-room-go]").await;
    app.wait_text("[data-testid=sched-message]", |t| {
        t == "Ruang Kenanga dihapus; 25 inovasi kini belum terjadwal."
    })
    .await;
    assert_eq!(room_tabs(&app).await, ["Ruang Sidang Utama"]);
    assert_eq!(
        app.client
            .find_all(Locator::Css("tr.slot-row"))
            .await
            .expect("rows")
            .len(),
        25,
        "the main room keeps its half"
    );
    app.settle_then_screenshot("schedule-room-removed").await;

    // In English the refusal of the only room reads in English.
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'en'); location.reload();",
            vec![],
        )
        .await
        .expect("switch to English");
    app.wait_text(".sched-head", |t| t.contains("Presentation schedule"))
        .await;
    app.click("[data-testid=remove-room]").await;
    let refusal = app
        .wait_text("[data-testid=sched-error]", |t| !t.is_empty())
        .await;
    assert_eq!(
        refusal,
        "Ruang Sidang Utama is the only room; add another room before removing it"
    );
    app.settle_then_screenshot("schedule-only-room-refused-en")
        .await;

    // The file says the same: one room, 25 slots, the removal in the audit log.
    let dir = app.quit_keep_data().await;
    let store = Store::open(&paths::AppDirs::new(dir.path()).demo_file()).expect("reopen");
    let rooms: Vec<String> = store
        .rooms()
        .expect("rooms")
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(rooms, ["Ruang Sidang Utama"]);
    assert_eq!(store.slots().expect("slots").len(), 25);
    let event = store
        .audit_events()
        .expect("audit")
        .into_iter()
        .rev()
        .find(|e| e.action == "room.removed")
        .expect("room.removed in the audit log");
    assert_eq!(event.detail["name"], "Ruang Kenanga");
    assert_eq!(event.detail["slots_removed"], 25);
}

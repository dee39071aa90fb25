//! Jaringan venue, the secretariat's host, in the real window with real stations in this
//! test process: hosting on loopback from the screen, a join code's link read off the
//! screen and used by a station, the station shown connected, its ballot appearing in the
//! matrix without a click, a refused join in the log, revocation from the screen; then a
//! competition rebuilt from an older backup on a "replacement laptop", where the stations
//! re-send and "Yang kembali" lists exactly the ballots the backup lacked; and the hosted
//! file deleted mid-run: the next ballot is not confirmed and stays on the station, the
//! blocking alarm shows, and after "Simpan salinan dari memori" and hosting again the copy
//! holds every ballot once.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use fantoccini::Locator;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::BallotForm;
use panelis_core::model::{Entry, Panelist};
use panelis_core::{paths, recent, Store};
use panelis_e2e::{App, PATIENCE};
use panelis_lan::host::{Host, HostConfig};
use panelis_lan::station::{LinkState, Station, StationConfig};
use panelis_lan::wire::Snapshot;
use panelis_lan::JoinTarget;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";

/// A station of this test, with its own folder and keystore, quick to retry.
fn station_config(dir: &Path, name: &str) -> StationConfig {
    let dir = dir.join(name);
    let mut c = StationConfig::new(dir.join("station"), Keystore::new(dir.join("keys")));
    c.retry_min = Duration::from_millis(50);
    c.retry_max = Duration::from_millis(400);
    c.recheck = Duration::from_millis(200);
    c.timeout = Duration::from_secs(5);
    c
}

/// Every criterion scored `base` (within its scale).
fn form(snapshot: &Snapshot, base: i32) -> BallotForm {
    let scores: Vec<_> = snapshot
        .rubric
        .criteria
        .iter()
        .map(|c| (c.id, base.clamp(c.scale_min, c.scale_max)))
        .collect();
    BallotForm::with_scores(&scores)
}

/// Opens the Jaringan venue screen in Indonesian.
async fn open_venue(app: &App) {
    app.text_of("[data-testid=topbar-name]").await;
    app.client
        .execute(
            "localStorage.setItem('panelis.lang', 'id'); location.hash = '#venue'; location.reload();",
            vec![],
        )
        .await
        .expect("open Jaringan venue");
    let title = app.text_of("panelis-venue-host .screen-title").await;
    assert_eq!(title, "Jaringan venue");
    let nav = app.text_of("nav a[data-area=venue]").await;
    assert_eq!(nav, "Jaringan");
}

/// Types the bind address and asks to start hosting.
async fn ask_to_host(app: &App, bind: &str) {
    let input = app
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("[data-testid=venue-bind]"))
        .await
        .expect("bind field");
    input.clear().await.expect("clear");
    input.send_keys(bind).await.expect("type the address");
    app.click("[data-testid=venue-start]").await;
}

/// Starts hosting on `bind`; returns the bound address shown.
async fn start_hosting(app: &App, bind: &str) -> String {
    ask_to_host(app, bind).await;
    app.wait_text("[data-testid=venue-bound]", |t| {
        t.starts_with("127.0.0.1:") && !t.ends_with(":0")
    })
    .await
}

/// Waits until the element's DOM text (cut or not on screen) satisfies `pred`.
async fn wait_dom(app: &App, css: &str, pred: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let text = app.dom_text(css).await;
        if pred(&text) {
            return text;
        }
        assert!(started.elapsed() < PATIENCE, "{css} still shows {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_link(station: &Station, want: LinkState) {
    let started = Instant::now();
    while station.link() != want {
        assert!(
            started.elapsed() < PATIENCE,
            "station link {:?}, wanted {want:?}",
            station.link()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn panel_and_entries(file: &Path) -> (Vec<Panelist>, Vec<Entry>) {
    let store = Store::open(file).unwrap();
    (store.panelists().unwrap(), store.entries().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_hosts_a_station_joins_scores_live_and_is_revoked() {
    let app = App::launch().await;
    open_venue(&app).await;
    let file = paths::AppDirs::new(app.data_dir.path()).demo_file();
    let (panel, entries) = panel_and_entries(&file);
    let nurul = panel.iter().find(|p| p.name == NURUL).unwrap().clone();

    // The address offered first, then two that cannot be served on, said plainly.
    let input = app
        .client
        .find(Locator::Css("[data-testid=venue-bind]"))
        .await
        .unwrap();
    assert_eq!(
        input.prop("value").await.unwrap().as_deref(),
        Some("0.0.0.0:7443")
    );
    ask_to_host(&app, "laptop-sekretariat").await;
    let message = app
        .wait_text("[data-testid=venue-message]", |t| t.contains("IP:port"))
        .await;
    assert!(
        message.starts_with("Alamat harus berbentuk IP:port"),
        "{message}"
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    ask_to_host(&app, &taken_addr).await;
    let message = app
        .wait_text("[data-testid=venue-message]", |t| {
            t.contains("port sudah dipakai")
        })
        .await;
    assert!(message.contains(&taken_addr), "{message}");
    assert!(
        !message.contains("panicked") && !message.contains("src/"),
        "{message}"
    );
    app.screenshot("venue-bind-error").await;
    drop(taken);

    let bound = start_hosting(&app, "127.0.0.1:0").await;
    let addresses = app.text_of("[data-testid=venue-addresses]").await;
    assert!(addresses.contains(&bound), "{addresses}");
    // Loopback is never advertised with mDNS, and the screen says so.
    let mdns = app.text_of("[data-testid=venue-mdns]").await;
    assert!(mdns.starts_with("Tidak aktif"), "{mdns}");
    let short = app.text_of("[data-testid=venue-fingerprint-short]").await;
    let groups: Vec<&str> = short.split(' ').collect();
    assert_eq!(groups.len(), 5, "{short}");
    assert!(groups
        .iter()
        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())));
    let full = app
        .dom_text("[data-testid=venue-fingerprint-full]")
        .await
        .replace(' ', "");
    assert_eq!(full.len(), 64);
    assert!(full.starts_with(&short.replace(' ', "")));
    let card = format!("[data-testid=station-card][data-panelist=\"{}\"]", nurul.id);
    let state = app
        .text_of(&format!("{card} [data-testid=station-state]"))
        .await;
    assert_eq!(state, "Belum bergabung");

    // A code for Nurul: ABCD-EFGH, its QR drawn, its link on the screen.
    app.click(&format!("{card} [data-testid=invite-button]"))
        .await;
    let code = app
        .wait_text(&format!("{card} [data-testid=invite-code]"), |t| {
            t.len() == 9 && t.as_bytes()[4] == b'-'
        })
        .await;
    let expires = app.text_of(&format!("{card} [data-testid=invite]")).await;
    assert!(expires.contains("berlaku sampai"), "{expires}");
    app.wait_js("the QR image decoded",
        &format!(
            "const img = document.querySelector('{card} [data-testid=invite-qr]'); \
             return !!img && img.complete && img.naturalWidth >= 100 && img.src.startsWith('data:image/svg+xml');"
        ),
    )
    .await;
    let link = app
        .client
        .execute(
            "return document.querySelector(arguments[0]).value;",
            vec![serde_json::Value::String(format!(
                "{card} [data-testid=invite-link]"
            ))],
        )
        .await
        .unwrap();
    let link = link.as_str().unwrap().to_string();
    assert!(link.contains(&code), "{link}");
    app.screenshot("venue-host").await;

    // A wrong code is refused and the refusal is in the log, with who tried.
    let target = JoinTarget::parse_link(&link).expect("the link on the screen reads back");
    assert_eq!(target.addr.to_string(), bound);
    let wrong = JoinTarget {
        code: "ZZZZZZZZ".into(),
        ..target.clone()
    };
    let err = Station::preview(&wrong).await.unwrap_err();
    assert_eq!(err.code(), "bad_code");
    // The list says it in words; the code is a detail under "rincian", not the sentence.
    let refusals = app
        .wait_text("[data-testid=venue-refusals]", |t| {
            t.contains("kode bergabung salah, sudah dipakai, atau kedaluwarsa")
        })
        .await;
    assert!(refusals.contains("dari 127.0.0.1:"), "{refusals}");
    let sentence = app.dom_text("[data-testid=refusal] .refusal-message").await;
    assert_eq!(
        sentence,
        "kode bergabung salah, sudah dipakai, atau kedaluwarsa"
    );
    assert_eq!(app.dom_text("[data-testid=refusal-code]").await, "bad_code");
    app.wait_js(
        "the code stays folded under 'rincian'",
        "const d = document.querySelector('[data-testid=refusal] details'); \
         return d && !d.open && d.querySelector('summary').textContent === 'rincian';",
    )
    .await;

    // The station joins with the link from the screen; the card follows without a click.
    let dir = tempfile::tempdir().unwrap();
    let station = Station::join(station_config(dir.path(), "s5"), &target, "Laptop Uji 5")
        .await
        .expect("join with the link from the screen");
    app.wait_text(&format!("{card} [data-testid=station-state]"), |t| {
        t == "Terhubung: \"Laptop Uji 5\""
    })
    .await;
    // The spent code is gone from the card.
    app.wait_js(
        "the spent code removed",
        &format!("return !document.querySelector('{card} [data-testid=invite]');"),
    )
    .await;
    let col = format!("[data-testid=matrix-col][data-panelist=\"{}\"]", nurul.id);
    let header = app.dom_text(&col).await;
    assert!(
        header.contains("terhubung") && header.contains("0/50"),
        "{header}"
    );

    // A ballot for entry No 1: the matrix cell turns without a click.
    let no1 = entries.iter().find(|e| e.no == 1).unwrap();
    let snapshot = station.snapshot().unwrap();
    station.submit(no1.id, &form(&snapshot, 80)).unwrap();
    let cell = format!(
        "[data-testid=matrix-cell][data-entry-no=\"1\"][data-panelist=\"{}\"]",
        nurul.id
    );
    let shown = app.wait_text(&cell, |t| t.contains('✓')).await;
    assert!(shown.contains("r1"), "{shown}");
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    let header = wait_dom(&app, &col, |t| t.contains("1/50")).await;
    assert!(header.contains("terhubung"), "{header}");
    let counts = app.text_of("[data-testid=venue-progress-counts]").await;
    assert!(
        counts.starts_with("1 stasiun terhubung · 1 dari 250"),
        "{counts}"
    );
    let other = format!(
        "[data-testid=matrix-cell][data-entry-no=\"2\"][data-panelist=\"{}\"]",
        nurul.id
    );
    assert_eq!(app.dom_text(&other).await, "");
    let came_back = app.text_of("[data-testid=came-back-new-total]").await;
    assert_eq!(came_back, "1");
    app.scroll_to("[data-testid=venue-matrix]").await;
    app.screenshot("venue-matrix").await;

    // Hasil & Dokumen, open while a station's ballot arrives, shows it without a click.
    app.click(".sidenav a[data-area=results]").await;
    let row4 = app.text_of("tr[data-no='4']").await;
    assert!(row4.contains("0/5"), "{row4}");
    let no4 = entries.iter().find(|e| e.no == 4).unwrap();
    station.submit(no4.id, &form(&snapshot, 70)).unwrap();
    let row4 = app
        .wait_text("tr[data-no='4']", |t| t.contains("1/5"))
        .await;
    assert!(row4.contains("70.00"), "{row4}");
    app.click(".sidenav a[data-area=venue]").await;

    // Revoke from the screen, confirmed: the station is cut off and told.
    app.click(&format!("{card} [data-testid=revoke-button]"))
        .await;
    let confirm = app
        .text_of(&format!("{card} [data-testid=revoke-confirm]"))
        .await;
    assert!(confirm.contains("Laptop Uji 5"), "{confirm}");
    app.click(&format!("{card} [data-testid=revoke-yes]")).await;
    app.wait_text(&format!("{card} [data-testid=station-state]"), |t| {
        t == "Dicabut: \"Laptop Uji 5\""
    })
    .await;
    wait_link(&station, LinkState::Revoked).await;
    let header = wait_dom(&app, &col, |t| t.contains("dicabut")).await;
    assert!(header.contains("2/50"), "{header}");
    // What it scores now stays on the station: the host refuses it.
    let no2 = entries.iter().find(|e| e.no == 2).unwrap();
    station.submit(no2.id, &form(&snapshot, 75)).unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(app.dom_text(&other).await, "");
    let store = Store::open(&file).unwrap();
    assert!(store.ballot_revisions(nurul.id, no2.id).unwrap().is_empty());
    assert_eq!(store.ballot_revisions(nurul.id, no1.id).unwrap().len(), 1);
    drop(store);

    // Stopping: the form is back, and the station cannot reach the host.
    app.click("[data-testid=venue-stop]").await;
    app.text_of("[data-testid=venue-bind]").await;
    station.close().await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_opened_on_a_replacement_laptop_gets_back_what_it_lacked() {
    // The original secretariat laptop: the demo competition, hosted in this process with
    // its identity where the app looks for it (lan/<competition id>/ in the data folder).
    let data = tempfile::tempdir().unwrap();
    let original = paths::AppDirs::new(data.path()).demo_file();
    let competition_id = panelis_core::demo::create(&original)
        .unwrap()
        .competition()
        .unwrap()
        .id;
    let (panel, entries) = panel_and_entries(&original);
    let no = |n: u32| entries.iter().find(|e| e.no == n).unwrap().id;
    let identity = data.path().join("lan").join(competition_id.to_string());
    let mut config = HostConfig::new(original.clone(), identity, "127.0.0.1:0".parse().unwrap());
    config.advertise = false;
    let host = Host::start(config).await.unwrap();
    let addr = host.local_addr();
    let stations_dir = tempfile::tempdir().unwrap();
    let (a, b) = (&panel[0], &panel[1]);
    let join = |i: usize, name: &'static str| {
        let host = &host;
        let panel = &panel;
        let dir = stations_dir.path().to_path_buf();
        async move {
            let invite = host.invite(panel[i].id).await.unwrap();
            Station::join(station_config(&dir, name), &invite.target, name)
                .await
                .unwrap()
        }
    };
    let sa = join(0, "Laptop A").await;
    let sb = join(1, "Laptop B").await;
    let snap_a = sa.snapshot().unwrap();
    let snap_b = sb.snapshot().unwrap();
    sa.submit(no(1), &form(&snap_a, 81)).unwrap();
    sa.submit(no(2), &form(&snap_a, 82)).unwrap();
    sb.submit(no(1), &form(&snap_b, 71)).unwrap();
    assert!(sa.wait_until_sent(Duration::from_secs(10)).await);
    assert!(sb.wait_until_sent(Duration::from_secs(10)).await);

    // The last backup: taken here, before the rest was sent.
    let backup: PathBuf = data.path().join("kipp-sulsel-cadangan.panelis");
    rusqlite::Connection::open(&original)
        .unwrap()
        .backup(rusqlite::MAIN_DB, &backup, None)
        .unwrap();
    sa.submit(no(3), &form(&snap_a, 83)).unwrap();
    sa.submit(no(4), &form(&snap_a, 84)).unwrap();
    sb.submit(no(2), &form(&snap_b, 72)).unwrap();
    assert!(sa.wait_until_sent(Duration::from_secs(10)).await);
    assert!(sb.wait_until_sent(Duration::from_secs(10)).await);

    // The host's disk dies. The replacement laptop opens the backup (the app opens the last
    // file it was given) and serves on the address the stations know.
    host.stop().await;
    recent::remember(&paths::AppDirs::new(data.path()).recent_list(), &backup).unwrap();
    let app = App::launch_in(data).await;
    app.wait_text("[data-testid=topbar-name]", |t| {
        t == panelis_core::demo::DEMO_NAME
    })
    .await;
    open_venue(&app).await;
    let idle = app.text_of("[data-testid=venue-came-back]").await;
    assert!(idle.contains("Mulai melayani"), "{idle}");
    let bound = start_hosting(&app, &addr.to_string()).await;
    assert_eq!(bound, addr.to_string());

    // The stations re-send what the backup lacks, no click anywhere.
    let total = app
        .wait_text("[data-testid=came-back-new-total]", |t| t == "3")
        .await;
    assert_eq!(total, "3");
    assert!(sa.wait_until_sent(Duration::from_secs(10)).await);
    assert!(sb.wait_until_sent(Duration::from_secs(10)).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.text_of("[data-testid=came-back-new-total]").await, "3");
    assert_eq!(
        app.text_of("[data-testid=came-back-repeated-total]").await,
        "0"
    );
    let row = |p: &Panelist| {
        format!(
            "[data-testid=came-back-row][data-panelist=\"{}\"] [data-testid=came-back-new]",
            p.id
        )
    };
    assert_eq!(app.text_of(&row(a)).await, "2 baru: No 3, No 4");
    assert_eq!(app.text_of(&row(b)).await, "1 baru: No 2");
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=came-back-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "only the two stations' panelists");
    let lead = app.text_of("[data-testid=venue-came-back]").await;
    assert!(lead.contains("cadangan"), "{lead}");
    // The matrix shows them too.
    for (p, n) in [(a, 3), (a, 4), (b, 2), (a, 1)] {
        let cell = format!(
            "[data-testid=matrix-cell][data-entry-no=\"{n}\"][data-panelist=\"{}\"]",
            p.id
        );
        let text = app.wait_text(&cell, |t| t.contains('✓')).await;
        assert!(text.contains("r1"), "{text}");
    }
    app.scroll_to("[data-testid=venue-matrix]").await;
    app.screenshot("venue-came-back").await;

    // Opening another competition stops serving this one first: nothing answers there.
    let opened = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.core.invoke('open_competition', { path: arguments[0] }) \
               .then(() => done('ok'), (e) => done(JSON.stringify(e)));",
            vec![serde_json::Value::String(original.display().to_string())],
        )
        .await
        .unwrap();
    assert_eq!(opened, serde_json::Value::String("ok".into()));
    assert!(
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err(),
        "the host still listens on {addr} after another competition was opened"
    );
    // The stations notice and keep their ballots for whichever host comes next.
    let started = Instant::now();
    while sa.link() == LinkState::Online {
        assert!(started.elapsed() < PATIENCE, "station A still online");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sa.close().await;
    sb.close().await;
    let data = app.quit_keep_data().await;
    // The rebuilt file holds every ballot exactly once.
    let store = Store::open(&data.path().join("kipp-sulsel-cadangan.panelis")).unwrap();
    for (p, n) in [(a, 1), (a, 2), (a, 3), (a, 4), (b, 1), (b, 2)] {
        let revisions = store.ballot_revisions(p.id, no(n)).unwrap();
        assert_eq!(revisions.len(), 1, "{} No {n}", p.name);
    }
    assert!(store.ballot_revisions(b.id, no(3)).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hosted_file_deleted_mid_run_is_saved_from_memory_and_the_station_sends_again() {
    let app = App::launch().await;
    open_venue(&app).await;
    let file = paths::AppDirs::new(app.data_dir.path()).demo_file();
    let rescued = app.data_dir.path().join("kipp-dari-memori.panelis");
    let (panel, entries) = panel_and_entries(&file);
    let nurul = panel.iter().find(|p| p.name == NURUL).unwrap().clone();
    let bound = start_hosting(&app, "127.0.0.1:0").await;

    // A station joins with the link on the screen, and its first ballot is confirmed.
    let card = format!("[data-testid=station-card][data-panelist=\"{}\"]", nurul.id);
    app.click(&format!("{card} [data-testid=invite-button]"))
        .await;
    app.wait_text(&format!("{card} [data-testid=invite-code]"), |t| {
        t.len() == 9
    })
    .await;
    let link = app
        .client
        .execute(
            "return document.querySelector(arguments[0]).value;",
            vec![serde_json::Value::String(format!(
                "{card} [data-testid=invite-link]"
            ))],
        )
        .await
        .unwrap();
    let target = JoinTarget::parse_link(link.as_str().unwrap()).expect("the link reads back");
    let dir = tempfile::tempdir().unwrap();
    let station = Station::join(station_config(dir.path(), "s1"), &target, "Laptop Uji 1")
        .await
        .expect("join");
    let snapshot = station.snapshot().unwrap();
    let no1 = entries.iter().find(|e| e.no == 1).unwrap();
    let no2 = entries.iter().find(|e| e.no == 2).unwrap();
    station.submit(no1.id, &form(&snapshot, 80)).unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);

    // The stick with the competition file is pulled out while hosting: the next ballot is
    // not confirmed, and the station keeps it.
    std::fs::remove_file(&file).unwrap();
    station.submit(no2.id, &form(&snapshot, 75)).unwrap();
    assert!(
        !station.wait_until_sent(Duration::from_secs(3)).await,
        "nothing is confirmed that is not on disk"
    );
    let kept = station.entries().unwrap();
    let second = kept.iter().find(|e| e.entry_id == no2.id).unwrap();
    assert!(
        matches!(
            second.status,
            Some(panelis_lan::station::SendStatus::SavedLocally)
                | Some(panelis_lan::station::SendStatus::Sent)
        ),
        "kept on the station, unconfirmed: {:?}",
        second.status
    );
    // The blocking alarm, over the Jaringan screen.
    app.file_gone_alarm("hosted-file-gone-alarm").await;

    // As the alarm says: a copy from memory, opened in its place; hosting again on the same
    // address, the station sends what was not confirmed.
    app.save_copy_from_alarm(&rescued).await;
    open_venue(&app).await;
    let again = start_hosting(&app, &bound).await;
    assert_eq!(again, bound);
    assert!(
        station.wait_until_sent(Duration::from_secs(15)).await,
        "the station sent again: {:?}",
        station.entries().unwrap()
    );
    let cell = format!(
        "[data-testid=matrix-cell][data-entry-no=\"2\"][data-panelist=\"{}\"]",
        nurul.id
    );
    app.wait_text(&cell, |t| t.contains('✓')).await;
    app.scroll_to("[data-testid=venue-matrix]").await;
    app.screenshot("hosted-file-refilled").await;
    app.click("[data-testid=venue-stop]").await;
    app.text_of("[data-testid=venue-bind]").await;
    station.close().await;

    // The copy holds every ballot once, and its audit is whole.
    let store = Store::open(&rescued).unwrap();
    for e in [no1, no2] {
        let revisions = store.ballot_revisions(nurul.id, e.id).unwrap();
        assert_eq!(revisions.len(), 1, "No {} on record once", e.no);
    }
    assert_eq!(store.verify_audit().unwrap(), None);
    assert_eq!(store.audit_record_breaks().unwrap(), vec![]);
    drop(store);
    app.quit().await;
}

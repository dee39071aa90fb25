//! The panelist's station in the real window (issue 9), against a real host run in this
//! test process on loopback: joining from the File menu with the pasted link (the name is
//! confirmed first), station mode, a ballot saved, sent and confirmed by the host without a
//! click; scoring while the host is down and the ballot going through, exactly once, when a
//! host comes back on the same address; the app restarted in station mode with statuses,
//! a draft and the outbox intact; the host's live timer; a revoked laptop joining again with
//! a new code, what it scored meanwhile going through once; and bad input (a malformed link,
//! a wrong code, a wrong fingerprint) each named, with nothing joined.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use fantoccini::Locator;
use panelis_core::model::{BallotStatus, Entry, Panelist};
use panelis_core::timer::Command;
use panelis_core::{time, Store};
use panelis_e2e::{App, DEMO_CRITERIA as CODES, PATIENCE};
use panelis_lan::host::{Host, HostConfig};
use panelis_lan::JoinTarget;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";

/// The secretariat's side: the demo competition in its own folder, Nurul abstaining on
/// entry No 3, and the host's identity folder beside it.
struct Venue {
    dir: tempfile::TempDir,
    db: PathBuf,
    nurul: Panelist,
}

impl Venue {
    fn new() -> Venue {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kipp-host.panelis");
        let mut store = panelis_core::demo::create(&db).unwrap();
        let nurul = store.panelist_named(NURUL).unwrap();
        let third = store.entries().unwrap()[2].id;
        store
            .add_conflict(nurul.id, third, "berasal dari instansi yang sama")
            .unwrap();
        Venue { dir, db, nurul }
    }

    fn identity(&self) -> PathBuf {
        self.dir.path().join("identity")
    }

    /// A host on loopback, without mDNS; `bind` 127.0.0.1:0 picks a port.
    async fn host(&self, bind: SocketAddr) -> Host {
        let mut config = HostConfig::new(self.db.clone(), self.identity(), bind);
        config.advertise = false;
        Host::start(config).await.unwrap()
    }

    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    fn entry(&self, no: u32) -> Entry {
        self.store()
            .entries()
            .unwrap()
            .into_iter()
            .find(|e| e.no == no)
            .unwrap()
    }

    /// Nurul's submitted revisions of entry `no` in the host's competition file.
    fn submitted(&self, no: u32) -> usize {
        self.store()
            .ballot_revisions(self.nurul.id, self.entry(no).id)
            .unwrap()
            .into_iter()
            .filter(|b| b.status == BallotStatus::Submitted)
            .count()
    }
}

/// The badge of entry `no` in the station's list (`none`, `saved_locally`, `sent`,
/// `confirmed`, `abstain`, ...).
async fn badge(app: &App, no: u32) -> String {
    let value = app
        .client
        .execute(
            "const el = document.querySelector(`[data-testid=entry-status-${arguments[0]}]`); \
             return el ? el.dataset.status : null;",
            vec![serde_json::json!(no)],
        )
        .await
        .unwrap();
    value.as_str().unwrap_or("").to_string()
}

async fn wait_badge(app: &App, no: u32, want: &str) {
    let started = Instant::now();
    loop {
        let now = badge(app, no).await;
        if now == want {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "entry No {no} still shows {now:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn link_state(app: &App) -> String {
    let value = app
        .client
        .execute(
            "const el = document.querySelector('[data-testid=station-link]'); \
             return el ? el.dataset.state : null;",
            vec![],
        )
        .await
        .unwrap();
    value.as_str().unwrap_or("").to_string()
}

async fn wait_link(app: &App, want: &str) {
    let started = Instant::now();
    while link_state(app).await != want {
        assert!(
            started.elapsed() < PATIENCE,
            "the link still shows {:?}, not {want:?}",
            link_state(app).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// File menu -> "Gabung ke tuan rumah sebagai panelis…".
async fn open_join(app: &App) {
    app.text_of("[data-testid=competition-name]").await;
    app.click("[data-action=toggle-file]").await;
    app.click("[data-testid=menu-join-host]").await;
    app.text_of("panelis-station-join .screen-title").await;
}

/// Opens entry `no`, types a full ballot (`base`, `base+1`, ...) and submits it.
async fn score(app: &App, no: u32, base: u32) {
    app.click(&format!(".station-item[data-no=\"{no}\"]")).await;
    app.wait_js("the entry's form",
        &format!(
            "return [...document.querySelectorAll('.station-item.is-current')].some(b => b.dataset.no === '{no}') \
             && !!document.querySelector('[data-testid=st-score-kebaruan]');"
        ),
    )
    .await;
    for (i, code) in CODES.iter().enumerate() {
        app.type_into(
            &format!("[data-testid=st-score-{code}]"),
            &(base + i as u32).to_string(),
        )
        .await;
    }
    // WebKit may still be handing out the key events: submit once the last field holds
    // its value, as a person would after seeing it.
    let last = base + CODES.len() as u32 - 1;
    app.wait_js("the typed scores",
        &format!(
            "const f = document.querySelector('[data-testid=st-score-{}]'); return !!f && f.value === '{last}';",
            CODES[CODES.len() - 1]
        ),
    )
    .await;
    app.click("[data-testid=st-submit]").await;
}

/// Whether this app's data folder holds a station that joined.
fn joined_station(data_dir: &Path) -> bool {
    let file = data_dir.join("station").join("station.sqlite");
    if !file.is_file() {
        return false;
    }
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.query_row("SELECT COUNT(*) FROM station", [], |r| r.get::<_, i64>(0))
        .unwrap_or(0)
        > 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panelist_joins_with_the_link_scores_and_the_host_confirms() {
    let venue = Venue::new();
    let host = venue.host("127.0.0.1:0".parse().unwrap()).await;
    let invite = host.invite(venue.nurul.id).await.unwrap();
    let app = App::launch().await;
    assert!(!joined_station(app.data_dir.path()));

    open_join(&app).await;
    app.type_into("[data-testid=join-link]", &invite.target.link())
        .await;
    app.type_into("[data-testid=join-station-name]", "Laptop 3")
        .await;
    app.click("[data-testid=join-check-link]").await;
    let who = app
        .wait_text("[data-testid=join-who]", |t| t.contains("Nurul"))
        .await;
    assert_eq!(who, NURUL);
    // Nothing joined before the person confirms.
    assert!(!joined_station(app.data_dir.path()));
    app.settle_then_screenshot("station-join").await;
    app.click("[data-testid=join-confirm-button]").await;

    // Station mode: whose laptop, the link, and no secretariat areas.
    app.wait_text("[data-testid=station-panelist]", |t| t.contains("Nurul"))
        .await;
    assert!(joined_station(app.data_dir.path()));
    wait_link(&app, "online").await;
    let no_secretariat = app
        .client
        .execute(
            "return !document.querySelector('.sidenav') && !document.querySelector('[data-action=toggle-file]');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(no_secretariat, serde_json::Value::Bool(true));
    assert_eq!(badge(&app, 1).await, "none");
    assert_eq!(badge(&app, 3).await, "abstain");

    // The abstained entry cannot be scored.
    app.click(".station-item[data-no=\"3\"]").await;
    app.text_of("[data-testid=station-abstain]").await;
    assert!(app
        .client
        .find(Locator::Css("[data-testid=st-submit]"))
        .await
        .is_err());

    score(&app, 1, 80).await;
    // Weighted: (80+81+82+83)x15 + 84x10 + 85x10 + 86x20, over 100. (The total follows the
    // typing through the backend's check: on a busy machine it may come a moment later.)
    app.wait_js("the weighted total",
        "const el = document.querySelector('[data-testid=st-total]'); return !!el && el.textContent.trim() === '83.00';",
    )
    .await;
    wait_badge(&app, 1, "confirmed").await;
    let line = app.dom_text("[data-testid=st-submit-status]").await;
    assert!(line.contains("Dikonfirmasi tuan rumah"), "{line}");
    assert_eq!(venue.submitted(1), 1);
    let matrix = host.progress().await.unwrap();
    let row = matrix
        .rows
        .iter()
        .find(|r| r.panelist_id == venue.nurul.id)
        .unwrap();
    assert_eq!(row.station.as_ref().unwrap().station_name, "Laptop 3");

    // The host starts the timer of entry No 2's slot: the station shows it, at the host's
    // clock, and offers the jump there.
    let entry2 = venue.entry(2).id;
    let slot = {
        let mut store = venue.store();
        let slot = store
            .slots()
            .unwrap()
            .into_iter()
            .find(|s| s.entry_id == entry2)
            .unwrap();
        store
            .timer_command(slot.id, Command::Start, time::now())
            .unwrap();
        slot
    };
    host.notify_changed();
    app.wait_text("[data-testid=station-live-entry]", |t| {
        t.starts_with("No 2")
    })
    .await;
    let clock = app
        .wait_text("[data-testid=station-live-clock]", |t| t.contains(':'))
        .await;
    let remaining = |c: &str| -> i64 {
        let (m, s) = c.trim_start_matches('+').split_once(':').unwrap();
        m.parse::<i64>().unwrap() * 60 + s.parse::<i64>().unwrap()
    };
    let host_view = venue.store().live_view(None, time::now()).unwrap().unwrap();
    assert_eq!(host_view.slot.id, slot.id);
    assert!(
        (remaining(&clock) - host_view.timer.remaining_seconds).abs() <= 2,
        "station {clock} vs host {}",
        host_view.timer.clock
    );
    app.click("[data-testid=station-go-live]").await;
    app.wait_text("[data-testid=station-entry-title]", |t| !t.is_empty())
        .await;
    app.wait_js("entry No 2 opened from the live strip",
        "const b = document.querySelector('.station-item.is-current'); return !!b && b.dataset.no === '2';",
    )
    .await;
    app.click(".station-item[data-no=\"1\"]").await;
    wait_badge(&app, 1, "confirmed").await;
    // The sheet is styled as the scoring screen's (its stylesheet comes with the station's
    // module): a criterion is a grid row, its score a large box.
    app.wait_js(
        "the station's sheet styled",
        "const c = document.querySelector('panelis-station .crit'); \
         const i = c && c.querySelector('.score-input'); \
         return !!i && getComputedStyle(c).display === 'grid' && parseFloat(getComputedStyle(i).fontSize) >= 20;",
    )
    .await;
    app.settle_then_screenshot("station-sheet").await;

    // Paused at the host: the strip says it in the core's words (the timer's pause, not a
    // break). Finished: nothing is presenting any more, so the strip says so.
    venue
        .store()
        .timer_command(slot.id, Command::Pause, time::now())
        .unwrap();
    host.notify_changed();
    app.wait_text("[data-testid=station-live]", |t| {
        t.contains("Dihentikan sementara")
    })
    .await;
    venue
        .store()
        .timer_command(slot.id, Command::Finish, time::now())
        .unwrap();
    host.notify_changed();
    app.wait_text("[data-testid=station-live]", |t| {
        t.contains("Belum ada presentasi berjalan") && !t.contains("No 2")
    })
    .await;
    app.settle_then_screenshot("station-after-the-slot").await;

    app.quit().await;
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scores_made_while_the_host_is_down_go_through_once_and_survive_a_restart() {
    let venue = Venue::new();
    let host = venue.host("127.0.0.1:0".parse().unwrap()).await;
    let addr = host.local_addr();
    let invite = host.invite(venue.nurul.id).await.unwrap();
    let app = App::launch().await;

    // Joined by typing: the address, the pin from the host's screen, the code.
    open_join(&app).await;
    app.type_into("[data-testid=join-host]", &addr.to_string())
        .await;
    let pin = host.fingerprint().pin();
    app.type_into("[data-testid=join-fingerprint]", &pin).await;
    app.type_into("[data-testid=join-code]", &invite.code.to_lowercase())
        .await;
    app.click("[data-testid=join-check-typed]").await;
    app.wait_text("[data-testid=join-who]", |t| t.contains("Nurul"))
        .await;
    app.click("[data-testid=join-confirm-button]").await;
    wait_link(&app, "online").await;
    score(&app, 1, 70).await;
    wait_badge(&app, 1, "confirmed").await;

    // The host goes away: the station keeps scoring.
    host.stop().await;
    wait_link(&app, "offline").await;
    score(&app, 2, 75).await;
    wait_badge(&app, 2, "saved_locally").await;
    // The header counts what waits for the host, beside the link state.
    let link = app
        .wait_text("[data-testid=station-link]", |t| {
            t.contains("1 belum dikonfirmasi")
        })
        .await;
    assert!(link.contains("Offline"), "{link}");
    assert_eq!(venue.submitted(2), 0);
    // Leaving now would leave a score behind: refused.
    app.click("[data-testid=station-leave]").await;
    app.click("[data-testid=leave-yes]").await;
    let refusal = app.text_of("[data-testid=station-note]").await;
    assert!(refusal.contains("belum dikonfirmasi"), "{refusal}");
    assert!(joined_station(app.data_dir.path()));
    // A draft typed and not submitted (entry No 4).
    app.click(".station-item[data-no=\"4\"]").await;
    app.type_into("[data-testid=st-score-kebaruan]", "66").await;
    let draft = app
        .wait_text("[data-testid=st-save-status]", |t| {
            t.contains("Draf tersimpan")
        })
        .await;
    // At the venue's clock (the host's WITA, sent with the competition), not this
    // machine's UTC; either reading of the last minute.
    let now = chrono::Utc::now();
    let readings: Vec<String> = [now - chrono::Duration::seconds(60), now]
        .iter()
        .map(|t| {
            (*t + chrono::Duration::hours(8))
                .format("%H.%M WITA")
                .to_string()
        })
        .collect();
    assert!(
        readings.iter().any(|r| draft.contains(r.as_str())),
        "draft status {draft:?}, expected one of {readings:?}"
    );
    app.settle_then_screenshot("station-offline").await;

    // A host again on the same address and identity: it goes through without a click.
    let host = venue.host(addr).await;
    wait_badge(&app, 2, "confirmed").await;
    wait_link(&app, "online").await;
    assert_eq!(venue.submitted(2), 1);
    assert_eq!(venue.submitted(1), 1);

    // Restarted, the app opens in station mode where it was.
    let dir = app.quit_keep_data().await;
    let app = App::launch_in(dir).await;
    app.wait_text("[data-testid=station-panelist]", |t| t.contains("Nurul"))
        .await;
    wait_badge(&app, 1, "confirmed").await;
    wait_badge(&app, 2, "confirmed").await;
    assert_eq!(badge(&app, 4).await, "none");
    let draft = app.dom_text("[data-testid=entry-status-4]").await;
    assert!(draft.contains("draf"), "{draft}");
    app.click(".station-item[data-no=\"4\"]").await;
    app.wait_js("the draft typed before the restart",
        "const el = document.querySelector('[data-testid=st-score-kebaruan]'); return !!el && el.value === '66';",
    )
    .await;
    // Only what was typed for No 4: nothing of the entry open before it.
    let others = app
        .client
        .execute(
            "return [...document.querySelectorAll('.score-input')].slice(1).map(i => i.value).join('');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(others, serde_json::json!(""));
    wait_link(&app, "online").await;
    assert_eq!(venue.submitted(2), 1, "nothing counted twice");

    // Everything confirmed: the way out works and keeps the signed ballots.
    app.click("[data-testid=station-leave]").await;
    app.click("[data-testid=leave-yes]").await;
    app.text_of("[data-testid=competition-name]").await;
    assert!(!joined_station(app.data_dir.path()));
    let archived = std::fs::read_dir(app.data_dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("station-archive-")
        })
        .expect("the station folder is kept as an archive");
    assert!(archived.path().join("station.sqlite").is_file());

    app.quit().await;
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_link_a_wrong_code_and_a_wrong_fingerprint_are_named_and_nothing_joins() {
    let venue = Venue::new();
    let host = venue.host("127.0.0.1:0".parse().unwrap()).await;
    let invite = host.invite(venue.nurul.id).await.unwrap();
    let app = App::launch().await;
    open_join(&app).await;

    let error = |want: &'static str| move |t: &str| t.contains(want);
    app.type_into(
        "[data-testid=join-link]",
        "https://kipp.example/gabung?kode=ABCD",
    )
    .await;
    app.click("[data-testid=join-check-link]").await;
    app.wait_text(
        "[data-testid=join-error]",
        error("Tautan atau isian tidak dapat dibaca"),
    )
    .await;

    let wrong_code = JoinTarget::new(invite.target.addr, invite.target.fingerprint, "ZZZZ-ZZZZ")
        .unwrap()
        .link();
    app.type_into("[data-testid=join-link]", &wrong_code).await;
    app.click("[data-testid=join-check-link]").await;
    app.wait_text("[data-testid=join-error]", error("Kode tidak dikenal"))
        .await;

    app.type_into("[data-testid=join-host]", &invite.target.addr.to_string())
        .await;
    // The old 12-digit short form is named as too short ...
    app.type_into("[data-testid=join-fingerprint]", "0123 4567 89ab")
        .await;
    app.type_into("[data-testid=join-code]", &invite.code).await;
    app.click("[data-testid=join-check-typed]").await;
    app.wait_text(
        "[data-testid=join-error]",
        error("Isian Sidik jari berisi 12 digit"),
    )
    .await;
    // ... and 20 digits that are not the host's are a mismatch.
    app.type_into("[data-testid=join-fingerprint]", "0123 4567 89ab cdef 0123")
        .await;
    app.type_into("[data-testid=join-code]", &invite.code).await;
    app.click("[data-testid=join-check-typed]").await;
    app.wait_text(
        "[data-testid=join-error]",
        error("Sidik jari yang diketik tidak cocok"),
    )
    .await;

    app.text_of("[data-testid=none-found]").await;
    app.settle_then_screenshot("station-join-input").await;

    app.type_into("[data-testid=join-host]", "hotel-wifi").await;
    app.click("[data-testid=join-check-typed]").await;
    app.wait_text(
        "[data-testid=join-error]",
        error("Alamat tuan rumah tidak valid"),
    )
    .await;

    // Nothing joined, no confirmation offered, still the secretariat app.
    assert!(app
        .client
        .find(Locator::Css("[data-testid=join-confirm]"))
        .await
        .is_err());
    assert!(!joined_station(app.data_dir.path()));
    assert!(app.client.find(Locator::Css(".sidenav")).await.is_ok());
    let matrix = host.progress().await.unwrap();
    assert!(matrix.rows.iter().all(|r| r.station.is_none()));
    // The real code was not spent by any of it: it still names Nurul.
    app.type_into("[data-testid=join-link]", &invite.target.link())
        .await;
    app.click("[data-testid=join-check-link]").await;
    app.wait_text("[data-testid=join-who]", |t| t.contains("Nurul"))
        .await;

    app.quit().await;
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_laptop_joins_again_with_a_new_code_and_nothing_is_lost() {
    let venue = Venue::new();
    let host = venue.host("127.0.0.1:0".parse().unwrap()).await;
    let invite = host.invite(venue.nurul.id).await.unwrap();
    let app = App::launch().await;
    open_join(&app).await;
    app.type_into("[data-testid=join-link]", &invite.target.link())
        .await;
    app.click("[data-testid=join-check-link]").await;
    app.wait_text("[data-testid=join-who]", |t| t.contains("Nurul"))
        .await;
    app.click("[data-testid=join-confirm-button]").await;
    wait_link(&app, "online").await;
    score(&app, 1, 70).await;
    wait_badge(&app, 1, "confirmed").await;

    // The secretariat revokes this laptop: it says so and offers to join again.
    host.revoke(venue.nurul.id).unwrap();
    wait_link(&app, "revoked").await;
    // Scoring goes on: kept on the laptop, not sent.
    score(&app, 2, 60).await;
    wait_badge(&app, 2, "saved_locally").await;
    assert_eq!(venue.submitted(2), 0);

    // A new code from the secretariat: joined again, and what waited goes through, once.
    let again = host.invite(venue.nurul.id).await.unwrap();
    app.click("[data-action=rejoin]").await;
    app.type_into("[data-testid=join-link]", &again.target.link())
        .await;
    app.click("[data-testid=join-check-link]").await;
    app.wait_text("[data-testid=join-who]", |t| t.contains("Nurul"))
        .await;
    app.click("[data-testid=join-confirm-button]").await;
    wait_link(&app, "online").await;
    wait_badge(&app, 2, "confirmed").await;
    wait_badge(&app, 1, "confirmed").await;
    assert_eq!(venue.submitted(1), 1);
    assert_eq!(venue.submitted(2), 1);
    app.quit().await;
    host.stop().await;
}

//! Stations against a real host on loopback: joining, scoring online and offline, the host
//! restarted or replaced from a backup, pinning, revocation, the live timer and the
//! progress matrix.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;

use common::{form, Venue};
use panelis_core::ballot::ProgressStatus;
use panelis_core::timer::Command;
use panelis_lan::host::Host;
use panelis_lan::identity::{HostIdentity, CERT_FILE, PIN_DIGITS};
use panelis_lan::station::{LinkState, SendStatus, Station, FILE};
use panelis_lan::{Fingerprint, JoinTarget, LanError};
use std::time::Duration;

async fn join(venue: &Venue, host: &Host, i: usize, name: &str) -> Station {
    let invite = host.invite(venue.panelists[i].id).await.unwrap();
    Station::join(venue.station_config(name), &invite.target, name)
        .await
        .unwrap()
}

/// Submitted ballots on the host: (panelist, entry, revision) with the count of each.
fn host_ballots(venue: &Venue) -> Vec<(uuid::Uuid, uuid::Uuid, u32)> {
    let store = venue.store();
    let mut all = Vec::new();
    for p in &venue.panelists {
        for e in &venue.entries {
            for b in store.ballot_revisions(p.id, e.id).unwrap() {
                all.push((p.id, e.id, b.revision));
            }
        }
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_joins_scores_and_the_host_confirms() {
    let venue = Venue::new(3, 4);
    let host = Host::start(venue.host_config()).await.unwrap();
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    assert!(invite.target.link().contains(&host.fingerprint().hex()));
    let preview = Station::preview(&invite.target).await.unwrap();
    assert_eq!(preview.panelist_name, "Panelis 1");
    let station = Station::join(venue.station_config("s1"), &invite.target, "Laptop 1")
        .await
        .unwrap();
    let snapshot = station.snapshot().unwrap();
    assert_eq!(snapshot.entries.len(), 4);
    let saved = station
        .submit(venue.entries[0].id, &form(&snapshot, 80))
        .unwrap();
    assert_eq!(saved.status, SendStatus::SavedLocally);
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    let entries = station.entries().unwrap();
    assert_eq!(entries[0].status, Some(SendStatus::Confirmed));
    assert_eq!(entries[1].status, None);
    // The same content again is the same revision; new content a new one.
    let again = station
        .submit(venue.entries[0].id, &form(&snapshot, 80))
        .unwrap();
    assert_eq!(again.ballot.id, saved.ballot.id);
    let revised = station
        .submit(venue.entries[0].id, &form(&snapshot, 70))
        .unwrap();
    assert_eq!(revised.ballot.revision, 2);
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    let matrix = host.progress().await.unwrap();
    let row = &matrix.rows[0];
    assert_eq!(row.cells[0].status, ProgressStatus::Submitted);
    assert_eq!(row.cells[0].revision, Some(2));
    assert!(row.station.as_ref().unwrap().connected);
    assert_eq!(matrix.stations_connected, 1);
    // The code was spent.
    let err = Station::preview(&invite.target).await.unwrap_err();
    assert_eq!(err.code(), "bad_code");
    station.close().await;
    host.stop().await;
    assert_eq!(host_ballots(&venue).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_fingerprint_is_refused_before_anything_is_sent() {
    let venue = Venue::new(2, 2);
    let host = Host::start(venue.host_config()).await.unwrap();
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    let forged = JoinTarget {
        fingerprint: Fingerprint::of(b"someone else's certificate"),
        ..invite.target.clone()
    };
    let err = Station::join(venue.station_config("s1"), &forged, "x")
        .await
        .unwrap_err();
    match err {
        LanError::WrongFingerprint { found, .. } => assert_eq!(found, host.fingerprint()),
        other => panic!("expected a pinning failure, got {other:?}"),
    }
    // The real code still works: the forged attempt never reached the host.
    Station::join(venue.station_config("s1"), &invite.target, "x")
        .await
        .unwrap()
        .close()
        .await;
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_address_is_pinned_only_when_the_twenty_digit_pin_matches() {
    let venue = Venue::new(2, 2);
    let host = Host::start(venue.host_config()).await.unwrap();
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    let addr = host.local_addr();
    let pin = host.fingerprint().pin(); // "abcd ef01 2345 6789 abcd", as on screen
    assert_eq!(pin.replace(' ', "").len(), PIN_DIGITS);
    let typed = JoinTarget::from_typed(addr, &pin, &invite.code.to_lowercase())
        .await
        .unwrap();
    assert_eq!(typed, invite.target);
    let wrong = Fingerprint::of(b"someone else's certificate").hex();
    match JoinTarget::from_typed(addr, &wrong[..PIN_DIGITS], &invite.code).await {
        Err(LanError::FingerprintMismatch { found, .. }) => assert_eq!(found, host.fingerprint()),
        other => panic!("expected a mismatch, got {other:?}"),
    }
    // A pin that agrees with the host's first 12 digits (what a 48-bit search would find)
    // but not with all 20 is refused.
    let hex = host.fingerprint().hex();
    let flipped = if &hex[12..13] == "0" { "1" } else { "0" };
    let near = format!("{}{flipped}{}", &hex[..12], &hex[13..PIN_DIGITS]);
    match JoinTarget::from_typed(addr, &near, &invite.code).await {
        Err(LanError::FingerprintMismatch { found, .. }) => assert_eq!(found, host.fingerprint()),
        other => panic!("expected a mismatch, got {other:?}"),
    }
    // The old 12-digit short form is too short now, and said so before the network.
    for short in [&hex[..12], &hex[..8]] {
        let err = JoinTarget::from_typed(addr, short, &invite.code)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "pin_length", "{err}");
    }
    // Nothing of the probes spent the code: it still joins.
    Station::join(venue.station_config("s1"), &typed, "x")
        .await
        .unwrap()
        .close()
        .await;
    host.stop().await;
    let gone = JoinTarget::from_typed(addr, &pin, &invite.code)
        .await
        .unwrap_err();
    assert_eq!(gone.code(), "unreachable", "{gone}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_certificate_whose_signature_is_broken_is_refused_though_its_fingerprint_matches() {
    let venue = Venue::new(2, 2);
    // The host's identity with one byte of the certificate's signature changed: same key
    // (the TLS handshake still succeeds), same fields, no valid self-signature.
    HostIdentity::load_or_create(&venue.identity).unwrap();
    let cert_path = venue.identity.join(CERT_FILE);
    let mut der = std::fs::read(&cert_path).unwrap();
    *der.last_mut().unwrap() ^= 0x01;
    std::fs::write(&cert_path, &der).unwrap();
    let host = Host::start(venue.host_config()).await.unwrap();
    let forged = Fingerprint::of(&der);
    assert_eq!(host.fingerprint(), forged);
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    let addr = host.local_addr();

    // Typed: the pin of the altered certificate "matches", the signature does not.
    match JoinTarget::from_typed(addr, &forged.pin(), &invite.code).await {
        Err(LanError::ForgedCertificate { found, .. }) => assert_eq!(found, forged),
        other => panic!("expected a forged certificate, got {other:?}"),
    }
    // The link pins the whole altered fingerprint: refused all the same.
    match Station::join(venue.station_config("s1"), &invite.target, "x").await {
        Err(e @ LanError::ForgedCertificate { .. }) => {
            assert_eq!(e.code(), "forged_certificate");
            assert!(e.to_string().contains(&forged.hex()), "{e}");
        }
        Err(other) => panic!("expected a forged certificate, got {other:?}"),
        Ok(_) => panic!("joined a host whose certificate is not validly signed"),
    }
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scoring_goes_on_while_the_host_is_down_and_nothing_is_lost_or_doubled() {
    let venue = Venue::new(2, 4);
    let mut config = venue.host_config();
    let host = Host::start(config.clone()).await.unwrap();
    let addr = host.local_addr();
    let station = join(&venue, &host, 0, "s1").await;
    let snapshot = station.snapshot().unwrap();
    station
        .submit(venue.entries[0].id, &form(&snapshot, 81))
        .unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    host.stop().await;
    // Host gone: the station keeps scoring into its own file.
    for (i, e) in venue.entries.iter().enumerate().skip(1) {
        let saved = station
            .submit(e.id, &form(&snapshot, 70 + i as i32))
            .unwrap();
        assert_eq!(saved.status, SendStatus::SavedLocally);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(matches!(station.link(), LinkState::Offline { .. }));
    let waiting = station.entries().unwrap();
    assert!(waiting[1..]
        .iter()
        .all(|e| matches!(e.status, Some(SendStatus::SavedLocally | SendStatus::Sent))));
    // The host comes back on the same address: everything goes through, no click.
    config.bind = addr;
    let host = Host::start(config).await.unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(15)).await);
    assert!(station
        .entries()
        .unwrap()
        .iter()
        .all(|e| e.status == Some(SendStatus::Confirmed)));
    assert_eq!(station.link(), LinkState::Online);
    station.close().await;
    host.stop().await;
    let ballots = host_ballots(&venue);
    assert_eq!(ballots.len(), 4, "{ballots:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_replaced_from_an_older_backup_gets_the_difference_resent() {
    let venue = Venue::new(2, 4);
    let host = Host::start(venue.host_config()).await.unwrap();
    let station = join(&venue, &host, 0, "s1").await;
    let snapshot = station.snapshot().unwrap();
    station
        .submit(venue.entries[0].id, &form(&snapshot, 80))
        .unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    // The secretariat's backup, taken now.
    let backup = venue.backup();
    for e in &venue.entries[1..] {
        station.submit(e.id, &form(&snapshot, 75)).unwrap();
    }
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    // The host's disk dies; another laptop opens the backup with the identity folder.
    host.stop().await;
    let mut config = venue.host_config();
    config.db = backup.clone();
    let replacement = Host::start(config).await.unwrap();
    station.set_host(replacement.local_addr()).unwrap();
    // The station sees the new host lacks three ballots and re-sends them.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let m = replacement.progress().await.unwrap();
        if m.rows[0].submitted == 4 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "not re-sent: {m:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(station.wait_until_sent(Duration::from_secs(5)).await);
    station.close().await;
    replacement.stop().await;
    let store = panelis_core::Store::open(&backup).unwrap();
    for e in &venue.entries {
        let revisions = store.ballot_revisions(venue.panelists[0].id, e.id).unwrap();
        assert_eq!(revisions.len(), 1, "exactly once for entry {}", e.no);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_station_is_cut_off_and_told() {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let station = join(&venue, &host, 0, "s1").await;
    let snapshot = station.snapshot().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(host.revoke(venue.panelists[0].id).unwrap());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while station.link() != LinkState::Revoked {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{:?}",
            station.link()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Scoring still saves locally; nothing reaches the host, and waiting for it to go
    // ends at once: a revoked station sends nothing more.
    station
        .submit(venue.entries[0].id, &form(&snapshot, 80))
        .unwrap();
    let started = std::time::Instant::now();
    assert!(!station.wait_until_sent(Duration::from_secs(10)).await);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(host_ballots(&venue).is_empty());
    assert_eq!(station.link(), LinkState::Revoked, "and stays so");
    assert!(station.joined().revoked_at.is_some());
    let matrix = host.progress().await.unwrap();
    assert!(matrix.rows[0].station.as_ref().unwrap().revoked);
    station.close().await;

    // Reopened while the host is out of reach, it still says it was revoked, not
    // "connecting" or "offline", and its ballot is still saved here.
    host.stop().await;
    let station = Station::open(venue.station_config("s1")).unwrap();
    assert_eq!(station.link(), LinkState::Revoked);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(station.link(), LinkState::Revoked, "{:?}", station.link());
    let entry = station
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.entry_id == venue.entries[0].id)
        .unwrap();
    assert_eq!(entry.status, Some(SendStatus::SavedLocally));
    station.close().await;

    // Joining again with a new code clears it, and the score kept here goes through.
    let host = Host::start(venue.host_config()).await.unwrap();
    let station = join(&venue, &host, 0, "s1").await;
    assert_eq!(station.joined().revoked_at, None);
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    assert_eq!(
        host_ballots(&venue),
        vec![(venue.panelists[0].id, venue.entries[0].id, 1)]
    );
    station.close().await;
    host.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stations_show_the_hosts_timer_within_a_fifth_of_a_second_despite_a_skewed_clock_until_it_finishes(
) {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    let mut config = venue.station_config("s1");
    config.clock_skew_ms = -7_000; // this laptop's clock is 7 s slow
    let station = Station::join(config, &invite.target, "slow clock")
        .await
        .unwrap();
    let mut store = venue.store();
    let slot = store.slots().unwrap()[0].clone();
    store
        .timer_command(slot.id, Command::Start, panelis_core::time::now())
        .unwrap();
    host.notify_changed();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while station.timers().is_empty() || station.clock_offset_ms().abs() < 6_000 {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (live, view) = station.timers().remove(0);
    assert_eq!(live.slot_id, slot.id);
    let projector = store
        .slot_timer(slot.id)
        .unwrap()
        .view(panelis_core::time::now());
    let station_ms = view.allowed_seconds * 1000 - elapsed_ms(&live, station.host_now());
    let host_ms = projector.allowed_seconds * 1000 - elapsed_ms(&live, panelis_core::time::now());
    assert!(
        (station_ms - host_ms).abs() <= 200,
        "station {station_ms} ms vs host {host_ms} ms (offset {})",
        station.clock_offset_ms()
    );
    assert_eq!(view.phase_index, projector.phase_index);

    // Finished: the host sends no slot presenting (the entry is among the finished), so
    // the station shows none, though the slot stays called until the next call.
    store
        .timer_command(slot.id, Command::Finish, panelis_core::time::now())
        .unwrap();
    host.notify_changed();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let live = station.live().unwrap();
        if live.finished.contains(&slot.entry_id) {
            assert!(live.slots.is_empty(), "a finished slot sent as presenting");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the finish never came"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(station.timers().is_empty());
    assert_eq!(store.live_slot(None).unwrap().map(|s| s.id), Some(slot.id));
    station.close().await;
    host.stop().await;
}

/// Milliseconds the running first phase has run at `at` (started by the only transition).
fn elapsed_ms(live: &panelis_lan::wire::LiveSlot, at: chrono::DateTime<chrono::Utc>) -> i64 {
    (at - live.transitions[0].at).num_milliseconds()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hosted_file_deleted_mid_run_confirms_nothing_and_the_stations_refill_its_backup() {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let station = join(&venue, &host, 0, "s1").await;
    let snapshot = station.snapshot().unwrap();
    station
        .submit(venue.entries[0].id, &form(&snapshot, 80))
        .unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    // The secretariat's latest backup, taken after the first ballot was confirmed.
    let backup = venue.backup();
    // The stick with the competition file is pulled out while hosting.
    std::fs::remove_file(&venue.db).unwrap();
    station
        .submit(venue.entries[1].id, &form(&snapshot, 75))
        .unwrap();
    let sent = station.wait_until_sent(Duration::from_secs(3)).await;
    assert!(
        !sent,
        "nothing is confirmed that is not on disk: {:?}",
        station.entries().unwrap()
    );
    let kept = station.entries().unwrap();
    let second = kept
        .iter()
        .find(|e| e.entry_id == venue.entries[1].id)
        .unwrap();
    assert!(
        matches!(
            second.status,
            Some(SendStatus::SavedLocally | SendStatus::Sent)
        ),
        "the station keeps it, unconfirmed: {:?}",
        second.status
    );
    // As the alarm says: open the latest backup and host again; the station refills it.
    host.stop().await;
    let mut config = venue.host_config();
    config.db = backup.clone();
    let replacement = Host::start(config).await.unwrap();
    station.set_host(replacement.local_addr()).unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(15)).await);
    station.close().await;
    replacement.stop().await;
    let store = panelis_core::Store::open(&backup).unwrap();
    for e in &venue.entries[..2] {
        let revisions = store.ballot_revisions(venue.panelists[0].id, e.id).unwrap();
        assert_eq!(revisions.len(), 1, "entry {} on record once", e.no);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receipts_a_station_keeps_catch_a_host_log_cut_back_after_the_fact() {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let config = venue.station_config("s1");
    let station_file = config.dir.join(panelis_lan::station::FILE);
    let station = join(&venue, &host, 0, "s1").await;
    let snapshot = station.snapshot().unwrap();
    for e in &venue.entries[..2] {
        station.submit(e.id, &form(&snapshot, 80)).unwrap();
    }
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    station.close().await;
    host.stop().await;

    // Every acknowledgement came with the host's audit head, kept on the station.
    let (competition, heads) = panelis_lan::station::receipts_of(&station_file)
        .unwrap()
        .expect("a station file");
    let store = venue.store();
    assert_eq!(competition, store.competition().unwrap().id);
    assert_eq!(heads.len(), 2, "{heads:?}");
    let anchors: Vec<panelis_core::store::AuditAnchor> = heads
        .iter()
        .map(|h| panelis_core::store::AuditAnchor {
            source: "receipt".into(),
            head: h.clone(),
        })
        .collect();
    assert_eq!(store.audit_check(&anchors).unwrap(), vec![]);
    drop(store);

    // Someone with the host's file cuts the log back to before the second ballot, moves
    // the head and deletes that ballot: the file alone reads whole, the receipt does not.
    let last = heads.last().unwrap().count;
    let conn = rusqlite::Connection::open(&venue.db).unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|n| n.unwrap())
        .collect();
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\";"))
            .unwrap();
    }
    conn.execute_batch(&format!(
        "DELETE FROM ballots WHERE entry_id = '{}';
         DELETE FROM audit_log WHERE seq >= {last};
         UPDATE audit_head SET count = {keep}, hash = (SELECT hash FROM audit_log WHERE seq = {keep});",
        venue.entries[1].id,
        keep = last - 1
    ))
    .unwrap();
    drop(conn);
    let store = venue.store();
    assert_eq!(
        store.audit_check(&[]).unwrap(),
        vec![],
        "the file alone reads whole"
    );
    let breaks = store.audit_check(&anchors).unwrap();
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    assert!(
        breaks[0].reason.contains("events were cut off"),
        "{breaks:?}"
    );
}

/// A rubric from the host is checked at the station's edge by the core's rules: one that
/// breaks them (weights that no longer add up to 100, from a competition file edited by
/// hand) is refused, whether it comes after the station joined (the station keeps the last
/// data that passed and says why it is not online) or as the data a new station would join on
/// (nothing joins, with the rubric's code).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rubric_from_the_host_that_breaks_the_rules_is_refused_at_the_station() {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let station = join(&venue, &host, 0, "Laptop 1").await;
    let good = station.snapshot().unwrap();

    // The host serves what its file holds, and sees the file change.
    let conn = rusqlite::Connection::open(&venue.db).unwrap();
    let edited = conn
        .execute(
            "UPDATE criteria SET weight = weight + 5 \
             WHERE position = (SELECT MIN(position) FROM criteria)",
            [],
        )
        .unwrap();
    assert_eq!(edited, 1);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let reason = loop {
        if let LinkState::Offline { reason } = station.link() {
            if reason.contains("rubric") {
                break reason;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the station never refused the new rubric: {:?}",
            station.link()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(reason.contains("100"), "{reason}");
    assert_eq!(
        station.snapshot().unwrap(),
        good,
        "the last good data is kept"
    );
    station.close().await;

    let invite = host.invite(venue.panelists[1].id).await.unwrap();
    let err = Station::join(venue.station_config("s2"), &invite.target, "Laptop 2")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rubric_invalid", "{err}");
    host.stop().await;
}

/// A station file edited by hand to hold a rubric that breaks the rules is set aside as it is
/// read back: the station opens without that data (nothing is scored on it), says why with
/// the rubric's code, and takes the host's data again on its next sync.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_file_edited_to_hold_a_broken_rubric_is_set_aside_when_opened() {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let station = join(&venue, &host, 0, "s1").await;
    let good = station.snapshot().unwrap();
    station.close().await;

    let conn = rusqlite::Connection::open(venue.station_config("s1").dir.join(FILE)).unwrap();
    let text: String = conn
        .query_row("SELECT snapshot FROM station WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut snapshot: serde_json::Value = serde_json::from_str(&text).unwrap();
    let weight = &mut snapshot["rubric"]["criteria"][0]["weight"];
    *weight = (weight.as_u64().unwrap() + 5).into();
    conn.execute(
        "UPDATE station SET snapshot = ?1 WHERE id = 1",
        [snapshot.to_string()],
    )
    .unwrap();
    drop(conn);
    let station = Station::open(venue.station_config("s1")).unwrap();
    // Nothing is scored on the edited data: the station holds none, or (the host being up)
    // already the host's own again.
    assert!(
        station.snapshot().is_none_or(|s| s.rubric == good.rubric),
        "{:?}",
        station.snapshot()
    );
    let refusal = station.take_set_aside().expect("and why is said");
    assert_eq!(refusal.code(), "rubric_invalid", "{refusal}");
    assert!(refusal.to_string().contains("105"), "{refusal}");
    assert!(station.take_set_aside().is_none(), "said once");

    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while station.snapshot().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the host's data never came again: {:?}",
            station.link()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(station.snapshot().unwrap().rubric, good.rubric);
    station.close().await;
    host.stop().await;
}

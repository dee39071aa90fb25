//! The station's and the host's screens (`station::screen`, `host::screen`) against a real
//! host on loopback: the sheet and form with their draft/ballot source and checks, the
//! leave rule, and the Jaringan venue view with its invites and what came back.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;

use common::{form, Venue};
use panelis_core::ballot::BallotForm;
use panelis_lan::host::screen::{self as host_screen, Record};
use panelis_lan::host::{Host, HostEvent};
use panelis_lan::station::screen;
use panelis_lan::station::{SendStatus, Station};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_station_screen_shows_drafts_ballots_and_refuses_to_leave_a_score_behind() {
    let venue = Venue::new(2, 3);
    let host = Host::start(venue.host_config()).await.unwrap();
    let invite = host.invite(venue.panelists[0].id).await.unwrap();
    let station = Station::join(venue.station_config("s1"), &invite.target, "Laptop 1")
        .await
        .unwrap();
    let info = screen::info(&station).unwrap();
    assert_eq!(info.panelist_name, "Panelis 1");
    assert_eq!(info.station_name, "Laptop 1");
    assert!(info.ready);
    assert_eq!(info.unconfirmed, 0);
    // The host's venue clock (the competition's WITA) reaches the station's screen.
    let clock = info.venue_clock.expect("the host sends the venue's clock");
    assert_eq!(
        (clock.utc_offset_minutes, clock.zone.as_str()),
        (480, "WITA")
    );

    let sheet = screen::sheet(&station).unwrap();
    assert!(sheet.ready);
    assert_eq!(sheet.entries.len(), 3);
    assert!(sheet.entries.iter().all(|e| !e.draft));
    assert_eq!(sheet.entries[0].category, venue.entries[0].category);

    let (first, second) = (venue.entries[0].id, venue.entries[1].id);
    let empty = screen::form(&station, first).unwrap();
    assert_eq!(empty.source, "empty");
    assert_eq!(empty.form, BallotForm::default());
    assert_eq!((empty.check.scored, empty.check.total.clone()), (0, None));
    assert!(!empty.criteria.is_empty());

    // A draft with one good and one bad score: kept as typed, the bad one named.
    let snapshot = station.snapshot().unwrap();
    let criteria = &snapshot.rubric.criteria;
    let mut typed = BallotForm::with_scores(&[(criteria[0].id, criteria[0].scale_max)]);
    typed.criteria.push(panelis_core::ballot::CriterionInput {
        criterion_id: criteria[1].id,
        score: "lots".into(),
        note: String::new(),
    });
    let check = screen::save_draft(&station, first, &typed).unwrap();
    assert_eq!(check.scored, 1);
    assert_eq!(check.problems.len(), 1);
    assert_eq!(
        check.problems[0].column.as_deref(),
        Some(criteria[1].code.as_str())
    );
    let drafted = screen::form(&station, first).unwrap();
    assert_eq!((drafted.source, &drafted.form), ("draft", &typed));
    assert!(screen::sheet(&station).unwrap().entries[0].draft);

    // Submitted: the draft goes, the form shows the ballot saved here with its total.
    let full = form(&snapshot, 80);
    let state = screen::submit(&station, first, &full).unwrap();
    assert_eq!(state.entry_id, first);
    assert_eq!(state.revision, Some(1));
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    let saved = screen::form(&station, first).unwrap();
    assert_eq!(saved.source, "ballot");
    assert_eq!(saved.state.status, Some(SendStatus::Confirmed));
    assert_eq!(saved.check.scored, criteria.len());
    assert!(saved.check.total.is_some() && saved.check.problems.is_empty());
    assert!(!screen::sheet(&station).unwrap().entries[0].draft);
    screen::check_leave(&station).unwrap();

    let unknown = screen::form(&station, uuid::Uuid::now_v7()).unwrap_err();
    assert_eq!(unknown.code(), "unknown_entry");

    // With the host gone, a new ballot waits here and leaving is refused.
    host.stop().await;
    screen::submit(&station, second, &full).unwrap();
    let refused = screen::check_leave(&station).unwrap_err();
    assert_eq!(refused.code(), "station_unconfirmed");
    assert_eq!(
        refused.to_string(),
        "1 ballot(s) are not yet confirmed by the host"
    );
    assert_eq!(screen::info(&station).unwrap().unconfirmed, 1);
    station.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_venue_view_lists_open_invites_in_panel_order_and_what_came_back() {
    let venue = Venue::new(2, 2);
    let host = Host::start(venue.host_config()).await.unwrap();
    let mut events = host.subscribe();
    let mut record = Record::starting_now();
    let second = host.invite(venue.panelists[1].id).await.unwrap();
    let first = host.invite(venue.panelists[0].id).await.unwrap();
    record.invites.insert(second.panelist_id, second);
    record.invites.insert(first.panelist_id, first.clone());

    let bind = "127.0.0.1:0".parse().unwrap();
    let view = host_screen::view(
        Some(host_screen::hosting(&host, bind).await.unwrap()),
        None,
        &record,
    )
    .unwrap();
    let hosting = view.hosting.as_ref().unwrap();
    assert_eq!(hosting.bind, "127.0.0.1:0");
    assert_eq!(hosting.fingerprint, host.fingerprint().hex());
    assert_eq!(hosting.fingerprint_short, host.fingerprint().pin());
    assert_eq!(hosting.fingerprint_short.split(' ').count(), 5);
    assert_eq!(view.default_bind, host_screen::DEFAULT_BIND);
    let order: Vec<_> = view.invites.iter().map(|i| i.panelist_id).collect();
    assert_eq!(order, vec![venue.panelists[0].id, venue.panelists[1].id]);
    assert!(view.invites[0].qr_svg.contains("<svg"));
    assert_eq!(view.invites[0].link, first.target.link());

    // A station joins and sends a ballot: the record notes it and drops the spent code.
    let station = Station::join(venue.station_config("s1"), &first.target, "Laptop 1")
        .await
        .unwrap();
    let snapshot = station.snapshot().unwrap();
    station
        .submit(venue.entries[1].id, &form(&snapshot, 70))
        .unwrap();
    assert!(station.wait_until_sent(Duration::from_secs(10)).await);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !record.ballots.values().any(|&new| new) {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .unwrap()
            .unwrap();
        record.note(&event);
        if let HostEvent::Rejected { message, .. } = &event {
            panic!("refused: {message}");
        }
    }
    let view = host_screen::view(
        Some(host_screen::hosting(&host, bind).await.unwrap()),
        None,
        &record,
    )
    .unwrap();
    assert_eq!(view.invites.len(), 1);
    assert_eq!(view.invites[0].panelist_id, venue.panelists[1].id);
    assert_eq!(view.came_back.new_total, 1);
    let back = &view.came_back.panelists[0];
    assert_eq!(back.name, "Panelis 1");
    assert_eq!(back.new[0].no, Some(venue.entries[1].no));

    // Not hosting: names and numbers come from the open file.
    station.close().await;
    host.stop().await;
    let store = venue.store();
    let view = host_screen::view(None, Some(&store), &record).unwrap();
    assert!(view.hosting.is_none() && view.matrix.is_none());
    assert_eq!(view.came_back.panelists[0].name, "Panelis 1");
    assert_eq!(
        view.came_back.panelists[0].new[0].no,
        Some(venue.entries[1].no)
    );
    let bare = host_screen::view(None, None, &Record::default()).unwrap();
    assert!(bare.invites.is_empty() && bare.came_back.panelists.is_empty());
}

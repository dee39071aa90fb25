//! Store tests of removing a room: an empty room goes, a room whose slots have not started
//! goes with them and unschedules its entries, and each refusal (the only room, a room on
//! stage, one where entries presented or were scored, one holding a final result) names the
//! room and entries in both languages and writes nothing, not even an audit event.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::ballot::keystore::Keystore;
use crate::lang::Lang;
use crate::model::Room;
use crate::schedule::ScheduleOrder;
use crate::timer::Command;
use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 3, 7, h - 8, m, 0).unwrap()
}

use crate::testing::demo_day as days;

/// `n` entries scheduled by number over two rooms, "Ruang Sidang Utama" and "Ruang
/// Kenanga" (the order split between them).
fn two_rooms(dir: &tempfile::TempDir, n: u32) -> (Store, Room, Room) {
    let mut store = crate::testing::create(&dir.path().join("c.panelis"), "KIPP Sulsel 2023");
    store.add_entries(&crate::testing::numbered(n)).unwrap();
    let main = store.add_room("Ruang Sidang Utama").unwrap();
    let kenanga = store.add_room("Ruang Kenanga").unwrap();
    store
        .generate_schedule(&[main.id, kenanga.id], &ScheduleOrder::No, &days())
        .unwrap();
    (store, main, kenanga)
}

fn nos_in(store: &Store, room: Uuid) -> Vec<u32> {
    let mut nos = crate::testing::nos_in(store, room);
    nos.sort_unstable();
    nos
}

/// Everything a refused removal must leave as it was: rooms, slots, live slots and the
/// audit log (its length and head).
fn snapshot(store: &Store) -> (Vec<Room>, Vec<crate::model::Slot>, usize, String) {
    let events = store.audit_events().unwrap();
    let head = events.last().map(|e| e.hash.clone()).unwrap_or_default();
    (
        store.rooms().unwrap(),
        store.slots().unwrap(),
        events.len(),
        head,
    )
}

/// Asserts the removal of `room` is refused with `code`, the same as its preview, with
/// both languages' words containing each of `words`, and that nothing was written.
fn refused(store: &mut Store, room: Uuid, code: &str, id: &[&str], en: &[&str]) {
    let before = snapshot(store);
    let preview = store.room_removal_preview(room).unwrap_err();
    let err = store.remove_room(room).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(preview.code(), code);
    assert_eq!(preview.message(Lang::Id), err.message(Lang::Id));
    let (ind, eng) = (err.message(Lang::Id), err.message(Lang::En));
    for w in id {
        assert!(ind.contains(w), "{ind:?} lacks {w:?}");
    }
    for w in en {
        assert!(eng.contains(w), "{eng:?} lacks {w:?}");
    }
    assert_ne!(ind, eng);
    assert_eq!(snapshot(store), before, "a refused removal wrote something");
}

#[test]
fn an_empty_room_is_removed_and_the_removal_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = two_rooms(&dir, 4);
    let spare = store.add_room("Ruang Melati").unwrap();
    let slots = store.slots().unwrap();
    let removal = store.remove_room(spare.id).unwrap();
    assert_eq!(removal.room, spare);
    assert_eq!(removal.slots_removed, 0);
    assert!(removal.entries_unscheduled.is_empty());
    assert_eq!(
        removal.summary(Lang::En),
        "Ruang Melati removed; it held no slots"
    );
    assert_eq!(
        removal.summary(Lang::Id),
        "Ruang Melati dihapus; ruang itu tidak berisi sesi"
    );
    let names: Vec<String> = store.rooms().unwrap().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["Ruang Sidang Utama", "Ruang Kenanga"]);
    assert_eq!(
        store.slots().unwrap(),
        slots,
        "the other rooms keep their slots"
    );
    assert!(store.room_by_name("ruang melati").unwrap().is_none());
    // The name is free again.
    store.add_room("Ruang Melati").unwrap();
    let last = store.audit_events().unwrap();
    let event = last
        .iter()
        .rev()
        .find(|e| e.action == "room.removed")
        .unwrap();
    assert_eq!(event.detail["name"], "Ruang Melati");
    assert_eq!(event.detail["slots_removed"], 0);
    assert_eq!(event.detail["entries_unscheduled"], serde_json::json!([]));
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn a_room_whose_slots_have_not_started_goes_with_them_and_unschedules_its_entries() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, main, kenanga) = two_rooms(&dir, 7);
    let held = nos_in(&store, kenanga.id);
    assert_eq!(held.len(), 3, "7 entries over two rooms: 4 and 3");
    let main_slots: Vec<_> = store
        .slots()
        .unwrap()
        .into_iter()
        .filter(|s| s.room_id == main.id)
        .collect();
    // A slot of the main room has run: that does not hold Kenanga back.
    store
        .timer_command(main_slots[0].id, Command::Start, at(8, 0))
        .unwrap();
    let preview = store.room_removal_preview(kenanga.id).unwrap();
    assert_eq!(preview.slots_removed, 3);
    assert_eq!(preview.entries_unscheduled, held);
    let removal = store.remove_room(kenanga.id).unwrap();
    assert_eq!(removal, preview, "the preview says what removing does");
    assert_eq!(
        removal.summary(Lang::Id),
        format!(
            "Ruang Kenanga dihapus; 3 inovasi kini belum terjadwal (No {})",
            crate::text::number_runs(&held)
        )
    );
    assert!(removal
        .summary(Lang::En)
        .starts_with("Ruang Kenanga removed; 3 entries are now unscheduled (No "));
    assert_eq!(store.rooms().unwrap(), std::slice::from_ref(&main));
    assert_eq!(
        store.slots().unwrap(),
        main_slots,
        "the main room is untouched"
    );
    assert_eq!(
        store.entries().unwrap().len(),
        7,
        "entries stay on the shortlist"
    );
    for no in &held {
        assert_eq!(
            store.slot_of_entry_no(*no).unwrap_err().code(),
            "not_found",
            "No {no} is unscheduled"
        );
    }
    let event = store.audit_events().unwrap().pop().unwrap();
    assert_eq!(event.action, "room.removed");
    assert_eq!(event.detail["room"], kenanga.id.to_string());
    assert_eq!(event.detail["name"], "Ruang Kenanga");
    assert_eq!(event.detail["slots_removed"], 3);
    assert_eq!(event.detail["entries_unscheduled"], serde_json::json!(held));
    assert_eq!(store.verify_audit().unwrap(), None);
    // The unscheduled entries can be scheduled again in another room.
    let melati = store.add_room("Ruang Melati").unwrap();
    let made = store
        .generate_schedule(&[melati.id], &ScheduleOrder::No, &days())
        .unwrap();
    assert_eq!(made.len(), 3);
    assert_eq!(nos_in(&store, melati.id), held);
}

#[test]
fn the_only_room_is_not_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, main, kenanga) = two_rooms(&dir, 4);
    store.remove_room(kenanga.id).unwrap();
    refused(
        &mut store,
        main.id,
        "only_room",
        &["Ruang Sidang Utama adalah satu-satunya ruang"],
        &["Ruang Sidang Utama is the only room"],
    );
    let missing = store.remove_room(kenanga.id).unwrap_err();
    assert_eq!(missing.code(), "not_found");
}

#[test]
fn a_room_on_stage_or_where_entries_presented_is_not_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, kenanga) = two_rooms(&dir, 6);
    let held = nos_in(&store, kenanga.id);
    let first = store.slot_of_entry_no(held[0]).unwrap();
    // Called to the stage, not started: the room is live.
    store.call_slot(first.id, None, at(8, 0)).unwrap();
    let no = held[0].to_string();
    refused(
        &mut store,
        kenanga.id,
        "room_live",
        &["Ruang Kenanga sedang berlangsung", &format!("No {no}")],
        &["Ruang Kenanga is live", &format!("entry No {no} is called")],
    );
    store
        .timer_command(first.id, Command::Start, at(8, 1))
        .unwrap();
    refused(
        &mut store,
        kenanga.id,
        "room_live",
        &[&format!("No {no}")],
        &[&format!("No {no}")],
    );
    // Finished: nothing on stage, but the slot's actual times would be lost.
    store
        .timer_command(first.id, Command::Finish, at(8, 20))
        .unwrap();
    refused(
        &mut store,
        kenanga.id,
        "room_presented",
        &[&format!(
            "Ruang Kenanga tidak dapat dihapus: inovasi No {no} sudah presentasi"
        )],
        &[&format!(
            "Ruang Kenanga cannot be removed: entry No {no} has presented"
        )],
    );
}

/// The demo (one room, paper ballots for entries 1 and 2) with a second, empty room, so the
/// demo's room is not the only one.
fn demo_with_ballots(dir: &tempfile::TempDir) -> (Store, Keystore, Room) {
    let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let panel = store.panelists().unwrap();
    let criteria = store.rubric().unwrap().criteria;
    let mut csv = String::from("panelist;entry;criterion;score\n");
    for no in [1, 2] {
        for p in &panel {
            for c in &criteria {
                csv += &format!("\"{}\";{no};{};80\n", p.name, c.code);
            }
        }
    }
    store.import_paper_scores(&csv, &keys).unwrap();
    store.add_room("Ruang Kenanga").unwrap();
    let room = store.room_by_name("Ruang Sidang Utama").unwrap().unwrap();
    (store, keys, room)
}

#[test]
fn a_room_with_scored_or_final_entries_is_not_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _keys, room) = demo_with_ballots(&dir);
    // Scored on paper, no timer history: they presented all the same.
    refused(
        &mut store,
        room.id,
        "room_presented",
        &["inovasi No 1, 2 sudah presentasi atau dinilai"],
        &["entries No 1, 2 have presented or been scored"],
    );
    store
        .finalize(&FinalizeRequest {
            room: Some(room.name.clone()),
            entries: Some(vec![1, 2]),
            chair: "Prof. Dr. Andi Rahmawati, M.Si.".into(),
            secretariat: "Muh. Arsyad Taufiq".into(),
            quorum_override: None,
        })
        .unwrap();
    refused(
        &mut store,
        room.id,
        "room_finalized",
        &["Ruang Sidang Utama tidak dapat dihapus: hasil inovasi No 1, 2 sudah difinalisasi"],
        &["Ruang Sidang Utama cannot be removed: the results of entries No 1, 2 are final"],
    );
}

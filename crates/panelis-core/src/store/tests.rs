//! Store tests: creation, reopening, migrations, refusal of foreign and newer files,
//! round-trips of every table, and all-or-nothing writes.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::model::{NewCompetition, NewEntry};

fn new_comp(name: &str) -> NewCompetition {
    NewCompetition {
        name: name.into(),
        year: Some(2023),
        ..Default::default()
    }
}

fn entry(no: u32, title: &str) -> NewEntry {
    NewEntry {
        no,
        title: title.into(),
        agency: "Pemkab Luwu Utara".into(),
        ..Default::default()
    }
}

#[test]
fn create_then_reopen_round_trips_the_competition() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kipp.panelis");
    let created = Store::create(&path, &new_comp("KIPP Sulsel 2023"))
        .unwrap()
        .competition()
        .unwrap();
    let store = Store::open(&path).unwrap();
    let reopened = store.competition().unwrap();
    assert_eq!(created, reopened);
    assert_eq!(reopened.name, "KIPP Sulsel 2023");
    assert_eq!(reopened.year, Some(2023));
    let rubric = store.rubric().unwrap();
    assert_eq!(rubric.name, crate::rubric::DEFAULT_RUBRIC_NAME);
    assert_eq!(rubric.criteria.iter().map(|c| c.weight).sum::<u32>(), 100);
    assert_eq!(
        store.phase_plan().unwrap(),
        crate::model::PhasePlan::kipp_default()
    );
}

#[test]
fn pragmas_make_saves_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.panelis");
    let store = Store::create(&path, &new_comp("C")).unwrap();
    let q = |p: &str| -> String {
        store
            .conn()
            .pragma_query_value(None, p, |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert!(q("journal_mode").contains("wal"));
    assert_eq!(q("synchronous"), "Integer(2)"); // FULL
    assert_eq!(q("foreign_keys"), "Integer(1)");
    assert_eq!(q("user_version"), format!("Integer({SCHEMA_VERSION})"));
}

#[test]
fn existing_file_is_not_overwritten_and_bad_input_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.panelis");
    Store::create(&path, &new_comp("C")).unwrap();
    assert!(matches!(
        Store::create(&path, &new_comp("D")),
        Err(Error::AlreadyExists { .. })
    ));
    let other = dir.path().join("d.panelis");
    let err = Store::create(&other, &new_comp("   ")).unwrap_err();
    assert_eq!(err.code(), "competition_name_empty");
    assert!(!other.exists());
}

#[test]
fn newer_file_is_refused_with_versions_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.panelis");
    drop(Store::create(&path, &new_comp("C")).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "newer_file");
    let text = err.to_string();
    assert!(
        text.contains(&format!("file format {}", SCHEMA_VERSION + 1)),
        "{text}"
    );
    assert!(text.contains("update Panelis"), "{text}");
}

#[test]
fn foreign_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert_eq!(Store::open(&plain).unwrap_err().code(), "not_a_competition");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, this is not sqlite at all, not even close").unwrap();
    assert_eq!(Store::open(&text).unwrap_err().code(), "not_a_competition");
    assert_eq!(
        Store::open(&dir.path().join("none.panelis"))
            .unwrap_err()
            .code(),
        "io"
    );
}

#[test]
fn an_older_file_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.panelis");
    // A file at version 0: ours, but no tables yet (as an interrupted first creation).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let v: i64 = store
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    assert_eq!(store.entries().unwrap(), vec![]);
}

#[test]
fn entries_round_trip_and_duplicates_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("c.panelis"), &new_comp("C")).unwrap();
    store
        .add_entries(&[entry(2, " Sehati  2020 "), entry(1, "Giatki Ces")])
        .unwrap();
    let entries = store.entries().unwrap();
    assert_eq!(entries.iter().map(|e| e.no).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(entries[1].title, "Sehati  2020".trim());
    let before = store.audit_events().unwrap().len();
    let err = store
        .add_entries(&[entry(3, "Jatah Akhirat"), entry(1, "Dup")])
        .unwrap_err();
    assert!(err.to_string().contains("entry 2: No"), "{err}");
    assert_eq!(store.entries().unwrap().len(), 2, "nothing half written");
    assert_eq!(store.audit_events().unwrap().len(), before);
    let err = store.add_entries(&[entry(4, "  ")]).unwrap_err();
    assert!(err.to_string().contains("entry 1: title"), "{err}");
}

#[test]
fn panelists_chair_moves_and_names_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("c.panelis"), &new_comp("C")).unwrap();
    store.add_panelist("Andi", "Unhas", true).unwrap();
    store.add_panelist("Budi", "", false).unwrap();
    assert!(store.add_panelist(" andi ", "", false).is_err());
    assert!(store.add_panelist("", "", false).is_err());
    store.add_panelist("Citra", "UNM", true).unwrap();
    let panel = store.panelists().unwrap();
    assert_eq!(panel.len(), 3);
    assert_eq!(panel[0].name, "Citra");
    assert_eq!(panel.iter().filter(|p| p.is_chair).count(), 1);
}

#[test]
fn conflicts_need_existing_panelist_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("c.panelis"), &new_comp("C")).unwrap();
    let ids = store.add_entries(&[entry(1, "Giatki Ces")]).unwrap();
    let p = store.add_panelist("Andi", "", false).unwrap();
    store
        .add_conflict(p.id, ids[0], "berasal dari daerah yang sama")
        .unwrap();
    assert_eq!(store.conflicts().unwrap().len(), 1);
    assert_eq!(
        store
            .add_conflict(uuid::Uuid::now_v7(), ids[0], "x")
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn rubric_changes_bump_the_version_and_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("c.panelis"), &new_comp("C")).unwrap();
    let mut criteria = store.rubric().unwrap().criteria;
    criteria.truncate(2);
    criteria[0].weight = 60;
    criteria[1].weight = 40;
    let rubric = store.set_rubric("Rubrik ringkas", &criteria).unwrap();
    assert_eq!(rubric.version, 2);
    assert_eq!(rubric.criteria.len(), 2);
    criteria[1].weight = 30;
    assert!(store
        .set_rubric("x", &criteria)
        .unwrap_err()
        .to_string()
        .contains("90"));
    assert_eq!(store.rubric().unwrap().version, 2);
}

#[test]
fn audit_chain_verifies_and_detects_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.panelis");
    let mut store = Store::create(&path, &new_comp("C")).unwrap();
    store.add_panelist("Andi", "", true).unwrap();
    store.add_panelist("Budi", "", false).unwrap();
    assert_eq!(store.verify_audit().unwrap(), None);
    assert_eq!(store.audit_events().unwrap().len(), 3);
    // The app itself cannot rewrite history.
    assert!(store
        .conn()
        .execute("DELETE FROM audit_log WHERE seq = 2", [])
        .is_err());
    // Someone editing the file outside the app (dropping the guard first) is found.
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET detail = replace(detail, 'Budi', 'Bondan') WHERE seq = 3;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let broken = store.verify_audit().unwrap().expect("tampering found");
    assert_eq!(broken.seq, 3);
}

#[test]
fn demo_competition_has_the_shortlist_panel_and_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let o = store.overview().unwrap();
    assert_eq!(o.competition.name, crate::demo::DEMO_NAME);
    assert_eq!(
        (o.entries, o.panelists, o.rooms, o.slots, o.criteria),
        (50, 5, 1, 50, 7)
    );
    assert_eq!(o.chair.as_deref(), Some("Prof. Dr. Andi Rahmawati, M.Si."));
    let titles: Vec<String> = store
        .entries()
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    for real in [
        "Giatki Ces",
        "Sehati 2020",
        "Jatah Akhirat",
        "Pildacil Desa/Kelurahan",
        "Si Modis",
    ] {
        assert!(titles.iter().any(|t| t == real), "{real} missing");
    }
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn a_format_4_file_gets_its_guidance_as_score_levels_and_keeps_prose_as_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.panelis");
    drop(crate::demo::create(&path).unwrap());
    // As a file written before score levels: guidance text, no levels column, format 4.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(super::UNDO_FORMAT_6).unwrap();
    conn.execute_batch(
        "ALTER TABLE criteria DROP COLUMN levels; PRAGMA user_version = 4; \
         UPDATE criteria SET guidance = '0-49: meniru · 50-100: gagasan baru' \
           WHERE code = 'kebaruan'; \
         UPDATE criteria SET guidance = 'Nilai tinggi untuk data yang terukur.' \
           WHERE code = 'efektivitas';",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let rubric = store.rubric().unwrap();
    let novelty = &rubric.criteria[0];
    assert_eq!(novelty.levels.len(), 2);
    assert_eq!((novelty.levels[1].min, novelty.levels[1].max), (50, 100));
    assert_eq!(novelty.levels[1].label_id, "gagasan baru");
    assert_eq!(novelty.guidance, "", "read as levels, no longer a note");
    let effect = &rubric.criteria[1];
    assert!(effect.levels.is_empty());
    assert_eq!(
        effect.guidance, "Nilai tinggi untuk data yang terukur.",
        "prose kept"
    );
}

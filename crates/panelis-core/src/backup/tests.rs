//! Backup tests: consistent copies, naming and pruning, restore, damaged files refused.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;

fn competition(dir: &Path) -> Store {
    let mut store = crate::testing::create(&dir.join("kipp-2024.panelis"), "KIPP 2024");
    store.add_panelist("Andi", "Unhas", true).unwrap();
    store
}

#[test]
fn a_backup_is_a_whole_openable_copy_with_the_same_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = competition(dir.path());
    let folder = dir.path().join("usb");
    let b = take(&store, &folder, 5, Reason::Manual).unwrap();
    assert!(b.path.is_file());
    // Nothing half-written or beside it.
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let copy = Store::open(&b.path).unwrap();
    assert_eq!(copy.competition().unwrap(), store.competition().unwrap());
    assert_eq!(copy.panelists().unwrap(), store.panelists().unwrap());
    assert_eq!(copy.verify_audit().unwrap(), None);
    assert_eq!(
        copy.change_marker().unwrap(),
        store.change_marker().unwrap()
    );
}

#[test]
fn automatic_backups_are_pruned_to_keep_but_final_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = competition(dir.path());
    let folder = dir.path().join("usb");
    take(&store, &folder, 3, Reason::Final).unwrap();
    for i in 0..5 {
        store
            .add_panelist(&format!("Anggota {i}"), "", false)
            .unwrap();
        take(&store, &folder, 3, Reason::Auto).unwrap();
    }
    let all = list(&folder, store.path());
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(all.iter().filter(|b| b.reason == Reason::Final).count(), 1);
    assert!(
        all.windows(2).all(|w| w[0].taken_at >= w[1].taken_at),
        "newest first"
    );
    // The newest automatic backup has every panelist.
    let newest = Store::open(&all[0].path).unwrap();
    assert_eq!(newest.panelists().unwrap().len(), 6);
}

#[test]
fn restore_makes_a_new_file_and_leaves_the_backup_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = competition(dir.path());
    let folder = dir.path().join("usb");
    let b = take(&store, &folder, 5, Reason::Auto).unwrap();
    let before = std::fs::read(&b.path).unwrap();
    let restored = restore(&b.path, &dir.path().join("restored")).unwrap();
    assert_ne!(restored.path(), store.path());
    assert!(restored
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("kipp-2024-restored-"));
    assert_eq!(restored.competition().unwrap().name, "KIPP 2024");
    assert_eq!(std::fs::read(&b.path).unwrap(), before, "backup untouched");
}

#[test]
fn a_damaged_file_is_refused_on_open_and_on_restore_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let store = competition(dir.path());
    let folder = dir.path().join("usb");
    let b = take(&store, &folder, 5, Reason::Auto).unwrap();
    // Scribble over the second page onward (the tables), keeping the header.
    let mut bytes = std::fs::read(&b.path).unwrap();
    assert!(bytes.len() > 8192);
    for byte in &mut bytes[4096..8192] {
        *byte = 0xA5;
    }
    std::fs::write(&b.path, &bytes).unwrap();
    let err = Store::open(&b.path).unwrap_err();
    assert_eq!(err.code(), "damaged", "{err}");
    assert!(err.to_string().contains("backup"), "{err}");
    let into = dir.path().join("restored");
    let err = restore(&b.path, &into).unwrap_err();
    assert_eq!(err.code(), "damaged");
    assert_eq!(
        std::fs::read_dir(&into).map(|d| d.count()).unwrap_or(0),
        0,
        "nothing left behind"
    );
}

#[test]
fn settings_round_trip_and_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Settings::load(dir.path()), Settings::default());
    let s = Settings {
        folder: Some(dir.path().join("usb")),
        keep: 7,
        every_minutes: 3,
    };
    s.save(dir.path()).unwrap();
    assert_eq!(Settings::load(dir.path()), s);
    let bad = Settings {
        keep: 0,
        ..s.clone()
    };
    assert!(bad.save(dir.path()).is_err());
    assert_eq!(s.folder_in(dir.path()), dir.path().join("usb"));
    assert_eq!(
        Settings::default().folder_in(dir.path()),
        dir.path().join("backups")
    );
}

#[test]
fn automatic_backups_run_on_the_interval_and_only_after_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = competition(dir.path());
    let settings = Settings {
        folder: Some(dir.path().join("usb")),
        keep: 10,
        every_minutes: 5,
    };
    let mut auto = AutoBackup::default();
    let t0 = crate::time::now();
    assert!(
        auto.tick(&store, &settings, dir.path(), t0)
            .unwrap()
            .is_some(),
        "first tick backs up"
    );
    let later = t0 + chrono::Duration::minutes(10);
    assert!(
        auto.tick(&store, &settings, dir.path(), later)
            .unwrap()
            .is_none(),
        "nothing changed"
    );
    store.add_panelist("Budi", "", false).unwrap();
    let soon = t0 + chrono::Duration::minutes(2);
    assert!(
        auto.tick(&store, &settings, dir.path(), soon)
            .unwrap()
            .is_none(),
        "not yet due"
    );
    assert!(
        auto.tick(&store, &settings, dir.path(), later)
            .unwrap()
            .is_some(),
        "changed and due"
    );
    assert_eq!(list(&settings.folder_in(dir.path()), store.path()).len(), 2);
}

#[test]
fn finalizing_takes_its_backup_and_a_failed_backup_does_not_undo_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = competition(dir.path());
    store
        .import_shortlist(&[crate::model::NewEntry {
            no: 1,
            title: "Si Cantik".into(),
            ..Default::default()
        }])
        .unwrap();
    let request = crate::store::FinalizeRequest {
        chair: "Andi".into(),
        secretariat: "Sekretariat".into(),
        quorum_override: Some("uji: tanpa lembar".into()),
        ..Default::default()
    };
    let data = dir.path().join("data");
    let done = finalize_with_backup(&mut store, &request, &data, Some(&Signer)).unwrap();
    assert_eq!(done.finalization.entries.len(), 1);
    let checkpoint = done.checkpoint.unwrap().expect("a checkpoint signed");
    assert_eq!(Some(checkpoint.head.clone()), store.audit_head().unwrap());
    let backup = done.backup.unwrap();
    assert_eq!(backup.reason, Reason::Final);
    assert!(backup.path.starts_with(data.join("backups")));
    let copy = Store::open(&backup.path).unwrap();
    assert_eq!(
        copy.finalization_status().unwrap().finalized,
        [1],
        "the backup holds the finalization"
    );
    assert_eq!(
        copy.audit_checkpoints().unwrap(),
        vec![checkpoint],
        "and the checkpoint signed on it"
    );

    // A backup folder that cannot be made (a file stands in its way): the finalization stands.
    store
        .reopen(&crate::store::ReopenRequest {
            reason: "uji".into(),
            ..Default::default()
        })
        .unwrap();
    let blocked = dir.path().join("blocked");
    std::fs::create_dir_all(&blocked).unwrap();
    std::fs::write(blocked.join("backups"), b"not a folder").unwrap();
    let done = finalize_with_backup(&mut store, &request, &blocked, None).unwrap();
    assert!(done.backup.is_err(), "{:?}", done.backup);
    assert!(
        matches!(done.checkpoint, Ok(None)),
        "no signer, no checkpoint"
    );
    assert_eq!(
        store.finalization_status().unwrap().finalized,
        [1],
        "finalized all the same"
    );
}

/// A stand-in for the organizer's key (panelis-report signs with the real one).
struct Signer;

impl crate::store::CheckpointSigner for Signer {
    fn certificate_sha256(&self) -> String {
        "cd".repeat(32)
    }
    fn sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, String> {
        Ok(message.to_vec())
    }
}

//! A small venue for the LAN tests and the benchmark: a competition file with a few
//! entries, panelists (one conflict of interest), one room and a schedule of short phases,
//! and configurations for a host and stations on loopback only.

#![allow(dead_code, clippy::unwrap_used)] // shared by several test files; fails loudly

use chrono::NaiveDate;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::BallotForm;
use panelis_core::model::{Entry, NewCompetition, NewEntry, Panelist, Phase, PhasePlan};
use panelis_core::schedule::{DayPlan, ScheduleOrder};
use panelis_core::Store;
use panelis_lan::host::HostConfig;
use panelis_lan::station::StationConfig;
use panelis_lan::wire::Snapshot;
use std::path::PathBuf;
use std::time::Duration;

pub struct Venue {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub identity: PathBuf,
    pub panelists: Vec<Panelist>,
    pub entries: Vec<Entry>,
}

/// Phases of `seconds` each, two per slot.
pub fn short_plan(seconds: u32) -> PhasePlan {
    let phase = |code: &str| Phase {
        code: code.into(),
        label_id: code.into(),
        label_en: code.into(),
        seconds,
    };
    PhasePlan {
        phases: vec![phase("presentasi"), phase("tanya_jawab")],
        changeover_seconds: 0,
        warning_seconds: 1,
    }
}

impl Venue {
    /// `panelists` panelists (the last abstains on entry No 1 when there are 2 or more)
    /// and `entries` entries.
    pub fn new(panelists: usize, entries: usize) -> Venue {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kipp.panelis");
        let mut store = Store::create(
            &db,
            &NewCompetition {
                name: "KIPP Uji LAN".into(),
                year: Some(2024),
                ..Default::default()
            },
        )
        .unwrap();
        let new: Vec<NewEntry> = (1..=entries as u32)
            .map(|no| NewEntry {
                no,
                title: format!("Inovasi {no}"),
                agency: format!("Kabupaten {no}"),
                ..Default::default()
            })
            .collect();
        store.add_entries(&new).unwrap();
        let panelists: Vec<Panelist> = (1..=panelists)
            .map(|i| {
                store
                    .add_panelist(&format!("Panelis {i}"), "Universitas", i == 1)
                    .unwrap()
            })
            .collect();
        let entries = store.entries().unwrap();
        if panelists.len() >= 2 {
            let last = panelists.last().unwrap();
            store
                .add_conflict(last.id, entries[0].id, "dari daerah yang sama")
                .unwrap();
        }
        store.set_phase_plan(&short_plan(2)).unwrap();
        let room = store.add_room("Ruang Utama").unwrap();
        store
            .generate_schedule(
                &[room.id],
                &ScheduleOrder::No,
                &DayPlan::typical(NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(), 480),
            )
            .unwrap();
        let identity = dir.path().join("identity");
        Venue {
            dir,
            db,
            identity,
            panelists,
            entries,
        }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    /// The secretariat's backup of the competition file, taken now (SQLite's online backup).
    pub fn backup(&self) -> PathBuf {
        let backup = self.dir.path().join("backup.panelis");
        rusqlite::Connection::open(&self.db)
            .unwrap()
            .backup(rusqlite::MAIN_DB, &backup, None)
            .unwrap();
        backup
    }

    /// A loopback host of this venue, without mDNS.
    pub fn host_config(&self) -> HostConfig {
        let mut c = HostConfig::new(
            self.db.clone(),
            self.identity.clone(),
            "127.0.0.1:0".parse().unwrap(),
        );
        c.advertise = false;
        c
    }

    /// A station with its own folder and keystore, quick to retry.
    pub fn station_config(&self, name: &str) -> StationConfig {
        let dir = self.dir.path().join(name);
        let mut c = StationConfig::new(dir.join("station"), Keystore::new(dir.join("keys")));
        c.retry_min = Duration::from_millis(50);
        c.retry_max = Duration::from_millis(400);
        c.recheck = Duration::from_millis(200);
        c.timeout = Duration::from_secs(5);
        c
    }
}

/// Every criterion scored `base + i`.
pub fn form(snapshot: &Snapshot, base: i32) -> BallotForm {
    let scores: Vec<_> = snapshot
        .rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, (base + i as i32).clamp(c.scale_min, c.scale_max)))
        .collect();
    BallotForm::with_scores(&scores)
}

//! Synthetic competitions of any size, for tests, the benchmark and previews: entries with
//! long Indonesian titles and non-ASCII names, a panel with a chair, conflicts, a missing
//! ballot, an exact tie, and a schedule with some actual times. Deterministic: the same size
//! gives the same competition (apart from fresh ids).

use crate::documents::{MinutesDetails, ScheduleRow, Signatory};
use chrono::{NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use panelis_core::model::{
    Ballot, BallotStatus, Competition, Conflict, Entry, Panelist, Rubric, Signer,
};
use panelis_core::results::{compute, ResultInput, ResultOptions, ResultTable};
use panelis_core::rubric::default_criteria;
use uuid::Uuid;

/// A whole synthetic competition with its results.
pub struct Sample {
    pub competition: Competition,
    pub entries: Vec<Entry>,
    pub panelists: Vec<Panelist>,
    pub rubric: Rubric,
    pub conflicts: Vec<Conflict>,
    pub ballots: Vec<Ballot>,
    pub results: ResultTable,
    pub schedule: Vec<ScheduleRow>,
    pub minutes: MinutesDetails,
}

const TITLES: &[&str] = &[
    "SMS - Sapa Masyarakat Sekitar",
    "Si Modis (Sistem Informasi Monitoring Distribusi Obat dan Perbekalan Kesehatan Terpadu \
     Berbasis Masyarakat Desa/Kelurahan)",
    "Giatki Ces",
    "Sehati 2020",
    "Jatah Akhirat",
    "Pildacil Desa/Kelurahan",
    "Transportation Smart",
    "Layanan Adminduk Keliling «Jemput Bola» — Dukcapil Kabupaten Kepulauan Selayar",
];

const PANEL: &[(&str, &str)] = &[
    ("Prof. Dr. Andi Rahmawati, M.Si.", "Universitas Hasanuddin"),
    (
        "Dr. Muhammad Yusuf, S.Sos., M.AP.",
        "Ombudsman RI Perwakilan Sulawesi Selatan",
    ),
    (
        "Ir. Sitti Nurhaedah, M.T.",
        "Bappelitbangda Provinsi Sulawesi Selatan",
    ),
    (
        "Drs. Hendra Palinggi, M.Si.",
        "Forum Pemerhati Pelayanan Publik",
    ),
    ("Nurul Fadhilah, S.H., M.H.", "Universitas Negeri Makassar"),
    ("Dr. Zoë Łukasiewicz-Ñúñez", "Lembaga Administrasi Negara"),
    (
        "Andi Mappanyukki Daeng Ngérang",
        "Komisi Informasi Provinsi",
    ),
];

/// A competition with `entries` entries and `panelists` panelists (chair first).
pub fn sample(entries: usize, panelists: usize) -> Sample {
    let competition = Competition {
        id: Uuid::now_v7(),
        name: "KIPP Sulawesi Selatan 2023".into(),
        year: Some(2023),
        organizer: "Biro Organisasi Sekretariat Daerah Provinsi Sulawesi Selatan".into(),
        venue: "Hotel Pantai Losari, Makassar".into(),
        start_date: NaiveDate::from_ymd_opt(2023, 3, 7),
        end_date: NaiveDate::from_ymd_opt(2023, 3, 10),
        created_at: Utc::now(),
    };
    let criteria = default_criteria();
    let rubric = Rubric {
        id: Uuid::now_v7(),
        name: panelis_core::rubric::DEFAULT_RUBRIC_NAME.into(),
        version: 1,
        criteria,
    };
    let entry_list: Vec<Entry> = (0..entries)
        .map(|i| Entry {
            id: Uuid::now_v7(),
            no: i as u32 + 1,
            title: if i < TITLES.len() {
                TITLES[i].to_string()
            } else {
                format!("{} {}", TITLES[i % TITLES.len()], i + 1)
            },
            agency: format!("Pemerintah Kabupaten Contoh {}", i % 24 + 1),
            unit: "Dinas Kesehatan".into(),
            region: format!("Kabupaten {}", i % 24 + 1),
            innovators: String::new(),
            category: "Kabupaten".into(),
            cluster: if i % 3 == 2 {
                "Pemerintah Kota"
            } else {
                "Pemerintah Kabupaten"
            }
            .into(),
            present: Some(true),
            head_attended: i % 3 == 0,
        })
        .collect();
    let panel: Vec<Panelist> = (0..panelists)
        .map(|i| {
            let (name, affiliation) = PANEL[i % PANEL.len()];
            Panelist {
                id: Uuid::now_v7(),
                name: if i < PANEL.len() {
                    name.to_string()
                } else {
                    format!("{name} ({})", i + 1)
                },
                affiliation: affiliation.into(),
                is_chair: i == 0,
                retired_at: None,
            }
        })
        .collect();
    // The last panelist abstains on every 7th entry; nobody scores the last entry.
    let mut conflicts = Vec::new();
    if panelists > 1 {
        for e in entry_list.iter().step_by(7) {
            conflicts.push(Conflict {
                panelist_id: panel[panelists - 1].id,
                entry_id: e.id,
                reason: "Berasal dari daerah yang sama".into(),
            });
        }
    }
    let at = Utc
        .with_ymd_and_hms(2023, 3, 7, 2, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let mut ballots = Vec::new();
    let mut seed: u64 = 0x5eed_1234_abcd_0042;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (ei, e) in entry_list.iter().enumerate() {
        if ei + 1 == entries && entries > 2 {
            continue; // unscored
        }
        for (pi, p) in panel.iter().enumerate() {
            if conflicts
                .iter()
                .any(|c| c.panelist_id == p.id && c.entry_id == e.id)
            {
                continue;
            }
            if ei == 2 && pi == 1 {
                continue; // one ballot still missing
            }
            // Entries 3 and 4 (index 3, 4) get identical ballots: an exact tie.
            let base = if ei == 4 { 3 } else { ei };
            let scores = rubric
                .criteria
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let r = if ei == 4 || ei == 3 {
                        (base * 7 + pi * 3 + k * 5) as u64
                    } else {
                        next()
                    };
                    (c.id, 60 + (r % 41) as i32)
                })
                .collect();
            ballots.push(Ballot {
                id: Uuid::now_v7(),
                panelist_id: p.id,
                entry_id: e.id,
                revision: 1,
                status: BallotStatus::Submitted,
                scores,
                note: if (ei + pi) % 5 == 0 {
                    "Inovasi sudah direplikasi di 3 kecamatan; perlu data dampak yang lebih \
                     terukur."
                        .into()
                } else {
                    String::new()
                },
                criterion_notes: vec![],
                rubric_id: rubric.id,
                rubric_version: rubric.version,
                signer: Some(Signer::Panelist),
                signature: Some(format!("{:0128x}", next())),
                submitted_at: Some(at),
                created_at: at,
                updated_at: at,
            });
        }
    }
    let results = compute(
        ResultInput {
            entries: &entry_list,
            panelists: &panel,
            rubric: &rubric,
            conflicts: &conflicts,
            ballots: &ballots,
        },
        ResultOptions::default(),
    );
    let day0 = NaiveDate::from_ymd_opt(2023, 3, 7).unwrap_or_default();
    let schedule = entry_list
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let per_day = 16;
            let day = day0 + chrono::Days::new((i / per_day) as u64);
            let slot = (i % per_day) as u32;
            let minutes = 8 * 60 + slot * 30 + if slot >= 8 { 60 } else { 0 };
            let start = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default();
            let end = start + chrono::Duration::minutes(25);
            let delay = chrono::Duration::minutes((i % 4) as i64);
            let done = i < entries / 2;
            ScheduleRow {
                day,
                room: "Ruang Sidang Utama".into(),
                position: slot + 1,
                entry_no: e.no,
                title: e.title.clone(),
                agency: e.agency.clone(),
                planned_start: start,
                planned_end: end,
                actual_start: done.then_some(start + delay),
                actual_end: done.then_some(end + delay + chrono::Duration::minutes(1)),
                started_on_another_day: None,
                note: if i % 6 == 0 {
                    "Kepala daerah hadir".into()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    Sample {
        competition,
        entries: entry_list,
        panelists: panel,
        rubric,
        conflicts,
        ballots,
        results,
        schedule,
        minutes: MinutesDetails {
            date: day0,
            place: "Makassar".into(),
            secretariat: vec![Signatory {
                name: "Muh. Arsyad Taufiq, S.STP., M.Si.".into(),
                role: "Sekretariat".into(),
            }],
        },
    }
}

impl Sample {
    /// The input of the blank score sheets for the whole panel, printed at 07:30 in Makassar
    /// (UTC+8) on the first day.
    pub fn blank_input(&self) -> crate::BlankSheetsInput<'_> {
        let wita = chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix());
        crate::BlankSheetsInput {
            competition: &self.competition,
            rubric: &self.rubric,
            entries: &self.entries,
            panelists: &self.panelists,
            conflicts: &self.conflicts,
            printed_at: Utc
                .with_ymd_and_hms(2023, 3, 6, 23, 30, 0)
                .single()
                .unwrap_or_else(Utc::now)
                .with_timezone(&wita),
        }
    }

    /// The input the documents are made from.
    pub fn input(&self) -> crate::ReportInput<'_> {
        crate::ReportInput {
            competition: &self.competition,
            results: &self.results,
            schedule: &self.schedule,
            minutes: &self.minutes,
            logo: None,
            decision: None,
            announce_scores: false,
            utc_offset_minutes: 8 * 60,
            scope: None,
        }
    }
}

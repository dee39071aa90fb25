//! The demo competition: the KIPP Sulawesi Selatan 2023 Top 50 (the first seven entries are
//! real innovations from news reports, the rest made up), five panelists, one room and a
//! generated schedule. Used on first launch and by `panelis demo`.

use crate::model::{NewCompetition, NewEntry};
use crate::schedule::{generate, DayPlan};
use crate::{Error, Result, Store};
use chrono::NaiveDate;
use std::path::Path;

/// The shortlist the demo loads, as a secretariat would receive it.
const SHORTLIST_CSV: &str = include_str!("../data/top50-sulsel-2023.csv");

/// The demo competition's name.
pub const DEMO_NAME: &str = "KIPP Sulawesi Selatan 2023";

/// Creates the demo competition at `path`.
pub fn create(path: &Path) -> Result<Store> {
    let first_day =
        NaiveDate::from_ymd_opt(2023, 3, 7).ok_or_else(|| Error::invalid("date", "bad"))?;
    let mut store = Store::create(
        path,
        &NewCompetition {
            name: DEMO_NAME.into(),
            year: Some(2023),
            organizer: "Biro Organisasi Sekretariat Daerah Provinsi Sulawesi Selatan".into(),
            venue: "Hotel Pantai Losari, Makassar".into(),
            start_date: Some(first_day),
            end_date: first_day.checked_add_days(chrono::Days::new(3)),
        },
    )?;
    store.add_entries(&shortlist()?)?;
    let panel = [
        (
            "Prof. Dr. Andi Rahmawati, M.Si.",
            "Universitas Hasanuddin",
            true,
        ),
        (
            "Dr. Muhammad Yusuf, S.Sos., M.AP.",
            "Ombudsman RI Perwakilan Sulawesi Selatan",
            false,
        ),
        (
            "Ir. Sitti Nurhaedah, M.T.",
            "Bappelitbangda Provinsi Sulawesi Selatan",
            false,
        ),
        (
            "Drs. Hendra Palinggi, M.Si.",
            "Forum Pemerhati Pelayanan Publik",
            false,
        ),
        (
            "Nurul Fadhilah, S.H., M.H.",
            "Universitas Negeri Makassar",
            false,
        ),
    ];
    for (name, affiliation, chair) in panel {
        store.add_panelist(name, affiliation, chair)?;
    }
    let room = store.add_room("Ruang Sidang Utama")?;
    let entries = store.entries()?;
    let plan = store.phase_plan()?;
    let slots = generate(
        room.id,
        &entries,
        &plan,
        &DayPlan::typical(first_day, store.utc_offset_minutes()?),
    )?;
    store.replace_room_slots(room.id, &slots)?;
    Ok(store)
}

/// The demo's entries from the bundled sample sheet.
fn shortlist() -> Result<Vec<NewEntry>> {
    let mut reader = csv::Reader::from_reader(SHORTLIST_CSV.as_bytes());
    reader
        .records()
        .map(|record| {
            let r = record.map_err(|e| Error::invalid("demo shortlist", e.to_string()))?;
            let field = |i: usize| r.get(i).unwrap_or_default().to_string();
            Ok(NewEntry {
                no: field(0)
                    .parse()
                    .map_err(|_| Error::invalid("demo shortlist", "bad No"))?,
                title: field(1),
                agency: field(2),
                unit: field(3),
                region: field(4),
                innovators: field(5),
                category: field(6),
            })
        })
        .collect()
}

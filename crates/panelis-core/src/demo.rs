//! The demo competition: the KIPP Sulawesi Selatan 2023 Top 50 (the first seven entries are
//! real innovations from news reports, the rest made up), five panelists, one room and a
//! generated schedule. Used on first launch and by `panelis demo`.

use crate::model::{NewCompetition, NewEntry};
use crate::schedule::{DayPlan, ScheduleOrder};
use crate::{Result, Store};
use chrono::NaiveDate;
use std::path::Path;

/// The shortlist the demo loads, as a secretariat would receive it.
const SHORTLIST_CSV: &str = include_str!("../data/top50-sulsel-2023.csv");

/// The demo competition's name.
pub const DEMO_NAME: &str = "KIPP Sulawesi Selatan 2023";

/// Creates the demo competition at `path`.
pub fn create(path: &Path) -> Result<Store> {
    let first_day = NaiveDate::from_ymd_opt(2023, 3, 7).unwrap_or_default();
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
    // Top 50 over the four days, as the secretariat plans it: at most 13 a day.
    let mut days = DayPlan::typical(first_day, store.utc_offset_minutes()?);
    days.max_slots_per_day = Some(13);
    store.generate_schedule(&[room.id], &ScheduleOrder::No, &days)?;
    Ok(store)
}

/// The demo's entries from the bundled sample sheet, read as any imported shortlist is.
fn shortlist() -> Result<Vec<NewEntry>> {
    let sheet = crate::shortlist::read_bytes(SHORTLIST_CSV.as_bytes(), "top50-sulsel-2023.csv")?;
    let mut entries = crate::shortlist::parse(&sheet, None)?.new_entries();
    // The sample sheet has no cluster column; its agencies say which cluster each is in.
    for e in &mut entries {
        if e.cluster.is_empty() {
            e.cluster = agency_cluster(&e.agency).to_string();
        }
    }
    Ok(entries)
}

/// The KIPP cluster an agency's name places it in: "Pemerintah Kota Makassar" competes in
/// "Pemerintah Kota". Empty when the name does not say.
fn agency_cluster(agency: &str) -> &'static str {
    let lower = agency.to_lowercase();
    for cluster in [
        "Pemerintah Kabupaten",
        "Pemerintah Kota",
        "Pemerintah Provinsi",
    ] {
        if lower.starts_with(&cluster.to_lowercase()) {
            return cluster;
        }
    }
    ""
}

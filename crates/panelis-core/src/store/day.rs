//! Where the day stands and the next thing to do, as the overview shows it: the stage the
//! competition is at (shortlist, panel, schedule, presentations, scoring, the panel's
//! decision, documents) from what the file holds, one rule, worded in both languages; and
//! the overview screen's whole read (the overview with where the day stands), taken in one
//! call, so the app's first screen needs one round trip.

use crate::lang::Lang;
use crate::model::Overview;
use crate::timer::TimerStatus;
use crate::{Result, Store};
use serde::Serialize;

/// The stage of the day, in the order the day goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// No entries yet: load the shortlist.
    Shortlist,
    /// No panel yet: add the panelists (and the chair).
    Panel,
    /// No schedule yet: build it.
    Schedule,
    /// Nothing called yet: start the day.
    NotStarted,
    /// Presentations under way: `presented` of `slots` finished.
    Presenting,
    /// Every slot presented, ballots still missing.
    Scoring,
    /// Every ballot in: the panel deliberates, the secretariat finalizes.
    Deciding,
    /// Every entry final: issue the official documents.
    Documents,
    /// Final and documents issued.
    Done,
}

/// The stage with its counts and the words to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayStatus {
    pub stage: Stage,
    /// The app's area the next step is done in (`entries`, `panel`, `schedule`, `live`,
    /// `scoring`, `deliberation`, `results`).
    pub area: &'static str,
    pub slots: u32,
    pub presented: u32,
    pub missing_ballots: u32,
    pub finalized: u32,
    pub entries: u32,
    pub documents: u32,
    /// Where the day stands, then the next thing to do.
    pub message_id: String,
    pub message_en: String,
}

/// What the overview screen shows: the competition summed up and where the day stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverviewScreen {
    pub overview: Overview,
    pub day: DayStatus,
}

impl Store {
    /// The overview and where the day stands, read together.
    pub fn overview_screen(&self) -> Result<OverviewScreen> {
        Ok(OverviewScreen {
            overview: self.overview()?,
            day: self.day_status()?,
        })
    }

    /// Where the day stands and what to do next.
    pub fn day_status(&self) -> Result<DayStatus> {
        let entries = u32::try_from(self.entries()?.len()).unwrap_or(u32::MAX);
        let panel = self.panelists()?.len();
        let slots = u32::try_from(self.slots()?.len()).unwrap_or(u32::MAX);
        let actuals = self.slot_actuals(crate::time::now())?;
        let presented = u32::try_from(
            actuals
                .iter()
                .filter(|a| a.status == TimerStatus::Finished)
                .count(),
        )
        .unwrap_or(u32::MAX);
        let quorum = self.quorum()?;
        let missing_ballots = u32::try_from(quorum.missing.len()).unwrap_or(u32::MAX);
        let finalized = u32::try_from(self.finalization_status()?.finalized.len()).unwrap_or(0);
        let documents = u32::try_from(self.issued_documents()?.len()).unwrap_or(0);
        let (stage, area) = if entries == 0 {
            (Stage::Shortlist, "entries")
        } else if panel == 0 {
            (Stage::Panel, "panel")
        } else if slots == 0 {
            (Stage::Schedule, "schedule")
        } else if finalized >= entries && documents > 0 {
            (Stage::Done, "results")
        } else if finalized >= entries {
            (Stage::Documents, "results")
        } else if actuals.is_empty() {
            (Stage::NotStarted, "live")
        } else if presented < slots {
            (Stage::Presenting, "live")
        } else if missing_ballots > 0 {
            (Stage::Scoring, "scoring")
        } else {
            (Stage::Deciding, "deliberation")
        };
        let words = |lang: Lang| {
            words(
                stage,
                lang,
                slots,
                presented,
                missing_ballots,
                finalized,
                entries,
            )
        };
        Ok(DayStatus {
            stage,
            area,
            slots,
            presented,
            missing_ballots,
            finalized,
            entries,
            documents,
            message_id: words(Lang::Id),
            message_en: words(Lang::En),
        })
    }
}

fn words(
    stage: Stage,
    lang: Lang,
    slots: u32,
    presented: u32,
    missing: u32,
    finalized: u32,
    entries: u32,
) -> String {
    match (stage, lang) {
        (Stage::Shortlist, Lang::Id) => {
            "Belum ada inovasi. Berikutnya: impor daftar inovasi (Inovasi).".into()
        }
        (Stage::Shortlist, Lang::En) => {
            "No entries yet. Next: import the shortlist (Entries).".into()
        }
        (Stage::Panel, Lang::Id) => {
            "Belum ada panel. Berikutnya: tambahkan panelis dan ketua (Panelis & Rubrik).".into()
        }
        (Stage::Panel, Lang::En) => {
            "No panel yet. Next: add the panelists and the chair (Panel & Rubric).".into()
        }
        (Stage::Schedule, Lang::Id) => {
            "Belum ada jadwal. Berikutnya: buat jadwal presentasi (Jadwal).".into()
        }
        (Stage::Schedule, Lang::En) => {
            "No schedule yet. Next: build the presentation schedule (Schedule).".into()
        }
        (Stage::NotStarted, Lang::Id) => format!(
            "Jadwal siap: {slots} sesi, belum ada yang dipanggil. Berikutnya: panggil inovasi \
             pertama (Sesi Langsung)."
        ),
        (Stage::NotStarted, Lang::En) => format!(
            "The schedule is ready: {slots} slots, none called yet. Next: call the first entry \
             (Live session)."
        ),
        (Stage::Presenting, Lang::Id) => format!(
            "Presentasi berjalan: {presented} dari {slots} sesi selesai. Berikutnya: lanjutkan \
             (Sesi Langsung)."
        ),
        (Stage::Presenting, Lang::En) => format!(
            "Presentations under way: {presented} of {slots} slots finished. Next: go on (Live \
             session)."
        ),
        (Stage::Scoring, Lang::Id) => format!(
            "Semua sesi selesai; {missing} lembar nilai belum masuk. Berikutnya: lengkapi nilai \
             (Penilaian)."
        ),
        (Stage::Scoring, Lang::En) => format!(
            "Every slot presented; {missing} ballot(s) still missing. Next: complete the scoring \
             (Scoring)."
        ),
        (Stage::Deciding, Lang::Id) => format!(
            "Semua nilai masuk; {finalized} dari {entries} inovasi final. Berikutnya: musyawarah \
             panel dan finalisasi (Musyawarah, Hasil & Dokumen)."
        ),
        (Stage::Deciding, Lang::En) => format!(
            "Every ballot is in; {finalized} of {entries} entries final. Next: the panel's \
             deliberation and finalizing (Deliberation, Results & Documents)."
        ),
        (Stage::Documents, Lang::Id) => {
            "Semua hasil final. Berikutnya: terbitkan dokumen resmi (Hasil & Dokumen).".into()
        }
        (Stage::Documents, Lang::En) => {
            "Every result is final. Next: issue the official documents (Results & Documents)."
                .into()
        }
        (Stage::Done, Lang::Id) => "Hasil final dan dokumen resmi sudah diterbitkan.".into(),
        (Stage::Done, Lang::En) => {
            "The results are final and the official documents issued.".into()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;
    use crate::model::{NewCompetition, NewEntry};

    #[test]
    fn the_day_goes_from_the_shortlist_to_the_schedule_and_says_what_is_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(
            &dir.path().join("k.panelis"),
            &NewCompetition {
                name: "KIPP".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let status = store.day_status().unwrap();
        assert_eq!((status.stage, status.area), (Stage::Shortlist, "entries"));
        assert!(status.message_id.contains("impor daftar inovasi"));
        store
            .add_entries(&[NewEntry {
                no: 1,
                title: "Giatki Ces".into(),
                ..Default::default()
            }])
            .unwrap();
        assert_eq!(store.day_status().unwrap().stage, Stage::Panel);
        store.add_panelist("Dr. Andi", "Unhas", true).unwrap();
        assert_eq!(store.day_status().unwrap().stage, Stage::Schedule);
    }

    #[test]
    fn the_demo_is_ready_to_start_with_its_slots_counted() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let status = store.day_status().unwrap();
        assert!(
            matches!(status.stage, Stage::NotStarted | Stage::Presenting),
            "{status:?}"
        );
        assert_eq!(status.slots, 50);
        assert!(status.message_en.contains("50"), "{}", status.message_en);
    }

    #[test]
    fn the_overview_screen_reads_the_overview_and_the_day_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let screen = store.overview_screen().unwrap();
        assert_eq!(screen.overview, store.overview().unwrap());
        assert_eq!(screen.day, store.day_status().unwrap());
        assert_eq!(screen.overview.competition.name, crate::demo::DEMO_NAME);
        assert_eq!((screen.overview.slots, screen.day.slots), (50, 50));
        // Both parts follow the file: a panelist added shows in the count at once.
        store.add_panelist("Dr. Baru", "Unhas", false).unwrap();
        let after = store.overview_screen().unwrap();
        assert_eq!(after.overview.panelists, screen.overview.panelists + 1);
    }
}

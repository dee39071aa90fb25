//! The domain records of one competition, as the rest of Panelis sees them. Identities are
//! UUIDs so that records made on several laptops never collide; instants are UTC.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The competition a file holds: exactly one per file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competition {
    pub id: Uuid,
    pub name: String,
    pub year: Option<i32>,
    pub organizer: String,
    pub venue: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// What a user gives to create a competition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCompetition {
    pub name: String,
    pub year: Option<i32>,
    #[serde(default)]
    pub organizer: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
}

/// One innovation on the shortlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: Uuid,
    /// The number from the shortlist sheet ("No"); unique within the competition.
    pub no: u32,
    pub title: String,
    pub agency: String,
    pub unit: String,
    pub region: String,
    pub innovators: String,
    pub category: String,
    /// The cluster ("klaster") the entry competes in, e.g. "Pemerintah Kabupaten": the panel's
    /// decision fills per-cluster seats and shows per-cluster standings. Empty: no cluster.
    #[serde(default)]
    pub cluster: String,
    /// Check-in at the venue: `None` until the secretariat marks it.
    pub present: Option<bool>,
    /// Whether the head of the region attended in person (kepala daerah hadir).
    pub head_attended: bool,
}

/// The fields of an entry as they come from a shortlist or a form, before it has an identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEntry {
    pub no: u32,
    pub title: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub innovators: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub cluster: String,
}

/// A member of the independent panel (Tim Panel Independen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panelist {
    pub id: Uuid,
    pub name: String,
    pub affiliation: String,
    /// The chair (ketua); at most one per competition.
    pub is_chair: bool,
    /// When the panelist left the panel after handing in ballots (retired, not deleted: the
    /// ballots they gave still count, nothing more is expected of them); absent while on the
    /// panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<DateTime<Utc>>,
}

/// A conflict of interest: the panelist abstains on the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub panelist_id: Uuid,
    pub entry_id: Uuid,
    pub reason: String,
}

/// A room where presentations take place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: Uuid,
    pub name: String,
}

/// One phase of a presentation slot (video, presentation, testimony, Q&A).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub code: String,
    pub label_id: String,
    pub label_en: String,
    pub seconds: u32,
}

/// The ordered phases of a slot and the changeover that follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhasePlan {
    pub phases: Vec<Phase>,
    pub changeover_seconds: u32,
    /// Remaining seconds at which the live timer turns to warning (one minute by default).
    #[serde(default = "default_warning_seconds")]
    pub warning_seconds: u32,
}

fn default_warning_seconds() -> u32 {
    60
}

impl PhasePlan {
    /// KIPP Sulawesi Selatan style: video 3, presentation 7, testimony 2, Q&A 13; changeover 5.
    pub fn kipp_default() -> Self {
        let phase = |code: &str, id: &str, en: &str, minutes: u32| Phase {
            code: code.into(),
            label_id: id.into(),
            label_en: en.into(),
            seconds: minutes * 60,
        };
        PhasePlan {
            phases: vec![
                phase("video", "Video", "Video", 3),
                phase("presentasi", "Presentasi", "Presentation", 7),
                phase("testimoni", "Testimoni pimpinan", "Head's testimony", 2),
                phase("tanya_jawab", "Tanya jawab", "Questions and answers", 13),
            ],
            changeover_seconds: 5 * 60,
            warning_seconds: default_warning_seconds(),
        }
    }

    /// Length of the slot itself, without the changeover.
    pub fn slot_seconds(&self) -> u32 {
        self.phases.iter().map(|p| p.seconds).sum()
    }
}

/// A presentation slot in the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: Uuid,
    pub room_id: Uuid,
    pub entry_id: Uuid,
    pub position: u32,
    pub planned_start: DateTime<Utc>,
    /// A plan for this slot only; `None` uses the competition's plan.
    pub plan_override: Option<PhasePlan>,
}

/// A band of a criterion's scale and what a score in it means ("85-100: gagasan baru"),
/// shown beside the score field and printed on the paper sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLevel {
    pub min: i32,
    pub max: i32,
    pub label_id: String,
    /// The English label; the Indonesian one stands in when it is empty.
    #[serde(default)]
    pub label_en: String,
}

impl ScoreLevel {
    /// The label in `lang`.
    pub fn label(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::En if !self.label_en.trim().is_empty() => &self.label_en,
            _ => &self.label_id,
        }
    }
}

/// A criterion of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: Uuid,
    /// Short stable code, e.g. `kebaruan`; used in CSV files and on printed sheets.
    pub code: String,
    pub label_id: String,
    pub label_en: String,
    /// A note for panelists beside the score levels (free text), often empty.
    pub guidance: String,
    /// The score levels, from the bottom of the scale to its top, covering it without gap
    /// or overlap; empty when the criterion has none.
    #[serde(default)]
    pub levels: Vec<ScoreLevel>,
    /// Relative weight; a rubric's weights sum to 100.
    pub weight: u32,
    pub scale_min: i32,
    pub scale_max: i32,
}

/// The rubric panelists score on. `version` rises with every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    pub id: Uuid,
    pub name: String,
    pub version: u32,
    pub criteria: Vec<Criterion>,
}

/// The state of one panelist's ballot for one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotStatus {
    Draft,
    Submitted,
}

/// Whose key signed a submitted ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// The panelist, with the key made on the device they score on.
    Panelist,
    /// The secretariat, with a key it holds for that panelist: a paper ballot it typed in.
    Secretariat,
}

/// One revision of one panelist's scores for one entry: one integer per criterion. Drafts
/// change in place; a submitted revision is frozen and signed, and revising it makes a new
/// revision while the old one stays on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub id: Uuid,
    pub panelist_id: Uuid,
    pub entry_id: Uuid,
    pub revision: u32,
    pub status: BallotStatus,
    /// (criterion id, score) in rubric order; a draft may lack some.
    pub scores: Vec<(Uuid, i32)>,
    /// The note on the whole entry.
    pub note: String,
    /// (criterion id, note) in rubric order, only for criteria that have a note.
    #[serde(default)]
    pub criterion_notes: Vec<(Uuid, String)>,
    /// The rubric the scores were given on.
    pub rubric_id: Uuid,
    pub rubric_version: u32,
    /// Whose key signed it; `None` for a draft.
    pub signer: Option<Signer>,
    /// Ed25519 signature of the canonical encoding (`ballot::signing`), hex; `None` for a
    /// draft.
    pub signature: Option<String>,
    /// The instant of submission, to the millisecond, as signed; `None` for a draft.
    pub submitted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An event of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// What the overview screen shows about the open competition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub competition: Competition,
    pub entries: u32,
    pub panelists: u32,
    pub chair: Option<String>,
    pub rooms: u32,
    pub slots: u32,
    pub criteria: u32,
    pub rubric_name: String,
    pub ballots_submitted: u32,
    pub conflicts: u32,
    /// The venue's offset and zone, in which every screen shows instants.
    pub venue_clock: crate::time::VenueClock,
}

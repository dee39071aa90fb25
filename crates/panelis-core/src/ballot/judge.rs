//! The one rule for whether a ballot is taken, for every path a ballot comes by: a USB
//! ballot file, the venue LAN host, the panelist's station, paper ballots and scoring on this
//! laptop. [`may_score`] says whether a panelist may score an entry at all; [`judge`] decides
//! one signed ballot against what is on record. Each refusal is a [`BallotRefusal`] with a
//! stable code (the LAN host sends it on the wire as is) and its words in both languages, here
//! and nowhere else.
//!
//! What is on record comes through [`BallotRecord`]: the competition file implements it, and
//! so does a station's copy of the competition, so both judge by the same function.

use crate::lang::Lang;
use crate::model::{Ballot, BallotStatus, Rubric};
use crate::scoring::fits_scale;
use crate::Result;
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use serde::Serialize;
use uuid::Uuid;

/// How far after the host's clock a ballot's signed submission time may lie: a station's
/// clock follows the host's within a round trip, a laptop's own clock drifts by seconds. A
/// ballot beyond it carries a time no one can have signed it at, and is refused rather than
/// stored with a made-up time or one quietly changed.
pub const FUTURE_TOLERANCE: chrono::Duration = chrono::Duration::minutes(10);

/// What [`may_score`] needs to know of the competition: its entries, conflicts of interest
/// and finalized entries (a station's copy of the competition holds them too).
pub trait ScoringRecord {
    /// The entry's number, or `None` when it is not in this competition.
    fn entry_no(&self, entry_id: Uuid) -> Result<Option<u32>>;
    /// Why the panelist abstains on the entry (conflict of interest), if they do.
    fn conflict(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<Option<String>>;
    /// Whether the entry's results are final.
    fn is_finalized(&self, entry_id: Uuid) -> Result<bool>;
    /// Whether the panelist retired from the panel (a station's copy does not know; the host
    /// it sends to does).
    fn is_retired(&self, _panelist_id: Uuid) -> Result<bool> {
        Ok(false)
    }
}

/// What [`judge`] needs besides: the ballots on record.
pub trait BallotRecord: ScoringRecord {
    /// Every revision on record (drafts too) of the panelist's ballot for the entry.
    fn revisions(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<Vec<Ballot>>;
    /// Whether a ballot of this id is on record anywhere (ids are never reused).
    fn ballot_id_taken(&self, _ballot_id: Uuid) -> Result<bool> {
        Ok(false)
    }
}

/// Why a ballot is not taken: one variant per rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum BallotRefusal {
    /// The ballot (or its file) is of another competition, named when its file names it.
    WrongCompetition {
        #[serde(skip_serializing_if = "Option::is_none")]
        competition: Option<String>,
    },
    /// The ballot names another panelist than the one it came for.
    WrongPanelist,
    /// Neither the file nor the competition holds a key for the ballot's signer.
    NoKey,
    /// The ballot is signed with a key other than the one registered for the panelist.
    KeyMismatch,
    /// A paper ballot over one the panelist signed on their own device: a correction is the
    /// panelist's new revision, never the secretariat's typing over it.
    SignedOnDevice { entry_no: u32, revision: u32 },
    /// This laptop holds a key for the panelist other than the one registered (their own
    /// signing key, or with `paper` the secretariat's paper-ballot key): it cannot sign
    /// their ballots.
    DeviceKeyMismatch { panelist: String, paper: bool },
    /// The ballot file announces a key for a panelist who has none registered, and nobody
    /// confirmed it: a file cannot vouch for itself. The fingerprint is the key's, to be
    /// compared with the one the panelist's laptop shows.
    UnregisteredKey { fingerprint: String },
    /// The signature does not verify: the ballot was altered or signed by another key.
    BadSignature,
    /// The scores do not fit the competition's rubric (criteria, order, version or range).
    RubricMismatch,
    /// The entry is not in this competition.
    UnknownEntry,
    /// The panelist abstains on the entry (conflict of interest).
    Conflicted { entry_no: u32, reason: String },
    /// The entry's results are final.
    Finalized { entry_no: u32 },
    /// The panelist retired from the panel: the ballots they gave count, no new one is taken.
    PanelistRetired,
    /// This revision is on record with other content; it is never overwritten.
    RevisionConflict { revision: u32 },
    /// The same revision twice in one batch (a ballot file).
    RepeatedInBatch { revision: u32 },
    /// A revision older than the latest on record, sent without that latest one: a replay or
    /// an out-of-date copy. Nothing is lost: the newer revision stands.
    StaleRevision { revision: u32, latest: u32 },
    /// The ballot says it was submitted more than [`FUTURE_TOLERANCE`] after the host's clock
    /// (a device whose clock is wrong, or a made-up time).
    FromTheFuture {
        submitted_at: DateTime<Utc>,
        host_now: DateTime<Utc>,
    },
}

impl BallotRefusal {
    /// Stable code for the page, the scripts and the LAN wire.
    pub fn code(&self) -> &'static str {
        match self {
            BallotRefusal::WrongCompetition { .. } => "wrong_competition",
            BallotRefusal::WrongPanelist => "wrong_panelist",
            BallotRefusal::NoKey => "no_key",
            BallotRefusal::KeyMismatch => "key_mismatch",
            BallotRefusal::DeviceKeyMismatch { .. } => "device_key_mismatch",
            BallotRefusal::SignedOnDevice { .. } => "signed_on_device",
            BallotRefusal::UnregisteredKey { .. } => "unregistered_key",
            BallotRefusal::BadSignature => "bad_signature",
            BallotRefusal::RubricMismatch => "rubric_mismatch",
            BallotRefusal::UnknownEntry => "unknown_entry",
            BallotRefusal::Conflicted { .. } => "conflicted",
            BallotRefusal::Finalized { .. } => "finalized",
            BallotRefusal::PanelistRetired => "panelist_retired",
            BallotRefusal::RevisionConflict { .. } => "revision_conflict",
            BallotRefusal::RepeatedInBatch { .. } => "repeated_in_batch",
            BallotRefusal::StaleRevision { .. } => "stale_revision",
            BallotRefusal::FromTheFuture { .. } => "from_the_future",
        }
    }

    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            BallotRefusal::WrongCompetition { competition: None } => pick(
                "surat suara ini milik kompetisi lain",
                "the ballot is of another competition",
            ),
            BallotRefusal::WrongCompetition {
                competition: Some(name),
            } => match lang {
                Lang::Id => format!(
                    "berkas lembar nilai ini milik kompetisi lain ({}); tidak ada yang diimpor",
                    crate::text::excerpt(name)
                ),
                Lang::En => format!(
                    "the ballot file is of another competition ({}); nothing was imported",
                    crate::text::excerpt(name)
                ),
            },
            BallotRefusal::WrongPanelist => pick(
                "surat suara ini atas nama panelis lain",
                "the ballot names another panelist",
            ),
            BallotRefusal::NoKey => pick(
                "kunci publik tidak ada dalam berkas maupun di sini",
                "no public key for this signer in the file or on record",
            ),
            BallotRefusal::KeyMismatch => pick(
                "ditandatangani dengan kunci lain dari yang terdaftar untuk panelis ini",
                "signed with a key other than the one registered for this panelist",
            ),
            BallotRefusal::DeviceKeyMismatch { panelist, paper } => match (paper, lang) {
                (false, Lang::Id) => format!(
                    "kunci tanda tangan lain sudah terdaftar untuk {panelist}; perangkat ini \
                     tidak dapat menandatangani lembar nilainya"
                ),
                (false, Lang::En) => format!(
                    "a different signing key is registered for {panelist}; this device cannot \
                     sign their ballots"
                ),
                (true, Lang::Id) => format!(
                    "kunci lembar kertas lain sudah terdaftar untuk {panelist}; masukkan lembar \
                     kertasnya di laptop yang memegang kunci itu"
                ),
                (true, Lang::En) => format!(
                    "a different paper-ballot key is registered for {panelist}; enter their \
                     paper ballots on the laptop that holds it"
                ),
            },
            BallotRefusal::SignedOnDevice { entry_no, revision } => match lang {
                Lang::Id => format!(
                    "revisi {revision} No {entry_no} ditandatangani panelis di perangkatnya \
                     sendiri; koreksinya adalah revisi baru dari panelis itu, bukan lembar kertas"
                ),
                Lang::En => format!(
                    "revision {revision} of No {entry_no} was signed by the panelist on their \
                     own device; a correction is that panelist's new revision, not a paper ballot"
                ),
            },
            BallotRefusal::UnregisteredKey { fingerprint } => match lang {
                Lang::Id => format!(
                    "kunci tanda tangan dalam berkas belum terdaftar untuk panelis ini (sidik \
                     jari {fingerprint}); cocokkan dengan yang tampil di laptop panelis, lalu \
                     terima kunci itu (`--accept-key`)"
                ),
                Lang::En => format!(
                    "the file's signing key is not registered for this panelist (fingerprint \
                     {fingerprint}); compare it with the one the panelist's laptop shows, then \
                     accept that key (`--accept-key`)"
                ),
            },
            BallotRefusal::BadSignature => pick(
                "tanda tangan tidak cocok dengan isi surat suara",
                "the signature does not verify: the ballot was altered or signed by another key",
            ),
            BallotRefusal::RubricMismatch => pick(
                "nilai tidak sesuai dengan rubrik kompetisi ini",
                "the scores do not fit this competition's rubric",
            ),
            BallotRefusal::UnknownEntry => pick(
                "inovasi tidak ada dalam kompetisi ini",
                "the entry is not in this competition",
            ),
            BallotRefusal::Conflicted { entry_no, reason } => {
                let why = if reason.trim().is_empty() {
                    String::new()
                } else {
                    format!(": {reason}")
                };
                match lang {
                    Lang::Id => format!(
                        "panelis abstain pada inovasi No {entry_no} (konflik kepentingan{why})"
                    ),
                    Lang::En => format!(
                        "the panelist abstains on entry No {entry_no} (conflict of interest{why})"
                    ),
                }
            }
            BallotRefusal::Finalized { entry_no } => match lang {
                Lang::Id => format!(
                    "hasil inovasi No {entry_no} sudah final; surat suara tidak diterima lagi"
                ),
                Lang::En => format!(
                    "entry No {entry_no} is finalized; ballots for it are no longer accepted"
                ),
            },
            BallotRefusal::PanelistRetired => pick(
                "panelis ini sudah mundur dari panel; surat suaranya yang sudah masuk tetap \
                 dihitung, yang baru tidak diterima",
                "the panelist has left the panel; the ballots they gave still count, a new one \
                 is not accepted",
            ),
            BallotRefusal::RevisionConflict { revision } => match lang {
                Lang::Id => format!("revisi {revision} sudah tercatat dengan isi lain"),
                Lang::En => format!("revision {revision} is already on record with other content"),
            },
            BallotRefusal::RepeatedInBatch { revision } => match lang {
                Lang::Id => format!("revisi {revision} muncul dua kali dalam berkas"),
                Lang::En => format!("revision {revision} appears twice in the file"),
            },
            BallotRefusal::StaleRevision { revision, latest } => match lang {
                Lang::Id => format!(
                    "revisi {revision} lebih lama dari revisi {latest} yang sudah tercatat \
                     (dikirim ulang); revisi {latest} tetap berlaku"
                ),
                Lang::En => format!(
                    "revision {revision} is older than revision {latest} on record (a replay); \
                     revision {latest} stands"
                ),
            },
            BallotRefusal::FromTheFuture {
                submitted_at,
                host_now,
            } => {
                let at = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
                let minutes = FUTURE_TOLERANCE.num_minutes();
                match lang {
                    Lang::Id => format!(
                        "waktu kirim surat suara {} lebih dari {minutes} menit setelah jam tuan \
                         rumah ({}); periksa jam perangkat yang menilai",
                        at(submitted_at),
                        at(host_now)
                    ),
                    Lang::En => format!(
                        "the ballot says it was submitted at {}, more than {minutes} minutes \
                         after the host's clock ({}); check the clock of the device that scored it",
                        at(submitted_at),
                        at(host_now)
                    ),
                }
            }
        }
    }
}

impl std::fmt::Display for BallotRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// What is decided of one ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// New and good: store it.
    Accept,
    /// Exactly this revision is on record already: nothing to store, nothing wrong.
    AlreadyPresent,
    /// Not taken, and why.
    Refuse(BallotRefusal),
}

/// Whether the panelist may score the entry at all: it is in the competition, the panelist
/// is still on the panel and does not abstain on it, and its results are not final. The entry's number when they may.
pub fn may_score(
    record: &impl ScoringRecord,
    panelist_id: Uuid,
    entry_id: Uuid,
) -> Result<std::result::Result<u32, BallotRefusal>> {
    let Some(entry_no) = record.entry_no(entry_id)? else {
        return Ok(Err(BallotRefusal::UnknownEntry));
    };
    if record.is_retired(panelist_id)? {
        return Ok(Err(BallotRefusal::PanelistRetired));
    }
    if let Some(reason) = record.conflict(panelist_id, entry_id)? {
        return Ok(Err(BallotRefusal::Conflicted { entry_no, reason }));
    }
    if record.is_finalized(entry_id)? {
        return Ok(Err(BallotRefusal::Finalized { entry_no }));
    }
    Ok(Ok(entry_no))
}

/// Whether the scores fit the rubric: its id and version, every criterion once in order,
/// each score on its criterion's scale.
pub fn fits_rubric(ballot: &Ballot, rubric: &Rubric) -> bool {
    ballot.rubric_id == rubric.id
        && ballot.rubric_version == rubric.version
        && ballot.scores.len() == rubric.criteria.len()
        && ballot
            .scores
            .iter()
            .zip(&rubric.criteria)
            .all(|((id, score), c)| *id == c.id && fits_scale(c, *score))
}

/// Whether two ballots are the same revision with the same content and signature.
fn same_ballot(a: &Ballot, b: &Ballot) -> bool {
    a.id == b.id
        && a.signature == b.signature
        && a.scores == b.scores
        && a.note == b.note
        && a.criterion_notes == b.criterion_notes
}

/// Decides one signed ballot of a batch (a ballot file, or the one ballot a station sends):
/// signed with `key` (or why there is no key to check it with), of this rubric, of an entry
/// the panelist may score, and consistent with the revisions on record and the ones of the
/// batch already accepted (`accepted`) or still to come (`batch`, the whole batch).
///
/// A revision older than the latest on record is stale unless the batch carries that latest
/// one too: a station's replay of an old revision is refused, while a ballot file that
/// holds a panelist's whole history can be imported again and is "already present".
///
/// `now` is the host's clock (the authority on time): a ballot signed as submitted more than
/// [`FUTURE_TOLERANCE`] after it is refused.
#[allow(clippy::too_many_arguments)]
pub fn judge(
    record: &impl BallotRecord,
    competition_id: Uuid,
    rubric: &Rubric,
    key: std::result::Result<&VerifyingKey, BallotRefusal>,
    ballot: &Ballot,
    batch: &[Ballot],
    accepted: &[Ballot],
    now: DateTime<Utc>,
) -> Result<Verdict> {
    let refuse = |r| Ok(Verdict::Refuse(r));
    let key = match key {
        Ok(key) => key,
        Err(refusal) => return refuse(refusal),
    };
    if crate::ballot::signing::verify_ballot(ballot, competition_id, key).is_err() {
        return refuse(BallotRefusal::BadSignature);
    }
    if let Some(submitted_at) = ballot.submitted_at.filter(|t| *t > now + FUTURE_TOLERANCE) {
        return refuse(BallotRefusal::FromTheFuture {
            submitted_at,
            host_now: now,
        });
    }
    let on_record = record.revisions(ballot.panelist_id, ballot.entry_id)?;
    let latest = on_record
        .iter()
        .filter(|b| b.status == BallotStatus::Submitted)
        .map(|b| b.revision)
        .max();
    let carried = |revision: u32| {
        batch
            .iter()
            .any(|b| b.entry_id == ballot.entry_id && b.revision == revision)
    };
    let stale = latest
        .filter(|l| *l > ballot.revision && !carried(*l))
        .map(|latest| BallotRefusal::StaleRevision {
            revision: ballot.revision,
            latest,
        });
    if let Some(existing) = on_record
        .iter()
        .find(|b| b.id == ballot.id || b.revision == ballot.revision)
    {
        return match (same_ballot(existing, ballot), stale) {
            (true, Some(stale)) => refuse(stale),
            (true, None) => Ok(Verdict::AlreadyPresent),
            (false, _) => refuse(BallotRefusal::RevisionConflict {
                revision: ballot.revision,
            }),
        };
    }
    if let Some(stale) = stale {
        return refuse(stale);
    }
    if record.ballot_id_taken(ballot.id)? {
        return refuse(BallotRefusal::RevisionConflict {
            revision: ballot.revision,
        });
    }
    if accepted.iter().any(|a| {
        a.id == ballot.id || (a.entry_id == ballot.entry_id && a.revision == ballot.revision)
    }) {
        return refuse(BallotRefusal::RepeatedInBatch {
            revision: ballot.revision,
        });
    }
    if let Err(refusal) = may_score(record, ballot.panelist_id, ballot.entry_id)? {
        return refuse(refusal);
    }
    if !fits_rubric(ballot, rubric) {
        return refuse(BallotRefusal::RubricMismatch);
    }
    Ok(Verdict::Accept)
}

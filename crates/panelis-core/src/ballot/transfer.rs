//! The ballot file: one panelist's submitted ballots with their signatures and public keys,
//! as JSON, carried from a scoring laptop to the secretariat's on a USB stick. Reading it
//! checks only its shape; `Store::import_ballots` verifies every signature and decides.
//!
//! ```json
//! { "format": "panelis-ballots", "version": 1,
//!   "competition_id": "...", "competition": "KIPP Sulawesi Selatan 2023",
//!   "panelist_id": "...", "panelist": "Nurul Fadhilah, S.H., M.H.",
//!   "public_key": "64 hex", "paper_public_key": null, "exported_at": "...",
//!   "ballots": [{ "id": "...", "entry_id": "...", "entry_no": 7, "revision": 1,
//!                 "signer": "panelist", "submitted_at": "...", "rubric_id": "...",
//!                 "rubric_version": 1, "note": "",
//!                 "scores": [{ "criterion_id": "...", "code": "kebaruan", "score": 80, "note": "" }],
//!                 "signature": "128 hex" }] }
//! ```

use crate::model::{Ballot, BallotStatus, Criterion, Signer};

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use std::path::Path;
use uuid::Uuid;

/// The `format` value of a ballot file.
pub const FORMAT: &str = "panelis-ballots";

/// The file version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// A ballot file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotFile {
    pub format: String,
    pub version: u32,
    pub competition_id: Uuid,
    /// The competition's name, for people reading the file.
    pub competition: String,
    pub panelist_id: Uuid,
    pub panelist: String,
    /// The panelist's own public key (hex): verifies ballots whose signer is `panelist`.
    pub public_key: Option<String>,
    /// The secretariat's key for this panelist (hex): verifies paper ballots.
    pub paper_public_key: Option<String>,
    pub exported_at: DateTime<Utc>,
    pub ballots: Vec<FileBallot>,
}

/// One submitted ballot revision in a ballot file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileBallot {
    pub id: Uuid,
    pub entry_id: Uuid,
    /// The entry's number, for people reading the file.
    pub entry_no: u32,
    pub revision: u32,
    pub signer: Signer,
    pub submitted_at: DateTime<Utc>,
    pub rubric_id: Uuid,
    pub rubric_version: u32,
    #[serde(default)]
    pub note: String,
    /// In rubric order.
    pub scores: Vec<FileScore>,
    pub signature: String,
}

/// One criterion's score and note in a ballot file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileScore {
    pub criterion_id: Uuid,
    /// The criterion's code, for people reading the file.
    pub code: String,
    pub score: i32,
    #[serde(default)]
    pub note: String,
}

impl FileBallot {
    /// A submitted ballot as it goes into the file.
    pub fn of(ballot: &Ballot, entry_no: u32, criteria: &[Criterion]) -> Result<Self> {
        let (Some(signer), Some(submitted_at), Some(signature)) =
            (ballot.signer, ballot.submitted_at, ballot.signature.clone())
        else {
            return Err(Error::BallotData(
                crate::ballot::unreadable::BallotDataRefusal::OnlySubmittedExported,
            ));
        };
        let scores = ballot
            .scores
            .iter()
            .map(|(id, score)| FileScore {
                criterion_id: *id,
                code: criteria
                    .iter()
                    .find(|c| c.id == *id)
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                score: *score,
                note: ballot
                    .criterion_notes
                    .iter()
                    .find(|(c, _)| c == id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Ok(FileBallot {
            id: ballot.id,
            entry_id: ballot.entry_id,
            entry_no,
            revision: ballot.revision,
            signer,
            submitted_at,
            rubric_id: ballot.rubric_id,
            rubric_version: ballot.rubric_version,
            note: ballot.note.clone(),
            scores,
            signature,
        })
    }

    /// The ballot as Panelis holds it, for `panelist_id`.
    pub fn to_ballot(&self, panelist_id: Uuid) -> Ballot {
        Ballot {
            id: self.id,
            panelist_id,
            entry_id: self.entry_id,
            revision: self.revision,
            status: BallotStatus::Submitted,
            scores: self
                .scores
                .iter()
                .map(|s| (s.criterion_id, s.score))
                .collect(),
            note: self.note.clone(),
            criterion_notes: self
                .scores
                .iter()
                .filter(|s| !s.note.trim().is_empty())
                .map(|s| (s.criterion_id, s.note.clone()))
                .collect(),
            rubric_id: self.rubric_id,
            rubric_version: self.rubric_version,
            signer: Some(self.signer),
            signature: Some(self.signature.clone()),
            submitted_at: Some(self.submitted_at),
            created_at: self.submitted_at,
            updated_at: self.submitted_at,
        }
    }
}

impl BallotFile {
    /// The fingerprints ([`crate::ballot::signing::key_fingerprint`]) of the signing keys the
    /// file announces, to be compared on the receiving laptop before they are accepted.
    pub fn key_fingerprints(&self) -> Vec<String> {
        [&self.public_key, &self.paper_public_key]
            .into_iter()
            .flatten()
            .filter_map(|hex| crate::ballot::signing::parse_public_key(hex.as_bytes()).ok())
            .map(|k| crate::ballot::signing::key_fingerprint(&k))
            .collect()
    }

    /// Reads and checks the shape of a ballot file.
    pub fn read(path: &Path) -> Result<BallotFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        Self::parse(&text)
    }

    /// Parses a ballot file's text.
    pub fn parse(text: &str) -> Result<BallotFile> {
        // A file saved again by an editor that adds a byte order mark is still the file.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::NotJson {
                cause: e.to_string(),
            })
        })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Error::BallotData(
                crate::ballot::unreadable::BallotDataRefusal::NotABallotFile,
            ));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(FORMAT_VERSION) {
            return Err(Error::BallotData(
                crate::ballot::unreadable::BallotDataRefusal::NewerFile { version },
            ));
        }
        serde_json::from_value(value).map_err(|e| {
            Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::Malformed {
                cause: e.to_string(),
            })
        })
    }

    /// Writes the file: to a temporary name beside it first, synced, then renamed, so a
    /// stick pulled out early leaves no half file under the real name.
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| Error::Io {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        text.push('\n');
        crate::atomic::write_file(path, text.as_bytes(), crate::atomic::Access::Shared)
    }
}

/// A ballot file ready to write, and the ballots left out because they failed verification.
#[derive(Debug, Clone)]
pub struct BallotExport {
    pub file: BallotFile,
    pub failed: Vec<(Ballot, String)>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub panelist: String,
    /// Ballot revisions added.
    pub imported: u32,
    /// Ballot revisions that were here already, unchanged.
    pub already_present: u32,
    pub rejected: Vec<RejectedBallot>,
    /// Keys registered by this import (the panelist's first ballots here).
    pub keys_registered: Vec<Signer>,
    /// Keys the file announces that are not registered and were not confirmed: their
    /// ballots were refused; compare each fingerprint with the panelist's laptop.
    pub unregistered_keys: Vec<UnregisteredKey>,
}

/// A signing key a ballot file announces that is not registered here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnregisteredKey {
    pub signer: Signer,
    /// [`crate::ballot::signing::key_fingerprint`]: 32 hex digits in groups of four.
    pub fingerprint: String,
}

/// A ballot of a file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedBallot {
    pub ballot_id: Uuid,
    pub entry_no: u32,
    pub revision: u32,
    pub reason_id: String,
    pub reason_en: String,
    /// The refusal's stable code ([`crate::ballot::judge::BallotRefusal::code`]).
    #[serde(default)]
    pub code: String,
}

//! Reading an audit anchor out of a file handed to `panelis audit verify --against`: a signed
//! document states the audit head at its issue (signed with it), a backup of the competition
//! holds the head of its moment. Each must be this competition's; a document whose signature
//! fails anchors nothing.

use crate::{verify, ReportError, Result};
use panelis_core::lang::Lang;
use panelis_core::store::{recorded_head, AuditAnchor};
use panelis_core::Store;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Why a file handed in as an anchor anchors nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AnchorRefusal {
    /// A document whose signature or content does not verify.
    InvalidDocument { cause: String },
    /// A document of another competition.
    OtherCompetitionDocument,
    /// A document issued before documents stated the audit head.
    NoAuditHead,
    /// A backup of another competition.
    OtherCompetitionBackup,
    /// A backup without audit events.
    NoEvents,
    /// A station's file of another competition.
    OtherCompetitionStation,
    /// A station's file that cannot be read.
    UnreadableStation { cause: String },
}

impl AnchorRefusal {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            AnchorRefusal::InvalidDocument { .. } => "anchor_invalid_document",
            AnchorRefusal::OtherCompetitionDocument => "anchor_other_competition",
            AnchorRefusal::NoAuditHead => "anchor_no_audit_head",
            AnchorRefusal::OtherCompetitionBackup => "anchor_other_competition",
            AnchorRefusal::NoEvents => "anchor_no_events",
            AnchorRefusal::OtherCompetitionStation => "anchor_other_competition",
            AnchorRefusal::UnreadableStation { .. } => "anchor_unreadable_station",
        }
    }

    /// What the checker said, if anything.
    pub fn cause(&self) -> Option<&str> {
        match self {
            AnchorRefusal::InvalidDocument { cause }
            | AnchorRefusal::UnreadableStation { cause } => Some(cause),
            _ => None,
        }
    }

    /// The refusal in `lang`, after the file's name.
    pub fn message(&self, lang: Lang) -> String {
        lang.pick(
            match self {
                AnchorRefusal::InvalidDocument { .. } => {
                    "tidak menjadi jangkar: dokumennya tidak sah"
                }
                AnchorRefusal::OtherCompetitionDocument => "adalah dokumen kompetisi lain",
                AnchorRefusal::NoAuditHead => {
                    "tidak menyebut kepala log audit (diterbitkan Panelis versi lama)"
                }
                AnchorRefusal::OtherCompetitionBackup => "adalah cadangan kompetisi lain",
                AnchorRefusal::NoEvents => "tidak memuat peristiwa audit",
                AnchorRefusal::OtherCompetitionStation => "adalah stasiun kompetisi lain",
                AnchorRefusal::UnreadableStation { .. } => "tidak dapat dibaca sebagai stasiun",
            },
            match self {
                AnchorRefusal::InvalidDocument { .. } => {
                    "anchors nothing: the document is not valid"
                }
                AnchorRefusal::OtherCompetitionDocument => "is a document of another competition",
                AnchorRefusal::NoAuditHead => "states no audit head (issued by an older Panelis)",
                AnchorRefusal::OtherCompetitionBackup => "is a backup of another competition",
                AnchorRefusal::NoEvents => "holds no audit events",
                AnchorRefusal::OtherCompetitionStation => "is a station of another competition",
                AnchorRefusal::UnreadableStation { .. } => "cannot be read as a station file",
            },
        )
        .to_string()
    }
}

fn refused(path: &Path, refusal: AnchorRefusal) -> ReportError {
    ReportError::Anchor {
        path: path.to_path_buf(),
        refusal,
    }
}

/// The audit head `path` (a signed PDF or a backup) recorded for `store`'s competition.
pub fn audit_anchor_of(path: &Path, store: &Store) -> Result<AuditAnchor> {
    let competition = store.competition()?.id;
    let bytes = std::fs::read(path).map_err(|e| ReportError::io(path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if bytes.starts_with(b"%PDF") {
        let doc = verify(&bytes).map_err(|e| {
            refused(
                path,
                AnchorRefusal::InvalidDocument {
                    cause: e.to_string(),
                },
            )
        })?;
        if doc.result_data.competition_id != competition {
            return Err(refused(path, AnchorRefusal::OtherCompetitionDocument));
        }
        let head = doc
            .audit_head
            .ok_or_else(|| refused(path, AnchorRefusal::NoAuditHead))?;
        let id = doc.document_id.map(|i| i.to_string()).unwrap_or_default();
        return Ok(AuditAnchor {
            source: format!("document {id} v{} ({name})", doc.version.unwrap_or(0)),
            head,
        });
    }
    let (id, head) = recorded_head(path)?;
    if id != competition {
        return Err(refused(path, AnchorRefusal::OtherCompetitionBackup));
    }
    let head = head.ok_or_else(|| refused(path, AnchorRefusal::NoEvents))?;
    Ok(AuditAnchor {
        source: format!("backup {name}"),
        head,
    })
}

/// The refusal for a file named as an anchor that is of no use (for front ends that read
/// other kinds of anchor files themselves, such as a station's).
pub fn refusal(path: PathBuf, refusal: AnchorRefusal) -> ReportError {
    ReportError::Anchor { path, refusal }
}

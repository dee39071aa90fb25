//! Reading an audit anchor out of a file handed to `panelis audit verify --against`: a signed
//! document states the audit head at its issue (signed with it), a backup of the competition
//! holds the head of its moment. Each must be this competition's; a document whose signature
//! fails anchors nothing.

use crate::verify;
use panelis_core::store::{recorded_head, AuditAnchor};
use panelis_core::{Error, Result, Store};
use std::path::Path;

fn refused(path: &Path, reason: impl Into<String>) -> Error {
    Error::invalid(path.display().to_string(), reason)
}

/// The audit head `path` (a signed PDF or a backup) recorded for `store`'s competition.
pub fn audit_anchor_of(path: &Path, store: &Store) -> Result<AuditAnchor> {
    let competition = store.competition()?.id;
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if bytes.starts_with(b"%PDF") {
        let doc = verify(&bytes).map_err(|e| {
            refused(
                path,
                format!("anchors nothing: the document is not valid ({e})"),
            )
        })?;
        if doc.result_data.competition_id != competition {
            return Err(refused(path, "is a document of another competition"));
        }
        let head = doc
            .audit_head
            .ok_or_else(|| refused(path, "states no audit head (issued by an older Panelis)"))?;
        let id = doc.document_id.map(|i| i.to_string()).unwrap_or_default();
        return Ok(AuditAnchor {
            source: format!("document {id} v{} ({name})", doc.version.unwrap_or(0)),
            head,
        });
    }
    let (id, head) = recorded_head(path)?;
    if id != competition {
        return Err(refused(path, "is a backup of another competition"));
    }
    let head = head.ok_or_else(|| refused(path, "holds no audit events"))?;
    Ok(AuditAnchor {
        source: format!("backup {name}"),
        head,
    })
}

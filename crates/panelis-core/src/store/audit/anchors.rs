//! Heads of the audit chain recorded outside the competition file: every signed document
//! embeds the head at its issue, and every backup holds the head of its moment. Someone with
//! the file can cut the newest events and move the head back, or delete an event and
//! recompute every later hash; the file alone then looks whole. A head recorded elsewhere
//! still names an event (its number and hash) that such a log no longer has, and this is
//! where that is checked.

use super::{head, AuditBreak};
use crate::store::Cached;
use crate::store::{Store, APPLICATION_ID};
use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The head of the chain: how many events it has and the hash of the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub count: i64,
    pub hash: String,
}

impl AuditHead {
    /// "count:hash", as a document's Info dictionary carries it.
    pub fn to_text(&self) -> String {
        format!("{}:{}", self.count, self.hash)
    }

    /// The head in [`AuditHead::to_text`]'s form; `None` when it is not.
    pub fn parse(text: &str) -> Option<AuditHead> {
        let (count, hash) = text.split_once(':')?;
        let count: i64 = count.parse().ok()?;
        (count >= 0 && hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit())).then(|| {
            AuditHead {
                count,
                hash: hash.to_lowercase(),
            }
        })
    }
}

/// A head recorded outside the file, and where: "document <id> v2 (recap.pdf)", "backup
/// kipp.2023-03-07T10-00-00.final.panelis".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditAnchor {
    pub source: String,
    pub head: AuditHead,
}

/// The competition id and audit head another competition file (a backup) holds, read
/// without writing to it.
pub fn recorded_head(path: &Path) -> Result<(uuid::Uuid, Option<AuditHead>)> {
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
            Error::Io {
                path: path.to_owned(),
                reason: e.to_string(),
            }
        })?;
    let not_ours = || Error::NotACompetition {
        path: path.to_owned(),
    };
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|_| not_ours())?;
    if app_id != APPLICATION_ID {
        return Err(not_ours());
    }
    let id: String = conn
        .row("SELECT id FROM competition LIMIT 1", [], |r| r.get(0))
        .optional()?
        .ok_or_else(not_ours)?;
    let id = crate::store::parse_uuid(&id)?;
    let head = head(&conn)?.map(|(count, hash)| AuditHead { count, hash });
    Ok((id, head))
}

impl Store {
    /// The head of this file's chain; `None` before the first event.
    pub fn audit_head(&self) -> Result<Option<AuditHead>> {
        Ok(head(self.conn())?.map(|(count, hash)| AuditHead { count, hash }))
    }

    /// Each anchor whose event is not in this log as it was recorded: missing (the log was
    /// cut) or different (rewritten from there on). Empty when every anchor is in the log.
    pub fn audit_anchor_breaks(&self, anchors: &[AuditAnchor]) -> Result<Vec<AuditBreak>> {
        let last: i64 =
            self.conn()
                .row("SELECT COALESCE(MAX(seq), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })?;
        let mut breaks = Vec::new();
        for anchor in anchors {
            let AuditHead { count, hash } = &anchor.head;
            if *count == 0 {
                continue;
            }
            let found: Option<String> = self
                .conn()
                .row("SELECT hash FROM audit_log WHERE seq = ?1", [count], |r| {
                    r.get(0)
                })
                .optional()?;
            let reason = match found {
                None if *count > last => format!(
                    "{} recorded event {count}, and the log ends at event {last}: events were \
                     cut off",
                    anchor.source
                ),
                None => format!(
                    "{} recorded event {count}, which is missing from the log",
                    anchor.source
                ),
                Some(h) if h != *hash => format!(
                    "{} recorded event {count} with another hash: the log was rewritten at or \
                     before event {count}",
                    anchor.source
                ),
                Some(_) => continue,
            };
            breaks.push(AuditBreak {
                seq: *count,
                reason,
            });
        }
        Ok(breaks)
    }
}

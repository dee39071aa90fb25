//! The station's own file, `station.sqlite` in its folder: whom it joined (host, pinned
//! fingerprint, token, panelist), the competition data last fetched, the outbox of
//! signed ballots with where each stands, the receipts (the host's audit head with each
//! acknowledgement), and the drafts typed but not submitted yet. A ballot is written here (WAL, synchronous=FULL)
//! before anything is sent, so a ballot the panelist saw as saved survives a crash, a dead
//! battery or a host that is gone. Several processes may open it at once (the app and
//! `panelis station score`); SQLite serialises them.

use super::SendStatus;
use crate::error::{LanError, RejectCode, Result};
use crate::identity::Fingerprint;
use crate::wire::Snapshot;
use chrono::{DateTime, Utc};
use panelis_core::ballot::transfer::FileBallot;
use panelis_core::ballot::BallotForm;
use panelis_core::store::AuditHead;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// File name of the station file in its folder.
pub const FILE: &str = "station.sqlite";

/// `PRAGMA application_id` of a station file ("PNLS").
const APPLICATION_ID: i64 = 0x504E_4C53;

/// The schema version this build writes.
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS station (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    joined   TEXT NOT NULL,
    snapshot TEXT
);
CREATE TABLE IF NOT EXISTS outbox (
    ballot_id     TEXT PRIMARY KEY,
    entry_id      TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    ballot        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('saved', 'sent', 'confirmed', 'rejected')),
    saved_at      TEXT NOT NULL,
    confirmed_at  TEXT,
    error_code    TEXT,
    error_message TEXT,
    UNIQUE (entry_id, revision)
);
CREATE TABLE IF NOT EXISTS receipts (
    ballot_id   TEXT NOT NULL,
    received_at TEXT NOT NULL,
    count       INTEGER NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drafts (
    entry_id TEXT PRIMARY KEY,
    form     TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
";

/// Whom the station joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub host: SocketAddr,
    pub fingerprint: Fingerprint,
    /// The bearer token; stays in this file only.
    pub token: String,
    pub panelist_id: Uuid,
    pub panelist_name: String,
    pub competition_id: Uuid,
    pub competition_name: String,
    pub station_name: String,
    pub joined_at: DateTime<Utc>,
    /// When this station learnt that the secretariat revoked it (kept, so a station
    /// reopened while the host is out of reach still says so); cleared by joining again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One ballot revision in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxBallot {
    pub ballot: FileBallot,
    pub status: SendStatus,
    pub saved_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// The open station file.
pub(crate) struct StationFile {
    conn: Connection,
    path: PathBuf,
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> LanError + '_ {
    move |e| LanError::StationFile {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

fn status_text(status: &SendStatus) -> &'static str {
    match status {
        SendStatus::SavedLocally => "saved",
        SendStatus::Sent => "sent",
        SendStatus::Confirmed => "confirmed",
        SendStatus::Rejected { .. } => "rejected",
    }
}

type OutboxRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl StationFile {
    /// The station file in `dir`, made if `create`; `None` when there is none and not
    /// `create`.
    pub fn open(dir: &Path, create: bool) -> Result<Option<Self>> {
        let path = dir.join(FILE);
        if !create && !path.is_file() {
            return Ok(None);
        }
        std::fs::create_dir_all(dir).map_err(|e| LanError::io(dir, e))?;
        let owned = path.clone();
        let err = db_err(&owned);
        let conn = Connection::open(&path).map_err(&err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&err)?;
        let app: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|_| LanError::StationFile {
                path: path.clone(),
                reason: "not a Panelis station file".into(),
            })?;
        if app != 0 && app != APPLICATION_ID {
            return Err(LanError::StationFile {
                path,
                reason: "not a Panelis station file".into(),
            });
        }
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&err)?;
        if found > VERSION {
            return Err(LanError::StationFile {
                path,
                reason: format!("made by a newer Panelis (version {found}); update Panelis"),
            });
        }
        conn.pragma_update_and_check(None, "journal_mode", "wal", |_| Ok(()))
            .map_err(&err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(&err)?;
        conn.execute_batch(SCHEMA).map_err(&err)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(&err)?;
        conn.pragma_update(None, "user_version", VERSION)
            .map_err(&err)?;
        Ok(Some(StationFile { conn, path }))
    }

    /// Keeps the host's audit head that came with the acknowledgement of `ballot_id`.
    pub fn keep_receipt(&self, ballot_id: Uuid, head: &AuditHead) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO receipts (ballot_id, received_at, count, hash) VALUES (?1, ?2, ?3, ?4)",
                params![
                    ballot_id.to_string(),
                    Utc::now().to_rfc3339(),
                    head.count,
                    head.hash
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> LanError + '_ {
        db_err(&self.path)
    }

    fn bad(&self, what: &str, e: impl std::fmt::Display) -> LanError {
        LanError::StationFile {
            path: self.path.clone(),
            reason: format!("{what}: {e}"),
        }
    }

    /// Whom the station joined, if it has.
    pub fn joined(&self) -> Result<Option<Joined>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT joined FROM station WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        text.map(|t| serde_json::from_str(&t).map_err(|e| self.bad("joined", e)))
            .transpose()
    }

    /// Records a join (replacing an earlier one, whose competition data is dropped).
    pub fn set_joined(&self, joined: &Joined) -> Result<()> {
        let text = serde_json::to_string(joined).map_err(|e| self.bad("joined", e))?;
        self.conn
            .execute(
                "INSERT INTO station (id, joined, snapshot) VALUES (1, ?1, NULL)
                 ON CONFLICT (id) DO UPDATE SET joined = ?1,
                   snapshot = CASE WHEN json_extract(joined, '$.competition_id')
                                     = json_extract(?1, '$.competition_id')
                              THEN snapshot END",
                [text],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// The competition data last fetched.
    pub fn snapshot(&self) -> Result<Option<Snapshot>> {
        let text: Option<Option<String>> = self
            .conn
            .query_row("SELECT snapshot FROM station WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())?;
        text.flatten()
            .map(|t| serde_json::from_str(&t).map_err(|e| self.bad("snapshot", e)))
            .transpose()
    }

    /// Keeps the competition data fetched now.
    pub fn set_snapshot(&self, snapshot: &Snapshot) -> Result<()> {
        let text = serde_json::to_string(snapshot).map_err(|e| self.bad("snapshot", e))?;
        self.conn
            .execute("UPDATE station SET snapshot = ?1 WHERE id = 1", [text])
            .map_err(self.err())?;
        Ok(())
    }

    /// Adds a signed ballot to the outbox, durably, as saved locally.
    pub fn add(&self, ballot: &FileBallot, at: DateTime<Utc>) -> Result<()> {
        let text = serde_json::to_string(ballot).map_err(|e| self.bad("ballot", e))?;
        self.conn
            .execute(
                "INSERT INTO outbox (ballot_id, entry_id, revision, ballot, status, saved_at)
                 VALUES (?1, ?2, ?3, ?4, 'saved', ?5)",
                params![
                    ballot.id.to_string(),
                    ballot.entry_id.to_string(),
                    ballot.revision,
                    text,
                    panelis_core::time::to_db(at)
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    fn rows(&self, filter: &str) -> Result<Vec<OutboxBallot>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT ballot, status, saved_at, confirmed_at, error_code, error_message
                 FROM outbox WHERE {filter} ORDER BY rowid"
            ))
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<OutboxRow>>>()
            .map_err(self.err())?;
        rows.into_iter()
            .map(|row| self.outbox_ballot(row))
            .collect()
    }

    fn outbox_ballot(&self, row: OutboxRow) -> Result<OutboxBallot> {
        let (ballot, status, saved_at, confirmed_at, code, message) = row;
        let time =
            |t: &str| panelis_core::time::from_db(t).map_err(|e| self.bad("outbox instant", e));
        let status = match status.as_str() {
            "saved" => SendStatus::SavedLocally,
            "sent" => SendStatus::Sent,
            "confirmed" => SendStatus::Confirmed,
            _ => SendStatus::Rejected {
                code: code
                    .and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok())
                    .unwrap_or(RejectCode::Unknown),
                message: message.unwrap_or_default(),
            },
        };
        Ok(OutboxBallot {
            ballot: serde_json::from_str(&ballot).map_err(|e| self.bad("outbox ballot", e))?,
            status,
            saved_at: time(&saved_at)?,
            confirmed_at: confirmed_at.as_deref().map(time).transpose()?,
        })
    }

    /// Every ballot revision in the outbox, in the order saved.
    pub fn all(&self) -> Result<Vec<OutboxBallot>> {
        self.rows("1")
    }

    /// Those still to send (saved, or sent without an answer), in the order saved.
    pub fn pending(&self) -> Result<Vec<OutboxBallot>> {
        self.rows("status IN ('saved', 'sent')")
    }

    /// The latest revision saved for the entry.
    pub fn latest(&self, entry_id: Uuid) -> Result<Option<OutboxBallot>> {
        let filter = format!(
            "entry_id = '{entry_id}' AND revision = (SELECT MAX(revision) FROM outbox \
             WHERE entry_id = '{entry_id}')"
        );
        Ok(self.rows(&filter)?.pop())
    }

    /// Sets a ballot's status.
    pub fn set_status(&self, ballot_id: Uuid, status: &SendStatus) -> Result<()> {
        let (code, message) = match status {
            SendStatus::Rejected { code, message } => (Some(code.as_str()), Some(message.as_str())),
            _ => (None, None),
        };
        let confirmed =
            matches!(status, SendStatus::Confirmed).then(|| panelis_core::time::to_db(Utc::now()));
        self.conn
            .execute(
                "UPDATE outbox SET status = ?2, error_code = ?3, error_message = ?4,
                        confirmed_at = CASE WHEN ?2 = 'confirmed'
                                            THEN COALESCE(confirmed_at, ?5) END
                 WHERE ballot_id = ?1",
                params![
                    ballot_id.to_string(),
                    status_text(status),
                    code,
                    message,
                    confirmed
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Keeps what the panelist has typed for an entry but not submitted yet (replacing the
    /// draft before), durably, so it survives the laptop being closed or the app crashing.
    pub fn save_draft(&self, entry_id: Uuid, form: &BallotForm, at: DateTime<Utc>) -> Result<()> {
        let text = serde_json::to_string(form).map_err(|e| self.bad("draft", e))?;
        self.conn
            .execute(
                "INSERT INTO drafts (entry_id, form, saved_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (entry_id) DO UPDATE SET form = ?2, saved_at = ?3",
                params![entry_id.to_string(), text, panelis_core::time::to_db(at)],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// The draft typed for an entry, with when it was saved.
    pub fn draft(&self, entry_id: Uuid) -> Result<Option<(BallotForm, DateTime<Utc>)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT form, saved_at FROM drafts WHERE entry_id = ?1",
                [entry_id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(self.err())?;
        row.map(|(form, at)| {
            let form = serde_json::from_str(&form).map_err(|e| self.bad("draft", e))?;
            let at = panelis_core::time::from_db(&at).map_err(|e| self.bad("draft instant", e))?;
            Ok((form, at))
        })
        .transpose()
    }

    /// The entries that have a draft.
    pub fn drafted(&self) -> Result<HashSet<Uuid>> {
        let mut stmt = self
            .conn
            .prepare("SELECT entry_id FROM drafts")
            .map_err(self.err())?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(self.err())?;
        ids.iter()
            .map(|id| Uuid::parse_str(id).map_err(|e| self.bad("draft entry", e)))
            .collect()
    }

    /// Drops the draft of an entry (it was submitted).
    pub fn clear_draft(&self, entry_id: Uuid) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM drafts WHERE entry_id = ?1",
                [entry_id.to_string()],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Brings the outbox in line with what the host holds: held ballots are confirmed;
    /// ballots the host lacks (though sent or even confirmed before: a restarted or
    /// replaced host) go back to be sent. The ids whose status changed.
    pub fn reconcile(&mut self, held: &HashSet<Uuid>) -> Result<Vec<(Uuid, SendStatus)>> {
        let all = self.all()?;
        let tx = self.conn.transaction().map_err(db_err(&self.path))?;
        let mut changed = Vec::new();
        for row in all {
            let id = row.ballot.id;
            let next = if held.contains(&id) {
                SendStatus::Confirmed
            } else if matches!(row.status, SendStatus::Confirmed | SendStatus::Sent) {
                SendStatus::SavedLocally
            } else {
                continue;
            };
            if next != row.status {
                tx.execute(
                    "UPDATE outbox SET status = ?2, error_code = NULL, error_message = NULL,
                            confirmed_at = CASE WHEN ?2 = 'confirmed'
                                                THEN COALESCE(confirmed_at, ?3) END
                     WHERE ballot_id = ?1",
                    params![
                        id.to_string(),
                        status_text(&next),
                        panelis_core::time::to_db(Utc::now())
                    ],
                )
                .map_err(db_err(&self.path))?;
                changed.push((id, next));
            }
        }
        tx.commit().map_err(db_err(&self.path))?;
        Ok(changed)
    }
}

/// The receipts a station file at `path` holds, read without writing to it: the competition
/// it joined and every audit head its host acknowledged; `None` when `path` is not a station
/// file. Anchors for `panelis audit verify --against`.
pub fn receipts_of(path: &Path) -> Result<Option<(Uuid, Vec<AuditHead>)>> {
    let err = db_err(path);
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(&err)?;
    let app: i64 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(app) => app,
        Err(_) => return Ok(None),
    };
    if app != APPLICATION_ID {
        return Ok(None);
    }
    let competition: Option<String> = conn
        .query_row(
            "SELECT json_extract(joined, '$.competition_id') FROM station WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(&err)?
        .flatten();
    let Some(competition) = competition.and_then(|c| c.parse().ok()) else {
        return Err(LanError::StationFile {
            path: path.to_owned(),
            reason: "the station never joined a host: it holds no receipts".into(),
        });
    };
    // A station file from before receipts has none.
    let has_receipts: bool = conn
        .query_row(
            "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'receipts'",
            [],
            |r| r.get(0),
        )
        .map_err(&err)?;
    let mut heads = Vec::new();
    if has_receipts {
        let mut stmt = conn
            .prepare("SELECT count, hash FROM receipts ORDER BY count")
            .map_err(&err)?;
        heads = stmt
            .query_map([], |r| {
                Ok(AuditHead {
                    count: r.get(0)?,
                    hash: r.get(1)?,
                })
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
    }
    Ok(Some((competition, heads)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;
    use panelis_core::ballot::CriterionInput;

    #[test]
    fn a_draft_is_kept_replaced_listed_and_cleared_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let (entry, other) = (Uuid::new_v4(), Uuid::new_v4());
        let form = |score: &str| BallotForm {
            criteria: vec![CriterionInput {
                criterion_id: Uuid::nil(),
                score: score.into(),
                note: "catatan".into(),
            }],
            note: "bagus".into(),
        };
        let file = StationFile::open(dir.path(), true).unwrap().unwrap();
        assert_eq!(file.draft(entry).unwrap(), None);
        let at = panelis_core::time::from_db(&panelis_core::time::to_db(Utc::now())).unwrap();
        file.save_draft(entry, &form("8"), at).unwrap();
        file.save_draft(entry, &form("85"), at).unwrap();
        file.save_draft(other, &form(""), at).unwrap();
        drop(file);
        let file = StationFile::open(dir.path(), false).unwrap().unwrap();
        assert_eq!(file.draft(entry).unwrap(), Some((form("85"), at)));
        assert_eq!(file.drafted().unwrap(), HashSet::from([entry, other]));
        file.clear_draft(entry).unwrap();
        assert_eq!(file.draft(entry).unwrap(), None);
        assert_eq!(file.drafted().unwrap(), HashSet::from([other]));
    }
}

//! Finalization and the record of issued documents: the `finalizations` table (every
//! finalize and reopen, with who, when, which entries and why), and `issued_documents` (every
//! official document issued: id, kind, version, what it supersedes, SHA-256s). The entries
//! that are final right now are the rows of `finalized_entries` (see [`super::ballots`]), which
//! every path that takes a ballot already refuses.
//!
//! Versions are per document kind. An issue of a kind is a reprint of the last one (same
//! version, same predecessor) when neither the result data nor the finalization round changed
//! since; otherwise it is the next version and supersedes the last issue of that kind. A
//! reopen starts a new round, so everything issued after it carries a new version.

use super::audit::Event;
use super::{parse_uuid, query_records, Actor};
use crate::decision::{DecisionRefusal, Scope};
use crate::model::Room;
use crate::store::Cached;
use crate::text::collapse;
use crate::{time, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Each finalized entry keeps the seal of its results at finalization
/// ([`crate::results::EntryData::sealed_sha256`]); `NULL` for entries finalized by an older
/// version, which are not checked.
pub(super) const SCHEMA_V4: &str = "ALTER TABLE finalized_entries ADD COLUMN result_sha256 TEXT;";

/// A finalized entry's seal is written once, with the entry: never blanked or replaced (a
/// seal set to NULL would otherwise stop the check that refuses to sign changed results).
/// Reopening deletes the row; the audit log's finalization and reopen events say which rows
/// must be there, with which seals ([`chain_seals`]).
pub(super) const SCHEMA_V6: &str = "
CREATE TRIGGER finalized_entries_sealed BEFORE UPDATE ON finalized_entries
BEGIN SELECT RAISE(ABORT, 'a finalized entry keeps its seal'); END;
CREATE TRIGGER finalized_entries_seal_required BEFORE INSERT ON finalized_entries
WHEN NEW.result_sha256 IS NULL
BEGIN SELECT RAISE(ABORT, 'a finalized entry needs its seal'); END;
";

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE finalizations (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    action        TEXT NOT NULL CHECK (action IN ('finalize', 'reopen')),
    at            TEXT NOT NULL,
    room          TEXT,
    entries       TEXT NOT NULL,
    already       TEXT NOT NULL DEFAULT '[]',
    chair         TEXT NOT NULL DEFAULT '',
    secretariat   TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    result_sha256 TEXT NOT NULL,
    incomplete    TEXT NOT NULL DEFAULT '[]',
    CHECK (action <> 'reopen' OR length(trim(reason)) > 0),
    CHECK (action <> 'finalize' OR (length(trim(chair)) > 0 AND length(trim(secretariat)) > 0))
);
CREATE TRIGGER finalizations_frozen BEFORE UPDATE ON finalizations
BEGIN SELECT RAISE(ABORT, 'a finalization record is kept as written'); END;
CREATE TRIGGER finalizations_kept BEFORE DELETE ON finalizations
BEGIN SELECT RAISE(ABORT, 'a finalization record is kept'); END;
CREATE TABLE issued_documents (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    supersedes    TEXT REFERENCES issued_documents (id),
    lang          TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    round         INTEGER NOT NULL,
    result_sha256 TEXT NOT NULL,
    file_sha256   TEXT NOT NULL,
    file          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX issued_documents_kind ON issued_documents (kind, seq);
CREATE TRIGGER issued_documents_frozen BEFORE UPDATE ON issued_documents
BEGIN SELECT RAISE(ABORT, 'an issued document is kept as recorded'); END;
CREATE TRIGGER issued_documents_kept BEFORE DELETE ON issued_documents
BEGIN SELECT RAISE(ABORT, 'an issued document is kept on record'); END;
";

/// Whether a record finalized entries or reopened them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FinalizationAction {
    Finalize,
    Reopen,
}

impl FinalizationAction {
    fn as_text(self) -> &'static str {
        match self {
            FinalizationAction::Finalize => "finalize",
            FinalizationAction::Reopen => "reopen",
        }
    }
}

/// The chair and the secretariat finalize a room's results, or only some entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FinalizeRequest {
    /// Only the entries scheduled in this room; `None`: every room.
    pub room: Option<String>,
    /// Only these entry numbers; `None` or empty: all (of the room).
    pub entries: Option<Vec<u32>>,
    /// The chair's name as on the panel.
    pub chair: String,
    /// The secretariat officer's name.
    pub secretariat: String,
    /// The chair's written reason to finalize although ballots are missing; without it,
    /// finalizing entries with missing ballots is refused.
    pub quorum_override: Option<String>,
}

/// Reopening finalized results; the written reason is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReopenRequest {
    /// Only the finalized entries of this room; `None`: every room.
    pub room: Option<String>,
    /// Only these entry numbers; `None` or empty: every finalized entry (of the room).
    pub entries: Option<Vec<u32>>,
    pub reason: String,
}

/// One finalize or reopen, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finalization {
    pub id: Uuid,
    /// Order among all finalize and reopen records, from 1.
    pub seq: i64,
    pub action: FinalizationAction,
    pub at: DateTime<Utc>,
    /// The room asked for, if any.
    pub room: Option<String>,
    /// The entry numbers this record changed.
    pub entries: Vec<u32>,
    /// Entries asked for that were already in the state asked for (left as they were).
    pub already: Vec<u32>,
    /// Empty for a reopen.
    pub chair: String,
    /// Empty for a reopen.
    pub secretariat: String,
    /// Empty for a finalize.
    pub reason: String,
    /// SHA-256 of the result data at that moment (what documents issued then state).
    pub result_sha256: String,
    /// Entries finalized with fewer ballots counted than expected.
    pub incomplete: Vec<u32>,
    /// The chair's reason to finalize with ballots missing; empty when none were missing.
    #[serde(default)]
    pub quorum_override: String,
    /// The ballots missing when finalized (with the override).
    #[serde(default)]
    pub missing: Vec<crate::decision::MissingBallot>,
}

/// Where finalization stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalizationStatus {
    /// Numbers of the entries that are final now, ascending.
    pub finalized: Vec<u32>,
    /// Entries in the competition.
    pub entries: u32,
    /// Reopens so far; documents issued in a later round carry a new version.
    pub round: u32,
    /// Every finalize and reopen, oldest first.
    pub history: Vec<Finalization>,
}

/// One issued official document, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedDocument {
    /// Order of issue, from 1.
    pub seq: i64,
    /// The document id printed on every page and carried by the QR code and the signature.
    pub id: Uuid,
    /// Which document: `recap`, `minutes`, `sheets`, `schedule` or `all`.
    pub kind: String,
    pub version: u32,
    /// The document this one replaces.
    pub supersedes: Option<Uuid>,
    /// The version of the document this one replaces.
    pub supersedes_version: Option<u32>,
    /// Language code of the document (`id`, `en`).
    pub lang: String,
    pub issued_at: DateTime<Utc>,
    /// The finalization round it was issued in (reopens before it).
    pub round: u32,
    /// SHA-256 of the result data the document states.
    pub result_sha256: String,
    /// SHA-256 of the signed PDF as written.
    pub file_sha256: String,
    /// Where it was saved.
    pub file: String,
}

/// The version the next document of a kind gets, and what it supersedes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentPlan {
    pub kind: String,
    pub version: u32,
    pub supersedes: Option<IssuedDocument>,
    /// Same data and round as the last issue of the kind: a reprint of its version.
    pub reprint: bool,
    pub round: u32,
}

/// An issued document to record (the PDF has been written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDocument {
    pub id: Uuid,
    pub kind: String,
    pub version: u32,
    pub supersedes: Option<Uuid>,
    pub lang: String,
    pub issued_at: DateTime<Utc>,
    pub result_sha256: String,
    pub file_sha256: String,
    pub file: String,
}

/// The entries a request names, resolved against the file.
struct Selection {
    room: Option<Room>,
    /// (entry id, number), by number.
    entries: Vec<(Uuid, u32)>,
}

/// Now, at the precision the file stores (milliseconds), so a record returned equals the
/// record read back.
fn stored_now() -> Result<DateTime<Utc>> {
    time::from_db(&time::to_db(time::now()))
}

fn json_numbers(numbers: &[u32]) -> String {
    serde_json::to_string(numbers).unwrap_or_else(|_| "[]".into())
}

fn parse_numbers(text: &str) -> Result<Vec<u32>> {
    serde_json::from_str(text).map_err(|e| Error::Database(format!("bad entry list: {e}")))
}

/// Resolves a room name and entry numbers to entries: the room's scheduled entries, the
/// numbers given (each must exist, and be in the room when one is named), or every entry.
fn select(conn: &Connection, room: Option<&str>, numbers: Option<&[u32]>) -> Result<Selection> {
    let mut all: Vec<(Uuid, u32)> = Vec::new();
    let mut stmt = conn.prepare("SELECT id, no FROM entries ORDER BY no")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
        let (id, no) = row?;
        all.push((parse_uuid(&id)?, no));
    }
    let room = match room.map(collapse).filter(|r| !r.is_empty()) {
        None => None,
        Some(name) => {
            let mut stmt = conn.prepare("SELECT id, name FROM rooms ORDER BY position")?;
            let rooms = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let wanted = name.to_lowercase();
            let (id, name) = rooms
                .into_iter()
                .find(|(_, n)| n.to_lowercase() == wanted)
                .ok_or_else(|| crate::error::Record::Room.not_found(&name))?;
            Some(Room {
                id: parse_uuid(&id)?,
                name,
            })
        }
    };
    let in_room: Option<BTreeSet<u32>> = match &room {
        None => None,
        Some(r) => Some(
            conn.prepare(
                "SELECT e.no FROM slots s JOIN entries e ON e.id = s.entry_id WHERE s.room_id = ?1",
            )?
            .query_map([r.id.to_string()], |row| row.get::<_, u32>(0))?
            .collect::<rusqlite::Result<_>>()?,
        ),
    };
    let numbers: Option<BTreeSet<u32>> = numbers
        .filter(|n| !n.is_empty())
        .map(|n| n.iter().copied().collect());
    if let Some(numbers) = &numbers {
        let unknown: Vec<u32> = numbers
            .iter()
            .filter(|n| !all.iter().any(|(_, no)| no == *n))
            .copied()
            .collect();
        if !unknown.is_empty() {
            return Err(Error::Decision(DecisionRefusal::UnknownEntries {
                entries: unknown,
            }));
        }
        if let (Some(room), Some(in_room)) = (&room, &in_room) {
            let elsewhere: Vec<u32> = numbers.difference(in_room).copied().collect();
            if !elsewhere.is_empty() {
                return Err(Error::Decision(DecisionRefusal::NotInRoom {
                    entries: elsewhere,
                    room: room.name.clone(),
                }));
            }
        }
    }
    let entries: Vec<(Uuid, u32)> = all
        .into_iter()
        .filter(|(_, no)| allows(&in_room, *no) && allows(&numbers, *no))
        .collect();
    if entries.is_empty() {
        return Err(Error::Decision(DecisionRefusal::NoEntries {
            room: room.map(|r| r.name),
        }));
    }
    Ok(Selection { room, entries })
}

/// Whether a filter (`None`: no filter) lets the entry number through.
fn allows(filter: &Option<BTreeSet<u32>>, no: u32) -> bool {
    match filter {
        Some(set) => set.contains(&no),
        None => true,
    }
}

/// The entries whose results are final now.
pub(super) fn finalized_ids(conn: &Connection) -> Result<BTreeSet<Uuid>> {
    let mut stmt = conn.prepare("SELECT entry_id FROM finalized_entries")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter().map(|id| parse_uuid(id)).collect()
}

/// Reopens so far: the current finalization round.
fn round(conn: &Connection) -> Result<u32> {
    Ok(conn.row(
        "SELECT COUNT(*) FROM finalizations WHERE action = 'reopen'",
        [],
        |r| r.get(0),
    )?)
}

fn insert_record(tx: &Transaction<'_>, f: &Finalization) -> Result<i64> {
    tx.run(
        "INSERT INTO finalizations (id, action, at, room, entries, already, chair, secretariat,
                                    reason, result_sha256, incomplete, quorum_override, missing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            f.id.to_string(),
            f.action.as_text(),
            time::to_db(f.at),
            f.room,
            json_numbers(&f.entries),
            json_numbers(&f.already),
            f.chair,
            f.secretariat,
            f.reason,
            f.result_sha256,
            json_numbers(&f.incomplete),
            f.quorum_override,
            serde_json::to_string(&f.missing).unwrap_or_else(|_| "[]".into()),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn load_history(conn: &Connection) -> Result<Vec<Finalization>> {
    let sql = "SELECT seq, id, action, at, room, entries, already, chair, secretariat, reason,
                      result_sha256, incomplete, quorum_override, missing
               FROM finalizations ORDER BY seq";
    query_records(conn, sql, [], |r| {
        let action: String = r.get(2)?;
        let missing: String = r.get(13)?;
        Ok(Finalization {
            id: parse_uuid(&r.get::<_, String>(1)?)?,
            seq: r.get(0)?,
            action: match action.as_str() {
                "finalize" => FinalizationAction::Finalize,
                "reopen" => FinalizationAction::Reopen,
                other => return Err(Error::Database(format!("bad finalization {other:?}"))),
            },
            at: time::from_db(&r.get::<_, String>(3)?)?,
            room: r.get(4)?,
            entries: parse_numbers(&r.get::<_, String>(5)?)?,
            already: parse_numbers(&r.get::<_, String>(6)?)?,
            chair: r.get(7)?,
            secretariat: r.get(8)?,
            reason: r.get(9)?,
            result_sha256: r.get(10)?,
            incomplete: parse_numbers(&r.get::<_, String>(11)?)?,
            quorum_override: r.get(12)?,
            missing: serde_json::from_str(&missing)
                .map_err(|e| Error::Database(format!("bad missing-ballot list: {e}")))?,
        })
    })
}

const DOCUMENT_COLUMNS: &str = "d.seq, d.id, d.kind, d.version, d.supersedes, \
     (SELECT o.version FROM issued_documents o WHERE o.id = d.supersedes), d.lang, d.issued_at, \
     d.round, d.result_sha256, d.file_sha256, d.file";

fn load_documents(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<IssuedDocument>> {
    let sql =
        format!("SELECT {DOCUMENT_COLUMNS} FROM issued_documents d WHERE {filter} ORDER BY d.seq");
    query_records(conn, &sql, args, |r| {
        let supersedes: Option<String> = r.get(4)?;
        Ok(IssuedDocument {
            seq: r.get(0)?,
            id: parse_uuid(&r.get::<_, String>(1)?)?,
            kind: r.get(2)?,
            version: r.get(3)?,
            supersedes: supersedes.as_deref().map(parse_uuid).transpose()?,
            supersedes_version: r.get(5)?,
            lang: r.get(6)?,
            issued_at: time::from_db(&r.get::<_, String>(7)?)?,
            round: r.get(8)?,
            result_sha256: r.get(9)?,
            file_sha256: r.get(10)?,
            file: r.get(11)?,
        })
    })
}

fn check_kind(kind: &str) -> Result<()> {
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(Error::Decision(DecisionRefusal::UnknownDocumentKind {
            kind: kind.to_string(),
        }));
    }
    Ok(())
}

/// The next issue of `kind` for result data hashing to `result_sha256`.
fn plan(conn: &Connection, kind: &str, result_sha256: &str) -> Result<DocumentPlan> {
    check_kind(kind)?;
    let round = round(conn)?;
    let last = load_documents(
        conn,
        "d.seq = (SELECT MAX(x.seq) FROM issued_documents x WHERE x.kind = ?1)",
        &[&kind],
    )?
    .pop();
    Ok(match last {
        None => DocumentPlan {
            kind: kind.into(),
            version: 1,
            supersedes: None,
            reprint: false,
            round,
        },
        Some(last) if last.round == round && last.result_sha256 == result_sha256 => {
            let supersedes = match last.supersedes {
                Some(id) => {
                    let id = id.to_string();
                    load_documents(conn, "d.id = ?1", &[&id])?.pop()
                }
                None => None,
            };
            DocumentPlan {
                kind: kind.into(),
                version: last.version,
                supersedes,
                reprint: true,
                round,
            }
        }
        Some(last) => {
            let newest: u32 = conn.row(
                "SELECT MAX(version) FROM issued_documents WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )?;
            DocumentPlan {
                kind: kind.into(),
                version: newest + 1,
                supersedes: Some(last),
                reprint: false,
                round,
            }
        }
    })
}

impl super::Store {
    /// Finalizes the results of a room (or of the entries named, or of every entry): records
    /// who (the chair, a panel member, and the secretariat) and when, with an audit event;
    /// from then on every way of handing in a ballot refuses those entries. Entries already
    /// final are left as they are and listed in [`Finalization::already`]; refused when
    /// nothing is left to finalize.
    pub fn finalize(&mut self, request: &FinalizeRequest) -> Result<Finalization> {
        let secretariat = collapse(&request.secretariat);
        if secretariat.is_empty() {
            return Err(Error::Decision(DecisionRefusal::SecretariatUnnamed));
        }
        let chair = collapse(&request.chair);
        if chair.is_empty() {
            return Err(Error::Decision(DecisionRefusal::ChairUnnamed));
        }
        let panel = self.panelists()?;
        if panel.is_empty() {
            return Err(Error::Decision(DecisionRefusal::NoPanel));
        }
        let chair = match panel
            .iter()
            .find(|p| p.name.to_lowercase() == chair.to_lowercase())
        {
            Some(p) => p.name.clone(),
            None => {
                return Err(Error::Decision(DecisionRefusal::ChairNotOnPanel {
                    name: chair,
                    chair_on_record: panel.iter().find(|p| p.is_chair).map(|p| p.name.clone()),
                }));
            }
        };
        let table = self.results(crate::results::ResultOptions::default())?;
        let data = self.result_data_of(&table)?;
        let result_sha256 = data.sha256();
        let seals: HashMap<Uuid, String> = data
            .entries
            .iter()
            .map(|e| (e.id, e.sealed_sha256()))
            .collect();
        let override_reason = request
            .quorum_override
            .as_deref()
            .map(collapse)
            .unwrap_or_default();
        // The decision must be whole before it is locked: no departure without its reason,
        // no outcome over its seats.
        let problems = crate::decision::evaluate(
            &table,
            &self.outcomes()?,
            &self.decision()?,
            crate::scoring::Score::whole(0),
        )
        .problems;
        if !problems.is_empty() {
            return Err(Error::Decision(
                crate::decision::DecisionRefusal::DecisionIncomplete { problems },
            ));
        }
        let short: HashMap<Uuid, bool> = table
            .rows
            .iter()
            .map(|r| (r.entry.id, r.counted < r.expected))
            .collect();
        let room = request.room.clone();
        let numbers = request.entries.clone();
        self.write(Actor::Secretariat, |tx| {
            let selection = select(tx, room.as_deref(), numbers.as_deref())?;
            let done = finalized_ids(tx)?;
            let (already, fresh): (Vec<_>, Vec<_>) = selection
                .entries
                .iter()
                .partition(|(id, _)| done.contains(id));
            if fresh.is_empty() {
                return Err(Error::Decision(DecisionRefusal::AlreadyFinal {
                    scope: scope(&selection),
                }));
            }
            let fresh_ids: BTreeSet<Uuid> = fresh.iter().map(|(id, _)| *id).collect();
            let quorum = crate::decision::quorum(&table, |id| fresh_ids.contains(&id));
            if !quorum.is_complete() && override_reason.is_empty() {
                return Err(Error::Decision(
                    crate::decision::DecisionRefusal::QuorumIncomplete {
                        missing: quorum.missing,
                    },
                ));
            }
            let at = stored_now()?;
            let by = format!("{chair}; {secretariat}");
            for (id, _) in &fresh {
                tx.run(
                    "INSERT INTO finalized_entries (entry_id, at, by, result_sha256) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id.to_string(), time::to_db(at), by, seals.get(id)],
                )?;
            }
            let mut record = Finalization {
                id: Uuid::now_v7(),
                seq: 0,
                action: FinalizationAction::Finalize,
                at,
                room: selection.room.as_ref().map(|r| r.name.clone()),
                entries: fresh.iter().map(|(_, no)| *no).collect(),
                already: already.iter().map(|(_, no)| *no).collect(),
                chair: chair.clone(),
                secretariat: secretariat.clone(),
                reason: String::new(),
                result_sha256: result_sha256.clone(),
                incomplete: fresh
                    .iter()
                    .filter(|(id, _)| short.get(id).copied().unwrap_or(true))
                    .map(|(_, no)| *no)
                    .collect(),
                quorum_override: if quorum.is_complete() {
                    String::new()
                } else {
                    override_reason.clone()
                },
                missing: quorum.missing,
            };
            record.seq = insert_record(tx, &record)?;
            // The chain (and the checkpoints signing it) covers each entry's seal.
            let sealed: Vec<EntrySeal> = fresh
                .iter()
                .map(|(id, no)| EntrySeal {
                    entry: *id,
                    no: *no,
                    sha256: seals.get(id).cloned().unwrap_or_default(),
                })
                .collect();
            let event = Event::new(
                "results.finalized",
                FinalizedEvent {
                    record: &record,
                    seals: sealed,
                },
            );
            Ok((record, Some(event)))
        })
    }

    /// Refuses, naming the entries, when a finalized entry's results in `data` no longer
    /// seal to what its finalization recorded (a ballot revision deleted or changed outside
    /// Panelis): nothing is signed that differs from what the panel finalized.
    pub fn check_finalized_unchanged(&self, data: &crate::results::ResultData) -> Result<()> {
        // First the seals themselves: each one the audit log recorded must still be on the
        // record, unchanged, or the comparison below would trust an edited seal.
        let tampered: Vec<u32> = seal_breaks(self.conn())?
            .into_iter()
            .map(|b| b.no)
            .collect();
        if !tampered.is_empty() {
            return Err(Error::Decision(DecisionRefusal::FinalizationSealChanged {
                entries: tampered,
            }));
        }
        let now: HashMap<Uuid, (u32, String)> = data
            .entries
            .iter()
            .map(|e| (e.id, (e.no, e.sealed_sha256())))
            .collect();
        let mut stmt = self.conn().prepare(
            "SELECT f.entry_id, f.result_sha256, e.no FROM finalized_entries f \
             LEFT JOIN entries e ON e.id = f.entry_id WHERE f.result_sha256 IS NOT NULL",
        )?;
        let mut changed: Vec<u32> = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = parse_uuid(&r.get::<_, String>(0)?)?;
            let sealed: String = r.get(1)?;
            let no: Option<u32> = r.get(2)?;
            match now.get(&id) {
                Some((_, seal)) if *seal == sealed => {}
                Some((no, _)) => changed.push(*no),
                // The entry itself is gone: name it by the number it had, if known.
                None => changed.push(no.unwrap_or(0)),
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        changed.sort_unstable();
        Err(Error::Decision(
            crate::decision::DecisionRefusal::FinalizedChanged { entries: changed },
        ))
    }

    /// Reopens finalized results (of a room, of the entries named, or all) for the written
    /// reason, which is required and goes into the audit log. Ballots for those entries are
    /// accepted again, and documents issued afterwards carry a new version.
    pub fn reopen(&mut self, request: &ReopenRequest) -> Result<Finalization> {
        let reason = collapse(&request.reason);
        if reason.is_empty() {
            return Err(Error::Decision(DecisionRefusal::ReopenWithoutReason));
        }
        let result_sha256 = self.result_sha256()?;
        let room = request.room.clone();
        let numbers = request.entries.clone();
        let explicit = numbers.as_ref().is_some_and(|n| !n.is_empty());
        self.write(Actor::Secretariat, |tx| {
            let selection = select(tx, room.as_deref(), numbers.as_deref())?;
            let done = finalized_ids(tx)?;
            let (final_now, open): (Vec<_>, Vec<_>) = selection
                .entries
                .iter()
                .partition(|(id, _)| done.contains(id));
            if final_now.is_empty() {
                return Err(Error::Decision(DecisionRefusal::NotFinal {
                    scope: scope(&selection),
                }));
            }
            for (id, _) in &final_now {
                tx.run(
                    "DELETE FROM finalized_entries WHERE entry_id = ?1",
                    [id.to_string()],
                )?;
            }
            let mut record = Finalization {
                id: Uuid::now_v7(),
                seq: 0,
                action: FinalizationAction::Reopen,
                at: stored_now()?,
                room: selection.room.as_ref().map(|r| r.name.clone()),
                entries: final_now.iter().map(|(_, no)| *no).collect(),
                // Only entries named explicitly count as "asked for but already open".
                already: if explicit {
                    open.iter().map(|(_, no)| *no).collect()
                } else {
                    Vec::new()
                },
                chair: String::new(),
                secretariat: String::new(),
                reason: reason.clone(),
                result_sha256: result_sha256.clone(),
                incomplete: Vec::new(),
                quorum_override: String::new(),
                missing: Vec::new(),
            };
            record.seq = insert_record(tx, &record)?;
            let event = Event::new(
                "results.reopened",
                ReopenedEvent {
                    record: &record,
                    entry_ids: final_now.iter().map(|(id, _)| *id).collect(),
                },
            );
            Ok((record, Some(event)))
        })
    }

    /// Which entries are final now, the round, and every finalize and reopen.
    pub fn finalization_status(&self) -> Result<FinalizationStatus> {
        let mut stmt = self.conn().prepare(
            "SELECT e.no FROM finalized_entries f JOIN entries e ON e.id = f.entry_id ORDER BY e.no",
        )?;
        let finalized = stmt
            .query_map([], |r| r.get::<_, u32>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let entries: u32 = self
            .conn()
            .row("SELECT COUNT(*) FROM entries", [], |r| r.get(0))?;
        Ok(FinalizationStatus {
            finalized,
            entries,
            round: round(self.conn())?,
            history: load_history(self.conn())?,
        })
    }

    /// What the official result documents issued now cover: the entries that are final (what
    /// the finalizations in force cover, several rooms' or rounds' together), named by room
    /// when they are exactly some rooms' scheduled entries; every entry while none is final.
    /// The minutes, recap, score sheets and announcement print these entries and say so.
    pub fn document_scope(&self) -> Result<crate::results::DocumentScope> {
        let all: Vec<u32> = self
            .conn()
            .prepare("SELECT no FROM entries ORDER BY no")?
            .query_map([], |r| r.get::<_, u32>(0))?
            .collect::<rusqlite::Result<_>>()?;
        let finalized = self.finalization_status()?.finalized;
        if finalized.is_empty() || finalized.len() == all.len() {
            return Ok(crate::results::DocumentScope::whole(
                all,
                !finalized.is_empty(),
            ));
        }
        let numbers: HashMap<Uuid, u32> = self.entries()?.iter().map(|e| (e.id, e.no)).collect();
        let slots = self.slots()?;
        let final_set: BTreeSet<u32> = finalized.iter().copied().collect();
        let mut rooms = Vec::new();
        let mut covered = BTreeSet::new();
        for room in self.rooms()? {
            let in_room: BTreeSet<u32> = slots
                .iter()
                .filter(|s| s.room_id == room.id)
                .filter_map(|s| numbers.get(&s.entry_id).copied())
                .collect();
            if !in_room.is_empty() && in_room.is_subset(&final_set) {
                covered.extend(in_room);
                rooms.push(room.name);
            }
        }
        if covered != final_set {
            rooms.clear();
        }
        Ok(crate::results::DocumentScope {
            of: all.len() as u32,
            entries: finalized,
            finalized: true,
            rooms,
        })
    }

    /// The version and predecessor the next document of `kind` gets for result data hashing
    /// to `result_sha256` (see the module's rule).
    pub fn plan_document(&self, kind: &str, result_sha256: &str) -> Result<DocumentPlan> {
        plan(self.conn(), kind, result_sha256)
    }

    /// Records an issued document with its audit event. Refused when it does not carry the
    /// version and predecessor that [`Self::plan_document`] gives now (another document of
    /// the kind was issued, or the results were reopened, in between).
    pub fn record_document(&mut self, doc: &NewDocument) -> Result<IssuedDocument> {
        self.write(Actor::Secretariat, |tx| {
            let expected = plan(tx, &doc.kind, &doc.result_sha256)?;
            let expected_supersedes = expected.supersedes.as_ref().map(|d| d.id);
            if expected.version != doc.version || expected_supersedes != doc.supersedes {
                return Err(Error::Decision(DecisionRefusal::DocumentVersionMoved {
                    kind: doc.kind.clone(),
                    prepared: doc.version,
                    now: expected.version,
                }));
            }
            tx.run(
                "INSERT INTO issued_documents (id, kind, version, supersedes, lang, issued_at,
                                               round, result_sha256, file_sha256, file)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    doc.id.to_string(),
                    doc.kind,
                    doc.version,
                    doc.supersedes.map(|s| s.to_string()),
                    doc.lang,
                    time::to_db(doc.issued_at),
                    expected.round,
                    doc.result_sha256,
                    doc.file_sha256,
                    doc.file,
                ],
            )?;
            let id = doc.id.to_string();
            let issued = load_documents(tx, "d.id = ?1", &[&id])?
                .pop()
                .ok_or_else(|| Error::Database("the issued document was not recorded".into()))?;
            let event = Event::new("document.issued", &issued);
            Ok((issued, Some(event)))
        })
    }

    /// Every issued document, in order of issue.
    pub fn issued_documents(&self) -> Result<Vec<IssuedDocument>> {
        load_documents(self.conn(), "1", &[])
    }

    /// The issued document with this id, if this file issued it.
    pub fn issued_document(&self, id: Uuid) -> Result<Option<IssuedDocument>> {
        let id = id.to_string();
        Ok(load_documents(self.conn(), "d.id = ?1", &[&id])?.pop())
    }

    /// The latest issue of a kind: the one in force.
    pub fn current_document(&self, kind: &str) -> Result<Option<IssuedDocument>> {
        Ok(self
            .conn()
            .row(
                "SELECT id FROM issued_documents WHERE kind = ?1 ORDER BY seq DESC LIMIT 1",
                [kind],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(|id| parse_uuid(&id))
            .transpose()?
            .map(|id| self.issued_document(id))
            .transpose()?
            .flatten())
    }
}

/// One finalized entry's seal, as the `results.finalized` event records it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct EntrySeal {
    entry: Uuid,
    no: u32,
    sha256: String,
}

/// The `results.finalized` event: the record and each entry's seal.
#[derive(Serialize)]
struct FinalizedEvent<'a> {
    #[serde(flatten)]
    record: &'a Finalization,
    seals: Vec<EntrySeal>,
}

/// The `results.reopened` event: the record and the ids of the entries reopened.
#[derive(Serialize)]
struct ReopenedEvent<'a> {
    #[serde(flatten)]
    record: &'a Finalization,
    entry_ids: Vec<Uuid>,
}

/// A finalized entry's seal as the audit log recorded it, and the event that did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChainSeal {
    pub no: u32,
    pub sha256: String,
    pub seq: i64,
}

/// The entries final now according to the audit log (its finalization and reopen events
/// replayed in order), each with the seal its finalization recorded. Events written before
/// seals were recorded add nothing.
pub(super) fn chain_seals(conn: &Connection) -> Result<HashMap<Uuid, ChainSeal>> {
    let mut stmt = conn.prepare(
        "SELECT seq, action, detail FROM audit_log \
         WHERE action IN ('results.finalized', 'results.reopened') ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut sealed: HashMap<Uuid, ChainSeal> = HashMap::new();
    for row in rows {
        let (seq, action, detail) = row?;
        let Ok(detail) = serde_json::from_str::<serde_json::Value>(&detail) else {
            continue;
        };
        if action == "results.finalized" {
            let seals: Vec<EntrySeal> = detail
                .get("seals")
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or_default();
            for seal in seals {
                sealed.insert(
                    seal.entry,
                    ChainSeal {
                        no: seal.no,
                        sha256: seal.sha256,
                        seq,
                    },
                );
            }
        } else {
            let ids: Vec<Uuid> = detail
                .get("entry_ids")
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or_default();
            let numbers: Vec<u32> = detail
                .get("entries")
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or_default();
            sealed.retain(|id, seal| !ids.contains(id) && !numbers.contains(&seal.no));
        }
    }
    Ok(sealed)
}

/// A finalized entry whose seal on record is not the one the audit log recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SealBreak {
    pub no: u32,
    /// The event that recorded the seal.
    pub seq: i64,
    /// The row is gone (`false`: its seal is blank or another).
    pub missing: bool,
}

/// Each entry final according to the audit log whose row in `finalized_entries` is gone or
/// holds another seal (or none), by entry number.
pub(super) fn seal_breaks(conn: &Connection) -> Result<Vec<SealBreak>> {
    let mut breaks = Vec::new();
    for (id, seal) in chain_seals(conn)? {
        let on_record: Option<Option<String>> = conn
            .row(
                "SELECT result_sha256 FROM finalized_entries WHERE entry_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match on_record {
            Some(Some(s)) if s == seal.sha256 => {}
            other => breaks.push(SealBreak {
                no: seal.no,
                seq: seal.seq,
                missing: other.is_none(),
            }),
        }
    }
    breaks.sort_by_key(|b| b.no);
    Ok(breaks)
}

/// "room \"Ruang A\"", "entries 1, 2", "every entry" for messages.
fn scope(selection: &Selection) -> Scope {
    Scope {
        room: selection.room.as_ref().map(|r| r.name.clone()),
        entries: selection.entries.iter().map(|(_, no)| *no).collect(),
    }
}

#[cfg(test)]
mod tests;

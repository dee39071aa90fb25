//! The `ballots` and `ballot_scores` tables: each panelist's integer scores and notes per
//! entry, one row per revision so earlier revisions stay on record; a submitted revision is
//! frozen by triggers. Also the keys that verify ballots (`panelists.public_key` for the
//! panelist's own, `panelist_paper_keys` for the secretariat's key for paper ballots) and
//! `finalized_entries` (entries whose results are final: no more ballots).
//!
//! Scoring (drafts, submission) is in [`scoring`], the ballot file in [`transfer`], paper
//! ballots in [`paper`]; this file holds the schema, reading, progress and verification.

mod grid;
mod paper;
mod scoring;
mod transfer;

use super::audit::{self, Event};
use super::{parse_uuid, query_records, Actor};
use crate::ballot::keystore::Keystore;
use crate::ballot::signing::{self, public_key_hex};
use crate::ballot::{BallotForm, EntryProgress, ProgressStatus, ScoringSheet};
use crate::model::{Ballot, BallotStatus, Panelist, Signer};
use crate::store::Cached;
use crate::text::collapse;
use crate::{time, Error, Result};
use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{params, Connection, OptionalExtension, ToSql, Transaction};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE ballots (
    id             TEXT PRIMARY KEY,
    panelist_id    TEXT NOT NULL REFERENCES panelists (id),
    entry_id       TEXT NOT NULL REFERENCES entries (id),
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    status         TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    note           TEXT NOT NULL DEFAULT '',
    rubric_id      TEXT NOT NULL,
    rubric_version INTEGER NOT NULL,
    signer         TEXT CHECK (signer IN ('panelist', 'secretariat')),
    signature      BLOB,
    submitted_at   TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (panelist_id, entry_id, revision),
    CHECK ((status = 'submitted') = (signature IS NOT NULL AND signer IS NOT NULL
                                     AND submitted_at IS NOT NULL))
);
CREATE TABLE ballot_scores (
    ballot_id    TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES criteria (id),
    score        INTEGER,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ballot_id, criterion_id)
);
CREATE TRIGGER ballots_submitted_frozen BEFORE UPDATE ON ballots
WHEN OLD.status = 'submitted'
BEGIN SELECT RAISE(ABORT, 'a submitted ballot revision is frozen'); END;
CREATE TRIGGER ballots_submitted_kept BEFORE DELETE ON ballots
WHEN OLD.status = 'submitted'
BEGIN SELECT RAISE(ABORT, 'a submitted ballot revision is kept'); END;
CREATE TRIGGER ballot_scores_frozen_insert BEFORE INSERT ON ballot_scores
WHEN (SELECT status FROM ballots WHERE id = NEW.ballot_id) = 'submitted'
BEGIN SELECT RAISE(ABORT, 'a submitted ballot revision is frozen'); END;
CREATE TRIGGER ballot_scores_frozen_update BEFORE UPDATE ON ballot_scores
WHEN (SELECT status FROM ballots WHERE id = OLD.ballot_id) = 'submitted'
BEGIN SELECT RAISE(ABORT, 'a submitted ballot revision is frozen'); END;
CREATE TRIGGER ballot_scores_frozen_delete BEFORE DELETE ON ballot_scores
WHEN (SELECT status FROM ballots WHERE id = OLD.ballot_id) = 'submitted'
BEGIN SELECT RAISE(ABORT, 'a submitted ballot revision is frozen'); END;
CREATE TABLE panelist_paper_keys (
    panelist_id   TEXT PRIMARY KEY REFERENCES panelists (id) ON DELETE CASCADE,
    public_key    BLOB NOT NULL,
    registered_at TEXT NOT NULL
);
CREATE TABLE finalized_entries (
    entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    by       TEXT NOT NULL DEFAULT ''
);
";

const COLUMNS: &str = "b.id, b.panelist_id, b.entry_id, b.revision, b.status, b.note, \
     b.rubric_id, b.rubric_version, b.signer, b.signature, b.submitted_at, b.created_at, \
     b.updated_at";

/// The order ballots are listed in: by entry number, then the panel's order, then revision.
const ORDER: &str = "(SELECT no FROM entries e WHERE e.id = b.entry_id), \
     (SELECT position FROM panelists p WHERE p.id = b.panelist_id), b.revision";

/// Filter: the latest revision of each panelist x entry.
const LATEST: &str = "b.revision = (SELECT MAX(x.revision) FROM ballots x \
     WHERE x.panelist_id = b.panelist_id AND x.entry_id = b.entry_id)";

/// Filter: the latest submitted revision of each panelist x entry.
const LATEST_SUBMITTED: &str = "b.status = 'submitted' AND b.revision = (SELECT MAX(x.revision) \
     FROM ballots x WHERE x.panelist_id = b.panelist_id AND x.entry_id = b.entry_id \
     AND x.status = 'submitted')";

pub(super) fn signer_text(signer: Signer) -> &'static str {
    match signer {
        Signer::Panelist => "panelist",
        Signer::Secretariat => "secretariat",
    }
}

/// A ballot's scores and criterion notes, as read.
type ScoresAndNotes = (Vec<(Uuid, i32)>, Vec<(Uuid, String)>);

/// Reads the ballots that `filter` (on alias `b`) selects, with their scores and notes.
pub(super) fn load(conn: &Connection, filter: &str, args: &[&dyn ToSql]) -> Result<Vec<Ballot>> {
    let sql = format!(
        "SELECT s.ballot_id, s.criterion_id, s.score, s.note FROM ballot_scores s
         JOIN ballots b ON b.id = s.ballot_id JOIN criteria c ON c.id = s.criterion_id
         WHERE {filter} ORDER BY c.position"
    );
    let mut scores: HashMap<String, ScoresAndNotes> = HashMap::new();
    let rows = query_records(conn, &sql, args, |r| {
        let criterion = parse_uuid(&r.get::<_, String>(1)?)?;
        let score: Option<i32> = r.get(2)?;
        let note: String = r.get(3)?;
        Ok((r.get::<_, String>(0)?, criterion, score, note))
    })?;
    for (ballot, criterion, score, note) in rows {
        let slot = scores.entry(ballot).or_default();
        if let Some(score) = score {
            slot.0.push((criterion, score));
        }
        if !note.is_empty() {
            slot.1.push((criterion, note));
        }
    }
    let sql = format!("SELECT {COLUMNS} FROM ballots b WHERE {filter} ORDER BY {ORDER}");
    query_records(conn, &sql, args, |r| from_row(r, &mut scores))
}

/// One ballots row with its scores and notes, which it takes out of `scores` (read before).
fn from_row(r: &rusqlite::Row<'_>, scores: &mut HashMap<String, ScoresAndNotes>) -> Result<Ballot> {
    let id: String = r.get(0)?;
    let status: String = r.get(4)?;
    let status = match status.as_str() {
        "draft" => BallotStatus::Draft,
        "submitted" => BallotStatus::Submitted,
        other => return Err(Error::Database(format!("bad ballot status {other:?}"))),
    };
    let signer: Option<String> = r.get(8)?;
    let signer = match signer.as_deref() {
        None => None,
        Some("panelist") => Some(Signer::Panelist),
        Some("secretariat") => Some(Signer::Secretariat),
        Some(other) => return Err(Error::Database(format!("bad ballot signer {other:?}"))),
    };
    let submitted_at: Option<String> = r.get(10)?;
    let (scores, criterion_notes) = scores.remove(&id).unwrap_or_default();
    Ok(Ballot {
        id: parse_uuid(&id)?,
        panelist_id: parse_uuid(&r.get::<_, String>(1)?)?,
        entry_id: parse_uuid(&r.get::<_, String>(2)?)?,
        revision: r.get(3)?,
        status,
        scores,
        note: r.get(5)?,
        criterion_notes,
        rubric_id: parse_uuid(&r.get::<_, String>(6)?)?,
        rubric_version: r.get(7)?,
        signer,
        signature: r.get::<_, Option<Vec<u8>>>(9)?.map(hex::encode),
        submitted_at: submitted_at.as_deref().map(time::from_db).transpose()?,
        created_at: time::from_db(&r.get::<_, String>(11)?)?,
        updated_at: time::from_db(&r.get::<_, String>(12)?)?,
    })
}

/// The latest revision of one panelist x entry.
pub(super) fn latest(
    conn: &Connection,
    panelist_id: Uuid,
    entry_id: Uuid,
) -> Result<Option<Ballot>> {
    let (p, e) = (panelist_id.to_string(), entry_id.to_string());
    Ok(load(
        conn,
        &format!("b.panelist_id = ?1 AND b.entry_id = ?2 AND {LATEST}"),
        &[&p, &e],
    )?
    .pop())
}

/// Writes a revision: its row as a draft, its scores and notes, then, if it is submitted,
/// the signature that freezes it.
pub(super) fn insert_revision(tx: &Transaction<'_>, b: &Ballot) -> Result<()> {
    tx.run(
        "INSERT INTO ballots (id, panelist_id, entry_id, revision, status, note, rubric_id,
                              rubric_version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6, ?7, ?8, ?9)",
        params![
            b.id.to_string(),
            b.panelist_id.to_string(),
            b.entry_id.to_string(),
            b.revision,
            b.note,
            b.rubric_id.to_string(),
            b.rubric_version,
            time::to_db(b.created_at),
            time::to_db(b.updated_at),
        ],
    )?;
    insert_scores(tx, b.id, &b.scores, &b.criterion_notes)?;
    if b.status == BallotStatus::Submitted {
        let (Some(signer), Some(signature), Some(at)) = (b.signer, &b.signature, b.submitted_at)
        else {
            return Err(Error::BallotData(
                crate::ballot::unreadable::BallotDataRefusal::UnsignedSubmission,
            ));
        };
        let signature = hex::decode(signature).map_err(|_| {
            Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::SignatureNotHex)
        })?;
        tx.run(
            "UPDATE ballots SET status = 'submitted', signer = ?2, signature = ?3,
                    submitted_at = ?4 WHERE id = ?1",
            params![
                b.id.to_string(),
                signer_text(signer),
                signature,
                time::to_db(at)
            ],
        )?;
    }
    Ok(())
}

/// Writes a draft's scores and notes, one row per criterion that has either.
fn insert_scores(
    tx: &Transaction<'_>,
    ballot_id: Uuid,
    scores: &[(Uuid, i32)],
    notes: &[(Uuid, String)],
) -> Result<()> {
    // From the statement cache, as every statement of a save or a ballot taken (`Cached`).
    let mut stmt = tx.prepare_cached(
        "INSERT INTO ballot_scores (ballot_id, criterion_id, score, note) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let note_of = |c: &Uuid| {
        notes
            .iter()
            .find(|(id, _)| id == c)
            .map(|(_, n)| n.as_str())
    };
    for (criterion, score) in scores {
        stmt.execute(params![
            ballot_id.to_string(),
            criterion.to_string(),
            score,
            note_of(criterion).unwrap_or("")
        ])?;
    }
    for (criterion, note) in notes {
        if !scores.iter().any(|(id, _)| id == criterion) {
            stmt.execute(params![
                ballot_id.to_string(),
                criterion.to_string(),
                Option::<i32>::None,
                note
            ])?;
        }
    }
    Ok(())
}

/// Rewrites a draft's scores and notes in place: a row is written only where its
/// criterion's score or note changed, and goes only where the criterion has neither any
/// more. An autosave usually changes one field; deleting and inserting every row rewrote
/// them all, with their index, for each save to sync.
pub(super) fn replace_scores(
    tx: &Transaction<'_>,
    draft: &Ballot,
    scores: &[(Uuid, i32)],
    notes: &[(Uuid, String)],
) -> Result<()> {
    let row = |scores: &[(Uuid, i32)], notes: &[(Uuid, String)], c: &Uuid| {
        let score = scores.iter().find(|(id, _)| id == c).map(|(_, v)| *v);
        let note = notes.iter().find(|(id, _)| id == c).map(|(_, n)| n.clone());
        (score, note.unwrap_or_default())
    };
    let criteria_of = |scores: &[(Uuid, i32)], notes: &[(Uuid, String)]| -> Vec<Uuid> {
        let mut all: Vec<Uuid> = scores.iter().map(|(c, _)| *c).collect();
        for (c, _) in notes {
            if !all.contains(c) {
                all.push(*c);
            }
        }
        all
    };
    let (held, kept) = (
        criteria_of(&draft.scores, &draft.criterion_notes),
        criteria_of(scores, notes),
    );
    let id = draft.id.to_string();
    for c in &kept {
        let now = row(scores, notes, c);
        if !held.contains(c) {
            // An upsert, should a row the draft did not show be there (it would otherwise
            // refuse the save).
            tx.run(
                "INSERT INTO ballot_scores (ballot_id, criterion_id, score, note)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (ballot_id, criterion_id) DO UPDATE
                     SET score = excluded.score, note = excluded.note",
                params![id, c.to_string(), now.0, now.1],
            )?;
        } else if now != row(&draft.scores, &draft.criterion_notes, c) {
            tx.run(
                "UPDATE ballot_scores SET score = ?3, note = ?4
                 WHERE ballot_id = ?1 AND criterion_id = ?2",
                params![id, c.to_string(), now.0, now.1],
            )?;
        }
    }
    for c in held.iter().filter(|c| !kept.contains(c)) {
        tx.run(
            "DELETE FROM ballot_scores WHERE ballot_id = ?1 AND criterion_id = ?2",
            params![id, c.to_string()],
        )?;
    }
    Ok(())
}

/// The competition's id (signed into every ballot).
pub(super) fn competition_id(conn: &Connection) -> Result<Uuid> {
    let id: String = conn.row("SELECT id FROM competition LIMIT 1", [], |r| r.get(0))?;
    parse_uuid(&id)
}

/// The panelist's name, or not found.
pub(super) fn panelist_name(conn: &Connection, panelist_id: Uuid) -> Result<String> {
    conn.row(
        "SELECT name FROM panelists WHERE id = ?1",
        [panelist_id.to_string()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| crate::error::Record::Panelist.not_found(panelist_id))
}

/// The entry's number, or `None` when it is not in this competition.
pub(super) fn entry_no(conn: &Connection, entry_id: Uuid) -> Result<Option<u32>> {
    Ok(conn
        .row(
            "SELECT no FROM entries WHERE id = ?1",
            [entry_id.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Why the panelist abstains on the entry, if they do.
pub(super) fn conflict_reason(
    conn: &Connection,
    panelist_id: Uuid,
    entry_id: Uuid,
) -> Result<Option<String>> {
    Ok(conn
        .row(
            "SELECT reason FROM conflicts WHERE panelist_id = ?1 AND entry_id = ?2",
            [panelist_id.to_string(), entry_id.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether the entry's results are final.
pub(super) fn is_finalized(conn: &Connection, entry_id: Uuid) -> Result<bool> {
    Ok(conn
        .row(
            "SELECT 1 FROM finalized_entries WHERE entry_id = ?1",
            [entry_id.to_string()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The competition file as the ballot judge sees it ([`crate::ballot::judge`]).
pub(crate) struct OnRecord<'a>(pub &'a Connection);

impl crate::ballot::judge::ScoringRecord for OnRecord<'_> {
    fn entry_no(&self, entry_id: Uuid) -> Result<Option<u32>> {
        entry_no(self.0, entry_id)
    }
    fn conflict(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<Option<String>> {
        conflict_reason(self.0, panelist_id, entry_id)
    }
    fn is_finalized(&self, entry_id: Uuid) -> Result<bool> {
        is_finalized(self.0, entry_id)
    }
    fn is_retired(&self, panelist_id: Uuid) -> Result<bool> {
        Ok(self
            .0
            .row(
                "SELECT retired_at IS NOT NULL FROM panelists WHERE id = ?1",
                [panelist_id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false))
    }
}

impl crate::ballot::judge::BallotRecord for OnRecord<'_> {
    fn revisions(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<Vec<Ballot>> {
        let (p, e) = (panelist_id.to_string(), entry_id.to_string());
        load(self.0, "b.panelist_id = ?1 AND b.entry_id = ?2", &[&p, &e])
    }
    fn ballot_id_taken(&self, ballot_id: Uuid) -> Result<bool> {
        Ok(self
            .0
            .row(
                "SELECT 1 FROM ballots WHERE id = ?1",
                [ballot_id.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// The key registered to verify what `signer` signs for the panelist.
pub(super) fn registered_key(
    conn: &Connection,
    signer: Signer,
    panelist_id: Uuid,
) -> Result<Option<VerifyingKey>> {
    let raw: Option<Vec<u8>> = match signer {
        Signer::Panelist => conn
            .row(
                "SELECT public_key FROM panelists WHERE id = ?1",
                [panelist_id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| crate::error::Record::Panelist.not_found(panelist_id))?,
        Signer::Secretariat => conn
            .row(
                "SELECT public_key FROM panelist_paper_keys WHERE panelist_id = ?1",
                [panelist_id.to_string()],
                |r| r.get(0),
            )
            .optional()?,
    };
    raw.map(|k| {
        signing::parse_public_key(&k)
            .map_err(|e| Error::Database(format!("bad public key on record: {e}")))
    })
    .transpose()
}

/// Registers the key that verifies what `signer` signs for the panelist, with its audit
/// event. A panelist keeps one key per signer: a different one is refused.
pub(super) fn register_key(
    tx: &Transaction<'_>,
    actor: Actor,
    signer: Signer,
    panelist_id: Uuid,
    key: &VerifyingKey,
) -> Result<()> {
    match registered_key(tx, signer, panelist_id)? {
        Some(k) if k == *key => return Ok(()),
        Some(_) => return Err(other_key(tx, signer, panelist_id)),
        None => {}
    }
    match signer {
        Signer::Panelist => tx.run(
            "UPDATE panelists SET public_key = ?2 WHERE id = ?1",
            params![panelist_id.to_string(), key.as_bytes().to_vec()],
        )?,
        Signer::Secretariat => tx.run(
            "INSERT INTO panelist_paper_keys (panelist_id, public_key, registered_at)
             VALUES (?1, ?2, ?3)",
            params![
                panelist_id.to_string(),
                key.as_bytes().to_vec(),
                time::to_db(time::now())
            ],
        )?,
    };
    let detail = serde_json::json!({
        "panelist": panelist_id,
        "signer": signer,
        "public_key": public_key_hex(key),
        "fingerprint": signing::fingerprint(key.as_bytes()),
    });
    audit::append(tx, actor, &Event::new("ballot_key.registered", detail))
}

/// The refusal for a key that is not the one on record.
pub(super) fn other_key(conn: &Connection, signer: Signer, panelist_id: Uuid) -> Error {
    let name = panelist_name(conn, panelist_id).unwrap_or_else(|_| panelist_id.to_string());
    Error::Ballot(crate::ballot::judge::BallotRefusal::DeviceKeyMismatch {
        panelist: name,
        paper: signer == Signer::Secretariat,
    })
}

impl super::Store {
    /// The key this device signs with as `signer` for the panelist (made on first use in
    /// `keys`), registered on the panelist's record if none is yet. Refused when a different
    /// key is already registered. The scoring screen calls this once the station is bound to
    /// its panelist (`Signer::Panelist`); paper-ballot entry uses `Signer::Secretariat`.
    pub fn ensure_signing_key(
        &mut self,
        keys: &Keystore,
        signer: Signer,
        panelist_id: Uuid,
    ) -> Result<SigningKey> {
        let key = keys.key(signer, panelist_id)?;
        let public = key.verifying_key();
        match registered_key(self.conn(), signer, panelist_id)? {
            Some(k) if k == public => {}
            Some(_) => return Err(other_key(self.conn(), signer, panelist_id)),
            None => {
                let actor = match signer {
                    Signer::Panelist => Actor::Panelist(panelist_id),
                    Signer::Secretariat => Actor::Secretariat,
                };
                self.write(actor, |tx| {
                    register_key(tx, actor, signer, panelist_id, &public)?;
                    Ok(((), None))
                })?;
            }
        }
        Ok(key)
    }

    /// The public key registered for what `signer` signs for the panelist.
    pub fn ballot_key(&self, signer: Signer, panelist_id: Uuid) -> Result<Option<VerifyingKey>> {
        registered_key(self.conn(), signer, panelist_id)
    }

    /// The panelist with this name (case and spacing ignored).
    pub fn panelist_named(&self, name: &str) -> Result<Panelist> {
        let wanted = collapse(name).to_lowercase();
        self.panelists()?
            .into_iter()
            .find(|p| p.name.to_lowercase() == wanted)
            .ok_or_else(|| crate::error::Record::Panelist.not_found(collapse(name)))
    }

    /// Whether the entry's results are final, so that no ballot for it is accepted.
    pub fn is_entry_finalized(&self, entry_id: Uuid) -> Result<bool> {
        is_finalized(self.conn(), entry_id)
    }

    /// The latest revision (draft or submitted) of the panelist's ballot for the entry.
    pub fn latest_ballot(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<Option<Ballot>> {
        latest(self.conn(), panelist_id, entry_id)
    }

    /// Every revision of the panelist's ballot for the entry, oldest first.
    pub fn ballot_revisions(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<Vec<Ballot>> {
        let (p, e) = (panelist_id.to_string(), entry_id.to_string());
        load(
            self.conn(),
            "b.panelist_id = ?1 AND b.entry_id = ?2",
            &[&p, &e],
        )
    }

    /// The latest revision of every panelist x entry that has one, by entry then panel.
    pub fn latest_ballots(&self) -> Result<Vec<Ballot>> {
        load(self.conn(), LATEST, &[])
    }

    /// The scoring screen's content for one panelist and entry: the rubric, the panelist's
    /// own latest revision, and whether they may score it.
    pub fn scoring_sheet(&self, panelist_id: Uuid, entry_id: Uuid) -> Result<ScoringSheet> {
        let progress = self
            .ballot_progress(panelist_id)?
            .into_iter()
            .find(|p| p.entry_id == entry_id)
            .ok_or_else(|| crate::error::Record::Entry.not_found(entry_id))?;
        let entry = self
            .entries()?
            .into_iter()
            .find(|e| e.id == entry_id)
            .ok_or_else(|| crate::error::Record::Entry.not_found(entry_id))?;
        let rubric = self.rubric()?;
        let ballot = self.latest_ballot(panelist_id, entry_id)?;
        let form = ballot
            .as_ref()
            .map(|b| BallotForm::of(b, &rubric.criteria))
            .unwrap_or_default();
        let total = ballot
            .as_ref()
            .and_then(|b| crate::ballot::display_total(&rubric.criteria, &b.scores));
        Ok(ScoringSheet {
            entry,
            criteria: rubric.criteria,
            rubric_version: rubric.version,
            status: progress.status,
            conflict_reason: conflict_reason(self.conn(), panelist_id, entry_id)?,
            finalized: progress.finalized,
            ballot,
            submitted_revision: progress.submitted_revision,
            form,
            total,
        })
    }

    /// The panelist's progress over every entry, by entry number: submitted, draft, not
    /// started, or abstain (conflict of interest).
    pub fn ballot_progress(&self, panelist_id: Uuid) -> Result<Vec<EntryProgress>> {
        panelist_name(self.conn(), panelist_id)?;
        let p = panelist_id.to_string();
        let conflicted: HashSet<String> = self
            .conn()
            .prepare("SELECT entry_id FROM conflicts WHERE panelist_id = ?1")?
            .query_map([&p], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let finalized: HashSet<String> = self
            .conn()
            .prepare("SELECT entry_id FROM finalized_entries")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.no, e.title, MAX(b.revision),
                    MAX(CASE WHEN b.status = 'submitted' THEN b.revision END)
             FROM entries e LEFT JOIN ballots b ON b.entry_id = e.id AND b.panelist_id = ?1
             GROUP BY e.id ORDER BY e.no",
        )?;
        let rows = stmt.query_map([&p], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<u32>>(3)?,
                r.get::<_, Option<u32>>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, no, title, latest, submitted) = row?;
            let status = if conflicted.contains(&id) {
                ProgressStatus::Abstain
            } else if submitted.is_some() {
                ProgressStatus::Submitted
            } else if latest.is_some() {
                ProgressStatus::Draft
            } else {
                ProgressStatus::NotStarted
            };
            Ok(EntryProgress {
                entry_id: parse_uuid(&id)?,
                no,
                title,
                status,
                submitted_revision: submitted,
                revising: submitted.is_some() && latest > submitted,
                finalized: finalized.contains(&id),
            })
        })
        .collect()
    }

    /// The ballots results count: for each panelist x entry, the latest submitted revision,
    /// when its signature verifies against the key registered for its signer. A latest
    /// revision that fails is not replaced by an older one (the panelist superseded it): it
    /// is listed by [`Self::rejected_ballots`] and the pair counts nothing. Conflicts of
    /// interest are not applied here; results exclude abstentions.
    pub fn counted_ballots(&self) -> Result<Vec<Ballot>> {
        Ok(self
            .checked_ballots()?
            .into_iter()
            .filter_map(|(b, check)| check.is_ok().then_some(b))
            .collect())
    }

    /// The latest submitted revisions whose signature does not verify, with the reason;
    /// never counted, shown as such.
    pub fn rejected_ballots(&self) -> Result<Vec<(Ballot, String)>> {
        Ok(self
            .checked_ballots()?
            .into_iter()
            .filter_map(|(b, check)| check.err().map(|reason| (b, reason)))
            .collect())
    }

    /// The latest submitted revision of each panelist x entry with its verification.
    pub fn checked_ballots(&self) -> Result<Vec<(Ballot, std::result::Result<(), String>)>> {
        let ballots = load(self.conn(), LATEST_SUBMITTED, &[])?;
        self.verify_all(ballots)
    }

    /// Verifies ballots against the keys on record.
    pub(super) fn verify_all(
        &self,
        ballots: Vec<Ballot>,
    ) -> Result<Vec<(Ballot, std::result::Result<(), String>)>> {
        let competition = competition_id(self.conn())?;
        let mut keys: HashMap<(Signer, Uuid), Option<VerifyingKey>> = HashMap::new();
        let mut out = Vec::with_capacity(ballots.len());
        for b in ballots {
            let check = match b.signer {
                None => Err("the ballot is not signed".to_string()),
                Some(signer) => {
                    let key = match keys.get(&(signer, b.panelist_id)) {
                        Some(k) => *k,
                        None => {
                            let k = registered_key(self.conn(), signer, b.panelist_id)?;
                            keys.insert((signer, b.panelist_id), k);
                            k
                        }
                    };
                    match key {
                        None => Err(match signer {
                            Signer::Panelist => "no public key is registered for the panelist",
                            Signer::Secretariat => {
                                "no paper-ballot key is registered for the panelist"
                            }
                        }
                        .to_string()),
                        Some(key) => signing::verify_ballot(&b, competition, &key),
                    }
                }
            };
            out.push((b, check));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;

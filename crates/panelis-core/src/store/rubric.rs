//! The `rubric` and `criteria` tables: the one rubric a competition scores on.

use super::audit::Event;
use super::{parse_uuid, query_records, Actor};
use crate::model::{Criterion, Rubric, ScoreLevel};
use crate::rubric::{
    check, default_criteria, read_draft, CriterionDraft, RubricRefusal, DEFAULT_RUBRIC_NAME,
};
use crate::store::Cached;
use crate::{Error, Result};
use rusqlite::{params, Transaction};
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE rubric (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE TABLE criteria (
    id        TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL REFERENCES rubric (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    code      TEXT NOT NULL UNIQUE,
    label_id  TEXT NOT NULL,
    label_en  TEXT NOT NULL,
    guidance  TEXT NOT NULL DEFAULT '',
    weight    INTEGER NOT NULL CHECK (weight >= 0),
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL
);
";

/// Score levels as structured data (file format 5): a column of JSON levels per criterion,
/// filled from the old guidance text where it reads as levels (the rest stays a note).
pub(super) const SCHEMA_V5: &str =
    "ALTER TABLE criteria ADD COLUMN levels TEXT NOT NULL DEFAULT '[]';";

/// The step after [`SCHEMA_V5`]: each criterion's guidance that reads as score levels
/// becomes its levels; guidance that does not is kept as it was, as the note.
pub(super) fn levels_from_guidance(tx: &Transaction<'_>) -> Result<()> {
    let rows: Vec<(String, String)> = tx
        .prepare("SELECT id, guidance FROM criteria")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, guidance) in rows {
        if let Some(levels) = crate::rubric::levels_from_guidance(&guidance) {
            tx.run(
                "UPDATE criteria SET levels = ?2, guidance = '' WHERE id = ?1",
                params![id, levels_json(&levels)],
            )?;
        }
    }
    Ok(())
}

fn levels_json(levels: &[ScoreLevel]) -> String {
    serde_json::to_string(levels).unwrap_or_else(|_| "[]".into())
}

pub(super) fn insert_default(tx: &Transaction<'_>) -> Result<()> {
    let id = Uuid::now_v7();
    tx.run(
        "INSERT INTO rubric (id, name, version) VALUES (?1, ?2, 1)",
        params![id.to_string(), DEFAULT_RUBRIC_NAME],
    )?;
    insert_criteria(tx, id, &default_criteria())
}

fn insert_criteria(tx: &Transaction<'_>, rubric_id: Uuid, criteria: &[Criterion]) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO criteria (id, rubric_id, position, code, label_id, label_en, guidance,
                               weight, scale_min, scale_max, levels)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, c) in criteria.iter().enumerate() {
        stmt.execute(params![
            c.id.to_string(),
            rubric_id.to_string(),
            i as i64,
            c.code,
            c.label_id,
            c.label_en,
            c.guidance,
            c.weight,
            c.scale_min,
            c.scale_max,
            levels_json(&c.levels)
        ])?;
    }
    Ok(())
}

impl super::Store {
    /// The rubric with its criteria in order.
    pub fn rubric(&self) -> Result<Rubric> {
        let (id, name, version): (String, String, u32) =
            self.conn()
                .row("SELECT id, name, version FROM rubric LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        let sql =
            "SELECT id, code, label_id, label_en, guidance, weight, scale_min, scale_max, levels
                   FROM criteria WHERE rubric_id = ?1 ORDER BY position";
        let criteria = query_records(self.conn(), sql, [&id], |r| {
            let code: String = r.get(1)?;
            let levels: String = r.get(8)?;
            Ok(Criterion {
                id: parse_uuid(&r.get::<_, String>(0)?)?,
                levels: serde_json::from_str(&levels)
                    .map_err(|e| Error::Database(format!("bad score levels of {code}: {e}")))?,
                code,
                label_id: r.get(2)?,
                label_en: r.get(3)?,
                guidance: r.get(4)?,
                weight: r.get(5)?,
                scale_min: r.get(6)?,
                scale_max: r.get(7)?,
            })
        })?;
        Ok(Rubric {
            id: parse_uuid(&id)?,
            name,
            version,
            criteria,
        })
    }

    /// Replaces the rubric with a draft from the editor (numbers as typed): refused with
    /// every problem of [`crate::rubric::read_draft`], else as [`Store::set_rubric`].
    pub fn set_rubric_draft(&mut self, name: &str, drafts: &[CriterionDraft]) -> Result<Rubric> {
        let (criteria, problems) = read_draft(name, drafts);
        if !problems.is_empty() {
            return Err(Error::Rubric(RubricRefusal::RubricInvalid { problems }));
        }
        self.set_rubric(name, &criteria)
    }

    /// Replaces the rubric's name and criteria. Refused once any ballot exists, because
    /// ballots already given were scored against the old criteria.
    pub fn set_rubric(&mut self, name: &str, criteria: &[Criterion]) -> Result<Rubric> {
        let problems = check(name, criteria);
        if !problems.is_empty() {
            return Err(Error::Rubric(RubricRefusal::RubricInvalid { problems }));
        }
        let name = crate::text::collapse(name);
        let ballots: u32 = self
            .conn()
            .row("SELECT COUNT(*) FROM ballots", [], |r| r.get(0))?;
        if ballots > 0 {
            return Err(Error::Rubric(RubricRefusal::BallotsGiven { ballots }));
        }
        let rubric_id = self.rubric()?.id;
        // Criteria new in the editor come without an id: they get one here.
        let criteria: Vec<Criterion> = criteria
            .iter()
            .cloned()
            .map(|mut c| {
                if c.id.is_nil() {
                    c.id = Uuid::now_v7();
                }
                c
            })
            .collect();
        let criteria = criteria.as_slice();
        self.write(Actor::Secretariat, |tx| {
            tx.run(
                "DELETE FROM criteria WHERE rubric_id = ?1",
                [rubric_id.to_string()],
            )?;
            tx.run(
                "UPDATE rubric SET name = ?2, version = version + 1 WHERE id = ?1",
                params![rubric_id.to_string(), name],
            )?;
            insert_criteria(tx, rubric_id, criteria)?;
            let detail = serde_json::json!({ "name": name, "criteria": criteria });
            Ok(((), Some(Event::new("rubric.changed", detail))))
        })?;
        self.rubric()
    }
}

//! The `panelists` and `conflicts` tables: the independent panel, its chair, and who
//! abstains on which entry.

use super::audit::Event;
use super::{parse_uuid, Actor};
use crate::model::{Conflict, Panelist};
use crate::text::collapse;
use crate::{Error, Result};
use rusqlite::params;
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE panelists (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    affiliation TEXT NOT NULL DEFAULT '',
    is_chair    INTEGER NOT NULL DEFAULT 0,
    public_key  BLOB,
    position    INTEGER NOT NULL
);
CREATE UNIQUE INDEX panelists_name ON panelists (lower(name));
CREATE UNIQUE INDEX panelists_one_chair ON panelists (is_chair) WHERE is_chair = 1;
CREATE TABLE conflicts (
    panelist_id TEXT NOT NULL REFERENCES panelists (id) ON DELETE CASCADE,
    entry_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (panelist_id, entry_id)
);
";

impl super::Store {
    /// The panel, chair first, then in the order they were added.
    pub fn panelists(&self) -> Result<Vec<Panelist>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, affiliation, is_chair FROM panelists ORDER BY is_chair DESC, position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        rows.map(|row| {
            let (id, name, affiliation, is_chair) = row?;
            Ok(Panelist {
                id: parse_uuid(&id)?,
                name,
                affiliation,
                is_chair,
            })
        })
        .collect()
    }

    /// Adds a panelist; names are unique regardless of case. Making a new chair moves the
    /// chair's role from whoever had it.
    pub fn add_panelist(
        &mut self,
        name: &str,
        affiliation: &str,
        is_chair: bool,
    ) -> Result<Panelist> {
        let name = collapse(name);
        if name.is_empty() {
            return Err(Error::invalid("name", "the panelist's name is empty"));
        }
        if self
            .panelists()?
            .iter()
            .any(|p| p.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::invalid(
                "name",
                format!("a panelist named {name:?} already exists"),
            ));
        }
        let panelist = Panelist {
            id: Uuid::now_v7(),
            name,
            affiliation: collapse(affiliation),
            is_chair,
        };
        self.write(Actor::Secretariat, |tx| {
            if is_chair {
                tx.execute("UPDATE panelists SET is_chair = 0 WHERE is_chair = 1", [])?;
            }
            tx.execute(
                "INSERT INTO panelists (id, name, affiliation, is_chair, position)
                 VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM panelists))",
                params![
                    panelist.id.to_string(),
                    panelist.name,
                    panelist.affiliation,
                    is_chair
                ],
            )?;
            Ok(((), Some(Event::new("panelist.added", &panelist))))
        })?;
        Ok(panelist)
    }

    /// Every conflict of interest.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT panelist_id, entry_id, reason FROM conflicts")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        rows.map(|row| {
            let (p, e, reason) = row?;
            Ok(Conflict {
                panelist_id: parse_uuid(&p)?,
                entry_id: parse_uuid(&e)?,
                reason,
            })
        })
        .collect()
    }

    /// Records that a panelist abstains on an entry, with the reason.
    pub fn add_conflict(&mut self, panelist_id: Uuid, entry_id: Uuid, reason: &str) -> Result<()> {
        let conflict = Conflict {
            panelist_id,
            entry_id,
            reason: collapse(reason),
        };
        self.write(Actor::Secretariat, |tx| {
            tx.execute(
                "INSERT INTO conflicts (panelist_id, entry_id, reason) VALUES (?1, ?2, ?3)
                 ON CONFLICT (panelist_id, entry_id) DO UPDATE SET reason = excluded.reason",
                params![
                    panelist_id.to_string(),
                    entry_id.to_string(),
                    conflict.reason
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Error::NotFound {
                        what: "panelist or entry",
                        key: format!("{panelist_id} / {entry_id}"),
                    }
                }
                e => e.into(),
            })?;
            Ok(((), Some(Event::new("conflict.added", &conflict))))
        })
    }
}

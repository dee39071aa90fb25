//! The `entries` table: the shortlisted innovations, numbered as on the sheet ("No").

use super::audit::Event;
use super::{parse_uuid, Actor};
use crate::model::{Entry, NewEntry};
use crate::{Error, Result};
use rusqlite::{params, Row, Transaction};
use std::collections::HashSet;
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE entries (
    id            TEXT PRIMARY KEY,
    no            INTEGER NOT NULL UNIQUE CHECK (no > 0),
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    agency        TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    innovators    TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    present       INTEGER,
    head_attended INTEGER NOT NULL DEFAULT 0
);
";

const COLUMNS: &str =
    "id, no, title, agency, unit, region, innovators, category, present, head_attended";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(String, Entry)> {
    Ok((
        r.get(0)?,
        Entry {
            id: Uuid::nil(),
            no: r.get(1)?,
            title: r.get(2)?,
            agency: r.get(3)?,
            unit: r.get(4)?,
            region: r.get(5)?,
            innovators: r.get(6)?,
            category: r.get(7)?,
            present: r.get(8)?,
            head_attended: r.get(9)?,
        },
    ))
}

/// Checks one entry's own fields; `at` names it in the message.
pub(crate) fn validate(entry: &NewEntry, at: &str) -> Result<()> {
    if entry.no == 0 {
        return Err(Error::invalid(
            format!("{at}: No"),
            "the number must be 1 or more",
        ));
    }
    if entry.title.trim().is_empty() {
        return Err(Error::invalid(format!("{at}: title"), "the title is empty"));
    }
    Ok(())
}

pub(super) fn insert(tx: &Transaction<'_>, entry: &NewEntry) -> Result<Uuid> {
    let id = Uuid::now_v7();
    tx.execute(
        "INSERT INTO entries (id, no, title, agency, unit, region, innovators, category)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id.to_string(),
            entry.no,
            entry.title.trim(),
            entry.agency.trim(),
            entry.unit.trim(),
            entry.region.trim(),
            entry.innovators.trim(),
            entry.category.trim()
        ],
    )?;
    Ok(id)
}

impl super::Store {
    /// All entries, ordered by their number.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {COLUMNS} FROM entries ORDER BY no"))?;
        let rows = stmt.query_map([], from_row)?;
        rows.map(|row| {
            let (id, mut entry) = row?;
            entry.id = parse_uuid(&id)?;
            Ok(entry)
        })
        .collect()
    }

    /// Adds entries all together or not at all: numbers must be new and unique.
    pub fn add_entries(&mut self, new: &[NewEntry]) -> Result<Vec<Uuid>> {
        let existing: HashSet<u32> = self.entries()?.iter().map(|e| e.no).collect();
        let mut seen = HashSet::new();
        for (i, e) in new.iter().enumerate() {
            let at = format!("entry {}", i + 1);
            validate(e, &at)?;
            if existing.contains(&e.no) || !seen.insert(e.no) {
                return Err(Error::invalid(
                    format!("{at}: No"),
                    format!("number {} is already used", e.no),
                ));
            }
        }
        self.write(Actor::Secretariat, |tx| {
            let ids = new
                .iter()
                .map(|e| insert(tx, e))
                .collect::<Result<Vec<_>>>()?;
            Ok((
                ids,
                Some(Event::new(
                    "entries.added",
                    serde_json::json!({ "count": new.len() }),
                )),
            ))
        })
    }

    /// Marks an entry's check-in at the venue.
    pub fn set_entry_attendance(
        &mut self,
        entry_id: Uuid,
        present: Option<bool>,
        head_attended: bool,
    ) -> Result<()> {
        self.write(Actor::Secretariat, |tx| {
            let n = tx.execute(
                "UPDATE entries SET present = ?2, head_attended = ?3 WHERE id = ?1",
                params![entry_id.to_string(), present, head_attended],
            )?;
            if n == 0 {
                return Err(Error::NotFound { what: "entry", key: entry_id.to_string() });
            }
            let detail = serde_json::json!({ "entry": entry_id, "present": present, "head_attended": head_attended });
            Ok(((), Some(Event::new("entry.attendance", detail))))
        })
    }
}

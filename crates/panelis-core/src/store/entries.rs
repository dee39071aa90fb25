//! The `entries` table: the shortlisted innovations, numbered as on the sheet ("No").

use super::audit::Event;
use super::{parse_uuid, query_records, Actor};
use crate::error::Problem;
use crate::model::{Entry, NewEntry};
use crate::setup::SetupRefusal;
use crate::shortlist::{self, ImportPlan};
use crate::store::Cached;
use crate::text::collapse;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
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
    "id, no, title, agency, unit, region, innovators, category, present, head_attended, cluster";

/// File format 3: the entry's cluster (klaster).
pub(super) const SCHEMA_V3: &str =
    "ALTER TABLE entries ADD COLUMN cluster TEXT NOT NULL DEFAULT '';";

fn from_row(r: &Row<'_>) -> Result<Entry> {
    Ok(Entry {
        id: parse_uuid(&r.get::<_, String>(0)?)?,
        no: r.get(1)?,
        title: r.get(2)?,
        agency: r.get(3)?,
        unit: r.get(4)?,
        region: r.get(5)?,
        innovators: r.get(6)?,
        category: r.get(7)?,
        present: r.get(8)?,
        head_attended: r.get(9)?,
        cluster: r.get(10)?,
    })
}

/// Checks one entry's own fields; `position` (1-based) names it in a list given.
pub(crate) fn validate(entry: &NewEntry, position: Option<usize>) -> Result<()> {
    if entry.no == 0 {
        return Err(Error::Setup(SetupRefusal::EntryNumberZero { position }));
    }
    if entry.title.trim().is_empty() {
        return Err(Error::Setup(SetupRefusal::EntryTitleEmpty {
            no: entry.no,
            position,
        }));
    }
    Ok(())
}

pub(super) fn insert(tx: &Transaction<'_>, entry: &NewEntry) -> Result<Uuid> {
    let id = Uuid::now_v7();
    tx.run(
        "INSERT INTO entries (id, no, title, agency, unit, region, innovators, category, cluster)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id.to_string(),
            entry.no,
            entry.title.trim(),
            entry.agency.trim(),
            entry.unit.trim(),
            entry.region.trim(),
            entry.innovators.trim(),
            entry.category.trim(),
            entry.cluster.trim()
        ],
    )?;
    Ok(id)
}

fn update(tx: &Transaction<'_>, id: Uuid, entry: &NewEntry) -> Result<()> {
    tx.run(
        "UPDATE entries SET title = ?2, agency = ?3, unit = ?4, region = ?5, innovators = ?6,
         category = ?7, cluster = ?8 WHERE id = ?1",
        params![
            id.to_string(),
            entry.title.trim(),
            entry.agency.trim(),
            entry.unit.trim(),
            entry.region.trim(),
            entry.innovators.trim(),
            entry.category.trim(),
            entry.cluster.trim()
        ],
    )?;
    Ok(())
}

/// The entry with this id as it is now, if it still exists.
fn find(conn: &Connection, id: Uuid) -> Result<Option<Entry>> {
    let sql = format!("SELECT {COLUMNS} FROM entries WHERE id = ?1");
    Ok(query_records(conn, &sql, [id.to_string()], from_row)?.pop())
}

/// One problem per entry to be removed that already has ballots: those must stay.
fn removal_problems(conn: &Connection, removed: &[Entry]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for entry in removed {
        let ballots: u32 = conn.row(
            "SELECT COUNT(*) FROM ballots WHERE entry_id = ?1",
            [entry.id.to_string()],
            |r| r.get(0),
        )?;
        if ballots > 0 {
            problems.push(shortlist::messages::has_ballots(
                entry.no,
                &entry.title,
                ballots,
            ));
        }
    }
    Ok(problems)
}

/// Checks incoming entries' own fields and that their numbers are unique.
fn validate_all(incoming: &[NewEntry]) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, e) in incoming.iter().enumerate() {
        validate(e, Some(i + 1))?;
        if !seen.insert(e.no) {
            return Err(Error::Setup(SetupRefusal::EntryNumberRepeated {
                no: e.no,
                position: Some(i + 1),
            }));
        }
    }
    Ok(())
}

/// Refuses a plan that no longer fits the entries in the file (changed since the preview).
fn check_still_fits(tx: &Transaction<'_>, plan: &ImportPlan) -> Result<()> {
    let stale = || Error::Setup(SetupRefusal::StalePreview);
    for entry in &plan.removed {
        match find(tx, entry.id)? {
            Some(now) if now.no == entry.no => {}
            _ => return Err(stale()),
        }
    }
    for change in &plan.changed {
        let now = find(tx, change.id)?.ok_or_else(stale)?;
        let before_now = shortlist::as_new(&now);
        let expected_before = change
            .fields
            .iter()
            .all(|f| shortlist::text_of(&before_now, f.field) == f.before.as_str());
        if now.no != change.no || !expected_before {
            return Err(stale());
        }
    }
    for entry in &plan.added {
        let taken: bool = tx.row(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE no = ?1)",
            [entry.no],
            |r| r.get(0),
        )?;
        if taken {
            return Err(stale());
        }
    }
    Ok(())
}

impl super::Store {
    /// All entries, ordered by their number.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let sql = format!("SELECT {COLUMNS} FROM entries ORDER BY no");
        query_records(self.conn(), &sql, [], from_row)
    }

    /// Adds entries all together or not at all: numbers must be new and unique.
    pub fn add_entries(&mut self, new: &[NewEntry]) -> Result<Vec<Uuid>> {
        let existing: HashSet<u32> = self.entries()?.iter().map(|e| e.no).collect();
        let mut seen = HashSet::new();
        for (i, e) in new.iter().enumerate() {
            validate(e, Some(i + 1))?;
            if existing.contains(&e.no) || !seen.insert(e.no) {
                return Err(Error::Setup(SetupRefusal::EntryNumberTaken {
                    no: e.no,
                    title: None,
                    position: Some(i + 1),
                }));
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

    /// What importing `incoming` (a shortlist's entries) would change, matched by No. Refused
    /// with every reason when it would remove entries that already have ballots.
    pub fn plan_shortlist(&self, incoming: &[NewEntry]) -> Result<ImportPlan> {
        validate_all(incoming)?;
        let plan = shortlist::diff(&self.entries()?, incoming);
        let problems = removal_problems(self.conn(), &plan.removed)?;
        if !problems.is_empty() {
            return Err(shortlist::messages::rejected("shortlist", problems));
        }
        Ok(plan)
    }

    /// Applies a plan from [`Self::plan_shortlist`] in one transaction with one audit event:
    /// removes, changes and adds entries. Refused when the entries changed since the plan
    /// was made, or when an entry to remove has ballots by now.
    pub fn apply_shortlist(&mut self, plan: &ImportPlan) -> Result<()> {
        if plan.is_empty() {
            return Ok(());
        }
        let changed: Vec<NewEntry> = plan.changed.iter().map(|c| c.after.clone()).collect();
        for (i, e) in plan.added.iter().chain(&changed).enumerate() {
            validate(e, Some(i + 1))?;
        }
        self.write(Actor::Secretariat, |tx| {
            check_still_fits(tx, plan)?;
            let problems = removal_problems(tx, &plan.removed)?;
            if !problems.is_empty() {
                return Err(shortlist::messages::rejected("shortlist", problems));
            }
            for entry in &plan.removed {
                tx.run("DELETE FROM entries WHERE id = ?1", [entry.id.to_string()])?;
            }
            for change in &plan.changed {
                update(tx, change.id, &change.after)?;
            }
            for entry in &plan.added {
                insert(tx, entry)?;
            }
            let detail = serde_json::json!({
                "added": plan.added.iter().map(|e| e.no).collect::<Vec<_>>(),
                "changed": plan.changed.iter().map(|c| c.no).collect::<Vec<_>>(),
                "removed": plan.removed.iter()
                    .map(|e| serde_json::json!({ "no": e.no, "title": e.title }))
                    .collect::<Vec<_>>(),
            });
            Ok(((), Some(Event::new("entries.imported", detail))))
        })
    }

    /// Plans and applies a shortlist in one go, as for a first import; returns what it did.
    pub fn import_shortlist(&mut self, incoming: &[NewEntry]) -> Result<ImportPlan> {
        let plan = self.plan_shortlist(incoming)?;
        self.apply_shortlist(&plan)?;
        Ok(plan)
    }

    /// Corrects an entry's fields (a typo in the sheet, a renamed unit). The number may change
    /// too, as long as no other entry has it; check-in state is kept. Text is trimmed and
    /// collapsed as on import. One audit event records the fields before and after.
    pub fn update_entry(&mut self, entry_id: Uuid, fields: &NewEntry) -> Result<Entry> {
        let cleaned = NewEntry {
            no: fields.no,
            title: collapse(&fields.title),
            agency: collapse(&fields.agency),
            unit: collapse(&fields.unit),
            region: collapse(&fields.region),
            innovators: crate::innovators::normalise(&fields.innovators),
            category: collapse(&fields.category),
            cluster: collapse(&fields.cluster),
        };
        validate(&cleaned, None)?;
        let before = find(self.conn(), entry_id)?
            .ok_or_else(|| crate::error::Record::Entry.not_found(entry_id))?;
        let holder: Option<String> = self
            .conn()
            .row(
                "SELECT title FROM entries WHERE no = ?1 AND id <> ?2",
                params![cleaned.no, entry_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(title) = holder {
            return Err(Error::Setup(SetupRefusal::EntryNumberTaken {
                no: cleaned.no,
                title: Some(title),
                position: None,
            }));
        }
        self.write(Actor::Secretariat, |tx| {
            update(tx, entry_id, &cleaned)?;
            tx.run(
                "UPDATE entries SET no = ?2 WHERE id = ?1",
                params![entry_id.to_string(), cleaned.no],
            )?;
            let detail = serde_json::json!({
                "entry": entry_id,
                "before": shortlist::as_new(&before),
                "after": &cleaned,
            });
            Ok(((), Some(Event::new("entry.changed", detail))))
        })?;
        find(self.conn(), entry_id)?.ok_or_else(|| crate::error::Record::Entry.not_found(entry_id))
    }

    /// Marks an entry's check-in at the venue.
    pub fn set_entry_attendance(
        &mut self,
        entry_id: Uuid,
        present: Option<bool>,
        head_attended: bool,
    ) -> Result<()> {
        self.write(Actor::Secretariat, |tx| {
            let n = tx.run(
                "UPDATE entries SET present = ?2, head_attended = ?3 WHERE id = ?1",
                params![entry_id.to_string(), present, head_attended],
            )?;
            if n == 0 {
                return Err(crate::error::Record::Entry.not_found(entry_id));
            }
            let detail = serde_json::json!({ "entry": entry_id, "present": present, "head_attended": head_attended });
            Ok(((), Some(Event::new("entry.attendance", detail))))
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use crate::model::{NewCompetition, NewEntry};
    use crate::Store;

    fn store_with(entries: &[(u32, &str)]) -> (tempfile::TempDir, Store, Vec<uuid::Uuid>) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(
            &dir.path().join("c.panelis"),
            &NewCompetition {
                name: "KIPP".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let new: Vec<NewEntry> = entries
            .iter()
            .map(|(no, title)| NewEntry {
                no: *no,
                title: title.to_string(),
                agency: "Pemerintah Kabupaten Luwu Utara".into(),
                ..Default::default()
            })
            .collect();
        let ids = store.add_entries(&new).unwrap();
        (dir, store, ids)
    }

    #[test]
    fn update_entry_cleans_keeps_check_in_and_is_audited() {
        let (_dir, mut store, ids) = store_with(&[(1, "Giatki Ces"), (2, "Sehati 2020")]);
        store
            .set_entry_attendance(ids[0], Some(true), true)
            .unwrap();
        let events = store.audit_events().unwrap().len();
        let fields = NewEntry {
            no: 7,
            title: "  Giatki   Ces ".into(),
            agency: "Pemerintah Kabupaten Luwu Utara".into(),
            unit: "Dinas\tKesehatan".into(),
            region: "Luwu Utara".into(),
            innovators: "drg. Arie dan  Budi, S.Kom.".into(),
            category: "Pelayanan Kesehatan".into(),
            cluster: String::new(),
        };
        let entry = store.update_entry(ids[0], &fields).unwrap();
        assert_eq!(entry.no, 7);
        assert_eq!(entry.innovators, "drg. Arie; Budi, S.Kom.", "one list rule");
        assert_eq!(entry.title, "Giatki Ces");
        assert_eq!(entry.unit, "Dinas Kesehatan");
        assert_eq!(entry.category, "Pelayanan Kesehatan");
        assert_eq!(entry.present, Some(true), "check-in is kept");
        assert!(entry.head_attended);
        assert_eq!(
            store.entries().unwrap()[1],
            entry,
            "sorted by the new number"
        );
        let audit = store.audit_events().unwrap();
        assert_eq!(audit.len(), events + 1);
        let last = audit.last().unwrap();
        assert_eq!(last.action, "entry.changed");
        assert_eq!(last.detail["before"]["no"], 1);
        assert_eq!(last.detail["after"]["unit"], "Dinas Kesehatan");
    }

    #[test]
    fn update_entry_refuses_a_taken_number_an_empty_title_and_a_missing_entry() {
        let (_dir, mut store, ids) = store_with(&[(1, "Giatki Ces"), (2, "Sehati 2020")]);
        let before = store.entries().unwrap();
        let events = store.audit_events().unwrap().len();
        let taken = NewEntry {
            no: 2,
            title: "Giatki Ces".into(),
            ..Default::default()
        };
        let err = store.update_entry(ids[0], &taken).unwrap_err();
        assert_eq!(err.code(), "entry_number_taken");
        assert!(
            err.to_string()
                .contains("number 2 is already used by \"Sehati 2020\""),
            "{err}"
        );
        let untitled = NewEntry {
            no: 1,
            title: "   ".into(),
            ..Default::default()
        };
        let err = store.update_entry(ids[0], &untitled).unwrap_err();
        assert!(err.to_string().contains("title"), "{err}");
        let zero = NewEntry {
            no: 0,
            title: "Giatki Ces".into(),
            ..Default::default()
        };
        assert_eq!(
            store.update_entry(ids[0], &zero).unwrap_err().code(),
            "entry_number_zero"
        );
        let err = store
            .update_entry(
                uuid::Uuid::now_v7(),
                &NewEntry {
                    no: 9,
                    title: "X".into(),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.code(), "not_found");
        assert_eq!(store.entries().unwrap(), before, "nothing changed");
        assert_eq!(store.audit_events().unwrap().len(), events);
    }
}

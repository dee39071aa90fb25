//! The `panelists` and `conflicts` tables: the independent panel, its chair, and who
//! abstains on which entry.

use super::audit::Event;
use super::{parse_uuid, Actor};
use crate::model::{Conflict, Panelist};
use crate::store::Cached;
use crate::text::{collapse, name_key};
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
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

/// A panelist who leaves the panel after handing in ballots is retired, not deleted: the
/// ballots stay (signed, counted, in the audit log) and the time they left is kept.
pub(super) const SCHEMA_V7: &str = "ALTER TABLE panelists ADD COLUMN retired_at TEXT;";

/// What taking a panelist off the panel did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PanelistRemoval {
    /// No ballot of theirs was on record: they are gone, with their conflicts and keys.
    Removed { name: String },
    /// They had handed in ballots: retired. `ballots` of theirs (entries with a submitted
    /// ballot) still count; nothing more is expected of them.
    Retired { name: String, ballots: u32 },
}

impl super::Store {
    /// The panel, chair first, then in the order they were added.
    /// The panelist with this id; `not_found` when there is none.
    pub fn panelist(&self, panelist_id: Uuid) -> Result<Panelist> {
        self.panelists()?
            .into_iter()
            .find(|p| p.id == panelist_id)
            .ok_or_else(|| crate::error::Record::Panelist.not_found(panelist_id))
    }

    pub fn panelists(&self) -> Result<Vec<Panelist>> {
        Ok(self
            .panel_on_record()?
            .into_iter()
            .filter(|p| p.retired_at.is_none())
            .collect())
    }

    /// The panel with those who retired from it, in the panel's order (the order the result
    /// data lists ballots in, which a finalized entry's seal covers: retiring someone must
    /// not reorder it): what the results count ballots from.
    pub fn panel_on_record(&self) -> Result<Vec<Panelist>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, affiliation, is_chair, retired_at FROM panelists
             ORDER BY is_chair DESC, position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, affiliation, is_chair, retired_at) = row?;
            Ok(Panelist {
                id: parse_uuid(&id)?,
                name,
                affiliation,
                is_chair,
                retired_at: retired_at
                    .as_deref()
                    .map(crate::time::from_db)
                    .transpose()?,
            })
        })
        .collect()
    }

    /// Takes a panelist off the panel. One with no ballot on record is deleted (with their
    /// conflicts of interest and registered keys); one who handed in a ballot (or drafted
    /// one) is retired: their ballots stay and count, no new one is taken from them, and no
    /// entry waits for them. The chair is refused: the role passes first. Audited either way.
    pub fn remove_panelist(&mut self, panelist_id: Uuid) -> Result<PanelistRemoval> {
        let panelist = self.panelist(panelist_id)?;
        if panelist.is_chair {
            return Err(Error::Setup(
                crate::setup::SetupRefusal::ChairLeavingPanel {
                    name: panelist.name,
                },
            ));
        }
        let id = panelist_id.to_string();
        self.write(Actor::Secretariat, |tx| {
            let (revisions, submitted): (u32, u32) = tx.row(
                "SELECT count(*), count(DISTINCT CASE WHEN status = 'submitted' THEN entry_id END)
                 FROM ballots WHERE panelist_id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if revisions == 0 {
                tx.run("DELETE FROM panelists WHERE id = ?1", [&id])?;
                let outcome = PanelistRemoval::Removed {
                    name: panelist.name.clone(),
                };
                let detail = serde_json::json!({ "panelist": &panelist });
                return Ok((outcome, Some(Event::new("panelist.removed", detail))));
            }
            let at = crate::time::now();
            tx.run(
                "UPDATE panelists SET retired_at = ?2 WHERE id = ?1",
                params![id, crate::time::to_db(at)],
            )?;
            let outcome = PanelistRemoval::Retired {
                name: panelist.name.clone(),
                ballots: submitted,
            };
            let detail = serde_json::json!({
                "panelist": &panelist,
                "ballots": submitted,
                "revisions": revisions,
            });
            Ok((outcome, Some(Event::new("panelist.retired", detail))))
        })
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
            return Err(Error::Setup(crate::setup::SetupRefusal::PanelistNameEmpty));
        }
        if let Some(same) = self
            .panelists()?
            .into_iter()
            .find(|p| name_key(&p.name) == name_key(&name))
        {
            return Err(Error::PanelistExists { name: same.name });
        }
        let panelist = Panelist {
            id: Uuid::now_v7(),
            name,
            affiliation: collapse(affiliation),
            is_chair,
            retired_at: None,
        };
        self.write(Actor::Secretariat, |tx| {
            if is_chair {
                tx.run("UPDATE panelists SET is_chair = 0 WHERE is_chair = 1", [])?;
            }
            tx.run(
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

    /// Corrects a panelist's name or affiliation; names stay unique regardless of case.
    pub fn update_panelist(
        &mut self,
        panelist_id: Uuid,
        name: &str,
        affiliation: &str,
    ) -> Result<Panelist> {
        let name = collapse(name);
        if name.is_empty() {
            return Err(Error::Setup(crate::setup::SetupRefusal::PanelistNameEmpty));
        }
        let panel = self.panelists()?;
        let Some(before) = panel.iter().find(|p| p.id == panelist_id).cloned() else {
            return Err(crate::error::Record::Panelist.not_found(panelist_id));
        };
        if let Some(same) = panel
            .iter()
            .find(|p| p.id != panelist_id && name_key(&p.name) == name_key(&name))
        {
            return Err(Error::PanelistExists {
                name: same.name.clone(),
            });
        }
        let after = Panelist {
            name,
            affiliation: collapse(affiliation),
            ..before.clone()
        };
        self.write(Actor::Secretariat, |tx| {
            tx.run(
                "UPDATE panelists SET name = ?2, affiliation = ?3 WHERE id = ?1",
                params![panelist_id.to_string(), after.name, after.affiliation],
            )?;
            let detail = serde_json::json!({ "before": before, "after": &after });
            Ok(((), Some(Event::new("panelist.changed", detail))))
        })?;
        Ok(after)
    }

    /// Makes this panelist the chair (the role moves from whoever had it), or leaves the
    /// panel without a chair when `None`.
    pub fn set_chair(&mut self, panelist_id: Option<Uuid>) -> Result<()> {
        if let Some(id) = panelist_id {
            if !self.panelists()?.iter().any(|p| p.id == id) {
                return Err(crate::error::Record::Panelist.not_found(id));
            }
        }
        self.write(Actor::Secretariat, |tx| {
            tx.run("UPDATE panelists SET is_chair = 0 WHERE is_chair = 1", [])?;
            if let Some(id) = panelist_id {
                tx.run(
                    "UPDATE panelists SET is_chair = 1 WHERE id = ?1",
                    [id.to_string()],
                )?;
            }
            let detail = serde_json::json!({ "chair": panelist_id });
            Ok(((), Some(Event::new("panel.chair", detail))))
        })
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
            tx.run(
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
                    crate::error::Record::PanelistOrEntry
                        .not_found(format!("{panelist_id} / {entry_id}"))
                }
                e => e.into(),
            })?;
            Ok(((), Some(Event::new("conflict.added", &conflict))))
        })
    }

    /// Withdraws a conflict of interest marked by mistake: the panelist scores the entry again.
    pub fn remove_conflict(&mut self, panelist_id: Uuid, entry_id: Uuid) -> Result<()> {
        self.write(Actor::Secretariat, |tx| {
            let removed: Option<String> = tx
                .row(
                    "DELETE FROM conflicts WHERE panelist_id = ?1 AND entry_id = ?2 RETURNING reason",
                    params![panelist_id.to_string(), entry_id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(reason) = removed else {
                return Err(crate::error::Record::Conflict
                    .not_found(format!("{panelist_id} / {entry_id}")));
            };
            let conflict = Conflict {
                panelist_id,
                entry_id,
                reason,
            };
            Ok(((), Some(Event::new("conflict.removed", &conflict))))
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use crate::model::NewEntry;

    use crate::testing::store;

    #[test]
    fn a_look_alike_name_with_invisible_characters_is_the_same_panelist() {
        let (_dir, mut store) = store();
        store.add_panelist("Budi Santoso", "", false).unwrap();
        let ani = store.add_panelist("Ani", "", false).unwrap();
        for look_alike in [
            "Budi\u{200b} Santoso\u{2060}",
            "Ani\u{200B}",
            "\u{200e}ANI\u{202c}",
            "  ani\u{feff} ",
        ] {
            let err = store.add_panelist(look_alike, "", false).unwrap_err();
            assert_eq!(err.code(), "panelist_exists", "{look_alike:?}: {err}");
            let named = if look_alike.to_lowercase().contains("budi") {
                "Budi Santoso"
            } else {
                "Ani"
            };
            let en = err.message(crate::lang::Lang::En);
            let id = err.message(crate::lang::Lang::Id);
            assert!(
                en.contains(&format!("\"{named}\" is already on the panel")),
                "{en}"
            );
            assert!(
                id.contains(&format!("\"{named}\" sudah ada di panel")),
                "{id}"
            );
        }
        // Renaming someone else to a look-alike is refused the same way.
        let err = store
            .update_panelist(ani.id, "Budi\u{200d} SANTOSO", "")
            .unwrap_err();
        assert_eq!(err.code(), "panelist_exists", "{err}");
        assert_eq!(store.panelists().unwrap().len(), 2);
        // What is stored prints as typed, without the invisible characters.
        let rene = store
            .add_panelist("Rene\u{301}\u{200b}", "", false)
            .unwrap();
        assert_eq!(rene.name, "Ren\u{e9}");
        assert_eq!(
            store
                .add_panelist("REN\u{c9}", "", false)
                .unwrap_err()
                .code(),
            "panelist_exists",
            "composed and decomposed accents are one name"
        );
    }

    #[test]
    fn update_panelist_cleans_keeps_the_role_and_keeps_names_unique() {
        let (_dir, mut store) = store();
        let andi = store.add_panelist("Andi", "Unhas", true).unwrap();
        store.add_panelist("Budi", "", false).unwrap();
        let events = store.audit_events().unwrap().len();
        let changed = store
            .update_panelist(
                andi.id,
                " Prof.  Andi Rahmawati ",
                " Universitas  Hasanuddin",
            )
            .unwrap();
        assert_eq!(changed.name, "Prof. Andi Rahmawati");
        assert_eq!(changed.affiliation, "Universitas Hasanuddin");
        assert!(changed.is_chair);
        assert_eq!(store.panelists().unwrap()[0], changed);
        assert_eq!(
            store.audit_events().unwrap().last().unwrap().action,
            "panelist.changed"
        );
        // Its own name in another case is fine; another panelist's name is not.
        store
            .update_panelist(andi.id, "PROF. ANDI RAHMAWATI", "")
            .unwrap();
        let err = store.update_panelist(andi.id, "budi", "").unwrap_err();
        assert_eq!(err.code(), "panelist_exists", "{err}");
        assert_eq!(
            store.update_panelist(andi.id, "  ", "").unwrap_err().code(),
            "panelist_name_empty"
        );
        assert_eq!(
            store
                .update_panelist(uuid::Uuid::now_v7(), "Citra", "")
                .unwrap_err()
                .code(),
            "not_found"
        );
        assert_eq!(store.audit_events().unwrap().len(), events + 2);
    }

    #[test]
    fn set_chair_moves_the_role_or_clears_it() {
        let (_dir, mut store) = store();
        let andi = store.add_panelist("Andi", "", true).unwrap();
        let budi = store.add_panelist("Budi", "", false).unwrap();
        store.set_chair(Some(budi.id)).unwrap();
        let panel = store.panelists().unwrap();
        assert_eq!(panel[0].id, budi.id, "the chair comes first");
        assert!(panel[0].is_chair && !panel[1].is_chair);
        assert_eq!(panel[1].id, andi.id);
        store.set_chair(None).unwrap();
        assert!(store.panelists().unwrap().iter().all(|p| !p.is_chair));
        let err = store.set_chair(Some(uuid::Uuid::now_v7())).unwrap_err();
        assert_eq!(err.code(), "not_found");
        assert!(store.panelists().unwrap().iter().all(|p| !p.is_chair));
        assert_eq!(
            store.audit_events().unwrap().last().unwrap().action,
            "panel.chair"
        );
    }

    #[test]
    fn remove_conflict_withdraws_one_and_is_audited() {
        let (_dir, mut store) = store();
        let ids = store
            .add_entries(&[
                NewEntry {
                    no: 1,
                    title: "Giatki Ces".into(),
                    ..Default::default()
                },
                NewEntry {
                    no: 2,
                    title: "Sehati 2020".into(),
                    ..Default::default()
                },
            ])
            .unwrap();
        let andi = store.add_panelist("Andi", "", false).unwrap();
        store.add_conflict(andi.id, ids[0], "daerah asal").unwrap();
        store
            .add_conflict(andi.id, ids[1], "instansi sendiri")
            .unwrap();
        store.remove_conflict(andi.id, ids[0]).unwrap();
        let left = store.conflicts().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].entry_id, ids[1]);
        let last = store.audit_events().unwrap().pop().unwrap();
        assert_eq!(last.action, "conflict.removed");
        assert_eq!(last.detail["reason"], "daerah asal");
        let err = store.remove_conflict(andi.id, ids[0]).unwrap_err();
        assert_eq!(err.code(), "not_found");
        assert_eq!(store.conflicts().unwrap().len(), 1);
    }
}

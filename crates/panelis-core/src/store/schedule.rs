//! The `rooms` and `slots` tables: where and when each entry presents.

use super::audit::Event;
use super::{parse_uuid, Actor};
use crate::model::{PhasePlan, Room, Slot};
use crate::{time, Error, Result};
use rusqlite::params;
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE rooms (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE UNIQUE INDEX rooms_name ON rooms (lower(name));
CREATE TABLE slots (
    id            TEXT PRIMARY KEY,
    room_id       TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    entry_id      TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    planned_start TEXT NOT NULL,
    plan_override TEXT,
    UNIQUE (room_id, position)
);
CREATE UNIQUE INDEX slots_entry ON slots (entry_id);
";

impl super::Store {
    /// The rooms in their order.
    pub fn rooms(&self) -> Result<Vec<Room>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name FROM rooms ORDER BY position")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        rows.map(|row| {
            let (id, name) = row?;
            Ok(Room {
                id: parse_uuid(&id)?,
                name,
            })
        })
        .collect()
    }

    /// Adds a room; names are unique regardless of case.
    pub fn add_room(&mut self, name: &str) -> Result<Room> {
        let name = crate::text::collapse(name);
        if name.is_empty() {
            return Err(Error::invalid("room name", "the room needs a name"));
        }
        if self
            .rooms()?
            .iter()
            .any(|r| r.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::invalid(
                "room name",
                format!("a room named {name:?} already exists"),
            ));
        }
        let room = Room {
            id: Uuid::now_v7(),
            name,
        };
        self.write(Actor::Secretariat, |tx| {
            tx.execute(
                "INSERT INTO rooms (id, name, position)
                 VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM rooms))",
                params![room.id.to_string(), room.name],
            )?;
            Ok(((), Some(Event::new("room.added", &room))))
        })?;
        Ok(room)
    }

    /// The slots of every room, by room and position.
    pub fn slots(&self) -> Result<Vec<Slot>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.id, s.room_id, s.entry_id, s.position, s.planned_start, s.plan_override
             FROM slots s JOIN rooms r ON r.id = s.room_id ORDER BY r.position, s.position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (id, room, entry, position, start, plan) = row?;
            let plan_override = plan
                .map(|p| serde_json::from_str::<PhasePlan>(&p))
                .transpose()
                .map_err(|e| Error::Database(format!("bad slot plan: {e}")))?;
            Ok(Slot {
                id: parse_uuid(&id)?,
                room_id: parse_uuid(&room)?,
                entry_id: parse_uuid(&entry)?,
                position,
                planned_start: time::from_db(&start)?,
                plan_override,
            })
        })
        .collect()
    }

    /// Replaces a room's whole schedule with `slots` (e.g. freshly generated).
    pub fn replace_room_slots(&mut self, room_id: Uuid, slots: &[Slot]) -> Result<()> {
        if let Some(s) = slots.iter().find(|s| s.room_id != room_id) {
            return Err(Error::invalid(
                "slot",
                format!("slot {} belongs to another room", s.id),
            ));
        }
        self.write(Actor::Secretariat, |tx| {
            tx.execute(
                "DELETE FROM slots WHERE room_id = ?1",
                [room_id.to_string()],
            )?;
            let mut stmt = tx.prepare(
                "INSERT INTO slots (id, room_id, entry_id, position, planned_start, plan_override)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for s in slots {
                let plan = s
                    .plan_override
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(|e| Error::Database(e.to_string()))?;
                stmt.execute(params![
                    s.id.to_string(),
                    room_id.to_string(),
                    s.entry_id.to_string(),
                    s.position,
                    time::to_db(s.planned_start),
                    plan
                ])?;
            }
            let detail = serde_json::json!({ "room": room_id, "slots": slots.len() });
            Ok(((), Some(Event::new("schedule.replaced", detail))))
        })
    }
}

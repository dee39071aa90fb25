//! The `rooms` and `slots` tables: where and when each entry presents, each room's day plan,
//! and the edits of the running order. Every edit recomputes the room's planned starts in the
//! same transaction, so the stored schedule is always laid out.

use super::audit::Event;
use super::competition::{read_phase_plan, read_start_date, read_utc_offset};
use super::{parse_uuid, query_records, Actor};
use crate::lang::Lang;
use crate::model::{PhasePlan, Room, Slot};
use crate::schedule::refusal::ScheduleRefusal;
use crate::schedule::{self, DayPlan, ScheduleOrder, ScheduleView};
use crate::setup::SetupRefusal;
use crate::store::Cached;
use crate::{time, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE rooms (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL,
    day_plan TEXT
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

const SLOT_COLUMNS: &str =
    "s.id, s.room_id, s.entry_id, s.position, s.planned_start, s.plan_override";

fn slot_from_row(r: &rusqlite::Row<'_>) -> Result<Slot> {
    let plan: Option<String> = r.get(5)?;
    let plan_override = plan
        .map(|p| serde_json::from_str::<PhasePlan>(&p))
        .transpose()
        .map_err(|e| Error::Database(format!("bad slot plan: {e}")))?;
    Ok(Slot {
        id: parse_uuid(&r.get::<_, String>(0)?)?,
        room_id: parse_uuid(&r.get::<_, String>(1)?)?,
        entry_id: parse_uuid(&r.get::<_, String>(2)?)?,
        position: r.get(3)?,
        planned_start: time::from_db(&r.get::<_, String>(4)?)?,
        plan_override,
    })
}

/// Slots of one room (or of all rooms), by room and position.
pub(super) fn load_slots(conn: &Connection, room_id: Option<Uuid>) -> Result<Vec<Slot>> {
    let sql = format!(
        "SELECT {SLOT_COLUMNS} FROM slots s JOIN rooms r ON r.id = s.room_id
         WHERE ?1 IS NULL OR s.room_id = ?1 ORDER BY r.position, s.position"
    );
    query_records(conn, &sql, [room_id.map(|r| r.to_string())], slot_from_row)
}

/// One slot by id.
pub(super) fn load_slot(conn: &Connection, slot_id: Uuid) -> Result<Slot> {
    let sql = format!("SELECT {SLOT_COLUMNS} FROM slots s WHERE s.id = ?1");
    query_records(conn, &sql, [slot_id.to_string()], slot_from_row)?
        .pop()
        .ok_or_else(|| crate::error::Record::Slot.not_found(slot_id))
}

/// A room's day plan: the stored one, else (a schedule made before day plans were kept)
/// the typical day starting where the room's first slot starts, else (nothing scheduled
/// yet) the typical day on the competition's first day, or today when it has none.
pub(super) fn day_plan(conn: &Connection, room_id: Uuid) -> Result<DayPlan> {
    let stored: Option<Option<String>> = conn
        .row(
            "SELECT day_plan FROM rooms WHERE id = ?1",
            [room_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let stored = stored.ok_or_else(|| crate::error::Record::Room.not_found(room_id))?;
    let offset = read_utc_offset(conn)?;
    if let Some(text) = stored {
        let mut days: DayPlan = serde_json::from_str(&text)
            .map_err(|e| Error::Database(format!("bad day plan: {e}")))?;
        // The venue's offset is the competition's; one source of truth.
        days.utc_offset_minutes = offset;
        return Ok(days);
    }
    let venue = time::venue_offset(offset)?;
    let first = load_slots(conn, Some(room_id))?.into_iter().next();
    let Some(first) = first else {
        let day = match read_start_date(conn)? {
            Some(day) => day,
            None => time::to_local(time::now(), venue).date(),
        };
        return Ok(DayPlan::typical(day, offset));
    };
    let start = time::to_local(first.planned_start, venue);
    let mut days = DayPlan::typical(start.date(), offset);
    if start.time() < days.day_end {
        days.day_start = start.time();
    }
    Ok(days)
}

/// Moves a room's slots out of the way of the (room, position) uniqueness while positions
/// are rewritten: rowids are unique, so `-rowid` never collides.
fn park(tx: &Transaction<'_>, room_id: Uuid) -> Result<()> {
    tx.run(
        "UPDATE slots SET position = -rowid WHERE room_id = ?1",
        [room_id.to_string()],
    )?;
    Ok(())
}

/// Writes room, position and planned start of `slots` (already parked).
fn save_layout(tx: &Transaction<'_>, slots: &[Slot]) -> Result<()> {
    let mut stmt = tx.prepare(
        "UPDATE slots SET room_id = ?2, position = ?3, planned_start = ?4 WHERE id = ?1",
    )?;
    for s in slots {
        stmt.execute(params![
            s.id.to_string(),
            s.room_id.to_string(),
            s.position,
            time::to_db(s.planned_start)
        ])?;
    }
    Ok(())
}

/// Lays out a room's slots in the given order (positions and planned starts), unsaved.
fn lay_out(tx: &Transaction<'_>, room_id: Uuid, slots: &mut [Slot]) -> Result<()> {
    let plan = read_phase_plan(tx)?;
    let days = day_plan(tx, room_id)?;
    for s in slots.iter_mut() {
        s.room_id = room_id;
    }
    schedule::relayout(slots, &plan, &days)
}

/// Lays out a room's slots (in the given order) and saves positions and planned starts.
fn relayout_and_save(tx: &Transaction<'_>, room_id: Uuid, slots: &mut [Slot]) -> Result<()> {
    lay_out(tx, room_id, slots)?;
    park(tx, room_id)?;
    save_layout(tx, slots)
}

/// Recomputes every room's planned starts (after the default plan changed).
pub(super) fn relayout_all(tx: &Transaction<'_>) -> Result<()> {
    let rooms: Vec<String> = tx
        .prepare("SELECT id FROM rooms ORDER BY position")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for room in rooms {
        let room_id = parse_uuid(&room)?;
        let mut slots = load_slots(tx, Some(room_id))?;
        relayout_and_save(tx, room_id, &mut slots)?;
    }
    Ok(())
}

/// Refuses to throw away slots that already ran: their actual times would be lost.
fn refuse_if_run(tx: &Transaction<'_>, rooms: &[Uuid]) -> Result<()> {
    for room in rooms {
        let ran: Option<u32> = tx
            .row(
                "SELECT e.no FROM slots s JOIN entries e ON e.id = s.entry_id
                 WHERE s.room_id = ?1
                   AND EXISTS (SELECT 1 FROM timer_events t WHERE t.slot_id = s.id)
                 ORDER BY s.position LIMIT 1",
                [room.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(no) = ran {
            return Err(Error::Schedule(ScheduleRefusal::AlreadyPresented { no }));
        }
    }
    Ok(())
}

fn insert_slots(tx: &Transaction<'_>, slots: &[Slot]) -> Result<()> {
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
            s.room_id.to_string(),
            s.entry_id.to_string(),
            s.position,
            time::to_db(s.planned_start),
            plan
        ])?;
    }
    Ok(())
}

/// Whether the slot's timer has any history.
pub(super) fn has_run(conn: &Connection, slot_id: Uuid) -> Result<bool> {
    Ok(conn.row(
        "SELECT EXISTS (SELECT 1 FROM timer_events WHERE slot_id = ?1)",
        [slot_id.to_string()],
        |r| r.get(0),
    )?)
}

/// What removing a room takes away, or before anything is written would take away: the
/// room, its slots, and the entries it held, which are unscheduled once it is gone (they
/// keep their check-in and can be scheduled in another room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomRemoval {
    pub room: Room,
    pub slots_removed: usize,
    /// Shortlist numbers of the entries the room held, ascending.
    pub entries_unscheduled: Vec<u32>,
}

impl RoomRemoval {
    /// What happened, as the command line says it: "Ruang Kenanga dihapus; 12 inovasi kini
    /// belum terjadwal".
    pub fn summary(&self, lang: Lang) -> String {
        let name = crate::text::excerpt(&self.room.name);
        match (self.entries_unscheduled.len(), lang) {
            (0, Lang::Id) => format!("{name} dihapus; ruang itu tidak berisi sesi"),
            (0, Lang::En) => format!("{name} removed; it held no slots"),
            (n, Lang::Id) => format!(
                "{name} dihapus; {n} inovasi kini belum terjadwal (No {})",
                crate::text::number_runs(&self.entries_unscheduled)
            ),
            (n, Lang::En) => format!(
                "{name} removed; {n} {} now unscheduled (No {})",
                if n == 1 { "entry is" } else { "entries are" },
                crate::text::number_runs(&self.entries_unscheduled)
            ),
        }
    }
}

/// Entry numbers of the room's slots that `condition` (SQL over `s` the slot and `e` its
/// entry) picks, ascending.
fn room_nos(conn: &Connection, room_id: Uuid, condition: &str) -> Result<Vec<u32>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT e.no FROM slots s JOIN entries e ON e.id = s.entry_id
         WHERE s.room_id = ?1 AND ({condition}) ORDER BY e.no"
    ))?;
    let nos = stmt
        .query_map([room_id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(nos)
}

/// The rule of removing a room, the same where it is written and where the confirmation
/// previews it. A room goes with its slots only while nothing happened in it that a record
/// depends on: it is not the competition's only room, nothing is on stage there, no entry of
/// it is final, and none has presented (a slot with a timer history) or been scored.
fn room_removal(conn: &Connection, room_id: Uuid) -> Result<RoomRemoval> {
    let name: String = conn
        .row(
            "SELECT name FROM rooms WHERE id = ?1",
            [room_id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| crate::error::Record::Room.not_found(room_id))?;
    let rooms: u32 = conn.row("SELECT COUNT(*) FROM rooms", [], |r| r.get(0))?;
    if rooms <= 1 {
        return Err(Error::Schedule(ScheduleRefusal::OnlyRoom { room: name }));
    }
    let on_stage: Option<u32> = conn
        .row(
            "SELECT e.no FROM live_slots l
             JOIN slots s ON s.id = l.slot_id AND s.room_id = l.room_id
             JOIN entries e ON e.id = s.entry_id
             WHERE l.room_id = ?1 AND NOT EXISTS
               (SELECT 1 FROM timer_events t WHERE t.slot_id = s.id AND t.kind = 'finish')",
            [room_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(no) = on_stage {
        return Err(Error::Schedule(ScheduleRefusal::RoomLive {
            room: name,
            no,
        }));
    }
    let finalized = room_nos(
        conn,
        room_id,
        "EXISTS (SELECT 1 FROM finalized_entries f WHERE f.entry_id = s.entry_id)",
    )?;
    if !finalized.is_empty() {
        return Err(Error::Schedule(ScheduleRefusal::RoomFinalized {
            room: name,
            nos: finalized,
        }));
    }
    let presented = room_nos(
        conn,
        room_id,
        "EXISTS (SELECT 1 FROM timer_events t WHERE t.slot_id = s.id)
         OR EXISTS (SELECT 1 FROM ballots b
                    WHERE b.entry_id = s.entry_id AND b.status = 'submitted')",
    )?;
    if !presented.is_empty() {
        return Err(Error::Schedule(ScheduleRefusal::RoomPresented {
            room: name,
            nos: presented,
        }));
    }
    let held = room_nos(conn, room_id, "1")?;
    Ok(RoomRemoval {
        room: Room { id: room_id, name },
        slots_removed: held.len(),
        entries_unscheduled: held,
    })
}

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

    /// The room with this name, regardless of case and spacing.
    pub fn room_by_name(&self, name: &str) -> Result<Option<Room>> {
        let name = crate::text::collapse(name).to_lowercase();
        Ok(self
            .rooms()?
            .into_iter()
            .find(|r| r.name.to_lowercase() == name))
    }

    /// Adds a room; names are unique regardless of case.
    pub fn add_room(&mut self, name: &str) -> Result<Room> {
        let name = crate::text::collapse(name);
        if name.is_empty() {
            return Err(Error::Setup(SetupRefusal::RoomNameEmpty));
        }
        if self.room_by_name(&name)?.is_some() {
            return Err(Error::Setup(SetupRefusal::RoomExists { name }));
        }
        let room = Room {
            id: Uuid::now_v7(),
            name,
        };
        self.write(Actor::Secretariat, |tx| {
            tx.run(
                "INSERT INTO rooms (id, name, position)
                 VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM rooms))",
                params![room.id.to_string(), room.name],
            )?;
            Ok(((), Some(Event::new("room.added", &room))))
        })?;
        Ok(room)
    }

    /// What removing the room would do, or why it is refused, without writing anything:
    /// the confirmation the Jadwal screen shows first.
    pub fn room_removal_preview(&self, room_id: Uuid) -> Result<RoomRemoval> {
        room_removal(self.conn(), room_id)
    }

    /// Removes a room with its slots, in one transaction with its audit event; the entries
    /// it held become unscheduled. Refused (nothing written) for the only room, a room with
    /// an entry on stage, a final result, or an entry that has presented or been scored.
    pub fn remove_room(&mut self, room_id: Uuid) -> Result<RoomRemoval> {
        self.write(Actor::Secretariat, |tx| {
            let removal = room_removal(tx, room_id)?;
            tx.run(
                "DELETE FROM slots WHERE room_id = ?1",
                [room_id.to_string()],
            )?;
            tx.run("DELETE FROM rooms WHERE id = ?1", [room_id.to_string()])?;
            let detail = serde_json::json!({
                "room": room_id,
                "name": removal.room.name,
                "slots_removed": removal.slots_removed,
                "entries_unscheduled": removal.entries_unscheduled,
            });
            Ok((removal, Some(Event::new("room.removed", detail))))
        })
    }

    /// The slots of every room, by room and position.
    pub fn slots(&self) -> Result<Vec<Slot>> {
        load_slots(self.conn(), None)
    }

    /// One slot.
    pub fn slot(&self, slot_id: Uuid) -> Result<Slot> {
        load_slot(self.conn(), slot_id)
    }

    /// The slot in which the entry with shortlist number `no` presents.
    pub fn slot_of_entry_no(&self, no: u32) -> Result<Slot> {
        let id: Option<String> = self
            .conn()
            .row(
                "SELECT s.id FROM slots s JOIN entries e ON e.id = s.entry_id WHERE e.no = ?1",
                [no],
                |r| r.get(0),
            )
            .optional()?;
        let id = id.ok_or_else(|| crate::error::Record::SlotOfEntry.not_found(no))?;
        self.slot(parse_uuid(&id)?)
    }

    /// A room's day plan (start, end, pauses, slots per day).
    pub fn room_day_plan(&self, room_id: Uuid) -> Result<DayPlan> {
        day_plan(self.conn(), room_id)
    }

    /// Replaces a room's whole schedule with `slots` (e.g. freshly generated). Refused once a
    /// slot of the room has run.
    pub fn replace_room_slots(&mut self, room_id: Uuid, slots: &[Slot]) -> Result<()> {
        if slots.iter().any(|s| s.room_id != room_id) {
            return Err(Error::Schedule(ScheduleRefusal::SlotInOtherRoom));
        }
        self.write(Actor::Secretariat, |tx| {
            refuse_if_run(tx, &[room_id])?;
            tx.run(
                "DELETE FROM slots WHERE room_id = ?1",
                [room_id.to_string()],
            )?;
            insert_slots(tx, slots)?;
            let detail = serde_json::json!({ "room": room_id, "slots": slots.len() });
            Ok(((), Some(Event::new("schedule.replaced", detail))))
        })
    }

    /// Generates the schedule of `rooms` (in parallel, the order split between them) from
    /// the entries not scheduled in other rooms, in `order`, on `days` and the competition's
    /// phase plan. Replaces those rooms' slots and keeps `days` as their day plan.
    pub fn generate_schedule(
        &mut self,
        rooms: &[Uuid],
        order: &ScheduleOrder,
        days: &DayPlan,
    ) -> Result<Vec<Slot>> {
        let mut days = days.clone();
        days.utc_offset_minutes = self.utc_offset_minutes()?;
        schedule::validate_day_plan(&days)?;
        let known: HashSet<Uuid> = self.rooms()?.iter().map(|r| r.id).collect();
        let mut seen = HashSet::new();
        for room in rooms {
            if !known.contains(room) {
                return Err(crate::error::Record::Room.not_found(room));
            }
            if !seen.insert(room) {
                return Err(Error::Schedule(ScheduleRefusal::RoomListedTwice));
            }
        }
        let elsewhere: HashSet<Uuid> = self
            .slots()?
            .into_iter()
            .filter(|s| !rooms.contains(&s.room_id))
            .map(|s| s.entry_id)
            .collect();
        let ordered = schedule::order_entries(&self.entries()?, order)?;
        if let ScheduleOrder::Given(_) = order {
            if let Some(e) = ordered.iter().find(|e| elsewhere.contains(&e.id)) {
                return Err(Error::Schedule(ScheduleRefusal::EntryInOtherRoom {
                    no: e.no,
                }));
            }
        }
        let entries: Vec<_> = ordered
            .into_iter()
            .filter(|e| !elsewhere.contains(&e.id))
            .collect();
        let slots = schedule::generate_rooms(rooms, &entries, &self.phase_plan()?, &days)?;
        let day_text = serde_json::to_string(&days).map_err(|e| Error::Database(e.to_string()))?;
        self.write(Actor::Secretariat, |tx| {
            refuse_if_run(tx, rooms)?;
            for room in rooms {
                tx.run(
                    "UPDATE rooms SET day_plan = ?2 WHERE id = ?1",
                    params![room.to_string(), day_text],
                )?;
                tx.run("DELETE FROM slots WHERE room_id = ?1", [room.to_string()])?;
            }
            insert_slots(tx, &slots)?;
            let by = match order {
                ScheduleOrder::No => "no",
                ScheduleOrder::Category => "category",
                ScheduleOrder::Given(_) => "given",
            };
            let detail = serde_json::json!({ "rooms": rooms, "order": by, "slots": slots.len() });
            Ok(((), Some(Event::new("schedule.generated", detail))))
        })?;
        Ok(slots)
    }

    /// Changes a room's day plan and recomputes its planned starts.
    pub fn set_room_day_plan(&mut self, room_id: Uuid, days: &DayPlan) -> Result<()> {
        let mut days = days.clone();
        days.utc_offset_minutes = self.utc_offset_minutes()?;
        schedule::validate_day_plan(&days)?;
        let text = serde_json::to_string(&days).map_err(|e| Error::Database(e.to_string()))?;
        self.write(Actor::Secretariat, |tx| {
            let n = tx.run(
                "UPDATE rooms SET day_plan = ?2 WHERE id = ?1",
                params![room_id.to_string(), text],
            )?;
            if n == 0 {
                return Err(crate::error::Record::Room.not_found(room_id));
            }
            let mut slots = load_slots(tx, Some(room_id))?;
            relayout_and_save(tx, room_id, &mut slots)?;
            let detail = serde_json::json!({ "room": room_id, "day_plan": days });
            Ok(((), Some(Event::new("schedule.day_plan", detail))))
        })
    }

    /// Runs `edit` on the running order of the slot's room, then lays the room out again.
    fn edit_room_of(
        &mut self,
        slot_id: Uuid,
        action: &'static str,
        detail: serde_json::Value,
        edit: impl FnOnce(&mut Vec<Slot>, i32) -> Result<()>,
    ) -> Result<()> {
        self.write(Actor::Secretariat, |tx| {
            let slot = load_slot(tx, slot_id)?;
            let mut slots = load_slots(tx, Some(slot.room_id))?;
            edit(&mut slots, read_utc_offset(tx)?)?;
            relayout_and_save(tx, slot.room_id, &mut slots)?;
            Ok(((), Some(Event::new(action, detail))))
        })
    }

    /// Moves a slot to `position` (1-based) in its room; the others close up.
    pub fn move_slot(&mut self, slot_id: Uuid, position: u32) -> Result<()> {
        let detail = serde_json::json!({ "slot": slot_id, "position": position });
        self.edit_room_of(slot_id, "schedule.moved", detail, |slots, _| {
            schedule::move_slot(slots, slot_id, position)
        })
    }

    /// Exchanges two slots, within a room or between two rooms.
    pub fn swap_slots(&mut self, a: Uuid, b: Uuid) -> Result<()> {
        let detail = serde_json::json!({ "slots": [a, b] });
        self.write(Actor::Secretariat, |tx| {
            let (sa, sb) = (load_slot(tx, a)?, load_slot(tx, b)?);
            if sa.room_id == sb.room_id {
                let mut slots = load_slots(tx, Some(sa.room_id))?;
                schedule::swap_slots(&mut slots, a, b)?;
                relayout_and_save(tx, sa.room_id, &mut slots)?;
            } else {
                let mut in_a = load_slots(tx, Some(sa.room_id))?;
                let mut in_b = load_slots(tx, Some(sb.room_id))?;
                let (i, j) = (
                    in_a.iter().position(|s| s.id == a),
                    in_b.iter().position(|s| s.id == b),
                );
                let (Some(i), Some(j)) = (i, j) else {
                    return Err(Error::Database("slot not in its room".into()));
                };
                std::mem::swap(&mut in_a[i], &mut in_b[j]);
                // Both layouts first (they read the rooms), then both rooms parked, so
                // neither slot lands on a position the other room still holds.
                lay_out(tx, sa.room_id, &mut in_a)?;
                lay_out(tx, sb.room_id, &mut in_b)?;
                park(tx, sa.room_id)?;
                park(tx, sb.room_id)?;
                save_layout(tx, &in_a)?;
                save_layout(tx, &in_b)?;
            }
            Ok(((), Some(Event::new("schedule.swapped", detail))))
        })
    }

    /// Moves a slot behind the last slot of its (venue-local) day.
    pub fn move_slot_to_end_of_day(&mut self, slot_id: Uuid) -> Result<()> {
        let detail = serde_json::json!({ "slot": slot_id });
        self.edit_room_of(
            slot_id,
            "schedule.moved_to_end_of_day",
            detail,
            |slots, offset| schedule::move_to_end_of_day(slots, slot_id, offset),
        )
    }

    /// An innovator who did not come when called: marked absent and moved to the end of the
    /// day, so they can still present if they arrive. Refused once the slot has started.
    pub fn mark_no_show(&mut self, slot_id: Uuid) -> Result<()> {
        let slot = self.slot(slot_id)?;
        if has_run(self.conn(), slot_id)? {
            return Err(Error::Schedule(ScheduleRefusal::StartedNotNoShow));
        }
        let head = self
            .entries()?
            .into_iter()
            .find(|e| e.id == slot.entry_id)
            .is_some_and(|e| e.head_attended);
        self.set_entry_attendance(slot.entry_id, Some(false), head)?;
        self.move_slot_to_end_of_day(slot_id)
    }

    /// Gives a slot its own phase plan (`None`: back to the competition's) and recomputes
    /// the room's planned starts. Refused once the slot has started: the running timer keeps
    /// the plan it started with; add or take minutes on the live control instead.
    pub fn set_slot_plan(&mut self, slot_id: Uuid, plan: Option<&PhasePlan>) -> Result<()> {
        if let Some(plan) = plan {
            schedule::validate_plan(plan)?;
        }
        let text = plan
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| Error::Database(e.to_string()))?;
        self.write(Actor::Secretariat, |tx| {
            let slot = load_slot(tx, slot_id)?;
            if has_run(tx, slot_id)? {
                return Err(Error::Schedule(ScheduleRefusal::StartedPlanFixed));
            }
            tx.run(
                "UPDATE slots SET plan_override = ?2 WHERE id = ?1",
                params![slot_id.to_string(), text],
            )?;
            let mut slots = load_slots(tx, Some(slot.room_id))?;
            relayout_and_save(tx, slot.room_id, &mut slots)?;
            let detail = serde_json::json!({ "slot": slot_id, "plan": plan });
            Ok(((), Some(Event::new("schedule.slot_plan", detail))))
        })
    }

    /// The whole schedule at `now`: planned, actual and projected times, for the Jadwal
    /// screen, `panelis schedule` and the export.
    pub fn schedule_view(&self, now: DateTime<Utc>) -> Result<ScheduleView> {
        let rooms = self
            .rooms()?
            .into_iter()
            .map(|r| Ok((day_plan(self.conn(), r.id)?, r)))
            .map(|x: Result<_>| x.map(|(d, r)| (r, d)))
            .collect::<Result<Vec<_>>>()?;
        let timers = super::live::slot_timers(self.conn())?;
        let live = super::live::live_slots(self.conn())?;
        schedule::build_view(&schedule::ViewInput {
            rooms: &rooms,
            slots: &self.slots()?,
            entries: &self.entries()?,
            default_plan: &self.phase_plan()?,
            timers: &timers,
            live: &live,
            utc_offset_minutes: self.utc_offset_minutes()?,
            now,
        })
    }

    /// Writes the schedule with planned and actual times to an .xlsx file.
    pub fn export_schedule_xlsx(
        &self,
        path: &std::path::Path,
        lang: crate::lang::Lang,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let view = self.schedule_view(now)?;
        let title = format!(
            "{} {}",
            lang.pick("Jadwal presentasi", "Presentation schedule"),
            self.competition()?.name
        );
        schedule::xlsx::write_schedule(&view, &title, lang, path)
    }
}

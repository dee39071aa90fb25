//! The `timer_events` and `live_slots` tables: every accepted timer transition of every slot
//! (the timer is rebuilt from them, so a restart resumes the running phase), and the slot
//! each room has called to the stage. A transition is checked by the state machine before
//! it is written, in one transaction with its audit event.

use super::audit::Event;
use super::competition::{read_phase_plan, read_utc_offset};
use super::schedule::{day_plan, load_slot, load_slots};
use super::{parse_uuid, Actor};
use crate::model::{Entry, PhasePlan, Room, Slot};
use crate::schedule::{self, effective_plan};
use crate::store::Cached;
use crate::timer::{
    Command, LiveView, NextUp, PhaseActual, PhaseTimer, ProjectorView, TimerStatus, Transition,
};
use crate::{time, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE timer_events (
    slot_id TEXT NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL CHECK (seq >= 1),
    kind    TEXT NOT NULL,
    at      TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (slot_id, seq)
);
CREATE TABLE live_slots (
    room_id   TEXT PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
    slot_id   TEXT NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    called_at TEXT NOT NULL
);
";

/// Actual times of one slot that has started (or at least has a history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotActual {
    pub slot_id: Uuid,
    pub entry_id: Uuid,
    pub status: TimerStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub phases: Vec<PhaseActual>,
}

/// A room's slot presenting now (see [`super::Store::presenting`]).
#[derive(Debug, Clone)]
pub struct Presenting {
    pub room: Room,
    pub slot: Slot,
    pub timer: PhaseTimer,
    /// When the slot was called to the stage.
    pub called_at: DateTime<Utc>,
}

/// A stored event row: slot, seq, kind, instant, payload.
type EventRow = (String, u32, String, String, String);

/// Turns stored rows (of one slot, in seq order) into transitions and the plan the slot
/// started with (kept in the start event, so later plan edits do not rewrite history).
fn parse_events(rows: &[EventRow]) -> Result<(Vec<Transition>, Option<PhasePlan>)> {
    let mut plan = None;
    let mut transitions = Vec::with_capacity(rows.len());
    for (slot, seq, kind, at, payload) in rows {
        let payload: serde_json::Value = serde_json::from_str(payload)
            .map_err(|e| Error::Database(format!("bad timer payload of slot {slot}: {e}")))?;
        let command = Command::from_stored(kind, &payload).ok_or_else(|| {
            Error::Database(format!("unknown timer event {kind:?} of slot {slot}"))
        })?;
        if command == Command::Start {
            plan = payload
                .get("plan")
                .map(|p| serde_json::from_value::<PhasePlan>(p.clone()))
                .transpose()
                .map_err(|e| Error::Database(format!("bad plan in start of slot {slot}: {e}")))?;
        }
        transitions.push(Transition {
            seq: *seq,
            at: time::from_db(at)?,
            command,
        });
    }
    Ok((transitions, plan))
}

fn event_rows(conn: &Connection, slot_id: Option<Uuid>) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare(
        "SELECT slot_id, seq, kind, at, payload FROM timer_events
         WHERE ?1 IS NULL OR slot_id = ?1 ORDER BY slot_id, seq",
    )?;
    let rows = stmt.query_map([slot_id.map(|s| s.to_string())], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Rebuilds the timer of `slot` from its stored transitions.
fn timer_of(conn: &Connection, slot: &Slot, default_plan: &PhasePlan) -> Result<PhaseTimer> {
    let (transitions, started_with) = parse_events(&event_rows(conn, Some(slot.id))?)?;
    let plan = started_with.unwrap_or_else(|| effective_plan(slot, default_plan).clone());
    PhaseTimer::replay(plan, &transitions)
}

/// The timers of every slot that has a history.
pub(super) fn slot_timers(conn: &Connection) -> Result<HashMap<Uuid, PhaseTimer>> {
    let rows = event_rows(conn, None)?;
    let default_plan = read_phase_plan(conn)?;
    let slots: HashMap<Uuid, Slot> = load_slots(conn, None)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut timers = HashMap::new();
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        let slot_id = parse_uuid(&group[0].0)?;
        let (transitions, started_with) = parse_events(group)?;
        let plan = match (started_with, slots.get(&slot_id)) {
            (Some(plan), _) => plan,
            (None, Some(slot)) => effective_plan(slot, &default_plan).clone(),
            (None, None) => default_plan.clone(),
        };
        timers.insert(slot_id, PhaseTimer::replay(plan, &transitions)?);
    }
    Ok(timers)
}

/// The called slot of each room (room id -> slot id); a slot since moved to another room
/// no longer counts.
pub(super) fn live_slots(conn: &Connection) -> Result<HashMap<Uuid, Uuid>> {
    let mut stmt = conn.prepare(
        "SELECT l.room_id, l.slot_id FROM live_slots l
         JOIN slots s ON s.id = l.slot_id AND s.room_id = l.room_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (room, slot) = row?;
        Ok((parse_uuid(&room)?, parse_uuid(&slot)?))
    })
    .collect()
}

/// Refuses to call or start a slot while another slot of the same room is still running.
fn refuse_if_room_busy(tx: &Transaction<'_>, slot: &Slot) -> Result<()> {
    let busy: Option<u32> = tx
        .row(
            "SELECT e.no FROM timer_events t
             JOIN slots s ON s.id = t.slot_id JOIN entries e ON e.id = s.entry_id
             WHERE s.room_id = ?1 AND s.id != ?2
             GROUP BY t.slot_id HAVING SUM(t.kind = 'finish') = 0 LIMIT 1",
            params![slot.room_id.to_string(), slot.id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match busy {
        Some(no) => Err(Error::Schedule(
            crate::schedule::refusal::ScheduleRefusal::StillPresenting { no },
        )),
        None => Ok(()),
    }
}

fn set_live(tx: &Transaction<'_>, slot: &Slot, at: DateTime<Utc>) -> Result<()> {
    tx.run(
        "INSERT INTO live_slots (room_id, slot_id, called_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (room_id) DO UPDATE SET slot_id = ?2, called_at = ?3",
        params![
            slot.room_id.to_string(),
            slot.id.to_string(),
            time::to_db(at)
        ],
    )?;
    Ok(())
}

/// The audit action of a timer command.
fn audit_action(command: Command) -> &'static str {
    match command {
        Command::Start => "timer.start",
        Command::Pause => "timer.pause",
        Command::Resume => "timer.resume",
        Command::Next => "timer.next",
        Command::Prev => "timer.prev",
        Command::Adjust { .. } => "timer.adjust",
        Command::Restart => "timer.restart",
        Command::Finish => "timer.finish",
    }
}

impl super::Store {
    /// The timer of a slot, rebuilt from its stored transitions (idle if it has none).
    pub fn slot_timer(&self, slot_id: Uuid) -> Result<PhaseTimer> {
        let slot = self.slot(slot_id)?;
        timer_of(self.conn(), &slot, &self.phase_plan()?)
    }

    /// Applies a timer command to a slot at `at` and stores the transition. The state
    /// machine checks it first; nothing is written when it is refused. Starting a slot makes
    /// it the live slot of its room (refused while another slot there is still running).
    pub fn timer_command(
        &mut self,
        slot_id: Uuid,
        command: Command,
        at: DateTime<Utc>,
    ) -> Result<PhaseTimer> {
        self.write(Actor::Secretariat, |tx| {
            let slot = load_slot(tx, slot_id)?;
            let mut timer = timer_of(tx, &slot, &read_phase_plan(tx)?)?;
            if command == Command::Start {
                refuse_if_room_busy(tx, &slot)?;
            }
            let transition = timer.apply(command, at)?;
            let payload = match command {
                Command::Start => serde_json::json!({ "plan": timer.plan() }),
                Command::Adjust { seconds } => serde_json::json!({ "seconds": seconds }),
                _ => serde_json::json!({}),
            };
            tx.run(
                "INSERT INTO timer_events (slot_id, seq, kind, at, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    slot_id.to_string(),
                    transition.seq,
                    command.kind(),
                    time::to_db(transition.at),
                    payload.to_string()
                ],
            )?;
            if command == Command::Start {
                set_live(tx, &slot, transition.at)?;
            }
            let mut detail = serde_json::json!({
                "slot": slot_id,
                "entry": slot.entry_id,
                "seq": transition.seq,
                "at": time::to_db(transition.at),
            });
            if let Command::Adjust { seconds } = command {
                detail["seconds"] = seconds.into();
            }
            Ok((timer, Some(Event::new(audit_action(command), detail))))
        })
    }

    /// Calls a slot to the stage: it becomes its room's live slot (shown on the projector),
    /// and the innovator's check-in is recorded when given.
    pub fn call_slot(
        &mut self,
        slot_id: Uuid,
        present: Option<bool>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let slot = self.slot(slot_id)?;
        self.write(Actor::Secretariat, |tx| {
            refuse_if_room_busy(tx, &slot)?;
            set_live(tx, &slot, at)?;
            let detail = serde_json::json!({ "slot": slot_id, "entry": slot.entry_id });
            Ok(((), Some(Event::new("slot.called", detail))))
        })?;
        if let Some(present) = present {
            let head = find_entry(self, slot.entry_id)?.head_attended;
            self.set_entry_attendance(slot.entry_id, Some(present), head)?;
        }
        Ok(())
    }

    /// The live slot of `room_id`, or with `None` of the room called most recently.
    pub fn live_slot(&self, room_id: Option<Uuid>) -> Result<Option<Slot>> {
        let id: Option<String> = self
            .conn()
            .row(
                "SELECT l.slot_id FROM live_slots l
                 JOIN slots s ON s.id = l.slot_id AND s.room_id = l.room_id
                 WHERE ?1 IS NULL OR l.room_id = ?1
                 ORDER BY l.called_at DESC LIMIT 1",
                [room_id.map(|r| r.to_string())],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.slot(parse_uuid(&id)?)).transpose()
    }

    /// The slot to call next in a room (`None`: the live slot's room, else the first room):
    /// the first slot after the live one that has not started, else the first not started.
    pub fn next_slot(&self, room_id: Option<Uuid>) -> Result<Option<Slot>> {
        let live = self.live_slot(room_id)?;
        let room = match (room_id, &live) {
            (Some(room), _) => Some(room),
            (None, Some(slot)) => Some(slot.room_id),
            (None, None) => self.rooms()?.first().map(|r| r.id),
        };
        let Some(room) = room else {
            return Ok(None);
        };
        let started: std::collections::HashSet<Uuid> =
            slot_timers(self.conn())?.into_keys().collect();
        let slots = load_slots(self.conn(), Some(room))?;
        let after = live
            .and_then(|l| slots.iter().position(|s| s.id == l.id))
            .map_or(0, |i| i + 1);
        let waiting = |s: &&Slot| !started.contains(&s.id);
        Ok(slots[after..]
            .iter()
            .find(waiting)
            .or_else(|| slots[..after].iter().find(waiting))
            .cloned())
    }

    /// Actual times of every slot that has a timer history, in schedule order.
    pub fn slot_actuals(&self, now: DateTime<Utc>) -> Result<Vec<SlotActual>> {
        let timers = slot_timers(self.conn())?;
        Ok(self
            .slots()?
            .into_iter()
            .filter_map(|slot| {
                let timer = timers.get(&slot.id)?;
                Some(SlotActual {
                    slot_id: slot.id,
                    entry_id: slot.entry_id,
                    status: timer.status(),
                    started_at: timer.started_at(),
                    finished_at: timer.finished_at(),
                    phases: timer.view(now).phases,
                })
            })
            .collect())
    }

    /// Each room's slot presenting now, in the rooms' order: the called slot of a room
    /// while its timer is not finished ([`TimerStatus::presenting`]). A room whose called
    /// slot has finished presents nothing until the next call.
    pub fn presenting(&self) -> Result<Vec<Presenting>> {
        let rows: Vec<(String, String, String)> = self
            .conn()
            .prepare(
                "SELECT l.room_id, l.slot_id, l.called_at FROM live_slots l
                 JOIN slots s ON s.id = l.slot_id AND s.room_id = l.room_id
                 JOIN rooms r ON r.id = l.room_id
                 ORDER BY r.position",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let plan = self.phase_plan()?;
        let mut out = Vec::new();
        for (room, slot, called_at) in rows {
            let slot = self.slot(parse_uuid(&slot)?)?;
            let timer = timer_of(self.conn(), &slot, &plan)?;
            if timer.status().presenting() {
                out.push(Presenting {
                    room: find_room(self, parse_uuid(&room)?)?,
                    slot,
                    timer,
                    called_at: time::from_db(&called_at)?,
                });
            }
        }
        Ok(out)
    }

    /// The entry presenting now (of the room called most recently among those presenting)
    /// as the live control shows it at `now`; `None` when nothing is presenting, e.g. once
    /// the called slot has finished and the next is not yet called.
    pub fn presenting_now(&self, now: DateTime<Utc>) -> Result<Option<LiveView>> {
        match self.presenting()?.into_iter().max_by_key(|p| p.called_at) {
            Some(p) => self.live_view(Some(p.room.id), now),
            None => Ok(None),
        }
    }

    /// The live control of a room (`None`: the room called most recently) at `now`; `None`
    /// when nothing has been called yet. The called slot stays here once finished, until
    /// the next call: the control shows it done, with who is next.
    pub fn live_view(&self, room_id: Option<Uuid>, now: DateTime<Utc>) -> Result<Option<LiveView>> {
        let Some(slot) = self.live_slot(room_id)? else {
            return Ok(None);
        };
        let room = find_room(self, slot.room_id)?;
        let entry = find_entry(self, slot.entry_id)?;
        let timer = timer_of(self.conn(), &slot, &self.phase_plan()?)?.view(now);
        let next_up = self.next_up(Some(slot.room_id), now)?;
        Ok(Some(LiveView {
            room,
            slot,
            entry,
            timer,
            next_up,
        }))
    }

    /// The projector screen of a room (`None`: the room called most recently, else the
    /// first room) at `now`. Shows nothing private.
    pub fn projector_view(
        &self,
        room_id: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<ProjectorView> {
        let competition = self.competition()?.name;
        if let Some(live) = self.live_view(room_id, now)? {
            return Ok(ProjectorView::new(
                &competition,
                &live.room.name,
                Some((&live.entry, &live.timer)),
                live.next_up,
            ));
        }
        let room = match room_id {
            Some(id) => Some(find_room(self, id)?),
            None => self.rooms()?.into_iter().next(),
        };
        let next_up = self.next_up(room.as_ref().map(|r| r.id), now)?;
        let room_name = room.map(|r| r.name).unwrap_or_default();
        Ok(ProjectorView::new(&competition, &room_name, None, next_up))
    }

    /// "Next up" for a room: the slot [`Self::next_slot`] would call, with its entry and
    /// when the room's projection at `now` expects it to start.
    fn next_up(&self, room_id: Option<Uuid>, now: DateTime<Utc>) -> Result<Option<NextUp>> {
        let Some(slot) = self.next_slot(room_id)? else {
            return Ok(None);
        };
        let entry = find_entry(self, slot.entry_id)?;
        let projected = projected_start(self.conn(), &slot, now)?;
        let venue = time::venue_offset(read_utc_offset(self.conn())?)?;
        let (planned, expected) = (
            time::to_local(slot.planned_start, venue),
            time::to_local(projected, venue),
        );
        Ok(Some(NextUp {
            slot_id: slot.id,
            entry_no: entry.no,
            title: entry.title,
            agency: entry.agency,
            planned_start: slot.planned_start,
            planned_start_local: planned,
            planned_time: planned.format("%H:%M").to_string(),
            projected_start: projected,
            projected_start_local: expected,
            projected_time: expected.format("%H:%M").to_string(),
            delay_seconds: (projected - slot.planned_start).num_seconds(),
        }))
    }
}

/// When `slot` is expected to start: its room projected at `now` (the schedule's rule).
fn projected_start(conn: &Connection, slot: &Slot, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let slots = load_slots(conn, Some(slot.room_id))?;
    let (projected, _) = schedule::project(
        slot.room_id,
        &slots,
        &read_phase_plan(conn)?,
        &day_plan(conn, slot.room_id)?,
        &slot_timers(conn)?,
        live_slots(conn)?.get(&slot.room_id).copied(),
        now,
    )?;
    Ok(projected
        .into_iter()
        .find(|p| p.slot_id == slot.id)
        .map_or(slot.planned_start, |p| p.start))
}

fn find_room(store: &super::Store, room_id: Uuid) -> Result<Room> {
    store
        .rooms()?
        .into_iter()
        .find(|r| r.id == room_id)
        .ok_or_else(|| crate::error::Record::Room.not_found(room_id))
}

fn find_entry(store: &super::Store, entry_id: Uuid) -> Result<Entry> {
    store
        .entries()?
        .into_iter()
        .find(|e| e.id == entry_id)
        .ok_or_else(|| crate::error::Record::Entry.not_found(entry_id))
}

//! The `competition` table: the one competition a file holds, its details and its default
//! phase plan; and the overview that sums the file up.

use super::audit::Event;
use super::rubric;
use crate::model::{Competition, NewCompetition, Overview, PhasePlan};
use crate::setup::SetupRefusal;
use crate::store::Cached;
use crate::{time, Error, Result};
use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE competition (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    year                INTEGER,
    organizer           TEXT NOT NULL DEFAULT '',
    venue               TEXT NOT NULL DEFAULT '',
    start_date          TEXT,
    end_date            TEXT,
    utc_offset_minutes  INTEGER NOT NULL DEFAULT 480,
    phase_plan          TEXT NOT NULL,
    created_at          TEXT NOT NULL
);
";

pub(super) fn validate_new(new: &NewCompetition) -> Result<()> {
    if new.name.trim().is_empty() {
        return Err(Error::Setup(SetupRefusal::CompetitionNameEmpty));
    }
    if let Some(year) = new.year {
        if !(2000..=2100).contains(&year) {
            return Err(Error::Setup(SetupRefusal::ImplausibleYear { year }));
        }
    }
    if let (Some(a), Some(b)) = (new.start_date, new.end_date) {
        if b < a {
            return Err(Error::Setup(SetupRefusal::LastDayBeforeFirst));
        }
    }
    Ok(())
}

pub(super) fn insert(tx: &Transaction<'_>, new: &NewCompetition) -> Result<((), Option<Event>)> {
    let id = Uuid::now_v7();
    let plan = serde_json::to_string(&PhasePlan::kipp_default())
        .map_err(|e| Error::Database(e.to_string()))?;
    tx.run(
        "INSERT INTO competition (id, name, year, organizer, venue, start_date, end_date,
                                  phase_plan, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id.to_string(),
            new.name.trim(),
            new.year,
            new.organizer.trim(),
            new.venue.trim(),
            new.start_date.map(|d| d.to_string()),
            new.end_date.map(|d| d.to_string()),
            plan,
            time::to_db(time::now()),
        ],
    )?;
    rubric::insert_default(tx)?;
    Ok((
        (),
        Some(Event::new(
            "competition.created",
            serde_json::json!({ "id": id, "name": new.name.trim() }),
        )),
    ))
}

/// The default phase plan, inside or outside a transaction.
pub(super) fn read_phase_plan(conn: &rusqlite::Connection) -> Result<PhasePlan> {
    let text: String = conn.row("SELECT phase_plan FROM competition", [], |r| r.get(0))?;
    serde_json::from_str(&text).map_err(|e| Error::Database(format!("bad phase plan: {e}")))
}

/// Minutes east of UTC of the venue, inside or outside a transaction.
pub(super) fn read_utc_offset(conn: &rusqlite::Connection) -> Result<i32> {
    Ok(
        conn.row("SELECT utc_offset_minutes FROM competition", [], |r| {
            r.get(0)
        })?,
    )
}

/// The competition's first day, if it has one, inside or outside a transaction.
pub(super) fn read_start_date(conn: &rusqlite::Connection) -> Result<Option<chrono::NaiveDate>> {
    let text: Option<String> = conn
        .row("SELECT start_date FROM competition LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    parse_date(text)
}

fn parse_date(text: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    text.map(|t| {
        t.parse()
            .map_err(|e| Error::Database(format!("bad date {t:?}: {e}")))
    })
    .transpose()
}

impl super::Store {
    /// The competition this file holds.
    pub fn competition(&self) -> Result<Competition> {
        let row = self
            .conn()
            .row(
                "SELECT id, name, year, organizer, venue, start_date, end_date, created_at
                 FROM competition LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<i32>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotACompetition {
                path: self.path().to_owned(),
            })?;
        let (id, name, year, organizer, venue, start, end, created) = row;
        Ok(Competition {
            id: super::parse_uuid(&id)?,
            name,
            year,
            organizer,
            venue,
            start_date: parse_date(start)?,
            end_date: parse_date(end)?,
            created_at: time::from_db(&created)?,
        })
    }

    /// Changes the competition's details.
    pub fn update_competition(&mut self, details: &NewCompetition) -> Result<()> {
        validate_new(details)?;
        self.write(super::Actor::Secretariat, |tx| {
            tx.run(
                "UPDATE competition SET name = ?1, year = ?2, organizer = ?3, venue = ?4,
                        start_date = ?5, end_date = ?6",
                params![
                    details.name.trim(),
                    details.year,
                    details.organizer.trim(),
                    details.venue.trim(),
                    details.start_date.map(|d| d.to_string()),
                    details.end_date.map(|d| d.to_string()),
                ],
            )?;
            Ok(((), Some(Event::new("competition.updated", details))))
        })
    }

    /// Minutes east of UTC in which the venue's local times are shown (WITA = 480).
    pub fn utc_offset_minutes(&self) -> Result<i32> {
        read_utc_offset(self.conn())
    }

    /// The competition's default phase plan.
    pub fn phase_plan(&self) -> Result<PhasePlan> {
        read_phase_plan(self.conn())
    }

    /// Sets the competition's default phase plan and recomputes the planned starts of every
    /// room (slots get longer or shorter), all in one transaction.
    pub fn set_phase_plan(&mut self, plan: &PhasePlan) -> Result<()> {
        crate::schedule::validate_plan(plan)?;
        let text = serde_json::to_string(plan).map_err(|e| Error::Database(e.to_string()))?;
        self.write(super::Actor::Secretariat, |tx| {
            tx.run("UPDATE competition SET phase_plan = ?1", [text])?;
            super::schedule::relayout_all(tx)?;
            Ok(((), Some(Event::new("phase_plan.set", plan))))
        })
    }

    /// Counts for the overview screen.
    pub fn overview(&self) -> Result<Overview> {
        let count = |sql: &str| -> Result<u32> { Ok(self.conn().row(sql, [], |r| r.get(0))?) };
        let rubric = self.rubric()?;
        Ok(Overview {
            competition: self.competition()?,
            entries: count("SELECT COUNT(*) FROM entries")?,
            panelists: count("SELECT COUNT(*) FROM panelists")?,
            chair: self
                .conn()
                .row("SELECT name FROM panelists WHERE is_chair = 1", [], |r| r.get(0))
                .optional()?,
            rooms: count("SELECT COUNT(*) FROM rooms")?,
            slots: count("SELECT COUNT(*) FROM slots")?,
            criteria: rubric.criteria.len() as u32,
            rubric_name: rubric.name,
            ballots_submitted: count(
                "SELECT COUNT(DISTINCT panelist_id || entry_id) FROM ballots WHERE status = 'submitted'",
            )?,
            conflicts: count("SELECT COUNT(*) FROM conflicts")?,
            venue_clock: time::VenueClock::new(self.utc_offset_minutes()?),
        })
    }
}

//! The panel's decision in the competition file: the `outcomes` the competition gives (best
//! first) and the append-only `decisions` log of every order agreed and outcome given, whose
//! replay is the decision (see [`crate::decision`] for its rules). A change that would add a
//! problem (a departure from score order without its reason, more entries than seats), or
//! that touches an entry whose results are final, is refused and writes nothing.

use super::audit::Event;
use super::{parse_uuid, query_records, Actor};
use crate::decision::{
    self, Decision, DecisionAction, DecisionRefusal, Evaluation, NewOutcome, Outcome,
    OutcomeApportionment, OutcomeScope, Quorum,
};
use crate::results::{ResultData, ResultOptions, ResultTable};
use crate::scoring::Score;
use crate::store::Cached;
use crate::text::collapse;
use crate::{time, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// File format 3: outcomes, the decision log, and what a finalization overrode.
pub(super) const SCHEMA_V3: &str = "
CREATE TABLE outcomes (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    seats    INTEGER NOT NULL CHECK (seats >= 1),
    scope    TEXT NOT NULL CHECK (scope IN ('overall', 'cluster', 'proportional'))
);
CREATE TABLE decisions (
    seq    INTEGER PRIMARY KEY,
    id     TEXT NOT NULL UNIQUE,
    at     TEXT NOT NULL,
    action TEXT NOT NULL
);
CREATE TRIGGER decisions_frozen BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'a decision record is kept as written'); END;
CREATE TRIGGER decisions_kept BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'a decision record is kept'); END;
ALTER TABLE finalizations ADD COLUMN quorum_override TEXT NOT NULL DEFAULT '';
ALTER TABLE finalizations ADD COLUMN missing TEXT NOT NULL DEFAULT '[]';
";

/// A change to the decision as a person asks for it: by entry number and outcome name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecideRequest {
    /// These entries stand in this order. Entries that share a rank need no reason; any
    /// other order needs one.
    Order { entries: Vec<u32>, reason: String },
    /// Takes the entry out of any order the panel agreed.
    ClearOrder { entry: u32 },
    /// Gives the entry an outcome (`None`: takes it back).
    Outcome {
        entry: u32,
        outcome: Option<String>,
        reason: String,
    },
}

/// One recorded change to the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub action: DecisionAction,
}

/// What a finalization overrode: the chair agreed to finalize with ballots missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuorumOverride {
    pub at: DateTime<Utc>,
    pub chair: String,
    pub reason: String,
    pub entries: Vec<u32>,
    pub missing: Vec<decision::MissingBallot>,
}

/// Everything the deliberation ("Musyawarah") screen, the projector's deliberation mode and
/// the minutes show of the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionView {
    #[serde(flatten)]
    pub evaluation: Evaluation,
    pub outcomes: Vec<Outcome>,
    /// The quorum of every entry now.
    pub quorum: Quorum,
    /// Quorum overrides of the finalizations in force.
    pub overrides: Vec<QuorumOverride>,
    /// Entry numbers that are final now.
    pub finalized: Vec<u32>,
    /// The near-tie margin, two decimals.
    pub near_tie: String,
    /// The same margin in hundredths of a point, as the view was asked for (the default
    /// when none was given).
    pub near_tie_hundredths: u32,
    /// Every change to the decision, oldest first.
    pub history: Vec<DecisionRecord>,
    /// The decision as the result data records it (`None` while nothing was agreed): what
    /// a document issued now embeds.
    pub data: Option<decision::DecisionData>,
}

/// What the projector shows while the panel deliberates: the agreed order with ties,
/// near-ties, departures and outcomes, the seats still to fill and the per-cluster standings.
/// Individual panelists' totals only when the secretariat turns them on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliberationScreen {
    pub competition: String,
    pub rows: Vec<decision::DecisionRow>,
    pub seats: Vec<decision::SeatLine>,
    pub clusters: Vec<decision::ClusterStanding>,
    pub near_tie: String,
    /// Panel names (chair first), when their totals are shown.
    pub panel: Option<Vec<String>>,
    /// Per entry (by number), each panelist's total (two decimals; `None`: missing or
    /// abstained), when shown.
    pub totals: Option<Vec<(u32, Vec<Option<String>>)>>,
    pub outliers: Vec<(u32, Vec<usize>)>,
}

/// A results row with what the panel decided of it: `panelis results --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecidedRow {
    #[serde(flatten)]
    pub row: crate::results::ResultRow,
    /// Place in the agreed order; `None` when unscored.
    pub place: Option<u32>,
    pub outcome: Option<String>,
    /// The reason of the agreed order the entry is in, if any.
    pub order_reason: Option<String>,
    /// The reason written for its outcome, if any.
    pub outcome_reason: Option<String>,
    /// Departs from score order (its place or its outcome).
    pub departure: bool,
}

/// A fill by score order next to what is given now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// Entries whose outcome the proposal changes, in the agreed order.
    pub changes: Vec<ProposedChange>,
    pub apportionments: Vec<OutcomeApportionment>,
}

/// One entry's outcome now and as proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedChange {
    pub no: u32,
    pub title: String,
    pub cluster: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn load_outcomes(conn: &Connection) -> Result<Vec<Outcome>> {
    let sql = "SELECT id, name, seats, scope FROM outcomes ORDER BY position";
    query_records(conn, sql, [], |r| {
        let scope: String = r.get(3)?;
        Ok(Outcome {
            id: parse_uuid(&r.get::<_, String>(0)?)?,
            name: r.get(1)?,
            seats: r.get(2)?,
            scope: OutcomeScope::parse(&scope)
                .ok_or_else(|| Error::Database(format!("bad outcome scope {scope:?}")))?,
        })
    })
}

fn load_records(conn: &Connection) -> Result<Vec<DecisionRecord>> {
    let sql = "SELECT seq, id, at, action FROM decisions ORDER BY seq";
    query_records(conn, sql, [], |r| {
        let seq: i64 = r.get(0)?;
        Ok(DecisionRecord {
            seq,
            id: parse_uuid(&r.get::<_, String>(1)?)?,
            at: time::from_db(&r.get::<_, String>(2)?)?,
            action: serde_json::from_str(&r.get::<_, String>(3)?)
                .map_err(|e| Error::Database(format!("bad decision record {seq}: {e}")))?,
        })
    })
}

fn insert_record(tx: &Transaction<'_>, action: &DecisionAction) -> Result<DecisionRecord> {
    let at = time::from_db(&time::to_db(time::now()))?;
    let id = Uuid::now_v7();
    let text = serde_json::to_string(action).map_err(|e| Error::Database(e.to_string()))?;
    tx.run(
        "INSERT INTO decisions (id, at, action) VALUES (?1, ?2, ?3)",
        params![id.to_string(), time::to_db(at), text],
    )?;
    Ok(DecisionRecord {
        seq: tx.last_insert_rowid(),
        id,
        at,
        action: action.clone(),
    })
}

/// The margin as an exact score.
fn margin(hundredths: u32) -> Score {
    Score::hundredths(i128::from(hundredths))
}

/// Each finalized entry's place and outcome: what finalization locks.
fn locked(
    evaluation: &Evaluation,
    finalized: &BTreeSet<Uuid>,
) -> HashMap<u32, (Option<u32>, Option<Uuid>)> {
    evaluation
        .rows
        .iter()
        .filter(|r| finalized.contains(&r.entry_id))
        .map(|r| (r.no, (r.place, r.outcome_id)))
        .collect()
}

impl super::Store {
    /// The outcomes the competition gives, best first.
    pub fn outcomes(&self) -> Result<Vec<Outcome>> {
        load_outcomes(self.conn())
    }

    /// The decision as it stands.
    pub fn decision(&self) -> Result<Decision> {
        let records = load_records(self.conn())?;
        Ok(Decision::replay(records.iter().map(|r| &r.action)))
    }

    /// Every recorded change to the decision, oldest first.
    pub fn decision_history(&self) -> Result<Vec<DecisionRecord>> {
        load_records(self.conn())
    }

    /// The result data the documents embed now: the results and, once the panel agreed
    /// anything, its decision. The one place its hash comes from.
    pub fn result_data(&self) -> Result<ResultData> {
        let table = self.results(ResultOptions::default())?;
        self.result_data_of(&table)
    }

    /// [`Self::result_data`] for a table already computed with the default options.
    pub fn result_data_of(&self, table: &ResultTable) -> Result<ResultData> {
        let competition = self.competition()?;
        let outcomes = self.outcomes()?;
        let decision = self.decision()?;
        Ok(table.data_with(&competition, decision::data(table, &outcomes, &decision)))
    }

    /// The results rows (rank order, as [`ResultTable::rows_for_display`]) each with the
    /// place, outcome and reasons the panel's decision gives it.
    pub fn decided_rows(&self, options: ResultOptions) -> Result<Vec<DecidedRow>> {
        let table = self.results(options)?;
        let evaluation = decision::evaluate(
            &table,
            &self.outcomes()?,
            &self.decision()?,
            margin(decision::DEFAULT_NEAR_TIE_HUNDREDTHS),
        );
        let by_no: HashMap<u32, &decision::DecisionRow> =
            evaluation.rows.iter().map(|r| (r.no, r)).collect();
        Ok(table
            .rows_for_display()
            .into_iter()
            .map(|row| {
                let d = by_no.get(&row.no);
                DecidedRow {
                    place: d.and_then(|d| d.place),
                    outcome: d.and_then(|d| d.outcome.clone()),
                    order_reason: d.and_then(|d| d.order_reason.clone()),
                    outcome_reason: d.and_then(|d| d.outcome_reason.clone()),
                    departure: d.is_some_and(|d| d.is_departure()),
                    row,
                }
            })
            .collect())
    }

    /// The quorum of every entry: expected, counted and missing ballots.
    pub fn quorum(&self) -> Result<Quorum> {
        let table = self.results(ResultOptions::default())?;
        Ok(decision::quorum(&table, |_| true))
    }

    /// Replaces the competition's outcomes, best first. An outcome kept under the same name
    /// (any case) keeps what is given of it; one that is given to entries cannot be removed.
    /// Refused while any result is final.
    pub fn set_outcomes(&mut self, new: &[NewOutcome]) -> Result<Vec<Outcome>> {
        let mut cleaned: Vec<NewOutcome> = Vec::with_capacity(new.len());
        for o in new {
            let name = collapse(&o.name);
            let bad = |id: &str, en: &str| {
                Error::Decision(DecisionRefusal::BadOutcome {
                    name: name.clone(),
                    reason_id: id.into(),
                    reason_en: en.into(),
                })
            };
            if name.is_empty() {
                return Err(bad("nama hasil kosong", "the outcome's name is empty"));
            }
            if o.seats == 0 {
                return Err(bad(
                    "jumlah kursi harus 1 atau lebih",
                    "the number of seats must be 1 or more",
                ));
            }
            if cleaned
                .iter()
                .any(|c| c.name.to_lowercase() == name.to_lowercase())
            {
                return Err(bad("nama disebut dua kali", "the name is used twice"));
            }
            cleaned.push(NewOutcome {
                name,
                seats: o.seats,
                scope: o.scope,
            });
        }
        let table = self.results(ResultOptions::default())?;
        let decision = self.decision()?;
        self.write(Actor::Secretariat, |tx| {
            let finalized = super::finalization::finalized_ids(tx)?;
            if !finalized.is_empty() {
                let mut entries: Vec<u32> = table
                    .rows
                    .iter()
                    .filter(|r| finalized.contains(&r.entry.id))
                    .map(|r| r.entry.no)
                    .collect();
                entries.sort_unstable();
                return Err(Error::Decision(DecisionRefusal::Finalized { entries }));
            }
            let before = load_outcomes(tx)?;
            let mut kept: Vec<Outcome> = Vec::with_capacity(cleaned.len());
            for o in &cleaned {
                let id = before
                    .iter()
                    .find(|b| b.name.to_lowercase() == o.name.to_lowercase())
                    .map(|b| b.id)
                    .unwrap_or_else(Uuid::now_v7);
                kept.push(Outcome {
                    id,
                    name: o.name.clone(),
                    seats: o.seats,
                    scope: o.scope,
                });
            }
            for gone in before.iter().filter(|b| !kept.iter().any(|k| k.id == b.id)) {
                let mut entries: Vec<u32> = table
                    .rows
                    .iter()
                    .filter(|r| {
                        decision
                            .given
                            .get(&r.entry.id)
                            .is_some_and(|g| g.outcome == gone.id)
                    })
                    .map(|r| r.entry.no)
                    .collect();
                if !entries.is_empty() {
                    entries.sort_unstable();
                    return Err(Error::Decision(DecisionRefusal::OutcomeInUse {
                        name: gone.name.clone(),
                        entries,
                    }));
                }
            }
            tx.run("DELETE FROM outcomes", [])?;
            for (i, o) in kept.iter().enumerate() {
                tx.run(
                    "INSERT INTO outcomes (id, position, name, seats, scope)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        o.id.to_string(),
                        i as i64 + 1,
                        o.name,
                        o.seats,
                        o.scope.as_text()
                    ],
                )?;
            }
            let event = Event::new("decision.outcomes_defined", &kept);
            Ok((kept, Some(event)))
        })
    }

    /// Records one change to the decision, checked against every rule of
    /// [`crate::decision`]: refused (nothing written) when it names an unknown entry or
    /// outcome, orders entries that do not share a rank without a reason, adds a departure
    /// without its reason or more entries than seats, or changes an entry whose results are
    /// final. Returns the decision evaluated after it.
    pub fn decide(&mut self, request: &DecideRequest) -> Result<Evaluation> {
        let table = self.results(ResultOptions::default())?;
        let outcomes = self.outcomes()?;
        let by_no: HashMap<u32, &crate::results::EntryResult> =
            table.rows.iter().map(|r| (r.entry.no, r)).collect();
        let entry = |no: u32| {
            by_no
                .get(&no)
                .copied()
                .ok_or(Error::Decision(DecisionRefusal::UnknownEntry { no }))
        };
        let action = match request {
            DecideRequest::Order { entries, reason } => {
                if entries.len() < 2 {
                    return Err(Error::Decision(DecisionRefusal::OrderTooShort));
                }
                let mut seen = HashSet::new();
                let mut rows = Vec::with_capacity(entries.len());
                for &no in entries {
                    let row = entry(no)?;
                    if !seen.insert(no) {
                        return Err(Error::Decision(DecisionRefusal::RepeatedEntry { no }));
                    }
                    if row.score.is_none() {
                        return Err(Error::Decision(DecisionRefusal::Unscored { no }));
                    }
                    rows.push(row);
                }
                let reason = collapse(reason);
                let one_rank = rows.iter().all(|r| r.rank == rows[0].rank);
                if reason.is_empty() && !one_rank {
                    return Err(Error::Decision(DecisionRefusal::NotTied {
                        ranks: rows.iter().map(|r| (r.entry.no, r.rank)).collect(),
                    }));
                }
                DecisionAction::Order {
                    entries: rows.iter().map(|r| r.entry.id).collect(),
                    reason,
                }
            }
            DecideRequest::ClearOrder { entry: no } => DecisionAction::Order {
                entries: vec![entry(*no)?.entry.id],
                reason: String::new(),
            },
            DecideRequest::Outcome {
                entry: no,
                outcome,
                reason,
            } => {
                let row = entry(*no)?;
                let outcome = match outcome.as_deref().map(collapse) {
                    None => None,
                    Some(name) if name.is_empty() => None,
                    Some(name) => Some(
                        outcomes
                            .iter()
                            .find(|o| o.name.to_lowercase() == name.to_lowercase())
                            .ok_or(Error::Decision(DecisionRefusal::UnknownOutcome {
                                name: name.clone(),
                            }))?
                            .id,
                    ),
                };
                if outcome.is_some() && row.score.is_none() {
                    return Err(Error::Decision(DecisionRefusal::Unscored { no: *no }));
                }
                DecisionAction::Outcome {
                    entry: row.entry.id,
                    outcome,
                    reason: collapse(reason),
                }
            }
        };
        self.record_actions(&table, &outcomes, &[action])
    }

    /// Checks `actions` against the decision as it is in the file and records them, all or
    /// nothing, with one audit event each.
    fn record_actions(
        &mut self,
        table: &ResultTable,
        outcomes: &[Outcome],
        actions: &[DecisionAction],
    ) -> Result<Evaluation> {
        let near = margin(decision::DEFAULT_NEAR_TIE_HUNDREDTHS);
        self.write(Actor::Secretariat, |tx| {
            let records = load_records(tx)?;
            let before = Decision::replay(records.iter().map(|r| &r.action));
            let mut after = before.clone();
            for action in actions {
                after.apply(action);
            }
            let old = decision::evaluate(table, outcomes, &before, near);
            let new = decision::evaluate(table, outcomes, &after, near);
            let finalized = super::finalization::finalized_ids(tx)?;
            let (was, now) = (locked(&old, &finalized), locked(&new, &finalized));
            let mut changed: Vec<u32> = now
                .iter()
                .filter(|(no, state)| was.get(no) != Some(state))
                .map(|(no, _)| *no)
                .collect();
            if !changed.is_empty() {
                changed.sort_unstable();
                return Err(Error::Decision(DecisionRefusal::Finalized {
                    entries: changed,
                }));
            }
            let added: Vec<_> = new
                .problems
                .iter()
                .filter(|p| !old.problems.contains(p))
                .cloned()
                .collect();
            if !added.is_empty() {
                return Err(Error::Decision(DecisionRefusal::Problems {
                    problems: added,
                }));
            }
            // One audit event per action, appended here rather than one for the whole write.
            for action in actions {
                let record = insert_record(tx, action)?;
                super::audit::append(
                    tx,
                    Actor::Secretariat,
                    &Event::new("decision.changed", &record),
                )?;
            }
            Ok((new, None))
        })
    }

    /// What a fill by score order would give, against what is given now.
    pub fn propose_outcomes(&self) -> Result<Proposal> {
        let table = self.results(ResultOptions::default())?;
        let outcomes = self.outcomes()?;
        if outcomes.is_empty() {
            return Err(Error::Decision(DecisionRefusal::NoOutcomes));
        }
        let decision = self.decision()?;
        let proposed: HashMap<Uuid, Uuid> = decision::propose(&table, &outcomes, &decision)
            .into_iter()
            .collect();
        let name: HashMap<Uuid, &str> = outcomes.iter().map(|o| (o.id, o.name.as_str())).collect();
        let evaluation = decision::evaluate(
            &table,
            &outcomes,
            &decision,
            margin(decision::DEFAULT_NEAR_TIE_HUNDREDTHS),
        );
        let changes = evaluation
            .rows
            .iter()
            .filter_map(|r| {
                let now = decision.given.get(&r.entry_id).map(|g| g.outcome);
                let then = proposed.get(&r.entry_id).copied();
                (now != then).then(|| ProposedChange {
                    no: r.no,
                    title: r.title.clone(),
                    cluster: r.cluster.clone(),
                    from: now.and_then(|o| name.get(&o).map(|s| s.to_string())),
                    to: then.and_then(|o| name.get(&o).map(|s| s.to_string())),
                })
            })
            .collect();
        Ok(Proposal {
            changes,
            apportionments: evaluation.apportionments,
        })
    }

    /// Gives every entry the outcome a fill by score order proposes (and takes back the
    /// others'), in one change; refused like [`Self::decide`].
    pub fn apply_proposal(&mut self) -> Result<Evaluation> {
        let table = self.results(ResultOptions::default())?;
        let outcomes = self.outcomes()?;
        if outcomes.is_empty() {
            return Err(Error::Decision(DecisionRefusal::NoOutcomes));
        }
        let decision = self.decision()?;
        let proposed: HashMap<Uuid, Uuid> = decision::propose(&table, &outcomes, &decision)
            .into_iter()
            .collect();
        let mut actions = Vec::new();
        for row in &table.rows {
            let now = decision.given.get(&row.entry.id).map(|g| g.outcome);
            let then = proposed.get(&row.entry.id).copied();
            if now != then {
                actions.push(DecisionAction::Outcome {
                    entry: row.entry.id,
                    outcome: then,
                    reason: String::new(),
                });
            }
        }
        // Take back before giving, so seats are never over-filled in between.
        actions.sort_by_key(|a| {
            matches!(
                a,
                DecisionAction::Outcome {
                    outcome: Some(_),
                    ..
                }
            )
        });
        self.record_actions(&table, &outcomes, &actions)
    }

    /// The decision as the deliberation screen, the projector and the minutes show it.
    pub fn decision_view(&self, near_tie_hundredths: u32) -> Result<DecisionView> {
        let table = self.results(ResultOptions::default())?;
        let outcomes = self.outcomes()?;
        let decision = self.decision()?;
        let evaluation =
            decision::evaluate(&table, &outcomes, &decision, margin(near_tie_hundredths));
        let status = self.finalization_status()?;
        Ok(DecisionView {
            evaluation,
            data: decision::data(&table, &outcomes, &decision),
            overrides: quorum_overrides(&status),
            outcomes,
            quorum: decision::quorum(&table, |_| true),
            finalized: status.finalized,
            near_tie: margin(near_tie_hundredths).display(),
            near_tie_hundredths,
            history: load_records(self.conn())?,
        })
    }

    /// The deliberation view for the projector; `show_panelists` adds each panelist's total
    /// (off unless the secretariat turns it on: the audience sees the ranking, not who gave
    /// what).
    pub fn deliberation_screen(
        &self,
        near_tie_hundredths: u32,
        show_panelists: bool,
    ) -> Result<DeliberationScreen> {
        let table = self.results(ResultOptions::default())?;
        let outcomes = self.outcomes()?;
        let decision = self.decision()?;
        let e = decision::evaluate(&table, &outcomes, &decision, margin(near_tie_hundredths));
        let cells_of = |r: &crate::results::EntryResult| -> Vec<Option<String>> {
            r.cells
                .iter()
                .map(|c| match c {
                    crate::results::Cell::Counted(b) => Some(b.total.display()),
                    _ => None,
                })
                .collect()
        };
        Ok(DeliberationScreen {
            competition: self.competition()?.name,
            rows: e.rows,
            seats: e.seats,
            clusters: e.clusters,
            near_tie: margin(near_tie_hundredths).display(),
            panel: show_panelists.then(|| table.panelists.iter().map(|p| p.name.clone()).collect()),
            totals: show_panelists.then(|| {
                table
                    .rows
                    .iter()
                    .map(|r| (r.entry.no, cells_of(r)))
                    .collect()
            }),
            outliers: if show_panelists {
                table
                    .rows
                    .iter()
                    .map(|r| {
                        let flagged = r
                            .cells
                            .iter()
                            .enumerate()
                            .filter(
                                |(_, c)| matches!(c, crate::results::Cell::Counted(b) if b.outlier),
                            )
                            .map(|(i, _)| i)
                            .collect();
                        (r.entry.no, flagged)
                    })
                    .filter(|(_, f): &(u32, Vec<usize>)| !f.is_empty())
                    .collect()
            } else {
                Vec::new()
            },
        })
    }
}

/// The quorum overrides of the finalizations in force: those after the last reopen of
/// each entry.
fn quorum_overrides(status: &super::FinalizationStatus) -> Vec<QuorumOverride> {
    let final_now: HashSet<u32> = status.finalized.iter().copied().collect();
    let mut out: Vec<QuorumOverride> = Vec::new();
    let mut reopened_after: HashSet<u32> = HashSet::new();
    for record in status.history.iter().rev() {
        match record.action {
            super::FinalizationAction::Reopen => {
                reopened_after.extend(record.entries.iter().copied());
            }
            super::FinalizationAction::Finalize => {
                let entries: Vec<u32> = record
                    .entries
                    .iter()
                    .copied()
                    .filter(|n| final_now.contains(n) && !reopened_after.contains(n))
                    .collect();
                if !record.quorum_override.is_empty() && !entries.is_empty() {
                    out.push(QuorumOverride {
                        at: record.at,
                        chair: record.chair.clone(),
                        reason: record.quorum_override.clone(),
                        missing: record
                            .missing
                            .iter()
                            .filter(|m| entries.contains(&m.no))
                            .cloned()
                            .collect(),
                        entries,
                    });
                }
            }
        }
    }
    out.reverse();
    out
}

//! The panel's decision ("keputusan panel"), recorded on top of the ranking and never instead
//! of it: the order the panel agreed for entries (within an exact tie, or departing from the
//! score order with a written reason) and the outcome each entry is given ("Juara I",
//! "Lolos verifikasi lapangan"), overall or per cluster. This module holds every rule of it as
//! pure functions over the results table: the agreed order, what departs from score order,
//! seats and their apportionment, the proposal by score order, and the check that says what
//! a decision still lacks. The store (`store::decision`) records the actions and calls these.

mod apportion;
mod quorum;
mod refusal;
#[cfg(test)]
mod tests;

pub use apportion::{apportion, ApportionLine};
pub use quorum::{quorum, MissingBallot, Quorum};
pub use refusal::{DecisionRefusal, Scope};

use crate::model::Entry;
use crate::results::ResultTable;
use crate::scoring::Score;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Entries whose final scores are this close (but not equal) are marked as a near-tie for the
/// panel to look at, by default: 0.5 points on 0-100.
pub const DEFAULT_NEAR_TIE_HUNDREDTHS: u32 = 50;

/// Where an outcome's seats are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeScope {
    /// The seats are for the whole competition ("Top 30").
    Overall,
    /// Each cluster has this many seats ("Juara I" of every cluster).
    Cluster,
    /// The seats are shared out across the clusters in proportion to their entries (largest
    /// remainder), then filled within each cluster.
    Proportional,
}

impl OutcomeScope {
    /// The word used in files, the CLI and the audit log.
    pub fn as_text(self) -> &'static str {
        match self {
            OutcomeScope::Overall => "overall",
            OutcomeScope::Cluster => "cluster",
            OutcomeScope::Proportional => "proportional",
        }
    }

    /// From [`Self::as_text`]'s words.
    pub fn parse(text: &str) -> Option<OutcomeScope> {
        match text.trim().to_ascii_lowercase().as_str() {
            "overall" | "total" | "semua" => Some(OutcomeScope::Overall),
            "cluster" | "klaster" | "per-cluster" => Some(OutcomeScope::Cluster),
            "proportional" | "proporsional" => Some(OutcomeScope::Proportional),
            _ => None,
        }
    }
}

/// An outcome the competition gives, best first in the competition's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: Uuid,
    /// "Juara I", "Lolos verifikasi lapangan".
    pub name: String,
    pub seats: u32,
    pub scope: OutcomeScope,
}

/// An outcome as the secretariat defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOutcome {
    pub name: String,
    pub seats: u32,
    pub scope: OutcomeScope,
}

/// One recorded change to the decision. The decision is the replay of all of them, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionAction {
    /// The panel agreed that these entries stand in this order, together, at the place of the
    /// highest of them. One entry alone clears any order it was part of.
    Order { entries: Vec<Uuid>, reason: String },
    /// The entry is given this outcome (`None`: no outcome).
    Outcome {
        entry: Uuid,
        outcome: Option<Uuid>,
        reason: String,
    },
}

/// An order the panel agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreedOrder {
    pub entries: Vec<Uuid>,
    pub reason: String,
}

/// An outcome given to an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Given {
    pub outcome: Uuid,
    pub reason: String,
}

/// The decision as it stands: the replay of its recorded actions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Disjoint orders, in the order they were agreed.
    pub orders: Vec<AgreedOrder>,
    pub given: HashMap<Uuid, Given>,
}

impl Decision {
    /// The decision after all `actions`, in order.
    pub fn replay<'a>(actions: impl IntoIterator<Item = &'a DecisionAction>) -> Decision {
        let mut decision = Decision::default();
        for action in actions {
            decision.apply(action);
        }
        decision
    }

    /// Applies one action: a new order replaces every earlier order that shares an entry.
    pub fn apply(&mut self, action: &DecisionAction) {
        match action {
            DecisionAction::Order { entries, reason } => {
                self.orders
                    .retain(|o| !o.entries.iter().any(|e| entries.contains(e)));
                if entries.len() >= 2 {
                    self.orders.push(AgreedOrder {
                        entries: entries.clone(),
                        reason: reason.clone(),
                    });
                }
            }
            DecisionAction::Outcome {
                entry,
                outcome,
                reason,
            } => match outcome {
                Some(outcome) => {
                    self.given.insert(
                        *entry,
                        Given {
                            outcome: *outcome,
                            reason: reason.clone(),
                        },
                    );
                }
                None => {
                    self.given.remove(entry);
                }
            },
        }
    }

    /// Nothing agreed yet: no order and no outcome given.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty() && self.given.is_empty()
    }
}

/// One scored entry in the ranking the decision starts from.
#[derive(Debug, Clone)]
struct Ranked<'a> {
    entry: &'a Entry,
    score: Score,
    rank: u32,
    tied: bool,
}

/// The scored entries in score order (ties by number), as the results table ranks them.
fn ranked(table: &ResultTable) -> Vec<Ranked<'_>> {
    table
        .rows
        .iter()
        .filter_map(|r| {
            Some(Ranked {
                entry: &r.entry,
                score: r.score?,
                rank: r.rank?,
                tied: r.tied,
            })
        })
        .collect()
}

/// The agreed order of the scored entries: score order, then each agreed order in turn moves
/// its entries, in its sequence, to the place of the highest of them. Entry ids.
pub fn agreed_order(table: &ResultTable, decision: &Decision) -> Vec<Uuid> {
    let mut list: Vec<Uuid> = ranked(table).iter().map(|r| r.entry.id).collect();
    for order in &decision.orders {
        let members: Vec<Uuid> = order
            .entries
            .iter()
            .copied()
            .filter(|e| list.contains(e))
            .collect();
        let Some(at) = list.iter().position(|e| members.contains(e)) else {
            continue;
        };
        list.retain(|e| !members.contains(e));
        for (k, e) in members.into_iter().enumerate() {
            list.insert(at + k, e);
        }
    }
    list
}

/// What a decision lacks or breaks; the store refuses an action that adds one, and
/// finalization refuses while any remains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DecisionProblem {
    /// An order puts entries above higher-scored ones without a written reason.
    OrderWithoutReason { entries: Vec<u32>, over: Vec<u32> },
    /// An entry is given an outcome over an entry placed above it that has none or a lower
    /// one, without a written reason.
    OutcomeWithoutReason {
        entry: u32,
        outcome: String,
        over: Vec<u32>,
    },
    /// More entries are given an outcome than it has seats (in the cluster, if per cluster).
    SeatsExceeded {
        outcome: String,
        cluster: Option<String>,
        seats: u32,
        given: u32,
    },
    /// An entry without a score is given an outcome.
    Unscored { entry: u32, outcome: String },
    /// An outcome given that the competition no longer defines.
    UnknownOutcome { entry: u32 },
}

/// One line of the decision: an entry in the agreed order (scored entries), or an unscored
/// entry after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    /// 1-based place in the agreed order; `None` when unscored.
    pub place: Option<u32>,
    pub entry_id: Uuid,
    pub no: u32,
    pub title: String,
    pub agency: String,
    pub cluster: String,
    /// The rank by score (1, 2, 2, 4).
    pub rank: Option<u32>,
    /// Two decimals.
    pub score: Option<String>,
    /// Exactly equal to another entry's final score.
    pub tied: bool,
    /// Within the near-tie margin of the entry above or below, but not equal.
    pub near_tie: bool,
    /// In an exact tie the panel has not ordered yet.
    pub tie_open: bool,
    /// Part of an order the panel agreed (a tie order or a departure).
    pub in_order: bool,
    /// How many of the entry's counted totals are far from the other panelists' (the
    /// results' outlier flag); who gave them is not said here.
    pub outliers: u32,
    /// The reason of the agreed order this entry is part of.
    pub order_reason: Option<String>,
    /// Placed above these higher-scored entries (numbers): a departure from score order.
    pub departs_over: Vec<u32>,
    pub outcome: Option<String>,
    pub outcome_id: Option<Uuid>,
    /// The reason written for the outcome, if any.
    pub outcome_reason: Option<String>,
    /// Given its outcome over these entries placed above it (numbers).
    pub outcome_over: Vec<u32>,
}

impl DecisionRow {
    /// Whether this line departs from score order (its place, or its outcome).
    pub fn is_departure(&self) -> bool {
        !self.departs_over.is_empty() || !self.outcome_over.is_empty()
    }
}

/// The seats of one outcome in one cluster (or overall).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatLine {
    pub outcome: String,
    pub outcome_id: Uuid,
    pub scope: OutcomeScope,
    /// `None` for an outcome counted overall.
    pub cluster: Option<String>,
    pub seats: u32,
    pub given: u32,
}

/// The standings of one cluster, in the agreed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterStanding {
    pub cluster: String,
    /// Entries of the cluster (the count seats are shared out by).
    pub entries: u32,
    /// Entry numbers, scored ones in the agreed order.
    pub order: Vec<u32>,
}

/// The apportionment of one proportional outcome, with its arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeApportionment {
    pub outcome: String,
    pub seats: u32,
    pub lines: Vec<ApportionLine>,
}

/// The decision evaluated against the ranking: what every screen, document and check shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub rows: Vec<DecisionRow>,
    pub seats: Vec<SeatLine>,
    pub clusters: Vec<ClusterStanding>,
    pub apportionments: Vec<OutcomeApportionment>,
    pub problems: Vec<DecisionProblem>,
}

/// The cluster name an entry is counted under ("" when it has none).
fn cluster_of(entry: &Entry) -> &str {
    entry.cluster.trim()
}

/// Entries per cluster, by cluster name.
fn cluster_sizes(table: &ResultTable) -> BTreeMap<String, u32> {
    let mut sizes = BTreeMap::new();
    for row in &table.rows {
        *sizes.entry(cluster_of(&row.entry).to_string()).or_insert(0) += 1;
    }
    sizes
}

/// The seats of `outcome` for each group it is counted in: `None` key = overall.
fn seats_of(outcome: &Outcome, sizes: &BTreeMap<String, u32>) -> Vec<(Option<String>, u32)> {
    match outcome.scope {
        OutcomeScope::Overall => vec![(None, outcome.seats)],
        OutcomeScope::Cluster => sizes
            .keys()
            .map(|c| (Some(c.clone()), outcome.seats))
            .collect(),
        OutcomeScope::Proportional => apportion(outcome.seats, sizes)
            .into_iter()
            .map(|l| (Some(l.cluster), l.seats))
            .collect(),
    }
}

/// Evaluates `decision` against the ranking of `table` with the competition's `outcomes`.
/// Scores within `near_tie` of a neighbour (but not equal) are marked as near-ties.
pub fn evaluate(
    table: &ResultTable,
    outcomes: &[Outcome],
    decision: &Decision,
    near_tie: Score,
) -> Evaluation {
    let ranked = ranked(table);
    let by_id: HashMap<Uuid, &Ranked<'_>> = ranked.iter().map(|r| (r.entry.id, r)).collect();
    let order = agreed_order(table, decision);
    let place: HashMap<Uuid, usize> = order.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let outcome_at: HashMap<Uuid, (usize, &Outcome)> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id, (i, o)))
        .collect();
    let order_of: HashMap<Uuid, &AgreedOrder> = decision
        .orders
        .iter()
        .flat_map(|o| o.entries.iter().map(move |e| (*e, o)))
        .collect();
    let sizes = cluster_sizes(table);
    let mut problems = Vec::new();

    // Near-ties: neighbours in score order within the margin, not equal.
    let mut near: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    for pair in ranked.windows(2) {
        let d = pair[0].score.distance(pair[1].score);
        if d != Score::whole(0) && d <= near_tie {
            near.insert(pair[0].entry.id);
            near.insert(pair[1].entry.id);
        }
    }

    // Departures from score order: an entry placed above a higher-scored one.
    let departs_over = |id: Uuid| -> Vec<u32> {
        let (Some(&i), Some(me)) = (place.get(&id), by_id.get(&id)) else {
            return Vec::new();
        };
        order[i + 1..]
            .iter()
            .filter_map(|o| by_id.get(o))
            .filter(|o| o.score > me.score)
            .map(|o| o.entry.no)
            .collect()
    };
    for agreed in &decision.orders {
        if !agreed.reason.trim().is_empty() {
            continue;
        }
        let mut over: Vec<u32> = agreed
            .entries
            .iter()
            .flat_map(|e| departs_over(*e))
            .collect();
        over.sort_unstable();
        over.dedup();
        if !over.is_empty() {
            let mut entries: Vec<u32> = agreed
                .entries
                .iter()
                .filter_map(|e| by_id.get(e).map(|r| r.entry.no))
                .collect();
            entries.sort_unstable();
            problems.push(DecisionProblem::OrderWithoutReason { entries, over });
        }
    }

    // Outcomes: over whom each is given, and unknown or unscored ones.
    let entry_no: HashMap<Uuid, u32> = table
        .rows
        .iter()
        .map(|r| (r.entry.id, r.entry.no))
        .collect();
    let mut outcome_over: HashMap<Uuid, Vec<u32>> = HashMap::new();
    let mut given_sorted: Vec<(&Uuid, &Given)> = decision.given.iter().collect();
    given_sorted.sort_by_key(|(e, _)| entry_no.get(*e).copied().unwrap_or(u32::MAX));
    for (entry, given) in &given_sorted {
        let Some(&no) = entry_no.get(*entry) else {
            continue;
        };
        let Some(&(position, outcome)) = outcome_at.get(&given.outcome) else {
            problems.push(DecisionProblem::UnknownOutcome { entry: no });
            continue;
        };
        let Some(&i) = place.get(*entry) else {
            problems.push(DecisionProblem::Unscored {
                entry: no,
                outcome: outcome.name.clone(),
            });
            continue;
        };
        let me = by_id[*entry];
        let over: Vec<u32> = order[..i]
            .iter()
            .filter_map(|o| by_id.get(o))
            .filter(|o| {
                outcome.scope == OutcomeScope::Overall
                    || cluster_of(o.entry) == cluster_of(me.entry)
            })
            .filter(|o| match decision.given.get(&o.entry.id) {
                None => true,
                Some(g) => outcome_at
                    .get(&g.outcome)
                    .is_none_or(|(p, _)| *p > position),
            })
            .map(|o| o.entry.no)
            .collect();
        if !over.is_empty() && given.reason.trim().is_empty() {
            problems.push(DecisionProblem::OutcomeWithoutReason {
                entry: no,
                outcome: outcome.name.clone(),
                over: over.clone(),
            });
        }
        outcome_over.insert(**entry, over);
    }

    // Seats.
    let mut seats = Vec::new();
    for outcome in outcomes {
        for (cluster, n) in seats_of(outcome, &sizes) {
            let given = table
                .rows
                .iter()
                .filter(|r| {
                    decision
                        .given
                        .get(&r.entry.id)
                        .is_some_and(|g| g.outcome == outcome.id)
                        && cluster.as_deref().is_none_or(|c| c == cluster_of(&r.entry))
                })
                .count() as u32;
            if given > n {
                problems.push(DecisionProblem::SeatsExceeded {
                    outcome: outcome.name.clone(),
                    cluster: cluster.clone(),
                    seats: n,
                    given,
                });
            }
            seats.push(SeatLine {
                outcome: outcome.name.clone(),
                outcome_id: outcome.id,
                scope: outcome.scope,
                cluster,
                seats: n,
                given,
            });
        }
    }

    // Rows: scored entries in the agreed order, then the unscored by number.
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut push = |row: &crate::results::EntryResult, place: Option<u32>| {
        let id = row.entry.id;
        let given = decision.given.get(&id);
        let outcome = given.and_then(|g| outcome_at.get(&g.outcome));
        let r = by_id.get(&id);
        rows.push(DecisionRow {
            place,
            entry_id: id,
            no: row.entry.no,
            title: row.entry.title.clone(),
            agency: row.entry.agency.clone(),
            cluster: cluster_of(&row.entry).to_string(),
            rank: row.rank,
            score: row.score.map(|s| s.display()),
            tied: row.tied,
            near_tie: near.contains(&id),
            tie_open: r.is_some_and(|r| r.tied) && !order_of.contains_key(&id),
            in_order: order_of.contains_key(&id),
            outliers: row
                .cells
                .iter()
                .filter(|c| matches!(c, crate::results::Cell::Counted(b) if b.outlier))
                .count() as u32,
            order_reason: order_of
                .get(&id)
                .map(|o| o.reason.clone())
                .filter(|r| !r.trim().is_empty()),
            departs_over: departs_over(id),
            outcome: outcome.map(|(_, o)| o.name.clone()),
            outcome_id: outcome.map(|(_, o)| o.id),
            outcome_reason: given
                .map(|g| g.reason.clone())
                .filter(|r| !r.trim().is_empty()),
            outcome_over: outcome_over.get(&id).cloned().unwrap_or_default(),
        });
    };
    let row_of: HashMap<Uuid, &crate::results::EntryResult> =
        table.rows.iter().map(|r| (r.entry.id, r)).collect();
    for (i, id) in order.iter().enumerate() {
        if let Some(row) = row_of.get(id) {
            push(row, Some(i as u32 + 1));
        }
    }
    let mut unscored: Vec<&crate::results::EntryResult> =
        table.rows.iter().filter(|r| r.score.is_none()).collect();
    unscored.sort_by_key(|r| r.entry.no);
    for row in unscored {
        push(row, None);
    }
    // An exact tie ordered by the panel is closed only when all of it is in one order.
    let tie_groups: HashMap<u32, Vec<Uuid>> =
        ranked
            .iter()
            .filter(|r| r.tied)
            .fold(HashMap::new(), |mut groups, r| {
                groups.entry(r.rank).or_default().push(r.entry.id);
                groups
            });
    for row in rows.iter_mut().filter(|r| r.tied) {
        let Some(group) = row.rank.and_then(|k| tie_groups.get(&k)) else {
            continue;
        };
        let together = order_of
            .get(&row.entry_id)
            .is_some_and(|o| group.iter().all(|e| o.entries.contains(e)));
        row.tie_open = !together;
    }

    let clusters = sizes
        .iter()
        .map(|(cluster, n)| ClusterStanding {
            cluster: cluster.clone(),
            entries: *n,
            order: rows
                .iter()
                .filter(|r| r.cluster == *cluster)
                .map(|r| r.no)
                .collect(),
        })
        .collect();
    let apportionments = outcomes
        .iter()
        .filter(|o| o.scope == OutcomeScope::Proportional)
        .map(|o| OutcomeApportionment {
            outcome: o.name.clone(),
            seats: o.seats,
            lines: apportion(o.seats, &sizes),
        })
        .collect();
    Evaluation {
        rows,
        seats,
        clusters,
        apportionments,
        problems,
    }
}

/// The outcomes a fill by score order gives: for each outcome, best first, the highest
/// entries in the agreed order (within each cluster, for per-cluster seats) that have no
/// outcome yet in the proposal, as many as it has seats. Entry id -> outcome id.
pub fn propose(
    table: &ResultTable,
    outcomes: &[Outcome],
    decision: &Decision,
) -> Vec<(Uuid, Uuid)> {
    let order = agreed_order(table, decision);
    let entry: HashMap<Uuid, &Entry> = table.rows.iter().map(|r| (r.entry.id, &r.entry)).collect();
    let sizes = cluster_sizes(table);
    let mut taken: HashMap<Uuid, Uuid> = HashMap::new();
    for outcome in outcomes {
        for (cluster, seats) in seats_of(outcome, &sizes) {
            let candidates: Vec<Uuid> = order
                .iter()
                .copied()
                .filter(|e| !taken.contains_key(e))
                .filter(|e| {
                    cluster
                        .as_deref()
                        .is_none_or(|c| entry.get(e).is_some_and(|x| cluster_of(x) == c))
                })
                .take(seats as usize)
                .collect();
            for e in candidates {
                taken.insert(e, outcome.id);
            }
        }
    }
    let mut proposal: Vec<(Uuid, Uuid)> = order
        .iter()
        .filter_map(|e| taken.get(e).map(|o| (*e, *o)))
        .collect();
    proposal.sort_by_key(|(e, _)| order.iter().position(|x| x == e));
    proposal
}

/// The decision as the result data records it (and so the documents embed and hash): entry
/// numbers in the agreed order, each agreed order with its reason, the outcomes defined and
/// the outcome given to each entry with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionData {
    /// Entry numbers of the scored entries, in the agreed order.
    pub order: Vec<u32>,
    pub orders: Vec<OrderData>,
    pub outcomes: Vec<OutcomeData>,
    pub given: Vec<GivenData>,
}

/// An agreed order in the result data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderData {
    pub entries: Vec<u32>,
    pub reason: String,
}

/// An outcome definition in the result data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeData {
    pub name: String,
    pub seats: u32,
    pub scope: OutcomeScope,
}

/// An outcome given, in the result data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenData {
    pub no: u32,
    pub outcome: String,
    pub reason: String,
}

/// The result data's record of `decision`; `None` while nothing was agreed, so the documents
/// of a competition without a decision state what they stated before.
pub fn data(
    table: &ResultTable,
    outcomes: &[Outcome],
    decision: &Decision,
) -> Option<DecisionData> {
    if decision.is_empty() {
        return None;
    }
    let no: HashMap<Uuid, u32> = table
        .rows
        .iter()
        .map(|r| (r.entry.id, r.entry.no))
        .collect();
    let name: HashMap<Uuid, &str> = outcomes.iter().map(|o| (o.id, o.name.as_str())).collect();
    let order: Vec<u32> = agreed_order(table, decision)
        .iter()
        .filter_map(|e| no.get(e).copied())
        .collect();
    let mut given: Vec<GivenData> = decision
        .given
        .iter()
        .filter_map(|(e, g)| {
            Some(GivenData {
                no: *no.get(e)?,
                outcome: name.get(&g.outcome)?.to_string(),
                reason: g.reason.clone(),
            })
        })
        .collect();
    given.sort_by_key(|g| g.no);
    Some(DecisionData {
        order,
        orders: decision
            .orders
            .iter()
            .map(|o| OrderData {
                entries: o
                    .entries
                    .iter()
                    .filter_map(|e| no.get(e).copied())
                    .collect(),
                reason: o.reason.clone(),
            })
            .collect(),
        outcomes: outcomes
            .iter()
            .map(|o| OutcomeData {
                name: o.name.clone(),
                seats: o.seats,
                scope: o.scope,
            })
            .collect(),
        given,
    })
}

//! The results ("Hasil"): from the counted ballots to the ranked table the panel deliberates
//! on and the official documents print. One pure function, [`compute`], does all the math,
//! exactly (see [`crate::scoring`]); rounding happens only when a row is displayed.
//!
//! Rules, as the issue states them: a ballot's weighted total comes from
//! [`scoring::weighted_total`]; an entry's final score is the exact mean of its counted
//! ballots' totals (abstentions excluded and shown); rank is descending and exactly equal
//! scores share a rank (1, 2, 2, 4) and are flagged as tied, never broken silently; an entry
//! without ballots is listed as unscored, without a rank. An entry marked absent at check-in
//! (or as a no-show) that has no counted ballot did not present: it is absent, expects no
//! ballot, and is never called unscored. A counted ballot shows it did present after all
//! (called later, the mark not undone): it is then scored like any other.

use crate::lang::Lang;
use crate::model::{
    Ballot, BallotStatus, Competition, Conflict, Criterion, Entry, Panelist, Rubric,
};
use crate::scoring::{self, Score, ScoreProblem};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// A panelist's total is flagged when it is more than this many points (on 0-100) away from
/// the mean of the other panelists' totals for the same entry.
pub const DEFAULT_OUTLIER_POINTS: u32 = 15;

/// How the table is computed beyond the fixed rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultOptions {
    /// The outlier threshold in points on 0-100; see [`DEFAULT_OUTLIER_POINTS`].
    pub outlier_points: u32,
    /// Also compute the view normalized per panelist (z-scores).
    pub z_scores: bool,
}

impl Default for ResultOptions {
    fn default() -> Self {
        ResultOptions {
            outlier_points: DEFAULT_OUTLIER_POINTS,
            z_scores: false,
        }
    }
}

/// What the results are computed from: the competition's records as the store returns them.
#[derive(Debug, Clone, Copy)]
pub struct ResultInput<'a> {
    pub entries: &'a [Entry],
    /// The panel, chair first (the order of the recap's columns).
    pub panelists: &'a [Panelist],
    pub rubric: &'a Rubric,
    pub conflicts: &'a [Conflict],
    /// The counted ballots: the latest valid submitted revision per panelist and entry.
    /// Anything else given here is skipped with a reason, never counted.
    pub ballots: &'a [Ballot],
}

/// The whole results table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultTable {
    pub rubric: Rubric,
    /// The panel in column order, chair first.
    pub panelists: Vec<Panelist>,
    /// Scored entries in rank order (equal ranks by entry number), then unscored entries by
    /// number.
    pub rows: Vec<EntryResult>,
    /// Ballots that were given but not counted, with the reason.
    pub skipped: Vec<SkippedBallot>,
    pub outlier_points: u32,
    /// The per-panelist normalized view, when asked for: a view, not the result.
    pub z_view: Option<ZScoreView>,
}

/// Where an entry stands in the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// At least one ballot counted: it has a score.
    Scored,
    /// No ballot counted yet.
    Unscored,
    /// Marked absent (at check-in, or as a no-show) and no ballot counted: it did not
    /// present, so no ballot is expected.
    Absent,
}

/// One entry's line of the results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryResult {
    pub entry: Entry,
    /// Scored, unscored or absent.
    pub standing: Standing,
    /// `None` when unscored.
    pub rank: Option<u32>,
    /// Another entry has exactly the same final score: the panel decides.
    pub tied: bool,
    /// Exact mean of the counted ballots' totals; `None` when unscored.
    pub score: Option<Score>,
    /// One cell per panelist, in the order of [`ResultTable::panelists`].
    pub cells: Vec<Cell>,
    /// Ballots counted.
    pub counted: u32,
    /// Ballots expected: the panel minus the panelists who abstain on this entry.
    pub expected: u32,
    /// Exact mean of the typed scores per criterion (criterion's own scale), rubric order.
    pub criterion_means: Vec<Option<Score>>,
    /// Highest minus lowest counted total; `None` with fewer than two ballots.
    pub spread: Option<Score>,
}

/// What one panelist contributed to one entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cell {
    /// A counted ballot.
    Counted(CountedBallot),
    /// The panelist abstains (conflict of interest).
    Abstained { reason: String },
    /// Expected but not (yet) given.
    Missing,
    /// Not expected: the entry did not present ([`Standing::Absent`]).
    Absent,
    /// Not expected: the panelist retired from the panel without a ballot for this entry.
    Retired,
}

/// A counted ballot with its weighted total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountedBallot {
    pub ballot_id: Uuid,
    pub revision: u32,
    pub total: Score,
    /// The typed scores in rubric order.
    pub scores: Vec<i32>,
    pub note: String,
    /// More than the threshold away from the mean of the other panelists' totals.
    pub outlier: bool,
    /// [`ballot_fingerprint`] of the ballot, printed on the score sheet.
    pub fingerprint: String,
}

/// A ballot that was handed in but not counted, and why, worded in both languages for the
/// screen and the recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedBallot {
    pub ballot_id: Uuid,
    pub panelist_id: Uuid,
    pub entry_id: Uuid,
    /// The entry's number and the panelist's name, where they are in the competition.
    pub entry_no: Option<u32>,
    pub panelist: Option<String>,
    pub reason: SkipReason,
    pub message_id: String,
    pub message_en: String,
}

impl SkippedBallot {
    fn new(ballot: &Ballot, reason: SkipReason) -> Self {
        SkippedBallot {
            ballot_id: ballot.id,
            panelist_id: ballot.panelist_id,
            entry_id: ballot.entry_id,
            entry_no: None,
            panelist: None,
            message_id: reason.message(Lang::Id),
            message_en: reason.message(Lang::En),
            reason,
        }
    }

    /// Why, in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.message_id,
            Lang::En => &self.message_en,
        }
    }
}

/// Why a ballot on record is not counted: one variant per rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SkipReason {
    /// Its entry or panelist is not in the competition.
    Unknown,
    /// Saved, never submitted.
    Draft,
    /// Its scores give no weighted total.
    Unscorable { problem: ScoreProblem },
    /// The panelist abstains on the entry (conflict of interest).
    Abstains,
    /// A later revision counts instead.
    Superseded { by: u32 },
}

impl SkipReason {
    /// Stable code for the page and the scripts.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Unknown => "unknown",
            SkipReason::Draft => "draft",
            SkipReason::Unscorable { .. } => "unscorable",
            SkipReason::Abstains => "abstains",
            SkipReason::Superseded { .. } => "superseded",
        }
    }

    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SkipReason::Unknown, Lang::Id) => "inovasi atau panelis tidak dikenal".into(),
            (SkipReason::Unknown, Lang::En) => "unknown entry or panelist".into(),
            (SkipReason::Draft, Lang::Id) => "belum dikirim (draf)".into(),
            (SkipReason::Draft, Lang::En) => "not submitted (draft)".into(),
            (SkipReason::Unscorable { problem }, _) => problem.message(lang),
            (SkipReason::Abstains, Lang::Id) => {
                "panelis abstain pada inovasi ini (konflik kepentingan)".into()
            }
            (SkipReason::Abstains, Lang::En) => {
                "the panelist abstains on this entry (conflict of interest)".into()
            }
            (SkipReason::Superseded { by }, Lang::Id) => format!("digantikan revisi {by}"),
            (SkipReason::Superseded { by }, Lang::En) => format!("superseded by revision {by}"),
        }
    }
}

/// The view normalized per panelist: each total turned into a z-score against that
/// panelist's own mean and standard deviation, then averaged per entry. It evens out lenient
/// and strict panelists for discussion; it is a view, never the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZScoreView {
    /// Says in words that this is a view.
    pub label: String,
    pub panelists: Vec<PanelistSpread>,
    /// (entry id, mean z-score); `None` where no panelist's z-score exists.
    pub entries: Vec<(Uuid, Option<f64>)>,
}

/// One panelist's mean and (population) standard deviation over the totals they gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelistSpread {
    pub panelist_id: Uuid,
    pub ballots: u32,
    pub mean: Option<f64>,
    pub std_dev: Option<f64>,
}

/// Computes the results table. Never fails: a ballot that cannot count is listed in
/// [`ResultTable::skipped`] with the reason.
pub fn compute(input: ResultInput<'_>, options: ResultOptions) -> ResultTable {
    let criteria = &input.rubric.criteria;
    let panel_index: HashMap<Uuid, usize> = input
        .panelists
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let entry_index: HashMap<Uuid, usize> = input
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    let conflicts: HashMap<(Uuid, Uuid), &str> = input
        .conflicts
        .iter()
        .map(|c| ((c.panelist_id, c.entry_id), c.reason.as_str()))
        .collect();

    // cells[entry][panelist]
    let mut cells: Vec<Vec<Cell>> = input
        .entries
        .iter()
        .map(|e| {
            input
                .panelists
                .iter()
                .map(|p| match conflicts.get(&(p.id, e.id)) {
                    Some(reason) => Cell::Abstained {
                        reason: (*reason).to_string(),
                    },
                    None if p.retired_at.is_some() => Cell::Retired,
                    None => Cell::Missing,
                })
                .collect()
        })
        .collect();
    let mut skipped = Vec::new();
    let skip = SkippedBallot::new;

    for ballot in input.ballots {
        let (Some(&ei), Some(&pi)) = (
            entry_index.get(&ballot.entry_id),
            panel_index.get(&ballot.panelist_id),
        ) else {
            skipped.push(skip(ballot, SkipReason::Unknown));
            continue;
        };
        if ballot.status != BallotStatus::Submitted {
            skipped.push(skip(ballot, SkipReason::Draft));
            continue;
        }
        let total = match scoring::weighted_total(criteria, &ballot.scores) {
            Ok(total) => total,
            Err(e) => {
                skipped.push(skip(ballot, SkipReason::Unscorable { problem: e }));
                continue;
            }
        };
        let cell = &mut cells[ei][pi];
        match cell {
            Cell::Abstained { .. } => {
                skipped.push(skip(ballot, SkipReason::Abstains));
                continue;
            }
            Cell::Counted(existing) if existing.revision >= ballot.revision => {
                skipped.push(skip(
                    ballot,
                    SkipReason::Superseded {
                        by: existing.revision,
                    },
                ));
                continue;
            }
            Cell::Counted(existing) => {
                let mut replaced = SkippedBallot::new(
                    ballot,
                    SkipReason::Superseded {
                        by: ballot.revision,
                    },
                );
                replaced.ballot_id = existing.ballot_id;
                skipped.push(replaced);
            }
            // Absent is decided after counting (an entry with a ballot presented).
            Cell::Missing | Cell::Absent | Cell::Retired => {}
        }
        let scores = criteria
            .iter()
            .map(|c| {
                ballot
                    .scores
                    .iter()
                    .find(|(id, _)| *id == c.id)
                    .map(|(_, s)| *s)
                    .unwrap_or_default()
            })
            .collect();
        *cell = Cell::Counted(CountedBallot {
            ballot_id: ballot.id,
            revision: ballot.revision,
            total,
            scores,
            note: ballot.note.clone(),
            outlier: false,
            fingerprint: ballot_fingerprint(ballot),
        });
    }

    for s in &mut skipped {
        s.entry_no = entry_index.get(&s.entry_id).map(|&i| input.entries[i].no);
        s.panelist = panel_index
            .get(&s.panelist_id)
            .map(|&i| input.panelists[i].name.clone());
    }

    let threshold = Score::whole(i128::from(options.outlier_points));
    let mut rows: Vec<EntryResult> = input
        .entries
        .iter()
        .zip(cells)
        .map(|(entry, mut cells)| {
            flag_outliers(&mut cells, threshold);
            entry_result(entry, cells, criteria)
        })
        .collect();
    rank(&mut rows);

    let z_view = options
        .z_scores
        .then(|| z_score_view(input.panelists, &rows));
    ResultTable {
        rubric: input.rubric.clone(),
        panelists: input.panelists.to_vec(),
        rows,
        skipped,
        outlier_points: options.outlier_points,
        z_view,
    }
}

fn counted(cells: &[Cell]) -> impl Iterator<Item = &CountedBallot> {
    cells.iter().filter_map(|c| match c {
        Cell::Counted(b) => Some(b),
        _ => None,
    })
}

/// Flags each total that is more than `threshold` away from the mean of the others.
fn flag_outliers(cells: &mut [Cell], threshold: Score) {
    let totals: Vec<Score> = counted(cells).map(|b| b.total).collect();
    if totals.len() < 2 {
        return;
    }
    let mut i = 0;
    for cell in cells.iter_mut() {
        if let Cell::Counted(b) = cell {
            let others: Vec<Score> = totals
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| *s)
                .collect();
            if let Some(mean) = Score::mean(&others) {
                b.outlier = b.total.distance(mean) > threshold;
            }
            i += 1;
        }
    }
}

fn entry_result(entry: &Entry, mut cells: Vec<Cell>, criteria: &[Criterion]) -> EntryResult {
    let totals: Vec<Score> = counted(&cells).map(|b| b.total).collect();
    let standing = match (totals.is_empty(), entry.present) {
        (false, _) => Standing::Scored,
        (true, Some(false)) => Standing::Absent,
        (true, _) => Standing::Unscored,
    };
    if standing == Standing::Absent {
        for cell in cells.iter_mut().filter(|c| matches!(c, Cell::Missing)) {
            *cell = Cell::Absent;
        }
    }
    let criterion_means = (0..criteria.len())
        .map(|k| {
            let typed: Vec<Score> = counted(&cells)
                .filter_map(|b| b.scores.get(k))
                .map(|s| Score::whole(i128::from(*s)))
                .collect();
            Score::mean(&typed)
        })
        .collect();
    let spread = match (totals.iter().max(), totals.iter().min()) {
        (Some(max), Some(min)) if totals.len() >= 2 => Some(max.distance(*min)),
        _ => None,
    };
    let expected = cells
        .iter()
        .filter(|c| !matches!(c, Cell::Abstained { .. } | Cell::Absent | Cell::Retired))
        .count() as u32;
    EntryResult {
        entry: entry.clone(),
        standing,
        rank: None,
        tied: false,
        score: Score::mean(&totals),
        counted: totals.len() as u32,
        expected,
        criterion_means,
        spread,
        cells,
    }
}

/// Orders the rows and gives ranks: competition ranking (1, 2, 2, 4) on exact scores.
fn rank(rows: &mut [EntryResult]) {
    rows.sort_by(|a, b| match (&a.score, &b.score) {
        (Some(x), Some(y)) => y.cmp(x).then(a.entry.no.cmp(&b.entry.no)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.entry.no.cmp(&b.entry.no),
    });
    let scores: Vec<Option<Score>> = rows.iter().map(|r| r.score).collect();
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(score) = row.score else { continue };
        let first = scores.iter().position(|s| *s == Some(score)).unwrap_or(i);
        row.rank = Some(first as u32 + 1);
        row.tied = scores
            .iter()
            .enumerate()
            .any(|(j, s)| j != i && *s == Some(score));
    }
}

fn z_score_view(panelists: &[Panelist], rows: &[EntryResult]) -> ZScoreView {
    let mut stats = Vec::with_capacity(panelists.len());
    for (pi, p) in panelists.iter().enumerate() {
        let totals: Vec<f64> = rows
            .iter()
            .filter_map(|r| match r.cells.get(pi) {
                Some(Cell::Counted(b)) => Some(b.total.to_f64()),
                _ => None,
            })
            .collect();
        let n = totals.len();
        let mean = (n > 0).then(|| totals.iter().sum::<f64>() / n as f64);
        let std_dev = mean
            .filter(|_| n >= 2)
            .map(|m| (totals.iter().map(|t| (t - m) * (t - m)).sum::<f64>() / n as f64).sqrt());
        stats.push(PanelistSpread {
            panelist_id: p.id,
            ballots: n as u32,
            mean,
            std_dev,
        });
    }
    let entries = rows
        .iter()
        .map(|r| {
            let zs: Vec<f64> = r
                .cells
                .iter()
                .zip(&stats)
                .filter_map(|(cell, st)| match (cell, st.mean, st.std_dev) {
                    (Cell::Counted(b), Some(m), Some(sd)) if sd > 0.0 => {
                        Some((b.total.to_f64() - m) / sd)
                    }
                    _ => None,
                })
                .collect();
            let mean = (!zs.is_empty()).then(|| zs.iter().sum::<f64>() / zs.len() as f64);
            (r.entry.id, mean)
        })
        .collect();
    ZScoreView {
        label: "View normalized per panelist (z-scores); not the result".into(),
        panelists: stats,
        entries,
    }
}

/// The fingerprint printed on the score sheet next to a ballot, so a signed paper copy can
/// be matched with the ballot on record: [`crate::ballot::signing::fingerprint`] of the
/// ballot's signature (as the audit log shows it), or, for a ballot without a signature, of
/// its content (who, what, which revision, the scores, the note).
pub fn ballot_fingerprint(ballot: &Ballot) -> String {
    if let Some(signature) = &ballot.signature {
        return crate::ballot::signing::fingerprint(signature.as_bytes());
    }
    let mut h = Sha256::new();
    h.update(ballot.id.as_bytes());
    h.update(ballot.panelist_id.as_bytes());
    h.update(ballot.entry_id.as_bytes());
    h.update(ballot.revision.to_be_bytes());
    for (criterion, score) in &ballot.scores {
        h.update(criterion.as_bytes());
        h.update(score.to_be_bytes());
    }
    h.update((ballot.note.len() as u64).to_be_bytes());
    h.update(ballot.note.as_bytes());
    crate::ballot::signing::fingerprint(&h.finalize())
}

/// One row of `panelis results --json` and of the .xlsx export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    /// `None` (null) when unscored or absent.
    pub rank: Option<u32>,
    pub no: u32,
    pub title: String,
    pub agency: String,
    /// Scored, unscored or absent.
    pub standing: Standing,
    /// Two decimals, e.g. "83.75"; `None` (null) when unscored.
    pub score: Option<String>,
    /// Ballots counted.
    pub ballots: u32,
    /// Ballots expected (panel minus abstentions).
    pub expected: u32,
    pub abstentions: u32,
    pub tied: bool,
    /// Highest minus lowest total, two decimals.
    pub spread: Option<String>,
    /// Names of the panelists whose total is flagged as far from the others'.
    pub outliers: Vec<String>,
}

impl ResultTable {
    /// The rows as `panelis results --json` prints them, in rank order.
    pub fn rows_for_display(&self) -> Vec<ResultRow> {
        self.rows
            .iter()
            .map(|r| ResultRow {
                rank: r.rank,
                no: r.entry.no,
                title: r.entry.title.clone(),
                agency: r.entry.agency.clone(),
                standing: r.standing,
                score: r.score.map(|s| s.display()),
                ballots: r.counted,
                expected: r.expected,
                abstentions: r.abstentions(),
                tied: r.tied,
                spread: r.spread.map(|s| s.display()),
                outliers: r
                    .cells
                    .iter()
                    .zip(&self.panelists)
                    .filter(|(c, _)| matches!(c, Cell::Counted(b) if b.outlier))
                    .map(|(_, p)| p.name.clone())
                    .collect(),
            })
            .collect()
    }

    /// The canonical result data: what the official documents embed and whose SHA-256 the QR
    /// code carries.
    pub fn data(&self, competition: &Competition) -> ResultData {
        self.data_with(competition, None)
    }

    /// [`Self::data`] with the panel's decision, when it agreed anything
    /// ([`crate::decision::data`]).
    pub fn data_with(
        &self,
        competition: &Competition,
        decision: Option<crate::decision::DecisionData>,
    ) -> ResultData {
        let fraction = |s: Score| {
            let (n, d) = s.fraction();
            format!("{n}/{d}")
        };
        ResultData {
            format: RESULT_DATA_FORMAT,
            competition_id: competition.id,
            competition: competition.name.clone(),
            rubric: RubricData {
                name: self.rubric.name.clone(),
                version: self.rubric.version,
                criteria: self
                    .rubric
                    .criteria
                    .iter()
                    .map(|c| CriterionData {
                        code: c.code.clone(),
                        weight: c.weight,
                        scale_min: c.scale_min,
                        scale_max: c.scale_max,
                    })
                    .collect(),
            },
            panelists: self
                .panelists
                .iter()
                .map(|p| PanelistData {
                    id: p.id,
                    name: p.name.clone(),
                    chair: p.is_chair,
                })
                .collect(),
            entries: self
                .rows
                .iter()
                .map(|r| EntryData {
                    id: r.entry.id,
                    no: r.entry.no,
                    title: r.entry.title.clone(),
                    rank: r.rank,
                    tied: r.tied,
                    score: r.score.map(fraction),
                    score_display: r.score.map(|s| s.display()),
                    ballots: r
                        .cells
                        .iter()
                        .zip(&self.panelists)
                        .filter_map(|(c, p)| match c {
                            Cell::Counted(b) => Some(BallotData {
                                panelist_id: p.id,
                                ballot_id: b.ballot_id,
                                revision: b.revision,
                                scores: b.scores.clone(),
                                total: fraction(b.total),
                            }),
                            _ => None,
                        })
                        .collect(),
                    abstentions: r
                        .cells
                        .iter()
                        .zip(&self.panelists)
                        .filter(|(c, _)| matches!(c, Cell::Abstained { .. }))
                        .map(|(_, p)| p.id)
                        .collect(),
                    absent: r.standing == Standing::Absent,
                })
                .collect(),
            decision,
            scope: None,
        }
    }
}

impl EntryResult {
    /// Panelists who abstain on this entry.
    pub fn abstentions(&self) -> u32 {
        self.cells
            .iter()
            .filter(|c| matches!(c, Cell::Abstained { .. }))
            .count() as u32
    }
}

/// The version of the [`ResultData`] layout.
pub const RESULT_DATA_FORMAT: u32 = 1;

/// The result data written down exactly (scores as reduced fractions "num/den"), in a fixed
/// order, so that its JSON and therefore its SHA-256 are the same wherever it is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultData {
    pub format: u32,
    pub competition_id: Uuid,
    pub competition: String,
    pub rubric: RubricData,
    pub panelists: Vec<PanelistData>,
    /// In rank order, unscored last.
    pub entries: Vec<EntryData>,
    /// The panel's decision, once it agreed anything; absent before, so documents without a
    /// decision state (and hash) what they stated before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<crate::decision::DecisionData>,
    /// The entries the document states results for, when fewer than all
    /// ([`DocumentScope::partial`]); absent when it covers every entry, so such documents
    /// state (and hash) what they stated before scopes existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<DocumentScope>,
}

/// What an official result document covers: the entries whose results are final now (what
/// the finalizations in force cover), or every entry while none is final. The store decides
/// it ([`crate::Store::document_scope`]); the documents print only these entries and say
/// which they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentScope {
    /// The entry numbers covered, ascending.
    pub entries: Vec<u32>,
    /// How many entries the competition has.
    pub of: u32,
    /// The covered entries are final; `false` while nothing is final (then every entry is
    /// covered).
    pub finalized: bool,
    /// The rooms, in room order, whose scheduled entries are exactly the covered ones, when
    /// that is so and the scope is partial; empty otherwise.
    #[serde(default)]
    pub rooms: Vec<String>,
}

impl DocumentScope {
    /// Every one of `of` entries (numbered `entries`), final or not.
    pub fn whole(entries: Vec<u32>, finalized: bool) -> Self {
        DocumentScope {
            of: entries.len() as u32,
            entries,
            finalized,
            rooms: Vec::new(),
        }
    }

    /// Covers fewer entries than the competition has.
    pub fn partial(&self) -> bool {
        (self.entries.len() as u32) < self.of
    }

    /// Whether the entry numbered `no` is covered.
    pub fn covers(&self, no: u32) -> bool {
        self.entries.binary_search(&no).is_ok()
    }
}

/// The rubric as the result data records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricData {
    pub name: String,
    pub version: u32,
    pub criteria: Vec<CriterionData>,
}

/// A criterion as the result data records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionData {
    pub code: String,
    pub weight: u32,
    pub scale_min: i32,
    pub scale_max: i32,
}

/// A panelist as the result data records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelistData {
    pub id: Uuid,
    pub name: String,
    pub chair: bool,
}

/// An entry's result as the result data records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryData {
    pub id: Uuid,
    pub no: u32,
    pub title: String,
    pub rank: Option<u32>,
    pub tied: bool,
    /// Exact: "num/den".
    pub score: Option<String>,
    pub score_display: Option<String>,
    pub ballots: Vec<BallotData>,
    pub abstentions: Vec<Uuid>,
    /// The entry did not present ([`Standing::Absent`]); absent from the data otherwise, so
    /// data without an absent entry states (and hashes) what it stated before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,
}

/// A counted ballot as the result data records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotData {
    pub panelist_id: Uuid,
    pub ballot_id: Uuid,
    pub revision: u32,
    /// Typed scores in rubric order.
    pub scores: Vec<i32>,
    /// Exact: "num/den".
    pub total: String,
}

impl EntryData {
    /// SHA-256 of what finalization locks of this entry: its score, counted ballots (each
    /// panelist's revision and scores) and abstentions, not its rank (which moves with other
    /// entries' results). Recorded at finalization; a document is issued only while every
    /// finalized entry still seals to what was recorded.
    pub fn sealed_sha256(&self) -> String {
        #[derive(Serialize)]
        struct Sealed<'a> {
            id: Uuid,
            score: &'a Option<String>,
            ballots: &'a [BallotData],
            abstentions: &'a [Uuid],
        }
        let sealed = Sealed {
            id: self.id,
            score: &self.score,
            ballots: &self.ballots,
            abstentions: &self.abstentions,
        };
        // Serializing plain structs, strings and numbers cannot fail.
        sha256_hex(&serde_json::to_vec(&sealed).unwrap_or_default())
    }
}

impl ResultData {
    /// The data as a document covering `scope` states it: the whole table (the numbers at
    /// issue), with the scope named when it is partial.
    pub fn covering(mut self, scope: Option<&DocumentScope>) -> Self {
        self.scope = scope.filter(|s| s.partial()).cloned();
        self
    }

    /// The canonical bytes: compact JSON in the fields' declared order.
    pub fn canonical_json(&self) -> Vec<u8> {
        // Serializing plain structs, strings and numbers cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of [`ResultData::canonical_json`], lowercase hex.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.canonical_json())
    }
}

/// SHA-256 of some bytes, lowercase hex: the one digest function for result data.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests;

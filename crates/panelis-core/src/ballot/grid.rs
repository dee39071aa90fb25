//! The ballot grid: one panelist's latest ballot for every entry, entries by criteria, as
//! the secretariat's paper-ballot screen shows and edits it. Filled by
//! `Store::ballot_grid` (in `store::ballots::grid`).

use super::{BallotForm, EntryProgress};
use crate::model::{Criterion, Panelist, Signer};
use serde::Serialize;

/// One panelist's ballots over the whole shortlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BallotGrid {
    pub panelist: Panelist,
    pub criteria: Vec<Criterion>,
    pub rubric_version: u32,
    /// One row per entry, by entry number.
    pub rows: Vec<GridRow>,
}

/// One entry's line of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridRow {
    /// Where the panelist stands on the entry (abstain, finalized, revisions).
    pub progress: EntryProgress,
    /// The latest revision's scores and notes, as the fields should show them.
    pub form: BallotForm,
    /// The weighted total of the latest revision, once every criterion is scored.
    pub total: Option<String>,
    /// Who signed the latest submitted revision: the panelist, or the secretariat from paper.
    pub signer: Option<Signer>,
}

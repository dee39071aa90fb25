//! Quorum: every entry's expected ballots are the panel minus the panelists who abstain on it
//! (conflicts of interest). What is missing is listed by entry and panelist, so finalization
//! can refuse it, or the chair can override it with a reason the minutes print.

use crate::results::{Cell, ResultTable};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One expected ballot that is not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBallot {
    pub entry_id: Uuid,
    pub no: u32,
    pub title: String,
    pub panelist_id: Uuid,
    pub panelist: String,
}

/// The ballots expected, counted and missing for some entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    /// Entries looked at.
    pub entries: u32,
    pub expected: u32,
    pub counted: u32,
    /// By entry number, then panel order.
    pub missing: Vec<MissingBallot>,
}

impl Quorum {
    /// Every expected ballot is counted.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The quorum of the entries `only` keeps (all entries when it keeps all).
pub fn quorum(table: &ResultTable, only: impl Fn(Uuid) -> bool) -> Quorum {
    let mut rows: Vec<_> = table.rows.iter().filter(|r| only(r.entry.id)).collect();
    rows.sort_by_key(|r| r.entry.no);
    let mut missing = Vec::new();
    for row in &rows {
        for (cell, p) in row.cells.iter().zip(&table.panelists) {
            if matches!(cell, Cell::Missing) {
                missing.push(MissingBallot {
                    entry_id: row.entry.id,
                    no: row.entry.no,
                    title: row.entry.title.clone(),
                    panelist_id: p.id,
                    panelist: p.name.clone(),
                });
            }
        }
    }
    Quorum {
        entries: rows.len() as u32,
        expected: rows.iter().map(|r| r.expected).sum(),
        counted: rows.iter().map(|r| r.counted).sum(),
        missing,
    }
}

//! Blank paper score sheets from a competition file, the one way the app and `panelis export
//! blank-sheets` both make them: the panel, shortlist, rubric and conflicts from the store,
//! the PDF written where asked. Unlike [`crate::issue`], nothing is signed or recorded: a
//! blank form is not a result.

use crate::documents::blank::{render_blank_sheets, BlankSheetsInput};
use crate::{ReportError, Result};
use panelis_core::error::Record;
use panelis_core::lang::Lang;
use panelis_core::{time, Store};
use serde::Serialize;
use std::path::PathBuf;
use uuid::Uuid;

/// Whose sheets to print and where.
#[derive(Debug, Clone)]
pub struct BlankSheetsRequest {
    /// One panelist; `None`: every panelist, chair first.
    pub panelist: Option<Uuid>,
    pub lang: Lang,
    /// Where the PDF is written.
    pub out: PathBuf,
}

/// What was written, as both front ends report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlankSheetsWritten {
    pub path: PathBuf,
    /// One per panelist and entry they score.
    pub sheets: usize,
    pub pages: usize,
    /// The panelists printed for.
    pub panelists: Vec<String>,
    /// Sheets not printed: the panelist abstains on the entry (conflict of interest).
    pub left_out: usize,
}

/// Makes the blank sheets and writes them to `request.out`. An unknown panelist is
/// [`Error::NotFound`]; nothing to print (no entries, or a panelist who abstains on every
/// entry) is a [`crate::error::ContentRefusal`].
pub fn write_blank_sheets(
    store: &Store,
    request: &BlankSheetsRequest,
) -> Result<BlankSheetsWritten> {
    let competition = store.competition()?;
    let mut panelists = store.panelists()?;
    if let Some(id) = request.panelist {
        panelists.retain(|p| p.id == id);
        if panelists.is_empty() {
            return Err(Record::Panelist.not_found(id).into());
        }
    }
    let offset = time::venue_offset(store.utc_offset_minutes()?)?;
    let rubric = store.rubric()?;
    let entries = store.entries()?;
    let conflicts = store.conflicts()?;
    let input = BlankSheetsInput {
        competition: &competition,
        rubric: &rubric,
        entries: &entries,
        panelists: &panelists,
        conflicts: &conflicts,
        printed_at: time::now().with_timezone(&offset),
    };
    let made = render_blank_sheets(&input, request.lang)?;
    std::fs::write(&request.out, &made.pdf).map_err(|e| ReportError::io(&request.out, e))?;
    Ok(BlankSheetsWritten {
        path: request.out.clone(),
        sheets: made.sheets,
        pages: made.pages,
        panelists: made.panelists,
        left_out: made.left_out,
    })
}

//! The raw table read from a shortlist file, whatever its format: the non-blank rows with the
//! row numbers the spreadsheet shows and their cells' text, trimmed and collapsed. The format
//! is told from the content, not the file name.

use super::csv_text;
use super::workbook::{self, Format};
use crate::text::collapse;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Most columns a shortlist may use: far more than any real one, few enough to stay cheap.
pub(super) const MAX_COLUMNS: usize = 1024;
/// Most non-blank rows a shortlist may have.
pub(super) const MAX_ROWS: usize = 100_000;

/// A sheet as read, before any column is given a meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The file name, with the sheet's name in brackets for a workbook of several sheets;
    /// problems are reported against it.
    pub source: String,
    /// The non-blank rows, top to bottom.
    pub rows: Vec<SheetRow>,
    /// The worksheet read, for a workbook; `None` for CSV.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Every worksheet of the workbook, in order (visible ones first), for the user to pick
    /// another; empty for CSV.
    #[serde(default)]
    pub sheets: Vec<String>,
    /// Cells holding a formula with no result saved beside it, as (row the spreadsheet shows,
    /// column index): a workbook written by a program that does not compute formulas (a
    /// script's openpyxl, say) and never opened and saved in a spreadsheet program. Panelis
    /// reads the result a spreadsheet program saved and computes none itself, so such a cell
    /// reads as blank; an import that would use one is refused ([`super::parse`]). At most
    /// [`MAX_ROWS`] are kept. .xlsx and .xlsm only: the other formats keep a result with
    /// every formula.
    #[serde(default)]
    pub formulas_without_value: Vec<(u32, usize)>,
}

/// One non-blank row of a [`Sheet`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    /// The row number the spreadsheet shows, 1-based.
    pub row: u32,
    /// The cells from column A on, each line of a cell trimmed and collapsed (a cell's line
    /// breaks are kept: several innovators are often one per line); trailing blank cells are
    /// left out.
    pub cells: Vec<String>,
}

impl SheetRow {
    /// The text of the cell at `index` (0 is column A); blank beyond the row's end.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(String::as_str).unwrap_or("")
    }

    /// A row from raw cell texts, cleaned; `None` when every cell is blank.
    pub(super) fn from_cells(row: u32, cells: impl IntoIterator<Item = String>) -> Option<Self> {
        let mut cells: Vec<String> = cells.into_iter().map(|c| lines(&c)).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        (!cells.is_empty()).then_some(SheetRow { row, cells })
    }
}

/// A cell's text with each line collapsed and blank lines left out.
fn lines(cell: &str) -> String {
    cell.split(['\n', '\r'])
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a shortlist file: a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods), or CSV text in any
/// of the forms Excel writes.
pub fn read(path: &Path) -> Result<Sheet> {
    read_sheet(path, None)
}

/// As [`read`], from the worksheet named `sheet` (any workbook format) instead of the one
/// whose header matches best; a name the workbook does not have is a problem that lists the
/// ones it has. CSV has one sheet and ignores the name.
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Sheet> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    read_bytes_of(&bytes, &name, sheet)
}

/// Reads a shortlist from the bytes of a file called `name` (used in messages). Any byte
/// sequence gives a sheet or a [`Error::Rejected`], never a panic.
pub fn read_bytes(bytes: &[u8], name: &str) -> Result<Sheet> {
    read_bytes_of(bytes, name, None)
}

fn read_bytes_of(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Sheet> {
    match Format::detect(bytes) {
        Some(format) => workbook::read(bytes, name, format, sheet),
        None => csv_text::read(bytes, name),
    }
}

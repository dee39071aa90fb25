//! The shortlist ("Top 50") as the secretariat receives it: read a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) or CSV file into a
//! [`Sheet`], find its header row and guess a [`ColumnMapping`], then turn the rows into
//! validated entries, all or nothing ([`parse`]); diff them against the entries already in
//! the competition ([`diff`]); and write the entry list back to .xlsx ([`export_xlsx`]).
//!
//! The app's flow: [`read`] the chosen file, show [`guess_mapping`] for the user to check or
//! fix, [`parse`] with that mapping (a [`crate::Error::Rejected`] lists every problem), then
//! `Store::plan_shortlist` for the preview and `Store::apply_shortlist` on confirm.

mod csv_text;
mod diff;
mod export;
mod header;
mod layout;
pub(crate) mod messages;
mod ods_content;
mod reach;
mod rows;
mod sheet;
mod workbook;

#[cfg(test)]
mod tests;

pub(crate) use diff::{as_new, text_of};
pub use diff::{diff, EntryChange, FieldChange, ImportPlan};
pub use export::export_xlsx;
pub use header::{guess_mapping, mapping_at, ColumnMapping, Field, MappedColumn};
pub use layout::{LeftOutReason, LeftOutRow};
pub use rows::{parse, Shortlist, ShortlistEntry};
pub use sheet::{read, read_bytes, read_sheet, Sheet, SheetRow};

use crate::Result;
use std::path::Path;

/// The file names a shortlist comes under, for file dialogs (in both cases, for file systems
/// that tell them apart); the content, not the name, decides how a file is read.
pub const FILE_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "XLSX", "XLSM", "XLSB", "XLS", "ODS", "CSV",
];

/// Reads `path` and parses it with `mapping`, or with the guessed mapping when `None`.
pub fn import_file(path: &Path, mapping: Option<&ColumnMapping>) -> Result<Shortlist> {
    parse(&read(path)?, mapping)
}

//! The entry list written back to .xlsx for the secretariat's records. The column names are
//! ones the importer recognises, so an exported list imports back unchanged; check-in state
//! follows in columns the importer ignores.

use super::diff::{as_new, text_of};
use super::header::Field;
use crate::lang::Lang;
use crate::model::Entry;
use crate::{Error, Result};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};
use std::path::Path;

/// Writes `entries` to a new .xlsx file at `path` (replacing one that is there), with column
/// names in `lang`.
pub fn export_xlsx(entries: &[Entry], path: &Path, lang: Lang) -> Result<()> {
    let io = |e: XlsxError| Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let mut book = build(entries, lang).map_err(io)?;
    book.save(path).map_err(io)
}

fn build(entries: &[Entry], lang: Lang) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Daftar Inovasi", "Entries"))?;
    let bold = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let mut headers: Vec<&str> = Field::ALL.iter().map(|f| f.label(lang)).collect();
    headers.push(lang.pick("Kehadiran", "Attendance"));
    headers.push(lang.pick("Kepala Daerah Hadir", "Head of Region Attended"));
    let widths = [6.0, 36.0, 36.0, 32.0, 18.0, 30.0, 24.0, 24.0, 14.0, 20.0];
    // The columns after the shortlist's own fields.
    let (present_col, head_col) = (Field::ALL.len() as u16, Field::ALL.len() as u16 + 1);
    for (col, (name, width)) in (0u16..).zip(headers.iter().zip(widths)) {
        sheet.write_string_with_format(0, col, *name, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    for (row, entry) in (1u32..).zip(entries) {
        sheet.write_number(row, 0, entry.no)?;
        let fields = as_new(entry);
        for (col, field) in (1u16..).zip(Field::ALL.iter().skip(1)) {
            sheet.write_string(row, col, text_of(&fields, *field))?;
        }
        let present = match entry.present {
            Some(true) => lang.pick("Hadir", "Present"),
            Some(false) => lang.pick("Tidak hadir", "Absent"),
            None => "",
        };
        sheet.write_string(row, present_col, present)?;
        let head = if entry.head_attended {
            lang.pick("Ya", "Yes")
        } else {
            lang.pick("Tidak", "No")
        };
        sheet.write_string(row, head_col, head)?;
    }
    let last_row = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, head_col)?;
    Ok(book)
}

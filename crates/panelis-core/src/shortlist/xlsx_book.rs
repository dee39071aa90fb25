//! Reading an .xlsx workbook with calamine: picks the worksheet that holds the shortlist (the
//! first with a recognisable header, visible sheets first) and streams its cells, so a stray
//! cell far down or to the right costs no more than its own content.

use super::header;
use super::messages::{self, rejected};
use super::sheet::{Sheet, SheetRow, MAX_COLUMNS, MAX_ROWS};
use crate::Result;
use calamine::{open_workbook_from_rs, DataRef, Reader, SheetType, SheetVisible, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

pub(super) fn read(bytes: &[u8], name: &str) -> Result<Sheet> {
    // calamine is third-party code parsing untrusted input: should it ever panic, the file is
    // rejected as unreadable instead of the app going down with it.
    std::panic::catch_unwind(|| read_workbook(bytes, name)).unwrap_or_else(|_| {
        Err(rejected(
            name,
            vec![messages::unreadable_xlsx("the workbook is damaged")],
        ))
    })
}

fn read_workbook(bytes: &[u8], name: &str) -> Result<Sheet> {
    let unreadable =
        |e: &dyn std::fmt::Display| rejected(name, vec![messages::unreadable_xlsx(&e.to_string())]);
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut worksheets: Vec<(bool, String)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    // Visible sheets first, otherwise in workbook order (the sort is stable).
    worksheets.sort_by_key(|(hidden, _)| *hidden);
    let several = worksheets.len() > 1;
    let mut fallback: Option<Sheet> = None;
    for (_, sheet_name) in &worksheets {
        let source = if several {
            format!("{name} [{sheet_name}]")
        } else {
            name.to_string()
        };
        let sheet = read_sheet(&mut book, sheet_name, source)?;
        if header::find_header(&sheet.rows).is_some_and(|(_, _, (title, _))| title) {
            return Ok(sheet);
        }
        if fallback.is_none() && !sheet.rows.is_empty() {
            fallback = Some(sheet);
        }
    }
    match fallback {
        Some(sheet) => Ok(sheet),
        None if worksheets.is_empty() => Err(unreadable(&"it has no worksheet")),
        None => Ok(Sheet {
            source: name.to_string(),
            rows: Vec::new(),
        }),
    }
}

fn read_sheet<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    sheet_name: &str,
    source: String,
) -> Result<Sheet> {
    let unreadable = |e: &dyn std::fmt::Display| {
        rejected(&source, vec![messages::unreadable_xlsx(&e.to_string())])
    };
    let mut cells = book
        .worksheet_cells_reader(sheet_name)
        .map_err(|e| unreadable(&e))?;
    // Row index -> (column index, text); only cells with content are kept.
    let mut grid: BTreeMap<u32, Vec<(usize, String)>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        let column = column as usize;
        if column >= MAX_COLUMNS {
            return Err(rejected(
                &source,
                vec![messages::too_many_columns(
                    row.saturating_add(1),
                    MAX_COLUMNS,
                )],
            ));
        }
        grid.entry(row).or_default().push((column, text));
        if grid.len() > MAX_ROWS {
            return Err(rejected(&source, vec![messages::too_many_rows(MAX_ROWS)]));
        }
    }
    drop(cells);
    let rows = grid
        .into_iter()
        .filter_map(|(row, values)| {
            let width = values.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
            let mut texts = vec![String::new(); width];
            for (column, text) in values {
                if let Some(slot) = texts.get_mut(column) {
                    *slot = text;
                }
            }
            SheetRow::from_cells(row.saturating_add(1), texts)
        })
        .collect();
    Ok(Sheet { source, rows })
}

/// A cell's value as the user reads it; whole numbers without a decimal point ("7", not "7.0").
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A shortlist has no dates; the serial number keeps whatever it is without loss.
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

//! Reading a spreadsheet workbook with calamine, whatever its format (.xlsx, .xlsm, .xlsb,
//! .xls, .ods), told apart by its bytes: picks the worksheet that holds the shortlist (the
//! one whose header matches best, visible sheets first; or the one the user names), reads its cells (formula cells
//! give their cached value; an .xlsx formula without one is noted) and spreads every merged
//! value over the cells of its merge.
//!
//! Merged regions come through calamine for .xlsx/.xlsm and .xls, and from the sheet's own XML
//! for .ods ([`super::ods_content`]); calamine 0.38 does not expose them for .xlsb, so there a
//! merged value stays in its top-left cell. An .xls or .ods is measured before calamine opens
//! it ([`super::reach`]): those readers lay each sheet out in full while opening.

use super::header;
use super::messages::{self, rejected};
use super::ods_content::{self, OdsSheet};
use super::reach;
use super::sheet::{Sheet, SheetRow, MAX_COLUMNS, MAX_ROWS};
use crate::Result;
use calamine::{
    open_workbook_from_rs, Data, DataRef, Dimensions, Ods, Reader, SheetType, SheetVisible, Xls,
    Xlsb, Xlsx,
};
use std::collections::BTreeMap;
use std::io::Cursor;

/// Most cells that merges may fill in one sheet, and most bytes of text they may copy: a
/// hostile merge of a long text over a million rows must not make the import allocate a
/// million copies of it.
const MAX_MERGED_CELLS: usize = 1_000_000;
const MAX_MERGED_BYTES: usize = 64 * 1024 * 1024;

/// The workbook formats calamine reads, as the user knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    /// The format of a workbook from its first bytes: an OLE compound file is a legacy .xls;
    /// a zip whose first member is ODF's `mimetype` is .ods; a zip holding `xl/workbook.bin`
    /// is .xlsb; any other zip is .xlsx/.xlsm. `None`: not a workbook.
    pub(super) fn detect(bytes: &[u8]) -> Option<Format> {
        const ZIP: &[u8] = b"PK\x03\x04";
        const EMPTY_ZIP: &[u8] = b"PK\x05\x06";
        const OLE: &[u8] = b"\xD0\xCF\x11\xE0";
        if bytes.starts_with(OLE) {
            return Some(Format::Xls);
        }
        if !(bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP)) {
            return None;
        }
        // ODF requires `mimetype` as the first, stored member: its name sits right after the
        // 30-byte local header.
        if bytes.get(30..38) == Some(b"mimetype") {
            return Some(Format::Ods);
        }
        // Member names are stored uncompressed in the zip's directory.
        let needle = b"xl/workbook.bin";
        if bytes.windows(needle.len()).any(|w| w == needle) {
            return Some(Format::Xlsb);
        }
        Some(Format::Xlsx)
    }

    /// The name a message uses for the format.
    pub(super) fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel (.xlsx)",
            Format::Xlsb => "Excel (.xlsb)",
            Format::Xls => "Excel 97-2003 (.xls)",
            Format::Ods => "OpenDocument (.ods)",
        }
    }
}

pub(super) fn read(
    bytes: &[u8],
    name: &str,
    format: Format,
    wanted: Option<&str>,
) -> Result<Sheet> {
    // calamine is third-party code parsing untrusted input: should it ever panic, the file is
    // rejected as unreadable instead of the app going down with it.
    std::panic::catch_unwind(|| read_workbook(bytes, name, format, wanted)).unwrap_or_else(|_| {
        Err(rejected(
            name,
            vec![messages::unreadable_workbook(
                format.label(),
                "the workbook is damaged",
            )],
        ))
    })
}

/// One opened workbook, of any format.
enum Book<'b> {
    Xlsx(Xlsx<Cursor<&'b [u8]>>),
    Xlsb(Xlsb<Cursor<&'b [u8]>>),
    Xls(Xls<Cursor<&'b [u8]>>),
    Ods(Ods<Cursor<&'b [u8]>>),
}

/// Cells with content: sheet row index -> column index -> text.
type Grid = BTreeMap<u32, BTreeMap<usize, String>>;

fn read_workbook(bytes: &[u8], name: &str, format: Format, wanted: Option<&str>) -> Result<Sheet> {
    let unreadable = |e: &dyn std::fmt::Display| {
        rejected(
            name,
            vec![messages::unreadable_workbook(
                format.label(),
                &e.to_string(),
            )],
        )
    };
    // calamine's .xls and .ods readers lay out every sheet while opening the workbook: a sheet
    // too large to lay out is refused first.
    let mut ods = Vec::new();
    match format {
        Format::Xls => {
            for (sheet, reach) in reach::xls(bytes).map_err(|e| unreadable(&e))? {
                // A damaged record may leave a sheet without a name: then it is "the sheet".
                let sheet = Some(sheet.as_str()).filter(|s| !s.trim().is_empty());
                reach::check(sheet, Some(reach)).map_err(|p| rejected(name, vec![p]))?;
            }
        }
        Format::Ods => {
            ods = ods_content::sheets(bytes);
            for sheet in &ods {
                reach::check(Some(&sheet.name), sheet.reach)
                    .map_err(|p| rejected(name, vec![p]))?;
            }
        }
        Format::Xlsx | Format::Xlsb => {}
    }
    let cursor = Cursor::new(bytes);
    let mut book = match format {
        Format::Xlsx => Book::Xlsx(open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
        Format::Xlsb => Book::Xlsb(open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
        Format::Xls => Book::Xls(open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
        Format::Ods => Book::Ods(open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
    };
    let metadata = match &book {
        Book::Xlsx(b) => b.sheets_metadata().to_vec(),
        Book::Xlsb(b) => b.sheets_metadata().to_vec(),
        Book::Xls(b) => b.sheets_metadata().to_vec(),
        Book::Ods(b) => b.sheets_metadata().to_vec(),
    };
    let mut worksheets: Vec<(bool, String)> = metadata
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    // Visible sheets first, otherwise in workbook order (the sort is stable).
    worksheets.sort_by_key(|(hidden, _)| *hidden);
    let names: Vec<String> = worksheets.iter().map(|(_, n)| n.clone()).collect();
    let several = names.len() > 1;
    let source_of = |sheet_name: &str| {
        if several {
            format!("{name} [{sheet_name}]")
        } else {
            name.to_string()
        }
    };
    let finish = |mut sheet: Sheet, sheet_name: &str| {
        sheet.sheet = Some(sheet_name.to_string());
        sheet.sheets = names.clone();
        sheet
    };
    if let Some(wanted) = wanted {
        let Some(sheet_name) = names.iter().find(|n| n.trim() == wanted.trim()) else {
            return Err(rejected(
                name,
                vec![messages::no_such_sheet(wanted, &names)],
            ));
        };
        let sheet = read_sheet(&mut book, &ods, format, sheet_name, source_of(sheet_name))?;
        return Ok(finish(sheet, sheet_name));
    }
    // The sheet whose header matches best holds the list (a cover sheet, notes or a recap
    // beside it match worse); the first of equals wins.
    let mut best: Option<(header::HeaderScore, Sheet, &str)> = None;
    for sheet_name in &names {
        let sheet = read_sheet(&mut book, &ods, format, sheet_name, source_of(sheet_name))?;
        let score = header::find_header(&sheet.rows).map_or((false, 0), |(_, _, s)| s);
        let better = match &best {
            Some((b, first, _)) => score > *b || (first.rows.is_empty() && !sheet.rows.is_empty()),
            None => true,
        };
        if better {
            best = Some((score, sheet, sheet_name));
        }
    }
    match best {
        Some((_, sheet, sheet_name)) => Ok(finish(sheet, sheet_name)),
        None => Err(unreadable(&"it has no worksheet")),
    }
}

fn read_sheet(
    book: &mut Book<'_>,
    ods: &[OdsSheet],
    format: Format,
    sheet_name: &str,
    source: String,
) -> Result<Sheet> {
    let unreadable = |e: &dyn std::fmt::Display| {
        rejected(
            &source,
            vec![messages::unreadable_workbook(
                format.label(),
                &e.to_string(),
            )],
        )
    };
    let mut grid = Grid::new();
    let mut formulas_without_value = Vec::new();
    let merges: Vec<Dimensions> = match book {
        // The zip formats stream their cells, so a stray cell far down or to the right costs
        // no more than its own content.
        Book::Xlsx(b) => {
            let mut cells = b
                .worksheet_cells_reader(sheet_name)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = cells
                .next_cell_with_formula_metadata()
                .map_err(|e| unreadable(&e))?
            {
                let (row, column) = cell.pos;
                // A formula without a cached result (`<f>` and no `<v>`): said, not read as
                // a blank in silence.
                if cell.formula.is_some()
                    && matches!(cell.value, DataRef::Empty)
                    && formulas_without_value.len() < MAX_ROWS
                {
                    formulas_without_value.push((row.saturating_add(1), column as usize));
                }
                put(&mut grid, row, column, ref_text(&cell.value), &source)?;
            }
            drop(cells);
            b.merge_cells_by_sheet_name(sheet_name)
                .map_err(|e| unreadable(&e))?
        }
        Book::Xlsb(b) => {
            let mut cells = b
                .worksheet_cells_reader(sheet_name)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
                let (row, column) = cell.get_position();
                put(&mut grid, row, column, ref_text(cell.get_value()), &source)?;
            }
            Vec::new()
        }
        Book::Xls(b) => {
            let range = b.worksheet_range(sheet_name).map_err(|e| unreadable(&e))?;
            for (row, column, value) in range.used_cells() {
                let (row, column) = absolute(&range, row, column);
                put(&mut grid, row, column, data_text(value), &source)?;
            }
            b.merge_cells_by_sheet_name(sheet_name)
                .map_err(|e| unreadable(&e))?
        }
        Book::Ods(b) => {
            let range = b.worksheet_range(sheet_name).map_err(|e| unreadable(&e))?;
            for (row, column, value) in range.used_cells() {
                let (row, column) = absolute(&range, row, column);
                put(&mut grid, row, column, data_text(value), &source)?;
            }
            ods.iter()
                .find(|s| s.name == sheet_name)
                .map(|s| s.merges.clone())
                .unwrap_or_default()
        }
    };
    spread_merges(&mut grid, &merges);
    // A merge may reach rows no cell filled: the row limit holds after spreading too.
    if grid.len() > MAX_ROWS {
        return Err(rejected(&source, vec![messages::too_many_rows(MAX_ROWS)]));
    }
    let rows = grid
        .into_iter()
        .filter_map(|(row, values)| {
            let width = values.keys().next_back().map_or(0, |c| c + 1);
            let mut texts = vec![String::new(); width];
            for (column, text) in values {
                if let Some(slot) = texts.get_mut(column) {
                    *slot = text;
                }
            }
            SheetRow::from_cells(row.saturating_add(1), texts)
        })
        .collect();
    Ok(Sheet {
        source,
        rows,
        formulas_without_value,
        ..Sheet::default()
    })
}

/// A range's cell position as the sheet numbers it (0-based), not relative to the range.
fn absolute<T>(range: &calamine::Range<T>, row: usize, column: usize) -> (u32, u32)
where
    T: calamine::CellType,
{
    let (top, left) = range.start().unwrap_or((0, 0));
    (
        top.saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
        left.saturating_add(u32::try_from(column).unwrap_or(u32::MAX)),
    )
}

/// Records one cell's text in the grid, refusing sheets beyond the size limits.
fn put(grid: &mut Grid, row: u32, column: u32, text: String, source: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let column = column as usize;
    if column >= MAX_COLUMNS {
        return Err(rejected(
            source,
            vec![messages::too_many_columns(
                row.saturating_add(1),
                MAX_COLUMNS,
            )],
        ));
    }
    grid.entry(row).or_default().insert(column, text);
    if grid.len() > MAX_ROWS {
        return Err(rejected(source, vec![messages::too_many_rows(MAX_ROWS)]));
    }
    Ok(())
}

/// A merged region shows its top-left value over all its cells, so every cell of it gets
/// that value: an agency merged down over five entries belongs to all five.
fn spread_merges(grid: &mut Grid, merges: &[Dimensions]) {
    let mut budget = MAX_MERGED_CELLS;
    let mut bytes = MAX_MERGED_BYTES;
    for merge in merges {
        let (top, left) = merge.start;
        let (bottom, right) = merge.end;
        let Some(value) = grid
            .get(&top)
            .and_then(|r| r.get(&(left as usize)))
            .cloned()
        else {
            continue;
        };
        let right = right.min(MAX_COLUMNS as u32 - 1);
        for row in top..=bottom {
            for column in left..=right {
                if budget == 0 || bytes < value.len() {
                    return;
                }
                budget -= 1;
                bytes -= value.len();
                grid.entry(row)
                    .or_default()
                    .entry(column as usize)
                    .or_insert_with(|| value.clone());
            }
        }
    }
}

/// A streamed cell's value as the user reads it.
fn ref_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => bool_text(*b),
        // A shortlist has no dates; the serial number keeps whatever it is without loss.
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// A range cell's value as the user reads it, the same way as [`ref_text`].
fn data_text(value: &Data) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

/// Whole numbers without a decimal point ("7", not "7.0").
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_merged_over_a_million_rows_copies_at_most_the_byte_budget() {
        let long = "x".repeat(30_000);
        let mut grid = Grid::new();
        grid.entry(1).or_default().insert(2, long.clone());
        let merge = Dimensions {
            start: (1, 2),
            end: (1_048_000, 2),
        };
        spread_merges(&mut grid, &[merge]);
        let copied: usize = grid
            .values()
            .flat_map(|r| r.values())
            .map(String::len)
            .sum();
        assert!(copied <= MAX_MERGED_BYTES + long.len(), "{copied} bytes");
        assert!(
            grid.len() > 1,
            "the merge was spread as far as the budget goes"
        );
        assert!(grid.len() < 3_000, "{} rows", grid.len());
    }
}

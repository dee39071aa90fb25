//! How far a workbook's cells reach, found before calamine opens it. calamine's .xls and .ods
//! readers lay every sheet out as one dense grid, from its first cell to its last, while the
//! workbook is opened; so one stray cell far down and to the right of a damaged or hostile
//! 10 KB file made them allocate gigabytes (measured: a cell moved to row 65536, column DKN of
//! a LibreOffice .xls took 6 GB in 19 s; moved to column 65536 the process aborted). A sheet
//! whose grid would pass [`MAX_LAID_OUT_CELLS`] is refused, saying where its far cell is,
//! before anything is laid out.

use super::header::column_letter;
use super::messages;
use crate::error::Problem;
use std::io::{Cursor, Read};

/// Most cells a sheet's grid may span. A shortlist is a few thousand cells; a full BIFF8
/// column (65,536 rows) of sixty columns still fits. calamine keeps about 40 bytes per cell
/// laid out, twice over (values and formulas), so this bounds a sheet near 300 MB.
pub(super) const MAX_LAID_OUT_CELLS: u64 = 4_000_000;

/// The block of cells a sheet's content spans (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reach {
    pub top: u64,
    pub left: u64,
    pub bottom: u64,
    pub right: u64,
}

impl Reach {
    /// `rows` × `columns` cells from (`row`, `column`); both at least one.
    pub(super) fn block(row: u64, column: u64, rows: u64, columns: u64) -> Reach {
        Reach {
            top: row,
            left: column,
            bottom: row.saturating_add(rows.max(1) - 1),
            right: column.saturating_add(columns.max(1) - 1),
        }
    }

    /// The cells a reader lays out for this content, counted from column A: the readers keep
    /// the empty cells before a row's first value too.
    fn laid_out(&self) -> u64 {
        (self.bottom.saturating_sub(self.top).saturating_add(1))
            .saturating_mul(self.right.saturating_add(1))
    }
}

/// A sheet's reach as its content is met, cell by cell.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Extent(Option<Reach>);

impl Extent {
    pub(super) fn add(&mut self, r: Reach) {
        self.0 = Some(match self.0 {
            None => r,
            Some(a) => Reach {
                top: a.top.min(r.top),
                left: a.left.min(r.left),
                bottom: a.bottom.max(r.bottom),
                right: a.right.max(r.right),
            },
        });
    }

    pub(super) fn reach(&self) -> Option<Reach> {
        self.0
    }
}

/// Refuses a sheet (named when the workbook names it) whose grid would be too large to read.
pub(super) fn check(sheet: Option<&str>, reach: Option<Reach>) -> Result<(), Problem> {
    match reach {
        Some(r) if r.laid_out() > MAX_LAID_OUT_CELLS => {
            let row = u32::try_from(r.bottom.saturating_add(1)).unwrap_or(u32::MAX);
            let column = column_letter(usize::try_from(r.right).unwrap_or(usize::MAX));
            Err(messages::sheet_too_large(
                sheet,
                row,
                &column,
                MAX_LAID_OUT_CELLS,
            ))
        }
        _ => Ok(()),
    }
}

/// The reach of each worksheet of a legacy .xls that has content, with the sheet's name, read
/// as calamine reads it: the `Workbook` (or BIFF5 `Book`) stream of the compound file, each
/// sheet from the position its BoundSheet8 record gives, embedded substreams (charts) skipped.
/// `Err`: the compound file cannot be read, which is said as such rather than left for
/// calamine to guess at.
pub(super) fn xls(bytes: &[u8]) -> Result<Vec<(String, Reach)>, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut stream = Vec::new();
    let mut found = false;
    for name in ["/Workbook", "/Book"] {
        if let Ok(s) = file.open_stream(name) {
            // A stream is never longer than the file that holds it.
            s.take(bytes.len() as u64)
                .read_to_end(&mut stream)
                .map_err(|e| e.to_string())?;
            found = true;
            break;
        }
    }
    if !found {
        return Err("it has no Workbook stream".to_string());
    }
    let mut sheets = Vec::new();
    // The workbook's BOF says its BIFF version, which says how sheet names are written.
    let mut biff8 = true;
    for record in Records(&stream) {
        match record.kind {
            0x0809 if record.data.len() >= 2 => {
                let u16_of = |i: usize| {
                    record
                        .data
                        .get(i..i + 2)
                        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
                };
                biff8 = match u16_of(0) {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    // No version: a workbook globals substream type says BIFF5.
                    0 => u16_of(2) != 0x1000,
                    _ => true,
                };
            }
            // BoundSheet8: where the sheet's records start, and its name.
            0x0085 if record.data.len() >= 4 => {
                let at = u32::from_le_bytes([
                    record.data[0],
                    record.data[1],
                    record.data[2],
                    record.data[3],
                ]) as usize;
                if let Some(sheet) = stream.get(at..) {
                    if let Some(reach) = xls_sheet(sheet) {
                        sheets.push((sheet_name(record.data, biff8), reach));
                    }
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(sheets)
}

/// The name in a BoundSheet8 record (a ShortXLUnicodeString after six bytes), as calamine
/// reads it; for a message, so a name cut short by a damaged record is kept as far as it goes.
/// BIFF8 writes it as Latin-1 or UTF-16LE; older versions in the workbook's code page, read
/// here as Windows-1252 (a sheet name outside it is shown approximately).
fn sheet_name(record: &[u8], biff8: bool) -> String {
    let Some(&length) = record.get(6) else {
        return String::new();
    };
    let length = usize::from(length);
    let mut name = match (biff8, record.get(7)) {
        (true, Some(flags)) if flags & 1 == 1 => {
            let units: Vec<u16> = record[8..]
                .chunks_exact(2)
                .take(length)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        (true, Some(_)) => record[8..]
            .iter()
            .take(length)
            .map(|&b| char::from(b))
            .collect(),
        (true, None) => String::new(),
        (false, _) => {
            let end = record.len().min(7 + length);
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&record[7..end])
                .0
                .into_owned()
        }
    };
    name.retain(|c| c != '\0');
    name
}

/// One sheet's reach, from its BOF to its EOF.
fn xls_sheet(stream: &[u8]) -> Option<Reach> {
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map(|b| u64::from(b[0]) | u64::from(b[1]) << 8)
    };
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let mut extent = Extent::default();
    let (mut seen_bof, mut nested) = (false, 0usize);
    for record in Records(stream) {
        let d = record.data;
        if nested > 0 {
            match record.kind {
                0x0809 => nested += 1,
                0x000A => nested -= 1,
                _ => {}
            }
            continue;
        }
        match record.kind {
            0x0809 if seen_bof => nested += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // Dimensions: calamine reserves room for the block it names.
            0x0200 => {
                let (first_row, last_row, first_col, last_col) = match d.len() {
                    10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
                    14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
                    _ => continue,
                };
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (first_row, last_row, first_col, last_col)
                {
                    let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                    let rows = r1.saturating_sub(r0).max(1);
                    let columns = c1.saturating_sub(c0).max(1);
                    extent.add(Reach::block(r0, c0, rows, columns));
                }
            }
            // MulRk: a row of values from its first column to its last.
            0x00BD if d.len() >= 6 => {
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, d.len() - 2))
                {
                    let (from, to) = (first.min(last), first.max(last));
                    extent.add(Reach::block(row, from, 1, to - from + 1));
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(column)) = (u16_at(d, 0), u16_at(d, 2)) {
                    extent.add(Reach::block(row, column, 1, 1));
                }
            }
            _ => {}
        }
    }
    extent.reach()
}

/// A BIFF record: its type and data.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
}

/// The records of a BIFF stream, up to the first that does not fit.
struct Records<'a>(&'a [u8]);

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let head = self.0.get(..4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = self.0.get(4..4 + len)?;
        self.0 = &self.0[4 + len..];
        Some(Record { kind, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_cell_is_refused_and_a_tall_narrow_list_is_not() {
        let mut extent = Extent::default();
        extent.add(Reach::block(0, 0, 1, 8));
        extent.add(Reach::block(65_535, 2, 1, 1));
        assert!(
            check(None, extent.reach()).is_ok(),
            "65,536 rows × 8 columns"
        );
        extent.add(Reach::block(65_535, 3000, 1, 1));
        let problem = check(Some("Top"), extent.reach()).expect_err("refused");
        assert_eq!(problem.row, Some(65_536));
        assert!(
            problem.message_en.contains("column DKK"),
            "{}",
            problem.message_en
        );
        assert!(problem.message_id.contains("Top"), "{}", problem.message_id);
        assert!(check(None, None).is_ok(), "an empty sheet");
    }

    #[test]
    fn records_stop_at_the_first_that_does_not_fit() {
        let stream = [0x09, 0x08, 0x02, 0x00, 1, 2, 0x0A, 0x00, 0x09, 0x00, 1];
        let kinds: Vec<u16> = Records(&stream).map(|r| r.kind).collect();
        assert_eq!(kinds, vec![0x0809]);
    }

    #[test]
    fn a_sheet_name_is_read_as_each_biff_version_writes_it() {
        // BoundSheet8: position (4 bytes), state, type, then the name.
        let record = |name: &[u8]| [&[0, 0, 0, 0, 0, 0][..], name].concat();
        assert_eq!(sheet_name(&record(b"\x06\x00Sampul"), true), "Sampul");
        // UTF-16LE when its flag says so.
        let utf16: Vec<u8> = "Daftar \u{2116}1"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let name = [&[9, 1][..], &utf16].concat();
        assert_eq!(sheet_name(&record(&name), true), "Daftar \u{2116}1");
        // Latin-1 bytes, and BIFF5's code page bytes without a flag byte.
        assert_eq!(sheet_name(&record(b"\x04\x00R\xe9ka"), true), "R\u{e9}ka");
        assert_eq!(sheet_name(&record(b"\x04R\xe9ka"), false), "R\u{e9}ka");
        // Cut short by a damaged record: as far as it goes.
        assert_eq!(sheet_name(&record(b"\x20\x00Top"), true), "Top");
        assert_eq!(sheet_name(&[0, 0, 0, 0, 0, 0], true), "");
    }

    #[test]
    fn a_file_that_is_not_a_compound_file_is_said_to_be_unreadable() {
        assert!(xls(b"\xD0\xCF\x11\xE0 not a compound file").is_err());
    }
}

//! The merged regions of one sheet of an OpenDocument workbook (.ods), read from its
//! `content.xml`: calamine reads the cells of an .ods but not its merges, and a region merged
//! down over the entries of one regency must give every entry its region.
//!
//! ODF writes a merge as a `table:table-cell` with `table:number-rows-spanned` and
//! `table:number-columns-spanned`; rows and cells may stand for many with
//! `table:number-rows-repeated` and `table:number-columns-repeated` (LibreOffice writes the
//! empty rest of a sheet as one row repeated a million times), so positions are counted, never
//! materialised.

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{BufRead, BufReader, Cursor};

/// Most merged regions read from one sheet; the cells they fill are bounded again where they
/// are spread.
const MAX_MERGES: usize = 100_000;

/// The merged regions of the sheet named `sheet` (0-based positions, as calamine gives them
/// for the other formats). A workbook whose `content.xml` cannot be read gives none: its cells
/// were already read by calamine, so at worst a merged value stays in its top-left cell.
pub(super) fn merges(bytes: &[u8], sheet: &str) -> Vec<Dimensions> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Vec::new();
    };
    merges_in(BufReader::new(content), sheet)
}

/// What the parser is inside of.
struct Position {
    /// Depth of `table:table` elements; merges are read only in the sheet itself (depth 1).
    tables: usize,
    /// Whether the current top-level table is the wanted sheet.
    wanted: bool,
    /// The current row (0-based) and how many rows it stands for.
    row: u64,
    row_repeat: u64,
    /// The next column (0-based) in the current row.
    column: u64,
}

fn merges_in(content: impl BufRead, sheet: &str) -> Vec<Dimensions> {
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    let mut at = Position {
        tables: 0,
        wanted: false,
        row: 0,
        row_repeat: 1,
        column: 0,
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) => start(&e, &mut at, sheet, &mut found, false),
            Event::Empty(e) => start(&e, &mut at, sheet, &mut found, true),
            Event::End(e) => match e.name().into_inner() {
                "table:table" => {
                    at.tables = at.tables.saturating_sub(1);
                    // The wanted sheet has ended: nothing after it is read.
                    if at.tables == 0 && at.wanted {
                        break;
                    }
                }
                "table:table-row" if at.tables == 1 => {
                    at.row = at.row.saturating_add(at.row_repeat);
                }
                _ => {}
            },
            _ => {}
        }
        if found.len() >= MAX_MERGES {
            break;
        }
        buf.clear();
    }
    found
}

fn start(
    e: &BytesStart<'_>,
    at: &mut Position,
    sheet: &str,
    found: &mut Vec<Dimensions>,
    empty: bool,
) {
    match e.name().into_inner() {
        "table:table" => {
            at.tables += 1;
            if at.tables == 1 {
                at.wanted = attribute(e, "table:name").as_deref() == Some(sheet);
                at.row = 0;
            }
            if empty {
                at.tables -= 1;
            }
        }
        "table:table-row" if at.tables == 1 && at.wanted => {
            at.row_repeat = number(e, "table:number-rows-repeated").max(1);
            at.column = 0;
            if empty {
                at.row = at.row.saturating_add(at.row_repeat);
            }
        }
        "table:table-cell" | "table:covered-table-cell" if at.tables == 1 && at.wanted => {
            let repeat = number(e, "table:number-columns-repeated").max(1);
            let rows = number(e, "table:number-rows-spanned").max(1);
            let columns = number(e, "table:number-columns-spanned").max(1);
            if (rows > 1 || columns > 1) && e.name().into_inner() == "table:table-cell" {
                if let Some(merge) = region(at.row, at.column, rows, columns) {
                    found.push(merge);
                }
            }
            at.column = at.column.saturating_add(repeat);
        }
        _ => {}
    }
}

/// The region a merge covers, if it fits the positions a sheet can have.
fn region(row: u64, column: u64, rows: u64, columns: u64) -> Option<Dimensions> {
    let u = |n: u64| u32::try_from(n).ok();
    Some(Dimensions {
        start: (u(row)?, u(column)?),
        end: (
            u(row.checked_add(rows - 1)?)?,
            u(column.checked_add(columns - 1)?)?,
        ),
    })
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .map(|a| match quick_xml::escape::unescape(&a.value) {
            Ok(text) => text.into_owned(),
            Err(_) => a.value.into_owned(),
        })
}

fn number(e: &BytesStart<'_>, name: &str) -> u64 {
    attribute(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use super::*;

    fn read(xml: &str, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
        merges_in(xml.as_bytes(), sheet)
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect()
    }

    #[test]
    fn counts_repeated_rows_and_cells_and_reads_only_the_named_sheet() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
          <table:table table:name="Sampul"><table:table-row>
            <table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1"/>
          </table:table-row></table:table>
          <table:table table:name="Daftar">
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="5"/></table:table-row>
            <table:table-row>
              <table:table-cell table:number-columns-repeated="2"/>
              <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3"><text:p>Gowa</text:p></table:table-cell>
              <table:covered-table-cell/>
            </table:table-row>
          </table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(read(xml, "Daftar"), vec![((2, 2), (4, 3))]);
        assert_eq!(read(xml, "Sampul"), vec![((0, 0), (0, 2))]);
        assert!(read(xml, "Tidak ada").is_empty());
    }

    #[test]
    fn a_merge_beyond_the_positions_a_sheet_has_is_left_out() {
        let xml = r#"<table:table table:name="S">
            <table:table-row table:number-rows-repeated="4294967295"/>
            <table:table-row><table:table-cell table:number-rows-spanned="9"/></table:table-row>
          </table:table>"#;
        assert!(read(xml, "S").is_empty());
    }

    #[test]
    fn damaged_content_gives_no_merges_and_no_panic() {
        assert!(merges(b"PK\x03\x04 not a zip", "S").is_empty());
        assert!(read("<table:table table:name=\"S\"><table:table-row><table:table-cell table:number-rows-spanned=\"x\"", "S").is_empty());
    }
}

//! What Panelis reads itself from an OpenDocument workbook's (.ods) `content.xml`, in one
//! pass over every sheet: its merged regions, which calamine 0.38 does not give (a region
//! merged down over the entries of one regency must give every entry its region), and how far
//! its cells reach, which must be known before calamine lays a sheet out ([`super::reach`]).
//!
//! ODF writes a merge as a `table:table-cell` with `table:number-rows-spanned` and
//! `table:number-columns-spanned`; rows and cells may stand for many with
//! `table:number-rows-repeated` and `table:number-columns-repeated` (LibreOffice writes the
//! empty rest of a sheet as one row repeated a million times), so positions are counted, never
//! materialised.

use super::reach::{Extent, Reach};
use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{BufRead, BufReader, Cursor};

/// Most merged regions read from one sheet; the cells they fill are bounded again where they
/// are spread.
const MAX_MERGES: usize = 100_000;

/// One sheet of the workbook, as read from `content.xml`.
#[derive(Debug, Default)]
pub(super) struct OdsSheet {
    pub name: String,
    /// Merged regions, 0-based, as calamine gives them for the other formats.
    pub merges: Vec<Dimensions>,
    /// The block its cells with content span.
    pub reach: Option<Reach>,
}

/// Every sheet of the workbook. A workbook whose `content.xml` cannot be read gives none (and
/// calamine, reading the same file, says why it is unreadable); a damaged one gives the sheets
/// read up to the damage.
pub(super) fn sheets(bytes: &[u8]) -> Vec<OdsSheet> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Vec::new();
    };
    sheets_in(BufReader::new(content))
}

/// What the parser is inside of.
#[derive(Default)]
struct Position {
    /// Depth of `table:table` elements; only the sheets themselves (depth 1) are read.
    tables: usize,
    /// The current row (0-based) and how many rows it stands for.
    row: u64,
    row_repeat: u64,
    /// The next column (0-based) in the current row.
    column: u64,
    /// How far the current sheet's content reaches.
    extent: Extent,
}

fn sheets_in(content: impl BufRead) -> Vec<OdsSheet> {
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut sheets: Vec<OdsSheet> = Vec::new();
    let mut at = Position::default();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) => start(&e, &mut at, &mut sheets, false),
            Event::Empty(e) => start(&e, &mut at, &mut sheets, true),
            Event::End(e) => match e.name().into_inner() {
                "table:table" => {
                    if at.tables == 1 {
                        end_sheet(&mut at, &mut sheets);
                    }
                    at.tables = at.tables.saturating_sub(1);
                }
                "table:table-row" if at.tables == 1 => {
                    at.row = at.row.saturating_add(at.row_repeat);
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    // A sheet cut off by damage still counts as far as it was read.
    if at.tables >= 1 {
        end_sheet(&mut at, &mut sheets);
    }
    sheets
}

fn end_sheet(at: &mut Position, sheets: &mut [OdsSheet]) {
    if let Some(sheet) = sheets.last_mut() {
        sheet.reach = at.extent.reach();
    }
    at.extent = Extent::default();
}

fn start(e: &BytesStart<'_>, at: &mut Position, sheets: &mut Vec<OdsSheet>, empty: bool) {
    match e.name().into_inner() {
        "table:table" => {
            at.tables += 1;
            if at.tables == 1 {
                sheets.push(OdsSheet {
                    name: attribute(e, "table:name").unwrap_or_default(),
                    ..OdsSheet::default()
                });
                at.row = 0;
                at.extent = Extent::default();
                if empty {
                    end_sheet(at, sheets);
                }
            }
            if empty {
                at.tables -= 1;
            }
        }
        "table:table-row" if at.tables == 1 => {
            at.row_repeat = number(e, "table:number-rows-repeated").max(1);
            at.column = 0;
            if empty {
                at.row = at.row.saturating_add(at.row_repeat);
            }
        }
        name @ ("table:table-cell" | "table:covered-table-cell") if at.tables == 1 => {
            let repeat = number(e, "table:number-columns-repeated").max(1);
            // A cell with a value, a formula or any text holds content (calamine keeps it).
            let content = !empty
                || attribute(e, "office:value-type").is_some()
                || attribute(e, "table:formula").is_some();
            if content {
                at.extent
                    .add(Reach::block(at.row, at.column, at.row_repeat, repeat));
            }
            let rows = number(e, "table:number-rows-spanned").max(1);
            let columns = number(e, "table:number-columns-spanned").max(1);
            if (rows > 1 || columns > 1) && name == "table:table-cell" {
                if let (Some(sheet), Some(merge)) =
                    (sheets.last_mut(), region(at.row, at.column, rows, columns))
                {
                    if sheet.merges.len() < MAX_MERGES {
                        sheet.merges.push(merge);
                    }
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
        sheets_in(xml.as_bytes())
            .into_iter()
            .find(|s| s.name == sheet)
            .map(|s| s.merges.into_iter().map(|d| (d.start, d.end)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn counts_repeated_rows_and_cells_and_keeps_each_sheet_s_merges_apart() {
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
        let sheets = sheets_in(xml.as_bytes());
        assert_eq!(sheets[0].reach, None, "a merged empty cell is no content");
        assert_eq!(
            sheets[1].reach,
            Some(Reach {
                top: 2,
                left: 2,
                bottom: 2,
                right: 2
            })
        );
    }

    #[test]
    fn a_repeated_row_of_content_reaches_as_far_as_it_repeats() {
        let xml = r#"<table:table table:name="S">
            <table:table-row table:number-rows-repeated="1000000">
              <table:table-cell office:value-type="string" table:number-columns-repeated="300"><text:p>x</text:p></table:table-cell>
              <table:table-cell table:number-columns-repeated="700"/>
            </table:table-row>
          </table:table>"#;
        let sheets = sheets_in(xml.as_bytes());
        assert_eq!(
            sheets[0].reach,
            Some(Reach {
                top: 0,
                left: 0,
                bottom: 999_999,
                right: 299
            })
        );
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
    fn damaged_content_gives_what_was_read_and_no_panic() {
        assert!(sheets(b"PK\x03\x04 not a zip").is_empty());
        let cut = "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"float\" table:number-rows-spanned=\"x\"";
        assert!(read(cut, "S").is_empty());
        let cut = "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>";
        assert_eq!(
            sheets_in(cut.as_bytes())[0].reach,
            Some(Reach {
                top: 0,
                left: 0,
                bottom: 0,
                right: 0
            })
        );
    }
}

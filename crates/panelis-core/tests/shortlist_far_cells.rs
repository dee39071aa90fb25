//! A workbook whose one cell sits far down and to the right: calamine's .xls and .ods readers
//! would lay the whole block out while opening it (gigabytes for a 10 KB file, or an abort), so
//! Panelis measures the file first and refuses it, naming the sheet and the row and column of
//! the far cell.
//! The .xls is the LibreOffice-saved Biro fixture with one cell moved; the .ods is written here
//! by the zip crate, as a hostile file would be.

use panelis_core::lang::Lang;
use panelis_core::shortlist::{read_bytes, read_sheet};
use panelis_core::Error;
use std::io::Write;
use std::path::PathBuf;

fn libreoffice_xls() -> Vec<u8> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/top-biro-libreoffice.xls");
    std::fs::read(path).expect("the LibreOffice .xls fixture")
}

/// The .xls with its first LabelSst cell (record 0x00FD, 10 bytes) moved to `row`, `column`.
fn xls_with_cell_at(row: u16, column: u16) -> Vec<u8> {
    let mut bytes = libreoffice_xls();
    let at = bytes
        .windows(4)
        .position(|w| w == [0xFD, 0x00, 0x0A, 0x00])
        .expect("a LabelSst record");
    bytes[at + 4..at + 6].copy_from_slice(&row.to_le_bytes());
    bytes[at + 6..at + 8].copy_from_slice(&column.to_le_bytes());
    bytes
}

fn refusal(bytes: &[u8], name: &str) -> String {
    match read_bytes(bytes, name) {
        Err(Error::Rejected { problems, .. }) => problems
            .iter()
            .map(|p| p.located(Lang::En))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(other) => panic!("{name}: refused, but not as a rejection: {other:?}"),
        Ok(sheet) => panic!("{name}: read, with {} rows", sheet.rows.len()),
    }
}

#[test]
fn an_xls_cell_far_away_is_refused_with_its_row_and_column() {
    // Row 65536, column 3001 (DKK): 196 million cells from A1.
    let said = refusal(&xls_with_cell_at(65_535, 3000), "far.xls");
    // The first LabelSst is the cover sheet's: the refusal names that sheet, as for an .ods.
    assert!(said.contains("sheet \"Sampul\" is too large"), "{said}");
    assert!(said.contains("row 65536"), "{said}");
    assert!(said.contains("column DKK"), "{said}");
    assert!(said.contains("too large to read"), "{said}");
    // Column 65536, beyond anything BIFF8 allows: calamine aborted the process on it.
    let said = refusal(&xls_with_cell_at(65_535, 65_535), "farther.xls");
    assert!(said.contains("column CRXP"), "{said}");
    // Indonesian first: the same refusal in the user's language.
    match read_bytes(&xls_with_cell_at(65_535, 3000), "far.xls") {
        Err(Error::Rejected { problems, .. }) => {
            let id = problems[0].located(Lang::Id);
            assert!(
                id.contains("baris 65536")
                    && id.contains("kolom DKK")
                    && id.contains("lembar \"Sampul\" terlalu luas"),
                "{id}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_xls_cell_moved_within_reach_still_reads() {
    // The first LabelSst is the cover sheet's: moved to row 65536 of column B, a tall, narrow
    // block (65,536 × 2) is within what can be laid out, and the cover reads with it.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tall.xls");
    std::fs::write(&path, xls_with_cell_at(65_535, 1)).expect("write");
    let cover = read_sheet(&path, Some("Sampul")).expect("read");
    assert_eq!(cover.rows.last().map(|r| r.row), Some(65_536));
    let list = read_sheet(&path, None).expect("read");
    assert_eq!(list.sheet.as_deref(), Some("Top Inovasi"));
}

/// An .ods whose content.xml is `table`, zipped as ODF requires (mimetype first, stored).
fn ods(table: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("mimetype");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("mimetype");
    zip.start_file("META-INF/manifest.xml", stored)
        .expect("manifest");
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .expect("manifest");
    zip.start_file("content.xml", stored).expect("content");
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    )
    .expect("content");
    zip.finish().expect("zip");
    out.into_inner()
}

#[test]
fn an_ods_row_of_content_repeated_a_million_times_is_refused_and_names_its_sheet() {
    let hostile = ods(r#"<table:table table:name="Top Inovasi">
        <table:table-row><table:table-cell office:value-type="string"><text:p>No</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nama Inovasi</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="90"><text:p>x</text:p></table:table-cell></table:table-row>
      </table:table>"#);
    let said = refusal(&hostile, "hostile.ods");
    assert!(said.contains("sheet \"Top Inovasi\""), "{said}");
    assert!(said.contains("row 1000001"), "{said}");
    assert!(said.contains("column CL"), "{said}");
    // The same sheet with its list alone reads, so the refusal is about the far cells.
    let fine = ods(r#"<table:table table:name="Top Inovasi">
        <table:table-row><table:table-cell office:value-type="string"><text:p>No</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nama Inovasi</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Si Modis</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
      </table:table>"#);
    let sheet = read_bytes(&fine, "fine.ods").expect("read");
    assert_eq!(sheet.rows.len(), 2);
}

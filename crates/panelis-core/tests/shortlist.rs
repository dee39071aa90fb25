//! Shortlist import as the secretariat meets it: every header variant, delimiter and
//! encoding, title rows above the header, every rejection (naming row and column), the sample
//! Top 50 sheets, a generated workbook, and export that imports back unchanged.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::error::Problem;
use panelis_core::lang::Lang;
use panelis_core::model::{Entry, NewEntry};
use panelis_core::shortlist::{
    export_xlsx, guess_mapping, import_file, parse, read, read_bytes, ColumnMapping, Field,
    Shortlist,
};
use panelis_core::text::collapse;
use panelis_core::Error;
use rust_xlsxwriter::Workbook;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample_csv() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/top50-sulsel-2023.csv")
}

fn parse_bytes(bytes: &[u8]) -> Result<Shortlist, Error> {
    parse(&read_bytes(bytes, "test.csv")?, None)
}

fn parse_text(text: &str) -> Result<Shortlist, Error> {
    parse_bytes(text.as_bytes())
}

fn entries(text: &str) -> Vec<NewEntry> {
    match parse_text(text) {
        Ok(s) => s.new_entries(),
        Err(e) => panic!("{e}"),
    }
}

fn problems(result: Result<Shortlist, Error>) -> Vec<Problem> {
    match result {
        Err(Error::Rejected { problems, .. }) => problems,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

fn one_problem(text: &str) -> Problem {
    let mut p = problems(parse_text(text));
    assert_eq!(p.len(), 1, "{p:?}");
    p.remove(0)
}

fn new(no: u32, title: &str) -> NewEntry {
    NewEntry {
        no,
        title: title.into(),
        ..Default::default()
    }
}

// Headers.

#[test]
fn every_header_variant_is_recognised_in_any_case_and_punctuation() {
    let variants: &[(Field, &[&str])] = &[
        (Field::No, &["No", "Nomor", "NO.", "no", "Nomor Urut"]),
        (
            Field::Title,
            &[
                "Nama Inovasi",
                "Judul Inovasi",
                "Inovasi",
                "Innovation",
                "Title",
                "NAMA INOVASI",
                "nama_inovasi:",
                "Judul  Inovasi *",
            ],
        ),
        (
            Field::Agency,
            &["Instansi", "Pemda", "Pemerintah Daerah", "Agency", "PEMDA."],
        ),
        (
            Field::Unit,
            &[
                "Perangkat Daerah",
                "OPD",
                "Unit",
                "Dinas",
                "perangkat-daerah",
            ],
        ),
        (
            Field::Region,
            &[
                "Kabupaten/Kota",
                "Daerah",
                "Region",
                "KABUPATEN / KOTA",
                "Kab./Kota",
            ],
        ),
        (
            Field::Innovators,
            &["Inovator", "Nama Inovator", "Innovator", "Innovators"],
        ),
        (Field::Category, &["Kategori", "Category", "KATEGORI:"]),
        (
            Field::Cluster,
            &["Klaster", "Kelompok", "Cluster", "KLASTER:"],
        ),
    ];
    for (field, names) in variants {
        for name in *names {
            // The field's column holds "7" for No and "v" otherwise; a title column is
            // added when the field under test is not the title.
            let (header, row) = match field {
                Field::Title => (format!("No;{name}"), "7;v".to_string()),
                Field::No => (format!("{name};Judul"), "7;v".to_string()),
                _ => (format!("No;Judul;{name}"), "7;t;v".to_string()),
            };
            let shortlist =
                parse_text(&format!("{header}\n{row}\n")).unwrap_or_else(|e| panic!("{name}: {e}"));
            let column = shortlist
                .mapping
                .column(*field)
                .unwrap_or_else(|| panic!("{name} not recognised as {field:?}"));
            assert_eq!(column.name, collapse(name), "the name as written");
            let e = &shortlist.entries[0].entry;
            let value = match field {
                Field::No => e.no.to_string(),
                Field::Title => e.title.clone(),
                Field::Agency => e.agency.clone(),
                Field::Unit => e.unit.clone(),
                Field::Region => e.region.clone(),
                Field::Innovators => e.innovators.clone(),
                Field::Category => e.category.clone(),
                Field::Cluster => e.cluster.clone(),
            };
            assert_eq!(value, if *field == Field::No { "7" } else { "v" }, "{name}");
        }
    }
}

#[test]
fn unknown_columns_are_ignored_and_only_title_is_required() {
    let got = entries("Judul Inovasi,Keterangan\nSi Modis,lolos\n");
    assert_eq!(got, vec![new(1, "Si Modis")]);
}

#[test]
fn title_rows_and_blank_rows_above_the_header_are_skipped() {
    let text = "DAFTAR TOP 50 INOVASI PELAYANAN PUBLIK;;;\n\
                PROVINSI SULAWESI SELATAN TAHUN 2023;;;\n\
                ;;;\n\
                \n\
                No.;Nama Inovasi;Instansi;Kategori\n\
                1;Giatki Ces;Pemkab Luwu Utara;Kesehatan\n\
                ;;;\n\
                2;  Sehati   2020 ;Pemkab Luwu Utara;Kesehatan\n";
    let shortlist = parse_text(text).expect("parse");
    assert_eq!(shortlist.mapping.header_row, 5);
    let rows: Vec<u32> = shortlist.entries.iter().map(|e| e.row).collect();
    assert_eq!(
        rows,
        vec![6, 8],
        "blank rows are skipped but keep their numbers"
    );
    assert_eq!(shortlist.entries[1].entry.title, "Sehati 2020");
    assert_eq!(shortlist.entries[1].entry.category, "Kesehatan");
}

#[test]
fn without_a_no_column_entries_are_numbered_in_sheet_order() {
    let got = entries("Nama Inovasi;Instansi\nA;X\n\nB;X\nC;Y\n");
    assert_eq!(
        got.iter()
            .map(|e| (e.no, e.title.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "A"), (2, "B"), (3, "C")]
    );
}

#[test]
fn numbers_from_the_sheet_are_kept_even_with_gaps() {
    let got = entries("No,Nama Inovasi\n3.,A\n07,B\n12,C\n");
    assert_eq!(got.iter().map(|e| e.no).collect::<Vec<_>>(), vec![3, 7, 12]);
}

// Delimiters and encodings.

#[test]
fn comma_semicolon_and_tab_delimiters_are_detected() {
    for d in [",", ";", "\t"] {
        let text = format!("No{d}Nama Inovasi{d}Instansi\n1{d}Si Modis{d}Pemkab Luwu Utara\n");
        let got = entries(&text);
        assert_eq!(got[0].title, "Si Modis", "{d:?}");
        assert_eq!(got[0].agency, "Pemkab Luwu Utara", "{d:?}");
    }
}

#[test]
fn semicolon_sheets_keep_commas_inside_fields() {
    // Indonesian Excel: `;` between fields, commas unquoted inside them.
    let text = "No;Nama Inovasi;Perangkat Daerah\n\
                1;Pildacil Desa/Kelurahan;Dinas Komunikasi, Informatika, Statistik dan Persandian\n\
                2;\"Inovasi; dengan titik koma\";\"Dinas \"\"Kominfo\"\"\"\n";
    let got = entries(text);
    assert_eq!(
        got[0].unit,
        "Dinas Komunikasi, Informatika, Statistik dan Persandian"
    );
    assert_eq!(got[1].title, "Inovasi; dengan titik koma");
    assert_eq!(got[1].unit, "Dinas \"Kominfo\"");
}

#[test]
fn comma_sheets_keep_quoted_commas_and_semicolons() {
    let got = entries("No,Nama Inovasi,Unit\n1,\"A, B; C\",\"Dinas X, Y\"\n");
    assert_eq!(got[0].title, "A, B; C");
    assert_eq!(got[0].unit, "Dinas X, Y");
}

#[test]
fn an_excel_sep_line_names_the_delimiter() {
    let shortlist = parse_text("sep=;\nNo;Nama Inovasi\n1;A, B\n").expect("parse");
    assert_eq!(shortlist.mapping.header_row, 1, "the sep line is not a row");
    assert_eq!(shortlist.entries[0].entry.title, "A, B");
    // Given `,`, a `;` sheet is one column with no header.
    let p = one_problem("SEP=,\nNo;Nama Inovasi\n1;A\n");
    assert!(p.message_en.contains("no header row"), "{p:?}");
}

#[test]
fn utf8_with_bom_and_crlf_line_ends() {
    let bytes = b"\xEF\xBB\xBFNo;Nama Inovasi\r\n1;Sehati \xE2\x80\x93 2020\r\n2;Si Modis\r\n";
    let shortlist = parse_bytes(bytes).expect("parse");
    assert_eq!(
        shortlist.mapping.column(Field::No).map(|c| c.name.as_str()),
        Some("No")
    );
    let got = shortlist.new_entries();
    assert_eq!(got[0].title, "Sehati \u{2013} 2020");
    assert_eq!(got[1], new(2, "Si Modis"));
    assert_eq!(shortlist.entries[1].row, 3);
}

#[test]
fn old_mac_cr_line_ends() {
    let got = entries("No,Nama Inovasi\r1,A\r2,B\r");
    assert_eq!(got, vec![new(1, "A"), new(2, "B")]);
}

#[test]
fn windows_1252_text_is_decoded() {
    // "Café “Sehati”" and "Kab. Pangkep – Dinas" as Excel writes them on Windows.
    let bytes =
        b"No;Nama Inovasi;Perangkat Daerah\r\n1;Caf\xE9 \x93Sehati\x94;Kab. Pangkep \x96 Dinas\r\n";
    let got = parse_bytes(bytes).expect("parse").new_entries();
    assert_eq!(got[0].title, "Café \u{201C}Sehati\u{201D}");
    assert_eq!(got[0].unit, "Kab. Pangkep \u{2013} Dinas");
}

#[test]
fn utf16_unicode_text_from_excel() {
    let text = "No\tNama Inovasi\r\n1\tSi Modis\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let got = parse_bytes(&bytes).expect("parse").new_entries();
    assert_eq!(got, vec![new(1, "Si Modis")]);
}

#[test]
fn rows_are_numbered_as_excel_shows_them() {
    // Blank lines are rows; a quoted line break is not; a quote inside a field is text.
    let text = "\n\nNo,Nama Inovasi,Inovator\n\n1,A,\"x\n\ny\"\n2,B\"c,\"\"\n3,\"C\"\"\n\"\"\",z\n\n\n4,D,\"e\"f\n5,E\n";
    let shortlist = parse_text(text).expect("parse");
    assert_eq!(shortlist.mapping.header_row, 3);
    let rows: Vec<(u32, u32)> = shortlist
        .entries
        .iter()
        .map(|e| (e.entry.no, e.row))
        .collect();
    assert_eq!(rows, vec![(1, 5), (2, 6), (3, 7), (4, 10), (5, 11)]);
    let got = shortlist.new_entries();
    assert_eq!(got[1].title, "B\"c");
    assert_eq!(got[2].title, "C\" \"");
    assert_eq!(got[3].innovators, "ef");
}

#[test]
fn quoted_line_breaks_count_as_one_row_as_in_excel() {
    let text = "No,Nama Inovasi,Inovator\n1,A,\"Andi\nBudi\"\n2,,C\n";
    let p = one_problem(text);
    assert_eq!(
        p.row,
        Some(3),
        "Excel shows the record after the two-line cell as row 3"
    );
    // Two names on two lines of one cell are two innovators.
    let got = entries("No,Nama Inovasi,Inovator\n1,A,\"Andi\r\nBudi\"\n");
    assert_eq!(got[0].innovators, "Andi; Budi");
}

// Rejections: every problem, with row and column as the user sees them.

#[test]
fn an_empty_title_is_named_by_row_and_column() {
    let p = one_problem("Judul\n\nNo;Nama Inovasi;Instansi\n1;A;X\n2;;X\n");
    assert_eq!(p.row, Some(5));
    assert_eq!(p.column.as_deref(), Some("Nama Inovasi"));
    assert_eq!(
        p.located(Lang::En),
        "row 5, Nama Inovasi: the innovation's title is empty"
    );
    assert_eq!(
        p.located(Lang::Id),
        "baris 5, Nama Inovasi: nama inovasi kosong"
    );
}

#[test]
fn a_duplicate_no_names_both_rows() {
    let p = one_problem("Nomor;Nama Inovasi\n1;A\n2;B\n1;C\n");
    assert_eq!(p.row, Some(4));
    assert_eq!(p.column.as_deref(), Some("Nomor"));
    assert!(
        p.message_en.contains("number 1 is already used on row 2"),
        "{p:?}"
    );
    assert!(p.message_id.contains("baris 2"), "{p:?}");
}

#[test]
fn a_non_numeric_empty_or_zero_no_is_rejected() {
    let p = problems(parse_text(
        "No.,Nama Inovasi\n1,A\nsatu,B\n,C\n0,D\n2.5,E\n",
    ));
    let at: Vec<(Option<u32>, Option<&str>)> =
        p.iter().map(|p| (p.row, p.column.as_deref())).collect();
    assert_eq!(
        at,
        vec![
            (Some(3), Some("No.")),
            (Some(4), Some("No.")),
            (Some(5), Some("No.")),
            (Some(6), Some("No."))
        ]
    );
    assert!(p[0].message_en.contains("\"satu\" is not a number"));
    assert!(p[1].message_en.contains("empty"));
    assert!(p[2].message_en.contains("1 or more"));
    assert!(p[3].message_en.contains("\"2.5\""));
}

#[test]
fn a_duplicate_title_within_one_agency_is_rejected_but_not_across_agencies() {
    let p = one_problem(
        "No;Nama Inovasi;Instansi\n1;Si Modis;Pemkab Luwu Utara\n2;SI  MODIS;pemkab luwu utara\n",
    );
    assert_eq!(
        (p.row, p.column.as_deref()),
        (Some(3), Some("Nama Inovasi"))
    );
    assert!(p.message_en.contains("is already on row 2"), "{p:?}");
    let ok = entries("No;Nama Inovasi;Instansi\n1;Si Modis;Pemkab A\n2;Si Modis;Pemkab B\n");
    assert_eq!(ok.len(), 2);
}

#[test]
fn every_problem_is_listed_in_row_order() {
    let text = "No;Nama Inovasi;Instansi\n1;A;X\n1;;X\nx;A;X\n4;B;Y\n4;B;Y\n";
    let p = problems(parse_text(text));
    let rows: Vec<Option<u32>> = p.iter().map(|p| p.row).collect();
    // Row 3: duplicate No and empty title; row 4: bad No and duplicate title; row 6: both
    // duplicates.
    assert_eq!(
        rows,
        vec![Some(3), Some(3), Some(4), Some(4), Some(6), Some(6)]
    );
}

#[test]
fn unreadable_files_are_rejected_not_panicked_on() {
    let damaged = problems(parse_bytes(b"PK\x03\x04 this is not really a zip"));
    assert!(damaged[0]
        .message_en
        .contains("cannot be read as a workbook (Excel (.xlsx))"));
    assert_eq!(damaged[0].row, None);
    let xls = problems(parse_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"));
    assert!(xls[0].message_en.contains("(.xls)"), "{xls:?}");
    assert!(xls[0].message_id.contains("(.xls)"), "{xls:?}");
    let ods = problems(parse_bytes(
        b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0\0\0mimetype",
    ));
    assert!(ods[0].message_en.contains("(.ods)"), "{ods:?}");
    let binary = problems(parse_bytes(b"%PDF-1.7\n\x00\x01\x02"));
    assert!(binary[0].message_en.contains("neither"));
    let missing = import_file(&fixture("no-such-file.xlsx"), None).expect_err("missing");
    assert!(matches!(missing, Error::Io { .. }), "{missing:?}");
}

#[test]
fn a_sheet_without_a_header_is_rejected() {
    let p = one_problem("Daftar peserta\nfoo;bar\n1;2\n");
    assert!(p.message_en.contains("no header row found"), "{p:?}");
    assert_eq!(p.row, None);
    // Columns recognised but none for the title: the header row is named.
    let p = one_problem("Judul daftar\nNo;Instansi;Kategori\n1;X;Y\n");
    assert_eq!(p.row, Some(2));
    assert!(p.message_en.contains("title"));
}

#[test]
fn an_empty_sheet_or_a_header_without_entries_is_rejected() {
    for text in ["", "\n\n", " ; ;\r\n;;\r\n", "\u{feff}"] {
        let p = one_problem(text);
        assert!(p.message_en.contains("empty"), "{text:?}: {p:?}");
    }
    let p = one_problem("DAFTAR\n\nNo;Nama Inovasi\n;;\n");
    assert_eq!(p.row, Some(3));
    assert!(p.message_en.contains("no entries below the header row"));
}

// The user's own mapping.

#[test]
fn a_mapping_from_the_user_overrides_the_guess() {
    let sheet = read_bytes(b"No;Program;Instansi\n1;Si Modis;X\n", "t.csv").expect("read");
    let guess = guess_mapping(&sheet).expect("a header with two fields");
    assert_eq!(guess.header_row, 1);
    assert_eq!(guess.columns[1].name, "Program");
    assert_eq!(guess.columns[1].field, None);
    let p = problems(parse(&sheet, None));
    assert!(p[0]
        .message_en
        .contains("no column for the innovation's title"));

    let mut mapping = guess.clone();
    mapping.columns[1].field = Some(Field::Title);
    let shortlist = parse(&sheet, Some(&mapping)).expect("parse");
    assert_eq!(shortlist.new_entries()[0].title, "Si Modis");
    assert_eq!(shortlist.mapping, mapping);

    mapping.columns[2].field = Some(Field::Title);
    let p = problems(parse(&sheet, Some(&mapping)));
    assert_eq!(p[0].column.as_deref(), Some("Instansi"));
    assert!(p[0].message_en.contains("both fill Title"), "{p:?}");
}

#[test]
fn a_mapping_can_say_the_sheet_has_no_header_row() {
    let sheet = read_bytes(b"Si Modis;Pemkab A\nSehati;Pemkab B\n", "t.csv").expect("read");
    assert_eq!(guess_mapping(&sheet), None);
    let mapping: ColumnMapping = serde_json::from_value(serde_json::json!({
        "header_row": 0,
        "columns": [
            { "index": 0, "name": "A", "field": "title" },
            { "index": 1, "name": "B", "field": "agency" }
        ]
    }))
    .expect("mapping from the app");
    let got = parse(&sheet, Some(&mapping)).expect("parse").new_entries();
    assert_eq!(got[1].title, "Sehati");
    assert_eq!(got[1].agency, "Pemkab B");
    assert_eq!(got[1].no, 2);
}

// The sample Top 50 sheets.

fn check_top50(shortlist: &Shortlist) {
    let got = shortlist.new_entries();
    assert_eq!(got.len(), 50);
    assert_eq!(
        got.iter().map(|e| e.no).collect::<Vec<_>>(),
        (1..=50).collect::<Vec<_>>()
    );
    assert_eq!(
        got[0],
        NewEntry {
            no: 1,
            title: "Giatki Ces".into(),
            agency: "Pemerintah Kabupaten Luwu Utara".into(),
            unit: "Dinas Kesehatan".into(),
            region: "Luwu Utara".into(),
            innovators: "drg. Arie Andi Dhayan Tomaisuri".into(),
            category: "Pelayanan Kesehatan".into(),
            cluster: String::new(),
        }
    );
    assert_eq!(
        got[3].unit,
        "Dinas Komunikasi, Informatika, Statistik dan Persandian"
    );
    assert_eq!(got[5].title, "SMS - Sapa Masyarakat Sekitar");
    // The sample has a column for every field but the cluster.
    for field in Field::ALL.into_iter().filter(|f| *f != Field::Cluster) {
        assert!(shortlist.mapping.column(field).is_some(), "{field:?}");
    }
    assert!(shortlist.mapping.column(Field::Cluster).is_none());
}

#[test]
fn the_sample_xlsx_imports_50_entries_below_its_title_rows() {
    let shortlist = import_file(&fixture("top50-sulsel-2023.xlsx"), None).expect("xlsx");
    assert_eq!(shortlist.mapping.header_row, 4);
    assert_eq!(shortlist.entries[0].row, 5);
    check_top50(&shortlist);
}

#[test]
fn the_sample_csv_imports_the_same_50_entries() {
    let csv = import_file(&sample_csv(), None).expect("csv");
    check_top50(&csv);
    let xlsx = import_file(&fixture("top50-sulsel-2023.xlsx"), None).expect("xlsx");
    assert_eq!(csv.new_entries(), xlsx.new_entries());
}

// Workbooks made here.

#[test]
fn a_generated_workbook_with_numbers_blank_sheets_and_hidden_rows_of_titles() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("made.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Catatan").expect("name");
    let sheet = book.add_worksheet();
    sheet.set_name("Top 50").expect("name");
    sheet.write_string(0, 0, "DAFTAR TOP 50").expect("w");
    sheet.write_string(3, 1, "NO.").expect("w");
    sheet.write_string(3, 2, "Judul Inovasi").expect("w");
    sheet.write_string(3, 3, "Pemda").expect("w");
    sheet.write_number(4, 1, 1.0).expect("w");
    sheet.write_string(4, 2, "  Si   Modis ").expect("w");
    sheet.write_string(4, 3, "Pemkab Luwu Utara").expect("w");
    sheet.write_number(6, 1, 2).expect("w");
    sheet.write_string(6, 2, "Sehati").expect("w");
    sheet.write_number(6, 3, 2020).expect("w");
    book.save(&path).expect("save");

    let read_sheet = read(&path).expect("read");
    assert_eq!(read_sheet.source, "made.xlsx [Top 50]");
    let shortlist = parse(&read_sheet, None).expect("parse");
    assert_eq!(shortlist.mapping.header_row, 4);
    assert_eq!(
        shortlist.mapping.columns[0].name, "A",
        "a blank header cell has its letter"
    );
    let got = shortlist.new_entries();
    assert_eq!(got[0].title, "Si Modis");
    assert_eq!(got[0].no, 1);
    assert_eq!(got[1].agency, "2020", "numbers read as the user sees them");
    assert_eq!(shortlist.entries[1].row, 7);

    // A problem in a workbook names the sheet and the row Excel shows.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "No").expect("w");
    sheet.write_string(0, 1, "Nama Inovasi").expect("w");
    sheet.write_number(1, 0, 1).expect("w");
    sheet.write_number(2, 0, 2).expect("w");
    sheet.write_string(2, 1, "B").expect("w");
    let bytes = book.save_to_buffer().expect("buffer");
    let err = parse(&read_bytes(&bytes, "one.xlsx").expect("read"), None).expect_err("no title");
    let Error::Rejected { what, problems } = err else {
        panic!("not rejected")
    };
    assert_eq!(what, "one.xlsx");
    assert_eq!(
        problems[0].located(Lang::En),
        "row 2, Nama Inovasi: the innovation's title is empty"
    );
}

#[test]
fn a_stray_cell_far_away_costs_nothing() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Nama Inovasi").expect("w");
    sheet.write_string(1, 0, "A").expect("w");
    sheet.write_string(1_048_575, 0, "B").expect("w");
    let bytes = book.save_to_buffer().expect("buffer");
    let shortlist = parse(&read_bytes(&bytes, "far.xlsx").expect("read"), None).expect("parse");
    assert_eq!(shortlist.entries[1].row, 1_048_576);

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Nama Inovasi").expect("w");
    sheet.write_string(1, 16_383, "far right").expect("w");
    let bytes = book.save_to_buffer().expect("buffer");
    let err = read_bytes(&bytes, "wide.xlsx").expect_err("too wide");
    assert_eq!(err.code(), "rejected");
}

// Export.

#[test]
fn an_exported_list_imports_back_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    let original = import_file(&sample_csv(), None).expect("csv").new_entries();
    let as_entries: Vec<Entry> = original
        .iter()
        .map(|e| Entry {
            id: uuid::Uuid::now_v7(),
            no: e.no,
            title: e.title.clone(),
            agency: e.agency.clone(),
            unit: e.unit.clone(),
            region: e.region.clone(),
            innovators: e.innovators.clone(),
            category: e.category.clone(),
            cluster: e.cluster.clone(),
            present: (e.no % 2 == 0).then_some(true),
            head_attended: e.no == 1,
        })
        .collect();
    for lang in [Lang::Id, Lang::En] {
        let path = dir.path().join(format!("entries-{lang:?}.xlsx"));
        export_xlsx(&as_entries, &path, lang).expect("export");
        let back = import_file(&path, None).expect("import back");
        assert_eq!(back.new_entries(), original, "{lang:?}");
        assert_eq!(back.mapping.header_row, 1);
    }
    let err = export_xlsx(
        &as_entries,
        &dir.path().join("no/such/dir/x.xlsx"),
        Lang::Id,
    )
    .expect_err("bad path");
    assert_eq!(err.code(), "io");
}

#[test]
fn a_value_merged_down_applies_to_every_entry_of_the_merge() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in ["No", "Nama Inovasi", "Kabupaten/Kota"].iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for r in 1..=3u32 {
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        sheet.write_string(r, 1, format!("Inovasi {r}")).unwrap();
    }
    let format = rust_xlsxwriter::Format::new();
    sheet
        .merge_range(1, 2, 3, 2, "Kota Makassar", &format)
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let sheet = panelis_core::shortlist::read_bytes(&bytes, "gabung.xlsx").expect("read");
    let list = panelis_core::shortlist::parse(&sheet, None).expect("parse");
    let regions: Vec<&str> = list
        .entries
        .iter()
        .map(|e| e.entry.region.as_str())
        .collect();
    assert_eq!(regions, ["Kota Makassar"; 3]);
}

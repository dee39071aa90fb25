//! The shortlist as a provincial Biro Organisasi sends it, in files Panelis did not write: a
//! workbook written by openpyxl and saved again by LibreOffice as .xlsx, .xls and .ods (see
//! `tests/fixtures/make_biro_fixtures.py`). Each has a cover sheet, title rows, a two-row
//! header, cluster headings merged across the row, agency and region merged down over the
//! entries of a regency, a column Panelis does not import and a signature block under the list.
//! Every one must import with every field present and every other row said.
//!
//! Also: a list whose cells are formulas, computed and saved by LibreOffice (each formula cell
//! imports the result saved with it) and written by openpyxl alone (no result saved: refused,
//! saying so); and .xlsb workbooks Excel saved, from calamine's test suite
//! (`tests/fixtures/calamine-xlsb-NOTICE.md`).

use panelis_core::lang::Lang;
use panelis_core::shortlist::{
    guess_mapping, import_file, mapping_at, parse, read_sheet, Field, LeftOutReason, Shortlist,
};
use panelis_core::Error;
use std::path::PathBuf;

const FILES: [&str; 4] = [
    "top-biro-openpyxl.xlsx",
    "top-biro-libreoffice.xlsx",
    "top-biro-libreoffice.xls",
    "top-biro-libreoffice.ods",
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn import(name: &str) -> Shortlist {
    match import_file(&fixture(name), None) {
        Ok(list) => list,
        Err(e) => panic!("{name}: {e}"),
    }
}

#[test]
fn every_writer_s_file_imports_with_every_field_of_every_entry() {
    for name in FILES {
        let list = import(name);
        assert_eq!(
            list.sheet.as_deref(),
            Some("Top Inovasi"),
            "{name}: the list sheet, not the cover"
        );
        let entries = list.new_entries();
        assert_eq!(entries.len(), 11, "{name}");
        let numbers: Vec<u32> = entries.iter().map(|e| e.no).collect();
        assert_eq!(numbers, (1..=11).collect::<Vec<_>>(), "{name}");
        for e in &entries {
            for (field, value) in [
                ("title", &e.title),
                ("agency", &e.agency),
                ("unit", &e.unit),
                ("region", &e.region),
                ("innovators", &e.innovators),
                ("category", &e.category),
                ("cluster", &e.cluster),
            ] {
                assert!(!value.is_empty(), "{name}: entry {} has no {field}", e.no);
            }
        }
        // Merged down: the third entry of Gowa has Gowa's region and agency.
        let third = &entries[2];
        assert_eq!(third.title, "Posyandu Digital", "{name}");
        assert_eq!(third.region, "Kabupaten Gowa", "{name}");
        assert_eq!(third.agency, "Pemerintah Kabupaten Gowa", "{name}");
        // Two-row header: the unit comes from the column under PENGUSUL.
        assert_eq!(third.unit, "Dinas Kesehatan", "{name}");
        // Innovators as a list, however the cell wrote them: numbered lines, ";", " dan ".
        let innovators: Vec<&str> = entries[..3].iter().map(|e| e.innovators.as_str()).collect();
        assert_eq!(
            innovators,
            [
                "dr. Andi Rahmawati; Budi Santoso",
                "Siti Aminah; Rudi Hartono",
                "Nur Aisyah; Muh. Yusuf"
            ],
            "{name}"
        );
        assert_eq!(
            panelis_core::innovators::names(&entries[4].innovators),
            ["Ahmad Fauzi", "Rina Marlina", "Syamsul Bahri"],
            "{name}"
        );
        let clusters: Vec<&str> = entries.iter().map(|e| e.cluster.as_str()).collect();
        assert_eq!(
            clusters,
            [
                vec!["KLASTER PEMERINTAH KABUPATEN"; 6],
                vec!["KLASTER PEMERINTAH KOTA"; 5]
            ]
            .concat(),
            "{name}"
        );
    }
}

#[test]
fn the_column_not_imported_and_every_row_that_is_not_an_entry_are_said() {
    for name in FILES {
        let list = import(name);
        let columns = list.mapping.not_imported();
        assert_eq!(columns, vec!["H 'KETERANGAN'".to_string()], "{name}");
        let left: Vec<(u32, LeftOutReason, &str)> = list
            .left_out
            .iter()
            .map(|r| (r.row, r.why, r.text.as_str()))
            .collect();
        assert_eq!(
            left,
            vec![
                (
                    1,
                    LeftOutReason::Title,
                    "DAFTAR TOP INOVASI PELAYANAN PUBLIK"
                ),
                (
                    2,
                    LeftOutReason::Title,
                    "PROVINSI SULAWESI SELATAN TAHUN 2023"
                ),
                (6, LeftOutReason::Cluster, "A. KLASTER PEMERINTAH KABUPATEN"),
                (13, LeftOutReason::Cluster, "B. KLASTER PEMERINTAH KOTA"),
                (20, LeftOutReason::Footer, "Makassar, 1 Maret 2023"),
                (21, LeftOutReason::Footer, "KEPALA BIRO ORGANISASI,"),
                (23, LeftOutReason::Footer, "Dr. H. Andi Mappatunru, M.Si."),
                (24, LeftOutReason::Footer, "NIP. 19700101 199503 1 001"),
            ],
            "{name}"
        );
        assert!(!LeftOutReason::Footer.label(Lang::Id).is_empty());
    }
}

#[test]
fn the_cover_sheet_can_be_asked_for_and_an_unknown_sheet_names_the_sheets() {
    let path = fixture("top-biro-libreoffice.ods");
    let cover = read_sheet(&path, Some("Sampul")).expect("the cover sheet reads");
    assert_eq!(cover.sheet.as_deref(), Some("Sampul"));
    assert_eq!(
        cover.sheets,
        vec!["Sampul".to_string(), "Top Inovasi".into()]
    );
    assert!(guess_mapping(&cover).is_none(), "a cover has no header");
    match read_sheet(&path, Some("Rekap")) {
        Err(Error::Rejected { problems, .. }) => {
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0].message_en.contains("'Sampul', 'Top Inovasi'"),
                "{}",
                problems[0].message_en
            );
            assert!(problems[0]
                .message_id
                .contains("tidak punya lembar bernama 'Rekap'"));
        }
        other => panic!("an unknown sheet must be refused, got {other:?}"),
    }
}

#[test]
fn a_column_mapped_by_hand_is_imported() {
    let sheet = read_sheet(&fixture("top-biro-libreoffice.xls"), None).expect("reads");
    let mut mapping = guess_mapping(&sheet).expect("a header");
    mapping
        .assign("keterangan", Some(Field::Category))
        .expect("the column is found by its name");
    // The category moved from G to H: G is now the column not imported.
    let list = parse(&sheet, Some(&mapping)).expect("imports");
    assert_eq!(list.new_entries()[0].category, "Replikasi");
    assert_eq!(
        list.mapping.not_imported(),
        vec!["G 'KATEGORI'".to_string()]
    );
    let unknown = mapping
        .assign("Z", Some(Field::Unit))
        .expect_err("no column Z");
    assert!(unknown.contains(&"A 'NO'".to_string()), "{unknown:?}");
}

/// The formula list as LibreOffice computed and saved it.
const FORMULA_FILES: [&str; 3] = [
    "top-formula-libreoffice.xlsx",
    "top-formula-libreoffice.xls",
    "top-formula-libreoffice.ods",
];

/// A member of a zip (an .xlsx or .ods), as text.
fn zip_member(name: &str, member: &str) -> String {
    let file = std::fs::File::open(fixture(name)).expect("fixture");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(member).expect(member), &mut text)
        .expect("text");
    text
}

#[test]
fn formula_cells_import_the_result_the_spreadsheet_program_saved() {
    // The cells really are formulas (not values) in what LibreOffice saved.
    let xlsx = zip_member("top-formula-libreoffice.xlsx", "xl/worksheets/sheet1.xml");
    assert!(xlsx.contains("<f aca=\"false\">PROPER(&quot;si cantik gowa&quot;)</f>"));
    assert!(xlsx.contains("<f aca=\"false\">A4+1</f>"));
    let ods = zip_member("top-formula-libreoffice.ods", "content.xml");
    assert!(ods.contains("table:formula=\"of:=[.A4]+1\""));
    for name in FORMULA_FILES {
        let list = import(name);
        let got: Vec<[String; 6]> = list
            .new_entries()
            .into_iter()
            .map(|e| {
                [
                    e.no.to_string(),
                    e.title,
                    e.agency,
                    e.region,
                    e.innovators,
                    e.category,
                ]
            })
            .collect();
        let want = [
            [
                "1",
                "Si Cantik Gowa",
                "Pemerintah Kabupaten Gowa",
                "Kabupaten Gowa",
                "dr. Andi Rahmawati; Budi Santoso",
                "Kesehatan",
            ],
            [
                "2",
                "Lorong Wisata",
                "Pemerintah Kota Makassar",
                "Kota Makassar",
                "Irwan Saputra; Dewi Lestari",
                "Ekonomi",
            ],
            [
                "3",
                "Sampah Jadi Emas",
                "Pemerintah Kota Makassar",
                "Kota Makassar",
                "Muhammad Arif",
                "Lingkungan",
            ],
            [
                "4",
                "Parepare Smart Service",
                "Pemerintah Kota Parepare",
                "Kota Parepare",
                "Yusran",
                "Tata Kelola",
            ],
        ]
        .map(|row| row.map(str::to_string));
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn formulas_saved_without_their_result_are_refused_with_where_and_why() {
    // openpyxl writes the formulas and no result: every formula cell reads as blank.
    let sheet = read_sheet(&fixture("top-formula-openpyxl.xlsx"), None).expect("reads");
    assert_eq!(sheet.rows[2].cells, ["1", "", "", "Kabupaten Gowa"]);
    let problems = match parse(&sheet, None) {
        Err(Error::Rejected { problems, .. }) => problems,
        other => panic!("a list of blanks must not import: {other:?}"),
    };
    let at: Vec<(Option<u32>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_deref()))
        .collect();
    // One per column, at its first formula: No counts on from row 5; the others start at 4.
    assert_eq!(
        at,
        [
            (Some(5), Some("NO")),
            (Some(4), Some("NAMA INOVASI")),
            (Some(4), Some("INSTANSI")),
            (Some(4), Some("INOVATOR")),
            (Some(4), Some("KATEGORI")),
        ]
    );
    assert!(
        problems[0].message_en.starts_with(
            "3 cells of this column, from this one on, hold a formula whose result was not saved"
        ),
        "{}",
        problems[0].message_en
    );
    assert!(
        problems[1].located(Lang::Id).contains("baris 4")
            && problems[1]
                .message_id
                .starts_with("4 sel kolom ini, mulai dari sel ini, berisi rumus"),
        "{}",
        problems[1].located(Lang::Id)
    );
}

#[test]
fn an_xlsb_excel_saved_reads_its_cells_and_formula_results() {
    let path = fixture("calamine-issues.xlsb");
    let first = read_sheet(&path, None).expect("the .xlsb reads");
    assert_eq!(
        first.sheets,
        [
            "datatypes",
            "issue2",
            "Sheet1",
            "issue5",
            "issue6",
            "spc_chrs"
        ]
    );
    let cells = |sheet: &str| -> Vec<(u32, Vec<String>)> {
        read_sheet(&path, Some(sheet))
            .expect(sheet)
            .rows
            .into_iter()
            .map(|r| (r.row, r.cells))
            .collect()
    };
    let text = |rows: &[(u32, &[&str])]| -> Vec<(u32, Vec<String>)> {
        rows.iter()
            .map(|(r, c)| (*r, c.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    // A whole number without ".0", a fraction, text, a boolean, a date as its serial number.
    assert_eq!(
        cells("datatypes"),
        text(&[
            (1, &["1"]),
            (2, &["1.5"]),
            (3, &["ab"]),
            (4, &["FALSE"]),
            (5, &["test"]),
            (6, &["42663"]),
        ])
    );
    assert_eq!(
        cells("spc_chrs"),
        text(&[
            (1, &["&"]),
            (2, &["<"]),
            (3, &[">"]),
            (4, &["aaa ' aaa"]),
            (5, &["\""]),
            (6, &["\u{263A}"]),
            (7, &["\u{58D}"]),
            (
                8,
                &["\u{e0}\u{e2}\u{e9}\u{ea}\u{e8}\u{e7}\u{f6}\u{ef}\u{ee}\u{ab}\u{bb}"]
            ),
        ])
    );
    // Formula cells give the result Excel saved: a number, text and a boolean.
    let formulas = read_sheet(&fixture("calamine-formula-values.xlsb"), None).expect("reads");
    assert_eq!(formulas.sheet.as_deref(), Some("formula_vals"));
    let values: Vec<&str> = formulas.rows.iter().map(|r| r.cell(0)).collect();
    assert_eq!(values, ["3", "Ab", "FALSE"]);
}

#[test]
fn an_xlsb_list_imports_once_its_columns_are_named_and_bad_rows_are_located() {
    let path = fixture("calamine-issues.xlsb");
    // No sheet has a header: the importer says so rather than failing to read.
    match import_file(&path, None) {
        Err(Error::Rejected { what, problems }) => {
            assert_eq!(what, "calamine-issues.xlsb [datatypes]");
            assert!(problems[0].message_en.starts_with("no header row found"));
        }
        other => panic!("{other:?}"),
    }
    // "issue2" is a list of numbers and names: with its columns named by hand, it imports.
    let sheet = read_sheet(&path, Some("issue2")).expect("reads");
    let mut mapping = mapping_at(&sheet, 0);
    mapping.assign("A", Some(Field::No)).expect("column A");
    mapping.assign("B", Some(Field::Title)).expect("column B");
    let list = parse(&sheet, Some(&mapping)).expect("imports");
    let entries: Vec<(u32, String)> = list
        .new_entries()
        .into_iter()
        .map(|e| (e.no, e.title))
        .collect();
    assert_eq!(entries, [(1, "a".into()), (2, "b".into()), (3, "c".into())]);
    // Named the wrong way round, every row's problem names its row and column.
    mapping.assign("A", Some(Field::Title)).expect("column A");
    mapping.assign("B", Some(Field::No)).expect("column B");
    let problems = match parse(&sheet, Some(&mapping)) {
        Err(Error::Rejected { problems, .. }) => problems,
        other => panic!("{other:?}"),
    };
    let at: Vec<(Option<u32>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            (Some(1), Some("B")),
            (Some(2), Some("B")),
            (Some(3), Some("B"))
        ]
    );
    assert!(
        problems[0].located(Lang::En).contains("row 1")
            && problems[0].message_en.contains("\"a\" is not a number"),
        "{}",
        problems[0].located(Lang::En)
    );
}

//! The shortlist as a provincial Biro Organisasi sends it, in files Panelis did not write: a
//! workbook written by openpyxl and saved again by LibreOffice as .xlsx, .xls and .ods (see
//! `tests/fixtures/make_biro_fixtures.py`). Each has a cover sheet, title rows, a two-row
//! header, cluster headings merged across the row, agency and region merged down over the
//! entries of a regency, a column Panelis does not import and a signature block under the list.
//! Every one must import with every field present and every other row said.

use panelis_core::lang::Lang;
use panelis_core::shortlist::{
    guess_mapping, import_file, parse, read_sheet, Field, LeftOutReason, Shortlist,
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

//! Unit tests of the shortlist rules behind the public API (number and header forms, column
//! letters) and of re-importing into a competition file, including entries with ballots.

use super::header::{column_letter, recognise, recognise_in_header, Field};
use super::rows::{parse_no, NoProblem};
use super::*;
use crate::model::NewEntry;
use crate::{Error, Store};

#[test]
fn numbers_are_read_as_people_type_them() {
    assert_eq!(parse_no("7"), Ok(7));
    assert_eq!(parse_no("07"), Ok(7));
    assert_eq!(parse_no("7."), Ok(7));
    assert_eq!(parse_no("7.0"), Ok(7));
    assert_eq!(parse_no("7,00"), Ok(7));
    assert_eq!(parse_no(""), Err(NoProblem::Empty));
    assert_eq!(parse_no("0"), Err(NoProblem::Zero));
    for bad in ["7.5", "satu", "-3", "1e3", "99999999999", ".", "7..", "7 a"] {
        assert_eq!(parse_no(bad), Err(NoProblem::NotANumber), "{bad}");
    }
}

#[test]
fn header_names_ignore_case_punctuation_and_remarks() {
    assert_eq!(recognise("NAMA  INOVASI"), Some(Field::Title));
    assert_eq!(recognise("Nama_Inovasi:"), Some(Field::Title));
    assert_eq!(recognise("Nama Inovasi (singkatan)"), Some(Field::Title));
    assert_eq!(recognise("No."), Some(Field::No));
    assert_eq!(recognise("Kab./Kota"), Some(Field::Region));
    assert_eq!(
        recognise("O.P.D"),
        None,
        "letters split by dots are not a word"
    );
    assert_eq!(recognise("Keterangan"), None);
    // As provincial sheets write them: words around the known names.
    assert_eq!(
        recognise_in_header("INSTANSI PENGUSUL"),
        Some(Field::Agency)
    );
    assert_eq!(
        recognise_in_header("NAMA INSTANSI / PEMDA"),
        Some(Field::Agency)
    );
    assert_eq!(recognise_in_header("UNIT KERJA / OPD"), Some(Field::Unit));
    assert_eq!(
        recognise_in_header("JUDUL / NAMA INOVASI"),
        Some(Field::Title)
    );
    assert_eq!(
        recognise_in_header("NAMA INOVATOR (KETUA TIM)"),
        Some(Field::Innovators)
    );
    assert_eq!(
        recognise_in_header("NAMA PEMERINTAH DAERAH"),
        Some(Field::Agency)
    );
    // Two fields' names at once is no field: the user maps it, nothing is guessed.
    assert_eq!(recognise_in_header("NO. HP INOVATOR"), None);
    assert_eq!(recognise_in_header("UNIT KERJA / NAMA INSTANSI"), None);
    assert_eq!(recognise("DAFTAR TOP 50 INOVASI"), None);
    assert_eq!(recognise_in_header("DAFTAR TOP 50 INOVASI"), None);
    assert_eq!(recognise(""), None);
}

#[test]
fn column_letters_follow_excel() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(701), "ZZ");
    assert_eq!(column_letter(702), "AAA");
}

// Re-import into a competition file.

use crate::testing::store;

fn entry(no: u32, title: &str, agency: &str) -> NewEntry {
    NewEntry {
        no,
        title: title.into(),
        agency: agency.into(),
        ..Default::default()
    }
}

/// A draft ballot for the entry, whatever columns the ballots table has grown: every
/// required column gets a plausible value.
fn add_ballot(store: &mut Store, entry_no: u32) {
    let panelist = store
        .add_panelist(&format!("Panelis {entry_no}"), "", false)
        .expect("panelist");
    let entry = store
        .entries()
        .expect("entries")
        .into_iter()
        .find(|e| e.no == entry_no)
        .expect("entry");
    let conn = store.conn();
    let mut stmt = conn.prepare("PRAGMA table_info(ballots)").expect("info");
    let columns: Vec<(String, String, bool, bool)> = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<String>>(4)?.is_some(),
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut names = Vec::new();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    for (name, kind, not_null, has_default) in columns {
        let value = match name.as_str() {
            "id" => uuid::Uuid::now_v7().to_string().into(),
            "panelist_id" => panelist.id.to_string().into(),
            "entry_id" => entry.id.to_string().into(),
            "status" => "draft".to_string().into(),
            "revision" | "rubric_version" => 1i64.into(),
            "created_at" | "updated_at" => crate::time::to_db(crate::time::now()).into(),
            _ if !not_null || has_default => continue,
            _ if kind.eq_ignore_ascii_case("INTEGER") => 1i64.into(),
            _ => "x".to_string().into(),
        };
        names.push(name);
        values.push(value);
    }
    let marks = vec!["?"; names.len()].join(", ");
    conn.execute(
        &format!(
            "INSERT INTO ballots ({}) VALUES ({marks})",
            names.join(", ")
        ),
        rusqlite::params_from_iter(values),
    )
    .expect("insert ballot");
}

#[test]
fn first_import_adds_everything_with_one_audit_event() {
    let (_dir, mut store) = store();
    let incoming = vec![
        entry(1, "Si Modis", "Pemkab A"),
        entry(2, "Sehati", "Pemkab B"),
    ];
    let plan = store.import_shortlist(&incoming).expect("import");
    assert_eq!(plan.added.len(), 2);
    let entries = store.entries().expect("entries");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].title, "Sehati");
    let events = store.audit_events().expect("audit");
    let last = events.last().expect("event");
    assert_eq!(last.action, "entries.imported");
    assert_eq!(last.detail["added"], serde_json::json!([1, 2]));
    assert_eq!(store.verify_audit().expect("verify"), None);
}

#[test]
fn reimport_plans_added_changed_removed_and_keeps_check_in() {
    let (_dir, mut store) = store();
    store
        .import_shortlist(&[
            entry(1, "Si Modis", "Pemkab A"),
            entry(2, "Sehati", "Pemkab B"),
            entry(3, "Jatah Akhirat", "Pemkab C"),
        ])
        .expect("first");
    let two = store.entries().expect("entries")[1].id;
    store
        .set_entry_attendance(two, Some(true), true)
        .expect("check in");

    let corrected = vec![
        entry(1, "Si Modis", "Pemkab A"),
        NewEntry {
            region: "Luwu Utara".into(),
            ..entry(2, "Sehati 2020", "Pemkab B")
        },
        entry(4, "Giatki Ces", "Pemkab D"),
    ];
    let plan = store.plan_shortlist(&corrected).expect("plan");
    assert_eq!(plan.unchanged, 1);
    assert_eq!(plan.added, vec![entry(4, "Giatki Ces", "Pemkab D")]);
    assert_eq!(plan.removed.len(), 1);
    assert_eq!(plan.removed[0].no, 3);
    assert_eq!(plan.changed.len(), 1);
    let change = &plan.changed[0];
    assert_eq!(change.no, 2);
    assert_eq!(
        change.fields,
        vec![
            FieldChange {
                field: Field::Title,
                before: "Sehati".into(),
                after: "Sehati 2020".into()
            },
            FieldChange {
                field: Field::Region,
                before: "".into(),
                after: "Luwu Utara".into()
            },
        ]
    );
    // A preview changes nothing.
    assert_eq!(store.entries().expect("entries").len(), 3);

    store.apply_shortlist(&plan).expect("apply");
    let entries = store.entries().expect("entries");
    assert_eq!(
        entries.iter().map(|e| e.no).collect::<Vec<_>>(),
        vec![1, 2, 4]
    );
    assert_eq!(entries[1].id, two, "a changed entry keeps its identity");
    assert_eq!(entries[1].title, "Sehati 2020");
    assert_eq!(entries[1].present, Some(true));
    assert!(entries[1].head_attended);
    let events = store.audit_events().expect("audit");
    let detail = &events.last().expect("event").detail;
    assert_eq!(detail["removed"][0]["title"], "Jatah Akhirat");
    // The same sheet again is a plan with nothing to do.
    assert!(store.plan_shortlist(&corrected).expect("again").is_empty());
}

#[test]
fn removing_an_entry_with_ballots_is_refused_naming_it() {
    let (_dir, mut store) = store();
    store
        .import_shortlist(&[
            entry(1, "Si Modis", "Pemkab A"),
            entry(2, "Sehati", "Pemkab B"),
            entry(3, "Jatah Akhirat", "Pemkab C"),
        ])
        .expect("first");
    let plan = store
        .plan_shortlist(&[entry(1, "Si Modis", "Pemkab A")])
        .expect("plan before any ballot");
    add_ballot(&mut store, 3);

    let only_one = [entry(1, "Si Modis", "Pemkab A")];
    let err = store.plan_shortlist(&only_one).expect_err("refused");
    let Error::Rejected { problems, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 1, "entry 2 has no ballot: {problems:?}");
    assert!(problems[0].message_en.contains("No 3 \"Jatah Akhirat\""));
    assert!(problems[0].message_en.contains("ballot"));
    assert!(problems[0].message_id.contains("No 3 \"Jatah Akhirat\""));

    // A plan made before the ballot existed is refused at apply time too; nothing changes.
    let err = store.apply_shortlist(&plan).expect_err("refused");
    assert_eq!(err.code(), "rejected", "{err}");
    assert_eq!(store.entries().expect("entries").len(), 3);
    // Keeping the balloted entry is fine.
    store
        .import_shortlist(&[
            entry(1, "Si Modis", "Pemkab A"),
            entry(3, "Jatah Akhirat", "X"),
        ])
        .expect("keeps 3");
    assert_eq!(store.entries().expect("entries").len(), 2);
}

#[test]
fn a_plan_made_before_other_changes_is_refused() {
    let (_dir, mut store) = store();
    store
        .import_shortlist(&[entry(1, "Si Modis", "Pemkab A")])
        .expect("first");
    let plan = store
        .plan_shortlist(&[entry(1, "Si Modis 2", "Pemkab A"), entry(2, "B", "")])
        .expect("plan");
    store
        .import_shortlist(&[entry(1, "Si Modis", "Pemkab A"), entry(2, "B", "")])
        .expect("someone else added No 2");
    let err = store.apply_shortlist(&plan).expect_err("stale");
    assert_eq!(err.code(), "stale_preview");
    assert_eq!(store.entries().expect("entries")[0].title, "Si Modis");
}

#[test]
fn incoming_entries_are_checked_before_planning() {
    let (_dir, store) = store();
    let err = store
        .plan_shortlist(&[entry(1, "A", ""), entry(1, "B", "")])
        .expect_err("duplicate");
    assert_eq!(err.code(), "entry_number_repeated");
    let err = store
        .plan_shortlist(&[entry(0, "A", "")])
        .expect_err("zero");
    assert_eq!(err.code(), "entry_number_zero");
}

fn sheet_of(csv: &str) -> Sheet {
    read_bytes(csv.as_bytes(), "daftar.csv").expect("csv reads")
}

#[test]
fn a_header_over_two_rows_reads_the_names_under_a_parent_cell() {
    // As a sheet without merges has it: PENGUSUL written once over INSTANSI and UNIT KERJA.
    let sheet = sheet_of("NO;JUDUL INOVASI;PENGUSUL;;KAB/KOTA\n;;INSTANSI;UNIT KERJA;\n1;Si Cantik;Pemkab Gowa;Dinas Kesehatan;Gowa\n");
    let list = parse(&sheet, None).expect("imports");
    assert_eq!(list.mapping.header_starts, Some(1));
    assert_eq!(list.mapping.header_row, 2);
    let e = &list.new_entries()[0];
    assert_eq!(
        (e.agency.as_str(), e.unit.as_str(), e.region.as_str()),
        ("Pemkab Gowa", "Dinas Kesehatan", "Gowa")
    );
    let names: Vec<&str> = list
        .mapping
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "NO",
            "JUDUL INOVASI",
            "PENGUSUL / INSTANSI",
            "UNIT KERJA",
            "KAB/KOTA"
        ]
    );
    assert!(list.left_out.is_empty(), "{:?}", list.left_out);
}

#[test]
fn the_first_row_of_the_list_is_never_read_as_a_second_header_row() {
    // "Dinas Kesehatan" starts with a unit's name, but "1" and "Si Cantik" are no column names.
    let sheet = sheet_of("No;Instansi;Perangkat Daerah\n1;Si Cantik;Dinas Kesehatan\n");
    let mapping = guess_mapping(&sheet).expect("a header");
    assert_eq!((mapping.header_starts, mapping.header_row), (None, 1));
    // Nor is a title row merged across the row above the header its parent.
    let sheet = sheet_of("DAFTAR;DAFTAR;DAFTAR\nNo;Nama Inovasi;Instansi\n1;Si Cantik;Gowa\n");
    let list = parse(&sheet, None).expect("imports");
    assert_eq!(list.mapping.header_starts, None);
    assert_eq!(list.left_out[0].why, LeftOutReason::Title);
}

#[test]
fn headings_give_clusters_a_klaster_column_wins_and_the_footer_is_left_out() {
    let sheet = sheet_of(concat!(
        "No;Nama Inovasi;Instansi;Klaster\n",
        "A. KLASTER KABUPATEN;;;\n",
        "1;Si Cantik;Gowa;\n",
        "2;Lontara;Bone;Khusus\n",
        "B. KLASTER KOTA;;;\n",
        "3;Lorong Wisata;Makassar;\n",
        ";;Makassar, 1 Maret 2023;\n",
        ";;NIP. 1970;\n",
    ));
    let list = parse(&sheet, None).expect("imports");
    let clusters: Vec<&str> = list
        .entries
        .iter()
        .map(|e| e.entry.cluster.as_str())
        .collect();
    assert_eq!(clusters, ["KLASTER KABUPATEN", "Khusus", "KLASTER KOTA"]);
    let left: Vec<(u32, LeftOutReason)> = list.left_out.iter().map(|r| (r.row, r.why)).collect();
    assert_eq!(
        left,
        [
            (2, LeftOutReason::Cluster),
            (5, LeftOutReason::Cluster),
            (7, LeftOutReason::Footer),
            (8, LeftOutReason::Footer)
        ]
    );
}

#[test]
fn inside_the_list_a_row_without_number_or_title_is_still_an_error() {
    let sheet = sheet_of("No;Nama Inovasi;Instansi\n1;Si Cantik;Gowa\n;Tanpa Nomor;Bone\n;;Hanya Instansi\n4;Lorong;Makassar\n");
    let Err(Error::Rejected { problems, .. }) = parse(&sheet, None) else {
        panic!("rows inside the list must be checked");
    };
    let rows: Vec<Option<u32>> = problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [Some(3), Some(4), Some(4)], "{problems:?}");
}

#[test]
fn a_formula_saved_without_its_result_stops_the_import_only_where_it_is_imported() {
    // As an .xlsx a script wrote: the agency of rows 3 and 4 and a title-row cell are formulas
    // no program computed; the remark column (not imported) has one too.
    let mut sheet =
        sheet_of("DAFTAR\nNo;Nama Inovasi;Instansi;Keterangan\n1;Si Cantik;;\n2;Lorong Wisata;;\n");
    sheet.formulas_without_value = vec![(1, 1), (3, 2), (4, 2), (3, 3)];
    let err = parse(&sheet, None).expect_err("the agencies would be blank in silence");
    let Error::Rejected { problems, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].row, problems[0].column.as_deref()),
        (Some(3), Some("Instansi"))
    );
    assert!(problems[0].message_en.starts_with("2 cells of this column"));
    assert!(problems[0]
        .message_en
        .contains("Open the file in Excel or LibreOffice, save it"));
    assert!(problems[0]
        .message_id
        .contains("Buka berkasnya di Excel atau LibreOffice, simpan"));
    // Not imported, or above the header: nothing is lost, the sheet imports.
    sheet.formulas_without_value = vec![(1, 1), (3, 3), (4, 3)];
    assert_eq!(parse(&sheet, None).expect("imports").entries.len(), 2);
}

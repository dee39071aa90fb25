//! `panelis import shortlist`, `entries` and `export entries` as a secretariat runs them:
//! first import, rejected sheets (exit 2, one problem per line), re-import with a preview and
//! `--apply`, refusal to drop an entry that has ballots, export and import back.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{Run, Sandbox};
use std::path::{Path, PathBuf};

fn core_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../panelis-core")
        .join(relative)
}

fn sample_csv() -> PathBuf {
    core_file("data/top50-sulsel-2023.csv")
}

fn sample_xlsx() -> PathBuf {
    core_file("tests/fixtures/top50-sulsel-2023.xlsx")
}

/// A sandbox with a new, empty competition.
fn competition() -> (Sandbox, PathBuf) {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    let run = s.run_db(
        &db,
        &["init", "--name", "KIPP Sulsel 2023", "--year", "2023"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (s, db)
}

fn ok(run: Run) -> Run {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run
}

fn entries_json(s: &Sandbox, db: &Path) -> Vec<serde_json::Value> {
    let run = ok(s.run_db(db, &["entries", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    value.as_array().expect("array").clone()
}

/// Runs `panelis --db DB ARGS` with messages in `lang`.
fn run_in(s: &Sandbox, lang: &str, db: &Path, args: &[&str]) -> Run {
    s.run_db_in(lang, db, args)
}

#[test]
fn first_import_of_the_sample_csv_then_list() {
    let (s, db) = competition();
    let csv = sample_csv();
    let run = ok(s.run_db(&db, &["import", "shortlist", csv.to_str().expect("path")]));
    assert_eq!(run.stdout.trim(), "imported 50 entries");
    let entries = entries_json(&s, &db);
    assert_eq!(entries.len(), 50);
    assert_eq!(entries[0]["no"], 1);
    assert_eq!(entries[0]["title"], "Giatki Ces");
    assert_eq!(entries[0]["agency"], "Pemerintah Kabupaten Luwu Utara");
    assert_eq!(entries[4]["title"], "Si Modis");
    let text = ok(s.run_db(&db, &["entries"]));
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(lines.len(), 50);
    assert!(
        lines[5].starts_with("6\tSMS - Sapa Masyarakat Sekitar\tPemerintah Kabupaten Jeneponto\t")
    );
}

#[test]
fn first_import_of_the_sample_xlsx() {
    let (s, db) = competition();
    let xlsx = sample_xlsx();
    let run = ok(s.run_db(&db, &["import", "shortlist", xlsx.to_str().expect("path")]));
    // The title rows above the header are said, not dropped in silence.
    assert_eq!(
        run.stdout.trim(),
        "rows that are not entries:\n  \
         row 1: DAFTAR TOP 50 INOVASI PELAYANAN PUBLIK (title above the header)\n  \
         row 2: PROVINSI SULAWESI SELATAN TAHUN 2023 (title above the header)\n\
         imported 50 entries"
    );
    assert_eq!(entries_json(&s, &db)[49]["no"], 50);
}

#[test]
fn a_sheet_with_problems_imports_nothing_and_lists_each_problem() {
    let (s, db) = competition();
    let sheet = s.path("bad.csv");
    std::fs::write(
        &sheet,
        "DAFTAR TOP 50\n\nNo;Nama Inovasi;Instansi\n1;Si Modis;Pemkab A\n1;Sehati;Pemkab A\ndua;;Pemkab B\n",
    )
    .expect("write");
    let path = sheet.to_str().expect("path");
    let run = run_in(&s, "en", &db, &["import", "shortlist", path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        vec![
            "panelis: bad.csv: 3 problem(s), nothing was changed",
            "  row 5, No: number 1 is already used on row 4",
            "  row 6, No: \"dua\" is not a number (a whole number, 1 or more)",
            "  row 6, Nama Inovasi: the innovation's title is empty",
        ]
    );
    assert!(entries_json(&s, &db).is_empty());

    let run = run_in(&s, "id", &db, &["import", "shortlist", path]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("baris 6, Nama Inovasi: nama inovasi kosong"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreadable_or_missing_files_exit_2_with_a_reason() {
    let (s, db) = competition();
    let broken = s.path("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a workbook").expect("write");
    let run = s.run_db(
        &db,
        &["import", "shortlist", broken.to_str().expect("path")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("workbook (Excel (.xlsx))"),
        "{}",
        run.stderr
    );
    let run = s.run_db(&db, &["import", "shortlist", "/no/such/sheet.xlsx"]);
    common::assert_bad_input(&run, "sheet.xlsx");
}

/// The sample with entry 2 renamed, entry 3 gone and entry 51 new.
fn corrected_sample(s: &Sandbox) -> PathBuf {
    let text = std::fs::read_to_string(sample_csv()).expect("sample");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[2] = lines[2].replace("Sehati 2020", "Sehati Plus");
    lines.remove(3);
    lines.push("51,Lontara Digital,Pemerintah Kota Makassar,Dinas Perpustakaan,Makassar,Andi Baso,Pendidikan".into());
    let path = s.path("corrected.csv");
    std::fs::write(&path, lines.join("\r\n")).expect("write");
    path
}

#[test]
fn reimport_shows_the_plan_and_applies_it_only_with_apply() {
    let (s, db) = competition();
    let csv = sample_csv();
    ok(s.run_db(&db, &["import", "shortlist", csv.to_str().expect("path")]));
    let corrected = corrected_sample(&s);
    let path = corrected.to_str().expect("path");

    let run = ok(run_in(&s, "en", &db, &["import", "shortlist", path]));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "+ 51 \"Lontara Digital\" (Pemerintah Kota Makassar)",
            "~ 2 \"Sehati Plus\": title \"Sehati 2020\" -> \"Sehati Plus\"",
            "- 3 \"Jatah Akhirat\" (Pemerintah Kabupaten Luwu Utara)",
            "1 to add, 1 to change, 1 to remove, 48 unchanged",
            "nothing changed yet: run again with --apply to apply these changes",
        ]
    );
    assert_eq!(
        entries_json(&s, &db)[1]["title"],
        "Sehati 2020",
        "a preview changes nothing"
    );

    let run = ok(s.run_db(&db, &["import", "shortlist", path, "--apply"]));
    assert!(
        run.stdout
            .ends_with("applied: 1 added, 1 changed, 1 removed\n"),
        "{}",
        run.stdout
    );
    let entries = entries_json(&s, &db);
    assert_eq!(entries.len(), 50);
    assert_eq!(entries[1]["title"], "Sehati Plus");
    assert_eq!(entries[2]["no"], 4);
    assert_eq!(entries[49]["title"], "Lontara Digital");

    let run = ok(s.run_db(&db, &["import", "shortlist", path]));
    assert_eq!(
        run.stdout.trim(),
        "no changes: the 50 entries already match corrected.csv"
    );
    ok(s.run_db(&db, &["audit", "verify"]));
}

/// Puts a draft ballot for entry `no` into the file, filling whatever columns the ballots
/// table requires.
fn add_ballot(db: &Path, no: u32) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let panelist: String = conn
        .query_row("SELECT id FROM panelists LIMIT 1", [], |r| r.get(0))
        .expect("a panelist");
    let entry: String = conn
        .query_row("SELECT id FROM entries WHERE no = ?1", [no], |r| r.get(0))
        .expect("the entry");
    let mut stmt = conn.prepare("PRAGMA table_info(ballots)").expect("info");
    let columns: Vec<(String, String, bool, bool)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, Option<String>>(4)?.is_some(),
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut names = Vec::new();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    for (name, kind, not_null, has_default) in columns {
        let value: rusqlite::types::Value = match name.as_str() {
            "id" => uuid::Uuid::new_v4().to_string().into(),
            "panelist_id" => panelist.clone().into(),
            "entry_id" => entry.clone().into(),
            "status" => "draft".to_string().into(),
            "revision" | "rubric_version" => 1i64.into(),
            "created_at" | "updated_at" => "2023-03-07T01:00:00Z".to_string().into(),
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
fn reimport_that_drops_a_scored_entry_is_refused_naming_it() {
    let (s, db) = competition();
    let csv = sample_csv();
    ok(s.run_db(&db, &["import", "shortlist", csv.to_str().expect("path")]));
    ok(s.run_db(&db, &["panelists", "add", "Prof. Andi", "--chair"]));
    add_ballot(&db, 3);
    let corrected = corrected_sample(&s);
    let run = run_in(
        &s,
        "en",
        &db,
        &[
            "import",
            "shortlist",
            corrected.to_str().expect("path"),
            "--apply",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("No 3 \"Jatah Akhirat\" is no longer on the sheet but cannot be removed"),
        "{}",
        run.stderr
    );
    let entries = entries_json(&s, &db);
    assert_eq!(entries[1]["title"], "Sehati 2020", "nothing applied");
    assert_eq!(entries.len(), 50);
}

#[test]
fn export_entries_then_import_them_into_another_competition() {
    let (s, db) = competition();
    let csv = sample_csv();
    ok(s.run_db(&db, &["import", "shortlist", csv.to_str().expect("path")]));
    let out = s.path("entries.xlsx");
    let run = ok(s.run_db(
        &db,
        &["export", "entries", "--out", out.to_str().expect("path")],
    ));
    assert!(
        run.stdout.starts_with("exported 50 entries to "),
        "{}",
        run.stdout
    );
    assert!(out.is_file());

    let other = s.path("other.panelis");
    ok(s.run_db(&other, &["init", "--name", "Salinan"]));
    let run = ok(s.run_db(
        &other,
        &["import", "shortlist", out.to_str().expect("path")],
    ));
    // The attendance columns the export writes are not part of a shortlist: said, not
    // dropped in silence.
    assert_eq!(
        run.stdout.trim(),
        "columns not imported: I 'Attendance', J 'Head of Region Attended'\nimported 50 entries"
    );
    let strip = |v: Vec<serde_json::Value>| -> Vec<serde_json::Value> {
        v.into_iter()
            .map(|mut e| {
                e.as_object_mut().expect("object").remove("id");
                e
            })
            .collect()
    };
    assert_eq!(
        strip(entries_json(&s, &other)),
        strip(entries_json(&s, &db))
    );
}

#[test]
fn provincial_column_names_import_and_the_columns_left_out_are_named() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(s.run_db(&db, &["init", "--name", "KIPP Sulsel 2023"]));
    let csv = s.path("top50.csv");
    std::fs::write(
        &csv,
        "NO;JUDUL / NAMA INOVASI;INSTANSI PENGUSUL;UNIT KERJA / OPD;NAMA INOVATOR (KETUA TIM);NO. HP INOVATOR;KETERANGAN\n\
         1;Sehati 2020;Pemerintah Kabupaten Luwu Utara;Dinas Kesehatan;Andi Baso;0812 3456 7890;baru\n\
         2;Giatki Ces;Pemerintah Kota Makassar;Dinas Pendidikan;Besse Tenri;0813 1111 2222;\n",
    )
    .unwrap();
    let run = ok(s.run_db(&db, &["import", "shortlist", csv.to_str().unwrap()]));
    assert_eq!(
        run.stdout.trim(),
        "columns not imported: F 'NO. HP INOVATOR', G 'KETERANGAN'\nimported 2 entries"
    );
    let entries = ok(s.run_db(&db, &["entries", "--json"])).stdout.clone();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&entries).unwrap();
    assert_eq!(entries[0]["agency"], "Pemerintah Kabupaten Luwu Utara");
    assert_eq!(entries[0]["unit"], "Dinas Kesehatan");
    assert_eq!(entries[1]["innovators"], "Besse Tenri");
}

/// The Biro Organisasi workbook saved by LibreOffice as .ods (see the core's
/// `tests/fixtures/make_biro_fixtures.py`).
fn biro_ods() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../panelis-core/tests/fixtures/top-biro-libreoffice.ods"
    )
    .to_string()
}

#[test]
fn a_biro_workbook_says_its_sheet_every_row_left_out_and_carries_clusters() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(s.run_db(&db, &["init", "--name", "KIPP Sulsel 2023"]));
    let run = ok(s.run_db(&db, &["import", "shortlist", &biro_ods()]));
    let out = run.stdout.as_str();
    assert!(
        out.starts_with("sheet: \"Top Inovasi\"\ncolumns not imported: H 'KETERANGAN'\n"),
        "{out}"
    );
    for line in [
        "  row 1: DAFTAR TOP INOVASI PELAYANAN PUBLIK (title above the header)",
        "  row 6: A. KLASTER PEMERINTAH KABUPATEN (cluster heading for the rows below)",
        "  row 24: NIP. 19700101 199503 1 001 (text after the list (no number and no title))",
        "imported 11 entries",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    let entries = ok(s.run_db(&db, &["entries", "--json"])).stdout.clone();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&entries).expect("json");
    assert_eq!(entries[0]["cluster"], "KLASTER PEMERINTAH KABUPATEN");
    assert_eq!(entries[10]["cluster"], "KLASTER PEMERINTAH KOTA");
    assert_eq!(entries[2]["region"], "Kabupaten Gowa");
}

#[test]
fn sheet_and_map_choose_what_the_guess_would_not() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    ok(s.run_db(&db, &["init", "--name", "KIPP Sulsel 2023"]));
    // The cover sheet has no list: refused, naming the sheet's problem, nothing written.
    let cover = s.run_db(
        &db,
        &["import", "shortlist", &biro_ods(), "--sheet", "Sampul"],
    );
    assert_eq!(cover.code, 2, "{}", cover.stderr);
    let unknown = s.run_db(
        &db,
        &["import", "shortlist", &biro_ods(), "--sheet", "Rekap"],
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("'Sampul', 'Top Inovasi'"),
        "{}",
        unknown.stderr
    );
    let bad = s.run_db(
        &db,
        &["import", "shortlist", &biro_ods(), "--map", "Z=unit"],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no column \"Z\""), "{}", bad.stderr);
    assert!(
        ok(s.run_db(&db, &["entries"])).stdout.is_empty(),
        "nothing written"
    );
    let run = ok(s.run_db(
        &db,
        &[
            "import",
            "shortlist",
            &biro_ods(),
            "--sheet",
            "Top Inovasi",
            "--map",
            "keterangan=category",
            "--map",
            "G=-",
        ],
    ));
    assert!(
        run.stdout.contains("columns not imported: G 'KATEGORI'"),
        "{}",
        run.stdout
    );
    let entries = ok(s.run_db(&db, &["entries", "--json"])).stdout.clone();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&entries).expect("json");
    assert_eq!(entries[0]["category"], "Replikasi");
}

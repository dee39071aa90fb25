//! The wording of every shortlist problem, in Indonesian and English side by side, so the two
//! languages stay in step and each rule is worded once.

use super::header::Field;
use crate::error::Problem;
use crate::lang::Lang;
use crate::text::excerpt;
use crate::Error;

fn problem(row: Option<u32>, column: Option<&str>, id: String, en: String) -> Problem {
    Problem {
        row,
        column: column.map(str::to_string),
        message_id: id,
        message_en: en,
    }
}

/// Nothing of `source` was imported because of `problems`.
pub(crate) fn rejected(source: &str, problems: Vec<Problem>) -> Error {
    Error::Rejected {
        what: source.to_string(),
        problems,
    }
}

pub(super) fn unreadable_workbook(format: &str, reason: &str) -> Problem {
    problem(
        None,
        None,
        format!("berkas tidak dapat dibaca sebagai buku kerja ({format}): {reason}"),
        format!("the file cannot be read as a workbook ({format}): {reason}"),
    )
}

pub(super) fn no_such_sheet(wanted: &str, sheets: &[String]) -> Problem {
    let wanted = excerpt(wanted);
    let sheets = sheets
        .iter()
        .map(|s| format!("'{}'", excerpt(s)))
        .collect::<Vec<_>>()
        .join(", ");
    problem(
        None,
        None,
        format!("buku kerja ini tidak punya lembar bernama '{wanted}'; lembarnya: {sheets}"),
        format!("the workbook has no sheet named '{wanted}'; its sheets: {sheets}"),
    )
}

pub(super) fn not_text() -> Problem {
    problem(
        None,
        None,
        "berkas ini bukan buku kerja (.xlsx, .xls, .ods) maupun teks CSV".into(),
        "the file is neither a workbook (.xlsx, .xls, .ods) nor CSV text".into(),
    )
}

pub(super) fn unreadable_csv(row: Option<u32>, reason: &str) -> Problem {
    problem(
        row,
        None,
        format!("teks CSV tidak dapat dibaca: {reason}"),
        format!("the CSV text cannot be read: {reason}"),
    )
}

pub(super) fn too_many_columns(row: u32, max: usize) -> Problem {
    problem(
        Some(row),
        None,
        format!("lembar ini memakai lebih dari {max} kolom"),
        format!("the sheet uses more than {max} columns"),
    )
}

/// A sheet whose content spans more cells than can be laid out; `row` and `column` name its
/// farthest cell, which is usually a stray one.
pub(super) fn sheet_too_large(sheet: Option<&str>, row: u32, column: &str, max: u64) -> Problem {
    let millions = max / 1_000_000;
    let (id_sheet, en_sheet) = match sheet {
        Some(name) => (
            format!("lembar \"{}\"", excerpt(name)),
            format!("sheet \"{}\"", excerpt(name)),
        ),
        None => ("lembar ini".to_string(), "the sheet".to_string()),
    };
    problem(
        Some(row),
        None,
        format!(
            "{id_sheet} terlalu luas untuk dibaca: isinya sampai ke kolom {column}, lebih dari {millions} juta sel \
             dari sel berisi pertama hingga terakhir. Hapus isi sel yang jauh itu, atau salin daftarnya ke lembar baru"
        ),
        format!(
            "{en_sheet} is too large to read: its content reaches column {column}, over {millions} million cells from \
             the first filled cell to the last. Clear that far cell, or copy the list to a new sheet"
        ),
    )
}

pub(super) fn too_many_rows(max: usize) -> Problem {
    problem(
        None,
        None,
        format!("lembar ini berisi lebih dari {max} baris"),
        format!("the sheet has more than {max} rows"),
    )
}

pub(super) fn empty_sheet() -> Problem {
    problem(
        None,
        None,
        "lembar kosong: tidak ada baris berisi".into(),
        "the sheet is empty: no row has any content".into(),
    )
}

pub(super) fn no_header() -> Problem {
    problem(
        None,
        None,
        "baris judul kolom tidak ditemukan: perlu kolom seperti \"No\" dan \"Nama Inovasi\"".into(),
        "no header row found: expected columns such as \"No\" and \"Nama Inovasi\" (Title)".into(),
    )
}

pub(super) fn no_title_column(header_row: Option<u32>) -> Problem {
    problem(
        header_row,
        None,
        "tidak ada kolom nama inovasi (\"Nama Inovasi\", \"Judul Inovasi\", \"Inovasi\")".into(),
        "no column for the innovation's title (\"Nama Inovasi\", \"Innovation\", \"Title\")".into(),
    )
}

pub(super) fn field_twice(
    header_row: Option<u32>,
    field: Field,
    first: &str,
    again: &str,
) -> Problem {
    problem(
        header_row,
        Some(again),
        format!(
            "kolom ini dan kolom \"{}\" sama-sama diisi sebagai {}",
            excerpt(first),
            field.label(Lang::Id)
        ),
        format!(
            "this column and column \"{}\" both fill {}",
            excerpt(first),
            field.label(Lang::En)
        ),
    )
}

pub(super) fn no_entries(header_row: u32) -> Problem {
    problem(
        (header_row > 0).then_some(header_row),
        None,
        "tidak ada inovasi di bawah baris judul kolom".into(),
        "no entries below the header row".into(),
    )
}

/// `count` cells of a column, the first at `row`, hold a formula saved without its result.
pub(super) fn formula_without_value(row: u32, column: &str, count: usize) -> Problem {
    let (id_cells, en_cells) = if count == 1 {
        (
            "sel ini berisi rumus".to_string(),
            "this cell holds a formula".to_string(),
        )
    } else {
        (
            format!("{count} sel kolom ini, mulai dari sel ini, berisi rumus"),
            format!("{count} cells of this column, from this one on, hold a formula"),
        )
    };
    problem(
        Some(row),
        Some(column),
        format!(
            "{id_cells} yang hasilnya tidak ikut tersimpan di berkas (berkas dibuat oleh program yang tidak \
             menghitung rumus). Buka berkasnya di Excel atau LibreOffice, simpan, lalu impor lagi"
        ),
        format!(
            "{en_cells} whose result was not saved in the file (it was written by a program that does not \
             compute formulas). Open the file in Excel or LibreOffice, save it, and import it again"
        ),
    )
}

pub(super) fn title_empty(row: u32, column: &str) -> Problem {
    problem(
        Some(row),
        Some(column),
        "nama inovasi kosong".into(),
        "the innovation's title is empty".into(),
    )
}

pub(super) fn no_empty(row: u32, column: &str) -> Problem {
    problem(
        Some(row),
        Some(column),
        "nomor kosong".into(),
        "the number is empty".into(),
    )
}

pub(super) fn no_not_a_number(row: u32, column: &str, text: &str) -> Problem {
    problem(
        Some(row),
        Some(column),
        format!(
            "\"{}\" bukan nomor (harus bilangan bulat 1 atau lebih)",
            excerpt(text)
        ),
        format!(
            "\"{}\" is not a number (a whole number, 1 or more)",
            excerpt(text)
        ),
    )
}

pub(super) fn no_zero(row: u32, column: &str) -> Problem {
    problem(
        Some(row),
        Some(column),
        "nomor harus 1 atau lebih".into(),
        "the number must be 1 or more".into(),
    )
}

pub(super) fn no_duplicate(row: u32, column: &str, no: u32, first_row: u32) -> Problem {
    problem(
        Some(row),
        Some(column),
        format!("nomor {no} sudah dipakai di baris {first_row}"),
        format!("number {no} is already used on row {first_row}"),
    )
}

pub(super) fn title_duplicate(
    row: u32,
    column: &str,
    title: &str,
    agency: &str,
    first_row: u32,
) -> Problem {
    let (of_id, of_en) = if agency.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" dari \"{}\"", excerpt(agency)),
            format!(" from \"{}\"", excerpt(agency)),
        )
    };
    problem(
        Some(row),
        Some(column),
        format!(
            "inovasi \"{}\"{of_id} sudah ada di baris {first_row}",
            excerpt(title)
        ),
        format!(
            "the innovation \"{}\"{of_en} is already on row {first_row}",
            excerpt(title)
        ),
    )
}

/// A re-import would remove an entry that panelists have already scored.
pub(crate) fn has_ballots(no: u32, title: &str, ballots: u32) -> Problem {
    problem(
        None,
        Some("No"),
        format!(
            "No {no} \"{}\" tidak ada lagi di lembar ini, tetapi tidak dapat dihapus: \
             sudah ada {ballots} lembar penilaian untuknya",
            excerpt(title)
        ),
        format!(
            "No {no} \"{}\" is no longer on the sheet but cannot be removed: \
             it already has {ballots} ballot(s)",
            excerpt(title)
        ),
    )
}

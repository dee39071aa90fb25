//! How the rows of a sheet are laid out around its entries: the title rows above the header,
//! the cluster headings between entries ("A. KLASTER PEMERINTAH KABUPATEN", one text across
//! the row), and the text after the list (a signature block, notes). Each row that is not an
//! entry is a [`LeftOutRow`], said in the preview and by the CLI, so none is dropped in silence.

use super::header::{ColumnMapping, Field};
use super::rows::parse_no;
use super::sheet::SheetRow;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Why a row of the sheet is not an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// Above the header: the list's title and notes.
    Title,
    /// A cluster heading: its text is the cluster of the entries below it.
    Cluster,
    /// After the last entry, with no number and no title: a signature block or notes.
    Footer,
}

impl LeftOutReason {
    /// What the preview and the CLI say of such a row.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LeftOutReason::Title => {
                lang.pick("judul di atas tajuk kolom", "title above the header")
            }
            LeftOutReason::Cluster => lang.pick(
                "judul klaster untuk baris di bawahnya",
                "cluster heading for the rows below",
            ),
            LeftOutReason::Footer => lang.pick(
                "teks di bawah daftar (tanpa No dan nama inovasi)",
                "text after the list (no number and no title)",
            ),
        }
    }
}

/// A row of the sheet that was not imported as an entry, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOutRow {
    /// The row number the spreadsheet shows.
    pub row: u32,
    pub why: LeftOutReason,
    /// The row's text as the user reads it (each distinct cell once, shortened).
    pub text: String,
}

impl LeftOutRow {
    pub(super) fn new(row: &SheetRow, why: LeftOutReason) -> Self {
        LeftOutRow {
            row: row.row,
            why,
            text: crate::text::excerpt(&crate::text::collapse(&distinct_texts(row).join(" | "))),
        }
    }
}

/// The row's non-blank cells, each distinct text once, left to right (a merge spread over
/// several cells reads once).
fn distinct_texts(row: &SheetRow) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    for cell in row.cells.iter().map(String::as_str) {
        if !cell.is_empty() && !texts.contains(&cell) {
            texts.push(cell);
        }
    }
    texts
}

/// The cluster a row names, when it is a cluster heading: one text, not a number, either
/// merged across the row over the title column or written alone at or before the title column
/// ("A. KLASTER PEMERINTAH KABUPATEN" in column A). A row with one text in the title column
/// alone is an entry without its other fields, not a heading.
pub(super) fn cluster_heading(row: &SheetRow, mapping: &ColumnMapping) -> Option<String> {
    let title = mapping.column(Field::Title)?.index;
    let texts = distinct_texts(row);
    let [text] = texts.as_slice() else {
        return None;
    };
    if parse_no(text).is_ok() {
        return None;
    }
    let filled: Vec<usize> = (0..row.cells.len())
        .filter(|&i| !row.cell(i).is_empty())
        .collect();
    let heading = match filled.as_slice() {
        [only] => *only < title,
        many => many.contains(&title) && many.len() >= 2,
    };
    heading.then(|| without_marker(&crate::text::collapse(text)))
}

/// A heading without its list marker: "A. KLASTER KOTA" -> "KLASTER KOTA"; "II) Kota" -> "Kota".
fn without_marker(text: &str) -> String {
    let marker = text
        .split_once(' ')
        .filter(|(first, _)| {
            let Some(body) = first.strip_suffix(['.', ')']) else {
                return false;
            };
            !body.is_empty() && body.len() <= 4 && body.chars().all(|c| c.is_alphanumeric())
        })
        .map(|(_, rest)| rest.trim());
    match marker {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text.to_string(),
    }
}

/// Whether a row holds what makes an entry: something in the No column (a number, or a
/// mistyped one that must be reported, "dua") or a title.
pub(super) fn holds_entry(row: &SheetRow, mapping: &ColumnMapping) -> bool {
    let cell = |field| mapping.column(field).map_or("", |c| row.cell(c.index));
    !cell(Field::No).is_empty() || !cell(Field::Title).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shortlist::header::MappedColumn;

    fn mapping() -> ColumnMapping {
        let column = |index, field| MappedColumn {
            index,
            name: String::new(),
            field,
        };
        ColumnMapping {
            header_row: 1,
            header_starts: None,
            columns: vec![
                column(0, Some(Field::No)),
                column(1, Some(Field::Title)),
                column(2, Some(Field::Agency)),
            ],
        }
    }

    fn row(cells: &[&str]) -> SheetRow {
        SheetRow {
            row: 7,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn a_heading_is_one_text_across_the_row_or_alone_before_the_title() {
        let m = mapping();
        let spread = "A. KLASTER PEMERINTAH KABUPATEN";
        assert_eq!(
            cluster_heading(&row(&[spread, spread, spread]), &m).as_deref(),
            Some("KLASTER PEMERINTAH KABUPATEN")
        );
        assert_eq!(
            cluster_heading(&row(&["II) Klaster Kota"]), &m).as_deref(),
            Some("Klaster Kota")
        );
        // Alone in the title column: an entry whose other cells are missing.
        assert_eq!(cluster_heading(&row(&["", "Si Cantik"]), &m), None);
        // Alone after the title column: not a heading either.
        assert_eq!(cluster_heading(&row(&["", "", "Dinas"]), &m), None);
        // A number, or two texts, is a row of the list.
        assert_eq!(cluster_heading(&row(&["12", "12"]), &m), None);
        assert_eq!(cluster_heading(&row(&["1", "Si Cantik"]), &m), None);
        // A word that merely ends in a dot keeps its text.
        assert_eq!(
            cluster_heading(&row(&["Kabupaten. Kota"]), &m).as_deref(),
            Some("Kabupaten. Kota")
        );
    }

    #[test]
    fn an_entry_has_a_number_or_a_title() {
        let m = mapping();
        assert!(holds_entry(&row(&["3"]), &m));
        assert!(holds_entry(&row(&["", "Si Cantik"]), &m));
        assert!(!holds_entry(&row(&["", "", "Makassar, 1 Maret 2023"]), &m));
        assert!(
            holds_entry(&row(&["dua", "", "Pemkab B"]), &m),
            "a mistyped number"
        );
        assert!(!holds_entry(&row(&["", "", "NIP. 1970"]), &m));
    }

    #[test]
    fn a_left_out_row_reads_each_merged_text_once() {
        let r = row(&["Makassar, 1 Maret 2023", "Makassar, 1 Maret 2023", "", "x"]);
        assert_eq!(
            LeftOutRow::new(&r, LeftOutReason::Footer).text,
            "Makassar, 1 Maret 2023 | x"
        );
    }
}

//! Which column holds what: the fields of an entry, the column names recognised for each (in
//! Indonesian and English, any case, with or without punctuation), finding the header row
//! below title rows, and the [`ColumnMapping`] the user can check and fix in the app.

use super::messages;
use super::sheet::{Sheet, SheetRow};
use crate::error::Problem;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Rows searched for the header: the title and notes above it are rarely more than a few.
const HEADER_SEARCH_ROWS: usize = 30;

/// A field of an entry that a shortlist column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The number on the shortlist ("No").
    No,
    /// The innovation's name; the only required column.
    Title,
    Agency,
    Unit,
    Region,
    Innovators,
    Category,
    /// The cluster the entry competes in (klaster).
    Cluster,
}

impl Field {
    /// Every field, in the order Panelis writes them.
    pub const ALL: [Field; 8] = [
        Field::No,
        Field::Title,
        Field::Agency,
        Field::Unit,
        Field::Region,
        Field::Innovators,
        Field::Category,
        Field::Cluster,
    ];

    /// The column name Panelis writes on export and shows in the mapping step.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::No => "No",
            Field::Title => lang.pick("Nama Inovasi", "Title"),
            Field::Agency => lang.pick("Instansi", "Agency"),
            Field::Unit => lang.pick("Perangkat Daerah", "Unit"),
            Field::Region => lang.pick("Kabupaten/Kota", "Region"),
            Field::Innovators => lang.pick("Inovator", "Innovator"),
            Field::Category => lang.pick("Kategori", "Category"),
            Field::Cluster => lang.pick("Klaster", "Cluster"),
        }
    }

    /// The field a person names, for `--map`: its code ("unit"), its label in either
    /// language ("Perangkat Daerah") or any column name recognised for it ("opd").
    pub fn named(name: &str) -> Option<Field> {
        let key = normalise(name);
        Field::ALL
            .into_iter()
            .find(|f| {
                let code = serde_json::to_value(f).ok();
                code.as_ref().and_then(|c| c.as_str()) == Some(key.as_str())
                    || normalise(f.label(Lang::Id)) == key
                    || normalise(f.label(Lang::En)) == key
            })
            .or_else(|| recognise(name))
    }

    /// Column names recognised for this field, in [`normalise`]d form.
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::No => &["no", "nomor", "no urut", "nomor urut", "number"],
            Field::Title => &[
                "nama inovasi",
                "judul inovasi",
                "inovasi",
                "judul",
                "innovation",
                "innovation name",
                "innovation title",
                "title",
            ],
            Field::Agency => &[
                "instansi",
                "nama instansi",
                "pemda",
                "pemerintah daerah",
                "agency",
            ],
            Field::Unit => &[
                "perangkat daerah",
                "opd",
                "skpd",
                "unit",
                "unit kerja",
                "dinas",
            ],
            Field::Region => &[
                "kabupaten kota",
                "kab kota",
                "kota kabupaten",
                "daerah",
                "wilayah",
                "region",
            ],
            Field::Innovators => &[
                "inovator",
                "nama inovator",
                "innovator",
                "innovators",
                "innovator name",
            ],
            Field::Category => &["kategori", "kategori inovasi", "category"],
            Field::Cluster => &["klaster", "kluster", "kelompok", "cluster"],
        }
    }
}

/// Lower case, every run of non-alphanumeric characters one space: "Kab./Kota" -> "kab kota".
fn normalise(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The field a column name stands for, if any; a trailing remark in brackets is ignored
/// ("Nama Inovasi (singkatan)").
pub(super) fn recognise(name: &str) -> Option<Field> {
    let lookup = |text: &str| {
        let key = normalise(text);
        Field::ALL
            .into_iter()
            .find(|f| f.names().contains(&key.as_str()))
    };
    lookup(name).or_else(|| {
        let open = name.find(['(', '['])?;
        lookup(&name[..open])
    })
}

/// As [`recognise`], and also with words around a known name ("INSTANSI PENGUSUL", "UNIT
/// KERJA / OPD", "JUDUL / NAMA INOVASI"), for a cell of a row that has other cells too (a
/// title row, one cell wide, is never read this way). A name that holds the names of two
/// fields equally ("NO. HP INOVATOR") is no field: never guessed, it is listed among the
/// columns not imported for the user to map.
pub(super) fn recognise_in_header(name: &str) -> Option<Field> {
    recognise(name).or_else(|| within(&normalise(name)))
}

/// The field whose known name appears, as whole words, in `key`. The longest such name
/// decides, and two fields' names equally long mean no field ("no hp inovator"); a winning
/// name of one word must be the first word ("instansi pengusul"), so a title row such as
/// "daftar top 50 inovasi" is no column.
fn within(key: &str) -> Option<Field> {
    let words: Vec<&str> = key.split(' ').collect();
    // The length of the longest name of `field` found in `key`, and whether it starts it.
    let found = |field: Field| {
        field
            .names()
            .iter()
            .filter_map(|name| {
                let name: Vec<&str> = name.split(' ').collect();
                let at = words
                    .windows(name.len())
                    .position(|w| w == name.as_slice())?;
                Some((name.len(), at == 0))
            })
            .max()
    };
    let mut best: Option<(usize, bool, Field)> = None;
    let mut tied = false;
    for field in Field::ALL {
        let Some((len, first)) = found(field) else {
            continue;
        };
        match best {
            Some((b, _, _)) if len < b => {}
            Some((b, _, _)) if len == b => tied = true,
            _ => {
                best = Some((len, first, field));
                tied = false;
            }
        }
    }
    match best {
        Some((len, first, field)) if !tied && (len > 1 || first) => Some(field),
        _ => None,
    }
}

/// The column as Excel names it: 0 -> "A", 26 -> "AA".
pub(super) fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One column of the sheet and the field it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedColumn {
    /// 0-based position: column A is 0.
    pub index: usize,
    /// The name as written in the header row, or the column letter when that cell is blank.
    pub name: String,
    /// The field this column fills; `None` ignores the column.
    pub field: Option<Field>,
}

impl MappedColumn {
    /// The column as the user names it: "H 'KETERANGAN'", the letter alone for a column
    /// without a name.
    fn named(&self) -> String {
        let letter = column_letter(self.index);
        if self.name == letter {
            letter
        } else {
            format!("{letter} '{}'", crate::text::excerpt(&self.name))
        }
    }
}

/// Where the header row is and which column fills which field. [`guess_mapping`] proposes
/// one; the app shows it and sends back the user's corrections to [`super::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The row with the column names, as the spreadsheet numbers it (1-based); the entries
    /// are the rows below it. 0 means the sheet has no header row.
    pub header_row: u32,
    /// For a header written over two rows (a parent cell such as "PENGUSUL" over "INSTANSI"
    /// and "UNIT KERJA"), the upper row; `None` for a header of one row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_starts: Option<u32>,
    /// Every column of the sheet, left to right.
    pub columns: Vec<MappedColumn>,
}

impl ColumnMapping {
    /// The column that fills `field`, if one does.
    pub fn column(&self, field: Field) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.field == Some(field))
    }

    /// The first row of the header (the upper one of a header over two rows): the rows above
    /// it are the list's title.
    pub fn header_top(&self) -> u32 {
        self.header_starts.unwrap_or(self.header_row)
    }

    /// Has the column named `column` (its letter, "H", or its name as the header writes it,
    /// in any case) fill `field`, or nothing (`None`); a field another column filled moves
    /// here, as in the app's mapping step. `Err` with the column names when no column has
    /// that name.
    pub fn assign(&mut self, column: &str, field: Option<Field>) -> Result<(), Vec<String>> {
        let key = normalise(column);
        let index = self
            .columns
            .iter()
            .find(|c| column_letter(c.index).eq_ignore_ascii_case(column.trim()))
            .or_else(|| self.columns.iter().find(|c| normalise(&c.name) == key))
            .map(|c| c.index)
            .ok_or_else(|| self.not_named())?;
        self.assign_at(index, field);
        Ok(())
    }

    /// Has the column at `index` (0 is column A) fill `field`, or nothing; a field another
    /// column filled moves here. The rule of the app's mapping step and of `--map`.
    pub fn assign_at(&mut self, index: usize, field: Option<Field>) {
        for c in &mut self.columns {
            if c.index == index {
                c.field = field;
            } else if field.is_some() && c.field == field {
                c.field = None;
            }
        }
    }

    /// Every column as the user names it, for a message about a column not found.
    fn not_named(&self) -> Vec<String> {
        self.columns.iter().map(MappedColumn::named).collect()
    }

    /// The columns no field takes, as the user names them: "H 'KETERANGAN'" (the letter
    /// alone for a column without a name). Said wherever a sheet is imported, so nothing is
    /// dropped in silence.
    pub fn not_imported(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| c.field.is_none())
            .map(MappedColumn::named)
            .collect()
    }

    /// What makes this mapping unusable: no title column, or a field filled twice.
    pub(super) fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let at = (self.header_row > 0).then_some(self.header_row);
        if self.column(Field::Title).is_none() {
            problems.push(messages::no_title_column(at));
        }
        for field in Field::ALL {
            let mut columns = self.columns.iter().filter(|c| c.field == Some(field));
            if let Some(first) = columns.next() {
                for again in columns {
                    problems.push(messages::field_twice(at, field, &first.name, &again.name));
                }
            }
        }
        problems
    }
}

/// The fields recognised in a row, one per cell; a field seen twice counts only the first time.
/// Words around a known name count only in a row of two cells or more.
fn recognise_row(row: &SheetRow) -> Vec<Option<Field>> {
    let mut seen = Vec::new();
    let wide = row.cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2;
    row.cells
        .iter()
        .map(|cell| {
            let field = if wide {
                recognise_in_header(cell)
            } else {
                recognise(cell)
            };
            let field = field.filter(|f| !seen.contains(f))?;
            seen.push(field);
            Some(field)
        })
        .collect()
}

/// How much a row looks like a header: a title column first, then the number of fields.
pub(super) type HeaderScore = (bool, usize);

fn score(fields: &[Option<Field>]) -> HeaderScore {
    (
        fields.contains(&Some(Field::Title)),
        fields.iter().flatten().count(),
    )
}

/// The header row among the first rows, with its recognised fields: the row with a title
/// column and the most fields, else one with at least two fields (the user then picks the
/// title column). The first row wins a tie, since data rows come after the header.
pub(super) fn find_header(
    rows: &[SheetRow],
) -> Option<(&SheetRow, Vec<Option<Field>>, HeaderScore)> {
    let mut best: Option<(&SheetRow, Vec<Option<Field>>, HeaderScore)> = None;
    for row in rows.iter().take(HEADER_SEARCH_ROWS) {
        let fields = recognise_row(row);
        let s = score(&fields);
        let usable = s.0 || s.1 >= 2;
        let better = match &best {
            Some((_, _, b)) => s > *b,
            None => true,
        };
        if usable && better {
            best = Some((row, fields, s));
        }
    }
    best
}

/// The mapping Panelis proposes for `sheet`: its header row and the field of each column.
/// `None` when no row looks like a header.
pub fn guess_mapping(sheet: &Sheet) -> Option<ColumnMapping> {
    let (header, _, _) = find_header(&sheet.rows)?;
    let one_row = mapping_at(sheet, header.row);
    let row = |n: u32| sheet.rows.iter().find(|r| r.row == n);
    if let Some(two) = row(header.row + 1).and_then(|c| over_two_rows(sheet, header, c, &one_row)) {
        return Some(two);
    }
    let above = header.row.checked_sub(1).and_then(row);
    Some(match above.filter(|parent| parent_of(parent, header)) {
        Some(parent) => under_parent(parent, one_row),
        None => one_row,
    })
}

/// Whether `parent`, the row right above the header row `child`, is the upper row of the
/// header: a merge spread its cells down over the child's ("NO" over "NO") or over children of
/// their own ("PENGUSUL" over "INSTANSI" and "UNIT KERJA"), so every cell it fills the child
/// fills too, and it has several texts (a title merged across the row has one).
fn parent_of(parent: &SheetRow, child: &SheetRow) -> bool {
    let mut texts: Vec<&str> = parent
        .cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    texts.dedup();
    texts.len() >= 2
        && (0..parent.cells.len()).all(|i| parent.cell(i).is_empty() || !child.cell(i).is_empty())
}

/// The one-row mapping of the child row, known now to sit under `parent`: the header starts
/// at the parent, and a column with a name of its own under a parent is named by both
/// ("PENGUSUL / INSTANSI PENGUSUL").
fn under_parent(parent: &SheetRow, mut mapping: ColumnMapping) -> ColumnMapping {
    for column in &mut mapping.columns {
        let above = parent.cell(column.index);
        if !above.is_empty() && above != column.name {
            column.name = format!("{above} / {}", column.name);
        }
    }
    mapping.header_starts = Some(parent.row);
    mapping
}

/// The mapping of a header written over two rows, when `child` (the row right below the
/// header row `parent`) continues it: every cell of `child` that is not the parent's value
/// merged down is a recognised column name ("INSTANSI", "UNIT KERJA" under "PENGUSUL"), and
/// reading them adds a field. A row of the list never qualifies: its number and texts are no
/// column names. Each column takes the child's name where it has its own, else the parent's.
fn over_two_rows(
    sheet: &Sheet,
    parent: &SheetRow,
    child: &SheetRow,
    one_row: &ColumnMapping,
) -> Option<ColumnMapping> {
    let own = |index: usize| {
        let c = child.cell(index);
        (!c.is_empty() && c != parent.cell(index)).then_some(c)
    };
    let mut any = false;
    for index in 0..child.cells.len() {
        if let Some(name) = own(index) {
            recognise_in_header(name)?;
            any = true;
        }
    }
    if !any {
        return None;
    }
    let mut seen = Vec::new();
    let width = one_row.columns.len().max(child.cells.len());
    let columns: Vec<MappedColumn> = (0..width)
        .map(|index| {
            let upper = one_row.columns.get(index);
            let (name, field) = match (own(index), parent.cell(index)) {
                (Some(name), "") => (name.to_string(), recognise_in_header(name)),
                (Some(name), above) => (format!("{above} / {name}"), recognise_in_header(name)),
                (None, _) => (column_name(parent, index), upper.and_then(|c| c.field)),
            };
            let field = field.filter(|f| !seen.contains(f));
            seen.extend(field);
            MappedColumn { index, name, field }
        })
        .collect();
    let fields = |columns: &[MappedColumn]| columns.iter().filter(|c| c.field.is_some()).count();
    (fields(&columns) > fields(&one_row.columns)).then(|| ColumnMapping {
        header_row: child.row,
        header_starts: Some(parent.row),
        columns: widen(sheet, child.row, columns),
    })
}

/// `columns` with a column by letter for every further column the rows below hold.
fn widen(sheet: &Sheet, header_row: u32, mut columns: Vec<MappedColumn>) -> Vec<MappedColumn> {
    let width = sheet
        .rows
        .iter()
        .filter(|r| r.row > header_row)
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0);
    for index in columns.len()..width {
        columns.push(MappedColumn {
            index,
            name: column_letter(index),
            field: None,
        });
    }
    columns
}

/// The mapping with the column names of sheet row `header_row`, each column given the field
/// its name is recognised as, for when the user says where the header row is. A row that is
/// blank or not in the sheet (0: no header row) names the columns by letter and fills no field.
pub fn mapping_at(sheet: &Sheet, header_row: u32) -> ColumnMapping {
    let blank = SheetRow::default();
    let header = sheet
        .rows
        .iter()
        .find(|r| r.row == header_row)
        .unwrap_or(&blank);
    let fields = recognise_row(header);
    let width = sheet
        .rows
        .iter()
        .filter(|r| r.row >= header_row)
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0);
    let columns = (0..width)
        .map(|index| MappedColumn {
            index,
            name: column_name(header, index),
            field: fields.get(index).copied().flatten(),
        })
        .collect();
    ColumnMapping {
        header_row,
        header_starts: None,
        columns,
    }
}

/// A column's name in messages: the header cell, or the letter when that cell is blank.
pub(super) fn column_name(header: &SheetRow, index: usize) -> String {
    match header.cell(index) {
        "" => column_letter(index),
        name => name.to_string(),
    }
}

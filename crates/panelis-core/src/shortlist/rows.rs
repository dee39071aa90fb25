//! From a sheet and a column mapping to validated entries, all or nothing: every row below
//! the header is checked and every problem is reported with its row and column, or the
//! whole list is returned.

use super::header::{guess_mapping, ColumnMapping, Field};
use super::layout::{cluster_heading, holds_entry, LeftOutReason, LeftOutRow};
use super::messages::{self, rejected};
use super::sheet::{Sheet, SheetRow};
use crate::model::NewEntry;
use crate::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A shortlist that passed every check, ready to preview and import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortlist {
    /// The file (and sheet) it came from.
    pub source: String,
    /// The worksheet it was read from, when the workbook has several (the one chosen must
    /// be said); `None` for CSV and a workbook of one sheet.
    pub sheet: Option<String>,
    /// The mapping it was read with: the guess, or the one given.
    pub mapping: ColumnMapping,
    /// The entries, in sheet order.
    pub entries: Vec<ShortlistEntry>,
    /// Every other row of the sheet, in order, and why it is not an entry: the title above
    /// the header, cluster headings, the text after the list.
    pub left_out: Vec<LeftOutRow>,
}

impl Shortlist {
    /// The entries without their row numbers, for the store.
    pub fn new_entries(&self) -> Vec<NewEntry> {
        self.entries.iter().map(|e| e.entry.clone()).collect()
    }
}

/// One entry and the sheet row it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortlistEntry {
    pub row: u32,
    pub entry: NewEntry,
}

/// Turns `sheet` into entries using `mapping`, or the guessed mapping when `None`. Rows
/// above the header row are titles and notes; blank rows are skipped; a cluster heading
/// between entries gives its cluster to the entries below it (unless a Klaster column says
/// otherwise); rows after the last entry with no number and no title are the text under the
/// list. Every such row is in [`Shortlist::left_out`]. Without a No column the entries are
/// numbered 1, 2, ... in sheet order. On any problem nothing is returned but a
/// [`crate::Error::Rejected`] listing all of them, in row order.
pub fn parse(sheet: &Sheet, mapping: Option<&ColumnMapping>) -> Result<Shortlist> {
    let reject = |problems| rejected(&sheet.source, problems);
    if sheet.rows.is_empty() {
        return Err(reject(vec![messages::empty_sheet()]));
    }
    let mapping = match mapping {
        Some(m) => m.clone(),
        None => guess_mapping(sheet).ok_or_else(|| reject(vec![messages::no_header()]))?,
    };
    let problems = mapping.problems();
    if !problems.is_empty() {
        return Err(reject(problems));
    }
    let problems = formulas_without_value(sheet, &mapping);
    if !problems.is_empty() {
        return Err(reject(problems));
    }
    let mut left_out: Vec<LeftOutRow> = sheet
        .rows
        .iter()
        .filter(|r| r.row < mapping.header_top())
        .map(|r| LeftOutRow::new(r, LeftOutReason::Title))
        .collect();
    let below: Vec<&SheetRow> = sheet
        .rows
        .iter()
        .filter(|r| r.row > mapping.header_row)
        .collect();
    let headings: Vec<Option<String>> =
        below.iter().map(|r| cluster_heading(r, &mapping)).collect();
    // The list ends with its last entry; a heading there would head no entry.
    let last = (0..below.len())
        .rev()
        .find(|&at| headings[at].is_none() && holds_entry(below[at], &mapping));
    let mut check = Checker::new(&mapping);
    let mut cluster = String::new();
    for (at, (row, heading)) in below.into_iter().zip(headings).enumerate() {
        if last.is_none_or(|last| at > last) {
            left_out.push(LeftOutRow::new(row, LeftOutReason::Footer));
        } else if let Some(heading) = heading {
            cluster = heading;
            left_out.push(LeftOutRow::new(row, LeftOutReason::Cluster));
        } else {
            check.row(row, &cluster);
        }
    }
    let Checker {
        mut problems,
        entries,
        ..
    } = check;
    if entries.is_empty() && problems.is_empty() {
        problems.push(messages::no_entries(mapping.header_row));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row.unwrap_or(0));
        return Err(reject(problems));
    }
    Ok(Shortlist {
        source: sheet.source.clone(),
        sheet: sheet.sheet.clone().filter(|_| sheet.sheets.len() > 1),
        mapping,
        entries,
        left_out,
    })
}

/// A problem for each imported column with formulas whose result was never saved, below the
/// header: they read as blank, so an import would lose their values (or call the title empty)
/// without saying why. One per column, at its first such cell, with how many there are.
fn formulas_without_value(sheet: &Sheet, mapping: &ColumnMapping) -> Vec<crate::error::Problem> {
    let mut per_column: std::collections::BTreeMap<usize, (u32, usize)> = Default::default();
    for &(row, column) in &sheet.formulas_without_value {
        let imported = mapping
            .columns
            .iter()
            .any(|c| c.index == column && c.field.is_some());
        if row > mapping.header_row && imported {
            let (first, count) = per_column.entry(column).or_insert((row, 0));
            *first = (*first).min(row);
            *count += 1;
        }
    }
    per_column
        .into_iter()
        .map(|(column, (row, count))| {
            let name = mapping
                .columns
                .iter()
                .find(|c| c.index == column)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            messages::formula_without_value(row, &name, count)
        })
        .collect()
}

/// Checks rows one by one, remembering what the earlier rows used.
struct Checker<'m> {
    mapping: &'m ColumnMapping,
    problems: Vec<crate::error::Problem>,
    entries: Vec<ShortlistEntry>,
    /// No -> the row that used it first.
    numbers: HashMap<u32, u32>,
    /// (title, agency) in lower case -> the row that had it first.
    titles: HashMap<(String, String), u32>,
}

impl<'m> Checker<'m> {
    fn new(mapping: &'m ColumnMapping) -> Self {
        Checker {
            mapping,
            problems: Vec::new(),
            entries: Vec::new(),
            numbers: HashMap::new(),
            titles: HashMap::new(),
        }
    }

    /// Checks one row of the list; `cluster` is the heading above it, if any.
    fn row(&mut self, row: &SheetRow, cluster: &str) {
        // A field is one line; only the innovators keep a cell's lines, as a list of names.
        let cell = |field| self.mapping.column(field).map_or("", |c| row.cell(c.index));
        // Each line of a cell is already collapsed: joining them is all that is left.
        let text = |field| cell(field).replace('\n', " ");
        let entry = NewEntry {
            no: 0,
            title: text(Field::Title),
            agency: text(Field::Agency),
            unit: text(Field::Unit),
            region: text(Field::Region),
            innovators: crate::innovators::normalise(cell(Field::Innovators)),
            category: text(Field::Category),
            cluster: match text(Field::Cluster) {
                own if own.is_empty() => cluster.to_string(),
                own => own,
            },
        };
        let no = self.number(row);
        if let Some(no) = no {
            match self.numbers.get(&no) {
                Some(&first) => {
                    let column = self.column_name(Field::No);
                    self.problems
                        .push(messages::no_duplicate(row.row, &column, no, first));
                }
                None => {
                    self.numbers.insert(no, row.row);
                }
            }
        }
        let title_column = self.column_name(Field::Title);
        if entry.title.is_empty() {
            self.problems
                .push(messages::title_empty(row.row, &title_column));
        } else {
            let key = (entry.title.to_lowercase(), entry.agency.to_lowercase());
            match self.titles.get(&key) {
                Some(&first) => self.problems.push(messages::title_duplicate(
                    row.row,
                    &title_column,
                    &entry.title,
                    &entry.agency,
                    first,
                )),
                None => {
                    self.titles.insert(key, row.row);
                }
            }
        }
        self.entries.push(ShortlistEntry {
            row: row.row,
            entry: NewEntry {
                no: no.unwrap_or(0),
                ..entry
            },
        });
    }

    /// The row's number: from the No column, else the next in sequence. `None` (with a
    /// problem recorded) when the cell holds no usable number.
    fn number(&mut self, row: &SheetRow) -> Option<u32> {
        let Some(column) = self.mapping.column(Field::No) else {
            return u32::try_from(self.entries.len() + 1).ok();
        };
        let text = row.cell(column.index);
        match parse_no(text) {
            Ok(no) => Some(no),
            Err(NoProblem::Empty) => {
                self.problems
                    .push(messages::no_empty(row.row, &column.name));
                None
            }
            Err(NoProblem::Zero) => {
                self.problems.push(messages::no_zero(row.row, &column.name));
                None
            }
            Err(NoProblem::NotANumber) => {
                self.problems
                    .push(messages::no_not_a_number(row.row, &column.name, text));
                None
            }
        }
    }

    fn column_name(&self, field: Field) -> String {
        self.mapping
            .column(field)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }
}

/// Why a No cell is not a usable number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoProblem {
    Empty,
    Zero,
    NotANumber,
}

/// A shortlist number as people type it: "7", "07", "7." or "7.0" / "7,0".
pub(super) fn parse_no(text: &str) -> Result<u32, NoProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NoProblem::Empty);
    }
    let text = text.strip_suffix('.').unwrap_or(text);
    let whole = match text.split_once(['.', ',']) {
        Some((whole, fraction)) if !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') => {
            whole
        }
        Some(_) => return Err(NoProblem::NotANumber),
        None => text,
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NoProblem::NotANumber);
    }
    match whole.parse::<u32>() {
        Ok(0) => Err(NoProblem::Zero),
        Ok(no) => Ok(no),
        Err(_) => Err(NoProblem::NotANumber),
    }
}

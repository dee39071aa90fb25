//! The shortlist import as the app previews it before anything is written: the mapping in
//! use (for the user to check and fix), the first rows as the sheet has them, the entries as
//! they would be imported, every problem, and what a re-import would add, change and remove.

use crate::error::Problem;
use crate::shortlist::{
    self, guess_mapping, mapping_at, ColumnMapping, ImportPlan, LeftOutRow, SheetRow,
    ShortlistEntry,
};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Rows of the sheet shown under the column mapping: enough to tell the columns apart.
const SAMPLE_ROWS: usize = 5;

/// How the columns of a sheet are to be read, as the user chose in the mapping step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum MappingChoice {
    /// Panelis finds the header row and recognises the columns.
    #[default]
    Guess,
    /// The header row is this sheet row (0: the sheet has none); columns are recognised by
    /// the names in it.
    HeaderRow(u32),
    /// Exactly this mapping, as the user corrected it.
    Mapping(ColumnMapping),
    /// This mapping with the column at `column` set to fill `field` (or nothing): the field
    /// moves off the column that had it ([`ColumnMapping::assign_at`]).
    Assign {
        mapping: ColumnMapping,
        column: usize,
        field: Option<crate::shortlist::Field>,
    },
}

/// Everything the import preview shows; nothing of it has been written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortlistPreview {
    /// The file (and sheet) it was read from.
    pub source: String,
    /// The worksheet read (the one whose header matches best, or the one asked for); `None`
    /// for CSV.
    pub sheet: Option<String>,
    /// Every worksheet of the workbook, for the user to pick another; empty for CSV.
    pub sheets: Vec<String>,
    /// The mapping the entries were read with. When no header row was found this is one
    /// without a header row and with no fields, for the user to fill in. `None` only when
    /// the file could not be read at all or holds no rows.
    pub mapping: Option<ColumnMapping>,
    /// The first rows below the header row as the sheet has them.
    pub sample: Vec<SheetRow>,
    /// Every entry with its sheet row, when the sheet passed every check; else empty.
    pub entries: Vec<ShortlistEntry>,
    /// What importing would do to the entries already in the competition; `None` when the
    /// sheet has problems of its own.
    pub plan: Option<ImportPlan>,
    /// Every problem, located by row and column; nothing can be imported while there are any.
    pub problems: Vec<Problem>,
    /// How many entries the competition has now.
    pub existing: usize,
    /// The columns no field takes ([`ColumnMapping::not_imported`]), said in the preview so
    /// nothing is dropped in silence.
    pub not_imported: Vec<String>,
    /// Every row that is not an entry and why (title, cluster heading, text after the list),
    /// when the sheet passed every check.
    pub left_out: Vec<LeftOutRow>,
}

impl ShortlistPreview {
    /// True when confirming would write something: no problems and a change to make.
    pub fn can_import(&self) -> bool {
        self.problems.is_empty() && self.plan.as_ref().is_some_and(|p| !p.is_empty())
    }
}

impl super::Store {
    /// Reads the shortlist at `path` (from the worksheet `sheet`, else the one whose header
    /// matches best) with the mapping `choice` and previews its import.
    /// Problems with the sheet, and the refusal to remove entries that have ballots, are
    /// part of the preview; only a file that cannot be opened at all is an error.
    /// Apply the preview's plan with [`Self::apply_shortlist`].
    pub fn preview_shortlist(
        &self,
        path: &Path,
        sheet: Option<&str>,
        choice: &MappingChoice,
    ) -> Result<ShortlistPreview> {
        let existing = self.entries()?;
        let rejected = |source: String, problems: Vec<Problem>| ShortlistPreview {
            source,
            sheet: None,
            sheets: Vec::new(),
            mapping: None,
            sample: Vec::new(),
            entries: Vec::new(),
            plan: None,
            problems,
            existing: existing.len(),
            not_imported: Vec::new(),
            left_out: Vec::new(),
        };
        let sheet = match shortlist::read_sheet(path, sheet) {
            Ok(sheet) => sheet,
            Err(Error::Rejected { what, problems }) => return Ok(rejected(what, problems)),
            Err(e) => return Err(e),
        };
        let mapping = match choice {
            MappingChoice::Guess => guess_mapping(&sheet),
            MappingChoice::HeaderRow(row) => Some(mapping_at(&sheet, *row)),
            MappingChoice::Mapping(mapping) => Some(mapping.clone()),
            MappingChoice::Assign {
                mapping,
                column,
                field,
            } => {
                let mut mapping = mapping.clone();
                mapping.assign_at(*column, *field);
                Some(mapping)
            }
        };
        let parsed = shortlist::parse(&sheet, mapping.as_ref());
        // Without a header row the user still gets the columns to assign.
        let mapping = mapping.or_else(|| (!sheet.rows.is_empty()).then(|| mapping_at(&sheet, 0)));
        let below = mapping.as_ref().map_or(0, |m| m.header_row);
        let not_imported = mapping
            .as_ref()
            .map(|m| m.not_imported())
            .unwrap_or_default();
        let mut preview = ShortlistPreview {
            not_imported,
            sample: sheet
                .rows
                .iter()
                .filter(|r| r.row > below)
                .take(SAMPLE_ROWS)
                .cloned()
                .collect(),
            mapping,
            sheet: sheet.sheet.clone(),
            sheets: sheet.sheets.clone(),
            ..rejected(sheet.source.clone(), Vec::new())
        };
        let list = match parsed {
            Ok(list) => list,
            Err(Error::Rejected { problems, .. }) => {
                preview.problems = problems;
                return Ok(preview);
            }
            Err(e) => return Err(e),
        };
        let incoming = list.new_entries();
        preview.plan = Some(match self.plan_shortlist(&incoming) {
            Ok(plan) => plan,
            Err(Error::Rejected { problems, .. }) => {
                // Still show the whole plan, with the removals that are refused and why.
                preview.problems = problems;
                shortlist::diff(&existing, &incoming)
            }
            Err(e) => return Err(e),
        });
        preview.entries = list.entries;
        preview.left_out = list.left_out;
        Ok(preview)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use super::*;
    use crate::ballot::BallotForm;
    use crate::shortlist::Field;
    use std::path::PathBuf;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/top50-sulsel-2023.xlsx")
    }

    use crate::testing::store;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn assigning_a_field_to_a_column_moves_it_off_the_column_that_had_it() {
        let (_dir, store) = store();
        let guessed = store
            .preview_shortlist(&fixture(), None, &MappingChoice::Guess)
            .unwrap()
            .mapping
            .unwrap();
        let region = guessed.column(Field::Region).unwrap().index;
        let agency = guessed.column(Field::Agency).unwrap().index;
        let preview = store
            .preview_shortlist(
                &fixture(),
                None,
                &MappingChoice::Assign {
                    mapping: guessed,
                    column: agency,
                    field: Some(Field::Region),
                },
            )
            .unwrap();
        let mapping = preview.mapping.unwrap();
        assert_eq!(mapping.column(Field::Region).unwrap().index, agency);
        assert_eq!(
            mapping.columns[region].field, None,
            "moved, not filled twice"
        );
        assert!(mapping.column(Field::Agency).is_none());
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    }

    #[test]
    fn the_top_50_sheet_previews_as_50_additions_then_imports() {
        let (_dir, mut store) = store();
        let preview = store
            .preview_shortlist(&fixture(), None, &MappingChoice::Guess)
            .unwrap();
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        assert_eq!(preview.entries.len(), 50);
        assert_eq!(preview.existing, 0);
        let mapping = preview.mapping.as_ref().unwrap();
        assert_eq!(mapping.column(Field::Title).unwrap().name, "Nama Inovasi");
        assert_eq!(preview.sample.len(), SAMPLE_ROWS);
        assert!(preview.sample[0].row > mapping.header_row);
        assert_eq!(preview.sample[0].row, preview.entries[0].row);
        let plan = preview.plan.clone().unwrap();
        assert_eq!(plan.added.len(), 50);
        assert!(preview.can_import());
        assert!(
            store.entries().unwrap().is_empty(),
            "a preview writes nothing"
        );
        store.apply_shortlist(&plan).unwrap();
        assert_eq!(store.entries().unwrap().len(), 50);
        let again = store
            .preview_shortlist(&fixture(), None, &MappingChoice::Guess)
            .unwrap();
        assert_eq!(again.plan.as_ref().unwrap().unchanged, 50);
        assert!(!again.can_import(), "nothing to change");
    }

    #[test]
    fn a_bad_sheet_lists_every_problem_with_its_row_and_imports_nothing() {
        let (dir, store) = store();
        let path = write(
            &dir,
            "rusak.csv",
            "DAFTAR TOP 50\n\nNo;Nama Inovasi;Instansi\n1;Giatki Ces;Luwu Utara\n1;Sehati;Luwu Utara\n3;;Jeneponto\n",
        );
        let preview = store
            .preview_shortlist(&path, None, &MappingChoice::Guess)
            .unwrap();
        assert!(preview.entries.is_empty());
        assert!(preview.plan.is_none());
        assert!(!preview.can_import());
        let rows: Vec<Option<u32>> = preview.problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, [Some(5), Some(6)]);
        assert_eq!(preview.problems[1].column.as_deref(), Some("Nama Inovasi"));
        assert_eq!(
            preview.mapping.unwrap().header_row,
            3,
            "the mapping is still shown"
        );
    }

    #[test]
    fn without_a_header_the_user_assigns_the_columns() {
        let (dir, store) = store();
        let path = write(
            &dir,
            "polos.csv",
            "Giatki Ces,Luwu Utara\nSi Modis,Luwu Utara\n",
        );
        let preview = store
            .preview_shortlist(&path, None, &MappingChoice::Guess)
            .unwrap();
        assert_eq!(preview.problems.len(), 1, "{:?}", preview.problems);
        let mut mapping = preview.mapping.unwrap();
        assert_eq!(mapping.header_row, 0);
        let names: Vec<&str> = mapping.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(preview.sample.len(), 2);
        mapping.columns[0].field = Some(Field::Title);
        mapping.columns[1].field = Some(Field::Region);
        let fixed = store
            .preview_shortlist(&path, None, &MappingChoice::Mapping(mapping))
            .unwrap();
        assert!(fixed.problems.is_empty(), "{:?}", fixed.problems);
        let titles: Vec<(u32, &str, &str)> = fixed
            .entries
            .iter()
            .map(|e| (e.entry.no, e.entry.title.as_str(), e.entry.region.as_str()))
            .collect();
        assert_eq!(
            titles,
            [
                (1, "Giatki Ces", "Luwu Utara"),
                (2, "Si Modis", "Luwu Utara")
            ]
        );
    }

    #[test]
    fn the_user_can_say_which_row_is_the_header() {
        let (dir, store) = store();
        let path = write(
            &dir,
            "judul.csv",
            "Program,Pemda\nGiatki Ces,Luwu Utara\nSi Modis,Luwu Utara\n",
        );
        // "Program" is not a title name, "Pemda" is an agency: no usable guess... but row 1
        // is where the names are.
        let preview = store
            .preview_shortlist(&path, None, &MappingChoice::HeaderRow(1))
            .unwrap();
        let mapping = preview.mapping.unwrap();
        assert_eq!(mapping.header_row, 1);
        assert_eq!(mapping.columns[0].name, "Program");
        assert_eq!(mapping.columns[0].field, None);
        assert_eq!(mapping.columns[1].field, Some(Field::Agency));
        assert_eq!(preview.sample[0].row, 2);
        assert!(!preview.problems.is_empty(), "no title column yet");
    }

    #[test]
    fn a_reimport_shows_the_refused_removal_next_to_the_plan() {
        let (dir, mut store) = store();
        let first = write(
            &dir,
            "v1.csv",
            "No,Nama Inovasi\n1,Giatki Ces\n2,Sehati 2020\n3,Jatah Akhirat\n",
        );
        let plan = store
            .preview_shortlist(&first, None, &MappingChoice::Guess)
            .unwrap()
            .plan
            .unwrap();
        store.apply_shortlist(&plan).unwrap();
        let panelist = store.add_panelist("Andi", "", false).unwrap();
        let sehati = store.entries().unwrap()[1].id;
        let criterion = store.rubric().unwrap().criteria[0].id;
        store
            .save_draft(
                panelist.id,
                sehati,
                &BallotForm::with_scores(&[(criterion, 80)]),
            )
            .unwrap();
        let second = write(
            &dir,
            "v2.csv",
            "No,Nama Inovasi\n1,Giatki Ces 2.0\n3,Jatah Akhirat\n4,Si Modis\n",
        );
        let preview = store
            .preview_shortlist(&second, None, &MappingChoice::Guess)
            .unwrap();
        let plan = preview.plan.clone().unwrap();
        assert_eq!(plan.added.len(), 1);
        assert_eq!(plan.changed.len(), 1);
        assert_eq!(plan.changed[0].fields[0].after, "Giatki Ces 2.0");
        assert_eq!(plan.removed.len(), 1);
        assert_eq!(preview.existing, 3);
        assert_eq!(preview.problems.len(), 1);
        assert!(
            preview.problems[0].message_en.contains("Sehati 2020"),
            "{:?}",
            preview.problems
        );
        assert!(!preview.can_import());
        assert!(
            store.apply_shortlist(&plan).is_err(),
            "the store refuses it too"
        );
    }

    #[test]
    fn an_unreadable_file_is_a_problem_and_a_missing_one_an_error() {
        let (dir, store) = store();
        let path = dir.path().join("lama.xls");
        std::fs::write(&path, b"\xD0\xCF\x11\xE0 old excel").unwrap();
        let preview = store
            .preview_shortlist(&path, None, &MappingChoice::Guess)
            .unwrap();
        assert!(preview.mapping.is_none());
        assert!(preview.problems[0].message_id.contains(".xls"));
        let err = store
            .preview_shortlist(
                &dir.path().join("tidak-ada.xlsx"),
                None,
                &MappingChoice::Guess,
            )
            .unwrap_err();
        assert_eq!(err.code(), "io");
    }
}

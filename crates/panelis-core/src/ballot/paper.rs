//! Paper ballots: the CSV the secretariat types from panelists' paper score sheets, with the
//! columns `panelist,entry,criterion,score` (panelist by name, entry by its No, criterion by
//! its code), separated by `;` or `,`, with an optional header row in any case. This module
//! only reads the rows, keeping each one's line number; `Store::import_paper_scores` checks
//! them against the competition and writes them all or nothing.
//!
//! Paper ballots are signed like any other ballot, but with a key the secretariat holds for
//! that panelist (signer `secretariat`, see [`super::keystore`]): the signature proves the
//! ballot has not changed since the secretariat entered it, not that the panelist typed it.
//! Results count them like the panelist's own; the signer is shown with every ballot.

use super::problem;
use crate::error::Problem;
use serde::Serialize;

/// One row of a paper-ballot CSV, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperRow {
    /// The line in the file, 1-based.
    pub line: u32,
    pub panelist: String,
    pub entry: String,
    pub criterion: String,
    pub score: String,
}

/// What a paper-ballot import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PaperImport {
    /// Ballots submitted (new revisions).
    pub submitted: u32,
    /// Ballots that were already submitted with exactly these scores.
    pub unchanged: u32,
    /// Score lines read.
    pub lines: u32,
}

/// Names a header row may use for each column, lowercase.
const HEADERS: [&[&str]; 4] = [
    &["panelist", "panelis", "nama panelis"],
    &["entry", "no", "inovasi", "no inovasi"],
    &["criterion", "kriteria", "code", "kode"],
    &["score", "nilai"],
];

/// Reads the rows of a paper-ballot CSV: every row, or every problem found (a row without
/// exactly four columns, a file that cannot be read as CSV, a file with no rows).
pub fn read_rows(text: &str) -> Result<Vec<PaperRow>, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter =
        if first.matches(';').count() >= first.matches(',').count() && first.contains(';') {
            b';'
        } else {
            b','
        };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut first_row = true;
    // One line at a time, so that line numbers are exactly what an editor shows (a score
    // sheet has no multi-line cells).
    for (i, text) in text.lines().enumerate() {
        let line = i as u32 + 1;
        if text.trim().is_empty() {
            continue;
        }
        let record = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes())
            .records()
            .next();
        let record = match record {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                problems.push(problem(
                    Some(line),
                    None,
                    &format!("baris tidak dapat dibaca: {e}"),
                    &format!("the line cannot be read: {e}"),
                ));
                continue;
            }
            None => continue,
        };
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let header = first_row && is_header(&record);
        first_row = false;
        if header {
            continue;
        }
        if record.len() != 4 {
            problems.push(problem(
                Some(line),
                None,
                &format!(
                    "harus 4 kolom (panelis, inovasi, kriteria, nilai), ada {}",
                    record.len()
                ),
                &format!(
                    "expected 4 columns (panelist, entry, criterion, score), found {}",
                    record.len()
                ),
            ));
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().to_string();
        rows.push(PaperRow {
            line,
            panelist: field(0),
            entry: field(1),
            criterion: field(2),
            score: field(3),
        });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(problem(
            None,
            None,
            "berkas tidak berisi nilai",
            "the file holds no scores",
        ));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// A first row naming the columns rather than holding scores.
fn is_header(record: &csv::StringRecord) -> bool {
    record.len() == 4
        && record
            .iter()
            .zip(HEADERS)
            .all(|(field, names)| names.contains(&field.to_lowercase().as_str()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn semicolons_header_in_any_case_and_line_numbers() {
        let text = "\u{feff}Panelist;ENTRY;Criterion;Score\n\
                    Prof. Dr. Andi Rahmawati, M.Si.;1;kebaruan;80\n\
                    \n\
                    Budi ; 2 ; efektivitas ; 85.5\n";
        let rows = read_rows(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].panelist, "Prof. Dr. Andi Rahmawati, M.Si.");
        assert_eq!(rows[1].line, 4);
        assert_eq!(
            (rows[1].entry.as_str(), rows[1].score.as_str()),
            ("2", "85.5")
        );
    }

    #[test]
    fn commas_without_header_and_quoted_names() {
        let rows = read_rows("\"Andi, M.Si.\",1,kebaruan,80\nBudi,1,kebaruan,70").unwrap();
        assert_eq!(rows[0].panelist, "Andi, M.Si.");
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn wrong_column_counts_and_empty_files_are_problems() {
        let problems = read_rows("Andi,1,kebaruan\nBudi,1,kebaruan,70,9\n").unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.row).collect::<Vec<_>>(),
            vec![Some(1), Some(2)]
        );
        let empty = read_rows("panelist,entry,criterion,score\n").unwrap_err();
        assert!(empty[0].message_en.contains("no scores"));
        assert!(read_rows("").is_err());
    }
}

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
//!
//! Blank paper score sheets carry a QR code per page naming the panelist and the entry
//! ([`scan_code`]); the paper-ballot screen reads it back with [`parse_scan_code`] (a USB
//! scanner types it) and [`scanned_sheet`] to jump to that row. The PDF and the screen use
//! these functions only, so the format is written down once, here.

use super::problem;
use crate::error::Problem;
use crate::{Error, Result, Store};
use serde::Serialize;
use uuid::Uuid;

/// What every blank-sheet scan code starts with.
pub const SCAN_PREFIX: &str = "PANELIS-PAPER";

/// The text of the QR code on a blank paper score sheet: the panelist's id and the entry's
/// No, as `PANELIS-PAPER;p=<panelist uuid, hyphenated>;e=<entry No>`. Also printed under the
/// QR code, so a person can type it when no scanner reads it.
pub fn scan_code(panelist_id: Uuid, entry_no: u32) -> String {
    format!(
        "{SCAN_PREFIX};p={};e={entry_no}",
        panelist_id.as_hyphenated()
    )
}

/// Reads a [`scan_code`] back: `(panelist id, entry No)`, or `None` for anything else
/// (another QR code, a garbled scan, a bad id, entry 0). Surrounding spaces and line ends
/// (some scanners add them) are ignored, and so is letter case (a scanner typing with Caps
/// Lock on); the fields must be exactly `p` then `e`, once each.
pub fn parse_scan_code(text: &str) -> Option<(Uuid, u32)> {
    let mut fields = text.trim().split(';');
    if !fields.next()?.eq_ignore_ascii_case(SCAN_PREFIX) {
        return None;
    }
    let value = |field: Option<&str>, key: &str| -> Option<String> {
        let (k, v) = field?.split_once('=')?;
        k.eq_ignore_ascii_case(key).then(|| v.to_string())
    };
    let panelist = value(fields.next(), "p")?;
    let entry = value(fields.next(), "e")?;
    if fields.next().is_some() {
        return None;
    }
    // Only the hyphenated form scan_code writes, not the other spellings a UUID parser takes.
    if panelist.len() != 36 {
        return None;
    }
    let panelist = Uuid::try_parse(&panelist).ok()?;
    if entry.is_empty() || !entry.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let entry: u32 = entry.parse().ok()?;
    (entry > 0 && !panelist.is_nil()).then_some((panelist, entry))
}

/// What a scanned sheet points at in the open competition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScannedSheet {
    pub panelist_id: Uuid,
    pub panelist_name: String,
    pub entry_id: Uuid,
    pub entry_no: u32,
    pub entry_title: String,
}

/// Finds the panelist and the entry a scanned sheet names. Refused with [`Error::BallotData`]
/// (code `unknown_scan_code`) when the text is not a scan code, and with
/// [`Error::NotFound`] (code `not_found`) when it names a panelist or an entry this
/// competition does not have (a sheet printed from another file).
pub fn scanned_sheet(store: &Store, text: &str) -> Result<ScannedSheet> {
    let (panelist_id, entry_no) = parse_scan_code(text).ok_or_else(|| {
        Error::BallotData(
            crate::ballot::unreadable::BallotDataRefusal::UnknownScanCode {
                text: text.to_string(),
            },
        )
    })?;
    let panelist = store.panelist(panelist_id)?;
    let entry = store
        .entries()?
        .into_iter()
        .find(|e| e.no == entry_no)
        .ok_or_else(|| crate::error::Record::Entry.not_found(entry_no))?;
    Ok(ScannedSheet {
        panelist_id,
        panelist_name: panelist.name,
        entry_id: entry.id,
        entry_no,
        entry_title: entry.title,
    })
}

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
    fn scan_codes_round_trip() {
        let id = Uuid::parse_str("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").unwrap();
        let code = scan_code(id, 12);
        assert_eq!(
            code,
            "PANELIS-PAPER;p=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b;e=12"
        );
        assert_eq!(parse_scan_code(&code), Some((id, 12)));
        // As a scanner may type it: a line end, Caps Lock.
        assert_eq!(parse_scan_code(&format!(" {code}\r\n")), Some((id, 12)));
        assert_eq!(parse_scan_code(&code.to_uppercase()), Some((id, 12)));
        let fresh = Uuid::now_v7();
        assert_eq!(
            parse_scan_code(&scan_code(fresh, u32::MAX)),
            Some((fresh, u32::MAX))
        );
    }

    #[test]
    fn scan_codes_refuse_anything_else() {
        let id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        for bad in [
            "",
            "garbage",
            ";;;",
            "PANELIS-PAPER",
            "PANELIS-PAPER;",
            // Another prefix, e.g. an official document's QR code.
            &format!("PANELIS;p={id};e=1"),
            &format!("PANELIS-PAPERX;p={id};e=1"),
            "PANELIS;doc=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b;v=1;sha256=00",
            // A bad or missing panelist id.
            "PANELIS-PAPER;p=not-a-uuid;e=1",
            "PANELIS-PAPER;p=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5;e=1",
            "PANELIS-PAPER;p=0190a1b2c3d47e5f8a9b0c1d2e3f4a5b;e=1",
            "PANELIS-PAPER;p=00000000-0000-0000-0000-000000000000;e=1",
            "PANELIS-PAPER;p=;e=1",
            "PANELIS-PAPER;e=1",
            // A bad entry number.
            &format!("PANELIS-PAPER;p={id};e=0"),
            &format!("PANELIS-PAPER;p={id};e=00"),
            &format!("PANELIS-PAPER;p={id};e=-1"),
            &format!("PANELIS-PAPER;p={id};e=+1"),
            &format!("PANELIS-PAPER;p={id};e=1.5"),
            &format!("PANELIS-PAPER;p={id};e="),
            &format!("PANELIS-PAPER;p={id};e=99999999999"),
            &format!("PANELIS-PAPER;p={id}"),
            // Fields out of order, repeated or extra.
            &format!("PANELIS-PAPER;e=1;p={id}"),
            &format!("PANELIS-PAPER;p={id};p={id}"),
            &format!("PANELIS-PAPER;p={id};e=1;x=2"),
            &format!("PANELIS-PAPER;p={id};e=1;"),
        ] {
            assert_eq!(parse_scan_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_scanned_sheet_names_the_panelist_and_entry_of_this_competition() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let nurul = store.panelist_named("Nurul Fadhilah, S.H., M.H.").unwrap();
        let sheet = scanned_sheet(&store, &format!("{}\n", scan_code(nurul.id, 7))).unwrap();
        assert_eq!(sheet.panelist_id, nurul.id);
        assert_eq!(sheet.panelist_name, nurul.name);
        assert_eq!(sheet.entry_no, 7);
        let entry = store.entries().unwrap().into_iter().find(|e| e.no == 7);
        assert_eq!(Some(sheet.entry_id), entry.map(|e| e.id));

        let garbage = scanned_sheet(&store, "https://example.org").unwrap_err();
        assert_eq!(garbage.code(), "unknown_scan_code");
        // A sheet printed from another competition file: its panelist is not on this panel.
        let elsewhere = scanned_sheet(&store, &scan_code(Uuid::now_v7(), 7)).unwrap_err();
        assert_eq!(elsewhere.code(), "not_found");
        let no_entry = scanned_sheet(&store, &scan_code(nurul.id, 999)).unwrap_err();
        assert_eq!(no_entry.code(), "not_found");
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

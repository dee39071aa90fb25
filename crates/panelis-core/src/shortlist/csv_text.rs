//! CSV text as Excel and people write it: UTF-8 with or without a BOM, UTF-16 ("Unicode
//! text"), anything else read as Windows-1252; `,`, `;` (Indonesian Excel) or tab between
//! fields, detected or given by a `sep=` first line; CRLF, LF or CR line ends; quoted fields,
//! also across lines. Rows are numbered as Excel would show them.

use super::header;
use super::messages::{self, rejected};
use super::sheet::{Sheet, SheetRow, MAX_COLUMNS, MAX_ROWS};
use crate::error::Problem;
use crate::Result;
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Delimiters tried, the first winning a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];
/// Rows looked at to pick the delimiter.
const SAMPLE_ROWS: usize = 50;

pub(super) fn read(bytes: &[u8], name: &str) -> Result<Sheet> {
    let text = decode(bytes).ok_or_else(|| rejected(name, vec![messages::not_text()]))?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (body, given) = split_sep_line(&text);
    let delimiter = given.unwrap_or_else(|| detect_delimiter(body));
    let rows = records(body, delimiter, MAX_ROWS + 1).map_err(|p| rejected(name, vec![p]))?;
    if rows.len() > MAX_ROWS {
        return Err(rejected(name, vec![messages::too_many_rows(MAX_ROWS)]));
    }
    Ok(Sheet {
        source: name.to_string(),
        rows,
        ..Sheet::default()
    })
}

/// The text of the file; `None` when it is not text at all (NUL bytes outside UTF-16).
fn decode(bytes: &[u8]) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_1252(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else {
        utf8_or_1252(bytes)
    };
    (!text.contains('\0')).then_some(text)
}

/// UTF-8 when the bytes are valid UTF-8; else Windows-1252, what Excel writes on Indonesian
/// and English Windows for "CSV (Comma delimited)".
fn utf8_or_1252(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Excel's `sep=;` first line names the delimiter and is not a row of the sheet.
fn split_sep_line(text: &str) -> (&str, Option<u8>) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.trim().as_bytes() {
        [s, e, p, b'=', d]
            if [s, e, p].map(u8::to_ascii_lowercase) == *b"sep"
                && d.is_ascii_punctuation()
                && *d != b'"' =>
        {
            (rest, Some(*d))
        }
        _ => (text, None),
    }
}

/// The delimiter under which the top rows look most like a shortlist: a header with the most
/// recognised columns, then the delimiter seen most often.
fn detect_delimiter(text: &str) -> u8 {
    let mut best = (DELIMITERS[0], ((false, 0), 0));
    for delimiter in DELIMITERS {
        let rows = records(text, delimiter, SAMPLE_ROWS).unwrap_or_default();
        let header = header::find_header(&rows).map_or((false, 0), |(_, _, s)| s);
        let seen = text
            .lines()
            .take(SAMPLE_ROWS)
            .map(|line| line.bytes().filter(|b| *b == delimiter).count())
            .sum::<usize>();
        let score = (header, seen);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// Up to `limit` non-blank rows of `text` (line ends already `\n`).
fn records(text: &str, delimiter: u8, limit: usize) -> Result<Vec<SheetRow>, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let starts = record_rows(text, delimiter, limit);
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    for index in 0..limit {
        // The reader's own positions leave out the blank lines it skips.
        let row = starts.get(index).copied().unwrap_or(u32::MAX);
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(messages::unreadable_csv(Some(row), &e.to_string())),
        }
        if record.len() > MAX_COLUMNS {
            return Err(messages::too_many_columns(row, MAX_COLUMNS));
        }
        if let Some(r) = SheetRow::from_cells(row, record.iter().map(str::to_string)) {
            rows.push(r);
        }
    }
    Ok(rows)
}

/// The row Excel shows at the start of each of the first `limit` records, in the order the
/// csv reader yields them: blank lines are rows but not records, and a line break inside a
/// quoted field does not start a row. Follows the reader's rule that a quote is special
/// only at the start of a field.
fn record_rows(text: &str, delimiter: u8, limit: usize) -> Vec<u32> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        RecordStart,
        FieldStart,
        Field,
        Quoted,
        QuoteInQuoted,
    }
    let mut starts = Vec::new();
    let mut row: u32 = 1;
    let mut at = At::RecordStart;
    for &b in text.as_bytes() {
        if at == At::RecordStart {
            if b == b'\n' {
                row = row.saturating_add(1);
                continue;
            }
            if starts.len() == limit {
                break;
            }
            starts.push(row);
            at = At::FieldStart;
        }
        at = match at {
            At::Quoted if b == b'"' => At::QuoteInQuoted,
            At::Quoted => At::Quoted,
            At::QuoteInQuoted if b == b'"' => At::Quoted,
            At::FieldStart if b == b'"' => At::Quoted,
            _ if b == b'\n' => {
                row = row.saturating_add(1);
                At::RecordStart
            }
            _ if b == delimiter => At::FieldStart,
            _ => At::Field,
        };
    }
    starts
}

//! Fuzzing the shortlist importer on stable Rust with proptest: arbitrary bytes, mutations of
//! the seed corpus in `tests/corpus/shortlist/` (CSV, .xlsx, .xls and .ods saved by
//! LibreOffice, and an .xlsb saved by Excel from calamine's tests), and random grids written
//! as CSV (any delimiter, BOM, line ends, Windows-1252) and as .xlsx all go through read,
//! guess and parse. Each must end in entries that keep the rules, a rejection or an I/O
//! error: never a panic. A round-trip property checks that well-formed sheets import exactly.
//!
//! Normal test runs fuzz for `PANELIS_FUZZ_SECS` seconds (default 3). A longer run, with the
//! seed printed so a run can be repeated with `PANELIS_FUZZ_SEED`:
//!
//! ```text
//! PANELIS_FUZZ_SECS=600 cargo test -p panelis-core --release --test shortlist_fuzz -- --nocapture
//! ```
//!
//! A failing input is shrunk, saved under `target/fuzz-failures/` and named in the failure;
//! once fixed, add it to the corpus. An input that makes the process run out of memory kills
//! it before anything is saved: run with `PANELIS_FUZZ_CURRENT=FILE` (and `ulimit -v`) to keep
//! each input in FILE before it is tried. `biro-libreoffice-far-cell.xls` in the corpus is
//! one such: a cell moved to row 65536, column DKK made calamine lay out 196 million cells.

#[path = "support/fuzz.rs"]
mod fuzz;
use fuzz::budget;

use panelis_core::shortlist::{guess_mapping, parse, read_bytes, Field};
use panelis_core::Error;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/shortlist")
}

/// The seed files, in name order.
fn seeds() -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("seed"))
        .collect()
}

/// Runs one input through the importer; `Err` says what went wrong.
fn check(bytes: &[u8]) -> Result<(), String> {
    let outcome = std::panic::catch_unwind(|| import(bytes));
    match outcome {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

fn import(bytes: &[u8]) -> Result<(), String> {
    let sheet = match read_bytes(bytes, "fuzz") {
        Ok(sheet) => sheet,
        Err(e) => return acceptable(e),
    };
    let guess = guess_mapping(&sheet);
    match parse(&sheet, guess.as_ref()) {
        Ok(shortlist) => {
            if shortlist.entries.is_empty() {
                return Err("an accepted shortlist without entries".into());
            }
            let mut numbers = HashSet::new();
            for e in &shortlist.entries {
                if e.entry.no == 0 || !numbers.insert(e.entry.no) {
                    return Err(format!("bad or duplicate No {} accepted", e.entry.no));
                }
                if e.entry.title.is_empty() || e.entry.title != e.entry.title.trim() {
                    return Err(format!("title {:?} accepted", e.entry.title));
                }
            }
        }
        Err(e) => acceptable(e)?,
    }
    // A user's odd mapping: every column's field moved one column to the right.
    if let Some(mut mapping) = guess {
        let fields: Vec<Option<Field>> = mapping.columns.iter().map(|c| c.field).collect();
        for (i, column) in mapping.columns.iter_mut().enumerate() {
            column.field = fields[(i + fields.len() - 1) % fields.len()];
        }
        mapping.header_row = mapping.header_row.saturating_sub(1);
        if let Err(e) = parse(&sheet, Some(&mapping)) {
            acceptable(e)?;
        }
    }
    Ok(())
}

fn acceptable(e: Error) -> Result<(), String> {
    match e {
        Error::Rejected { problems, .. } if !problems.is_empty() => Ok(()),
        Error::Io { .. } => Ok(()),
        other => Err(format!("unexpected error: {other:?}")),
    }
}

/// Pieces that matter to the parser, spliced into inputs.
const TOKENS: &[&[u8]] = &[
    b";",
    b",",
    b"\t",
    b"\"",
    b"\"\"",
    b"\r\n",
    b"\n",
    b"\r",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\x93\x94\xE9",
    b"\xF0\x9F",
    b"sep=;\n",
    b"No",
    b"Nama Inovasi",
    b"Instansi",
    b"Kabupaten/Kota",
    b"99999999999",
    b"0",
    b"1.0",
    b"PK\x03\x04",
];

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(usize, u8),
    SetByte(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::SetByte(at, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 1usize..256, any::<usize>())
            .prop_map(|(from, n, to)| Mutation::Duplicate(from, n, to)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        let at = |i: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *m {
            Mutation::FlipBit(i, bit) if len > 0 => bytes[i % len] ^= 1 << bit,
            Mutation::SetByte(i, b) if len > 0 => bytes[i % len] = b,
            Mutation::Insert(i, t) => {
                let at = at(i);
                bytes.splice(at..at, TOKENS[t].iter().copied());
            }
            Mutation::Delete(i, n) if len > 0 => {
                let start = i % len;
                bytes.drain(start..(start + n).min(len));
            }
            Mutation::Duplicate(from, n, to) if len > 0 => {
                let start = from % len;
                let chunk = bytes[start..(start + n).min(len)].to_vec();
                let to = at(to);
                bytes.splice(to..to, chunk);
            }
            Mutation::Truncate(i) => bytes.truncate(at(i)),
            _ => {}
        }
    }
    bytes
}

/// A cell: header words, numbers, odd text.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "No",
            "Nomor",
            "No.",
            "Nama Inovasi",
            "INOVASI",
            "Title",
            "Instansi",
            "Pemda",
            "OPD",
            "Kabupaten/Kota",
            "Inovator",
            "Kategori",
            "DAFTAR TOP 50",
            "1",
            "2",
            "0",
            "x",
            " ",
            "\"",
            ";",
            ",",
            "\n",
            "Si Modis",
        ])
        .prop_map(str::to_string),
        any::<u32>().prop_map(|n| n.to_string()),
        prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
    ]
}

fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(cell(), 0..9), 0..14)
}

/// A grid as CSV text, with the given delimiter, line end, BOM and encoding.
fn csv_bytes(grid: &[Vec<String>], delimiter: u8, crlf: bool, bom: bool, cp1252: bool) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .flexible(true)
        .from_writer(Vec::new());
    for row in grid {
        // A record of one empty field would be written as `""`; that is fine too.
        if writer.write_record(row).is_err() {
            return Vec::new();
        }
    }
    let text = writer.into_inner().unwrap_or_default();
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    if cp1252 {
        let text = String::from_utf8_lossy(&text);
        out.extend_from_slice(&encoding_rs::WINDOWS_1252.encode(&text).0);
    } else {
        out.extend_from_slice(&text);
    }
    out
}

fn xlsx_bytes(grid: &[Vec<String>], numbers: bool) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in (0u32..).zip(grid) {
        for (c, text) in (0u16..).zip(row) {
            let written = match text.parse::<f64>() {
                Ok(n) if numbers => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, text).map(|_| ()),
            };
            if written.is_err() {
                return Vec::new();
            }
        }
    }
    book.save_to_buffer().unwrap_or_default()
}

fn input(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let count = seeds.len().max(1);
    let mutated = (0..count, prop::collection::vec(mutation(), 1..12))
        .prop_map(move |(i, ms)| mutate(seeds.get(i).cloned().unwrap_or_default(), &ms));
    let as_csv = (
        grid(),
        prop::sample::select(vec![b',', b';', b'\t', b'|']),
        any::<(bool, bool, bool)>(),
    )
        .prop_map(|(g, d, (crlf, bom, cp))| csv_bytes(&g, d, crlf, bom, cp));
    let as_xlsx = (grid(), any::<bool>()).prop_map(|(g, numbers)| xlsx_bytes(&g, numbers));
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..600),
        6 => mutated,
        3 => as_csv,
        1 => as_xlsx,
    ]
}

fn save_failure(bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let name = format!(
        "shortlist-{}.bin",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    let path = dir.join(name);
    let _ = std::fs::write(&path, bytes);
    path
}

#[test]
fn the_importer_survives_any_input() {
    let seeds = seeds();
    assert!(seeds.len() >= 4, "the seed corpus is missing");
    for (i, seed) in seeds.iter().enumerate() {
        if let Err(why) = check(seed) {
            panic!("seed {i}: {why}");
        }
    }
    let seed: u64 = std::env::var("PANELIS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let strategy = input(seeds);
    let started = Instant::now();
    let deadline = started + budget();
    let mut cases = 0u64;
    while cases == 0 || Instant::now() < deadline {
        let mut tree = strategy.new_tree(&mut runner).expect("generate an input");
        cases += 1;
        // A run the system kills (out of memory) cannot save its input: this keeps it.
        if let Ok(path) = std::env::var("PANELIS_FUZZ_CURRENT") {
            let _ = std::fs::write(path, tree.current());
        }
        let Err(first) = check(&tree.current()) else {
            continue;
        };
        // Shrink: keep simplifying while the input still fails.
        let (mut failing, mut why) = (tree.current(), first);
        let mut steps = 0;
        while steps < 2000 && tree.simplify() {
            steps += 1;
            match check(&tree.current()) {
                Err(w) => (failing, why) = (tree.current(), w),
                Ok(()) => {
                    if !tree.complicate() {
                        break;
                    }
                }
            }
        }
        let path = save_failure(&failing);
        panic!(
            "input {cases} (PANELIS_FUZZ_SEED={seed}): {why}; saved to {}",
            path.display()
        );
    }
    eprintln!(
        "shortlist fuzz: {cases} inputs in {:.1} s (PANELIS_FUZZ_SEED={seed})",
        started.elapsed().as_secs_f64()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Well-formed sheets import exactly, whatever delimiter, line end, BOM or encoding.
    #[test]
    fn well_formed_sheets_round_trip(
        rows in prop::collection::btree_map(1u32..500, ("[A-Za-z0-9ü“”,;\"' -]{0,20}[A-Za-z]", "[A-Za-z ,;]{0,15}"), 1..20),
        delimiter in prop::sample::select(vec![b',', b';', b'\t']),
        (crlf, bom, cp1252, title_rows) in any::<(bool, bool, bool, bool)>(),
    ) {
        let mut grid = Vec::new();
        if title_rows {
            grid.push(vec!["DAFTAR TOP 50 INOVASI".to_string()]);
            grid.push(vec![String::new()]);
        }
        grid.push(vec!["No".into(), "Nama Inovasi".into(), "Instansi".into()]);
        for (no, (title, agency)) in &rows {
            grid.push(vec![no.to_string(), title.clone(), agency.clone()]);
        }
        let bytes = csv_bytes(&grid, delimiter, crlf, bom, cp1252);
        let sheet = read_bytes(&bytes, "t.csv").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let titles_agencies: HashSet<(String, String)> = rows
            .values()
            .map(|(t, a)| (collapse(t).to_lowercase(), collapse(a).to_lowercase()))
            .collect();
        match parse(&sheet, None) {
            Ok(shortlist) => {
                let got: Vec<(u32, String, String)> = shortlist
                    .new_entries()
                    .into_iter()
                    .map(|e| (e.no, e.title, e.agency))
                    .collect();
                let want: Vec<(u32, String, String)> = rows
                    .iter()
                    .map(|(no, (t, a))| (*no, collapse(t), collapse(a)))
                    .collect();
                prop_assert_eq!(got, want);
            }
            // Only a duplicate title within an agency may stop a well-formed sheet.
            Err(e) => prop_assert!(titles_agencies.len() < rows.len(), "{}", e),
        }
    }
}

fn collapse(text: &str) -> String {
    panelis_core::text::collapse(text)
}

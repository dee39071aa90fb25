//! Blank paper score sheets: one page per panelist and entry they score (none where they
//! abstain), each page naming the entry and the panelist, with the rubric's guidance, and a
//! QR code that a scanner reads back as that page's scan code. Not signed. Needs
//! poppler-utils (`pdftotext`, `pdftoppm`) and zbar-tools (`zbarimg`); the tests say so and
//! fail if they are missing.

use panelis_core::ballot::paper::{parse_scan_code, scan_code};
use panelis_core::lang::Lang;
use panelis_report::{render_blank_sheets, verify, VerifyError};
use std::path::Path;
use std::process::Command;

fn run(tool: &str, package: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} ({package}) is needed for this test: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of one page (1-based), with runs of white space as one space (titles wrap).
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let file = pdf.to_str().expect("utf-8 path");
    run(
        "pdftotext",
        "poppler-utils",
        &["-f", &n, "-l", &n, file, "-"],
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

/// What `zbarimg` reads on one page rendered at 150 dpi.
fn qr_on_page(pdf: &Path, page: usize, dir: &Path) -> String {
    let n = page.to_string();
    let stem = dir.join(format!("page-{page}"));
    run(
        "pdftoppm",
        "poppler-utils",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            &n,
            "-l",
            &n,
            pdf.to_str().expect("utf-8 path"),
            stem.to_str().expect("utf-8 path"),
        ],
    );
    let png = stem.with_extension("png");
    assert!(png.is_file(), "pdftoppm made no {}", png.display());
    run(
        "zbarimg",
        "zbar-tools",
        &["--quiet", "--raw", png.to_str().expect("utf-8 path")],
    )
    .trim()
    .to_string()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn one_page_per_panelist_and_entry_with_a_readable_qr_code() {
    // 3 entries, 2 panelists; the second abstains on entry 1 (sample's conflicts).
    let sample = panelis_report::sample::sample(3, 2);
    assert_eq!(sample.conflicts.len(), 1);
    let made = render_blank_sheets(&sample.blank_input(), Lang::Id).expect("render");
    assert_eq!(made.sheets, 3 * 2 - 1);
    assert_eq!(made.pages, 3 * 2 - 1);
    assert_eq!(made.left_out, 1);
    assert_eq!(made.panelists.len(), 2);
    // A blank form carries no signature.
    assert_eq!(verify(&made.pdf), Err(VerifyError::Unsigned));

    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("blank.pdf");
    std::fs::write(&pdf, &made.pdf).expect("write");
    let info = run("pdfinfo", "poppler-utils", &[pdf.to_str().expect("path")]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 5")),
        "{info}"
    );

    // Page by page: the panelist, the entry, and its QR code.
    let (first, second) = (&sample.panelists[0], &sample.panelists[1]);
    let expected = [
        (first, &sample.entries[0]),
        (first, &sample.entries[1]),
        (first, &sample.entries[2]),
        (second, &sample.entries[1]),
        (second, &sample.entries[2]),
    ];
    for (i, (panelist, entry)) in expected.iter().enumerate() {
        let page = i + 1;
        let text = page_text(&pdf, page);
        let code = scan_code(panelist.id, entry.no);
        for needle in [
            squash(&entry.title),
            format!("No {}", entry.no),
            entry.agency.clone(),
            format!("Unit: {}", entry.unit),
            panelist.name.clone(),
            "Tanda tangan panelis".into(),
            "Tanggal".into(),
            "Catatan".into(),
            "FORMULIR KOSONG".into(),
            // The score levels, and each criterion's label and scale.
            "0–49: meniru tanpa penyesuaian".into(),
            "Penguasaan materi dan jawaban".into(),
            "0–100".into(),
            // The code, readable by a person too.
            code.clone(),
        ] {
            assert!(
                text.contains(&needle),
                "page {page}: {needle:?} not in\n{text}"
            );
        }
        assert_eq!(
            text.contains("1 lembar tidak dicetak (No 1)"),
            page == 4,
            "the left-out line is on the second panelist's first page only: {text}"
        );
        let read = qr_on_page(&pdf, page, dir.path());
        assert_eq!(read, code, "page {page}");
        assert_eq!(parse_scan_code(&read), Some((panelist.id, entry.no)));
    }
}

#[test]
fn several_innovators_are_printed_one_per_line() {
    let mut sample = panelis_report::sample::sample(2, 1);
    sample.entries[0].innovators = "dr. Andi Rahmawati, M.Kes.; Budi Santoso".into();
    sample.entries[1].innovators = "Siti Aminah".into();
    let made = render_blank_sheets(&sample.blank_input(), Lang::Id).expect("render");
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("blank.pdf");
    std::fs::write(&pdf, &made.pdf).expect("write");
    let file = pdf.to_str().expect("utf-8 path");
    let lines = |page: &str| -> Vec<String> {
        run(
            "pdftotext",
            "poppler-utils",
            &["-f", page, "-l", page, file, "-"],
        )
        .lines()
        .map(|l| l.trim().to_string())
        .collect()
    };
    let first = lines("1");
    let at = first
        .iter()
        .position(|l| l == "Inovator:")
        .unwrap_or_else(|| panic!("no 'Inovator:' line in {first:?}"));
    assert_eq!(
        first[at + 1..at + 3],
        ["1. dr. Andi Rahmawati, M.Kes.", "2. Budi Santoso"]
    );
    assert!(lines("2").iter().any(|l| l == "Inovator: Siti Aminah"));
}

#[test]
fn english_sheets_for_one_panelist() {
    let sample = panelis_report::sample::sample(3, 2);
    let mut input = sample.blank_input();
    input.panelists = &sample.panelists[1..];
    let made = render_blank_sheets(&input, Lang::En).expect("render");
    assert_eq!((made.sheets, made.left_out), (2, 1));
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("blank-en.pdf");
    std::fs::write(&pdf, &made.pdf).expect("write");
    let text = page_text(&pdf, 1);
    for needle in [
        "Blank score sheet",
        "Panelist's signature",
        "Novelty",
        "Criterion and scoring guidance",
        // The score levels, structured, in the sheet's language.
        "85–100: a new idea",
        "BLANK FORM",
        "1 sheet(s) not printed (No 1)",
        "Page 1 of 2",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
}

#[test]
fn nothing_to_print_is_refused() {
    let sample = panelis_report::sample::sample(1, 2);
    // The second panelist abstains on the only entry.
    let mut input = sample.blank_input();
    input.panelists = &sample.panelists[1..];
    let e = render_blank_sheets(&input, Lang::Id).expect_err("nothing to print");
    assert_eq!(e.code(), "no_sheet_to_print");
    input.entries = &[];
    input.panelists = &sample.panelists;
    let e = render_blank_sheets(&input, Lang::Id).expect_err("no entries");
    assert_eq!(e.code(), "no_entries_for_sheets");
}

//! `panelis export blank-sheets` on the demo competition: every panelist's sheets or one
//! panelist's, none where a panelist abstains, a QR code per page that reads back as that
//! page's scan code, nothing recorded as an issued document; an unknown panelist is refused
//! with exit 2 and one line. Needs poppler-utils (`pdfinfo`, `pdftotext`, `pdftoppm`) and
//! zbar-tools (`zbarimg`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{assert_bad_input, ok, Sandbox};
use panelis_core::ballot::paper::scan_code;
use panelis_core::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

/// The demo with Nurul abstaining on entry 1; the file and Nurul's id.
fn demo_with_conflict(s: &Sandbox) -> (PathBuf, uuid::Uuid, usize) {
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    let mut store = Store::open(&db).unwrap();
    let nurul = store.panelist_named(NURUL).unwrap().id;
    let first = store.entries().unwrap()[0].id;
    store
        .add_conflict(nurul, first, "Berasal dari daerah yang sama")
        .unwrap();
    let sheets = store.entries().unwrap().len() * store.panelists().unwrap().len()
        - store.conflicts().unwrap().len();
    (db, nurul, sheets)
}

#[test]
fn blank_sheets_for_the_panel_and_for_one_panelist() {
    let s = Sandbox::new();
    let (db, nurul, sheets) = demo_with_conflict(&s);

    let all = s.path("lembar-kosong.pdf");
    let run = s.run_db(
        &db,
        &["export", "blank-sheets", "--out", all.to_str().unwrap()],
    );
    ok(&run);
    assert!(
        run.stdout.contains(&format!("{sheets} blank sheet(s)"))
            && run.stdout.contains("5 panelists")
            && run.stdout.contains("1 left out"),
        "{}",
        run.stdout
    );
    assert_eq!(pages(&all), sheets);

    let one = s.path("nurul-en.pdf");
    let run = s.run_db(
        &db,
        &[
            "export",
            "blank-sheets",
            "--out",
            one.to_str().unwrap(),
            "--panelist",
            "nurul fadhilah, s.h., m.h.",
            "--lang",
            "en",
        ],
    );
    ok(&run);
    assert!(run.stdout.contains(NURUL), "{}", run.stdout);
    let entries = Store::open(&db).unwrap().entries().unwrap();
    assert_eq!(pages(&one), entries.len() - 1);
    // Her first sheet is entry 2: she abstains on entry 1.
    let text = tool(
        "pdftotext",
        &["-f", "1", "-l", "1", one.to_str().unwrap(), "-"],
    );
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let code = scan_code(nurul, entries[1].no);
    for needle in [
        "Blank score sheet",
        NURUL,
        "Panelist's signature",
        "BLANK FORM",
        "1 sheet(s) not printed (No 1)",
        &code,
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    let stem = s.path("nurul-1");
    tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            one.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let read = tool(
        "zbarimg",
        &[
            "--quiet",
            "--raw",
            stem.with_extension("png").to_str().unwrap(),
        ],
    );
    assert_eq!(read.trim(), code);

    // A blank form is not an issued document.
    let listed = ok(&s.run_db(&db, &["documents", "--json"])).stdout.clone();
    assert_eq!(listed.trim(), "[]");
}

#[test]
fn an_unknown_panelist_is_refused_and_nothing_is_written() {
    let s = Sandbox::new();
    let (db, _, _) = demo_with_conflict(&s);
    let out = s.path("siapa.pdf");
    let run = s.run_db(
        &db,
        &[
            "export",
            "blank-sheets",
            "--out",
            out.to_str().unwrap(),
            "--panelist",
            "Siapa Saja",
        ],
    );
    assert_bad_input(&run, "panelist not found: Siapa Saja");
    assert!(!out.exists());
}

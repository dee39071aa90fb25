//! A huge value (a 20 MB cell, a pasted paragraph) that a message quotes back is cut to a
//! short excerpt (`panelis_core::text::excerpt`), in the shortlist import, paper scores, a
//! ballot file and a scanned sheet code: the message names the row and field and stays short.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::transfer::BallotFile;
use panelis_core::lang::Lang;
use panelis_core::shortlist::{parse, read_bytes};
use panelis_core::text::EXCERPT_CHARS;
use panelis_core::Error;

/// 2 MiB of one letter: as good as 20 MB for the point (the message keeps 80 characters of
/// it), and quick enough to parse four times over in a debug build.
fn huge() -> String {
    "X".repeat(2 * 1024 * 1024)
}

/// Every message in both languages, as the user is shown them (with what the system said,
/// as the command line and the page's details show it).
fn messages(err: &Error) -> Vec<String> {
    match err {
        Error::Rejected { problems, .. } => problems
            .iter()
            .flat_map(|p| [p.located(Lang::Id), p.located(Lang::En)])
            .collect(),
        other => vec![other.describe(Lang::Id), other.describe(Lang::En)],
    }
}

/// Short, with the cut shown, and nothing of the value past the excerpt.
fn assert_short(err: &Error) {
    let all = messages(err);
    assert!(!all.is_empty());
    for m in &all {
        assert!(m.chars().count() < 400, "{} chars", m.chars().count());
        assert!(m.contains('…'), "{m}");
        assert!(!m.contains(&"X".repeat(EXCERPT_CHARS + 1)), "{m}");
    }
}

#[test]
fn a_huge_cell_in_the_shortlist_is_quoted_short() {
    let text = format!("No,Nama Inovasi\n{},Si Modis\n", huge());
    let err = parse(&read_bytes(text.as_bytes(), "top50.csv").unwrap(), None).unwrap_err();
    assert_short(&err);
    let Error::Rejected { problems, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(problems[0].row, Some(2), "the row is named");
    assert_eq!(
        problems[0].column.as_deref(),
        Some("No"),
        "the field is named"
    );
}

#[test]
fn a_huge_column_name_is_named_short() {
    let problem = panelis_core::error::Problem {
        row: Some(7),
        column: Some(huge()),
        message_id: "nama inovasi kosong".into(),
        message_en: "the innovation's title is empty".into(),
    };
    for lang in [Lang::Id, Lang::En] {
        let m = problem.located(lang);
        assert!(m.chars().count() < 200, "{} chars", m.chars().count());
        assert!(m.contains('…') && m.contains('7'), "{m}");
    }
}

#[test]
fn huge_values_in_paper_scores_are_quoted_short() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = panelis_core::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let keys = Keystore::new(dir.path().join("keys"));
    let big = huge();
    let panelist = store.panelists().unwrap()[0].name.clone();
    let criterion = store.rubric().unwrap().criteria[0].code.clone();
    for line in [
        format!("{big},1,{criterion},80\n"),
        format!("\"{panelist}\",{big},{criterion},80\n"),
        format!("\"{panelist}\",1,{big},80\n"),
        format!("\"{panelist}\",1,{criterion},{big}\n"),
    ] {
        let err = store.import_paper_scores(&line, &keys).unwrap_err();
        assert_short(&err);
    }
}

#[test]
fn a_huge_value_in_a_ballot_file_is_quoted_short() {
    let text = format!(
        "{{\"format\": \"panelis-ballots\", \"version\": 1, \"ballots\": \"{}\"}}",
        huge()
    );
    let err = BallotFile::parse(&text).unwrap_err();
    assert_short(&err);
}

#[test]
fn a_huge_scanned_code_is_quoted_short() {
    let dir = tempfile::tempdir().unwrap();
    let store = panelis_core::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let err = panelis_core::ballot::paper::scanned_sheet(&store, &huge()).unwrap_err();
    assert_short(&err);
}

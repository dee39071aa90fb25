//! `panelis results`, `panelis export recap|minutes|sheets|schedule|all` and `panelis verify`
//! on the demo competition with paper ballots: ranks and ties in the JSON, signed PDFs that
//! poppler's `pdfsig` accepts, and a flipped byte that both `pdfsig` and `verify` reject.
//! Needs poppler-utils (`pdfsig`, `pdftotext`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{ok, Run, Sandbox};
use std::path::Path;
use std::process::Command;

use common::DEMO_CRITERIA as CRITERIA;
const PANEL: [&str; 5] = [
    "Prof. Dr. Andi Rahmawati, M.Si.",
    "Dr. Muhammad Yusuf, S.Sos., M.AP.",
    "Ir. Sitti Nurhaedah, M.T.",
    "Drs. Hendra Palinggi, M.Si.",
    "Nurul Fadhilah, S.H., M.H.",
];

/// Runs `panelis --db DB ARGS` with English messages.
fn run(s: &Sandbox, db: &Path, args: &[&str]) -> Run {
    s.run_db_in("en", db, args)
}

/// The demo with paper ballots: entry 3 scores 90 from everyone (rank 1), entries 1 and 2
/// score 80 from everyone (tied, rank 2), entry 4 is 70 from four panelists (Nurul's ballot
/// missing), the rest unscored.
fn scored(s: &Sandbox) -> std::path::PathBuf {
    let db = s.path("kipp.panelis");
    ok(&run(s, &db, &["demo"]));
    let mut text = String::from("panelist;entry;criterion;score\n");
    for (entry, score) in [(1, 80), (2, 80), (3, 90), (4, 70)] {
        for p in PANEL {
            if entry == 4 && p.starts_with("Nurul") {
                continue;
            }
            for c in CRITERIA {
                text += &format!("\"{p}\";{entry};{c};{score}\n");
            }
        }
    }
    let csv = s.path("scores.csv");
    std::fs::write(&csv, text).unwrap();
    ok(&run(s, &db, &["import", "scores", csv.to_str().unwrap()]));
    db
}

#[test]
fn results_json_ranks_ties_and_unscored() {
    let s = Sandbox::new();
    let db = scored(&s);
    let r = run(&s, &db, &["results", "--json"]);
    ok(&r);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 50);
    let view: Vec<(serde_json::Value, u64, serde_json::Value, u64, bool)> = rows[..5]
        .iter()
        .map(|r| {
            (
                r["rank"].clone(),
                r["no"].as_u64().unwrap(),
                r["score"].clone(),
                r["ballots"].as_u64().unwrap(),
                r["tied"].as_bool().unwrap(),
            )
        })
        .collect();
    use serde_json::json;
    assert_eq!(
        view,
        vec![
            (json!(1), 3, json!("90.00"), 5, false),
            (json!(2), 1, json!("80.00"), 5, true),
            (json!(2), 2, json!("80.00"), 5, true),
            (json!(4), 4, json!("70.00"), 4, false),
            (json!(null), 5, json!(null), 0, false),
        ]
    );
    assert_eq!(rows[0]["title"], "Jatah Akhirat");

    let xlsx = s.path("hasil.xlsx");
    ok(&run(
        &s,
        &db,
        &["results", "--xlsx", xlsx.to_str().unwrap()],
    ));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn a_no_show_is_absent_in_the_results_not_unscored() {
    let s = Sandbox::new();
    let db = scored(&s);
    ok(&run(&s, &db, &["schedule", "no-show", "5"]));
    let r = run(&s, &db, &["results", "--json"]);
    ok(&r);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let row = |no: u64| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["no"] == no)
            .unwrap()
            .clone()
    };
    assert_eq!(row(5)["standing"], "absent", "{}", row(5));
    assert_eq!(
        (row(5)["ballots"].clone(), row(5)["expected"].clone()),
        (0.into(), 0.into())
    );
    assert_eq!(row(6)["standing"], "unscored");
    assert_eq!(row(6)["expected"], 5);
    assert_eq!(row(3)["standing"], "scored");
    let plain = run(&s, &db, &["results"]);
    ok(&plain);
    let text = plain.stdout;
    let line = text
        .lines()
        .find(|l| l.split('\t').nth(1) == Some("5"))
        .unwrap();
    assert!(line.starts_with("-\t5\tabsent\t0/0\t"), "{line}");
    // The quorum does not wait for it.
    let q: serde_json::Value =
        serde_json::from_str(&run(&s, &db, &["quorum", "--json"]).stdout).unwrap();
    let missing = q["missing"].as_array().unwrap();
    assert!(missing.iter().all(|m| m["no"] != 5), "{q}");
    assert!(missing.iter().any(|m| m["no"] == 6), "{q}");
}

fn pdfsig(path: &Path) -> String {
    let out = Command::new("pdfsig")
        .arg(path)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn every_document_is_signed_verifiable_and_tamper_evident() {
    let s = Sandbox::new();
    let db = scored(&s);
    for kind in ["recap", "minutes", "sheets", "schedule", "all"] {
        let pdf = s.path(&format!("{kind}.pdf"));
        let r = run(
            &s,
            &db,
            &[
                "export",
                kind,
                "--out",
                pdf.to_str().unwrap(),
                "--date",
                "2023-03-07",
                "--secretariat",
                "Muh. Arsyad Taufiq|Kepala Bagian",
            ],
        );
        ok(&r);
        assert!(pdfsig(&pdf).contains("Signature is Valid."), "{kind}");
        let v = run(&s, &db, &["verify", pdf.to_str().unwrap()]);
        ok(&v);
        assert!(v.stdout.starts_with("valid:"), "{}", v.stdout);
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        for needle in ["Jatah Akhirat", "Giatki Ces", "Sehati 2020"] {
            assert!(text.contains(needle), "{kind}: {needle}");
        }
        if kind != "schedule" {
            assert!(text.contains("Nurul Fadhilah"), "{kind}: panel names");
        }
        if kind == "minutes" {
            assert!(text.contains("Pada hari ini Selasa tanggal tujuh bulan Maret"));
            assert!(text.contains("Muh. Arsyad Taufiq"));
        }

        let mut bytes = std::fs::read(&pdf).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x20;
        let bad = s.path(&format!("{kind}-tampered.pdf"));
        std::fs::write(&bad, &bytes).unwrap();
        assert!(!pdfsig(&bad).contains("Signature is Valid."), "{kind}");
        let v = run(&s, &db, &["verify", bad.to_str().unwrap()]);
        assert_eq!(v.code, 1, "{kind}: {}{}", v.stdout, v.stderr);
        assert!(v.stderr.starts_with("panelis: invalid:"), "{}", v.stderr);
        assert_eq!(v.stderr.trim_end().lines().count(), 1);
    }
    // The same certificate signs every document; `certificate show` names it.
    let c = run(&s, &db, &["certificate", "show"]);
    ok(&c);
    assert!(c.stdout.contains("self-signed"), "{}", c.stdout);
}

#[test]
fn verify_of_a_missing_file_is_bad_input() {
    let s = Sandbox::new();
    let r = s.run(&["verify", s.path("nothing.pdf").to_str().unwrap()]);
    common::assert_bad_input(&r, "nothing.pdf");
}

#[test]
fn the_logo_is_set_shown_printed_in_the_minutes_and_cleared() {
    let s = Sandbox::new();
    let db = scored(&s);
    let logo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../panelis-report/tests/fixtures/logo.png");
    let show = run(&s, &db, &["logo", "show"]);
    ok(&show);
    assert!(show.stdout.contains("no logo"), "{}", show.stdout);
    // A file that is not an image: exit 2, one line naming the file.
    let bad = s.path("logo.jpg");
    std::fs::write(&bad, "<html>").unwrap();
    common::assert_bad_input(
        &run(&s, &db, &["logo", "set", bad.to_str().unwrap()]),
        "logo.jpg",
    );
    ok(&run(&s, &db, &["logo", "set", logo.to_str().unwrap()]));
    let show = run(&s, &db, &["logo", "show"]);
    assert!(show.stdout.contains("image/png"), "{}", show.stdout);
    let pdf = s.path("minutes.pdf");
    ok(&run(
        &s,
        &db,
        &["export", "minutes", "--out", pdf.to_str().unwrap()],
    ));
    assert!(pdfsig(&pdf).contains("Signature is Valid."));
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&images.stdout);
    assert!(
        listing.contains(" 240   200 "),
        "the logo is in the minutes:\n{listing}"
    );
    let cleared = run(&s, &db, &["logo", "clear"]);
    ok(&cleared);
    assert!(
        cleared.stdout.contains("logo removed"),
        "{}",
        cleared.stdout
    );
}

//! `panelis import scores`, `ballots list`, `ballots export` and `ballots import` as the
//! secretariat runs them on the demo competition.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{ok, Run, Sandbox};
use std::path::Path;

use common::DEMO_CRITERIA as CRITERIA;
const NURUL: &str = "Nurul Fadhilah, S.H., M.H.";

/// Runs `panelis --db DB ARGS` with English messages.
fn run(s: &Sandbox, db: &Path, args: &[&str]) -> Run {
    s.run_db_in("en", db, args)
}

fn demo(s: &Sandbox, name: &str) -> std::path::PathBuf {
    let db = s.path(name);
    ok(&run(s, &db, &["demo"]));
    db
}

/// One panelist's sheet for one entry, `;`-separated.
fn sheet(panelist: &str, entry: u32, base: i32) -> String {
    CRITERIA
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{panelist};{entry};{c};{}\n", base + i as i32))
        .collect()
}

#[test]
fn paper_ballots_import_all_or_nothing_with_every_line_named() {
    let s = Sandbox::new();
    let db = demo(&s, "kipp.panelis");
    let bad = s.path("bad.csv");
    let mut text = String::from("PANELIST;Entry;CRITERION;score\n");
    text += &sheet(NURUL, 1, 80); // lines 2-8
    text += "Nobody;1;kebaruan;80\n"; // 9
    text += &format!("{NURUL};99;kebaruan;80\n"); // 10
    text += &format!("{NURUL};2;keindahan;80\n"); // 11
    text += &format!("{NURUL};2;kebaruan;101\n"); // 12
    text += &format!("{NURUL};2;efektivitas;8,5\n"); // 13
    text += &format!("{NURUL};1;kebaruan;80\n"); // 14
    std::fs::write(&bad, text).unwrap();
    let r = run(&s, &db, &["import", "scores", bad.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(lines[0].contains("nothing was changed"), "{}", r.stderr);
    for (line, needle) in [
        (9, "unknown panelist"),
        (10, "no entry numbered"),
        (11, "not in the rubric"),
        (12, "outside 0-100"),
        (13, "not a whole number"),
        (14, "duplicate of line 2"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("row {line}")) && l.contains(needle)),
            "row {line} {needle:?} not in:\n{}",
            r.stderr
        );
    }
    let list = run(&s, &db, &["ballots", "list", "--json"]);
    ok(&list);
    assert_eq!(list.stdout.trim(), "[]", "nothing was written");

    let good = s.path("good.csv");
    std::fs::write(
        &good,
        sheet(NURUL, 1, 80)
            .replace(';', ",")
            .replace(NURUL, &format!("\"{NURUL}\"")),
    )
    .unwrap();
    let r = run(&s, &db, &["import", "scores", good.to_str().unwrap()]);
    ok(&r);
    assert!(
        r.stdout.contains("submitted 1 paper ballot"),
        "{}",
        r.stdout
    );
    let again = run(&s, &db, &["import", "scores", good.to_str().unwrap()]);
    ok(&again);
    assert!(again.stdout.contains("submitted 0"), "{}", again.stdout);

    let list = run(&s, &db, &["ballots", "list", "--json"]);
    ok(&list);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["panelist"], NURUL);
    assert_eq!(rows[0]["entry_no"], 1);
    assert_eq!(rows[0]["signer"], "secretariat");
    assert_eq!(rows[0]["verified"], true);
    assert_eq!(rows[0]["scores"]["kebaruan"], 80);
    // 15*80 + 15*81 + 15*82 + 15*83 + 10*84 + 10*85 + 20*86 = 8300 -> 83.00
    assert_eq!(rows[0]["total"], "83.00");
    let log = run(&s, &db, &["audit", "log"]);
    assert!(log.stdout.contains("secretariat-for:"), "{}", log.stdout);
    assert!(log.stdout.contains("ballot.submitted"));
    ok(&run(&s, &db, &["audit", "verify"]));
}

#[test]
fn a_ballot_file_carries_signed_ballots_to_another_copy() {
    let s = Sandbox::new();
    let laptop = demo(&s, "laptop.panelis");
    let secretariat = s.path("secretariat.panelis");
    std::fs::copy(&laptop, &secretariat).unwrap();
    let csv = s.path("nurul.csv");
    std::fs::write(&csv, sheet(NURUL, 1, 70) + &sheet(NURUL, 2, 75)).unwrap();
    ok(&run(
        &s,
        &laptop,
        &["import", "scores", csv.to_str().unwrap()],
    ));

    let file = s.path("nurul.json");
    let r = run(
        &s,
        &laptop,
        &[
            "ballots",
            "export",
            "--panelist",
            "nurul fadhilah, s.h., m.h.",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    ok(&r);
    assert!(r.stdout.contains("exported 2 ballot(s)"), "{}", r.stdout);

    // The file announces the laptop's paper-ballot key, which the secretariat's copy has
    // never seen: refused, with the fingerprint to compare and the flag to accept it.
    let r = run(
        &s,
        &secretariat,
        &["ballots", "import", file.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("imported 0 ballot(s), 0 already present, 2 rejected")
            && r.stdout.contains("key not registered"),
        "{}",
        r.stdout
    );
    let fingerprint = accept_key_in(&r.stdout);
    assert_eq!(fingerprint.split(' ').count(), 8, "{fingerprint}");
    let r = run(
        &s,
        &secretariat,
        &[
            "ballots",
            "import",
            file.to_str().unwrap(),
            "--accept-key",
            &fingerprint,
        ],
    );
    ok(&r);
    assert!(
        r.stdout
            .contains("imported 2 ballot(s), 0 already present, 0 rejected"),
        "{}",
        r.stdout
    );
    let twice = run(
        &s,
        &secretariat,
        &["ballots", "import", file.to_str().unwrap()],
    );
    ok(&twice);
    assert!(
        twice
            .stdout
            .contains("imported 0 ballot(s), 2 already present"),
        "{}",
        twice.stdout
    );
    let list = run(&s, &secretariat, &["ballots", "list"]);
    ok(&list);
    assert_eq!(list.stdout.lines().count(), 2);
    assert!(
        list.stdout.lines().all(|l| l.contains("signature valid")),
        "{}",
        list.stdout
    );

    // A file of another competition (another demo) is refused whole.
    let other = demo(&s, "other.panelis");
    let r = run(&s, &other, &["ballots", "import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("another competition"), "{}", r.stderr);

    // One score changed in the file: that ballot is rejected and listed, exit 1. (Into a
    // copy of the competition that has no ballots and no keys yet.)
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    json["ballots"][1]["scores"][0]["score"] = 100.into();
    let tampered = s.path("tampered.json");
    std::fs::write(&tampered, json.to_string()).unwrap();
    let copy = s.path("copy.panelis");
    std::fs::copy(&laptop, &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.execute_batch(
        "DROP TRIGGER ballots_submitted_kept; DELETE FROM ballots; DELETE FROM panelist_paper_keys;",
    )
    .unwrap();
    drop(conn);
    let r = run(
        &s,
        &copy,
        &[
            "ballots",
            "import",
            tampered.to_str().unwrap(),
            "--accept-key",
            &fingerprint,
        ],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("imported 1 ballot(s), 0 already present, 1 rejected"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("rejected: entry 2 revision 1"),
        "{}",
        r.stdout
    );
}

/// The fingerprint `ballots import` printed to accept with `--accept-key "..."`.
fn accept_key_in(stdout: &str) -> String {
    stdout
        .split("--accept-key \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no fingerprint in: {stdout}"))
        .to_string()
}

#[test]
fn a_laptop_bound_to_a_panelist_refuses_the_secretariats_imports() {
    let s = Sandbox::new();
    let db = demo(&s, "kipp.panelis");
    let csv = s.path("paper.csv");
    std::fs::write(&csv, sheet(NURUL, 1, 80)).unwrap();
    // This laptop is handed to a panelist ("Siapa Anda?" answered): the core's role rule.
    let dirs = panelis_core::paths::AppDirs::new(s.dir.path());
    let mut store = panelis_core::Store::open(&db).unwrap();
    let andi = store.panelists().unwrap()[0].clone();
    panelis_core::ballot::station::bind_panelist(
        &mut store,
        &panelis_core::ballot::keystore::Keystore::of(&dirs),
        &dirs.device_binding(),
        andi.id,
    )
    .unwrap();
    drop(store);
    for args in [
        vec!["import", "scores", csv.to_str().unwrap()],
        vec!["ballots", "import", csv.to_str().unwrap()],
    ] {
        let r = run(&s, &db, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("this device scores for {}", andi.name)),
            "{args:?}: {}",
            r.stderr
        );
    }
    let list = run(&s, &db, &["ballots", "list", "--json"]);
    assert_eq!(list.stdout.trim(), "[]", "nothing was written");
    // Nor the decision, finalizing or documents; and no ranking before the release.
    for args in [
        vec!["finalize", "--chair", "x", "--secretariat", "y"],
        vec!["decide", "propose"],
        vec!["export", "recap", "--out", "r.pdf"],
    ] {
        let r = run(&s, &db, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("this device scores for"),
            "{args:?}: {}",
            r.stderr
        );
    }
    for args in [vec!["results"], vec!["decide", "show"], vec!["quorum"]] {
        let r = run(&s, &db, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("once the results are released"),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert!(!s.path("r.pdf").exists());
}

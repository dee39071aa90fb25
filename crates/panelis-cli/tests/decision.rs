//! `panelis quorum` and `panelis decide` as the secretariat runs them: the missing ballots
//! and their exit code, the order of a tie, departures refused without a reason, outcomes
//! with seats and their proposal by score order, the lock of finalization, and the minutes
//! stating what the panel agreed. Needs poppler-utils (`pdftotext`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

#[path = "../../panelis-report/tests/tools/authority.rs"]
mod authority;
mod common;
#[path = "../../panelis-report/tests/tools/pyhanko.rs"]
mod pyhanko;
use common::{assert_bad_input, ok, Run, Sandbox};
use std::path::{Path, PathBuf};
use std::process::Command;

const CHAIR: &str = "Prof. Dr. Andi Rahmawati";
const MEMBER: &str = "Dr. Muhammad Yusuf";

/// A competition of five entries in two clusters and a panel of two; `scores` gives each
/// (entry, score) from both panelists (on every criterion), `only_chair` from the chair alone.
fn competition(s: &Sandbox, scores: &[(u32, i32)], only_chair: &[(u32, i32)]) -> PathBuf {
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["init", "--name", "KIPP Uji 2024", "--year", "2024"]));
    let sheet = s.path("top5.csv");
    std::fs::write(
        &sheet,
        "No;Nama Inovasi;Instansi;Klaster\n\
         1;Giatki Ces;Pemerintah Kabupaten Luwu Utara;Kabupaten\n\
         2;Sehati 2020;Pemerintah Kabupaten Luwu Utara;Kabupaten\n\
         3;Jatah Akhirat;Pemerintah Kota Palopo;Kota\n\
         4;Si Modis;Pemerintah Kota Makassar;Kota\n\
         5;Pildacil;Pemerintah Kabupaten Gowa;Kabupaten\n",
    )
    .unwrap();
    ok(&s.run_db(&db, &["import", "shortlist", sheet.to_str().unwrap()]));
    ok(&s.run_db(&db, &["panelists", "add", CHAIR, "--chair"]));
    ok(&s.run_db(&db, &["panelists", "add", MEMBER]));
    let criteria = common::DEMO_CRITERIA;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for (entry, score, panel) in scores
        .iter()
        .map(|(e, s)| (e, s, &[CHAIR, MEMBER][..]))
        .chain(only_chair.iter().map(|(e, s)| (e, s, &[CHAIR][..])))
    {
        for p in panel {
            for c in criteria {
                text += &format!("\"{p}\";{entry};{c};{score}\n");
            }
        }
    }
    let csv = s.path("scores.csv");
    std::fs::write(&csv, text).unwrap();
    ok(&s.run_db(&db, &["import", "scores", csv.to_str().unwrap()]));
    db
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&ok(run).stdout).unwrap()
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn quorum_lists_each_missing_ballot_and_exits_1_until_complete() {
    let s = Sandbox::new();
    let db = competition(&s, &[(1, 80), (2, 80), (3, 90), (4, 70)], &[(5, 60)]);
    let r = s.run_db(&db, &["quorum"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("9 of 10 expected ballots counted"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("5\t{MEMBER}\tPildacil")),
        "{}",
        r.stdout
    );
    let r = s.run_db(&db, &["quorum", "--json"]);
    assert_eq!(r.code, 1);
    let q: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(q["missing"][0]["no"], 5);
    assert_eq!(q["missing"][0]["panelist"], MEMBER);

    // Every ballot in: complete, exit 0.
    let s2 = Sandbox::new();
    let db2 = competition(&s2, &[(1, 80), (2, 80), (3, 90), (4, 70), (5, 60)], &[]);
    let r = s2.run_db(&db2, &["quorum"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("complete: no ballot is missing"));
}

#[test]
fn finalizing_with_a_missing_ballot_needs_the_chairs_override_with_a_reason() {
    let s = Sandbox::new();
    let db = competition(&s, &[(1, 80), (2, 80), (3, 90), (4, 70)], &[(5, 60)]);
    let base = ["finalize", "--chair", CHAIR, "--secretariat", "Sekretariat"];
    let r = s.run_db(&db, &base);
    assert_bad_input(&r, &format!("1 ballot(s) missing: No 5 ({MEMBER})"));
    let mut empty = base.to_vec();
    empty.extend(["--quorum-override", "   "]);
    assert_bad_input(&s.run_db(&db, &empty), "missing");
    let r = s.run_db(&db, &["decide", "show", "--json"]);
    assert_eq!(
        json(&r)["finalized"],
        serde_json::json!([]),
        "nothing was finalized"
    );
    // Bahasa Indonesia when asked.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_panelis"));
    let out = cmd
        .env("PANELIS_LANG", "id")
        .args(["--db", db.to_str().unwrap()])
        .args(base)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 penilaian belum ada: No 5"), "{err}");

    let mut with = base.to_vec();
    with.extend(["--quorum-override", "Panelis anggota sakit pada sesi No 5"]);
    let r = ok(&s.run_db(&db, &with)).stdout.clone();
    assert!(r.contains("quorum overridden by the chair (Panelis anggota sakit pada sesi No 5)"));
    let view = json(&s.run_db(&db, &["decide", "show", "--json"]));
    assert_eq!(
        view["overrides"][0]["reason"],
        "Panelis anggota sakit pada sesi No 5"
    );
    assert_eq!(view["overrides"][0]["missing"][0]["panelist"], MEMBER);
}

#[test]
fn ties_are_ordered_departures_need_a_reason_and_outcomes_fill_their_seats() {
    let s = Sandbox::new();
    let db = competition(&s, &[(1, 80), (2, 80), (3, 90), (4, 70), (5, 60)], &[]);
    // 8,3-style: the tied 2 before 1, no reason needed.
    let r = ok(&s.run_db(&db, &["decide", "order", "2,1"]))
        .stdout
        .clone();
    assert!(r.contains("2\t2\t80.00"), "{r}");
    assert!(r.contains("tie ordered by the panel"), "{r}");
    // 4 before 3 shares no rank: refused with the ranks, exit 2.
    assert_bad_input(
        &s.run_db(&db, &["decide", "order", "4,3"]),
        "No 4 rank 4, No 3 rank 1",
    );
    // Unknown entry, unscored order of one.
    assert_bad_input(
        &s.run_db(&db, &["decide", "order", "4,99"]),
        "no entry numbered 99",
    );
    assert_bad_input(
        &s.run_db(&db, &["decide", "order", "4"]),
        "at least two entries",
    );
    // With the reason, marked as a departure.
    let r = ok(&s.run_db(
        &db,
        &[
            "decide",
            "order",
            "4,3",
            "--reason",
            "Dampak terbukti lebih luas",
        ],
    ))
    .stdout
    .clone();
    assert!(r.contains("DEPARTURE: placed above 3, 2, 1"), "{r}");
    ok(&s.run_db(&db, &["decide", "unorder", "4"]));

    // Outcomes: one winner per cluster.
    let r = ok(&s.run_db(
        &db,
        &[
            "decide",
            "outcomes",
            "Juara I=1",
            "Harapan I=1",
            "--scope",
            "cluster",
        ],
    ))
    .stdout
    .clone();
    assert!(r.contains("Juara I\t1 seat(s)\tcluster"), "{r}");
    assert_bad_input(
        &s.run_db(&db, &["decide", "outcomes", "Juara I=0"]),
        "seats",
    );
    assert_bad_input(
        &s.run_db(&db, &["decide", "give", "1", "Juara IX"]),
        "Juara IX",
    );
    // Juara I (Kabupaten) to 1 over 2, placed above it by the tie order: needs a reason.
    assert_bad_input(
        &s.run_db(&db, &["decide", "give", "1", "Juara I"]),
        "No 1 is given \"Juara I\" over No 2",
    );
    let r = ok(&s.run_db(&db, &["decide", "propose"])).stdout.clone();
    assert!(r.contains("2\t- -> Juara I\tSehati 2020"), "{r}");
    assert!(r.contains("3\t- -> Juara I\tJatah Akhirat"), "{r}");
    ok(&s.run_db(&db, &["decide", "propose", "--apply"]));
    // A second Juara I in the Kota cluster is over its seat.
    assert_bad_input(
        &s.run_db(&db, &["decide", "give", "4", "Juara I", "--reason", "x"]),
        "\"Juara I\" (cluster Kota) has 1 seat(s) but is given to 2 entries",
    );
    let rows = json(&s.run_db(&db, &["results", "--json"]));
    let two = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["no"] == 2)
        .unwrap();
    assert_eq!(two["outcome"], "Juara I");
    assert_eq!(two["place"], 2);

    // Finalized: the decision is locked; reopened: it can change again, its history kept.
    ok(&s.run_db(
        &db,
        &["finalize", "--chair", CHAIR, "--secretariat", "Sekretariat"],
    ));
    assert_bad_input(
        &s.run_db(&db, &["decide", "take", "2"]),
        "locked until reopened",
    );
    let view = json(&s.run_db(&db, &["decide", "show", "--json"]));
    let history = view["history"].as_array().unwrap().len();
    ok(&s.run_db(&db, &["reopen", "--reason", "Salah ketik nilai"]));
    ok(&s.run_db(&db, &["decide", "take", "5"]));
    let view = json(&s.run_db(&db, &["decide", "show", "--json"]));
    assert_eq!(view["history"].as_array().unwrap().len(), history + 1);
}

#[test]
fn the_minutes_state_the_agreed_order_outcomes_and_the_quorum_override() {
    let s = Sandbox::new();
    let db = competition(&s, &[(1, 80), (2, 80), (3, 90), (4, 70)], &[(5, 60)]);
    ok(&s.run_db(
        &db,
        &["decide", "order", "2,1", "--reason", "Replikasi lebih luas"],
    ));
    ok(&s.run_db(
        &db,
        &[
            "decide",
            "outcomes",
            "Juara I=1",
            "Juara II=1",
            "Juara III=1",
        ],
    ));
    ok(&s.run_db(&db, &["decide", "propose", "--apply"]));
    ok(&s.run_db(
        &db,
        &[
            "finalize",
            "--chair",
            CHAIR,
            "--secretariat",
            "Sekretariat",
            "--quorum-override",
            "Anggota panel berhalangan",
        ],
    ));
    let pdf = s.path("minutes.pdf");
    ok(&s.run_db(&db, &["export", "minutes", "--out", pdf.to_str().unwrap()]));
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Keputusan panel"), "{flat}");
    let at = |needle: &str| {
        flat.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {flat}"))
    };
    // The agreed order: 3, then the tied 2 before 1.
    let decision = at("Keputusan panel");
    let (p3, p2, p1) = (
        at("Jatah Akhirat"),
        flat[decision..].find("Sehati 2020").unwrap() + decision,
        flat[decision..].find("Giatki Ces").unwrap() + decision,
    );
    assert!(p3 < p2 && p2 < p1, "{flat}");
    assert!(flat.contains("Replikasi lebih luas"), "{flat}");
    assert!(
        flat.contains("Juara I") && flat.contains("Juara III"),
        "{flat}"
    );
    assert!(flat.contains("Anggota panel berhalangan"), "{flat}");
    assert!(flat.contains(&format!("No 5 ({MEMBER})")), "{flat}");
    assert!(
        flat.contains("Lampiran"),
        "the numeric ranking is attached: {flat}"
    );
    // The embedded data carries the decision.
    let r = s.run(&["verify", pdf.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"decision\""), "{text}");
    assert!(text.contains("Replikasi lebih luas"), "{text}");

    // The announcement: outcomes and entries, one page.
    let ann = s.path("pengumuman.pdf");
    ok(&s.run_db(
        &db,
        &["export", "announcement", "--out", ann.to_str().unwrap()],
    ));
    let flat = pdftotext(&ann)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("PENGUMUMAN HASIL"), "{flat}");
    let (j1, j2) = (
        flat.find("Juara I ").unwrap(),
        flat.find("Juara II").unwrap(),
    );
    assert!(j1 < j2, "{flat}");
    assert!(
        flat.contains("Jatah Akhirat") && flat.contains("Sehati 2020"),
        "{flat}"
    );
    assert!(
        !flat.contains("Pildacil"),
        "no outcome, not announced: {flat}"
    );

    // Both documents that carry the decision, checked by poppler and by pyHanko with the
    // organizer certificate `panelis certificate export` publishes as the only trust root.
    let pem = s.path("organizer.pem");
    ok(&s.run_db(
        &db,
        &["certificate", "export", "--out", pem.to_str().unwrap()],
    ));
    for doc in [&pdf, &ann] {
        let sig = Command::new("pdfsig")
            .arg(doc)
            .output()
            .expect("pdfsig (poppler-utils)");
        let sig = String::from_utf8_lossy(&sig.stdout);
        assert!(
            sig.contains("Signature is Valid."),
            "{}: {sig}",
            doc.display()
        );
        pyhanko::assert_pyhanko_trusts(doc, &pem, &doc.display().to_string());
    }

    // Signed with the organizer's certificate from an authority (.p12 with its chain): the
    // announcement and the minutes are trusted through the authority's root alone.
    let ca = s.path("ca");
    std::fs::create_dir_all(&ca).unwrap();
    authority::two_level_p12(&ca);
    ok(&common::import_certificate(
        &s,
        &db,
        &ca.join("org.p12"),
        "rahasia",
    ));
    for (kind, name) in [
        ("announcement", "pengumuman-ca.pdf"),
        ("minutes", "ba-ca.pdf"),
    ] {
        let doc = s.path(name);
        ok(&s.run_db(&db, &["export", kind, "--out", doc.to_str().unwrap()]));
        pyhanko::assert_pyhanko_trusts(&doc, &ca.join("root.crt"), kind);
    }
}

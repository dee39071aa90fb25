//! `panelis finalize`, `reopen`, `documents`, `export` versions and `audit verify` as a user
//! runs them on the demo competition with paper ballots: ballots for finalized entries are
//! refused by the command too, reopening needs a reason, documents issued after a reopen
//! carry the next version and name what they supersede, and every way of tampering with the
//! audit log (edit, inner and last deletion, reordering) exits 1 naming the event.
//! Needs poppler-utils (`pdfsig`, `pdftotext`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::{assert_bad_input, ok, Run, Sandbox};
use std::path::{Path, PathBuf};
use std::process::Command;

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";
const SECRETARIAT: &str = "Muh. Arsyad Taufiq";

/// Paper ballots CSV: every demo panelist gives `score` on every criterion.
fn scores_csv(s: &Sandbox, name: &str, entries: &[(u32, i32)]) -> PathBuf {
    let panel = [
        CHAIR,
        "Dr. Muhammad Yusuf, S.Sos., M.AP.",
        "Ir. Sitti Nurhaedah, M.T.",
        "Drs. Hendra Palinggi, M.Si.",
        "Nurul Fadhilah, S.H., M.H.",
    ];
    let criteria = common::DEMO_CRITERIA;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for (entry, score) in entries {
        for p in panel {
            for c in criteria {
                text += &format!("\"{p}\";{entry};{c};{score}\n");
            }
        }
    }
    let path = s.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The demo with entries 1 and 2 at 80 and entry 3 at 90.
fn scored(s: &Sandbox) -> PathBuf {
    let db = s.path("kipp.panelis");
    ok(&s.run_db(&db, &["demo"]));
    let csv = scores_csv(s, "scores.csv", &[(1, 80), (2, 80), (3, 90)]);
    ok(&s.run_db(&db, &["import", "scores", csv.to_str().unwrap()]));
    db
}

fn finalize(s: &Sandbox, db: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["finalize", "--chair", CHAIR, "--secretariat", SECRETARIAT];
    args.extend_from_slice(extra);
    s.run_db(db, &args)
}

#[test]
fn finalize_refuses_later_ballots_and_reopen_needs_a_reason() {
    let s = Sandbox::new();
    let db = scored(&s);
    // Entry 4 has no ballots: refused, every missing ballot named, nothing finalized.
    let r = finalize(
        &s,
        &db,
        &["--room", "ruang sidang utama", "--entries", "1,2,4"],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("5 ballot(s) missing: No 4 (Prof. Dr. Andi Rahmawati, M.Si.)"),
        "{}",
        r.stderr
    );
    let r = finalize(
        &s,
        &db,
        &[
            "--room",
            "ruang sidang utama",
            "--entries",
            "1,2,4",
            "--quorum-override",
            "Entri 4 dinilai ulang besok",
        ],
    );
    ok(&r);
    assert!(
        r.stdout.starts_with(
            "finalized 3 entries (1, 2, 4) in room \"Ruang Sidang Utama\" by chair Prof. Dr. \
             Andi Rahmawati, M.Si. and secretariat Muh. Arsyad Taufiq"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "quorum overridden by the chair (Entri 4 dinilai ulang besok); missing: No 4 \
             (Prof. Dr. Andi Rahmawati, M.Si.), No 4 (Dr. Muhammad Yusuf"
        ),
        "{}",
        r.stdout
    );

    // A corrected paper sheet for entry 1 is refused by the command, nothing is written.
    let csv = scores_csv(&s, "fix.csv", &[(1, 60), (3, 91)]);
    let r = s.run_db(&db, &["import", "scores", csv.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("finalized"), "{}", r.stderr);
    let results = ok(&s.run_db(&db, &["results", "--json"])).stdout.clone();
    let rows: serde_json::Value = serde_json::from_str(&results).unwrap();
    assert_eq!(rows[0]["no"], 3);
    assert_eq!(rows[0]["score"], "90.00");

    // The same entries again: refused; an unknown room or entry: bad input naming it.
    let again = finalize(&s, &db, &["--entries", "1,2"]);
    assert_bad_input(&again, "already final");
    assert_bad_input(&finalize(&s, &db, &["--room", "Ruang B"]), "Ruang B");
    assert_bad_input(
        &finalize(&s, &db, &["--entries", "99"]),
        "no entry numbered 99",
    );
    let nobody = s.run_db(
        &db,
        &[
            "finalize",
            "--chair",
            "Pak Budi",
            "--secretariat",
            SECRETARIAT,
        ],
    );
    assert_bad_input(&nobody, "not on the panel");

    // Reopening without a reason is refused; with one it is audited.
    assert_bad_input(&s.run_db(&db, &["reopen"]), "written reason");
    assert_bad_input(
        &s.run_db(&db, &["reopen", "--reason", "   "]),
        "written reason",
    );
    let reason = "Lembar kertas panelis untuk inovasi 1 salah ketik";
    let r = s.run_db(&db, &["reopen", "--entries", "1", "--reason", reason]);
    ok(&r);
    assert!(r.stdout.starts_with("reopened 1 entry (1)"), "{}", r.stdout);
    let log = ok(&s.run_db(&db, &["audit", "log"])).stdout.clone();
    assert!(log.contains("results.finalized"), "{log}");
    let reopened = log
        .lines()
        .find(|l| l.contains("results.reopened"))
        .unwrap();
    assert!(reopened.contains(reason), "{reopened}");
    // Entry 1 takes ballots again, entry 2 still does not.
    let csv = scores_csv(&s, "fix1.csv", &[(1, 60)]);
    ok(&s.run_db(&db, &["import", "scores", csv.to_str().unwrap()]));
    let csv = scores_csv(&s, "fix2.csv", &[(2, 60)]);
    assert_eq!(
        s.run_db(&db, &["import", "scores", csv.to_str().unwrap()])
            .code,
        2
    );
    ok(&s.run_db(&db, &["audit", "verify"]));
}

fn pdftext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdfsig_valid(path: &Path) -> bool {
    let out = Command::new("pdfsig").arg(path).output().expect("pdfsig");
    String::from_utf8_lossy(&out.stdout).contains("Signature is Valid.")
}

fn export(s: &Sandbox, db: &Path, kind: &str, name: &str) -> (PathBuf, String) {
    let pdf = s.path(name);
    let r = s.run_db(db, &["export", kind, "--out", pdf.to_str().unwrap()]);
    ok(&r);
    assert!(pdfsig_valid(&pdf), "{name}");
    (pdf, r.stdout)
}

#[test]
fn export_numbers_versions_from_the_record_and_names_what_it_supersedes() {
    let s = Sandbox::new();
    let db = scored(&s);
    ok(&finalize(
        &s,
        &db,
        &["--quorum-override", "Sisanya dinilai kemudian"],
    ));
    let (first, out) = export(&s, &db, "recap", "recap-1.pdf");
    assert!(out.contains(" version 1, signed by"), "{out}");
    let (_, out) = export(&s, &db, "recap", "recap-1b.pdf");
    assert!(out.contains(" version 1, reprint, signed by"), "{out}");
    // The minutes name the secretariat officer who finalized, when none is given.
    let (minutes, _) = export(&s, &db, "minutes", "minutes-1.pdf");
    assert!(pdftext(&minutes).contains(SECRETARIAT));

    let docs: serde_json::Value =
        serde_json::from_str(&ok(&s.run_db(&db, &["documents", "--json"])).stdout).unwrap();
    let first_id = docs[0]["id"].as_str().unwrap().to_string();
    let reprint_id = docs[1]["id"].as_str().unwrap().to_string();
    assert_eq!(docs[0]["kind"], "recap");
    assert_eq!(docs[0]["file"], first.to_str().unwrap());
    assert_eq!(docs[0]["file_sha256"].as_str().unwrap().len(), 64);
    let v = ok(&s.run_db(&db, &["verify", first.to_str().unwrap()]))
        .stdout
        .clone();
    assert!(v.starts_with("valid:"), "{v}");
    assert!(
        v.contains(&format!("\ndocument {first_id} version 1,")),
        "{v}"
    );

    ok(&s.run_db(&db, &["reopen", "--reason", "Permintaan ketua panel"]));
    ok(&finalize(
        &s,
        &db,
        &["--quorum-override", "Sisanya dinilai kemudian"],
    ));
    let (second, out) = export(&s, &db, "recap", "recap-2.pdf");
    assert!(
        out.contains(&format!(
            " version 2, supersedes version 1 {reprint_id}, signed by"
        )),
        "{out}"
    );
    let v = ok(&s.run_db(&db, &["verify", second.to_str().unwrap()]))
        .stdout
        .clone();
    assert!(
        v.contains(&format!("version 2 (supersedes {reprint_id})")),
        "{v}"
    );
    let text = pdftext(&second);
    assert!(text.contains("versi 2"), "{text}");
    assert!(text.contains("menggantikan versi 1"), "{text}");
    // Minutes are versioned on their own: their second issue is version 2 as well.
    let (_, out) = export(&s, &db, "minutes", "minutes-2.pdf");
    assert!(out.contains(" version 2, supersedes version 1 "), "{out}");

    let list = ok(&s.run_db(&db, &["documents"])).stdout.clone();
    assert_eq!(list.lines().count(), 1 + 5, "{list}");
    assert!(list.contains("recap\t2\t"), "{list}");
    let log = ok(&s.run_db(&db, &["audit", "log"])).stdout.clone();
    assert_eq!(log.matches("document.issued").count(), 5);
    ok(&s.run_db(&db, &["audit", "verify"]));
}

#[test]
fn minutes_cover_the_finalized_entries_say_so_and_print_a_no_show_as_absent() {
    let s = Sandbox::new();
    let db = scored(&s);
    let more = scores_csv(&s, "more.csv", &[(4, 70), (5, 75)]);
    ok(&s.run_db(&db, &["import", "scores", more.to_str().unwrap()]));
    // No 6 did not come: marked, it expects no ballot, so finalizing 1 to 6 needs no
    // override.
    ok(&s.run_db(&db, &["schedule", "no-show", "6"]));
    ok(&finalize(&s, &db, &["--entries", "1,2,3,4,5,6"]));

    let flat = |path: &Path| {
        pdftext(path)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (minutes, _) = export(&s, &db, "minutes", "minutes.pdf");
    let text = flat(&minutes);
    assert!(
        text.contains(
            "terhadap 6 dari 50 inovasi pelayanan publik, yaitu No 1-6 dan hasilnya telah \
             difinalisasi (5 dinilai, 1 tidak hadir: No 6), dengan susunan"
        ),
        "{text}"
    );
    assert!(text.contains("Tidak hadir"), "{text}");
    assert!(!text.contains("Belum dinilai"), "{text}");
    assert!(
        !text.contains("Transportation Smart"),
        "No 7 is not final: {text}"
    );
    assert!(
        text.contains("SMS - Sapa Masyarakat Sekitar"),
        "No 6 is listed: {text}"
    );

    let en = s.path("minutes-en.pdf");
    ok(&s.run_db(
        &db,
        &[
            "export",
            "minutes",
            "--lang",
            "en",
            "--out",
            en.to_str().unwrap(),
        ],
    ));
    let text = flat(&en);
    assert!(
        text.contains(
            "of 6 of the 50 public service innovations, No 1-6, whose results are final \
             (5 scored, 1 absent: No 6). The panel was:"
        ),
        "{text}"
    );
    assert!(
        text.contains("Absent") && !text.contains("Not scored"),
        "{text}"
    );
    let (recap, _) = export(&s, &db, "recap", "recap.pdf");
    let text = flat(&recap);
    assert!(
        text.contains("Mencakup: 6 dari 50 inovasi pelayanan publik, yaitu No 1-6"),
        "{text}"
    );
    assert!(
        text.contains("Tidak hadir") && !text.contains("Belum dinilai"),
        "{text}"
    );
    // What the signed data says it covers, as verify reads it.
    let v: serde_json::Value = serde_json::from_str(
        &ok(&s.run_db(&db, &["verify", minutes.to_str().unwrap(), "--json"])).stdout,
    )
    .unwrap();
    assert_eq!(v["valid"], true, "{v}");

    // Finalizing one more entry changes what the minutes cover: a new version, not a
    // reprint, although no score changed.
    ok(&finalize(
        &s,
        &db,
        &["--entries", "7", "--quorum-override", "Dinilai kemudian"],
    ));
    let (second, out) = export(&s, &db, "minutes", "minutes-2.pdf");
    assert!(out.contains(" version 2, supersedes version 1 "), "{out}");
    let text = flat(&second);
    assert!(
        text.contains("terhadap 7 dari 50 inovasi pelayanan publik, yaitu No 1-7"),
        "{text}"
    );
    assert!(text.contains("Transportation Smart"), "{text}");
}

#[test]
fn export_refuses_results_that_differ_from_what_was_finalized() {
    let s = Sandbox::new();
    let db = scored(&s);
    // A second revision from one panelist on entry 3, then finalize entries 1 to 3.
    let csv = s.path("fix.csv");
    std::fs::write(
        &csv,
        format!(
            "panelist;entry;criterion;score\n{}",
            common::DEMO_CRITERIA
                .iter()
                .map(|c| format!("\"{CHAIR}\";3;{c};95\n"))
                .collect::<String>()
        ),
    )
    .unwrap();
    ok(&s.run_db(&db, &["import", "scores", csv.to_str().unwrap()]));
    ok(&finalize(
        &s,
        &db,
        &["--entries", "1,2,3", "--quorum-override", "uji"],
    ));
    let (_, _) = export(&s, &db, "recap", "before.pdf");
    // Ballots for an entry not yet final change the ranking, not what was finalized.
    let more = scores_csv(&s, "more.csv", &[(4, 99)]);
    ok(&s.run_db(&db, &["import", "scores", more.to_str().unwrap()]));
    let (_, _) = export(&s, &db, "recap", "before-2.pdf");

    // Someone with the file drops the guards and deletes the chair's latest revision for
    // entry 3: the entry's score falls back to the earlier revision.
    let conn = rusqlite::Connection::open(&db).unwrap();
    common::drop_guards(&conn);
    let deleted = conn
        .execute(
            "DELETE FROM ballots WHERE entry_id = (SELECT id FROM entries WHERE no = 3) \
             AND panelist_id = (SELECT id FROM panelists WHERE name = ?1) \
             AND revision = (SELECT MAX(revision) FROM ballots b WHERE b.entry_id = ballots.entry_id \
                             AND b.panelist_id = ballots.panelist_id)",
            [CHAIR],
        )
        .unwrap();
    assert_eq!(deleted, 1);
    drop(conn);

    // Every document is refused, naming the entry, and nothing is written.
    for kind in ["recap", "all", "minutes"] {
        let out = s.path(&format!("after-{kind}.pdf"));
        let run = s.run_db(&db, &["export", kind, "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{kind}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("No 3") && run.stderr.contains("differ from what was finalized"),
            "{kind}: {}",
            run.stderr
        );
        assert!(!out.exists(), "{kind}: nothing written");
    }
    // The audit names the deleted revision from the log.
    let audit = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(audit.code, 1, "{}", audit.stdout);
    assert!(
        audit.stdout.contains("revision 2 (No 3)"),
        "{}",
        audit.stdout
    );
    let listed = ok(&s.run_db(&db, &["documents"])).stdout.clone();
    assert_eq!(
        listed.lines().count(),
        3,
        "a header and the two issues before: {listed}"
    );
    assert!(!listed.contains("after-"), "{listed}");
}

#[test]
fn a_finalization_seal_blanked_outside_panelis_stops_every_document() {
    let s = Sandbox::new();
    let db = scored(&s);
    let done = finalize(&s, &db, &["--entries", "1,2,3", "--quorum-override", "uji"]);
    ok(&done);
    assert!(
        done.stderr.contains("audit checkpoint signed at event"),
        "{}",
        done.stderr
    );
    export(&s, &db, "recap", "before.pdf");
    // The guard holds against a plain UPDATE...
    let conn = rusqlite::Connection::open(&db).unwrap();
    let refused = conn
        .execute("UPDATE finalized_entries SET result_sha256 = NULL", [])
        .unwrap_err();
    assert!(refused.to_string().contains("keeps its seal"), "{refused}");
    // ...and with every guard dropped, the seals blanked and a ballot changed, nothing is
    // signed: the log recorded each seal at finalization.
    common::drop_guards(&conn);
    conn.execute_batch(
        "UPDATE finalized_entries SET result_sha256 = NULL
           WHERE entry_id = (SELECT id FROM entries WHERE no = 2);
         UPDATE ballot_scores SET score = 100 WHERE ballot_id IN (SELECT b.id FROM ballots b
           JOIN entries e ON e.id = b.entry_id WHERE e.no = 2);",
    )
    .unwrap();
    drop(conn);
    let out = s.path("after.pdf");
    let run = s.run_db(&db, &["export", "recap", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "the finalization seal of No 2 is missing or differs from the one the audit log \
             recorded at finalization"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing written");
    let audit = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(audit.code, 1, "{}", audit.stdout);
    assert!(
        audit
            .stdout
            .contains("the finalization seal of No 2 differs from the one recorded at event"),
        "{}",
        audit.stdout
    );
}

/// A competition with a few events, tampered with by `sql` (guards dropped first).
fn tampered(sql: &str) -> Run {
    let s = Sandbox::new();
    let db = s.path("c.panelis");
    ok(&s.run_db(&db, &["init", "--name", "KIPP Kota Makassar 2024"]));
    for name in ["Andi", "Budi", "Citra", "Dewi"] {
        ok(&s.run_db(&db, &["panelists", "add", name]));
    }
    ok(&s.run_db(&db, &["audit", "verify"]));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .unwrap();
    drop(conn);
    let run = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    run
}

#[test]
fn audit_verify_names_every_kind_of_tampering() {
    let edit =
        tampered("UPDATE audit_log SET detail = replace(detail, 'Budi', 'Bondan') WHERE seq = 3;");
    assert_eq!(
        edit.stdout.trim(),
        "audit log broken at event 3: event 3 was altered"
    );
    let inner = tampered("DELETE FROM audit_log WHERE seq = 2;");
    assert_eq!(
        inner.stdout.trim(),
        "audit log broken at event 2: event 2 is missing (next is 3)"
    );
    let last = tampered("DELETE FROM audit_log WHERE seq = 5;");
    assert_eq!(
        last.stdout.trim(),
        "audit log broken at event 5: event 5, the last, is missing (the log ends at event 4)"
    );
    let last_two = tampered("DELETE FROM audit_log WHERE seq >= 4;");
    assert!(
        last_two
            .stdout
            .contains("events 4 to 5, the last, are missing"),
        "{}",
        last_two.stdout
    );
    let swapped = tampered(
        "UPDATE audit_log SET seq = 100 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = 4;
         UPDATE audit_log SET seq = 4 WHERE seq = 100;",
    );
    assert!(
        swapped.stdout.starts_with("audit log broken at event 3:"),
        "{}",
        swapped.stdout
    );
}

/// The organizer certificate's PEM file in a sandbox's data folder.
fn organizer_pem(s: &Sandbox) -> PathBuf {
    let dir = std::fs::read_dir(s.path("certificates"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    dir.join("organizer-cert.pem")
}

#[test]
fn verify_refuses_a_lookalike_names_the_superseded_and_says_when_unanchored() {
    let s = Sandbox::new();
    let db = scored(&s);
    ok(&finalize(
        &s,
        &db,
        &["--quorum-override", "Sisanya dinilai kemudian"],
    ));
    let (real, _) = export(&s, &db, "recap", "recap-1.pdf");
    let real = real.to_str().unwrap().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&ok(&s.run_db(&db, &["verify", &real, "--json"])).stdout).unwrap();
    assert_eq!(json["verdict"], "anchored", "{json}");
    let fp = json["certificate_sha256"].as_str().unwrap().to_string();
    let colons: Vec<String> = fp
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect();
    ok(&s.run(&["verify", &real, "--organizer", &colons.join(":")]));
    let pem = organizer_pem(&s);
    ok(&s.run(&["verify", &real, "--organizer", pem.to_str().unwrap()]));
    let published = s.path("organizer.pem");
    ok(&s.run_db(
        &db,
        &[
            "certificate",
            "export",
            "--out",
            published.to_str().unwrap(),
        ],
    ));
    ok(&s.run(&["verify", &real, "--organizer", published.to_str().unwrap()]));
    let grouped = fp[..8].to_uppercase();
    let footer = pdftext(std::path::Path::new(&real));
    assert!(
        footer.contains(&format!(
            "SHA-256 sertifikat penyelenggara: {} {}",
            &grouped[..4],
            &grouped[4..]
        )),
        "{footer}"
    );

    // Unanchored: intact, said plainly, exit 3, never "valid".
    let r = s.run(&["verify", &real]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("not checked against any organizer"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.starts_with("valid"), "{}", r.stdout);

    // Another competition, same name, fresh key, on another laptop.
    let other = Sandbox::new();
    let other_db = scored(&other);
    ok(&finalize(
        &other,
        &other_db,
        &["--quorum-override", "Sisanya dinilai kemudian"],
    ));
    let (fake, _) = export(&other, &other_db, "recap", "fake.pdf");
    let fake = fake.to_str().unwrap().to_string();
    let r = s.run_db(&db, &["verify", &fake]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("signed by another certificate ("),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("not issued by this competition"),
        "{}",
        r.stderr
    );
    let r = s.run(&["verify", &fake, "--organizer", &fp]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("signed by another certificate ("),
        "{}",
        r.stderr
    );
    let r = s.run(&["verify", &fake, "--organizer", pem.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);

    // Superseded after a reopen: named with its successor and the reason.
    ok(&s.run_db(&db, &["reopen", "--reason", "Salah ketik nilai"]));
    ok(&finalize(
        &s,
        &db,
        &["--quorum-override", "Sisanya dinilai kemudian"],
    ));
    let (second, _) = export(&s, &db, "recap", "recap-2.pdf");
    ok(&s.run_db(&db, &["verify", second.to_str().unwrap()]));
    let r = s.run_db(&db, &["verify", &real, "--json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["verdict"], "refused");
    let text = json["checks"].to_string();
    assert!(text.contains("\"superseded\""), "{text}");
    assert!(text.contains("superseded by version 2 of "), "{text}");
    assert!(text.contains("(reason: Salah ketik nilai)"), "{text}");

    // Bad input: a clear message, exit 2 (1 for a document that fails its own checks).
    let before = std::fs::read(&db).unwrap();
    let not_pdf = s.path("not.pdf");
    std::fs::write(&not_pdf, b"hello, not a pdf").unwrap();
    let r = s.run_db(&db, &["verify", not_pdf.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("panelis: invalid:"), "{}", r.stderr);
    let r = s.run(&["verify", &real, "--organizer", not_pdf.to_str().unwrap()]);
    assert_bad_input(&r, "not an X.509 certificate");
    let r = s.run(&["verify", &real, "--organizer", &fp[..40]]);
    assert_bad_input(&r, "64-hex-digit");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "verify changes nothing"
    );
}

#[test]
fn a_panelist_who_scored_leaves_the_panel_counted_but_does_not_sign_the_minutes() {
    const LEAVING: &str = "Dr. Muhammad Yusuf, S.Sos., M.AP.";
    let s = Sandbox::new();
    let db = scored(&s);
    // A panelist added by mistake, who never scored: deleted.
    ok(&s.run_db(&db, &["panelists", "add", "Dr. Baru Sekali"]));
    let r = ok(&s.run_db(&db, &["panelists", "remove", "dr. baru sekali"]))
        .stdout
        .clone();
    assert_eq!(r.trim(), "removed panelist Dr. Baru Sekali");
    // One who scored No 1 to 3: retired, those ballots still count.
    let r = ok(&s.run_db(&db, &["panelists", "remove", LEAVING]))
        .stdout
        .clone();
    assert!(
        r.starts_with(&format!("retired panelist {LEAVING}: had scored 3 entries")),
        "{r}"
    );
    let list = ok(&s.run_db(&db, &["panelists", "list"])).stdout.clone();
    assert!(list.contains(&format!("{LEAVING}\tmundur")), "{list}");
    assert!(!list.contains("Dr. Baru Sekali"), "{list}");
    // The chair stays: refused with what to do, nothing changed.
    let r = s.run_db(&db, &["panelists", "remove", CHAIR]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("make another panelist the chair first"),
        "{}",
        r.stderr
    );
    // A new paper ballot from who left is refused, naming why.
    let late = s.path("late.csv");
    let mut text = String::from("panelist;entry;criterion;score\n");
    for c in common::DEMO_CRITERIA {
        text += &format!("\"{LEAVING}\";4;{c};70\n");
    }
    std::fs::write(&late, text).unwrap();
    let r = s.run_db(&db, &["import", "scores", late.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("has left the panel"), "{}", r.stderr);

    // Finalizing 1 to 3 needs no override (all five ballots each); the minutes list who
    // left as such, and only the four still on the panel sign.
    ok(&finalize(&s, &db, &["--entries", "1,2,3"]));
    let (minutes, _) = export(&s, &db, "minutes", "minutes.pdf");
    let text = pdftext(&minutes);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Mundur dari panel"), "{flat}");
    assert_eq!(
        flat.matches("Muhammad Yusuf").count(),
        1,
        "named in the panel's list, not in the signatures: {flat}"
    );
    assert_eq!(flat.matches("Hendra Palinggi").count(), 2, "{flat}");
    let audit = ok(&s.run_db(&db, &["audit", "verify"])).stdout.clone();
    assert!(audit.contains("intact"), "{audit}");
}

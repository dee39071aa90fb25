//! Issuing documents from a competition file (`panelis_report::issue`, what the app and
//! `panelis export` call): versions from the record, the organizer's certificate made at the
//! first export, the check of a PDF against the record, the .xlsx export, and failures that
//! leave no record behind.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::ballot::keystore::Keystore;
use panelis_core::results::ResultOptions;

use panelis_core::paths::AppDirs;
use panelis_report::issue::{self, IssueRequest};
use panelis_report::{DocumentKind, ReportError};

fn scores(store: &panelis_core::Store, entries: &[(u32, i32)]) -> String {
    let criteria = store.rubric().unwrap().criteria;
    let mut text = String::from("panelist;entry;criterion;score\n");
    for (no, score) in entries {
        for p in store.panelists().unwrap() {
            for c in &criteria {
                text += &format!("\"{}\";{no};{};{score}\n", p.name, c.code);
            }
        }
    }
    text
}

#[test]
fn issue_records_versions_checks_pdfs_and_makes_the_certificate_once() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = AppDirs::new(dir.path());
    let keys = Keystore::new(dir.path().join("keys"));
    let mut store = panelis_core::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let text = scores(&store, &[(1, 80), (2, 80), (3, 90)]);
    store.import_paper_scores(&text, &keys).unwrap();

    assert_eq!(issue::certificate(&dirs, &store).unwrap(), None);
    let r1 = dir.path().join("r1.pdf");
    let first = issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Recap, &r1),
    )
    .unwrap();
    assert_eq!((first.document.version, first.reprint), (1, false));
    assert_eq!(first.document.kind, "recap");
    assert_eq!(first.document.file, r1.display().to_string());
    // What the app prints for this id: the very PDF just issued.
    assert_eq!(store.issued_file(first.document.id).unwrap(), r1);
    let cert = issue::certificate(&dirs, &store)
        .unwrap()
        .expect("made at the first export");
    assert!(cert.self_signed);
    assert_eq!(cert.subject, first.signer);
    assert!(cert.subject.contains("Biro Organisasi"), "{}", cert.subject);

    let check = issue::check(&dirs, &store, &r1).unwrap();
    assert!(check.valid, "{:?}", check.problem);
    assert_eq!(check.document_id, Some(first.document.id));
    assert_eq!(check.version, Some(1));
    assert_eq!(check.recorded.as_ref().unwrap().id, first.document.id);
    assert_eq!(check.current.as_ref().unwrap().id, first.document.id);
    assert!(check.same_file_as_issued);
    assert_eq!(
        check.certificate_sha256.as_deref(),
        Some(cert.fingerprint.as_str())
    );

    // New ballots change the data: the next recap is version 2 and supersedes the first.
    let text = scores(&store, &[(4, 70)]);
    store.import_paper_scores(&text, &keys).unwrap();
    let r2 = dir.path().join("r2.pdf");
    let second = issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Recap, &r2),
    )
    .unwrap();
    assert_eq!(second.document.version, 2);
    assert_eq!(second.document.supersedes, Some(first.document.id));
    assert_eq!(second.document.supersedes_version, Some(1));
    let old = issue::check(&dirs, &store, &r1).unwrap();
    assert_eq!(
        old.current.unwrap().id,
        second.document.id,
        "r1 is superseded"
    );
    let verified = panelis_report::verify(&std::fs::read(&r2).unwrap()).unwrap();
    assert_eq!(verified.supersedes, Some(first.document.id));

    // A PDF not from this file, garbage, and a missing file.
    let garbage = dir.path().join("garbage.pdf");
    std::fs::write(&garbage, b"%PDF-1.7 not really").unwrap();
    let bad = issue::check(&dirs, &store, &garbage).unwrap();
    assert!(!bad.valid);
    assert!(bad.problem.is_some() && bad.problem_code.is_some());
    assert!(matches!(
        issue::check(&dirs, &store, &dir.path().join("none.pdf")),
        Err(ReportError::Io { .. })
    ));

    // A document that cannot be written is not recorded.
    let before = store.issued_documents().unwrap().len();
    let nowhere = dir.path().join("no-such-folder").join("x.pdf");
    let err = issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Minutes, &nowhere),
    );
    assert!(matches!(err, Err(ReportError::Io { .. })), "{err:?}");
    assert_eq!(store.issued_documents().unwrap().len(), before);

    let xlsx = dir.path().join("hasil.xlsx");
    issue::write_results_xlsx(&store, &xlsx, ResultOptions::default(), Default::default()).unwrap();
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert!(matches!(
        issue::import_certificate(&dirs, &mut store, &dir.path().join("none.p12"), ""),
        Err(ReportError::Io { .. })
    ));
    // The same certificate keeps signing: the first export's one was stored.
    assert_eq!(
        issue::certificate(&dirs, &store)
            .unwrap()
            .unwrap()
            .fingerprint,
        cert.fingerprint
    );
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn the_announcement_covers_the_finalized_entries_and_says_so() {
    use panelis_core::decision::{NewOutcome, OutcomeScope};
    use panelis_core::store::FinalizeRequest;
    let dir = tempfile::tempdir().unwrap();
    let dirs = AppDirs::new(dir.path());
    let keys = Keystore::new(dir.path().join("keys"));
    let mut store = panelis_core::demo::create(&dir.path().join("demo.panelis")).unwrap();
    let text = scores(&store, &[(1, 80), (2, 85), (3, 90)]);
    store.import_paper_scores(&text, &keys).unwrap();
    let outcome = |name: &str| NewOutcome {
        name: name.into(),
        seats: 1,
        scope: OutcomeScope::Overall,
    };
    store
        .set_outcomes(&[
            outcome("Juara I"),
            outcome("Juara II"),
            outcome("Juara III"),
        ])
        .unwrap();
    store.apply_proposal().unwrap(); // I: No 3, II: No 2, III: No 1
    store
        .finalize(&FinalizeRequest {
            entries: Some(vec![1, 2]),
            chair: "Prof. Dr. Andi Rahmawati, M.Si.".into(),
            secretariat: "Muh. Arsyad Taufiq".into(),
            ..Default::default()
        })
        .unwrap();
    for (lang, sentence) in [
        (
            panelis_core::lang::Lang::Id,
            "wawancara terhadap 2 dari 50 inovasi pelayanan publik, yaitu No 1, 2 dan hasilnya \
             telah difinalisasi, dengan ini diumumkan",
        ),
        (
            panelis_core::lang::Lang::En,
            "interviews of 2 of the 50 public service innovations, No 1, 2, whose results are \
             final, the results are announced",
        ),
    ] {
        let out = dir.path().join(format!("pengumuman-{lang:?}.pdf"));
        let mut request = IssueRequest::new(DocumentKind::Announcement, &out);
        request.lang = lang;
        issue::issue(&dirs, &mut store, &request).unwrap();
        let text = std::process::Command::new("pdftotext")
            .arg(&out)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is needed");
        let text = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(sentence),
            "{lang:?}: {sentence:?} not in\n{text}"
        );
        assert!(
            text.contains("Giatki Ces") && text.contains("Sehati 2020"),
            "{text}"
        );
        assert!(
            text.contains("Juara II") && text.contains("Juara III"),
            "{text}"
        );
        assert!(!text.contains("Jatah Akhirat"), "No 3 is not final: {text}");
        let verified = panelis_report::verify(&std::fs::read(&out).unwrap()).unwrap();
        let scope = verified
            .result_data
            .scope
            .expect("a partial scope is signed");
        assert_eq!((scope.entries, scope.of), (vec![1, 2], 50));
    }
}

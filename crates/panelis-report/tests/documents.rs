//! Every document type, signed: poppler's `pdfsig` says "Signature is Valid.", pyHanko
//! (a validator nobody here wrote) says "INTACT:TRUSTED,UNTOUCHED" at PAdES level B-B with
//! the organizer's certificate as its only trust root, and `verify` agrees; one flipped byte
//! or an incremental update appended after signing makes all three say so; `pdftotext`
//! shows the entries and the names. Needs poppler-utils (`pdfsig`, `pdftotext`) and pyHanko
//! (`.ci/test` installs it and sets PANELIS_PYHANKO); the tests say so and fail if they are
//! missing.

use panelis_core::lang::Lang;
use panelis_report::{export, verify, DocumentHeader, DocumentKind, Identity, VerifyError};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

#[path = "tools/authority.rs"]
mod authority;
#[path = "tools/pyhanko.rs"]
mod pyhanko;
use authority::openssl;
use pyhanko::{assert_pyhanko_trusts, pyhanko};

fn identity() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| {
        Identity::self_signed("Biro Organisasi Setda Provinsi Sulawesi Selatan").expect("identity")
    })
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed for this test: {e}"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Writes `pem` beside `file` as the trust root for pyHanko.
fn trust_root(dir: &Path, pem: &str) -> std::path::PathBuf {
    let path = dir.join("organizer.pem");
    std::fs::write(&path, pem).expect("write trust root");
    path
}

/// A real incremental update appended after the signature: a new Info dictionary that
/// retitles the document, with its own xref section and trailer.
fn appended_update(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).expect("signed pdf loads");
    let size = doc.max_id + 1;
    let root = doc
        .trailer
        .get(b"Root")
        .expect("root")
        .as_reference()
        .expect("ref");
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(64)..]).into_owned();
    let prev: usize = tail
        .rsplit("startxref")
        .next()
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("startxref");
    let mut out = pdf.to_vec();
    let at = out.len();
    out.extend_from_slice(format!("{size} 0 obj\n<</Title(Ubah)>>\nendobj\n").as_bytes());
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{size} 1\n{at:010} 00000 n\r\ntrailer\n<</Size {} /Root {} {} R /Info {size} 0 R /Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n",
            size + 1,
            root.0,
            root.1
        )
        .as_bytes(),
    );
    out
}

fn pdftotext(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exports `kind`, checks it, flips one byte, checks again.
fn check(kind: DocumentKind, lang: Lang, must_show: &[&str]) {
    let sample = panelis_report::sample::sample(12, 5);
    check_input(kind, lang, &sample.input(), must_show);
}

/// [`check`] of any input: returns the text pdftotext reads.
fn check_input(
    kind: DocumentKind,
    lang: Lang,
    input: &panelis_report::ReportInput<'_>,
    must_show: &[&str],
) -> String {
    let mut header = DocumentHeader::new(lang);
    header.version = 2;
    header.supersedes = Some(uuid::Uuid::new_v4());
    let pdf = export(kind, input, &header, identity()).expect("export");
    assert!(pdf.ends_with(b"%%EOF\n"));
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &pdf).expect("write");

    let sig = tool("pdfsig", &[], &path);
    assert!(sig.contains("Signature is Valid."), "{kind:?}: {sig}");
    assert!(sig.contains("Total document signed"), "{kind:?}: {sig}");
    let trust = trust_root(dir.path(), &identity().certificate_pem().expect("pem"));
    assert_pyhanko_trusts(&path, &trust, &format!("{kind:?}"));
    let verified = verify(&pdf).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
    assert_eq!(verified.document_id, Some(header.id));
    assert_eq!(verified.version, Some(2));
    assert_eq!(verified.supersedes, header.supersedes);
    assert_eq!(verified.certificate_sha256, identity().fingerprint());
    let data = input.results.data(input.competition).covering(input.scope);
    assert_eq!(verified.result_sha256, data.sha256());
    assert_eq!(verified.result_data, data);

    // One instant, the issue's: the signature states it (to the second), and the footer
    // prints it at the venue (the sample's WITA), zone named.
    let issued = header.issued_at;
    assert_eq!(
        verified.signed_at.map(|t| t.timestamp()),
        Some(issued.timestamp()),
        "{kind:?}"
    );
    let local = issued + chrono::Duration::hours(8);
    let month = local.format("%B").to_string();
    let month = match (lang, month.as_str()) {
        (Lang::En, _) => month,
        (_, "January") => "Januari".into(),
        (_, "February") => "Februari".into(),
        (_, "March") => "Maret".into(),
        (_, "May") => "Mei".into(),
        (_, "June") => "Juni".into(),
        (_, "July") => "Juli".into(),
        (_, "August") => "Agustus".into(),
        (_, "October") => "Oktober".into(),
        (_, "December") => "Desember".into(),
        _ => month,
    };
    let footer = format!(
        "{} {} {month} {}, {} WITA",
        lang.pick("terbit", "issued"),
        local.format("%-d"),
        local.format("%Y"),
        local.format(lang.pick("%H.%M", "%H:%M"))
    );
    let text = pdftotext(&path);
    let flat_text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat_text.contains(&footer),
        "{kind:?}: {footer:?} not in\n{flat_text}"
    );
    for needle in must_show {
        assert!(text.contains(needle), "{kind:?}: {needle:?} not in\n{text}");
    }
    assert!(
        text.contains(&header.id.to_string()),
        "document id on the page"
    );
    assert!(text.contains(&data.sha256()), "result digest on the page");
    // The footer prints the organizer certificate's SHA-256 in groups, to compare by eye.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let fingerprint = panelis_report::anchor::grouped(&identity().fingerprint());
    assert!(
        flat.contains(&fingerprint),
        "{kind:?}: {fingerprint} not in\n{flat}"
    );

    // One flipped byte in the page content (inside the signed range).
    let mut tampered = pdf.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    std::fs::write(&path, &tampered).expect("write");
    let sig = tool("pdfsig", &[], &path);
    assert!(
        !sig.contains("Signature is Valid."),
        "{kind:?} tampered: {sig}"
    );
    let e = verify(&tampered).expect_err("tampered");
    assert!(
        matches!(
            e,
            VerifyError::DigestMismatch | VerifyError::NotPdf(_) | VerifyError::Coverage(_)
        ),
        "{e}"
    );
    let out = pyhanko(&path, &trust);
    let summary = out["summary"].as_str().unwrap_or("");
    assert!(
        !summary.starts_with("INTACT"),
        "{kind:?} tampered, pyHanko: {out}"
    );

    // An incremental update appended after signing: the signature still verifies over what
    // it covers, and every checker says it no longer covers the whole file.
    let extended = appended_update(&pdf);
    std::fs::write(&path, &extended).expect("write");
    let sig = tool("pdfsig", &[], &path);
    assert!(
        sig.contains("Not total document signed"),
        "{kind:?} extended: {sig}"
    );
    let out = pyhanko(&path, &trust);
    assert_ne!(out["coverage"], "ENTIRE_FILE", "{kind:?} extended: {out}");
    let summary = out["summary"].as_str().unwrap_or("");
    assert!(
        !summary.ends_with("UNTOUCHED"),
        "{kind:?} extended, pyHanko: {out}"
    );
    let e = verify(&extended).expect_err("extended");
    assert!(
        matches!(e, VerifyError::Coverage(_)),
        "{kind:?} extended: {e}"
    );
    text
}

fn first_entries() -> Vec<&'static str> {
    vec![
        "Sehati 2020",
        "Giatki Ces",
        "Jatah Akhirat",
        "Transportation Smart",
    ]
}

#[test]
fn minutes_are_signed_and_show_the_panel() {
    let mut show = first_entries();
    show.extend([
        "Pada hari ini Selasa tanggal tujuh bulan Maret tahun dua ribu dua puluh tiga",
        "Prof. Dr. Andi Rahmawati, M.Si.",
        "Nurul Fadhilah, S.H., M.H.",
        "Muh. Arsyad Taufiq",
        "Halaman 1 dari",
        "menggantikan",
        "Seri",
    ]);
    check(DocumentKind::Minutes, Lang::Id, &show);
}

#[test]
fn recap_is_signed_and_marks_ties_and_abstentions() {
    let mut show = first_entries();
    show.extend([
        "Rekapitulasi Nilai",
        // Column headers whole, never broken inside the word.
        "Lembar",
        "Rentang",
        "Seri",
        "abs",
        "Belum",
        "Ir. Sitti Nurhaedah",
    ]);
    check(DocumentKind::Recap, Lang::Id, &show);
}

#[test]
fn sheets_are_signed_one_per_panelist() {
    let mut show = first_entries();
    show.extend([
        "Lembar Penilaian: Prof. Dr. Andi Rahmawati, M.Si.",
        "Lembar Penilaian: Drs. Hendra Palinggi, M.Si.",
        "Abstain",
    ]);
    check(DocumentKind::Sheets, Lang::Id, &show);
}

#[test]
fn schedule_is_signed() {
    let mut show = first_entries();
    show.extend([
        "Jadwal Presentasi",
        "Selasa, 7 Maret 2023",
        "08:00–08:25",
        "Ruang Sidang Utama",
        "Semua waktu dalam WITA.",
    ]);
    check(DocumentKind::Schedule, Lang::Id, &show);
}

#[test]
fn all_documents_in_english() {
    let mut show = first_entries();
    show.extend([
        "On this day, Tuesday, 7 March 2023",
        "Score Recapitulation",
        "Ballots",
        "Score Sheet",
        "Presentation Schedule",
        "Page 1 of",
        "supersedes",
    ]);
    check(DocumentKind::All, Lang::En, &show);
}

#[test]
fn a_document_signed_again_by_someone_else_is_refused() {
    let sample = panelis_report::sample::sample(4, 3);
    let header = DocumentHeader::new(Lang::Id);
    let pdf = export(DocumentKind::Recap, &sample.input(), &header, identity()).expect("export");
    let other = Identity::self_signed("Pihak Lain").expect("identity");
    let data = sample.results.data(&sample.competition);
    let json = data.canonical_json();
    let sha = data.sha256();
    let twice = panelis_report::sign::sign_pdf(
        &pdf,
        &other,
        &panelis_report::sign::Embedding {
            header: &header,
            result_json: &json,
            result_sha256: &sha,
            reason: "Ditandatangani ulang",
            location: "Makassar",
        },
        chrono::Utc::now(),
    )
    .expect("signed again");
    assert_eq!(verify(&twice), Err(VerifyError::SeveralSignatures(2)));
    assert_eq!(
        VerifyError::SeveralSignatures(2).code(),
        "several_signatures"
    );
}

#[test]
fn unsigned_and_garbage_files_are_invalid_with_a_reason() {
    let sample = panelis_report::sample::sample(4, 3);
    let header = DocumentHeader::new(Lang::Id);
    let rendered =
        panelis_report::render(DocumentKind::Recap, &sample.input(), &header).expect("render");
    assert_eq!(verify(&rendered.pdf), Err(VerifyError::Unsigned));
    assert!(matches!(verify(b"not a pdf"), Err(VerifyError::NotPdf(_))));
}

#[test]
fn a_flipped_byte_in_the_signature_value_is_invalid() {
    let sample = panelis_report::sample::sample(4, 3);
    let header = DocumentHeader::new(Lang::Id);
    let pdf = export(DocumentKind::Recap, &sample.input(), &header, identity()).expect("export");
    let at = pdf
        .windows(11)
        .rposition(|w| w == b"/Contents <")
        .map(|p| p + 11 + 200)
        .expect("contents");
    let mut tampered = pdf.clone();
    tampered[at] = if tampered[at] == b'a' { b'b' } else { b'a' };
    assert!(verify(&tampered).is_err());
}

#[test]
fn changed_result_data_is_detected_even_when_re_signed_by_someone_else() {
    // Someone with another key re-signs a document whose embedded data was replaced: the
    // signature is valid, but it is not the organizer's, and the digest no longer matches.
    let sample = panelis_report::sample::sample(4, 3);
    let header = DocumentHeader::new(Lang::Id);
    let rendered =
        panelis_report::render(DocumentKind::Recap, &sample.input(), &header).expect("render");
    let other = Identity::self_signed("Pihak Lain").expect("other");
    let forged = panelis_report::sign::sign_pdf(
        &rendered.pdf,
        &other,
        &panelis_report::sign::Embedding {
            header: &header,
            result_json: b"{\"format\":1}",
            result_sha256: &rendered.result_sha256,
            reason: "x",
            location: "y",
        },
        chrono::Utc::now(),
    )
    .expect("sign");
    assert!(matches!(
        verify(&forged),
        Err(VerifyError::ResultDataMismatch { .. })
    ));
}

#[test]
fn a_p12_certificate_from_an_authority_signs_documents() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    authority::two_level_p12(d);
    let p12 = std::fs::read(d.join("org.p12")).expect("p12");

    let store = d.join("identity");
    let wrong = Identity::import_p12(&store, &p12, "salah").expect_err("wrong password");
    assert!(wrong.to_string().contains("wrong password"), "{wrong}");
    let identity = Identity::import_p12(&store, &p12, "rahasia").expect("import");
    assert_eq!(identity.subject(), "Biro Organisasi Setda Sulsel");
    assert_eq!(identity.issuer(), "Contoh CA Instansi");
    assert!(!identity.is_self_signed());
    let again = Identity::load(&store).expect("load").expect("stored");
    assert_eq!(again.fingerprint(), identity.fingerprint());

    let sample = panelis_report::sample::sample(6, 3);
    let header = DocumentHeader::new(Lang::Id);
    let pdf = export(DocumentKind::Minutes, &sample.input(), &header, &identity).expect("export");
    let path = d.join("minutes.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let sig = tool("pdfsig", &[], &path);
    assert!(sig.contains("Signature is Valid."), "{sig}");
    assert!(sig.contains("Biro Organisasi Setda Sulsel"), "{sig}");
    // Trusted through the authority's root alone: the CMS carries the chain. Every kind.
    assert_pyhanko_trusts(&path, &d.join("root.crt"), "p12 chain");
    for kind in [
        DocumentKind::Recap,
        DocumentKind::Sheets,
        DocumentKind::Schedule,
        DocumentKind::All,
    ] {
        let pdf = export(kind, &sample.input(), &header, &identity).expect("export");
        let path = d.join("kind.pdf");
        std::fs::write(&path, &pdf).expect("write");
        assert!(tool("pdfsig", &[], &path).contains("Signature is Valid."));
        assert_pyhanko_trusts(&path, &d.join("root.crt"), &format!("p12 chain {kind:?}"));
    }
    let stranger = trust_root(d, &self::identity().certificate_pem().expect("pem"));
    let out = pyhanko(&path, &stranger);
    let summary = out["summary"].as_str().unwrap_or("");
    assert!(
        summary.starts_with("INTACT:UNTRUSTED"),
        "another root must not trust it: {out}"
    );
    let v = verify(&pdf).expect("valid");
    assert_eq!(v.issuer, "Contoh CA Instansi");
    assert!(!v.self_signed);

    // The legacy format (RC2/3DES) is refused with a reason, not misread.
    openssl(
        d,
        &[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            "org.key",
            "-in",
            "org.crt",
            "-out",
            "legacy.p12",
            "-passout",
            "pass:rahasia",
        ],
    );
    if let Ok(legacy) = std::fs::read(d.join("legacy.p12")) {
        let e = Identity::import_p12(&d.join("other"), &legacy, "rahasia").expect_err("legacy");
        assert!(
            e.to_string().contains("legacy") || e.to_string().contains("AES"),
            "{e}"
        );
    }
}

/// The sample with its last entry (the one nobody scored) marked absent, results recomputed.
fn sample_with_absent_last(entries: usize, panelists: usize) -> panelis_report::sample::Sample {
    let mut sample = panelis_report::sample::sample(entries, panelists);
    if let Some(last) = sample.entries.last_mut() {
        last.present = Some(false);
    }
    sample.results = panelis_core::results::compute(
        panelis_core::results::ResultInput {
            entries: &sample.entries,
            panelists: &sample.panelists,
            rubric: &sample.rubric,
            conflicts: &sample.conflicts,
            ballots: &sample.ballots,
        },
        panelis_core::results::ResultOptions::default(),
    );
    sample
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_absent_entry_is_printed_absent_not_unscored_in_both_languages() {
    let sample = sample_with_absent_last(12, 5);
    for (lang, absent, unscored, opening) in [
        (
            Lang::Id,
            "Tidak hadir",
            "Belum dinilai",
            "terhadap 12 inovasi pelayanan publik (11 dinilai, 1 tidak hadir: No 12)",
        ),
        (
            Lang::En,
            "Absent",
            "Not scored",
            "of 12 public service innovations (11 scored, 1 absent: No 12)",
        ),
    ] {
        let minutes = flat(&check_input(
            DocumentKind::Minutes,
            lang,
            &sample.input(),
            &[],
        ));
        assert!(
            minutes.contains(opening),
            "{lang:?}: {opening:?} not in\n{minutes}"
        );
        assert!(minutes.contains(absent), "{lang:?} minutes: {absent:?}");
        assert!(
            !minutes.contains(unscored),
            "{lang:?} minutes say {unscored:?}"
        );
        let recap = flat(&check_input(
            DocumentKind::Recap,
            lang,
            &sample.input(),
            &[],
        ));
        assert!(
            recap.contains(absent),
            "{lang:?} recap: {absent:?}\n{recap}"
        );
        assert!(
            !recap.contains(unscored),
            "{lang:?} recap says {unscored:?}"
        );
        // One line per panelist's sheet.
        let sheets = check_input(DocumentKind::Sheets, lang, &sample.input(), &[]);
        assert_eq!(sheets.matches(absent).count(), 5, "{lang:?}\n{sheets}");
        // Only the one ballot really missing (No 3 on the second panelist's sheet).
        assert_eq!(sheets.matches(unscored).count(), 1, "{lang:?}\n{sheets}");
    }
}

#[test]
fn documents_of_a_partial_scope_print_its_entries_only_and_say_which() {
    let sample = panelis_report::sample::sample(12, 5);
    let scope = panelis_core::results::DocumentScope {
        entries: vec![1, 2, 3, 4, 5],
        of: 12,
        finalized: true,
        rooms: vec!["Ruang Kenanga".into()],
    };
    let mut input = sample.input();
    input.scope = Some(&scope);
    // Entries 6 and 7 (and the unscored 12) are outside it.
    let outside = ["Pildacil Desa/Kelurahan", "Transportation Smart"];
    for (lang, opening, covers) in [
        (
            Lang::Id,
            "terhadap 5 dari 12 inovasi pelayanan publik, yaitu yang dijadwalkan di Ruang \
             Kenanga (No 1-5) dan hasilnya telah difinalisasi (5 dinilai), dengan susunan",
            "Mencakup: 5 dari 12 inovasi pelayanan publik, yaitu yang dijadwalkan di Ruang \
             Kenanga (No 1-5), yang hasilnya telah difinalisasi.",
        ),
        (
            Lang::En,
            "of 5 of the 12 public service innovations, those scheduled in Ruang Kenanga \
             (No 1-5), whose results are final (5 scored). The panel was:",
            "Covers: 5 of the 12 public service innovations, those scheduled in Ruang Kenanga \
             (No 1-5), whose results are final.",
        ),
    ] {
        let minutes = flat(&check_input(DocumentKind::Minutes, lang, &input, &[]));
        assert!(
            minutes.contains(opening),
            "{lang:?}: {opening:?} not in\n{minutes}"
        );
        let recap = flat(&check_input(DocumentKind::Recap, lang, &input, &[]));
        assert!(
            recap.contains(covers),
            "{lang:?}: {covers:?} not in\n{recap}"
        );
        let sheets = flat(&check_input(DocumentKind::Sheets, lang, &input, &[]));
        assert_eq!(sheets.matches(covers).count(), 5, "{lang:?} one per sheet");
        for text in [&minutes, &recap, &sheets] {
            for title in outside {
                assert!(
                    !text.contains(title),
                    "{lang:?}: {title:?} is outside the scope"
                );
            }
            assert!(text.contains("Jatah Akhirat"), "No 5 is inside");
        }
    }
    // The data the document embeds names the scope; its numbers stay whole.
    let header = DocumentHeader::new(Lang::Id);
    let pdf = export(DocumentKind::Minutes, &input, &header, identity()).expect("export");
    let verified = verify(&pdf).expect("valid");
    assert_eq!(verified.result_data.scope.as_ref(), Some(&scope));
    assert_eq!(verified.result_data.entries.len(), 12);
}

/// The pages of a PDF as pdftotext reads them.
fn pages(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("m.pdf");
    std::fs::write(&path, pdf).expect("write");
    pdftotext(&path)
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

#[test]
fn the_minutes_signature_block_is_whole_on_one_page_with_the_secretariat_once() {
    // Seven panelists: four lines of blocks, then the secretariat. Every length of the
    // ranking from 1 to 30 entries moves where the block starts, across page ends.
    let mut moved = 0;
    for lang in [Lang::Id, Lang::En] {
        let (heading, secretariat) = match lang {
            Lang::Id => ("Tim Panel Independen", "Sekretariat"),
            Lang::En => ("Independent Panel", "Secretariat"),
        };
        for entries in 1..=30 {
            let mut sample = panelis_report::sample::sample(entries, 7);
            if lang == Lang::En {
                sample.minutes.secretariat[0].role = "Secretariat".into();
            }
            let header = DocumentHeader::new(lang);
            let pdf = panelis_report::render(DocumentKind::Minutes, &sample.input(), &header)
                .expect("render")
                .pdf;
            let pages = pages(&pdf);
            let has_line = |page: &str, wanted: &str| page.lines().any(|l| l.trim() == wanted);
            let block_page = pages
                .iter()
                .position(|p| has_line(p, heading))
                .unwrap_or_else(|| panic!("{lang:?} {entries}: no {heading:?} heading"));
            let page = flat(&pages[block_page]);
            let mut parts = vec![
                lang.pick("Demikian berita acara", "These minutes were drawn up"),
                lang.pick("Makassar, 7 Maret 2023", "Makassar, 7 March 2023"),
                "Muh. Arsyad Taufiq, S.STP., M.Si.",
            ];
            parts.extend(sample.panelists.iter().map(|p| p.name.as_str()));
            for part in parts {
                assert!(
                    page.contains(part),
                    "{lang:?}, {entries} entries: {part:?} not on the signature page {}:\n{page}",
                    block_page + 1
                );
            }
            let said: usize = pages
                .iter()
                .map(|p| p.lines().filter(|l| l.trim() == secretariat).count())
                .sum();
            assert_eq!(said, 1, "{lang:?}, {entries} entries: {secretariat:?} once");
            // The block was moved whole to a new page: nothing of the ranking with it.
            if !page.contains(lang.pick("Hasil penilaian", "Result of the assessment"))
                && !sample.entries.iter().any(|e| page.contains(&e.title))
            {
                moved += 1;
            }
        }
    }
    assert!(
        moved > 0,
        "no length put the block at a page end: the test proves nothing"
    );
}

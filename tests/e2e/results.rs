//! Hasil & Dokumen in the real window: the ranked table from paper ballots prepared before
//! launch (ranks, the tie marker, unscored without rank), the recap exported to a path as a
//! PDF that poppler's `pdfsig` accepts and printed (opened in the system's viewer, here a
//! recording `xdg-open`), verified in the app, finalization through the dialog
//! after which the core refuses a ballot for a finalized entry on the same file, reopening
//! that refuses a missing reason, and the next export naming the version it supersedes.
//! Needs poppler-utils (`pdfsig`, `pdftoppm`).
#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use fantoccini::Locator;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::BallotForm;
use panelis_core::model::Signer;
use panelis_core::{paths, Error, Store};
use panelis_e2e::scored::{ranked_demo, scores_csv};
use panelis_e2e::{render_pdf, App};
use std::path::Path;
use std::process::Command;

const CHAIR: &str = "Prof. Dr. Andi Rahmawati, M.Si.";

/// An `xdg-open` in `bin` that writes the path it is given to `opened`; the PATH that finds
/// it first.
fn recording_viewer(bin: &Path, opened: &Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(bin).unwrap();
    let viewer = bin.join("xdg-open");
    std::fs::write(
        &viewer,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// The file's text once something has written it (the viewer runs detached).
fn wait_for_file(path: &Path) -> String {
    for _ in 0..100 {
        if let Ok(text) = std::fs::read_to_string(path) {
            if !text.is_empty() {
                return text;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("nothing opened {}", path.display());
}

/// A screenshot once the page has painted what the DOM holds (two animation frames).
/// Checks the PDF at `path` through the screen; (headline, whole card) once the card names
/// that file.
async fn check_document(app: &App, path: &Path) -> (String, String) {
    app.call_screen(
        "panelis-results",
        "verifyDocument",
        vec![path.display().to_string().into()],
    )
    .await;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let check = app
        .wait_text("[data-testid=check-result]", |t| t.contains(&name))
        .await;
    (app.text_of("[data-testid=check-headline]").await, check)
}

async fn shot(app: &App, name: &str) {
    app.painted_screenshot(name).await;
}

fn pdfsig(path: &Path) -> String {
    let out = Command::new("pdfsig")
        .arg(path)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn fill(app: &App, css: &str, text: &str) {
    let field = app
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    field
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

#[tokio::test]
async fn results_rank_export_signed_recap_finalize_and_refuse_late_ballots() {
    let (dir, file) = ranked_demo();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    // The system's viewer, as the app finds it (xdg-open on the PATH): this one writes down
    // what it was asked to open.
    let (bin, opened) = (dir.path().join("bin"), dir.path().join("opened.txt"));
    let path = recording_viewer(&bin, &opened);
    let app = App::launch_in_env(dir, &[("PATH", &path)]).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click(".sidenav a[data-area=results]").await;

    // The ranked table: 3 first, 1 and 2 tied at rank 2 with a visible marker, 4 at rank 4
    // with a ballot missing, 5 unscored without rank.
    app.text_of("[data-testid=results-table]").await;
    let rank = |no: u32| format!("tr[data-no='{no}'] [data-testid=rank]");
    assert_eq!(app.text_of(&rank(3)).await, "1");
    assert_eq!(app.text_of(&rank(1)).await, "2 seri");
    assert_eq!(app.text_of(&rank(2)).await, "2 seri");
    assert_eq!(app.text_of(&rank(4)).await, "4");
    assert_eq!(app.text_of(&rank(5)).await, "–");
    for no in [1, 2] {
        app.client
            .find(Locator::Css(&format!(
                "tr[data-no='{no}'] [data-testid=tie]"
            )))
            .await
            .expect("tie marker");
    }
    assert!(app
        .client
        .find(Locator::Css("tr[data-no='3'] [data-testid=tie]"))
        .await
        .is_err());
    let row4 = app.text_of("tr[data-no='4']").await;
    assert!(
        row4.contains("63.75") && row4.contains("4/5") && row4.contains("⚑ P4"),
        "{row4}"
    );
    let ties = app.text_of("[data-testid=ties-note]").await;
    assert!(ties.contains("Peringkat 2 (80.00): No 1, 2"), "{ties}");
    assert!(app
        .text_of("tr[data-no='5']")
        .await
        .contains("Belum dinilai"));
    assert_eq!(
        app.text_of("[data-testid=final-status]").await,
        "Belum final"
    );
    shot(&app, "results").await;

    // The recap, exported to a path (the save dialog only supplies one), is signed.
    let recap = out.join("rekap.pdf");
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec!["recap".into(), recap.display().to_string().into()],
    )
    .await;
    let message = app
        .wait_text("[data-testid=res-message]", |t| t.contains("rekap.pdf"))
        .await;
    assert!(message.contains("Versi 1."), "{message}");
    assert!(pdfsig(&recap).contains("Signature is Valid."));
    let issued = app.text_of("[data-testid=issued-list]").await;
    assert!(
        issued.contains("Rekapitulasi nilai") && issued.contains("v1"),
        "{issued}"
    );
    // "Cetak" opens the issued PDF itself in the system's viewer.
    app.click("[data-testid=issued-list] [data-print]").await;
    let message = app
        .wait_text("[data-testid=res-message]", |t| {
            t.contains("penampil sistem")
        })
        .await;
    let asked = wait_for_file(&opened);
    assert_eq!(asked.trim(), recap.display().to_string(), "{message}");
    let cert = app.text_of("[data-testid=certificate]").await;
    assert!(
        cert.contains("Biro Organisasi") && cert.contains("ditandatangani sendiri"),
        "the first export made the organizer's certificate: {cert}"
    );
    // Publish the anchor: the certificate as PEM, its fingerprint said on screen.
    let pem = out.join("sertifikat-penyelenggara.pem");
    app.call_screen(
        "panelis-results",
        "exportCertificate",
        vec![pem.display().to_string().into()],
    )
    .await;
    let said = app
        .wait_text("[data-testid=res-message]", |t| t.contains(".pem"))
        .await;
    let text = std::fs::read_to_string(&pem).expect("the certificate was written");
    assert!(text.starts_with("-----BEGIN CERTIFICATE-----"), "{text}");
    assert!(!text.contains("PRIVATE KEY"), "never the key");
    let fingerprint = app
        .text_of("[data-testid=certificate] code.fingerprint")
        .await;
    assert!(said.contains(&fingerprint), "{said} / {fingerprint}");
    assert_eq!(
        fingerprint.split(' ').count(),
        16,
        "grouped as on the footer: {fingerprint}"
    );
    // The recap just exported verifies against the published certificate.
    let published = panelis_report::anchor::organizer_fingerprint(pem.to_str().unwrap())
        .expect("a certificate");
    let signed = panelis_report::verify(&std::fs::read(&recap).unwrap()).expect("valid");
    assert_eq!(signed.certificate_sha256, published);
    shot(&app, "results-exported").await;
    render_pdf(&recap, "results-recap", 1, 60);

    // Verify a PDF: the one just exported is valid and on record.
    let (headline, check) = check_document(&app, &recap).await;
    assert!(
        headline.contains("Dokumen resmi yang berlaku dari penyelenggara kompetisi ini"),
        "{headline}"
    );
    assert!(
        check.contains("ditandatangani dengan sertifikat penyelenggara")
            && check.contains("tercatat sebagai dokumen terbit, versi 1")
            && check.contains("versi yang berlaku"),
        "{check}"
    );

    // Finalize through the dialog: chair preselected, the secretariat named.
    app.click("[data-testid=finalize]").await;
    fill(
        &app,
        ".finalize-dialog input[name=secretariat]",
        "Muh. Arsyad Taufiq",
    )
    .await;
    let chair = app
        .client
        .execute(
            "return document.querySelector('.finalize-dialog select[name=chair]').value;",
            vec![],
        )
        .await
        .expect("chair");
    assert_eq!(chair, CHAIR);
    // Ballots are missing (Nurul's for No 4, every ballot of the unscored entries): the
    // dialog lists them and the chair's override reason is required.
    let missing = app.text_of("[data-testid=fin-missing]").await;
    assert!(
        missing.contains("No 4 Pildacil Desa/Kelurahan: Nurul Fadhilah"),
        "the dialog lists the missing ballot: {missing}"
    );
    fill(
        &app,
        ".finalize-dialog [data-testid=quorum-override]",
        "Ketua panel menyetujui: inovasi yang belum dinilai tidak hadir",
    )
    .await;
    shot(&app, "results-finalize-dialog").await;
    app.click("[data-testid=finalize-confirm]").await;
    app.wait_text("[data-testid=final-status]", |t| {
        t == "Final: semua 50 inovasi"
    })
    .await;
    let message = app.text_of("[data-testid=res-message]").await;
    assert!(message.contains("No 1-50 difinalisasi"), "{message}");
    shot(&app, "results-finalized").await;

    // A ballot for a finalized entry, saved through the core on the same file, is refused.
    let keys = Keystore::new(app.data_dir.path().join("keys"));
    let mut store = Store::open(&file).expect("open the same file");
    let andi = store.panelist_named(CHAIR).expect("chair").id;
    let e1 = store
        .entries()
        .expect("entries")
        .into_iter()
        .find(|e| e.no == 1)
        .expect("entry 1")
        .id;
    let form = BallotForm::with_scores(
        &store
            .rubric()
            .expect("rubric")
            .criteria
            .iter()
            .map(|c| (c.id, 75))
            .collect::<Vec<_>>(),
    );
    let key = store
        .ensure_signing_key(&keys, Signer::Panelist, andi)
        .expect("key");
    let err = store
        .submit_ballot(andi, e1, &form, &key)
        .expect_err("finalized entries take no ballot");
    assert!(err.to_string().contains("finalized"), "{err}");
    let text = scores_csv(&store, &[1], |_, _| Some(60));
    match store.import_paper_scores(&text, &keys) {
        Err(Error::Rejected { problems, .. }) => {
            assert!(problems.iter().any(|p| p.message_en.contains("finalized")))
        }
        other => panic!("paper ballots for a finalized entry: {other:?}"),
    }
    drop(store);

    // Reopening refuses an empty reason, then takes one; the next recap is version 2.
    app.click("[data-testid=reopen]").await;
    app.click("[data-testid=reopen-confirm]").await;
    app.wait_text(".reopen-dialog .form-error", |t| t.contains("alasan"))
        .await;
    fill(
        &app,
        ".reopen-dialog textarea[name=reason]",
        "Ketua panel meminta pemeriksaan ulang lembar kertas",
    )
    .await;
    app.click("[data-testid=reopen-confirm]").await;
    app.wait_text("[data-testid=final-status]", |t| t == "Belum final")
        .await;
    let recap2 = out.join("rekap-2.pdf");
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec!["recap".into(), recap2.display().to_string().into()],
    )
    .await;
    let message = app
        .wait_text("[data-testid=res-message]", |t| t.contains("rekap-2.pdf"))
        .await;
    assert!(
        message.contains("Versi 2, menggantikan versi 1."),
        "{message}"
    );
    assert!(pdfsig(&recap2).contains("Signature is Valid."));
    // The first recap is now reported as superseded.
    let (headline, check) = check_document(&app, &recap).await;
    assert!(
        headline.contains("Bukan dokumen resmi yang berlaku"),
        "{headline}"
    );
    assert!(check.contains("digantikan oleh versi 2 tanggal"), "{check}");
    shot(&app, "results-check-superseded").await;

    // A forgery: a recap of a competition with the same name, signed on another laptop
    // with a fresh key. Its signature is intact; the screen says whose it is not.
    let forger = panelis_report::Identity::self_signed("Biro Organisasi").expect("identity");
    let sample = panelis_report::sample::sample(6, 3);
    let forged = panelis_report::export(
        panelis_report::DocumentKind::Recap,
        &sample.input(),
        &panelis_report::DocumentHeader::new(panelis_core::lang::Lang::Id),
        &forger,
    )
    .expect("forged recap");
    let forged_path = out.join("rekap-palsu.pdf");
    std::fs::write(&forged_path, forged).expect("write");
    let (headline, check) = check_document(&app, &forged_path).await;
    assert!(
        headline.contains("Bukan dokumen resmi yang berlaku"),
        "{headline}"
    );
    assert!(
        check.contains("ditandatangani dengan sertifikat lain")
            && check.contains("tidak diterbitkan oleh kompetisi ini"),
        "{check}"
    );
    shot(&app, "results-check-forged").await;

    // A tampered copy: one byte inside the first recap's first stream changed.
    let mut tampered = std::fs::read(&recap).expect("recap");
    let at = tampered
        .windows(7)
        .position(|w| w == b"stream\n" || w == b"stream\r")
        .expect("a stream")
        + 24;
    tampered[at] ^= 0x01;
    let tampered_path = out.join("rekap-diubah.pdf");
    std::fs::write(&tampered_path, tampered).expect("write");
    let (headline, check) = check_document(&app, &tampered_path).await;
    assert!(headline.contains("Tidak sah"), "{headline}");
    assert!(
        check.contains("Berkas diubah sesudah ditandatangani"),
        "the reason in Indonesian: {check}"
    );
    // The checker's own (English) words only behind a closed "Rincian" disclosure.
    let closed = app
        .text_of("[data-testid=check-result] details:not([open]) summary")
        .await;
    assert_eq!(closed, "Rincian");
    let sentence = app.text_of("[data-testid=check-result] p[data-code]").await;
    assert!(!sentence.contains("digest"), "{sentence}");
    shot(&app, "results-reopened").await;

    // Criterion means and the z-score view, labelled as a view, on request.
    app.click("[data-toggle=means]").await;
    app.wait_text(".results-table thead", |t| t.contains("kebar"))
        .await;
    app.click("[data-toggle=z]").await;
    let head = app
        .wait_text(".results-table thead", |t| t.contains("Nilai-z"))
        .await;
    assert!(head.contains("Tampilan, bukan hasil"), "{head}");
    let row3 = app.text_of("tr[data-no='3']").await;
    assert!(row3.contains("90.00"), "{row3}");
    shot(&app, "results-views").await;

    // In English too.
    app.click("[data-action=lang]").await;
    app.wait_text("[data-testid=final-status]", |t| t == "Not final")
        .await;
    assert_eq!(app.text_of(&rank(1)).await, "2 tie");
    shot(&app, "results-en").await;
    render_pdf(&recap2, "results-recap-v2", 1, 60);

    // The audit log of the file is intact and holds the finalize, reopen and issues.
    let store = Store::open(&file).expect("open");
    assert_eq!(store.verify_audit().expect("verify"), None);
    let actions: Vec<String> = store
        .audit_events()
        .expect("events")
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["results.finalized", "results.reopened", "document.issued"] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
    drop(store);
    app.quit().await;
}

#[tokio::test]
async fn a_no_show_is_absent_and_the_minutes_cover_the_finalized_entries() {
    // Before launch: No 6 did not come (the schedule's no-show), and entries 1-3 and 6 are
    // finalized (No 6 expects no ballot, so no override is needed).
    let (dir, file) = ranked_demo();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let mut store = Store::open(&file).expect("open");
    let slot = store.slot_of_entry_no(6).expect("slot of No 6");
    store.mark_no_show(slot.id).expect("no-show");
    // The chair's paper sheet for No 7, then a conflict of interest found on it: the ballot
    // stays on record, not counted, and the screen says why.
    let criteria = store.rubric().expect("rubric").criteria;
    let mut csv = String::from("panelist;entry;criterion;score\n");
    for c in &criteria {
        csv += &format!("\"{CHAIR}\";7;{};60\n", c.code);
    }
    store
        .import_paper_scores(&csv, &Keystore::new(dir.path().join("keys")))
        .expect("No 7");
    let chair = store.panelist_named(CHAIR).expect("chair").id;
    let seven = store.entries().expect("entries")[6].id;
    store
        .add_conflict(chair, seven, "berasal dari daerah yang sama")
        .expect("conflict");
    store
        .finalize(&panelis_core::store::FinalizeRequest {
            entries: Some(vec![1, 2, 3, 6]),
            chair: CHAIR.into(),
            secretariat: "Muh. Arsyad Taufiq".into(),
            ..Default::default()
        })
        .expect("finalize 1-3 and 6");
    drop(store);
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click(".sidenav a[data-area=results]").await;

    // No 6 reads absent, without a ballot count; No 5 (nobody scored it yet) unscored.
    app.text_of("[data-testid=results-table]").await;
    let row6 = app.text_of("tr[data-no='6']").await;
    assert!(row6.contains("Tidak hadir") && row6.contains("–"), "{row6}");
    assert!(
        !row6.contains("Belum dinilai") && !row6.contains("0/"),
        "{row6}"
    );
    let row5 = app.text_of("tr[data-no='5']").await;
    assert!(
        row5.contains("Belum dinilai") && row5.contains("0/5"),
        "{row5}"
    );
    let head = app.text_of("tr.group-row").await;
    assert!(
        head.eq_ignore_ascii_case("Tanpa peringkat: belum dinilai atau tidak hadir"),
        "{head}"
    );
    // What the documents will cover, before issuing one.
    let scope = app.text_of("[data-testid=doc-scope]").await;
    assert_eq!(
        scope,
        "Dokumen mencakup 4 dari 50 inovasi yang hasilnya sudah final: No 1-3, 6."
    );
    let skipped = app.text_of("[data-testid=skipped-ballots]").await;
    assert_eq!(
        skipped,
        format!("{CHAIR}, No 7: panelis abstain pada inovasi ini (konflik kepentingan)")
    );
    app.scroll_to("tr.group-row").await;
    shot(&app, "results-absent").await;
    app.scroll_to("[data-testid=doc-scope]").await;
    shot(&app, "results-doc-scope").await;

    // The minutes issued from the screen say it in their opening sentence and list No 6
    // as absent; nothing of the entries not final.
    let minutes = out.join("berita-acara.pdf");
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec!["minutes".into(), minutes.display().to_string().into()],
    )
    .await;
    app.wait_text("[data-testid=res-message]", |t| {
        t.contains("berita-acara.pdf")
    })
    .await;
    assert!(pdfsig(&minutes).contains("Signature is Valid."));
    let text = panelis_e2e::pdf_text(&minutes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(
            "terhadap 4 dari 50 inovasi pelayanan publik, yaitu No 1-3, 6 dan hasilnya telah \
             difinalisasi (3 dinilai, 1 tidak hadir: No 6)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Tidak hadir (1 inovasi, tanpa urutan): No 6."),
        "{text}"
    );
    assert!(!text.contains("Belum dinilai"), "{text}");
    assert!(!text.contains("Pildacil"), "No 4 is not final: {text}");
    render_pdf(&minutes, "results-minutes-scope", 3, 60);

    // In English too.
    app.click("[data-action=lang]").await;
    let scope = app
        .wait_text("[data-testid=doc-scope]", |t| t.starts_with("Documents"))
        .await;
    assert_eq!(
        scope,
        "Documents cover the 4 of 50 entries whose results are final: No 1-3, 6."
    );
    let row6 = app.text_of("tr[data-no='6']").await;
    assert!(
        row6.contains("Absent") && !row6.contains("Unscored"),
        "{row6}"
    );
    let skipped = app.text_of("[data-testid=skipped-ballots]").await;
    assert_eq!(
        skipped,
        format!("{CHAIR}, No 7: the panelist abstains on this entry (conflict of interest)")
    );
    shot(&app, "results-absent-en").await;
    app.quit().await;
}

#[tokio::test]
async fn the_letterhead_logo_is_chosen_shown_printed_in_the_minutes_and_removed() {
    let (dir, _file) = ranked_demo();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let not_an_image = out.join("logo.png");
    std::fs::write(&not_an_image, "<svg/>").expect("write");
    let logo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/panelis-report/tests/fixtures/logo.png");
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click(".sidenav a[data-area=results]").await;
    let card = app.text_of("[data-testid=logo]").await;
    assert!(card.contains("Belum ada"), "{card}");

    // A file that is not an image is refused, naming it; nothing is set.
    app.call_screen(
        "panelis-results",
        "setLogo",
        vec![not_an_image.display().to_string().into()],
    )
    .await;
    let error = app.text_of("[data-testid=res-error]").await;
    assert!(
        error.contains("logo.png") && error.contains("PNG"),
        "{error}"
    );
    assert!(app
        .text_of("[data-testid=logo]")
        .await
        .contains("Belum ada"));

    // The real logo: previewed on the card, printed in the minutes.
    app.call_screen(
        "panelis-results",
        "setLogo",
        vec![logo.display().to_string().into()],
    )
    .await;
    app.wait_text("[data-testid=res-message]", |t| {
        t.contains("Logo tersimpan")
    })
    .await;
    let width = app
        .client
        .execute(
            "const img = document.querySelector('[data-testid=logo-preview]');
             return img && img.complete ? img.naturalWidth : 0;",
            vec![],
        )
        .await
        .expect("preview");
    assert_eq!(width, serde_json::json!(240), "the preview shows the image");
    app.client
        .execute(
            "document.querySelector('[data-testid=logo]').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await
        .expect("scroll to the logo");
    shot(&app, "results-logo").await;
    let minutes = out.join("berita-acara.pdf");
    app.call_screen(
        "panelis-results",
        "exportDocument",
        vec!["minutes".into(), minutes.display().to_string().into()],
    )
    .await;
    app.wait_text("[data-testid=res-message]", |t| {
        t.contains("berita-acara.pdf")
    })
    .await;
    assert!(pdfsig(&minutes).contains("Signature is Valid."));
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&minutes)
        .output()
        .expect("pdfimages (poppler-utils)");
    let listing = String::from_utf8_lossy(&images.stdout);
    assert!(
        listing.contains(" 240   200 "),
        "the logo is printed:\n{listing}"
    );
    render_pdf(&minutes, "results-minutes-logo", 1, 60);

    // Removed: the card says so.
    app.click("[data-action=clear-logo]").await;
    app.wait_text("[data-testid=logo]", |t| t.contains("Belum ada"))
        .await;
    app.quit().await;
}

#[tokio::test]
async fn a_failed_finalization_backup_is_said_in_the_ui_language_with_the_system_words_apart() {
    // The backup folder named in the settings is a file: no backup can be written there.
    let (dir, file) = ranked_demo();
    let dirs = paths::AppDirs::new(dir.path());
    let blocked = dir.path().join("bukan-folder");
    std::fs::write(&blocked, b"a file, not a folder").unwrap();
    panelis_core::backup::Settings {
        folder: Some(blocked.clone()),
        keep: 20,
        every_minutes: 5,
    }
    .save(dirs.data())
    .unwrap();
    let app = App::launch_in(dir).await;
    app.text_of("[data-testid=competition-name]").await;

    // Finalizing stands although its backup fails.
    let answer = app
        .client
        .execute_async(
            "const [chair, done] = arguments;
             window.__TAURI__.core.invoke('finalize_results', { request: {
               entries: [1, 2, 3], chair, secretariat: 'Muh. Arsyad Taufiq' } })
               .then((f) => done(f.entries), (e) => done({ error: e }));",
            vec![CHAIR.into()],
        )
        .await
        .expect("finalize");
    assert_eq!(answer, serde_json::json!([1, 2, 3]), "{answer}");
    assert!(Store::open(&file)
        .unwrap()
        .is_entry_finalized(Store::open(&file).unwrap().entries().unwrap()[0].id)
        .unwrap());

    // The backup card says it in Indonesian; what the system said is behind "details".
    app.click(".sidenav a[data-area=results]").await;
    app.click(".sidenav a[data-area=overview]").await;
    let failed = app.text_of("[data-testid=backup-failed] p").await;
    assert!(failed.starts_with("Cadangan terakhir gagal: "), "{failed}");
    assert!(
        !failed.contains("os error")
            && !failed.contains("File exists")
            && !failed.contains("Not a directory"),
        "the system's words are not the sentence: {failed}"
    );
    let details = app.dom_text("[data-testid=backup-failed] details").await;
    assert!(details.starts_with("Rincian dari sistem"), "{details}");
    assert!(details.contains("os error"), "{details}");
    app.scroll_to("[data-testid=backup-failed]").await;
    app.painted_screenshot("backup-failed-id").await;

    app.click("[data-action=lang]").await;
    let failed = app
        .wait_text("[data-testid=backup-failed] p", |t| {
            t.starts_with("The last")
        })
        .await;
    assert!(failed.starts_with("The last backup failed: "), "{failed}");
    app.quit().await;
}

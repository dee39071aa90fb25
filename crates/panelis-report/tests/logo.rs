//! The organizer's logo in the minutes' letterhead: set from a PNG or JPEG file (checked to
//! decode first), printed in the signed minutes only, and refused with what is wrong for
//! anything else, leaving nothing stored.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_core::paths::AppDirs;
use panelis_report::issue::{self, IssueRequest};
use panelis_report::DocumentKind;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Image XObjects in a PDF (each is written once, with this subtype).
fn images_in(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Subtype /Image").count() + text.matches("/Subtype/Image").count()
}

#[test]
fn the_logo_prints_in_the_minutes_letterhead_and_bad_images_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = AppDirs::new(dir.path());
    let mut store = panelis_core::demo::create(&dir.path().join("demo.panelis")).unwrap();

    // Without a logo: text only.
    let plain = dir.path().join("plain.pdf");
    issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Minutes, &plain),
    )
    .unwrap();
    let plain = std::fs::read(&plain).unwrap();
    assert_eq!(images_in(&plain), 0);

    // Refusals name the file and what is wrong; nothing is stored.
    let text = dir.path().join("logo.png");
    std::fs::write(&text, "not an image").unwrap();
    let err = issue::set_logo(&mut store, &text).unwrap_err();
    assert_eq!(err.code(), "logo_not_image", "{err:?}");
    assert!(err.to_string().contains("logo.png"), "{err}");
    assert!(err.to_string().contains("not a PNG or JPEG"), "{err}");
    let truncated = dir.path().join("truncated.png");
    let png = std::fs::read(fixture("logo.png")).unwrap();
    std::fs::write(&truncated, &png[..png.len() / 3]).unwrap();
    let err = issue::set_logo(&mut store, &truncated).unwrap_err();
    assert!(err.to_string().contains("cannot be read"), "{err}");
    let missing = dir.path().join("nowhere.png");
    let err = issue::set_logo(&mut store, &missing).unwrap_err();
    assert!(err.to_string().contains("nowhere.png"), "{err}");
    assert_eq!(store.organizer_logo().unwrap(), None);

    // A PNG with transparency: the minutes carry it, still signed and valid.
    let logo = issue::set_logo(&mut store, &fixture("logo.png")).unwrap();
    assert_eq!(logo.media_type, "image/png");
    let minutes = dir.path().join("minutes.pdf");
    issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Minutes, &minutes),
    )
    .unwrap();
    let pdf = std::fs::read(&minutes).unwrap();
    assert!(images_in(&pdf) >= 1, "the minutes carry the logo");
    let check = issue::check(&dirs, &store, &minutes).unwrap();
    assert!(check.valid, "{:?}", check.problem);

    // Only the minutes have a letterhead.
    let recap = dir.path().join("recap.pdf");
    issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Recap, &recap),
    )
    .unwrap();
    assert_eq!(images_in(&std::fs::read(&recap).unwrap()), 0);

    // A JPEG replaces it; clearing goes back to text only.
    let logo = issue::set_logo(&mut store, &fixture("logo.jpg")).unwrap();
    assert_eq!(logo.media_type, "image/jpeg");
    let jpeg = dir.path().join("minutes-jpeg.pdf");
    issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Minutes, &jpeg),
    )
    .unwrap();
    assert!(images_in(&std::fs::read(&jpeg).unwrap()) >= 1);
    assert!(store.clear_organizer_logo().unwrap());
    let again = dir.path().join("minutes-plain.pdf");
    issue::issue(
        &dirs,
        &mut store,
        &IssueRequest::new(DocumentKind::Minutes, &again),
    )
    .unwrap();
    assert_eq!(images_in(&std::fs::read(&again).unwrap()), 0);

    // For looking at: PANELIS_KEEP_PDF=folder keeps the minutes with the logo.
    if let Some(keep) = std::env::var_os("PANELIS_KEEP_PDF") {
        std::fs::copy(&minutes, Path::new(&keep).join("minutes-logo.pdf")).unwrap();
        std::fs::copy(&jpeg, Path::new(&keep).join("minutes-logo-jpeg.pdf")).unwrap();
    }
}

//! `verify` on hostile bytes, bounded in time: mutations of a real signed recap (flipped,
//! inserted, deleted and duplicated bytes, truncations) and random bytes. Each must be
//! reported valid only when the bytes are exactly the signed file, otherwise rejected with a
//! reason; never a panic. `PANELIS_FUZZ_SECS` sets the time (default 3); longer:
//! `PANELIS_FUZZ_SECS=600 cargo test -p panelis-report --release --test verify_fuzz -- --nocapture`.

#[path = "../../panelis-core/tests/support/fuzz.rs"]
mod fuzz;
use fuzz::budget;

use panelis_core::lang::Lang;
use panelis_report::{export, verify, DocumentHeader, DocumentKind, Identity};
use std::time::Instant;

#[test]
fn verify_never_panics_and_never_accepts_altered_bytes() {
    let identity = Identity::self_signed("Biro Organisasi").expect("identity");
    let sample = panelis_report::sample::sample(3, 3);
    let pdf = export(
        DocumentKind::Recap,
        &sample.input(),
        &DocumentHeader::new(Lang::Id),
        &identity,
    )
    .expect("export");
    assert!(verify(&pdf).is_ok());
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ pdf.len() as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let started = Instant::now();
    let (mut runs, mut rejected) = (0u64, 0u64);
    while started.elapsed() < budget() || runs < 50 {
        let mut bytes = pdf.clone();
        match next() % 5 {
            0 => {
                let i = (next() as usize) % bytes.len();
                bytes[i] ^= 1 << (next() % 8);
            }
            1 => {
                let i = (next() as usize) % bytes.len();
                bytes.insert(i, next() as u8);
            }
            2 => {
                let i = (next() as usize) % bytes.len();
                bytes.remove(i);
            }
            3 => bytes.truncate((next() as usize) % bytes.len()),
            _ => bytes = (0..(next() % 4096)).map(|_| next() as u8).collect(),
        }
        let outcome = std::panic::catch_unwind(|| verify(&bytes).is_ok());
        let accepted = outcome.unwrap_or_else(|_| panic!("verify panicked on run {runs}"));
        if bytes != pdf {
            // A flipped bit inside the /Contents hex string can leave the signature the same
            // (hex is case-blind, and the zero padding is not part of it); a change anywhere
            // the signature covers must be refused.
            if accepted {
                let diff = bytes.iter().zip(&pdf).position(|(a, b)| a != b);
                let (start, end) = contents_hex(&pdf);
                let inside_padding =
                    bytes.len() == pdf.len() && diff.is_some_and(|i| (start..end).contains(&i));
                let at = diff.unwrap_or(pdf.len().min(bytes.len()));
                let lo = at.saturating_sub(40);
                assert!(
                    inside_padding,
                    "run {runs}: altered bytes were accepted (lengths {} vs {}, first difference at {at}: {:?})",
                    bytes.len(),
                    pdf.len(),
                    String::from_utf8_lossy(&pdf[lo..(at + 40).min(pdf.len())])
                );
            } else {
                rejected += 1;
            }
        }
        runs += 1;
    }
    assert!(rejected > 0);
    eprintln!(
        "verify: {runs} inputs in {:?}, {rejected} rejected, no panic",
        started.elapsed()
    );
}

/// The byte range of the signature's /Contents hex string (between `<` and `>`).
fn contents_hex(pdf: &[u8]) -> (usize, usize) {
    let key = b"/Contents <";
    let start = pdf
        .windows(key.len())
        .rposition(|w| w == key)
        .expect("a signature dictionary")
        + key.len();
    let end = start
        + pdf[start..]
            .iter()
            .position(|b| *b == b'>')
            .expect("end of /Contents");
    (start, end)
}

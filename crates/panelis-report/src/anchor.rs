//! Anchoring a verified document to its organizer: the signer's certificate is the expected
//! one, and (with a competition file) the document is in the register of issued documents
//! with the same result data and no later version supersedes it. The one place these rules
//! live: `panelis verify` and the app's Hasil & Dokumen check both call [`anchor`].

use crate::identity::{certificate_fingerprint, display_name, Identity};
use crate::verify::Verified;
use crate::Result;
use panelis_core::paths::AppDirs;
use panelis_core::store::FinalizationAction;
use panelis_core::Store;
use serde::Serialize;
use x509_cert::der::{Decode, DecodePem};
use x509_cert::Certificate;

/// What the document is checked against.
pub enum Anchor<'a> {
    /// This competition (its organizer certificate among the folders given, and its
    /// register).
    Competition(&'a Store, &'a AppDirs),
    /// An organizer certificate's SHA-256 (lowercase hex, 64 digits).
    Fingerprint(String),
    /// Nothing: the signature is intact, but whose it is was not checked.
    None,
}

/// One anchoring check's outcome, with a stable code and words in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorCheck {
    /// `organizer_certificate`, `issued_register`, `not_superseded`.
    pub check: &'static str,
    pub passed: bool,
    /// Stable code of the failure (`other_certificate`, `not_issued`, `superseded`,
    /// `no_organizer_certificate`); `None` when it passed.
    pub code: Option<&'static str>,
    pub message_id: String,
    pub message_en: String,
}

/// The overall verdict of anchoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorVerdict {
    /// Every check passed: the organizer's current official document.
    Anchored,
    /// A check failed.
    Refused,
    /// No anchor was given: the signature is intact, nothing more is known.
    Unanchored,
}

/// Checks `verified` against `anchor`; every check is reported, not only the first failure.
pub fn anchor(
    verified: &Verified,
    anchor: &Anchor<'_>,
) -> Result<(AnchorVerdict, Vec<AnchorCheck>)> {
    let mut checks = Vec::new();
    match anchor {
        Anchor::None => return Ok((AnchorVerdict::Unanchored, checks)),
        Anchor::Fingerprint(expected) => checks.push(certificate_check(verified, Some(expected))),
        Anchor::Competition(store, dirs) => {
            let dir = crate::issue::identity_dir(dirs, store)?;
            let organizer = Identity::load(&dir)?.map(|i| i.fingerprint());
            checks.push(certificate_check(verified, organizer.as_ref()));
            checks.extend(register_checks(store, verified)?);
        }
    }
    let verdict = if checks.iter().all(|c| c.passed) {
        AnchorVerdict::Anchored
    } else {
        AnchorVerdict::Refused
    };
    Ok((verdict, checks))
}

fn passed(check: &'static str, id: String, en: String) -> AnchorCheck {
    AnchorCheck {
        check,
        passed: true,
        code: None,
        message_id: id,
        message_en: en,
    }
}

fn failed(check: &'static str, code: &'static str, id: String, en: String) -> AnchorCheck {
    AnchorCheck {
        check,
        passed: false,
        code: Some(code),
        message_id: id,
        message_en: en,
    }
}

fn certificate_check(v: &Verified, expected: Option<&String>) -> AnchorCheck {
    const CHECK: &str = "organizer_certificate";
    match expected {
        None => failed(
            CHECK,
            "no_organizer_certificate",
            "kompetisi ini belum punya sertifikat penyelenggara".into(),
            "this competition has no organizer certificate yet".into(),
        ),
        Some(fp) if *fp == v.certificate_sha256 => passed(
            CHECK,
            format!(
                "ditandatangani dengan sertifikat penyelenggara ({})",
                grouped(fp)
            ),
            format!("signed with the organizer's certificate ({})", grouped(fp)),
        ),
        Some(_) => failed(
            CHECK,
            "other_certificate",
            format!(
                "ditandatangani dengan sertifikat lain ({}, SHA-256 {})",
                v.signer,
                grouped(&v.certificate_sha256)
            ),
            format!(
                "signed by another certificate ({}, SHA-256 {})",
                v.signer,
                grouped(&v.certificate_sha256)
            ),
        ),
    }
}

fn register_checks(store: &Store, v: &Verified) -> Result<Vec<AnchorCheck>> {
    const REGISTER: &str = "issued_register";
    let not_issued = || {
        vec![failed(
            REGISTER,
            "not_issued",
            "tidak diterbitkan oleh kompetisi ini".into(),
            "not issued by this competition".into(),
        )]
    };
    let Some(id) = v.document_id else {
        return Ok(not_issued());
    };
    let Some(recorded) = store.issued_document(id)? else {
        return Ok(not_issued());
    };
    if Some(recorded.version) != v.version || recorded.result_sha256 != v.result_sha256 {
        return Ok(not_issued());
    }
    let mut checks = vec![passed(
        REGISTER,
        format!(
            "tercatat sebagai dokumen terbit, versi {}",
            recorded.version
        ),
        format!(
            "in the register of issued documents, version {}",
            recorded.version
        ),
    )];
    const CURRENT: &str = "not_superseded";
    let current = store.current_document(&recorded.kind)?;
    match current {
        Some(later) if later.seq > recorded.seq && later.version > recorded.version => {
            // The reason is the latest reopen before the successor was issued.
            let reason = store
                .finalization_status()?
                .history
                .iter()
                .rev()
                .find(|f| f.action == FinalizationAction::Reopen && f.at <= later.issued_at)
                .map(|f| f.reason.clone())
                .unwrap_or_default();
            let date = later.issued_at.format("%Y-%m-%d");
            checks.push(failed(
                CURRENT,
                "superseded",
                format!(
                    "digantikan oleh versi {} tanggal {date} (alasan: {reason})",
                    later.version
                ),
                format!(
                    "superseded by version {} of {date} (reason: {reason})",
                    later.version
                ),
            ));
        }
        _ => checks.push(passed(
            CURRENT,
            "versi yang berlaku".into(),
            "the version in force".into(),
        )),
    }
    Ok(checks)
}

/// A SHA-256 in groups of four hex digits, as printed for people to compare.
pub fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why an `--organizer` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadOrganizer(pub String);

/// The fingerprint an `--organizer` value names: a certificate file (PEM or DER) or a
/// SHA-256 in hex (colons and spaces allowed).
pub fn organizer_fingerprint(value: &str) -> std::result::Result<String, BadOrganizer> {
    let path = std::path::Path::new(value);
    if path.is_file() {
        let bytes = std::fs::read(path).map_err(|e| BadOrganizer(format!("{value}: {e}")))?;
        let cert = match std::str::from_utf8(&bytes) {
            Ok(text) if text.contains("-----BEGIN") => Certificate::from_pem(text.trim()).ok(),
            _ => Certificate::from_der(&bytes).ok(),
        };
        return cert.map(|c| certificate_fingerprint(&c)).ok_or_else(|| {
            BadOrganizer(format!(
                "{value} bukan sertifikat X.509 / is not an X.509 certificate (PEM or DER)"
            ))
        });
    }
    let hex: String = value.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(BadOrganizer(format!(
            "{value:?} bukan berkas sertifikat maupun SHA-256 64 digit heksadesimal / is neither a certificate file nor a 64-hex-digit SHA-256 ({} digits)",
            hex.len()
        )));
    }
    Ok(hex.to_lowercase())
}

/// The subject of a certificate, for messages.
pub fn subject_of(cert: &Certificate) -> String {
    display_name(&cert.tbs_certificate.subject)
}

//! Why a ballot, a signing key, a ballot file or a scanned sheet's code cannot be read as
//! one: the form of the data, before any rule of [`super::judge`] can be applied to it. Each
//! variant has a stable code and its words in both languages, here and nowhere else; what the
//! system said (a JSON parser's complaint) is kept apart as the cause.

use crate::lang::Lang;
use crate::text::excerpt;
use serde::Serialize;

/// Data that is not a readable ballot, key, ballot file or sheet code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum BallotDataRefusal {
    /// The ballot file is not JSON at all.
    NotJson { cause: String },
    /// JSON, but not a Panelis ballot file.
    NotABallotFile,
    /// A ballot file of a newer format than this Panelis reads.
    NewerFile { version: u64 },
    /// A Panelis ballot file whose content does not have the expected form.
    Malformed { cause: String },
    /// Only submitted (signed) ballots go into a ballot file.
    OnlySubmittedExported,
    /// A ballot marked submitted without its signature, signer or time.
    UnsignedSubmission,
    /// A signature that is not hex.
    SignatureNotHex,
    /// A draft has no signed form.
    DraftHasNoSignedForm,
    /// A public key that is not hex.
    KeyNotHex,
    /// A public key of the wrong length.
    KeyLength,
    /// 32 bytes that are not an Ed25519 public key.
    KeyNotEd25519,
    /// A typed or scanned code that is not a blank score sheet's.
    UnknownScanCode { text: String },
}

impl BallotDataRefusal {
    /// Stable code for the page and the scripts.
    pub fn code(&self) -> &'static str {
        match self {
            BallotDataRefusal::NotJson { .. } => "ballot_file_not_json",
            BallotDataRefusal::NotABallotFile => "not_a_ballot_file",
            BallotDataRefusal::NewerFile { .. } => "newer_ballot_file",
            BallotDataRefusal::Malformed { .. } => "ballot_file_malformed",
            BallotDataRefusal::OnlySubmittedExported => "only_submitted_exported",
            BallotDataRefusal::UnsignedSubmission => "unsigned_submission",
            BallotDataRefusal::SignatureNotHex => "signature_not_hex",
            BallotDataRefusal::DraftHasNoSignedForm => "draft_has_no_signed_form",
            BallotDataRefusal::KeyNotHex => "key_not_hex",
            BallotDataRefusal::KeyLength => "key_length",
            BallotDataRefusal::KeyNotEd25519 => "key_not_ed25519",
            BallotDataRefusal::UnknownScanCode { .. } => "unknown_scan_code",
        }
    }

    /// What the system said, for a details disclosure.
    pub fn cause(&self) -> Option<&str> {
        match self {
            BallotDataRefusal::NotJson { cause } | BallotDataRefusal::Malformed { cause } => {
                Some(cause)
            }
            _ => None,
        }
    }

    /// The refusal in `lang`, without its cause.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            BallotDataRefusal::NotJson { .. } => {
                pick("berkas lembar nilai: bukan JSON", "ballot file: not JSON")
            }
            BallotDataRefusal::NotABallotFile => pick(
                "berkas ini bukan berkas lembar nilai Panelis (dibuat dengan `ballots export`)",
                "ballot file: not a Panelis ballot file (made by `ballots export`)",
            ),
            BallotDataRefusal::NewerFile { version } => match lang {
                Lang::Id => format!(
                    "berkas lembar nilai dibuat oleh Panelis yang lebih baru (versi {version}); \
                     perbarui Panelis untuk membacanya"
                ),
                Lang::En => format!(
                    "ballot file: made by a newer Panelis (version {version}); update Panelis \
                     to read it"
                ),
            },
            BallotDataRefusal::Malformed { .. } => pick(
                "berkas lembar nilai: isinya tidak berbentuk seperti seharusnya",
                "ballot file: malformed",
            ),
            BallotDataRefusal::OnlySubmittedExported => pick(
                "hanya lembar nilai yang sudah dikirim yang diekspor",
                "ballot: only submitted ballots are exported",
            ),
            BallotDataRefusal::UnsignedSubmission => pick(
                "lembar nilai yang dikirim harus ditandatangani",
                "ballot: a submitted ballot must be signed",
            ),
            BallotDataRefusal::SignatureNotHex => pick(
                "tanda tangan lembar nilai bukan heksadesimal",
                "ballot: the signature is not hex",
            ),
            BallotDataRefusal::DraftHasNoSignedForm => pick(
                "draf tidak punya bentuk bertanda tangan; hanya lembar nilai yang dikirim",
                "ballot: a draft has no signed form; only submitted ballots are encoded",
            ),
            BallotDataRefusal::KeyNotHex => {
                pick("kunci publik bukan heksadesimal", "public key: not hex")
            }
            BallotDataRefusal::KeyLength => pick(
                "kunci publik Ed25519 panjangnya 32 bita",
                "public key: an Ed25519 public key is 32 bytes",
            ),
            BallotDataRefusal::KeyNotEd25519 => pick(
                "bukan kunci publik Ed25519 yang sah",
                "public key: not a valid Ed25519 public key",
            ),
            BallotDataRefusal::UnknownScanCode { text } => match lang {
                Lang::Id => format!(
                    "\"{}\" bukan kode QR lembar nilai kosong Panelis",
                    excerpt(text.trim())
                ),
                Lang::En => format!(
                    "scan code: \"{}\" is not the QR code of a Panelis blank score sheet",
                    excerpt(text.trim())
                ),
            },
        }
    }
}

impl std::fmt::Display for BallotDataRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))?;
        match self.cause() {
            Some(cause) => write!(f, ": {}", excerpt(cause)),
            None => Ok(()),
        }
    }
}

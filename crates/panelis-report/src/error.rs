//! The errors of the report crate: making, signing and reading official documents. Each
//! variant has a stable code next to its English message, as in the core.

use std::path::PathBuf;

/// Result with the report crate's [`ReportError`].
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// What can go wrong making, signing or storing an official document.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The embedded font could not be read (a broken build, never user data).
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
    /// The document's content is not usable as given (e.g. no entries to print).
    #[error("{0}")]
    Content(String),
    /// The PDF that was to be signed could not be read back.
    #[error("the generated PDF could not be read for signing: {0}")]
    PdfStructure(String),
    /// Building the CMS signature or the certificate failed.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The key or certificate files of the organizer could not be read or are inconsistent.
    #[error("the organizer's certificate or key is unusable: {0}")]
    Identity(String),
    /// A PKCS#12 (.p12) file could not be opened: wrong password, damaged, or a format this
    /// version does not read.
    #[error("the .p12 file could not be imported: {0}")]
    Pkcs12(String),
    /// A file could not be read or written.
    #[error("cannot use {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    /// The spreadsheet export failed.
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
}

impl ReportError {
    /// Stable code for the UI catalogue and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Font(_) => "font",
            ReportError::Content(_) => "content",
            ReportError::PdfStructure(_) => "pdf_structure",
            ReportError::Signing(_) => "signing",
            ReportError::Identity(_) => "identity",
            ReportError::Pkcs12(_) => "pkcs12",
            ReportError::Io { .. } => "io",
            ReportError::Xlsx(_) => "xlsx",
        }
    }

    pub(crate) fn io(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        ReportError::Io {
            path: path.to_owned(),
            reason: e.to_string(),
        }
    }
}

/// Why a PDF did not verify. Each variant is one reason `panelis verify` prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The file is not a PDF that can be read at all.
    #[error("not a readable PDF: {0}")]
    NotPdf(String),
    /// The PDF carries no signature field with a signature value.
    #[error("the PDF is not signed")]
    Unsigned,
    /// The PDF carries more than one signature: an official document is signed once, by
    /// its organizer, and a second signature (someone signing it again) makes it another
    /// document.
    #[error("the PDF carries {0} signatures; an official document is signed once")]
    SeveralSignatures(usize),
    /// The /ByteRange does not cover the whole file except the signature value.
    #[error("the signature does not cover the whole file: {0}")]
    Coverage(String),
    /// The signature value is not a CMS SignedData this verifier understands.
    #[error("the signature value is unreadable: {0}")]
    SignatureFormat(String),
    /// The file was changed after signing: its digest differs from the signed one.
    #[error("the file was changed after it was signed (digest mismatch)")]
    DigestMismatch,
    /// The cryptographic signature does not verify with the certificate it carries.
    #[error("the signature does not verify with the signer's certificate: {0}")]
    BadSignature(String),
    /// The embedded result data is missing.
    #[error("the embedded result data is missing: {0}")]
    NoResultData(String),
    /// The embedded result data does not match the SHA-256 the document states.
    #[error(
        "the embedded result data does not match its SHA-256 (stated {stated}, found {found})"
    )]
    ResultDataMismatch { stated: String, found: String },
}

impl VerifyError {
    /// Stable code for the UI catalogue and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::NotPdf(_) => "not_pdf",
            VerifyError::Unsigned => "unsigned",
            VerifyError::SeveralSignatures(_) => "several_signatures",
            VerifyError::Coverage(_) => "coverage",
            VerifyError::SignatureFormat(_) => "signature_format",
            VerifyError::DigestMismatch => "digest_mismatch",
            VerifyError::BadSignature(_) => "bad_signature",
            VerifyError::NoResultData(_) => "no_result_data",
            VerifyError::ResultDataMismatch { .. } => "result_data_mismatch",
        }
    }
}

//! The errors of the report crate: making, signing and reading official documents. Each
//! variant has a stable code next to its English message, as in the core.

use panelis_core::lang::Lang;
use serde::Serialize;
use std::path::PathBuf;

/// Result with the report crate's [`ReportError`].
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// What can go wrong making, signing or storing an official document. Each variant has a
/// stable code, its words in both languages ([`ReportError::message`]) and, apart from them,
/// what a library or the system said ([`ReportError::cause`]).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The competition file refused or failed (the core error keeps its own code).
    #[error(transparent)]
    Core(#[from] panelis_core::Error),
    /// The embedded font could not be read (a broken build, never user data).
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
    /// The document cannot be made from what the competition holds.
    #[error("{0}")]
    Content(ContentRefusal),
    /// The PDF that was to be signed could not be read back.
    #[error("the generated PDF could not be read for signing: {0}")]
    PdfStructure(String),
    /// Building the CMS signature or the certificate failed.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The key or certificate files of the organizer could not be read or are inconsistent.
    #[error("the organizer's certificate or key is unusable: {0}")]
    Identity(String),
    /// A PKCS#12 (.p12) file could not be imported.
    #[error("the .p12 file could not be imported: {0}")]
    Pkcs12(Pkcs12Refusal),
    /// A file could not be read or written.
    #[error("cannot use {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    /// The spreadsheet export failed.
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
    /// What is wrong with a file the user chose (a logo): the file's name, then the error.
    #[error("{}: {error}", path.display())]
    InFile {
        path: PathBuf,
        error: Box<ReportError>,
    },
    /// A file named as an audit anchor anchors nothing.
    #[error("{}: {}", path.display(), refusal.message(Lang::En))]
    Anchor {
        path: PathBuf,
        refusal: crate::audit_anchor::AnchorRefusal,
    },
}

impl ReportError {
    /// Stable code for the page and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Core(e) => e.code(),
            ReportError::Font(_) => "font",
            ReportError::Content(refusal) => refusal.code(),
            ReportError::PdfStructure(_) => "pdf_structure",
            ReportError::Signing(_) => "signing",
            ReportError::Identity(_) => "identity",
            ReportError::Pkcs12(refusal) => refusal.code(),
            ReportError::Io { .. } => "io",
            ReportError::Xlsx(_) => "xlsx",
            ReportError::Anchor { refusal, .. } => refusal.code(),
            ReportError::InFile { error, .. } => error.code(),
        }
    }

    /// What happened, in `lang`, without what the library or the system said.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            ReportError::Core(e) => e.message(lang),
            ReportError::Font(name) => match lang {
                Lang::Id => format!("huruf {name} yang tertanam tidak dapat dibaca"),
                Lang::En => format!("the embedded font {name} could not be read"),
            },
            ReportError::Content(refusal) => refusal.message(lang),
            ReportError::PdfStructure(_) => pick(
                "PDF yang dibuat tidak dapat dibaca untuk ditandatangani",
                "the generated PDF could not be read for signing",
            ),
            ReportError::Signing(_) => pick("penandatanganan gagal", "signing failed"),
            ReportError::Identity(_) => pick(
                "sertifikat atau kunci penyelenggara tidak dapat dipakai",
                "the organizer's certificate or key is unusable",
            ),
            ReportError::Pkcs12(refusal) => refusal.message(lang),
            ReportError::Io { path, .. } => match lang {
                Lang::Id => format!("{} tidak dapat dibaca atau ditulis", path.display()),
                Lang::En => format!("cannot use {}", path.display()),
            },
            ReportError::Xlsx(_) => pick(
                "lembar kerja tidak dapat ditulis",
                "the spreadsheet could not be written",
            ),
            ReportError::Anchor { path, refusal } => {
                format!("{}: {}", path.display(), refusal.message(lang))
            }
            ReportError::InFile { path, error } => {
                format!("{}: {}", path.display(), error.message(lang))
            }
        }
    }

    /// What the library or the system said, for a details disclosure.
    pub fn cause(&self) -> Option<&str> {
        match self {
            ReportError::Core(e) => e.cause(),
            ReportError::PdfStructure(c)
            | ReportError::Signing(c)
            | ReportError::Identity(c)
            | ReportError::Xlsx(c) => Some(c),
            ReportError::Io { reason, .. } => Some(reason),
            ReportError::Content(refusal) => refusal.cause(),
            ReportError::Pkcs12(refusal) => refusal.cause(),
            ReportError::Anchor { refusal, .. } => refusal.cause(),
            ReportError::InFile { error, .. } => error.cause(),
            ReportError::Font(_) => None,
        }
    }

    /// The message and what was said after it: for the command line and logs.
    pub fn describe(&self, lang: Lang) -> String {
        match self.cause() {
            Some(cause) => format!(
                "{}: {}",
                self.message(lang),
                panelis_core::text::excerpt(cause)
            ),
            None => self.message(lang),
        }
    }

    /// The refusal's own fields for a page, tagged with its code; `null` when none.
    pub fn detail(&self) -> serde_json::Value {
        match self {
            ReportError::Core(e) => e.detail(),
            ReportError::Content(refusal) => serde_json::to_value(refusal).unwrap_or_default(),
            ReportError::Pkcs12(refusal) => serde_json::to_value(refusal).unwrap_or_default(),
            ReportError::Anchor { refusal, .. } => {
                serde_json::to_value(refusal).unwrap_or_default()
            }
            ReportError::InFile { error, .. } => error.detail(),
            _ => serde_json::Value::Null,
        }
    }

    pub(crate) fn io(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        ReportError::Io {
            path: path.to_owned(),
            reason: e.to_string(),
        }
    }
}

/// Why a document cannot be made from what the competition holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ContentRefusal {
    /// An announcement without the panel's decision.
    AnnouncementNeedsDecision,
    /// Blank sheets for a competition without entries.
    NoEntriesForSheets,
    /// Blank sheets for a competition without panelists.
    NoPanelistsForSheets,
    /// Blank sheets where the panelist abstains on every entry asked for.
    NoSheetToPrint,
    /// A layout that made no page.
    NoPages,
    /// A logo image that cannot be decoded.
    LogoUnreadable { cause: String },
    /// A logo image of no pixels.
    LogoEmpty,
    /// A logo image too large on a side.
    LogoTooManyPixels {
        width: usize,
        height: usize,
        max: usize,
    },
}

impl ContentRefusal {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ContentRefusal::AnnouncementNeedsDecision => "announcement_needs_decision",
            ContentRefusal::NoEntriesForSheets => "no_entries_for_sheets",
            ContentRefusal::NoPanelistsForSheets => "no_panelists_for_sheets",
            ContentRefusal::NoSheetToPrint => "no_sheet_to_print",
            ContentRefusal::NoPages => "no_pages",
            ContentRefusal::LogoUnreadable { .. } => "logo_unreadable",
            ContentRefusal::LogoEmpty => "logo_empty",
            ContentRefusal::LogoTooManyPixels { .. } => "logo_too_many_pixels",
        }
    }

    /// What a library said, if anything.
    pub fn cause(&self) -> Option<&str> {
        match self {
            ContentRefusal::LogoUnreadable { cause } => Some(cause),
            _ => None,
        }
    }

    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            ContentRefusal::AnnouncementNeedsDecision => pick(
                "pengumuman memerlukan keputusan panel",
                "an announcement needs the panel's decision",
            ),
            ContentRefusal::NoEntriesForSheets => pick(
                "belum ada inovasi untuk dicetakkan lembar kosong",
                "there are no entries to print blank sheets for",
            ),
            ContentRefusal::NoPanelistsForSheets => pick(
                "belum ada panelis untuk dicetakkan lembar kosong",
                "there are no panelists to print blank sheets for",
            ),
            ContentRefusal::NoSheetToPrint => pick(
                "tidak ada lembar untuk dicetak: panelis abstain pada setiap inovasi",
                "no sheet to print: the panelist abstains on every entry",
            ),
            ContentRefusal::NoPages => {
                pick("dokumen tidak punya halaman", "the document has no pages")
            }
            ContentRefusal::LogoUnreadable { .. } => pick(
                "gambar logo tidak dapat dibaca",
                "the logo image cannot be read",
            ),
            ContentRefusal::LogoEmpty => pick("gambar logo kosong", "the logo image is empty"),
            ContentRefusal::LogoTooManyPixels { width, height, max } => match lang {
                Lang::Id => format!(
                    "logo berukuran {width} x {height} piksel; paling banyak {max} di tiap sisi"
                ),
                Lang::En => format!(
                    "the logo is {width} x {height} pixels; at most {max} on each side, please"
                ),
            },
        }
    }
}

impl std::fmt::Display for ContentRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))?;
        match self.cause() {
            Some(cause) => write!(f, ": {cause}"),
            None => Ok(()),
        }
    }
}

/// Why a .p12 file is not imported: the password, or what the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Pkcs12Refusal {
    /// The password does not open the file (or the file is damaged).
    WrongPassword,
    /// Not a PKCS#12 file.
    NotPkcs12 { cause: String },
    /// The file holds no private key.
    NoKey,
    /// No certificate in the file belongs to its key.
    NoMatchingCertificate,
    /// A key of a kind documents cannot be signed with (neither RSA nor P-256).
    UnsupportedKey { cause: String },
    /// Protected by a scheme this version does not read (legacy encryption, public-key
    /// integrity, an unusual digest): export it again with current settings.
    UnsupportedProtection { what: String },
    /// The file's structure is damaged.
    Damaged { cause: String },
}

impl Pkcs12Refusal {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Pkcs12Refusal::WrongPassword => "p12_wrong_password",
            Pkcs12Refusal::NotPkcs12 { .. } => "not_p12",
            Pkcs12Refusal::NoKey => "p12_no_key",
            Pkcs12Refusal::NoMatchingCertificate => "p12_no_matching_certificate",
            Pkcs12Refusal::UnsupportedKey { .. } => "p12_unsupported_key",
            Pkcs12Refusal::UnsupportedProtection { .. } => "p12_unsupported_protection",
            Pkcs12Refusal::Damaged { .. } => "p12_damaged",
        }
    }

    /// What a library said, if anything.
    pub fn cause(&self) -> Option<&str> {
        match self {
            Pkcs12Refusal::NotPkcs12 { cause }
            | Pkcs12Refusal::UnsupportedKey { cause }
            | Pkcs12Refusal::Damaged { cause } => Some(cause),
            _ => None,
        }
    }

    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            Pkcs12Refusal::WrongPassword => pick(
                "kata sandi berkas .p12 salah (atau berkasnya rusak)",
                "wrong password (or the file is damaged)",
            ),
            Pkcs12Refusal::NotPkcs12 { .. } => pick(
                "berkas ini bukan berkas PKCS#12 (.p12)",
                "not a PKCS#12 file",
            ),
            Pkcs12Refusal::NoKey => pick(
                "berkas .p12 tidak memuat kunci privat",
                "the file holds no private key",
            ),
            Pkcs12Refusal::NoMatchingCertificate => pick(
                "tidak ada sertifikat dalam berkas yang cocok dengan kuncinya",
                "no certificate in the file matches its key",
            ),
            Pkcs12Refusal::UnsupportedKey { .. } => pick(
                "kuncinya bukan RSA maupun P-256",
                "the key is neither RSA nor P-256",
            ),
            Pkcs12Refusal::UnsupportedProtection { what } => match lang {
                Lang::Id => format!(
                    "berkas dilindungi dengan cara yang tidak dibaca versi ini ({what}); \
                     ekspor ulang dengan AES (mis. bawaan OpenSSL 3, atau `-certpbe \
                     AES-256-CBC`)"
                ),
                Lang::En => format!(
                    "the file is protected in a way this version does not read ({what}); \
                     export it again with AES (e.g. OpenSSL 3's default, or `-certpbe \
                     AES-256-CBC`)"
                ),
            },
            Pkcs12Refusal::Damaged { .. } => {
                pick("berkas .p12 rusak", "the file's structure is damaged")
            }
        }
    }
}

impl std::fmt::Display for Pkcs12Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))?;
        match self.cause() {
            Some(cause) => write!(f, " ({cause})"),
            None => Ok(()),
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

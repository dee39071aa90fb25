//! Panelis official documents: the signed result PDFs the secretariat prints at the end of
//! the judging (berita acara, rekapitulasi nilai, lembar penilaian, jadwal presentasi), their
//! verification, and the .xlsx export of the results. Never depends on tauri: the desktop
//! shell and the `panelis` command call the same functions.
//!
//! The app's calls: [`panelis_core::results::compute`] for the table, then [`export`] for a
//! signed PDF (with an [`Identity`] from [`Identity::load_or_create`] or
//! [`Identity::import_p12`]), [`verify()`] to check one, [`xlsx::results_xlsx`] for a sheet.
//! [`issue::issue`] does all of it from a competition file and records the issue with its
//! version; the app and `panelis export` call that. [`blank_sheets::write_blank_sheets`]
//! prints blank paper score sheets (a form with a QR code per page, never signed or recorded).

pub mod anchor;
pub mod audit_anchor;
pub mod blank_sheets;
pub mod checkpoint;
pub mod documents;
pub mod error;
mod ess;
pub mod identity;
pub mod issue;
mod layout;
pub mod logo;
mod pkcs12;
pub mod sample;
pub mod sign;
pub mod verify;
pub mod words;
pub mod xlsx;

pub use documents::blank::{render_blank_sheets, BlankSheets, BlankSheetsInput};
pub use documents::{
    render, DocumentHeader, DocumentKind, MinutesDetails, Rendered, ReportInput, ScheduleRow,
    Signatory,
};
pub use error::{ReportError, Result, VerifyError};
pub use identity::Identity;
pub use logo::check_logo;
pub use verify::{verify, Verified};

/// Makes `kind` as a signed PDF: lays it out, embeds the result data, and signs it with the
/// organizer's identity. The bytes are the finished file.
pub fn export(
    kind: DocumentKind,
    input: &ReportInput<'_>,
    header: &DocumentHeader,
    identity: &Identity,
) -> Result<Vec<u8>> {
    let mut header = header.clone();
    header.organizer_sha256 = Some(identity.fingerprint());
    let header = &header;
    let rendered = render(kind, input, header)?;
    sign::sign_pdf(
        &rendered.pdf,
        identity,
        &sign::Embedding {
            header,
            result_json: &rendered.result_json,
            result_sha256: &rendered.result_sha256,
            reason: kind.title(header.lang),
            location: &input.competition.venue,
        },
        // One instant for the document: the signature states the issue time the footer
        // prints and the register records, not a later reading of the clock.
        header.issued_at,
    )
}

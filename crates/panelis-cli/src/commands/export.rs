//! `panelis export ...`: writing the competition's data out to files for the records.

use super::{Db, Outcome};
use crate::failure::Result;
use panelis_report::DocumentKind;

#[derive(clap::Subcommand)]
pub enum Command {
    /// The entry list as an .xlsx workbook, in the columns the shortlist import reads.
    Entries(super::entries::ExportArgs),
    /// Rekapitulasi nilai (signed PDF).
    Recap(super::report::DocumentArgs),
    /// Berita acara hasil penilaian (signed PDF).
    Minutes(super::report::DocumentArgs),
    /// Lembar penilaian, one per panelist (signed PDF).
    Sheets(super::report::DocumentArgs),
    /// Jadwal presentasi with planned and actual times (signed PDF).
    Schedule(super::report::DocumentArgs),
    /// All four documents in one signed PDF.
    All(super::report::DocumentArgs),
    /// Pengumuman hasil: the outcomes the panel gave, one page for publishing (signed PDF;
    /// --scores prints the final scores).
    Announcement(super::report::DocumentArgs),
    /// Blank paper score sheets with a QR code per page (a form: not signed, not recorded).
    ///
    /// One page per panelist and entry they score (none where they abstain); scanning a
    /// page's QR code on the paper-ballot screen opens that panelist's row for the entry.
    BlankSheets(super::ballots::BlankSheetsArgs),
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::Entries(args) => super::entries::export(db, args),
        Command::Recap(args) => super::report::export(db, DocumentKind::Recap, args),
        Command::Minutes(args) => super::report::export(db, DocumentKind::Minutes, args),
        Command::Sheets(args) => super::report::export(db, DocumentKind::Sheets, args),
        Command::Schedule(args) => super::report::export(db, DocumentKind::Schedule, args),
        Command::All(args) => super::report::export(db, DocumentKind::All, args),
        Command::Announcement(args) => super::report::export(db, DocumentKind::Announcement, args),
        Command::BlankSheets(args) => super::ballots::blank_sheets(db, args),
    }
}

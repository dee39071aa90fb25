//! `panelis import ...`: bringing data in from files the secretariat was given.

use super::{Db, Outcome};
use crate::failure::Result;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Paper ballots typed into a CSV: panelist,entry,criterion,score (all or nothing).
    Scores(super::ballots::ScoresArgs),
    /// The shortlist (a workbook or CSV): all entries into an empty competition; otherwise shows
    /// what would be added, changed and removed, and applies it only with --apply.
    Shortlist(super::entries::ShortlistArgs),
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::Scores(args) => super::ballots::import_scores(db, args),
        Command::Shortlist(args) => super::entries::import_shortlist(db, args),
    }
}

//! `panelis backup`, `panelis backups`, `panelis restore`: copies of the competition file.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use panelis_core::backup::{self, Reason, Settings};
use panelis_core::{time, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The backup folder (default: the one set in the app, else the data folder's `backups`).
    #[arg(long, value_name = "DIR")]
    to: Option<PathBuf>,
    /// How many automatic and manual backups of this competition to keep.
    #[arg(long)]
    keep: Option<u32>,
}

pub fn take(db: &Db, args: BackupArgs) -> Result<Outcome> {
    let store = db.open()?;
    let settings = Settings::load(db.dirs().data());
    let folder = args
        .to
        .unwrap_or_else(|| settings.folder_in(db.dirs().data()));
    let b = backup::take(
        &store,
        &folder,
        args.keep.unwrap_or(settings.keep),
        Reason::Manual,
    )?;
    println!("backed up to {}", b.path.display());
    Ok(Outcome::Ok)
}

#[derive(clap::Args)]
pub struct ListArgs {
    /// The backup folder (default as for `backup`).
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

pub fn list(db: &Db, args: ListArgs) -> Result<Outcome> {
    let store = db.open()?;
    let folder = args
        .from
        .unwrap_or_else(|| Settings::load(db.dirs().data()).folder_in(db.dirs().data()));
    let found = backup::list(&folder, store.path());
    if args.json {
        output::json(&found)?;
    } else {
        let offset = store.utc_offset_minutes()?;
        for b in found {
            println!(
                "{}\t{:?}\t{}",
                time::stamp(b.taken_at, offset)?,
                b.reason,
                b.path.display()
            );
        }
    }
    Ok(Outcome::Ok)
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    backup: PathBuf,
    /// Where the restored competition file goes (default: the data folder).
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
}

pub fn restore(db: &Db, args: RestoreArgs) -> Result<Outcome> {
    let into = args.into.unwrap_or_else(|| db.dirs().data().to_owned());
    let store: Store = backup::restore(&args.backup, &into)?;
    panelis_core::launch::open(db.dirs(), store.path())?;
    println!("restored to {}", store.path().display());
    Ok(Outcome::Ok)
}

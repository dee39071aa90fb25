//! `panelis init`, `panelis demo`, `panelis overview`: creating and summing up competitions.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use panelis_core::model::NewCompetition;
use panelis_core::{launch, paths};

#[derive(clap::Args)]
pub struct InitArgs {
    /// The competition's name, e.g. "KIPP Sulawesi Selatan 2024".
    #[arg(long)]
    name: String,
    /// The competition's year.
    #[arg(long)]
    year: Option<i32>,
    /// The organizer, printed on letterheads.
    #[arg(long, default_value = "")]
    organizer: String,
    /// The venue.
    #[arg(long, default_value = "")]
    venue: String,
}

pub fn init(db: &Db, args: InitArgs) -> Result<Outcome> {
    let path = db.for_new(&paths::file_name_for(&args.name));
    let store = launch::create(
        db.dirs(),
        &path,
        &NewCompetition {
            name: args.name,
            year: args.year,
            organizer: args.organizer,
            venue: args.venue,
            ..Default::default()
        },
    )?;
    println!("created {}", store.path().display());
    Ok(Outcome::Ok)
}

pub fn demo(db: &Db) -> Result<Outcome> {
    let path = db.for_new("demo.panelis");
    let store = launch::create_demo(db.dirs(), &path)?;
    let o = store.overview()?;
    println!(
        "created {} ({}: {} entries, {} panelists, {} slots)",
        store.path().display(),
        o.competition.name,
        o.entries,
        o.panelists,
        o.slots
    );
    Ok(Outcome::Ok)
}

#[derive(clap::Args)]
pub struct OverviewArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn overview(db: &Db, args: OverviewArgs) -> Result<Outcome> {
    let o = db.open()?.overview()?;
    if args.json {
        output::json(&o)?;
    } else {
        println!("{}", o.competition.name);
        println!(
            "entries: {}  panelists: {}  rooms: {}  slots: {}",
            o.entries, o.panelists, o.rooms, o.slots
        );
        println!("rubric: {} ({} criteria)", o.rubric_name, o.criteria);
    }
    Ok(Outcome::Ok)
}

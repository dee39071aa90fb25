//! `panelis panelists ...`: the independent panel.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use panelis_core::store::PanelistRemoval;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Add a panelist.
    Add {
        /// Full name with titles, as printed on the minutes.
        name: String,
        /// Make this panelist the chair (ketua).
        #[arg(long)]
        chair: bool,
        /// University, NGO or office.
        #[arg(long, default_value = "")]
        affiliation: String,
    },
    /// List the panel, chair first (and who left it, marked).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Take a panelist off the panel: deleted when they have not scored, retired (their
    /// ballots still count, nothing more expected) when they have. Not the chair.
    Remove {
        /// The panelist's name (case and spacing ignored).
        name: String,
    },
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::Remove { name } => {
            let mut store = db.open_as_secretariat()?;
            let panelist = store.panelist_named(&name)?;
            match store.remove_panelist(panelist.id)? {
                PanelistRemoval::Removed { name } => println!("removed panelist {name}"),
                PanelistRemoval::Retired { name, ballots } => println!(
                    "retired panelist {name}: had scored {ballots} entries, which still count; \
                     no more ballots are expected or taken from them"
                ),
            }
        }
        Command::Add {
            name,
            chair,
            affiliation,
        } => {
            let mut store = db.open()?;
            let p = store.add_panelist(&name, &affiliation, chair)?;
            println!(
                "added panelist {}{}",
                p.name,
                if p.is_chair { " (chair)" } else { "" }
            );
        }
        Command::List { json } => {
            let panel = db.open()?.panel_on_record()?;
            if json {
                output::json(&panel)?;
            } else {
                for p in panel {
                    let role = match (p.is_chair, p.retired_at) {
                        (_, Some(_)) => "mundur",
                        (true, None) => "ketua",
                        (false, None) => "anggota",
                    };
                    println!("{}\t{}\t{}", p.name, role, p.affiliation);
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

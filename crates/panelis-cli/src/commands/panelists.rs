//! `panelis panelists ...`: the independent panel.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;

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
    /// List the panel, chair first.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let mut store = db.open()?;
    match cmd {
        Command::Add {
            name,
            chair,
            affiliation,
        } => {
            let p = store.add_panelist(&name, &affiliation, chair)?;
            println!(
                "added panelist {}{}",
                p.name,
                if p.is_chair { " (chair)" } else { "" }
            );
        }
        Command::List { json } => {
            let panel = store.panelists()?;
            if json {
                output::json(&panel)?;
            } else {
                for p in panel {
                    let role = if p.is_chair { "ketua" } else { "anggota" };
                    println!("{}\t{}\t{}", p.name, role, p.affiliation);
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

//! The `panelis` command: the same core as the app, without a window. Exit 0 on success,
//! 1 when a check finds a problem, 2 on bad input or usage, always with a one-line reason.

mod commands;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "panelis",
    version,
    about = "Panelis: panel judging sessions, from the command line"
)]
struct Cli {
    /// The competition file (default: $PANELIS_DB, else the competition opened last).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new competition with the default rubric.
    Init(commands::competition::InitArgs),
    /// Create the demo competition (KIPP Sulawesi Selatan 2023 Top 50).
    Demo,
    /// Show the open competition at a glance.
    Overview(commands::competition::OverviewArgs),
    /// The panel.
    #[command(subcommand)]
    Panelists(commands::panelists::Command),
    /// The audit log.
    #[command(subcommand)]
    Audit(commands::audit::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = commands::Db::new(cli.db);
    let result = match cli.command {
        Command::Init(args) => commands::competition::init(&db, args),
        Command::Demo => commands::competition::demo(&db),
        Command::Overview(args) => commands::competition::overview(&db, args),
        Command::Panelists(cmd) => commands::panelists::run(&db, cmd),
        Command::Audit(cmd) => commands::audit::run(&db, cmd),
    };
    match result {
        Ok(commands::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(commands::Outcome::CheckFailed) => ExitCode::from(1),
        Err(e) => {
            output::error(&e);
            ExitCode::from(2)
        }
    }
}

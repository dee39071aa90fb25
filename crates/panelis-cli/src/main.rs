//! The `panelis` command: the same core as the app, without a window. Exit 0 on success,
//! 1 when a check finds a problem, 2 on bad input or usage, always with a one-line reason.

mod commands;
mod failure;
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
    /// Back up the competition file now (a consistent copy, even while scoring).
    Backup(commands::backup::BackupArgs),
    /// List the backups of the competition file, newest first.
    Backups(commands::backup::ListArgs),
    /// Restore a backup as a new competition file (never over an existing one).
    Restore(commands::backup::RestoreArgs),
    /// The presentation schedule (jadwal): list, generate, reorder, export.
    Schedule(commands::schedule::Args),
    /// The live phase timer of the slot on stage.
    #[command(subcommand)]
    Timer(commands::timer::Command),
    /// List the shortlisted entries by number.
    Entries(commands::entries::ListArgs),
    /// Write data out to files (the entry list as .xlsx).
    #[command(subcommand)]
    Export(commands::export::Command),
    /// Bring data in from files (the shortlist, paper score sheets).
    #[command(subcommand)]
    Import(commands::import::Command),
    /// Ballots: list with signature checks, export and import ballot files.
    #[command(subcommand)]
    Ballots(commands::ballots::Command),
    /// The ranked results (hasil) from the counted ballots.
    Results(commands::results::ResultsArgs),
    /// The ballots still missing (entry, panelist); exit 1 when any is missing.
    Quorum(commands::decision::QuorumArgs),
    /// The panel's decision on the ranking: tie order, departures, outcomes and seats.
    #[command(subcommand)]
    Decide(commands::decision::Command),
    /// Make results final (a room, some entries or all): ballots for them are refused.
    Finalize(commands::finalization::FinalizeArgs),
    /// Reopen finalized results, for a written reason (recorded in the audit log).
    Reopen(commands::finalization::ReopenArgs),
    /// The official documents issued from this file: kind, version, what each supersedes.
    Documents(commands::finalization::DocumentsArgs),
    /// Check a signed official PDF: signature, embedded result data, and its anchor (with
    /// --db: the organizer certificate, the register, not superseded; with --organizer: the
    /// certificate). Exit 0 anchored, 1 refused, 2 bad input, 3 intact but not anchored.
    Verify(commands::report::VerifyArgs),
    /// The organizer's signing certificate: show it, or import one from a .p12 file.
    #[command(subcommand)]
    Certificate(commands::report::CertificateCommand),
    /// The organizer's logo in the minutes' letterhead: show, set from a PNG/JPEG, clear.
    #[command(subcommand)]
    Logo(commands::report::LogoCommand),
    /// Run the venue LAN host headless: prints address, fingerprint and join codes.
    Host(commands::lan::HostArgs),
    /// A panelist's station on the venue LAN: join, score, status, run.
    #[command(subcommand)]
    Station(commands::station::Command),
    /// Load-test a running host with simulated stations (needs its load-test token).
    Loadtest(commands::lan::LoadtestArgs),
}

fn main() -> ExitCode {
    output::quiet_panics();
    let cli = Cli::parse();
    // The one place the data folder is looked up ($PANELIS_DATA_DIR, else the OS's).
    let dirs = panelis_core::paths::AppDirs::from_env();
    let db = commands::Db::new(cli.db, dirs);
    let result = match cli.command {
        Command::Init(args) => commands::competition::init(&db, args),
        Command::Demo => commands::competition::demo(&db),
        Command::Overview(args) => commands::competition::overview(&db, args),
        Command::Panelists(cmd) => commands::panelists::run(&db, cmd),
        Command::Audit(cmd) => commands::audit::run(&db, cmd),
        Command::Backup(args) => commands::backup::take(&db, args),
        Command::Backups(args) => commands::backup::list(&db, args),
        Command::Restore(args) => commands::backup::restore(&db, args),
        Command::Schedule(args) => commands::schedule::run(&db, args),
        Command::Timer(cmd) => commands::timer::run(&db, cmd),
        Command::Entries(args) => commands::entries::list(&db, args),
        Command::Export(cmd) => commands::export::run(&db, cmd),
        Command::Import(cmd) => commands::import::run(&db, cmd),
        Command::Ballots(cmd) => commands::ballots::run(&db, cmd),
        Command::Results(args) => commands::results::run(&db, args),
        Command::Quorum(args) => commands::decision::quorum(&db, args),
        Command::Decide(cmd) => commands::decision::run(&db, cmd),
        Command::Finalize(args) => commands::finalization::finalize(&db, args),
        Command::Reopen(args) => commands::finalization::reopen(&db, args),
        Command::Documents(args) => commands::finalization::documents(&db, args),
        Command::Verify(args) => commands::report::verify(&db, args),
        Command::Certificate(cmd) => commands::report::certificate(&db, cmd),
        Command::Logo(cmd) => commands::report::logo(&db, cmd),
        Command::Host(args) => commands::lan::host(&db, args),
        Command::Station(cmd) => commands::station::run(&db, cmd),
        Command::Loadtest(args) => commands::lan::loadtest(args),
    };
    match result {
        Ok(commands::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(commands::Outcome::CheckFailed) => ExitCode::from(1),
        Ok(commands::Outcome::Unanchored) => ExitCode::from(3),
        Err(e) => {
            output::error(&e);
            ExitCode::from(2)
        }
    }
}

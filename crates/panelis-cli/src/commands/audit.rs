//! `panelis audit ...`: reading and checking the hash-chained audit log.

use super::{Db, Outcome};
use panelis_core::Result;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check that no past event was edited, deleted or reordered (exit 1 if so).
    Verify,
    /// Print the events.
    Log,
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let store = db.open()?;
    match cmd {
        Command::Verify => match store.verify_audit()? {
            None => {
                println!("audit log intact: {} events", store.audit_events()?.len());
                Ok(Outcome::Ok)
            }
            Some(b) => {
                println!("audit log broken at event {}: {}", b.seq, b.reason);
                Ok(Outcome::CheckFailed)
            }
        },
        Command::Log => {
            for e in store.audit_events()? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    e.seq,
                    e.at.to_rfc3339(),
                    e.actor,
                    e.action,
                    e.detail
                );
            }
            Ok(Outcome::Ok)
        }
    }
}

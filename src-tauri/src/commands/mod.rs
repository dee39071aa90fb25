//! The app's commands, one module per domain. Each takes the state, calls one core
//! function and maps the error.

pub mod app;
pub mod backup;
pub mod competition;
pub mod decision;
pub mod entries;
pub mod lan_host;
pub mod lan_station;
pub mod live;
pub mod panel;
pub mod results;
pub mod schedule;
pub mod scoring;

use crate::error::{CommandError, CommandResult};
use crate::state::Session;
use panelis_core::Store;

/// Runs `f`, a core call, on the open competition.
pub(crate) fn with_store<T>(
    session: &Session,
    f: impl FnOnce(&mut Store) -> panelis_core::Result<T>,
) -> CommandResult<T> {
    on_store(session, f)
}

/// Runs `f`, a call of the official documents' crate, on the open competition.
pub(crate) fn with_documents<T>(
    session: &Session,
    f: impl FnOnce(&mut Store) -> panelis_report::Result<T>,
) -> CommandResult<T> {
    on_store(session, f)
}

fn on_store<T, E>(session: &Session, f: impl FnOnce(&mut Store) -> Result<T, E>) -> CommandResult<T>
where
    CommandError: From<E>,
{
    let mut guard = session.store();
    let store = guard.as_mut().ok_or_else(CommandError::no_competition)?;
    Ok(f(store)?)
}

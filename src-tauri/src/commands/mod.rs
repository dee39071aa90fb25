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

/// Runs `f` on the open competition.
pub(crate) fn with_store<T>(
    session: &Session,
    f: impl FnOnce(&mut Store) -> panelis_core::Result<T>,
) -> CommandResult<T> {
    let mut guard = session.store();
    let store = guard.as_mut().ok_or_else(CommandError::no_competition)?;
    Ok(f(store)?)
}

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
use panelis_core::role::Device;
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

/// The name an export of the open competition is offered under (the core's rule), for
/// `whom` if one person.
pub(crate) fn export_name(
    session: &Session,
    export: panelis_core::paths::Export,
    whom: Option<&str>,
    lang: panelis_core::lang::Lang,
) -> CommandResult<String> {
    with_store(session, |s| {
        Ok(export.file_name(&s.competition()?.name, whom, lang))
    })
}

/// Runs `f` on the open competition if this device may do the secretariat's work (the
/// core's role rule: not on a laptop bound to a panelist).
pub(crate) fn as_secretariat<T, E>(
    session: &Session,
    f: impl FnOnce(&mut Store) -> Result<T, E>,
) -> CommandResult<T>
where
    CommandError: From<E>,
    E: From<panelis_core::Error>,
{
    on_store(session, |s| {
        Device::of(s, session.dirs())?.require_secretariat()?;
        f(s)
    })
}

/// Runs `f` on the open competition if this device may see the ranking and every
/// panelist's scores (the core's rule: a panelist's laptop once the results are released).
pub(crate) fn with_results<T>(
    session: &Session,
    f: impl FnOnce(&mut Store) -> panelis_core::Result<T>,
) -> CommandResult<T> {
    with_store(session, |s| {
        Device::of(s, session.dirs())?.may_see_results(s)?;
        f(s)
    })
}

fn on_store<T, E>(session: &Session, f: impl FnOnce(&mut Store) -> Result<T, E>) -> CommandResult<T>
where
    CommandError: From<E>,
{
    let mut guard = session.store();
    let store = guard.as_mut().ok_or_else(CommandError::no_competition)?;
    Ok(f(store)?)
}

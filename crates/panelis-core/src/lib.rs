//! Panelis core: the domain model, the competition file (one SQLite file per competition),
//! the rubric and the exact scoring math. Never depends on tauri, so it builds and tests
//! without WebKit; the desktop shell and the `panelis` command call into it.

pub mod atomic;
pub mod backup;
pub mod ballot;
pub mod decision;
pub mod demo;
pub mod error;
pub mod innovators;
pub mod lang;
pub mod launch;
pub mod model;
pub mod paths;
pub mod recent;
pub mod results;
pub mod role;
pub mod rubric;
pub mod schedule;
pub mod scoring;
pub mod setup;
pub mod shortlist;
pub mod store;
pub mod text;
pub mod time;
pub mod timer;

#[cfg(test)]
mod testing;

pub use error::{Error, Result};
pub use store::Store;

/// The version of Panelis, shown by `panelis --version` and the About box.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

//! Competition data a station may keep and score against: a snapshot whose rubric passed the
//! core's rules, checked once where it enters (from the host, or read back from the station
//! file), so nothing behind that edge is ever handed a rubric that was not checked.

use crate::wire::Snapshot;
use crate::Result;
use std::ops::Deref;

/// A [`Snapshot`] whose rubric passed [`panelis_core::rubric::validate`]. Made only by
/// [`CheckedSnapshot::check`]; reads as the snapshot it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSnapshot(Snapshot);

impl CheckedSnapshot {
    /// The snapshot, if its rubric keeps the core's rules; refused with every problem named
    /// (`rubric_invalid`) otherwise.
    pub fn check(snapshot: Snapshot) -> Result<Self> {
        panelis_core::rubric::validate(&snapshot.rubric.criteria)?;
        Ok(CheckedSnapshot(snapshot))
    }
}

impl Deref for CheckedSnapshot {
    type Target = Snapshot;

    fn deref(&self) -> &Snapshot {
        &self.0
    }
}

//! The LAN's files written the core's one way ([`panelis_core::atomic`]): beside the real
//! name, synced, renamed, the folder synced; private files for keys.

use crate::error::{LanError, Result};
use panelis_core::atomic::{self, Access};
use std::path::Path;

/// Writes `bytes` to `path` atomically.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic::write(path, bytes, Access::Shared).map_err(|e| LanError::io(path, e))
}

/// Like [`write_atomic`], readable by the owner only (0600 on Unix).
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic::write(path, bytes, Access::Private).map_err(|e| LanError::io(path, e))
}

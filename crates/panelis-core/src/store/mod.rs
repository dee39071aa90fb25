//! The competition file: one SQLite file per competition. Opening sets the pragmas that make
//! a saved score durable (WAL, synchronous=FULL), checks that the file is ours and not from a
//! newer Panelis, and brings an older file up to date. Each table's schema and queries live
//! in that table's module; every write runs in one transaction together with its audit event.

mod audit;
mod backup;
mod ballots;
mod competition;
mod day;
mod decision;
mod entries;
mod finalization;
mod import_preview;
mod issued_file;
mod letterhead;
mod live;
mod migrations;
mod panelists;
mod presence;
mod results;
mod rubric;
mod schedule;

pub use audit::{
    recorded_head, Actor, AuditAnchor, AuditBreak, AuditCheckpoint, AuditHead, CheckpointSigner,
};
pub use day::{DayStatus, OverviewScreen, Stage};
pub use decision::{
    DecideRequest, DecidedRow, DecisionRecord, DecisionView, DeliberationScreen, Proposal,
    ProposedChange, QuorumOverride,
};
pub use finalization::{
    DocumentPlan, Finalization, FinalizationAction, FinalizationStatus, FinalizeRequest,
    IssuedDocument, NewDocument, ReopenRequest,
};
pub use import_preview::{MappingChoice, ShortlistPreview};
pub use issued_file::DocumentRefusal;
pub use letterhead::{logo_media_type, OrganizerLogo, MAX_LOGO_BYTES};
pub use live::{Presenting, SlotActual};
pub use migrations::SCHEMA_VERSION;
pub use panelists::PanelistRemoval;
pub use schedule::RoomRemoval;

/// Turns a current file back into format 5 (before the signed checkpoints and the guarded
/// finalization seals), for the tests that open older files.
#[cfg(test)]
pub(crate) const UNDO_FORMAT_6: &str = "DROP TABLE audit_checkpoints; \
     DROP TRIGGER finalized_entries_sealed; DROP TRIGGER finalized_entries_seal_required; \
     ALTER TABLE panelists DROP COLUMN retired_at;";

/// Turns a current file back into format 2 (what a file written before the panel's decision
/// and the finalization seals looks like), for the tests that open older files.
#[cfg(test)]
pub(crate) const UNDO_FORMAT_3: &str = "DROP TABLE audit_checkpoints; \
     DROP TRIGGER finalized_entries_sealed; DROP TRIGGER finalized_entries_seal_required; \
     ALTER TABLE panelists DROP COLUMN retired_at; \
     ALTER TABLE criteria DROP COLUMN levels; \
     ALTER TABLE finalized_entries DROP COLUMN result_sha256; \
     DROP TABLE decisions; DROP TABLE outcomes; \
     ALTER TABLE entries DROP COLUMN cluster; \
     ALTER TABLE finalizations DROP COLUMN quorum_override; \
     ALTER TABLE finalizations DROP COLUMN missing;";
pub use results::{CriterionHeading, ResultsView, ResultsViewRow, TieGroup};

use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};

/// The pragmas a competition file is used with, durability first: a write reported as saved
/// has reached the disk (FULL sync in WAL mode), other processes wait rather than fail, and
/// references are enforced. Returns the journal mode SQLite settled on (`wal` unless the
/// file cannot be written). The benchmarks' floors (a bare durable insert) open their
/// files with it too, so a floor is measured under the same guarantees.
pub fn durable_pragmas(conn: &Connection) -> rusqlite::Result<String> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(mode)
}

/// `PRAGMA application_id` of a Panelis file ("PANL"), so a stray SQLite file is refused.
pub(crate) const APPLICATION_ID: i64 = 0x5041_4E4C;

/// The usual file extension of a competition file.
pub const FILE_EXTENSION: &str = "panelis";

/// An open competition file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file this store opened, to tell when it is gone or replaced ([`presence`]).
    identity: Option<presence::FileIdentity>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Creates a new competition file at `path` with the default rubric and phase plan.
    /// Refuses to overwrite; on any failure no file is left behind.
    pub fn create(path: &Path, new: &crate::model::NewCompetition) -> Result<Store> {
        if path.exists() {
            return Err(Error::AlreadyExists {
                path: path.to_owned(),
            });
        }
        competition::validate_new(new)?;
        let result = (|| {
            let conn = Connection::open(path).map_err(|e| io_error(path, e))?;
            let mut store = Store {
                conn,
                path: path.to_owned(),
                identity: None,
            };
            store.configure()?;
            // The file exists once SQLite set it up.
            store.identity = presence::identity_of(path);
            store
                .conn
                .pragma_update(None, "application_id", APPLICATION_ID)?;
            migrations::migrate(&mut store.conn)?;
            store.write(Actor::Secretariat, |tx| competition::insert(tx, new))?;
            Ok(store)
        })();
        if result.is_err() {
            remove_file_set(path);
        }
        result
    }

    /// Opens an existing competition file, upgrading an older schema in place.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::Io {
                path: path.to_owned(),
                reason: "no such file".into(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| io_error(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            identity: presence::identity_of(path),
        };
        let app_id: i64 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| not_ours_or_damaged(path, e))?;
        if app_id != APPLICATION_ID {
            return Err(Error::NotACompetition {
                path: path.to_owned(),
            });
        }
        let found: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(Error::NewerFile {
                path: path.to_owned(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        store.configure()?;
        // SQLite quietly opens a file it may not write for reading only (a read-only file,
        // an immutable one): refused here, before the first change fails mid-session.
        if store.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(Error::ReadOnly {
                path: path.to_owned(),
                reason: cannot_write(path)
                    .unwrap_or_else(|| "SQLite can open it for reading only".into()),
            });
        }
        store.check_integrity()?;
        migrations::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// SQLite's quick check of every page and index: a damaged file is refused on open
    /// rather than failing somewhere later, mid-session.
    pub fn check_integrity(&self) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA quick_check(5)")
            .map_err(|e| damaged(&self.path, e.to_string()))?;
        let findings = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| damaged(&self.path, e.to_string()))?;
        if findings.len() == 1 && findings[0] == "ok" {
            Ok(())
        } else {
            Err(damaged(&self.path, findings.join("; ")))
        }
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's pragmas (`durable_pragmas`); a file SQLite cannot put in WAL mode is
    /// refused, as read-only where that is why.
    fn configure(&mut self) -> Result<()> {
        let failed = |e: rusqlite::Error| open_failure(&self.path, e);
        let mode = durable_pragmas(&self.conn).map_err(failed)?;
        // Room for every statement of a save or a ballot taken (see `Cached`), so none is
        // pushed out by the next and prepared again.
        self.conn.set_prepared_statement_cache_capacity(128);
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(match cannot_write(&self.path) {
                Some(reason) => Error::ReadOnly {
                    path: self.path.clone(),
                    reason,
                },
                None => Error::Database(format!("journal_mode is {mode}, expected wal")),
            });
        }
        Ok(())
    }

    /// Runs `f` in one immediate transaction and commits it; nothing is written on error.
    pub(crate) fn write<T>(
        &mut self,
        actor: Actor,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Option<audit::Event>)>,
    ) -> Result<T> {
        let (path, identity) = (self.path.clone(), self.identity);
        let result = (|| -> Result<T> {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let (value, event) = f(&tx)?;
            if let Some(event) = event {
                audit::append(&tx, actor, &event)?;
            }
            // Saved means saved where the competition lives: into a file deleted or
            // replaced while open, nothing is committed (the transaction rolls back, so no
            // connection sees it either), and a file gone during the commit makes the
            // change unacknowledged.
            presence::check(&path, identity)?;
            tx.commit()?;
            presence::check(&path, identity)?;
            Ok(value)
        })();
        // A drive that turned read-only since the file was opened (a stick the system
        // remounted after an error) is said as such, not as an unexplained database error.
        result.map_err(|e| match e {
            Error::Database(detail) => match cannot_write(&self.path) {
                Some(reason) => Error::ReadOnly {
                    path: self.path.clone(),
                    reason,
                },
                None => Error::Database(detail),
            },
            other => other,
        })
    }

    /// The connection for read-only queries in this crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Why the file, its write-ahead log, or the folder they are in cannot be written; `None`
/// when all can. Asked only after SQLite failed to set the file up, to tell "read-only" from
/// "damaged".
fn cannot_write(path: &Path) -> Option<String> {
    let read_only = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ) || e.raw_os_error() == Some(30)
    };
    if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
        if read_only(&e) {
            return Some(e.to_string());
        }
    }
    // SQLite keeps its write-ahead log and its index beside the file: either one that can
    // no longer be written stops every change as surely as the file itself.
    for suffix in ["-wal", "-shm"] {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        let companion = PathBuf::from(companion);
        if !companion.exists() {
            continue;
        }
        if let Err(e) = std::fs::OpenOptions::new().append(true).open(&companion) {
            if read_only(&e) {
                return Some(format!("{}: {e}", companion.display()));
            }
        }
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    let probe = folder.join(format!(".panelis-write-check-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) if read_only(&e) => Some(format!("the folder: {e}")),
        Err(_) => None,
    }
}

/// What an SQLite failure while setting up an opened file means: read-only when the file
/// or its folder cannot be written, damaged only when SQLite finds the file malformed, and
/// otherwise the database error as it is (a locked file is not a damaged one).
fn open_failure(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    if let Some(reason) = cannot_write(path) {
        return Error::ReadOnly {
            path: path.to_owned(),
            reason,
        };
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => damaged(path, e.to_string()),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => Error::ReadOnly {
            path: path.to_owned(),
            reason: e.to_string(),
        },
        _ => Error::Database(e.to_string()),
    }
}

fn damaged(path: &Path, detail: String) -> Error {
    Error::Damaged {
        path: path.to_owned(),
        detail,
    }
}

/// A file SQLite cannot read at all: damaged if it starts as an SQLite database, otherwise
/// simply not one of ours.
fn not_ours_or_damaged(path: &Path, e: rusqlite::Error) -> Error {
    let mut header = [0u8; 16];
    let is_sqlite = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .map(|()| &header == b"SQLite format 3\0")
        .unwrap_or(false);
    if is_sqlite {
        open_failure(path, e)
    } else {
        Error::NotACompetition {
            path: path.to_owned(),
        }
    }
}

fn io_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

/// Removes a half-created file and its WAL companions; errors are irrelevant here.
fn remove_file_set(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod schedule_tests;

#[cfg(test)]
mod panel_removal_tests;

#[cfg(test)]
mod read_only_tests;

#[cfg(test)]
mod room_tests;

/// Parses a stored UUID; a malformed one is a database error, not a panic.
pub(crate) fn parse_uuid(text: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(text).map_err(|e| Error::Database(format!("bad id {text:?}: {e}")))
}

/// Every row a query gives, each made into a record by `read`, which may refuse a stored
/// value that does not parse (a database error, not a panic): one loop for the loaders that
/// read columns into a record and check what the schema cannot.
pub(crate) fn query_records<T>(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
    mut read: impl FnMut(&rusqlite::Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(args)?;
    let mut records = Vec::new();
    while let Some(row) = rows.next()? {
        records.push(read(row)?);
    }
    Ok(records)
}

/// The store's statements through the connection's statement cache. The store runs the same
/// few statements on every save and every ballot taken; preparing their SQL again each time
/// (the plain `query_row` and `execute`) was about half of a save's time in the core
/// (`panelis-bench`, debug build: p50 0.95 ms, 0.49 ms with every statement cached).
pub(crate) trait Cached {
    /// `query_row`, with the statement from the cache.
    fn row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;

    /// `execute`, with the statement from the cache.
    fn run<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
}

impl Cached for Connection {
    fn row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    fn run<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }
}

//! The one error type of the core: every variant has a stable machine-readable code (the UI
//! and the CLI branch on it and translate it) next to an English message for logs.

use crate::lang::Lang;
use std::path::PathBuf;

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written at all (missing, permissions, disk).
    #[error("cannot open {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    /// The file exists but is not a Panelis competition file.
    #[error("{path} is not a Panelis competition file")]
    NotACompetition { path: PathBuf },
    /// The file was written by a newer Panelis whose schema this binary does not know.
    #[error(
        "{path} was saved by a newer version of Panelis (file format {found}, this version \
         reads up to {supported}); update Panelis to open it"
    )]
    NewerFile {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The file is a Panelis file but SQLite finds it damaged (a disk or power failure, or an
    /// edit outside Panelis); nothing is read from it.
    #[error(
        "{path} is damaged ({detail}); open the latest backup instead (Overview > Backups > Restore, or `panelis restore`)"
    )]
    Damaged { path: PathBuf, detail: String },
    /// The file is whole but cannot be written where it is (a read-only stick or folder):
    /// Panelis saves every change at once, so it is not opened there. Nothing is wrong with
    /// the file; this is never reported as damage.
    #[error(
        "{path} cannot be written (read-only: {reason}); the file itself is fine: copy it to \
         a folder you can write to, or make the drive writable, and open it again"
    )]
    ReadOnly { path: PathBuf, reason: String },
    /// The competition file is no longer at its path while open: deleted, moved, its drive
    /// removed, or (with `cause`, what the system answered) its folder replaced or made
    /// unreadable. What was saved since the last check is only in memory and on the stations.
    #[error("{}", gone_words(path, cause.as_deref(), Lang::En))]
    FileGone {
        path: PathBuf,
        cause: Option<String>,
    },
    /// Another file now stands where the competition file was opened.
    #[error(
        "{path} was replaced by another file while open: nothing more is saved or confirmed; \
         save a copy from memory to a new place, or open the file that is there now"
    )]
    FileReplaced { path: PathBuf },
    /// A file already exists where a new competition was to be created.
    #[error("{path} already exists; choose another file name")]
    AlreadyExists { path: PathBuf },
    /// A panelist of this name is on the panel already: names are compared as they print
    /// (case, spacing and invisible characters aside, [`crate::text::name_key`]); `name` is
    /// the one on the panel.
    #[error(
        "a panelist named \"{}\" is already on the panel; give another name",
        crate::text::excerpt(name)
    )]
    PanelistExists { name: String },
    /// A record that was asked for by name or id does not exist.
    #[error("{} not found: {}", what.word(Lang::En), crate::text::excerpt(key))]
    NotFound { what: Record, key: String },
    /// Input with one or more located problems (a sheet, a CSV of scores); nothing of it
    /// was written. Every problem is listed, not just the first.
    #[error("{what}: {} problem(s): {}", problems.len(), problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Rejected {
        what: String,
        problems: Vec<Problem>,
    },
    /// A value of the competition's setup refused by one of its rules
    /// ([`crate::setup::SetupRefusal`]).
    #[error("{0}")]
    Setup(crate::setup::SetupRefusal),
    /// A change to the schedule, a plan or the live timer refused by one of their rules.
    #[error("{0}")]
    Schedule(crate::schedule::refusal::ScheduleRefusal),
    /// A rubric refused: every problem it has, or locked by the ballots given.
    #[error("{0}")]
    Rubric(crate::rubric::RubricRefusal),
    /// What this device may not do in its role ([`crate::role`]).
    #[error("{0}")]
    Role(crate::role::RoleRefusal),
    /// A ballot, key, ballot file or sheet code that cannot be read as one.
    #[error("{0}")]
    BallotData(crate::ballot::unreadable::BallotDataRefusal),
    /// A change to the panel's decision, or a finalization, refused by one of the decision's
    /// rules; the refusal carries its own code and words in both languages.
    #[error("{0}")]
    Decision(crate::decision::DecisionRefusal),
    /// A ballot, or scoring an entry, refused by one of the ballot rules
    /// ([`crate::ballot::judge`]); the refusal carries its own code and words.
    #[error("{0}")]
    Ballot(crate::ballot::judge::BallotRefusal),
    /// The file of an issued document cannot be given (unknown id, file gone or changed);
    /// the refusal carries its own code and words in both languages.
    #[error("{0}")]
    Document(crate::store::DocumentRefusal),
    /// The organizer's key could not sign a checkpoint of the audit log; `cause` is what
    /// the signer said.
    #[error("the audit log's checkpoint could not be signed: {cause}")]
    CheckpointSigning { cause: String },
    /// SQLite reported an error we did not expect.
    #[error("database error: {0}")]
    Database(String),
}

impl Error {
    /// Stable code for the UI catalogue and for scripts; never changes once released.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::NotACompetition { .. } => "not_a_competition",
            Error::NewerFile { .. } => "newer_file",
            Error::Damaged { .. } => "damaged",
            Error::ReadOnly { .. } => "read_only",
            Error::FileGone { .. } => "file_gone",
            Error::FileReplaced { .. } => "file_replaced",
            Error::AlreadyExists { .. } => "already_exists",
            Error::PanelistExists { .. } => "panelist_exists",
            Error::NotFound { .. } => "not_found",
            Error::Rejected { .. } => "rejected",
            Error::Setup(refusal) => refusal.code(),
            Error::Schedule(refusal) => refusal.code(),
            Error::Rubric(refusal) => refusal.code(),
            Error::BallotData(refusal) => refusal.code(),
            Error::Role(refusal) => refusal.code(),
            Error::Decision(refusal) => refusal.code(),
            Error::Ballot(refusal) => refusal.code(),
            Error::Document(refusal) => refusal.code(),
            Error::CheckpointSigning { .. } => "checkpoint_signing",
            Error::Database(_) => "database",
        }
    }

    /// The message in `lang`: what happened and what to do, without what the system said
    /// (see [`Error::cause`]).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::Setup(refusal), _) => refusal.message(lang),
            (Error::Schedule(refusal), _) => refusal.message(lang),
            (Error::Rubric(refusal), _) => refusal.message(lang),
            (Error::BallotData(refusal), _) => refusal.message(lang),
            (Error::Role(refusal), _) => refusal.message(lang),
            (Error::Decision(refusal), _) => refusal.message(lang),
            (Error::Ballot(refusal), _) => refusal.message(lang),
            (Error::Document(refusal), _) => refusal.message(lang),
            (Error::Io { path, .. }, Lang::En) => format!("cannot open {}", path.display()),
            (Error::Io { path, .. }, Lang::Id) => {
                format!("{} tidak dapat dibuka atau ditulis", path.display())
            }
            (Error::NotACompetition { path }, Lang::Id) => {
                format!("{} bukan berkas kompetisi Panelis", path.display())
            }
            (
                Error::NewerFile {
                    path,
                    found,
                    supported,
                },
                Lang::Id,
            ) => format!(
                "{} dibuat oleh Panelis versi yang lebih baru (format berkas {found}, versi \
                 ini membaca sampai {supported}); perbarui Panelis untuk membukanya",
                path.display()
            ),
            (Error::Damaged { path, .. }, Lang::En) => format!(
                "{} is damaged; open the latest backup instead (Overview > Backups > \
                 Restore, or `panelis restore`)",
                path.display()
            ),
            (Error::Damaged { path, .. }, Lang::Id) => format!(
                "{} rusak; buka cadangan terbaru (Ikhtisar > Cadangan > Pulihkan, atau \
                 `panelis restore`)",
                path.display()
            ),
            (Error::ReadOnly { path, reason }, Lang::Id) => format!(
                "{} tidak dapat ditulis (hanya-baca: {reason}); berkasnya sendiri utuh: salin \
                 ke folder yang dapat ditulis, atau jadikan drive dapat ditulis, lalu buka lagi",
                path.display()
            ),
            (Error::FileGone { path, cause }, Lang::Id) => {
                gone_words(path, cause.as_deref(), Lang::Id)
            }
            (Error::FileReplaced { path }, Lang::Id) => format!(
                "{} diganti berkas lain saat terbuka: tidak ada lagi yang disimpan atau \
                 dikonfirmasi; simpan salinan dari memori ke tempat baru, atau buka berkas yang \
                 ada di sana sekarang",
                path.display()
            ),
            (Error::AlreadyExists { path }, Lang::Id) => {
                format!("{} sudah ada; pilih nama berkas lain", path.display())
            }
            (Error::PanelistExists { name }, Lang::Id) => format!(
                "panelis bernama \"{}\" sudah ada di panel; beri nama lain",
                crate::text::excerpt(name)
            ),
            (Error::NotFound { what, key }, Lang::Id) => format!(
                "{} tidak ditemukan: {}",
                what.word(Lang::Id),
                crate::text::excerpt(key)
            ),
            (Error::Rejected { what, problems }, _) => format!(
                "{}: {} {}: {}",
                crate::text::excerpt(what),
                problems.len(),
                lang.pick("masalah", "problem(s)"),
                problems
                    .iter()
                    .map(|p| p.located(lang))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            (Error::CheckpointSigning { .. }, Lang::En) => {
                "the audit log's checkpoint could not be signed with the organizer's key".into()
            }
            (Error::CheckpointSigning { .. }, Lang::Id) => {
                "titik periksa log audit tidak dapat ditandatangani dengan kunci penyelenggara"
                    .into()
            }
            (Error::Database(_), Lang::En) => "database error".into(),
            (Error::Database(_), Lang::Id) => "kesalahan basis data".into(),
            (other, _) => other.to_string(),
        }
    }

    /// What the system said, when the error carries it (an I/O error, SQLite's answer, a
    /// parser's complaint): a detail for a disclosure, never the sentence itself.
    pub fn cause(&self) -> Option<&str> {
        match self {
            Error::Io { reason, .. } => Some(reason),
            Error::Damaged { detail, .. } => Some(detail),
            Error::Database(detail) => Some(detail),
            Error::CheckpointSigning { cause } => Some(cause),
            Error::BallotData(refusal) => refusal.cause(),
            _ => None,
        }
    }

    /// The message and, after it, what the system said: for the command line and logs.
    pub fn describe(&self, lang: Lang) -> String {
        match self.cause() {
            Some(cause) => format!("{}: {}", self.message(lang), crate::text::excerpt(cause)),
            None => self.message(lang),
        }
    }

    /// The refusal's own fields (entries, counts, names, every problem) for a page to show,
    /// tagged with its code; `null` for an error that has none.
    pub fn detail(&self) -> serde_json::Value {
        let value = match self {
            Error::Setup(refusal) => serde_json::to_value(refusal),
            Error::Schedule(refusal) => serde_json::to_value(refusal),
            Error::Rubric(refusal) => serde_json::to_value(refusal),
            Error::BallotData(refusal) => serde_json::to_value(refusal),
            Error::Role(refusal) => serde_json::to_value(refusal),
            Error::Decision(refusal) => serde_json::to_value(refusal),
            Error::Ballot(refusal) => serde_json::to_value(refusal),
            Error::Document(refusal) => serde_json::to_value(refusal),
            Error::NotFound { what, key } => {
                serde_json::to_value(serde_json::json!({ "what": what, "key": key }))
            }
            _ => return serde_json::Value::Null,
        };
        value.unwrap_or(serde_json::Value::Null)
    }
}

/// The kind of record a [`Error::NotFound`] looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Entry,
    Panelist,
    Room,
    Slot,
    /// The slot of an entry (by number).
    SlotOfEntry,
    /// A conflict of interest.
    Conflict,
    /// A panelist or an entry, where one of the two is missing.
    PanelistOrEntry,
}

impl Record {
    /// The refusal for this kind of record, looked for by `key` (an id, a number or a name)
    /// and not there.
    pub fn not_found(self, key: impl std::fmt::Display) -> Error {
        Error::NotFound {
            what: self,
            key: key.to_string(),
        }
    }

    /// The record's name in `lang`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Record::Entry => lang.pick("inovasi", "entry"),
            Record::Panelist => lang.pick("panelis", "panelist"),
            Record::Room => lang.pick("ruang", "room"),
            Record::Slot => lang.pick("sesi", "slot"),
            Record::SlotOfEntry => lang.pick("sesi inovasi No", "slot of entry No"),
            Record::Conflict => lang.pick("konflik kepentingan", "conflict of interest"),
            Record::PanelistOrEntry => lang.pick("panelis atau inovasi", "panelist or entry"),
        }
    }
}

/// One located problem in a piece of input, worded in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Row (sheet row number, or line of a CSV file) as the user sees it, 1-based.
    pub row: Option<u32>,
    /// The column as named in the user's file, or the field.
    pub column: Option<String>,
    pub message_id: String,
    pub message_en: String,
}

impl Problem {
    /// The message in `lang`, prefixed with where: "baris 7, Nama Inovasi: ...".
    pub fn located(&self, lang: crate::lang::Lang) -> String {
        let mut at = Vec::new();
        if let Some(row) = self.row {
            at.push(format!("{} {row}", lang.pick("baris", "row")));
        }
        if let Some(col) = &self.column {
            // A column as the user's file names it: a header cell can be as long as any.
            at.push(crate::text::excerpt(col));
        }
        let msg = lang.pick(&self.message_id, &self.message_en);
        if at.is_empty() {
            msg.to_string()
        } else {
            format!("{}: {msg}", at.join(", "))
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.located(crate::lang::Lang::En))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(e.to_string())
    }
}

/// What [`Error::FileGone`] says: gone from its path, or (with the system's `cause`) no
/// longer reachable there; either way nothing more is saved, and the way out.
fn gone_words(path: &std::path::Path, cause: Option<&str>, lang: Lang) -> String {
    let path = path.display();
    match (cause, lang) {
        (None, Lang::En) => format!(
            "{path} is gone (deleted, moved, or its drive was removed) while open: nothing more \
             is saved or confirmed; save a copy from memory to a new place (the app's alarm \
             offers it) or open the latest backup, and let the stations send their ballots again"
        ),
        (Some(cause), Lang::En) => format!(
            "{path} can no longer be reached while open ({cause}: its folder was replaced or \
             made unreadable): nothing more is saved or confirmed; save a copy from memory to a \
             new place (the app's alarm offers it) or open the latest backup, and let the \
             stations send their ballots again"
        ),
        (None, Lang::Id) => format!(
            "{path} hilang (terhapus, dipindah, atau drive-nya dicabut) saat terbuka: tidak ada \
             lagi yang disimpan atau dikonfirmasi; simpan salinan dari memori ke tempat baru \
             (peringatan di aplikasi menawarkannya) atau buka cadangan terbaru, lalu biarkan \
             stasiun mengirim ulang lembar nilainya"
        ),
        (Some(cause), Lang::Id) => format!(
            "{path} tidak dapat dijangkau lagi saat terbuka ({cause}: foldernya diganti atau \
             tidak dapat dibaca): tidak ada lagi yang disimpan atau dikonfirmasi; simpan salinan \
             dari memori ke tempat baru (peringatan di aplikasi menawarkannya) atau buka cadangan \
             terbaru, lalu biarkan stasiun mengirim ulang lembar nilainya"
        ),
    }
}

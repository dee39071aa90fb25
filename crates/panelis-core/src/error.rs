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
        "{path} is damaged ({detail}); open the latest backup instead (Berkas > Pulihkan dari cadangan / File > Restore from backup, or `panelis restore`)"
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
    /// Input that breaks a rule of the domain; `field` names what was wrong.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    /// A panelist of this name is on the panel already: names are compared as they print
    /// (case, spacing and invisible characters aside, [`crate::text::name_key`]); `name` is
    /// the one on the panel.
    #[error(
        "a panelist named \"{}\" is already on the panel; give another name",
        crate::text::excerpt(name)
    )]
    PanelistExists { name: String },
    /// A record that was asked for by name or id does not exist.
    #[error("{what} not found: {}", crate::text::excerpt(key))]
    NotFound { what: &'static str, key: String },
    /// The operation is not allowed in the competition's current state.
    #[error("{0}")]
    Refused(String),
    /// Input with one or more located problems (a sheet, a CSV of scores); nothing of it
    /// was written. Every problem is listed, not just the first.
    #[error("{what}: {} problem(s): {}", problems.len(), problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Rejected {
        what: String,
        problems: Vec<Problem>,
    },
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
            Error::Invalid { .. } => "invalid",
            Error::PanelistExists { .. } => "panelist_exists",
            Error::NotFound { .. } => "not_found",
            Error::Refused(_) => "refused",
            Error::Rejected { .. } => "rejected",
            Error::Decision(refusal) => refusal.code(),
            Error::Ballot(refusal) => refusal.code(),
            Error::Document(refusal) => refusal.code(),
            Error::Database(_) => "database",
        }
    }

    /// The message in `lang` where the core has it in both languages, else the English one.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::Decision(refusal), _) => refusal.message(lang),
            (Error::Ballot(refusal), _) => refusal.message(lang),
            (Error::Document(refusal), _) => refusal.message(lang),
            (Error::Damaged { path, detail }, Lang::Id) => format!(
                "{} rusak ({detail}); buka cadangan terbaru (Berkas > Pulihkan dari cadangan, \
                 atau `panelis restore`)",
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
            (Error::PanelistExists { name }, Lang::Id) => format!(
                "panelis bernama \"{}\" sudah ada di panel; beri nama lain",
                crate::text::excerpt(name)
            ),
            (other, _) => other.to_string(),
        }
    }

    /// Shorthand for an [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
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

//! Errors as the UI receives them: a stable code to branch on, the words in both languages
//! (from the core, the documents or the venue LAN, which word every error they raise), what
//! the system said apart from them for a details disclosure, located problems for rejected
//! input, and the refusal's own fields.

use panelis_core::error::Problem;
use panelis_core::lang::Lang;
use panelis_core::text::excerpt;
use serde::Serialize;

#[derive(Debug, Default, Clone, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    /// The message in English.
    pub message: String,
    /// The message in Bahasa Indonesia.
    pub message_id: String,
    /// What the system, a library or the host said: a detail the user cannot act on, shown
    /// behind a "details" disclosure, never in the sentence.
    pub cause: Option<String>,
    pub problems: Vec<Problem>,
    /// The refusal's own fields (entries, ranks, seats, counts, missing ballots) for the page
    /// to show, tagged with its code; `null` when there are none.
    pub detail: serde_json::Value,
}

impl CommandError {
    fn worded(
        code: &'static str,
        message: impl Fn(Lang) -> String,
        cause: Option<String>,
        detail: serde_json::Value,
    ) -> Self {
        CommandError {
            code,
            message: message(Lang::En),
            message_id: message(Lang::Id),
            cause: cause.map(|c| excerpt(&c)),
            problems: Vec::new(),
            detail,
        }
    }

    /// The error as printed on a terminal, where no window can show it (the app's start):
    /// Bahasa Indonesia, English, then what the system said.
    pub fn for_terminal(&self) -> String {
        match &self.cause {
            Some(cause) => format!("{}\n{}\n({cause})", self.message_id, self.message),
            None => format!("{}\n{}", self.message_id, self.message),
        }
    }

    /// No competition is open (only after a failed open at launch).
    pub fn no_competition() -> Self {
        Shell::NoCompetition.into()
    }
}

/// What the shell itself refuses (the windows, the app's session), worded here.
#[derive(Debug)]
pub enum Shell {
    /// No competition is open.
    NoCompetition,
    /// Opening blank sheets before any were written in this session.
    NoBlankSheets,
    /// A station command on a laptop that has not joined a host.
    NotStation,
    /// A host command while the venue network is not running.
    NotHosting,
    /// A window (the projector) could not be made or changed.
    Window(String),
    /// Looking for hosts on the network failed.
    Discovery(String),
    /// No graphical display could be opened at the app's start (what the environment
    /// names as the display, and what GTK said). Only Linux asks (through GTK).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    NoDisplay(String),
    /// Tauri could not build or run the app.
    Start(String),
}

impl From<Shell> for CommandError {
    fn from(shell: Shell) -> Self {
        let (code, id, en, cause) = match shell {
            Shell::NoCompetition => (
                "no_competition",
                "Tidak ada kompetisi yang terbuka. Buka atau buat kompetisi.",
                "No competition is open. Open or create one.",
                None,
            ),
            Shell::NoBlankSheets => (
                "no_blank_sheets",
                "Belum ada lembar kosong yang dibuat sejak aplikasi dibuka. Buat dulu.",
                "No blank sheets were written since the app started. Write them first.",
                None,
            ),
            Shell::NotStation => (
                "not_station",
                "Laptop ini belum bergabung ke tuan rumah.",
                "This laptop has not joined a host.",
                None,
            ),
            Shell::NotHosting => (
                "not_hosting",
                "Jaringan tempat acara tidak sedang berjalan.",
                "The venue network is not running.",
                None,
            ),
            Shell::Window(cause) => (
                "window",
                "Jendela proyektor tidak dapat dibuat atau diubah.",
                "The projector window could not be made or changed.",
                Some(cause),
            ),
            Shell::Discovery(cause) => (
                "unreachable",
                "Tuan rumah di jaringan tidak dapat dicari.",
                "Hosts on the network cannot be looked for.",
                Some(cause),
            ),
            Shell::NoDisplay(cause) => (
                "no_display",
                "Panelis tidak dapat membuka jendelanya: tidak ada layar grafis yang dapat \
                 dipakai. Jalankan Panelis dari desktop laptop ini.",
                "Panelis could not open its window: no graphical display could be used. \
                 Start Panelis from this laptop's desktop.",
                Some(cause),
            ),
            Shell::Start(cause) => (
                "start",
                "Panelis tidak dapat dimulai.",
                "Panelis could not start.",
                Some(cause),
            ),
        };
        CommandError::worded(
            code,
            |lang| lang.pick(id, en).to_string(),
            cause,
            serde_json::Value::Null,
        )
    }
}

impl From<panelis_core::Error> for CommandError {
    fn from(e: panelis_core::Error) -> Self {
        let problems = match &e {
            panelis_core::Error::Rejected { problems, .. } => problems.clone(),
            _ => Vec::new(),
        };
        CommandError {
            problems,
            ..CommandError::worded(
                e.code(),
                |lang| e.message(lang),
                e.cause().map(str::to_string),
                e.detail(),
            )
        }
    }
}

impl From<panelis_lan::LanError> for CommandError {
    /// The one mapping of the venue LAN's errors, for the host's and the station's commands
    /// alike: the core's own errors as the core words them, the LAN's with their code and
    /// fields.
    fn from(e: panelis_lan::LanError) -> Self {
        match e {
            panelis_lan::LanError::Core(core) => CommandError::from(core),
            other => CommandError::worded(
                other.code(),
                |lang| other.message(lang),
                other.cause(),
                other.detail(),
            ),
        }
    }
}

impl From<panelis_report::ReportError> for CommandError {
    /// The documents' errors: the core's as the core words them, the others (a wrong .p12
    /// password, a logo that cannot be read) with their own code.
    fn from(e: panelis_report::ReportError) -> Self {
        match e {
            panelis_report::ReportError::Core(core) => CommandError::from(core),
            other => CommandError::worded(
                other.code(),
                |lang| other.message(lang),
                other.cause().map(str::to_string),
                other.detail(),
            ),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

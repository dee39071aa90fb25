//! Why a command failed: what the core, the documents or the venue LAN refused (each with
//! its own code and words in both languages), or the command line itself (a flag that does
//! not say what the command needs, worded in English like clap's own messages).

use panelis_core::lang::Lang;
use panelis_lan::LanError;
use panelis_report::ReportError;

/// The error of every command.
#[derive(Debug)]
pub enum Failure {
    Core(panelis_core::Error),
    Report(ReportError),
    Lan(LanError),
    /// A flag or an argument that cannot be used as given.
    Usage {
        flag: String,
        reason: String,
    },
    /// What the command found, worded by it in the user's language (a ballot a revoked
    /// station could not send).
    Told(String),
}

/// Result of a command.
pub type Result<T, E = Failure> = std::result::Result<T, E>;

impl Failure {
    /// A problem with the command line: `flag` and what is wrong with it.
    pub fn usage(flag: impl Into<String>, reason: impl Into<String>) -> Self {
        Failure::Usage {
            flag: flag.into(),
            reason: reason.into(),
        }
    }

    /// The line printed on stderr: the message in `lang` and what the system said after it.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Failure::Core(e) => e.describe(lang),
            Failure::Report(ReportError::Core(e)) => e.describe(lang),
            Failure::Report(e) => e.describe(lang),
            Failure::Lan(LanError::Core(e)) => e.describe(lang),
            Failure::Lan(e) => e.describe(lang),
            Failure::Usage { flag, reason } => format!("{flag}: {reason}"),
            Failure::Told(words) => words.clone(),
        }
    }

    /// The core's error, when that is what failed (the located problems of rejected input).
    pub fn core(&self) -> Option<&panelis_core::Error> {
        match self {
            Failure::Core(e)
            | Failure::Report(ReportError::Core(e))
            | Failure::Lan(LanError::Core(e)) => Some(e),
            _ => None,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl From<panelis_core::Error> for Failure {
    fn from(e: panelis_core::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Self {
        Failure::Report(e)
    }
}

impl From<LanError> for Failure {
    fn from(e: LanError) -> Self {
        Failure::Lan(e)
    }
}

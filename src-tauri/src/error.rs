//! Errors as the UI receives them: a stable code to branch and translate on, the English
//! message, and located problems for rejected input.

use panelis_core::error::Problem;
use serde::Serialize;

#[derive(Debug, Default, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    /// The message in Bahasa Indonesia where the core words it in both languages (the
    /// panel's decision), else the English one.
    pub message_id: String,
    pub problems: Vec<Problem>,
    /// The refusal's own fields (entries, ranks, seats, missing ballots) for the page to
    /// show, when the core gives them; `null` otherwise.
    pub detail: serde_json::Value,
}

impl From<panelis_core::Error> for CommandError {
    fn from(e: panelis_core::Error) -> Self {
        let problems = match &e {
            panelis_core::Error::Rejected { problems, .. } => problems.clone(),
            _ => Vec::new(),
        };
        let detail = match &e {
            panelis_core::Error::Decision(refusal) => {
                serde_json::to_value(refusal).unwrap_or(serde_json::Value::Null)
            }
            panelis_core::Error::Document(refusal) => {
                serde_json::to_value(refusal).unwrap_or(serde_json::Value::Null)
            }
            _ => serde_json::Value::Null,
        };
        CommandError {
            code: e.code(),
            message: e.to_string(),
            message_id: e.message(panelis_core::lang::Lang::Id),
            problems,
            detail,
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
            other => CommandError {
                code: other.code(),
                message: other.to_string(),
                detail: other.detail(),
                ..Default::default()
            },
        }
    }
}

impl CommandError {
    /// No competition is open (only after a failed open at launch).
    pub fn no_competition() -> Self {
        CommandError {
            code: "no_competition",
            message: "no competition is open".into(),
            message_id: "tidak ada kompetisi yang terbuka".into(),
            problems: Vec::new(),
            detail: serde_json::Value::Null,
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

//! Errors as the UI receives them: a stable code to branch and translate on, the English
//! message, and located problems for rejected input.

use panelis_core::error::Problem;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    pub problems: Vec<Problem>,
}

impl From<panelis_core::Error> for CommandError {
    fn from(e: panelis_core::Error) -> Self {
        let problems = match &e {
            panelis_core::Error::Rejected { problems, .. } => problems.clone(),
            _ => Vec::new(),
        };
        CommandError {
            code: e.code(),
            message: e.to_string(),
            problems,
        }
    }
}

impl CommandError {
    /// No competition is open (only after a failed open at launch).
    pub fn no_competition() -> Self {
        CommandError {
            code: "no_competition",
            message: "no competition is open".into(),
            problems: Vec::new(),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

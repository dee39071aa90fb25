//! The errors of the LAN crate: [`LanError`] for whoever calls the library (the app, the
//! `panelis` command), and [`RejectCode`], the machine-readable reason the host gives a
//! station (or anyone) whose request it refuses. Both carry stable codes for the UI catalogue.

use crate::identity::Fingerprint;
use panelis_core::ballot::judge::BallotRefusal;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Result with [`LanError`].
pub type Result<T, E = LanError> = std::result::Result<T, E>;

/// What went wrong on the host or station side.
#[derive(Debug, thiserror::Error)]
pub enum LanError {
    /// The competition file refused or failed (see the core error's own code).
    #[error(transparent)]
    Core(#[from] panelis_core::Error),
    /// A file of the host's identity folder or of the station could not be read or written.
    #[error("cannot use {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    /// The station's own file is damaged or not a Panelis station file.
    #[error("station file {path}: {reason}")]
    StationFile { path: PathBuf, reason: String },
    /// The host's TLS certificate could not be made or loaded.
    #[error("host certificate: {0}")]
    Certificate(String),
    /// The server could not listen on the address (in use, not this machine's).
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: String, reason: String },
    /// The host could not be reached or the connection dropped (offline, wrong address).
    #[error("host unreachable: {0}")]
    Unreachable(String),
    /// The host showed a certificate other than the one in the join code: not our host, or
    /// someone in between. Nothing was sent.
    #[error(
        "the host's certificate fingerprint is {found}, not {expected} as in the join code; \
         refusing to talk to it"
    )]
    WrongFingerprint {
        expected: Fingerprint,
        found: Fingerprint,
    },
    /// The host at a typed address presents a certificate whose fingerprint does not begin
    /// with the digits typed from the host's screen: not our host. Nothing was sent.
    #[error(
        "the host's certificate fingerprint is {found}, which does not begin with {typed} as \
         typed; refusing to talk to it"
    )]
    FingerprintMismatch { typed: String, found: Fingerprint },
    /// The host's certificate does not carry a valid signature of its own key (the host's
    /// is self-signed): made up to match a fingerprint, or damaged. Nothing was sent.
    #[error(
        "the host's certificate (fingerprint {found}) is not validly signed by its own key \
         ({reason}); refusing to talk to it"
    )]
    ForgedCertificate { found: Fingerprint, reason: String },
    /// The fingerprint field holds too few or too many digits (the count typed).
    #[error(
        "{0} hex digit(s) typed in the fingerprint field; type the first {pin} digits shown \
         on the host's screen (in groups of four), or all 64",
        pin = crate::identity::PIN_DIGITS
    )]
    PinLength(usize),
    /// The fingerprint field holds a character that is not a hex digit.
    #[error("the fingerprint field holds {0:?}, which is not a hex digit (0-9, a-f)")]
    PinNotHex(char),
    /// The host refused the request; `code` says why (see [`RejectCode`]).
    #[error("host refused ({}): {message}", code.as_str())]
    Refused { code: RejectCode, message: String },
    /// The host answered with something that is not this protocol.
    #[error("unexpected answer from the host: {0}")]
    Protocol(String),
    /// A join link, QR payload or code could not be read.
    #[error("join code: {0}")]
    BadInvite(String),
    /// The station has not joined a host yet (no station file in that folder).
    #[error("this station has not joined a host yet (no station file in {0})")]
    NotJoined(PathBuf),
    /// The secretariat revoked this station; it must join again with a new code.
    #[error("the secretariat revoked this station; ask for a new join code")]
    Revoked,
    /// The ballot cannot be made here (entry unknown, abstaining, finalized, scores missing).
    #[error("{0}")]
    Ballot(String),
    /// An argument given to the library was out of range.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    /// A typed address (the host's, or the one to listen on) is not one; says what was typed.
    #[error("{0}")]
    BadAddress(String),
    /// The station cannot be left: this many ballot revisions are not yet confirmed by the
    /// host (a score is never left behind).
    #[error("{0} ballot(s) are not yet confirmed by the host")]
    Unconfirmed(usize),
    /// A folder could not be moved (the station folder to its archive).
    #[error("cannot move {} to {}: {reason}", from.display(), to.display())]
    Move {
        from: PathBuf,
        to: PathBuf,
        reason: String,
    },
}

impl LanError {
    /// Stable code for the UI catalogue and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            LanError::Core(e) => e.code(),
            LanError::Io { .. } => "io",
            LanError::StationFile { .. } => "station_file",
            LanError::Certificate(_) => "certificate",
            LanError::Bind { .. } => "bind",
            LanError::Unreachable(_) => "unreachable",
            LanError::WrongFingerprint { .. } => "wrong_fingerprint",
            LanError::FingerprintMismatch { .. } => "fingerprint_mismatch",
            LanError::ForgedCertificate { .. } => "forged_certificate",
            LanError::PinLength(_) => "pin_length",
            LanError::PinNotHex(_) => "pin_not_hex",
            LanError::Refused { code, .. } => code.as_str(),
            LanError::Protocol(_) => "protocol",
            LanError::BadInvite(_) => "bad_invite",
            LanError::NotJoined(_) => "not_joined",
            LanError::Revoked => "revoked",
            LanError::Ballot(_) => "ballot",
            LanError::Invalid { .. } => "invalid",
            LanError::BadAddress(_) => "bad_address",
            LanError::Unconfirmed(_) => "station_unconfirmed",
            LanError::Move { .. } => "io",
        }
    }

    /// The error's own fields for a page to word it from its code, never from the message:
    /// `{"n": ...}` for a count; `null` when there is none.
    pub fn detail(&self) -> serde_json::Value {
        match self {
            LanError::PinLength(n) | LanError::Unconfirmed(n) => serde_json::json!({ "n": n }),
            _ => serde_json::Value::Null,
        }
    }

    /// Whether trying again later can succeed (the network, not the request, failed).
    pub fn is_transient(&self) -> bool {
        match self {
            LanError::Unreachable(_) | LanError::Protocol(_) => true,
            LanError::Refused { code, .. } => code.is_transient(),
            _ => false,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, e: impl std::fmt::Display) -> Self {
        LanError::Io {
            path: path.into(),
            reason: e.to_string(),
        }
    }

    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Self {
        LanError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Why the host refused a request. Sent as `{"code": "...", "message": "..."}` with the HTTP
/// status of [`RejectCode::status`]; the code is stable, the message is for people and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The request carried no station token.
    NoToken,
    /// The token is not one this host issued (or the host was reset).
    BadToken,
    /// The station's token was revoked by the secretariat.
    Revoked,
    /// The ballot names another panelist than the one the token belongs to.
    WrongPanelist,
    /// The ballot's signature does not verify with the key the station joined with.
    BadSignature,
    /// The station's key is not the one registered for this panelist.
    KeyMismatch,
    /// No key to check the ballot with (not sent by a station, which always has one).
    NoKey,
    /// The same revision twice in one batch.
    RepeatedInBatch,
    /// A revision older than the latest on record: a replayed or out-of-date ballot.
    StaleRevision,
    /// This revision is on record with other content.
    RevisionConflict,
    /// The panelist abstains on this entry (conflict of interest).
    Conflicted,
    /// The entry's results are final: no more ballots.
    Finalized,
    /// The ballot is of another competition.
    WrongCompetition,
    /// The entry is not in this competition.
    UnknownEntry,
    /// The scores do not fit the competition's rubric.
    RubricMismatch,
    /// The ballot's submission time is well after the host's clock.
    FromTheFuture,
    /// The body is not the JSON this request expects.
    Malformed,
    /// The body is larger than the host accepts.
    TooLarge,
    /// The join code is unknown, used or expired.
    BadCode,
    /// Too many failed attempts from this address (or overall): wait a minute.
    RateLimited,
    /// Load-test requests need the load-test token printed by `panelis host --loadtest-token`.
    LoadtestDisabled,
    /// No such request path.
    NotFound,
    /// The host failed while handling the request; try again.
    Internal,
    /// A code this build does not know (a newer host).
    #[serde(other)]
    Unknown,
}

impl From<&BallotRefusal> for RejectCode {
    /// The wire code of the core's ballot verdict: one to one, so a ballot refused over the
    /// LAN carries the same code as in a ballot file's import report.
    fn from(refusal: &BallotRefusal) -> Self {
        match refusal {
            BallotRefusal::WrongCompetition => RejectCode::WrongCompetition,
            BallotRefusal::WrongPanelist => RejectCode::WrongPanelist,
            BallotRefusal::NoKey => RejectCode::NoKey,
            BallotRefusal::KeyMismatch => RejectCode::KeyMismatch,
            // Only a ballot file announces a key; a station's key comes with its join, so
            // this cannot come back over the LAN. Should it, no key is registered.
            BallotRefusal::UnregisteredKey { .. } => RejectCode::NoKey,
            BallotRefusal::BadSignature => RejectCode::BadSignature,
            BallotRefusal::RubricMismatch => RejectCode::RubricMismatch,
            BallotRefusal::UnknownEntry => RejectCode::UnknownEntry,
            BallotRefusal::Conflicted { .. } => RejectCode::Conflicted,
            BallotRefusal::Finalized { .. } => RejectCode::Finalized,
            BallotRefusal::RevisionConflict { .. } => RejectCode::RevisionConflict,
            BallotRefusal::RepeatedInBatch { .. } => RejectCode::RepeatedInBatch,
            BallotRefusal::StaleRevision { .. } => RejectCode::StaleRevision,
            BallotRefusal::FromTheFuture { .. } => RejectCode::FromTheFuture,
        }
    }
}

impl RejectCode {
    /// The code as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::NoToken => "no_token",
            RejectCode::BadToken => "bad_token",
            RejectCode::Revoked => "revoked",
            RejectCode::WrongPanelist => "wrong_panelist",
            RejectCode::BadSignature => "bad_signature",
            RejectCode::KeyMismatch => "key_mismatch",
            RejectCode::NoKey => "no_key",
            RejectCode::RepeatedInBatch => "repeated_in_batch",
            RejectCode::StaleRevision => "stale_revision",
            RejectCode::RevisionConflict => "revision_conflict",
            RejectCode::Conflicted => "conflicted",
            RejectCode::Finalized => "finalized",
            RejectCode::WrongCompetition => "wrong_competition",
            RejectCode::UnknownEntry => "unknown_entry",
            RejectCode::RubricMismatch => "rubric_mismatch",
            RejectCode::FromTheFuture => "from_the_future",
            RejectCode::Malformed => "malformed",
            RejectCode::TooLarge => "too_large",
            RejectCode::BadCode => "bad_code",
            RejectCode::RateLimited => "rate_limited",
            RejectCode::LoadtestDisabled => "loadtest_disabled",
            RejectCode::NotFound => "not_found",
            RejectCode::Internal => "internal",
            RejectCode::Unknown => "unknown",
        }
    }

    /// The HTTP status the host answers with.
    pub fn status(self) -> u16 {
        match self {
            RejectCode::NoToken | RejectCode::BadToken => 401,
            RejectCode::Revoked
            | RejectCode::WrongPanelist
            | RejectCode::BadSignature
            | RejectCode::BadCode
            | RejectCode::LoadtestDisabled => 403,
            RejectCode::NotFound => 404,
            RejectCode::KeyMismatch
            | RejectCode::NoKey
            | RejectCode::RepeatedInBatch
            | RejectCode::StaleRevision
            | RejectCode::RevisionConflict
            | RejectCode::Conflicted
            | RejectCode::Finalized
            | RejectCode::WrongCompetition => 409,
            RejectCode::TooLarge => 413,
            RejectCode::UnknownEntry | RejectCode::RubricMismatch | RejectCode::FromTheFuture => {
                422
            }
            RejectCode::Malformed => 400,
            RejectCode::RateLimited => 429,
            RejectCode::Internal | RejectCode::Unknown => 500,
        }
    }

    /// Whether sending the same request later may succeed.
    pub fn is_transient(self) -> bool {
        matches!(self, RejectCode::RateLimited | RejectCode::Internal)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn a_ballot_from_the_future_has_its_own_wire_code_and_is_final() {
        let now = chrono::Utc::now();
        let refusal = BallotRefusal::FromTheFuture {
            submitted_at: now + chrono::Duration::days(365),
            host_now: now,
        };
        let code = RejectCode::from(&refusal);
        assert_eq!(code, RejectCode::FromTheFuture);
        assert_eq!(code.as_str(), refusal.code(), "the core's code on the wire");
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::json!("from_the_future")
        );
        assert_eq!(code.status(), 422);
        assert!(!code.is_transient(), "sending it again cannot help");
    }
}

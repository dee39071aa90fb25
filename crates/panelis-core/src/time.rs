//! Instants as the competition file stores them: UTC, RFC 3339 with milliseconds and a `Z`.
//! One place for the format so every table agrees.

use chrono::{DateTime, SecondsFormat, Utc};

/// The current instant in UTC.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Formats an instant for storage.
pub fn to_db(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses a stored instant; a malformed value is a database error, not a panic.
pub fn from_db(text: &str) -> crate::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| crate::Error::Database(format!("bad instant {text:?}: {e}")))
}

/// The venue's fixed offset from UTC (`minutes` east, WITA = 480).
pub fn venue_offset(minutes: i32) -> crate::Result<chrono::FixedOffset> {
    chrono::FixedOffset::east_opt(minutes.saturating_mul(60))
        .ok_or_else(|| crate::Error::invalid("utc offset", "offset out of range"))
}

/// An instant as the venue's wall clock shows it; times are stored in UTC, shown local.
pub fn to_local(at: DateTime<Utc>, offset: chrono::FixedOffset) -> chrono::NaiveDateTime {
    at.with_timezone(&offset).naive_local()
}

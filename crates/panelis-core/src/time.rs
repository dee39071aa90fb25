//! Instants as the competition file stores them (UTC, RFC 3339 with milliseconds and a `Z`)
//! and as people read them: the venue's wall clock, its zone named (WIB, WITA, WIT).
//! One place for both so every table, screen, document and command agrees.

use crate::lang::Lang;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

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
    chrono::FixedOffset::east_opt(minutes.saturating_mul(60)).ok_or(crate::Error::Setup(
        crate::setup::SetupRefusal::UtcOffsetOutOfRange { minutes },
    ))
}

/// An instant as the venue's wall clock shows it; times are stored in UTC, shown local.
pub fn to_local(at: DateTime<Utc>, offset: chrono::FixedOffset) -> chrono::NaiveDateTime {
    at.with_timezone(&offset).naive_local()
}

/// The venue's zone as Indonesians name it: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9); any
/// other offset as "UTC+h:mm" ("UTC-3:00", "UTC+5:30"), and UTC itself as "UTC".
pub fn zone_name(offset_minutes: i32) -> String {
    match offset_minutes {
        420 => "WIB".into(),
        480 => "WITA".into(),
        540 => "WIT".into(),
        0 => "UTC".into(),
        m => {
            let sign = if m < 0 { '-' } else { '+' };
            let a = m.unsigned_abs();
            format!("UTC{sign}{}:{:02}", a / 60, a % 60)
        }
    }
}

/// "10.46 WITA" (Indonesian writes a period between hours and minutes) or "10:46 WITA":
/// the time of day at the venue, its zone named, as documents print it.
pub fn clock(at: DateTime<Utc>, offset_minutes: i32, lang: Lang) -> crate::Result<String> {
    let local = to_local(at, venue_offset(offset_minutes)?);
    let hm = local.format(lang.pick("%H.%M", "%H:%M"));
    Ok(format!("{hm} {}", zone_name(offset_minutes)))
}

/// "2026-12-02 10:46:04 WITA": an instant at the venue as the `panelis` command prints it
/// (sortable, seconds kept for the audit log, the zone named because a terminal's own
/// clock may be in another).
pub fn stamp(at: DateTime<Utc>, offset_minutes: i32) -> crate::Result<String> {
    let local = to_local(at, venue_offset(offset_minutes)?);
    Ok(format!(
        "{} {}",
        local.format("%Y-%m-%d %H:%M:%S"),
        zone_name(offset_minutes)
    ))
}

/// What a screen needs to show an instant at the venue: the offset to shift by and the
/// zone's name, sent with the overview so the page never uses its own clock's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueClock {
    pub utc_offset_minutes: i32,
    pub zone: String,
}

impl VenueClock {
    pub fn new(offset_minutes: i32) -> Self {
        VenueClock {
            utc_offset_minutes: offset_minutes,
            zone: zone_name(offset_minutes),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        from_db(text).unwrap()
    }

    #[test]
    fn indonesia_zones_have_their_names() {
        assert_eq!(zone_name(7 * 60), "WIB");
        assert_eq!(zone_name(8 * 60), "WITA");
        assert_eq!(zone_name(9 * 60), "WIT");
    }

    #[test]
    fn other_offsets_are_named_from_utc() {
        assert_eq!(zone_name(0), "UTC");
        assert_eq!(zone_name(330), "UTC+5:30");
        assert_eq!(zone_name(60), "UTC+1:00");
        assert_eq!(zone_name(-180), "UTC-3:00");
        assert_eq!(zone_name(-570), "UTC-9:30");
    }

    #[test]
    fn clock_shows_the_venue_time_not_utc() {
        let t = at("2026-12-02T02:46:04.000Z");
        assert_eq!(clock(t, 480, Lang::Id).unwrap(), "10.46 WITA");
        assert_eq!(clock(t, 480, Lang::En).unwrap(), "10:46 WITA");
        assert_eq!(clock(t, 420, Lang::Id).unwrap(), "09.46 WIB");
        // Past midnight at the venue is the next day there.
        let late = at("2026-12-02T16:30:00.000Z");
        assert_eq!(stamp(late, 540).unwrap(), "2026-12-03 01:30:00 WIT");
    }

    #[test]
    fn stamp_keeps_seconds_and_names_the_zone() {
        let t = at("2026-12-02T02:46:04.000Z");
        assert_eq!(stamp(t, 480).unwrap(), "2026-12-02 10:46:04 WITA");
        assert_eq!(stamp(t, 330).unwrap(), "2026-12-02 08:16:04 UTC+5:30");
        assert!(stamp(t, 24 * 60).is_err(), "a day's offset is refused");
    }

    #[test]
    fn the_page_gets_offset_and_name_together() {
        let c = VenueClock::new(480);
        assert_eq!(c.utc_offset_minutes, 480);
        assert_eq!(c.zone, "WITA");
    }
}

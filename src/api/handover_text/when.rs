//! The spellings of a handover's window that people type (`--since 20:00`, `:handover 20:00`):
//! a local time of day is its last occurrence before now, a date its local midnight, a local
//! date and time that instant, and an RFC 3339 instant itself, all in the command center's zone.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The local date and time `naive` in `tz` (the earlier of two in a fold, the first instant
/// after a gap).
fn at_local(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => tz
            .from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
            .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc)),
    }
}

/// The last local `time` in `tz` strictly before `now`.
pub fn last_before(time: NaiveTime, now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let today = now.with_timezone(&tz).date_naive();
    let candidate = at_local(tz, today.and_time(time));
    if candidate < now { candidate } else { at_local(tz, (today - Duration::days(1)).and_time(time)) }
}

/// The instant `s` means at `now` in `tz`: `now`; `HH:MM` (the last one before now);
/// `YYYY-MM-DD` (local midnight); `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM` (local); or an RFC
/// 3339 instant. `Err` says what is accepted.
pub fn parse_when(s: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(t) = NaiveTime::parse_from_str(s, format) {
            return Ok(last_before(t, now, tz));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(at_local(tz, d.and_time(NaiveTime::MIN)));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Ok(at_local(tz, t));
        }
    }
    Err(format!(
        "{s:?} is not a time: use HH:MM (the last one before now), YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" ({} time), an RFC 3339 instant or now",
        tz.name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_time_of_day_is_its_last_occurrence_before_now() {
        // 08:00 local on 02-17: 20:00 is yesterday's.
        let now = at("2026-02-17T00:00:00Z");
        assert_eq!(parse_when("20:00", now, SHANGHAI), Ok(at("2026-02-16T12:00:00Z")));
        // 21:30 local: 20:00 is today's.
        let now = at("2026-02-16T13:30:00Z");
        assert_eq!(parse_when(" 20:00 ", now, SHANGHAI), Ok(at("2026-02-16T12:00:00Z")));
        // Exactly 20:00: the one a day before (strictly before now).
        assert_eq!(parse_when("20:00", at("2026-02-16T12:00:00Z"), SHANGHAI), Ok(at("2026-02-15T12:00:00Z")));
    }

    #[test]
    fn dates_date_times_instants_and_now() {
        let now = at("2026-02-17T00:00:00Z");
        assert_eq!(parse_when("2026-02-16", now, SHANGHAI), Ok(at("2026-02-15T16:00:00Z")));
        assert_eq!(parse_when("2026-02-16 20:00", now, SHANGHAI), Ok(at("2026-02-16T12:00:00Z")));
        assert_eq!(parse_when("2026-02-16T20:00", now, SHANGHAI), Ok(at("2026-02-16T12:00:00Z")));
        assert_eq!(parse_when("2026-02-16T20:00:00+08:00", now, SHANGHAI), Ok(at("2026-02-16T12:00:00Z")));
        assert_eq!(parse_when("NOW", now, SHANGHAI), Ok(now));
    }

    #[test]
    fn anything_else_says_what_is_accepted() {
        for bad in ["", "25:00", "yesterday", "2026-02-30", "20h"] {
            let e = parse_when(bad, at("2026-02-17T00:00:00Z"), SHANGHAI).unwrap_err();
            assert!(e.contains("HH:MM") && e.contains("Asia/Shanghai"), "{bad}: {e}");
        }
    }
}

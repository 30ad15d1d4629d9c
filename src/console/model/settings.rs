//! The settings the console shows and obeys: from the console config at start, then the
//! server's own (city, time zone, poll interval, report deadline, check-in cutoff).

use chrono::NaiveTime;
use chrono_tz::Tz;

use crate::api::types::ServerSettings;
use crate::config::severity::SeverityConfig;

/// Settings shown to the user, from the server when it says them.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The name of the top of the data: `server.city` of the config, then the server's (from its
    /// data); the status line prefers the dashboard's path (see `State::place_name`).
    pub city: String,
    /// Zone of clocks and local days.
    pub tz: Tz,
    /// Poll interval, seconds.
    pub poll_secs: u64,
    /// Report deadline `HH:MM`.
    pub report_deadline: String,
    /// Local time (in `tz`) by which officers check in, 09:00 by default; before it, attendance
    /// counts "not yet" instead of absent.
    pub checkin_cutoff: NaiveTime,
    /// When a row is a warning or critical (`[console.severity]`).
    pub severity: SeverityConfig,
}

impl Settings {
    /// Settings from the console config until the server says its own.
    pub fn from_config(c: &crate::config::ConsoleConfig, city: &str) -> Settings {
        Settings {
            city: city.to_string(),
            tz: c.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai),
            poll_secs: c.poll_interval_secs.max(1),
            report_deadline: "20:00".into(),
            checkin_cutoff: NaiveTime::from_hms_opt(9, 0, 0).expect("valid"),
            severity: c.severity,
        }
    }

    /// Takes the server's settings; a zone or cutoff it cannot parse keeps the current one.
    pub fn apply(&mut self, s: &ServerSettings) {
        self.city = s.city.clone();
        if let Ok(tz) = s.time_zone.parse() {
            self.tz = tz;
        }
        self.poll_secs = s.poll_interval_secs.max(1);
        self.report_deadline = s.report_deadline.clone();
        if let Ok(t) = crate::config::parse_hhmm("checkin_cutoff", &s.checkin_cutoff) {
            self.checkin_cutoff = t;
        }
    }
}

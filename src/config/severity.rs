//! `[console.severity]`: the thresholds at which a row of the console is a warning or critical
//! (attendance, overdue reports, problems past their SLA deadline, escalation levels), and the
//! rules that apply them. The console turns a [`Severity`] into a tone, and the theme the tone
//! into a colour, so on a normal day most rows are the normal colour and red stands out.

use serde::{Deserialize, Serialize};

/// How bad a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Severity {
    /// Within the thresholds: the normal colour.
    #[default]
    Normal,
    /// Past the warning threshold: needs attention.
    Warning,
    /// Past the critical threshold: act now.
    Critical,
}

/// The thresholds of `[console.severity]` (documented in `config/default.toml`). A count, day or
/// level threshold of 0 never applies; a percent threshold of 0 never applies.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityConfig {
    /// Attendance (officers present of those expected, once the check-in cutoff has passed)
    /// below this percent is a warning.
    pub attendance_warn: f64,
    /// Attendance below this percent is critical.
    pub attendance_critical: f64,
    /// An enterprise whose daily report is overdue this many days in a row (or more) is a warning.
    pub overdue_warn_days: i64,
    /// An enterprise overdue this many days in a row (or more) is critical.
    pub overdue_critical_days: i64,
    /// A place with this many unresolved problems past their SLA deadline (or more) is a warning.
    pub breached_warn: i64,
    /// A place with this many unresolved problems past their SLA deadline (or more) is critical.
    pub breached_critical: i64,
    /// Whether one problem past its SLA deadline is critical (else a warning).
    pub breach_critical: bool,
    /// A problem escalated to this level (1: the district, 2: the city) or above is a warning.
    pub escalated_warn_level: i64,
    /// A problem escalated to this level or above is critical.
    pub escalated_critical_level: i64,
}

impl Default for SeverityConfig {
    fn default() -> Self {
        SeverityConfig {
            attendance_warn: 95.0,
            attendance_critical: 90.0,
            overdue_warn_days: 1,
            overdue_critical_days: 2,
            breached_warn: 3,
            breached_critical: 10,
            breach_critical: true,
            escalated_warn_level: 1,
            escalated_critical_level: 2,
        }
    }
}

/// `n` against a warning and a critical threshold (0: never), higher is worse.
fn at_least(n: i64, warn: i64, critical: i64) -> Severity {
    if critical > 0 && n >= critical {
        Severity::Critical
    } else if warn > 0 && n >= warn {
        Severity::Warning
    } else {
        Severity::Normal
    }
}

impl SeverityConfig {
    /// What is wrong with the thresholds (percents outside 0..=100, negative counts, a
    /// critical threshold milder than its warning), or `Ok`.
    pub fn check(&self) -> Result<(), String> {
        let percent = |key: &str, v: f64| {
            (0.0..=100.0).contains(&v).then_some(()).ok_or(format!("severity.{key} = {v} is not a percent (0 to 100)"))
        };
        percent("attendance_warn", self.attendance_warn)?;
        percent("attendance_critical", self.attendance_critical)?;
        if self.attendance_critical > self.attendance_warn && self.attendance_warn > 0.0 {
            return Err(format!(
                "severity.attendance_critical = {} is above attendance_warn = {}: critical is the lower rate",
                self.attendance_critical, self.attendance_warn
            ));
        }
        for (key, warn, critical) in [
            ("overdue", self.overdue_warn_days, self.overdue_critical_days),
            ("breached", self.breached_warn, self.breached_critical),
            ("escalated", self.escalated_warn_level, self.escalated_critical_level),
        ] {
            if warn < 0 || critical < 0 {
                return Err(format!("severity.{key}_* thresholds must be 0 (never) or more"));
            }
            if warn > 0 && critical > 0 && critical < warn {
                return Err(format!("severity.{key}: the critical threshold {critical} is below the warning {warn}"));
            }
        }
        Ok(())
    }

    /// Attendance of `present` out of `expected` officers after the check-in cutoff (no one
    /// expected: normal).
    pub fn attendance(&self, present: i64, expected: i64) -> Severity {
        if expected <= 0 {
            return Severity::Normal;
        }
        let pct = present as f64 * 100.0 / expected as f64;
        if pct < self.attendance_critical {
            Severity::Critical
        } else if pct < self.attendance_warn {
            Severity::Warning
        } else {
            Severity::Normal
        }
    }

    /// An enterprise's daily report overdue `days` in a row.
    pub fn overdue(&self, days: i64) -> Severity {
        at_least(days, self.overdue_warn_days, self.overdue_critical_days)
    }

    /// A place with `n` unresolved problems past their SLA deadline.
    pub fn breached(&self, n: i64) -> Severity {
        at_least(n, self.breached_warn, self.breached_critical)
    }

    /// One problem: past its SLA deadline or not, at its escalation level (0: the park desk).
    pub fn problem(&self, breached: bool, level: i64) -> Severity {
        let breach = match (breached, self.breach_critical) {
            (false, _) => Severity::Normal,
            (true, true) => Severity::Critical,
            (true, false) => Severity::Warning,
        };
        breach.max(at_least(level, self.escalated_warn_level, self.escalated_critical_level))
    }
}

#[cfg(test)]
mod tests {
    use super::Severity::*;
    use super::*;

    #[test]
    fn attendance_is_critical_below_90_and_a_warning_below_95_percent() {
        let s = SeverityConfig::default();
        assert_eq!(s.attendance(50, 50), Normal);
        assert_eq!(s.attendance(49, 50), Normal, "one absent of 50 is 98%");
        assert_eq!(s.attendance(95, 100), Normal);
        assert_eq!(s.attendance(94, 100), Warning);
        assert_eq!(s.attendance(90, 100), Warning);
        assert_eq!(s.attendance(89, 100), Critical);
        assert_eq!(s.attendance(0, 0), Normal, "nobody expected");
    }

    #[test]
    fn overdue_one_day_warns_and_two_days_in_a_row_are_critical() {
        let s = SeverityConfig::default();
        assert_eq!([s.overdue(0), s.overdue(1), s.overdue(2), s.overdue(9)], [Normal, Warning, Critical, Critical]);
        let off = SeverityConfig { overdue_warn_days: 0, overdue_critical_days: 0, ..s };
        assert_eq!(off.overdue(9), Normal, "0 never applies");
    }

    #[test]
    fn problems_by_breach_and_level_and_places_by_their_breaches() {
        let s = SeverityConfig::default();
        assert_eq!(s.problem(false, 0), Normal);
        assert_eq!(s.problem(false, 1), Warning, "at the district");
        assert_eq!(s.problem(false, 2), Critical, "at the city");
        assert_eq!(s.problem(true, 0), Critical, "past its SLA deadline");
        assert_eq!(SeverityConfig { breach_critical: false, ..s }.problem(true, 0), Warning);
        assert_eq!([s.breached(2), s.breached(3), s.breached(9), s.breached(10)], [Normal, Warning, Warning, Critical]);
    }

    #[test]
    fn thresholds_that_contradict_are_refused_with_their_key() {
        assert_eq!(SeverityConfig::default().check(), Ok(()));
        let bad = SeverityConfig { attendance_critical: 97.0, ..SeverityConfig::default() };
        assert!(bad.check().unwrap_err().contains("attendance_critical"));
        let bad = SeverityConfig { attendance_warn: 120.0, ..SeverityConfig::default() };
        assert!(bad.check().unwrap_err().contains("attendance_warn"));
        let bad = SeverityConfig { overdue_warn_days: 3, ..SeverityConfig::default() };
        assert!(bad.check().unwrap_err().contains("overdue"));
        let bad = SeverityConfig { breached_critical: -1, ..SeverityConfig::default() };
        assert!(bad.check().unwrap_err().contains("breached"));
    }
}

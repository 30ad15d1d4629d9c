//! Local days, the daily-report deadline, the check-in cutoff and SLA due times,
//! all in the command center's configured time zone (never UTC dates).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::lifecycle::Priority;

/// An officer's attendance on one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Checked in by the cutoff.
    Present,
    /// First check-in after the cutoff (also counts as present).
    Late,
    /// No check-in and the cutoff has passed.
    Absent,
    /// No check-in yet, and the cutoff has not passed.
    NotYet,
}

impl Attendance {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Late => "late",
            Self::Absent => "absent",
            Self::NotYet => "not_yet",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Present, Self::Late, Self::Absent, Self::NotYet]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// A daily report's standing on one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStanding {
    /// Submitted by the deadline.
    OnTime,
    /// Submitted after the deadline.
    Late,
    /// Not submitted and the deadline has passed.
    Overdue,
    /// Not submitted, deadline still ahead.
    Pending,
}

/// SLA hours per priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaHours {
    /// Hours allowed for an urgent problem.
    pub urgent: i64,
    /// Hours allowed for a high-priority problem.
    pub high: i64,
    /// Hours allowed for a normal problem.
    pub normal: i64,
}

impl Default for SlaHours {
    fn default() -> Self {
        Self { urgent: 2, high: 8, normal: 24 }
    }
}

impl SlaHours {
    /// Hours for one priority.
    pub fn hours(&self, p: Priority) -> i64 {
        match p {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Normal => self.normal,
        }
    }
}

/// The command center's calendar: time zone, report deadline and check-in cutoff.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calendar {
    /// The command center's time zone.
    pub tz: Tz,
    /// Daily report deadline, local time (default 20:00).
    pub report_deadline: NaiveTime,
    /// Check-in cutoff, local time (default 09:00).
    pub checkin_cutoff: NaiveTime,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            tz: chrono_tz::Asia::Shanghai,
            report_deadline: NaiveTime::from_hms_opt(20, 0, 0).expect("valid time"),
            checkin_cutoff: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
        }
    }
}

impl Calendar {
    /// The local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// The instant of a local wall-clock time on a local date (the earlier one if ambiguous,
    /// the first valid minute after a gap).
    pub fn instant(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let naive = date.and_time(time);
        match self.tz.from_local_datetime(&naive) {
            chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
            chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
            chrono::LocalResult::None => {
                let later = naive + Duration::hours(1);
                self.tz
                    .from_local_datetime(&later)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
            }
        }
    }

    /// The report deadline of a local date, as an instant.
    pub fn deadline(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date, self.report_deadline)
    }

    /// The check-in cutoff of a local date, as an instant.
    pub fn cutoff(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date, self.checkin_cutoff)
    }

    /// Attendance of an officer on `date`, given the first check-in that day and `now`.
    /// A check-in exactly at the cutoff is on time.
    pub fn attendance(
        &self,
        date: NaiveDate,
        first_checkin: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Attendance {
        let cutoff = self.cutoff(date);
        match first_checkin {
            Some(t) if t <= cutoff => Attendance::Present,
            Some(_) => Attendance::Late,
            None if now > cutoff => Attendance::Absent,
            None => Attendance::NotYet,
        }
    }

    /// Standing of an enterprise's report on `date`. A report exactly at the deadline is on time;
    /// overdue starts strictly after it.
    pub fn report_standing(
        &self,
        date: NaiveDate,
        submitted_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> ReportStanding {
        let deadline = self.deadline(date);
        match submitted_at {
            Some(t) if t <= deadline => ReportStanding::OnTime,
            Some(_) => ReportStanding::Late,
            None if now > deadline => ReportStanding::Overdue,
            None => ReportStanding::Pending,
        }
    }

    /// Days in a row overdue ending at `date`, given the last date with a report before it
    /// (or the first day the report was expected, when there was never one).
    pub fn days_in_a_row(date: NaiveDate, last_report: Option<NaiveDate>, first_expected: NaiveDate) -> i64 {
        match last_report {
            Some(last) if last < date => (date - last).num_days(),
            Some(_) => 0,
            None => (date - first_expected).num_days().max(0) + 1,
        }
    }
}

/// The SLA due time of a problem raised (or re-prioritised) at `from`.
pub fn due_at(from: DateTime<Utc>, priority: Priority, sla: &SlaHours) -> DateTime<Utc> {
    from + Duration::hours(sla.hours(priority))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn local_date_turns_at_16_utc() {
        let cal = Calendar::default();
        assert_eq!(cal.local_date(utc("2026-02-15T15:59:59Z")), d("2026-02-15"));
        assert_eq!(cal.local_date(utc("2026-02-15T16:00:00Z")), d("2026-02-16"));
    }

    #[test]
    fn deadline_boundary_is_inclusive() {
        let cal = Calendar::default();
        let date = d("2026-02-16");
        let deadline = utc("2026-02-16T12:00:00Z");
        assert_eq!(cal.deadline(date), deadline);
        assert_eq!(cal.report_standing(date, None, deadline), ReportStanding::Pending);
        assert_eq!(
            cal.report_standing(date, None, deadline + Duration::seconds(1)),
            ReportStanding::Overdue
        );
        assert_eq!(cal.report_standing(date, Some(deadline), deadline), ReportStanding::OnTime);
        assert_eq!(
            cal.report_standing(date, Some(deadline + Duration::seconds(1)), deadline),
            ReportStanding::Late
        );
    }

    #[test]
    fn cutoff_boundary_and_not_yet() {
        let cal = Calendar::default();
        let date = d("2026-02-16");
        let cutoff = utc("2026-02-16T01:00:00Z");
        assert_eq!(cal.cutoff(date), cutoff);
        assert_eq!(cal.attendance(date, None, cutoff), Attendance::NotYet);
        assert_eq!(cal.attendance(date, None, cutoff + Duration::seconds(1)), Attendance::Absent);
        assert_eq!(cal.attendance(date, Some(cutoff), cutoff), Attendance::Present);
        assert_eq!(
            cal.attendance(date, Some(cutoff + Duration::seconds(1)), cutoff),
            Attendance::Late
        );
    }

    #[test]
    fn just_after_local_midnight_is_the_new_day_not_yet() {
        let cal = Calendar::default();
        let now = utc("2026-02-16T16:00:30Z");
        let today = cal.local_date(now);
        assert_eq!(today, d("2026-02-17"));
        assert_eq!(cal.attendance(today, None, now), Attendance::NotYet);
        assert_eq!(cal.report_standing(today, None, now), ReportStanding::Pending);
        // Yesterday's missing report is overdue.
        assert_eq!(cal.report_standing(d("2026-02-16"), None, now), ReportStanding::Overdue);
    }

    #[test]
    fn days_in_a_row_counts_back_to_last_report() {
        let date = d("2026-02-16");
        assert_eq!(Calendar::days_in_a_row(date, Some(d("2026-02-15")), d("2026-02-01")), 1);
        assert_eq!(Calendar::days_in_a_row(date, Some(d("2026-02-13")), d("2026-02-01")), 3);
        assert_eq!(Calendar::days_in_a_row(date, None, d("2026-02-14")), 3);
        assert_eq!(Calendar::days_in_a_row(date, Some(date), d("2026-02-01")), 0);
    }

    #[test]
    fn sla_due_times() {
        let t = utc("2026-02-16T00:00:00Z");
        let sla = SlaHours::default();
        assert_eq!(due_at(t, Priority::Urgent, &sla), utc("2026-02-16T02:00:00Z"));
        assert_eq!(due_at(t, Priority::Normal, &sla), utc("2026-02-17T00:00:00Z"));
    }
}

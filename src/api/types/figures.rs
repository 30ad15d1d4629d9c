//! The dashboard's figures: per park, in total and per dispatching unit.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::rates::Ratio;

/// Open problems of a park or in total.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProblemCounts {
    /// Problems in state `open`: nobody has taken them at their level yet.
    pub open: i64,
    /// Problems in state `acknowledged`: the assignee has taken them.
    pub acknowledged: i64,
    /// Level ≥ 1 and not resolved.
    pub escalated: i64,
    /// Not resolved and past the SLA due time, exact at `as_of` (a past day: at its end).
    pub sla_breached: i64,
    /// When the oldest unresolved problem was raised.
    pub oldest_open_at: Option<DateTime<Utc>>,
}

/// Attendance counts for one local day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttendanceCounts {
    /// Active officers expected.
    pub expected: i64,
    /// Checked in (on time or late).
    pub present: i64,
    /// Of those present, first check-in after the cutoff.
    pub late: i64,
    /// No check-in, cutoff passed.
    pub absent: i64,
    /// No check-in, cutoff ahead.
    pub not_yet: i64,
}

/// Daily report counts for one local day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportCounts {
    /// Enterprises with an officer assigned.
    pub expected: i64,
    /// Reports received for the day, on time or late.
    pub submitted: i64,
    /// Received by the deadline.
    pub on_time: i64,
    /// Not received and the deadline passed.
    pub overdue: i64,
}

/// One day of the return-to-work trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendPoint {
    /// The day, in the command center's time zone.
    pub date: NaiveDate,
    /// Enterprises resumed out of enterprises reporting that day (the dashboard's date when it
    /// is today: the live figures).
    pub resumed: Ratio,
}

/// Everything the dashboard shows for one park, or for the city in total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ParkFigures {
    /// Park id (0 for the city total).
    pub park_id: i64,
    /// Park name (the city's name for the total).
    pub park_name: String,
    /// Enterprises resumed out of enterprises under liaison (a past day: out of those that
    /// reported that day, as their reports said).
    pub enterprises: Ratio,
    /// Enterprises suspended for rectification (停产整顿), counted as not resumed (a past day:
    /// as that day's reports said).
    pub suspended: i64,
    /// Employees on site (latest reports) out of baseline employees (a past day: on site in
    /// that day's reports, out of the reporting enterprises' baseline).
    pub employees: Ratio,
    /// The 14 days ending at the dashboard's date, oldest first.
    pub trend: Vec<TrendPoint>,
    /// Counts of the park's unresolved problems (open or acknowledged); a past day: as they
    /// stood at its end.
    pub problems: ProblemCounts,
    /// Officer attendance on the dashboard's date.
    pub attendance: AttendanceCounts,
    /// Daily reports for the dashboard's date.
    pub reports: ReportCounts,
}

/// Attendance and report figures for one dispatching unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitFigures {
    /// The unit's id (as in `GET /org`'s `units`, and the officers' `unit` filter).
    pub unit_id: i64,
    /// Unit name, e.g. 市发改委.
    pub unit_name: String,
    /// Attendance of its officers.
    pub attendance: AttendanceCounts,
    /// Reports of the enterprises its officers liaise with.
    pub reports: ReportCounts,
}

/// `GET /dashboard`: everything the four live panes need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// The local date shown.
    pub date: NaiveDate,
    /// When the figures were computed.
    pub as_of: DateTime<Utc>,
    /// The change sequence they reflect.
    pub change_seq: i64,
    /// City totals (park sums, then divided).
    pub totals: ParkFigures,
    /// The figures of each park, in park id order.
    pub parks: Vec<ParkFigures>,
    /// Per dispatching unit.
    pub units: Vec<UnitFigures>,
}

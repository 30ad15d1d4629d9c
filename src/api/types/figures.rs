//! The dashboard's figures for a scope: per place one level down, in total and per
//! dispatching unit.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scope::{Level, PlaceRef};
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

/// One day of the two-week trend: return to work (enterprises and staff), attendance and
/// on-time reports. Each rate is a count out of a total, summed over the place's parks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendPoint {
    /// The day, in the command center's time zone.
    pub date: NaiveDate,
    /// Enterprises resumed out of enterprises reporting that day (the dashboard's date when it
    /// is today: the live figures).
    pub resumed: Ratio,
    /// Employees on site out of the baseline of the enterprises reporting that day, as their
    /// reports said (today: the live figures, as `employees`).
    pub employees: Ratio,
    /// Active officers who checked in that day out of active officers (the denominator of that
    /// day's `attendance.expected`).
    pub attendance: Ratio,
    /// Reports of that day received by its deadline out of enterprises expecting one (that day's
    /// `reports.on_time` out of `reports.expected`; today: so far).
    pub on_time: Ratio,
}

/// Everything the dashboard shows for one place (a park, county, city or the province): the
/// rows one level down of the scope, and the scope's own totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlaceFigures {
    /// The place's id among its level's places (as in `GET /org`; 0 for the province).
    pub id: i64,
    /// The place's name from the data (万宝新区, 岳麓区, 长沙市, 湖南省).
    pub name: String,
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
    /// Counts of the place's unresolved problems (open or acknowledged); a past day: as they
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
    /// Attendance of its officers stationed in the scope.
    pub attendance: AttendanceCounts,
    /// Reports of the enterprises in the scope its officers liaise with.
    pub reports: ReportCounts,
}

/// `GET /dashboard`: everything the four live panes need, for one scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// The local date shown.
    pub date: NaiveDate,
    /// When the figures were computed.
    pub as_of: DateTime<Utc>,
    /// The change sequence they reflect.
    pub change_seq: i64,
    /// The place the figures cover (the `scope` asked for, or the top of the data).
    pub scope: PlaceRef,
    /// From the top of the data down to the scope, the scope last (for breadcrumbs: 湖南省 ›
    /// 长沙市 › 岳麓区).
    pub path: Vec<PlaceRef>,
    /// The level of the rows: cities for a province, counties for a city, parks for a county.
    pub rows_level: Level,
    /// The scope's totals, named as the scope (row sums of numerators and denominators).
    pub totals: PlaceFigures,
    /// The figures of each place one level down, in id order.
    pub rows: Vec<PlaceFigures>,
    /// Per dispatching unit with officers or expected reports in the scope, in id order.
    pub units: Vec<UnitFigures>,
}

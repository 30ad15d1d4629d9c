//! The last step of a dashboard read: per-park and per-(park, unit) counts in, the per-park figures out.
//! Counts become attendance and report standings by the calendar's rules, and totals are the
//! sums of the park rows (numerators and denominators added, then divided by the reader).

use chrono::{DateTime, NaiveDate, Utc};

use std::collections::BTreeMap;

use crate::api::types::{AttendanceCounts, PlaceFigures, ProblemCounts, ReportCounts, TrendPoint, UnitFigures};
use crate::domain::calendar::{Attendance, Calendar, ReportStanding};
use crate::domain::rates::Ratio;
use crate::store::scope::ParkFigureSet;

/// One local day's counts of a park or a unit, as kept on write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Active officers who checked in that day.
    pub checked_in: i64,
    /// Of them, first check-in after the cutoff.
    pub late: i64,
    /// Reports received for that day from enterprises expecting one.
    pub submitted: i64,
    /// Of them, received by the deadline.
    pub on_time: i64,
}

/// Everything the dashboard shows for one park, as counts (summable over parks).
#[derive(Debug, Clone, PartialEq)]
pub struct ParkRow {
    /// The park's id.
    pub park_id: i64,
    /// The park's name.
    pub park_name: String,
    /// Enterprises resumed out of enterprises (a past day: out of those reporting).
    pub enterprises: Ratio,
    /// Enterprises suspended.
    pub suspended: i64,
    /// Employees on site out of baseline.
    pub employees: Ratio,
    /// The 14-day trend, oldest first.
    pub trend: Vec<TrendPoint>,
    /// Unresolved problems (a past day: at the end of it).
    pub problems: ProblemCounts,
    /// Active officers based in the park (each expected to check in).
    pub officers_active: i64,
    /// Enterprises with an active officer (each expected to report).
    pub reports_expected: i64,
    /// The day's check-ins and reports.
    pub day: DayCounts,
}

/// The attendance and report counts of one dispatching unit in one park (summable over parks:
/// a scope's unit figures are the sum over the scope's parks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// The park.
    pub park_id: i64,
    /// The unit's id.
    pub unit_id: i64,
    /// The unit's name.
    pub unit_name: String,
    /// Its active officers.
    pub officers_active: i64,
    /// Enterprises its active officers liaise with.
    pub enterprises_served: i64,
    /// The day's check-ins of its officers and reports of the enterprises it serves.
    pub day: DayCounts,
}

/// Whether the dashboard of `date` at `now` is live (today, or a day ahead) rather than a past
/// day's: live figures are the current ones; a past day's are as that day left them.
pub fn is_live(cal: &Calendar, date: NaiveDate, now: DateTime<Utc>) -> bool {
    date >= cal.local_date(now)
}

/// Attendance of `expected` officers of whom `day` says who checked in, on `date` at `now`.
pub fn attendance(
    cal: &Calendar,
    date: NaiveDate,
    now: DateTime<Utc>,
    expected: i64,
    day: DayCounts,
) -> AttendanceCounts {
    let missing = expected - day.checked_in;
    let mut c = AttendanceCounts { expected, present: day.checked_in, late: day.late, absent: 0, not_yet: 0 };
    match cal.attendance(date, None, now) {
        Attendance::Absent => c.absent = missing,
        Attendance::NotYet | Attendance::Present | Attendance::Late => c.not_yet = missing,
    }
    c
}

/// Reports of `expected` enterprises of which `day` says which reported, on `date` at `now`.
pub fn reports(cal: &Calendar, date: NaiveDate, now: DateTime<Utc>, expected: i64, day: DayCounts) -> ReportCounts {
    let overdue = cal.report_standing(date, None, now) == ReportStanding::Overdue;
    ReportCounts {
        expected,
        submitted: day.submitted,
        on_time: day.on_time,
        overdue: if overdue { expected - day.submitted } else { 0 },
    }
}

/// Figures with nothing counted yet, for a park or the total.
pub fn empty_figures(id: i64, name: &str, dates: &[NaiveDate]) -> PlaceFigures {
    PlaceFigures {
        id,
        name: name.to_string(),
        enterprises: Ratio::default(),
        suspended: 0,
        employees: Ratio::default(),
        trend: dates.iter().map(|d| TrendPoint { date: *d, resumed: Ratio::default() }).collect(),
        problems: ProblemCounts::default(),
        attendance: AttendanceCounts::default(),
        reports: ReportCounts::default(),
    }
}

/// What a dashboard is about: its day, the instant it is computed at, the change sequence it
/// reflects and the name of the total's row.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The command center's calendar.
    pub cal: &'a Calendar,
    /// The local date shown.
    pub date: NaiveDate,
    /// When the figures are computed.
    pub now: DateTime<Utc>,
    /// The change sequence they reflect.
    pub change_seq: i64,
    /// The days of the trend, oldest first, ending at `date`.
    pub dates: &'a [NaiveDate],
}

/// The per-park figures from park and unit rows (each list in id order): standings by the
/// calendar at `now`; `store::scope::group` adds them up for a scope.
pub fn assemble(frame: Frame<'_>, parks: Vec<ParkRow>, units: Vec<UnitRow>) -> ParkFigureSet {
    let Frame { cal, date, now, change_seq, dates } = frame;
    let parks: Vec<PlaceFigures> = parks
        .into_iter()
        .map(|p| PlaceFigures {
            id: p.park_id,
            name: p.park_name,
            enterprises: p.enterprises,
            suspended: p.suspended,
            employees: p.employees,
            trend: p.trend,
            problems: p.problems,
            attendance: attendance(cal, date, now, p.officers_active, p.day),
            reports: reports(cal, date, now, p.reports_expected, p.day),
        })
        .collect();
    let park_units: BTreeMap<(i64, i64), UnitFigures> = units
        .into_iter()
        .map(|u| {
            let figures = UnitFigures {
                unit_id: u.unit_id,
                unit_name: u.unit_name,
                attendance: attendance(cal, date, now, u.officers_active, u.day),
                reports: reports(cal, date, now, u.enterprises_served, u.day),
            };
            ((u.park_id, u.unit_id), figures)
        })
        .collect();
    ParkFigureSet { date, as_of: now, change_seq, dates: dates.to_vec(), parks, park_units }
}

//! The last step of a dashboard read: the counts of each row (a city, county or park, summed
//! from its parks) and of each unit in, their figures out. Counts become attendance and report
//! standings by the calendar's rules, which are linear in the counts, so the figures of a sum
//! of parks are the sum of the parks' figures (numerators and denominators added, then divided
//! by the reader).

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::types::{AttendanceCounts, PlaceFigures, ProblemCounts, ReportCounts, TrendPoint, UnitFigures};
use crate::domain::calendar::{Attendance, Calendar, ReportStanding};
use crate::domain::rates::Ratio;

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

/// Everything the dashboard shows for one park, or for a place as the sum of its parks, as
/// counts (summable over parks: [`PlaceRow::add`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRow {
    /// The place's id (a park, county or city id, as the row's level says).
    pub id: i64,
    /// The place's name.
    pub name: String,
    /// Enterprises resumed out of enterprises (a past day: out of those reporting).
    pub enterprises: Ratio,
    /// Enterprises suspended.
    pub suspended: i64,
    /// Employees on site out of baseline.
    pub employees: Ratio,
    /// The 14-day trend, oldest first (filled per row: `dashboard::rows::fill_trend`).
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

/// The attendance and report counts of one dispatching unit over a scope's parks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
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

impl PlaceRow {
    /// A row of `id` and `name` with nothing counted yet and an empty trend over `dates`.
    pub fn empty(id: i64, name: &str, dates: &[NaiveDate]) -> Self {
        PlaceRow {
            id,
            name: name.to_string(),
            enterprises: Ratio::default(),
            suspended: 0,
            employees: Ratio::default(),
            trend: empty_trend(dates),
            problems: ProblemCounts::default(),
            officers_active: 0,
            reports_expected: 0,
            day: DayCounts::default(),
        }
    }

    /// Adds a park's counts (not its trend, which is summed by the database) to the row's.
    pub fn add(&mut self, park: &PlaceRow) {
        self.enterprises += park.enterprises;
        self.suspended += park.suspended;
        self.employees += park.employees;
        add_problems(&mut self.problems, &park.problems);
        self.officers_active += park.officers_active;
        self.reports_expected += park.reports_expected;
        let (d, e) = (&mut self.day, park.day);
        (d.checked_in, d.late, d.submitted, d.on_time) =
            (d.checked_in + e.checked_in, d.late + e.late, d.submitted + e.submitted, d.on_time + e.on_time);
    }
}

/// Adds `b`'s unresolved problems to `a`'s (the oldest open is the earlier of the two).
pub fn add_problems(a: &mut ProblemCounts, b: &ProblemCounts) {
    a.open += b.open;
    a.acknowledged += b.acknowledged;
    a.escalated += b.escalated;
    a.sla_breached += b.sla_breached;
    a.oldest_open_at = match (a.oldest_open_at, b.oldest_open_at) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
}

/// A trend over `dates` with nothing counted yet.
pub fn empty_trend(dates: &[NaiveDate]) -> Vec<TrendPoint> {
    dates
        .iter()
        .map(|d| TrendPoint {
            date: *d,
            resumed: Ratio::default(),
            employees: Ratio::default(),
            attendance: Ratio::default(),
            on_time: Ratio::default(),
        })
        .collect()
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
        trend: empty_trend(dates),
        problems: ProblemCounts::default(),
        attendance: AttendanceCounts::default(),
        reports: ReportCounts::default(),
    }
}

/// The figures of each row and of each unit from their counts (each list in id order):
/// standings by the calendar at `now` on `date`.
pub fn assemble(
    cal: &Calendar,
    date: NaiveDate,
    now: DateTime<Utc>,
    rows: Vec<PlaceRow>,
    units: Vec<UnitRow>,
) -> (Vec<PlaceFigures>, Vec<UnitFigures>) {
    let rows = rows
        .into_iter()
        .map(|p| PlaceFigures {
            id: p.id,
            name: p.name,
            enterprises: p.enterprises,
            suspended: p.suspended,
            employees: p.employees,
            trend: p.trend,
            problems: p.problems,
            attendance: attendance(cal, date, now, p.officers_active, p.day),
            reports: reports(cal, date, now, p.reports_expected, p.day),
        })
        .collect();
    let units = units
        .into_iter()
        .map(|u| UnitFigures {
            unit_id: u.unit_id,
            unit_name: u.unit_name,
            attendance: attendance(cal, date, now, u.officers_active, u.day),
            reports: reports(cal, date, now, u.enterprises_served, u.day),
        })
        .collect();
    (rows, units)
}

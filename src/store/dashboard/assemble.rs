//! The last step of a dashboard read: per-park and per-unit counts in, the wire `Dashboard` out.
//! Counts become attendance and report standings by the calendar's rules, and totals are the
//! sums of the park rows (numerators and denominators added, then divided by the reader).

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::types::{
    AttendanceCounts, Dashboard, ParkFigures, ProblemCounts, ReportCounts, TrendPoint, UnitFigures,
};
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

/// The attendance and report counts of one dispatching unit (the sum of its park rows).
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
pub fn empty_figures(id: i64, name: &str, dates: &[NaiveDate]) -> ParkFigures {
    ParkFigures {
        park_id: id,
        park_name: name.to_string(),
        enterprises: Ratio::default(),
        suspended: 0,
        employees: Ratio::default(),
        trend: dates.iter().map(|d| TrendPoint { date: *d, resumed: Ratio::default() }).collect(),
        problems: ProblemCounts::default(),
        attendance: AttendanceCounts::default(),
        reports: ReportCounts::default(),
    }
}

/// Adds a park's figures into a total.
pub fn sum_into(total: &mut ParkFigures, p: &ParkFigures) {
    total.enterprises += p.enterprises;
    total.suspended += p.suspended;
    total.employees += p.employees;
    for (t, q) in total.trend.iter_mut().zip(&p.trend) {
        t.resumed += q.resumed;
    }
    let (a, b) = (&mut total.problems, &p.problems);
    a.open += b.open;
    a.acknowledged += b.acknowledged;
    a.escalated += b.escalated;
    a.sla_breached += b.sla_breached;
    a.oldest_open_at = match (a.oldest_open_at, b.oldest_open_at) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let (a, b) = (&mut total.attendance, &p.attendance);
    a.expected += b.expected;
    a.present += b.present;
    a.late += b.late;
    a.absent += b.absent;
    a.not_yet += b.not_yet;
    let (a, b) = (&mut total.reports, &p.reports);
    a.expected += b.expected;
    a.submitted += b.submitted;
    a.on_time += b.on_time;
    a.overdue += b.overdue;
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
    /// The total row's name (the city).
    pub city: &'a str,
    /// The days of the trend, oldest first, ending at `date`.
    pub dates: &'a [NaiveDate],
}

/// The wire dashboard from park and unit rows (each list in id order): standings by the
/// calendar at `now`, totals summed over the parks.
pub fn assemble(frame: Frame<'_>, parks: Vec<ParkRow>, units: Vec<UnitRow>) -> Dashboard {
    let Frame { cal, date, now, change_seq, city, dates } = frame;
    let parks: Vec<ParkFigures> = parks
        .into_iter()
        .map(|p| ParkFigures {
            park_id: p.park_id,
            park_name: p.park_name,
            enterprises: p.enterprises,
            suspended: p.suspended,
            employees: p.employees,
            trend: p.trend,
            problems: p.problems,
            attendance: attendance(cal, date, now, p.officers_active, p.day),
            reports: reports(cal, date, now, p.reports_expected, p.day),
        })
        .collect();
    let mut totals = empty_figures(0, city, dates);
    for p in &parks {
        sum_into(&mut totals, p);
    }
    let units = units
        .into_iter()
        .map(|u| UnitFigures {
            unit_id: u.unit_id,
            unit_name: u.unit_name,
            attendance: attendance(cal, date, now, u.officers_active, u.day),
            reports: reports(cal, date, now, u.enterprises_served, u.day),
        })
        .collect();
    Dashboard { date, as_of: now, change_seq, totals, parks, units }
}

//! The dashboard's per-park (and per park and unit) figures, computed from the rows by the
//! contract's definitions (add numerators and denominators, then divide); `store/scope.rs`
//! groups them into the dashboard of a scope.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::scope::ParkFigureSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::Row;

use super::{Store, StoreResult, day, from_ms, parse_day};
use crate::api::types::{AttendanceCounts, PlaceFigures, ProblemCounts, ReportCounts, TrendPoint, UnitFigures};
use crate::domain::calendar::{Attendance, Calendar, ReportStanding};
use crate::domain::rates::Ratio;

/// Days in the trend, ending at the dashboard's date.
pub const TREND_DAYS: i64 = 14;

/// Zero figures for a place, with one trend point per date.
pub(super) fn empty_figures(id: i64, name: &str, dates: &[NaiveDate]) -> PlaceFigures {
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

fn add_attendance(c: &mut AttendanceCounts, a: Attendance) {
    c.expected += 1;
    match a {
        Attendance::Present => c.present += 1,
        Attendance::Late => {
            c.present += 1;
            c.late += 1;
        }
        Attendance::Absent => c.absent += 1,
        Attendance::NotYet => c.not_yet += 1,
    }
}

/// The figures of `unit` in `park`, created empty on first use; `None` for an unknown unit.
fn unit_in<'a>(
    units: &'a mut BTreeMap<(i64, i64), UnitFigures>,
    names: &HashMap<i64, String>,
    park: i64,
    unit: i64,
) -> Option<&'a mut UnitFigures> {
    let name = names.get(&unit)?;
    Some(units.entry((park, unit)).or_insert_with(|| UnitFigures {
        unit_id: unit,
        unit_name: name.clone(),
        attendance: Default::default(),
        reports: Default::default(),
    }))
}

fn add_report(c: &mut ReportCounts, s: ReportStanding) {
    c.expected += 1;
    match s {
        ReportStanding::OnTime => {
            c.submitted += 1;
            c.on_time += 1;
        }
        ReportStanding::Late => c.submitted += 1,
        ReportStanding::Overdue => c.overdue += 1,
        ReportStanding::Pending => {}
    }
}

/// How long SLA-breach counts may lag behind the clock: with tens of thousands of open
/// problems a due time passes every few seconds, and recomputing for each would defeat caching.
pub const SLA_LAG_SECS: i64 = 30;

/// When figures computed at `now` for `date` next change by the clock alone: the cutoff or the
/// deadline passing (exactly), or the earliest unresolved due time after `now` passing (at
/// most [`SLA_LAG_SECS`] late).
pub fn valid_until(
    cal: &Calendar,
    date: NaiveDate,
    now: DateTime<Utc>,
    next_due: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let next_due = next_due.map(|d| d.max(now + Duration::seconds(SLA_LAG_SECS)));
    [Some(cal.cutoff(date)), Some(cal.deadline(date)), next_due]
        .into_iter()
        .flatten()
        .filter(|t| *t >= now)
        .min()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl Store {
    /// The figures of every park (and of every unit per park) for `date` as of `now`, plus the
    /// instant until which they stay true if no data changes.
    pub async fn park_figures(
        &self,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<(ParkFigureSet, DateTime<Utc>)> {
        let pool = self.pool();
        let cal = self.calendar;
        let change_seq = self.change_seq().await?;
        let dates: Vec<NaiveDate> = (0..TREND_DAYS).rev().map(|i| date - Duration::days(i)).collect();
        let mut parks: BTreeMap<i64, PlaceFigures> = BTreeMap::new();
        for r in sqlx::query("SELECT id, name FROM parks ORDER BY id").fetch_all(pool).await? {
            let id: i64 = r.try_get("id")?;
            parks.insert(id, empty_figures(id, &r.try_get::<String, _>("name")?, &dates));
        }
        // Return to work: current status and headcounts.
        let rows = sqlx::query(
            "SELECT park_id, status, COUNT(*) AS n, CAST(SUM(employees_baseline) AS BIGINT) AS base, \
             CAST(SUM(employees_on_site) AS BIGINT) AS site FROM enterprises GROUP BY park_id, status",
        )
        .fetch_all(pool)
        .await?;
        for r in rows {
            let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) else { continue };
            let n: i64 = r.try_get("n")?;
            let status: String = r.try_get("status")?;
            p.enterprises.den += n;
            match status.as_str() {
                "resumed" => p.enterprises.num += n,
                "suspended" => p.suspended += n,
                _ => {}
            }
            p.employees += Ratio::new(r.try_get("site")?, r.try_get("base")?);
        }
        // Trend: enterprises resumed out of enterprises reporting, per day; the last day live.
        let rows = sqlx::query(
            "SELECT park_id, date, resumed, reporting AS n FROM park_day_stats WHERE date >= $1 AND date <= $2",
        )
        .bind(day(dates[0]))
        .bind(day(date))
        .fetch_all(pool)
        .await?;
        for r in rows {
            let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) else { continue };
            let d = parse_day(&r.try_get::<String, _>("date")?)?;
            if let Some(t) = p.trend.iter_mut().find(|t| t.date == d) {
                t.resumed = Ratio::new(r.try_get("resumed")?, r.try_get("n")?);
            }
        }
        if date == cal.local_date(now) {
            for p in parks.values_mut() {
                if let Some(last) = p.trend.last_mut() {
                    last.resumed = p.enterprises;
                }
            }
        }
        // Open problems.
        let rows =
            sqlx::query("SELECT park_id, state, level, due_at, created_at FROM problems WHERE state <> 'resolved'")
                .fetch_all(pool)
                .await?;
        let mut next_due: Option<DateTime<Utc>> = None;
        for r in rows {
            let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) else { continue };
            let state: String = r.try_get("state")?;
            let c = &mut p.problems;
            if state == "open" {
                c.open += 1;
            } else {
                c.acknowledged += 1;
            }
            if r.try_get::<i64, _>("level")? >= 1 {
                c.escalated += 1;
            }
            let due = from_ms(r.try_get("due_at")?);
            if due < now {
                c.sla_breached += 1;
            } else {
                next_due = Some(next_due.map_or(due, |n| n.min(due)));
            }
            let created = from_ms(r.try_get("created_at")?);
            c.oldest_open_at = Some(c.oldest_open_at.map_or(created, |o| o.min(created)));
        }
        // Attendance, per park and per unit in each park.
        let mut unit_names: HashMap<i64, String> = HashMap::new();
        for r in sqlx::query("SELECT id, name FROM units ORDER BY id").fetch_all(pool).await? {
            unit_names.insert(r.try_get("id")?, r.try_get("name")?);
        }
        let mut units: BTreeMap<(i64, i64), UnitFigures> = BTreeMap::new();
        let rows = sqlx::query(
            "SELECT o.id, o.park_id, o.unit_id, (SELECT MIN(c.at) FROM checkins c WHERE c.officer_id = o.id AND c.date = $1) AS first \
             FROM officers o WHERE o.active = 1",
        )
        .bind(day(date))
        .fetch_all(pool)
        .await?;
        let mut officer_unit: HashMap<i64, i64> = HashMap::with_capacity(rows.len());
        for r in rows {
            let first = r.try_get::<Option<i64>, _>("first")?.map(from_ms);
            let a = cal.attendance(date, first, now);
            let unit: i64 = r.try_get("unit_id")?;
            let park: i64 = r.try_get("park_id")?;
            officer_unit.insert(r.try_get("id")?, unit);
            if let Some(p) = parks.get_mut(&park) {
                add_attendance(&mut p.attendance, a);
            }
            if let Some(u) = unit_in(&mut units, &unit_names, park, unit) {
                add_attendance(&mut u.attendance, a);
            }
        }
        // Daily reports: expected for enterprises with an officer; per unit by its officers.
        let mut units_of: HashMap<i64, HashSet<i64>> = HashMap::new();
        for r in sqlx::query("SELECT officer_id, enterprise_id FROM assignments").fetch_all(pool).await? {
            if let Some(u) = officer_unit.get(&r.try_get::<i64, _>("officer_id")?) {
                units_of.entry(r.try_get("enterprise_id")?).or_default().insert(*u);
            }
        }
        let rows = sqlx::query(
            "SELECT e.id, e.park_id, r.submitted_at FROM enterprises e \
             LEFT JOIN daily_reports r ON r.enterprise_id = e.id AND r.date = $1",
        )
        .bind(day(date))
        .fetch_all(pool)
        .await?;
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let Some(unit_ids) = units_of.get(&id) else { continue };
            let standing = cal.report_standing(date, r.try_get::<Option<i64>, _>("submitted_at")?.map(from_ms), now);
            let park: i64 = r.try_get("park_id")?;
            if let Some(p) = parks.get_mut(&park) {
                add_report(&mut p.reports, standing);
            }
            for u in unit_ids {
                if let Some(u) = unit_in(&mut units, &unit_names, park, *u) {
                    add_report(&mut u.reports, standing);
                }
            }
        }
        let set = ParkFigureSet {
            date,
            as_of: now,
            change_seq,
            dates,
            parks: parks.into_values().collect(),
            park_units: units,
        };
        Ok((set, valid_until(&cal, date, now, next_due)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_ends_at_the_next_clock_change() {
        let cal = Calendar::default();
        let date: NaiveDate = "2026-02-16".parse().unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // Before the cutoff (01:00Z): valid until it exactly.
        assert_eq!(valid_until(&cal, date, at("2026-02-16T00:00:00Z"), None), at("2026-02-16T01:00:00Z"));
        // Between cutoff and deadline, a due time in 10 s is held for the 30 s lag.
        let now = at("2026-02-16T05:00:00Z");
        assert_eq!(valid_until(&cal, date, now, Some(now + Duration::seconds(10))), now + Duration::seconds(30));
        assert_eq!(valid_until(&cal, date, now, Some(now + Duration::minutes(5))), now + Duration::minutes(5));
        // After the deadline with nothing due: valid until the date changes (a new key).
        assert_eq!(valid_until(&cal, date, at("2026-02-16T13:00:00Z"), None), DateTime::<Utc>::MAX_UTC);
    }
}

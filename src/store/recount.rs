//! The dashboard recounted from the raw rows (every enterprise, officer, check-in, assignment,
//! report and problem) by the contract's definitions: the oracle the kept figures are tested
//! against (`tests/api_figures.rs`) and the baseline of the dashboard bench. Not used to serve:
//! it reads O(enterprises + officers + problems) rows.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::dashboard::past::{Candidates, problems_at_end_of};
use super::dashboard::{empty_figures, is_live, trend_dates};
use super::scope::{ParkFigureSet, group};
use super::{Store, StoreError, StoreResult, day, from_ms, parse_day};
use crate::api::types::{AttendanceCounts, Dashboard, PlaceFigures, ReportCounts, Scope, UnitFigures};
use crate::domain::calendar::{Attendance, Calendar, ReportStanding};
use crate::domain::rates::Ratio;

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

/// The figures of `unit` in `park`, made empty if missing; `None` for a unit that does not exist.
fn unit_in<'a>(
    units: &'a mut BTreeMap<(i64, i64), UnitFigures>,
    names: &HashMap<i64, String>,
    park: i64,
    unit: i64,
) -> Option<&'a mut UnitFigures> {
    let unit_name = names.get(&unit)?.clone();
    Some(units.entry((park, unit)).or_insert_with(|| UnitFigures {
        unit_id: unit,
        unit_name,
        attendance: AttendanceCounts::default(),
        reports: ReportCounts::default(),
    }))
}

impl Store {
    /// The dashboard of `date` at `now` for `scope` (`None`: the top of the data) recounted
    /// from the raw rows, each figure by its definition; equal to [`Store::dashboard`] when the
    /// kept figures are right.
    pub async fn recount_dashboard(
        &self,
        date: NaiveDate,
        now: DateTime<Utc>,
        scope: Option<Scope>,
    ) -> StoreResult<Dashboard> {
        let tree = self.org_tree().await?;
        let scope = scope.unwrap_or_else(|| tree.top());
        let path = tree.path(scope).map_err(StoreError::Query)?;
        Ok(group(&self.recount_park_figures(date, now).await?, &tree, scope, path))
    }

    /// The per-park (and per park and unit) figures of `date` at `now`, recounted from the raw
    /// rows; grouped by [`super::scope::group`], equal to what [`Store::dashboard`] serves from the
    /// kept figures when they are right.
    pub async fn recount_park_figures(&self, date: NaiveDate, now: DateTime<Utc>) -> StoreResult<ParkFigureSet> {
        let mut conn = self.pool().acquire().await?;
        let cal = self.calendar;
        let live = is_live(&cal, date, now);
        let change_seq = self.change_seq().await?;
        let dates = trend_dates(date);
        let mut parks: BTreeMap<i64, PlaceFigures> = BTreeMap::new();
        for r in sqlx::query("SELECT id, name FROM parks ORDER BY id").fetch_all(&mut *conn).await? {
            let id: i64 = r.try_get("id")?;
            parks.insert(id, empty_figures(id, &r.try_get::<String, _>("name")?, &dates));
        }
        // Return to work: today the enterprises' current status; a past day its reports.
        let rows = if live {
            sqlx::query(
                "SELECT park_id, status, employees_baseline AS base, employees_on_site AS site FROM enterprises",
            )
            .fetch_all(&mut *conn)
            .await?
        } else {
            sqlx::query(
                "SELECT e.park_id, r.status, e.employees_baseline AS base, r.employees_on_site AS site \
                 FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id WHERE r.date = $1",
            )
            .bind(day(date))
            .fetch_all(&mut *conn)
            .await?
        };
        for r in rows {
            let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) else { continue };
            let status: String = r.try_get("status")?;
            p.enterprises += Ratio::new((status == "resumed") as i64, 1);
            p.suspended += (status == "suspended") as i64;
            p.employees += Ratio::new(r.try_get("site")?, r.try_get("base")?);
        }
        // Trend: reports resumed out of reports filed, and their staff on site out of their
        // baseline, per day; a live day's last point live.
        let rows = sqlx::query(
            "SELECT e.park_id, r.date, r.status, r.employees_on_site AS site, e.employees_baseline AS base \
             FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id WHERE r.date >= $1 AND r.date <= $2",
        )
        .bind(day(dates[0]))
        .bind(day(date))
        .fetch_all(&mut *conn)
        .await?;
        for r in rows {
            let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) else { continue };
            let d = parse_day(&r.try_get::<String, _>("date")?)?;
            if let Some(t) = p.trend.iter_mut().find(|t| t.date == d) {
                t.resumed += Ratio::new((r.try_get::<String, _>("status")? == "resumed") as i64, 1);
                t.employees += Ratio::new(r.try_get("site")?, r.try_get("base")?);
            }
        }
        if live {
            for p in parks.values_mut() {
                if let Some(last) = p.trend.last_mut() {
                    (last.resumed, last.employees) = (p.enterprises, p.employees);
                }
            }
        }
        // Problems: every unresolved row now; a past day's replayed to its end.
        let past = if live {
            None
        } else {
            Some(problems_at_end_of(&mut conn, &cal, &self.sla, date, Candidates::All).await?)
        };
        if let Some(mut past) = past {
            for p in parks.values_mut() {
                p.problems = past.remove(&p.id).unwrap_or_default();
            }
        } else {
            let rows =
                sqlx::query("SELECT park_id, state, level, due_at, created_at FROM problems WHERE state <> 'resolved'")
                    .fetch_all(&mut *conn)
                    .await?;
            for r in rows {
                let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) else { continue };
                let c = &mut p.problems;
                if r.try_get::<String, _>("state")? == "open" {
                    c.open += 1;
                } else {
                    c.acknowledged += 1;
                }
                c.escalated += (r.try_get::<i64, _>("level")? >= 1) as i64;
                c.sla_breached += (from_ms(r.try_get("due_at")?) < now) as i64;
                let created = from_ms(r.try_get("created_at")?);
                c.oldest_open_at = Some(c.oldest_open_at.map_or(created, |o| o.min(created)));
            }
        }
        // Attendance, per park and per unit, from each active officer's first check-in.
        let mut unit_names: HashMap<i64, String> = HashMap::new();
        for r in sqlx::query("SELECT id, name FROM units ORDER BY id").fetch_all(&mut *conn).await? {
            unit_names.insert(r.try_get("id")?, r.try_get("name")?);
        }
        let mut units: BTreeMap<(i64, i64), UnitFigures> = BTreeMap::new();
        let rows = sqlx::query(
            "SELECT o.id, o.park_id, o.unit_id, (SELECT MIN(c.at) FROM checkins c WHERE c.officer_id = o.id AND c.date = $1) AS first \
             FROM officers o WHERE o.active = 1",
        )
        .bind(day(date))
        .fetch_all(&mut *conn)
        .await?;
        let mut officer_unit: HashMap<i64, i64> = HashMap::with_capacity(rows.len());
        for r in rows {
            let a = cal.attendance(date, r.try_get::<Option<i64>, _>("first")?.map(from_ms), now);
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
        // Daily reports: expected for enterprises with an active officer; per unit by its officers.
        let mut units_of: HashMap<i64, HashSet<i64>> = HashMap::new();
        for r in sqlx::query("SELECT officer_id, enterprise_id FROM assignments").fetch_all(&mut *conn).await? {
            if let Some(u) = officer_unit.get(&r.try_get::<i64, _>("officer_id")?) {
                units_of.entry(r.try_get("enterprise_id")?).or_default().insert(*u);
            }
        }
        let rows = sqlx::query(
            "SELECT e.id, e.park_id, r.submitted_at FROM enterprises e \
             LEFT JOIN daily_reports r ON r.enterprise_id = e.id AND r.date = $1",
        )
        .bind(day(date))
        .fetch_all(&mut *conn)
        .await?;
        for r in rows {
            let Some(unit_ids) = units_of.get(&r.try_get::<i64, _>("id")?) else { continue };
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
        recount_trend_days(&mut conn, &cal, &dates, &units_of, &mut parks).await?;
        let parks = parks.into_values().collect();
        Ok(ParkFigureSet { date, as_of: now, change_seq, dates, parks, park_units: units })
    }
}

/// Each park's trend of attendance and on-time reports over `dates`, by the definitions: every
/// active officer expected each day, present when it checked in that day; every enterprise with
/// an active officer (a key of `expecting`) expected to report each day, on time when that
/// day's report came by its deadline.
async fn recount_trend_days(
    conn: &mut sqlx::AnyConnection,
    cal: &Calendar,
    dates: &[NaiveDate],
    expecting: &HashMap<i64, HashSet<i64>>,
    parks: &mut BTreeMap<i64, PlaceFigures>,
) -> StoreResult<()> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else { return Ok(()) };
    let officers = sqlx::query("SELECT id, park_id FROM officers WHERE active = 1").fetch_all(&mut *conn).await?;
    let mut park_of_officer = HashMap::new();
    for r in officers {
        let park: i64 = r.try_get("park_id")?;
        park_of_officer.insert(r.try_get::<i64, _>("id")?, park);
        if let Some(p) = parks.get_mut(&park) {
            p.trend.iter_mut().for_each(|t| t.attendance.den += 1);
        }
    }
    let checkins = sqlx::query("SELECT DISTINCT officer_id, date FROM checkins WHERE date >= $1 AND date <= $2")
        .bind(day(*first))
        .bind(day(*last))
        .fetch_all(&mut *conn)
        .await?;
    for r in checkins {
        let Some(park) = park_of_officer.get(&r.try_get::<i64, _>("officer_id")?) else { continue };
        let d = parse_day(&r.try_get::<String, _>("date")?)?;
        if let Some(t) = parks.get_mut(park).and_then(|p| p.trend.iter_mut().find(|t| t.date == d)) {
            t.attendance.num += 1;
        }
    }
    let mut park_of_enterprise = HashMap::new();
    for r in sqlx::query("SELECT id, park_id FROM enterprises").fetch_all(&mut *conn).await? {
        let id: i64 = r.try_get("id")?;
        let park: i64 = r.try_get("park_id")?;
        if !expecting.contains_key(&id) {
            continue;
        }
        park_of_enterprise.insert(id, park);
        if let Some(p) = parks.get_mut(&park) {
            p.trend.iter_mut().for_each(|t| t.on_time.den += 1);
        }
    }
    let reports =
        sqlx::query("SELECT enterprise_id, date, submitted_at FROM daily_reports WHERE date >= $1 AND date <= $2")
            .bind(day(*first))
            .bind(day(*last))
            .fetch_all(&mut *conn)
            .await?;
    for r in reports {
        let Some(park) = park_of_enterprise.get(&r.try_get::<i64, _>("enterprise_id")?) else { continue };
        let d = parse_day(&r.try_get::<String, _>("date")?)?;
        let submitted = from_ms(r.try_get("submitted_at")?);
        if cal.report_standing(d, Some(submitted), submitted) != ReportStanding::OnTime {
            continue;
        }
        if let Some(t) = parks.get_mut(park).and_then(|p| p.trend.iter_mut().find(|t| t.date == d)) {
            t.on_time.num += 1;
        }
    }
    Ok(())
}

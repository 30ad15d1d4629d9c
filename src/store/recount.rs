//! The dashboard recounted from the raw rows (every enterprise, officer, check-in, assignment,
//! report and problem) by the contract's definitions: the oracle the kept figures are tested
//! against (`tests/api_figures.rs`) and the baseline of the dashboard bench. Not used to serve:
//! it reads O(enterprises + officers + problems) rows.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::dashboard::past::{Candidates, problems_at_end_of};
use super::dashboard::{empty_figures, is_live, sum_into, trend_dates};
use super::{Store, StoreResult, day, from_ms, parse_day};
use crate::api::types::{AttendanceCounts, Dashboard, ParkFigures, ReportCounts, UnitFigures};
use crate::domain::calendar::{Attendance, ReportStanding};
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

impl Store {
    /// The dashboard of `date` at `now` recounted from the raw rows, each figure by its
    /// definition; equal to [`Store::dashboard`] when the kept figures are right.
    pub async fn recount_dashboard(&self, date: NaiveDate, now: DateTime<Utc>, city: &str) -> StoreResult<Dashboard> {
        let mut conn = self.pool().acquire().await?;
        let cal = self.calendar;
        let live = is_live(&cal, date, now);
        let change_seq = self.change_seq().await?;
        let dates = trend_dates(date);
        let mut parks: BTreeMap<i64, ParkFigures> = BTreeMap::new();
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
        // Trend: reports resumed out of reports filed, per day; a live day's last point live.
        let rows = sqlx::query(
            "SELECT e.park_id, r.date, r.status FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id \
             WHERE r.date >= $1 AND r.date <= $2",
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
            }
        }
        if live {
            for p in parks.values_mut() {
                if let Some(last) = p.trend.last_mut() {
                    last.resumed = p.enterprises;
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
                p.problems = past.remove(&p.park_id).unwrap_or_default();
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
        let mut units: BTreeMap<i64, UnitFigures> = BTreeMap::new();
        for r in sqlx::query("SELECT id, name FROM units ORDER BY id").fetch_all(&mut *conn).await? {
            let id: i64 = r.try_get("id")?;
            let unit_name = r.try_get("name")?;
            units.insert(
                id,
                UnitFigures { unit_id: id, unit_name, attendance: Default::default(), reports: Default::default() },
            );
        }
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
            officer_unit.insert(r.try_get("id")?, unit);
            if let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) {
                add_attendance(&mut p.attendance, a);
            }
            if let Some(u) = units.get_mut(&unit) {
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
            if let Some(p) = parks.get_mut(&r.try_get::<i64, _>("park_id")?) {
                add_report(&mut p.reports, standing);
            }
            for u in unit_ids {
                if let Some(u) = units.get_mut(u) {
                    add_report(&mut u.reports, standing);
                }
            }
        }
        let mut totals = empty_figures(0, city, &dates);
        for p in parks.values() {
            sum_into(&mut totals, p);
        }
        let (parks, units) = (parks.into_values().collect(), units.into_values().collect());
        Ok(Dashboard { date, as_of: now, change_seq, totals, parks, units })
    }
}

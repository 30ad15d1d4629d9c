//! Figures kept on write (migration 0004): each write that moves a dashboard figure adjusts the
//! per-park, per-(park, unit) and per-day counts in its own transaction, so the dashboard reads
//! counts instead of rows. What a count means is the calendar's ([`Calendar::attendance`],
//! [`Calendar::report_standing`]); these functions only add and subtract.

mod rebuild;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};

use super::{Backend, StoreResult, day, ms};
use crate::api::types::EnterpriseStatus;
use crate::domain::calendar::{Attendance, Calendar, ReportStanding};
use crate::domain::lifecycle::{ProblemState, is_escalated};

pub use rebuild::{calendar_signature, rebuild_figures};

/// ` FOR UPDATE` on PostgreSQL, so two concurrent writes about one officer, enterprise or
/// problem adjust the figures one after the other; nothing on SQLite, whose write transactions
/// (`BEGIN IMMEDIATE`) already run one at a time.
pub(super) fn for_update(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    }
}

/// The upsert that adds `$3..$6` (checked in, late, submitted, on time) to a day row keyed by
/// `key` (`date` and `park_id` as `$1`, `$2`, and `unit_id` as `$7` for the unit table).
fn day_upsert(table: &str, key: &str, values: &str) -> String {
    format!(
        "INSERT INTO {table} ({key}, checked_in, late, submitted, on_time) VALUES ({values}) \
         ON CONFLICT ({key}) DO UPDATE SET checked_in = {table}.checked_in + excluded.checked_in, \
         late = {table}.late + excluded.late, submitted = {table}.submitted + excluded.submitted, \
         on_time = {table}.on_time + excluded.on_time"
    )
}

/// Adds counts to one (date, park) row and, when `unit` is given, to its (date, park, unit) row.
async fn add_day(
    conn: &mut AnyConnection,
    date: NaiveDate,
    park: i64,
    unit: Option<i64>,
    [checked_in, late, submitted, on_time]: [i64; 4],
) -> StoreResult<()> {
    let sql = match unit {
        None => day_upsert("park_day_figures", "date, park_id", "$1, $2, $3, $4, $5, $6"),
        Some(_) => day_upsert("unit_day_figures", "date, park_id, unit_id", "$1, $2, $7, $3, $4, $5, $6"),
    };
    let mut q = sqlx::query(&sql).bind(day(date)).bind(park).bind(checked_in).bind(late).bind(submitted).bind(on_time);
    if let Some(u) = unit {
        q = q.bind(u);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Before a check-in of `officer_id` at `at` on `date` is inserted: counts the officer present
/// when it is their first that day, and moves them between on time and late when it is earlier
/// than their first so far. Inactive officers are not expected, so not counted.
pub(super) async fn on_checkin(
    conn: &mut AnyConnection,
    backend: Backend,
    cal: &Calendar,
    officer_id: i64,
    date: NaiveDate,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = format!("SELECT park_id, unit_id, active FROM officers WHERE id = $1{}", for_update(backend));
    let Some(officer) = sqlx::query(&sql).bind(officer_id).fetch_optional(&mut *conn).await? else { return Ok(()) };
    if officer.try_get::<i64, _>("active")? != 1 {
        return Ok(());
    }
    let first: Option<i64> = sqlx::query("SELECT MIN(at) FROM checkins WHERE officer_id = $1 AND date = $2")
        .bind(officer_id)
        .bind(day(date))
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let first = first.map(super::from_ms);
    let now_first = first.map_or(at, |f| f.min(at));
    let late =
        |t: Option<DateTime<Utc>>| t.is_some_and(|t| cal.attendance(date, Some(t), t) == Attendance::Late) as i64;
    let delta = [first.is_none() as i64, late(Some(now_first)) - late(first), 0, 0];
    if delta == [0; 4] {
        return Ok(());
    }
    let park: i64 = officer.try_get("park_id")?;
    add_day(conn, date, park, None, delta).await?;
    add_day(conn, date, park, Some(officer.try_get("unit_id")?), delta).await
}

/// What a daily report said, as far as the figures care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ReportFigures {
    /// The reported status.
    pub status: EnterpriseStatus,
    /// Employees on site reported.
    pub on_site: i64,
}

/// The enterprise a report is about, as read (and locked) before the write.
#[derive(Debug, Clone, Copy)]
pub(super) struct EnterpriseNow {
    /// Its park.
    pub park: i64,
    /// Its baseline employees.
    pub baseline: i64,
    /// Its current status and headcount (from its latest report).
    pub current: ReportFigures,
}

/// Reads (and on PostgreSQL locks) the enterprise a report is about.
pub(super) async fn enterprise_now(
    conn: &mut AnyConnection,
    backend: Backend,
    enterprise_id: i64,
) -> StoreResult<EnterpriseNow> {
    let sql = format!(
        "SELECT park_id, employees_baseline, status, employees_on_site FROM enterprises WHERE id = $1{}",
        for_update(backend)
    );
    let r = sqlx::query(&sql).bind(enterprise_id).fetch_one(&mut *conn).await?;
    let status: String = r.try_get("status")?;
    Ok(EnterpriseNow {
        park: r.try_get("park_id")?,
        baseline: r.try_get("employees_baseline")?,
        current: ReportFigures {
            status: EnterpriseStatus::parse(&status)
                .ok_or_else(|| super::StoreError::Corrupt(format!("enterprise status {status:?}")))?,
            on_site: r.try_get("employees_on_site")?,
        },
    })
}

fn resumed_suspended(r: Option<ReportFigures>) -> [i64; 3] {
    match r {
        None => [0; 3],
        Some(r) => [
            (r.status == EnterpriseStatus::Resumed) as i64,
            (r.status == EnterpriseStatus::Suspended) as i64,
            r.on_site,
        ],
    }
}

/// A report of `enterprise_id` for `date` filed (`previous` None) or corrected, submitted first
/// at `submitted_at`: the park's day of reports (`park_day_stats`), and, when it is new and the
/// enterprise expects a report, the day's submitted and on-time counts per park and per unit.
/// When `becomes_current` (it is the enterprise's latest report), the park's enterprise figures
/// move from the enterprise's current status and headcount to the report's.
#[allow(clippy::too_many_arguments)]
pub(super) async fn on_report(
    conn: &mut AnyConnection,
    cal: &Calendar,
    enterprise_id: i64,
    ent: EnterpriseNow,
    date: NaiveDate,
    previous: Option<ReportFigures>,
    report: ReportFigures,
    submitted_at: DateTime<Utc>,
    becomes_current: bool,
) -> StoreResult<()> {
    let [res0, sus0, site0] = resumed_suspended(previous);
    let [res1, sus1, site1] = resumed_suspended(Some(report));
    let new = previous.is_none() as i64;
    sqlx::query(
        "INSERT INTO park_day_stats (park_id, date, reporting, resumed, suspended, employees_on_site, employees_baseline) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (park_id, date) DO UPDATE SET \
         reporting = park_day_stats.reporting + excluded.reporting, resumed = park_day_stats.resumed + excluded.resumed, \
         suspended = park_day_stats.suspended + excluded.suspended, \
         employees_on_site = park_day_stats.employees_on_site + excluded.employees_on_site, \
         employees_baseline = park_day_stats.employees_baseline + excluded.employees_baseline",
    )
    .bind(ent.park)
    .bind(day(date))
    .bind(new)
    .bind(res1 - res0)
    .bind(sus1 - sus0)
    .bind(site1 - site0)
    .bind(new * ent.baseline)
    .execute(&mut *conn)
    .await?;
    if becomes_current {
        let [res0, sus0, site0] = resumed_suspended(Some(ent.current));
        sqlx::query(
            "UPDATE park_figures SET resumed = resumed + $1, suspended = suspended + $2, \
             employees_on_site = employees_on_site + $3 WHERE park_id = $4",
        )
        .bind(res1 - res0)
        .bind(sus1 - sus0)
        .bind(site1 - site0)
        .bind(ent.park)
        .execute(&mut *conn)
        .await?;
    }
    if previous.is_some() {
        return Ok(()); // A correction keeps the first submission time: its standing stays.
    }
    let units: Vec<i64> = sqlx::query(
        "SELECT DISTINCT o.unit_id FROM assignments a JOIN officers o ON o.id = a.officer_id \
         WHERE a.enterprise_id = $1 AND o.active = 1",
    )
    .bind(enterprise_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    if units.is_empty() {
        return Ok(()); // No active officer: no report expected, none counted.
    }
    let on_time = (cal.report_standing(date, Some(submitted_at), submitted_at) == ReportStanding::OnTime) as i64;
    add_day(conn, date, ent.park, None, [0, 0, 1, on_time]).await?;
    for unit in units {
        add_day(conn, date, ent.park, Some(unit), [0, 0, 1, on_time]).await?;
    }
    Ok(())
}

/// A problem of `park` moved from `before` to `after` (state, level); `None` before for a
/// raise. Adjusts the park's open, acknowledged and escalated counts.
pub(super) async fn on_problem(
    conn: &mut AnyConnection,
    park: i64,
    before: Option<(ProblemState, i64)>,
    after: (ProblemState, i64),
) -> StoreResult<()> {
    let counts = |s: Option<(ProblemState, i64)>| match s {
        None => [0i64; 3],
        Some((state, level)) => [
            (state == ProblemState::Open) as i64,
            (state == ProblemState::Acknowledged) as i64,
            is_escalated(state, level) as i64,
        ],
    };
    let (b, a) = (counts(before), counts(Some(after)));
    if a == b {
        return Ok(());
    }
    sqlx::query(
        "UPDATE park_figures SET problems_open = problems_open + $1, problems_acknowledged = problems_acknowledged + $2, \
         problems_escalated = problems_escalated + $3 WHERE park_id = $4",
    )
    .bind(a[0] - b[0])
    .bind(a[1] - b[1])
    .bind(a[2] - b[2])
    .bind(park)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Unix milliseconds of the instant after which a first check-in on `date` is late, as the
/// calendar says (the SQL of a rebuild compares with it).
pub(super) fn late_after_ms(cal: &Calendar, date: NaiveDate) -> i64 {
    ms(cal.cutoff(date))
}

/// Unix milliseconds of the last instant at which a report for `date` is on time.
pub(super) fn on_time_until_ms(cal: &Calendar, date: NaiveDate) -> i64 {
    ms(cal.deadline(date))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn the_rebuild_boundaries_are_the_calendars() {
        let cal = Calendar::default();
        let date: NaiveDate = "2026-02-16".parse().unwrap();
        let late = super::super::from_ms(late_after_ms(&cal, date));
        assert_eq!(cal.attendance(date, Some(late), late), Attendance::Present);
        let just_after = late + Duration::milliseconds(1);
        assert_eq!(cal.attendance(date, Some(just_after), just_after), Attendance::Late);
        let until = super::super::from_ms(on_time_until_ms(&cal, date));
        assert_eq!(cal.report_standing(date, Some(until), until), ReportStanding::OnTime);
        let after = until + Duration::milliseconds(1);
        assert_eq!(cal.report_standing(date, Some(after), after), ReportStanding::Late);
    }
}

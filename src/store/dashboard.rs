//! The dashboard, read from the figures kept on write (migration 0004, `store/figures.rs`):
//! O(parks + units) rows per read, whatever the number of enterprises and officers. SLA
//! breaches and the oldest open problem are read at the moment of asking, by indexes on the
//! unresolved problems' due and creation times. A past day's dashboard is that day's
//! throughout: enterprises as its reports said, problems as they stood at its end.

mod assemble;
pub mod past;

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};

pub use assemble::{DayCounts, Frame, ParkRow, UnitRow, assemble, attendance, empty_figures, is_live, reports};

use super::scope::ParkFigureSet;
use super::{Backend, Store, StoreResult, day, from_ms, ms, parse_day};
use crate::api::types::{ProblemCounts, TrendPoint};
use crate::domain::calendar::Calendar;
use crate::domain::rates::Ratio;

/// Days in the trend, ending at the dashboard's date.
pub const TREND_DAYS: i64 = 14;

/// The trend's days, oldest first, ending at `date`.
pub fn trend_dates(date: NaiveDate) -> Vec<NaiveDate> {
    (0..TREND_DAYS).rev().map(|i| date - Duration::days(i)).collect()
}

/// When figures computed at `now` for `date` first differ by the clock alone: the first instant
/// after the cutoff (absent starts), after the deadline (overdue starts), after the earliest
/// unresolved due time not yet passed (a breach), or the end of a live day (it becomes a past
/// one). `next_due` is that earliest due time; a past day never changes by the clock.
pub fn valid_until(
    cal: &Calendar,
    date: NaiveDate,
    now: DateTime<Utc>,
    next_due: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    if !is_live(cal, date, now) {
        return DateTime::<Utc>::MAX_UTC;
    }
    let tick = Duration::milliseconds(1);
    [Some(cal.cutoff(date) + tick), Some(cal.deadline(date) + tick), next_due.map(|d| d + tick)]
        .into_iter()
        .flatten()
        .chain([past::end_of_day(cal, date)])
        .filter(|t| *t > now)
        .min()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn day_counts(r: &sqlx::any::AnyRow) -> StoreResult<DayCounts> {
    Ok(DayCounts {
        checked_in: r.try_get("checked_in")?,
        late: r.try_get("late")?,
        submitted: r.try_get("submitted")?,
        on_time: r.try_get("on_time")?,
    })
}

/// Park rows of `date`: the kept figures, the trend and the day's counts. A past day's
/// enterprises and headcounts are those its reports said.
async fn park_rows(conn: &mut AnyConnection, date: NaiveDate, live: bool) -> StoreResult<Vec<ParkRow>> {
    let dates = trend_dates(date);
    let rows = sqlx::query(
        "SELECT p.id, p.name, COALESCE(f.enterprises, 0) AS enterprises, COALESCE(f.resumed, 0) AS resumed, \
         COALESCE(f.suspended, 0) AS suspended, COALESCE(f.employees_baseline, 0) AS baseline, \
         COALESCE(f.employees_on_site, 0) AS on_site, COALESCE(f.officers_active, 0) AS officers, \
         COALESCE(f.reports_expected, 0) AS expected, COALESCE(f.problems_open, 0) AS open, \
         COALESCE(f.problems_acknowledged, 0) AS acknowledged, COALESCE(f.problems_escalated, 0) AS escalated, \
         COALESCE(d.checked_in, 0) AS checked_in, COALESCE(d.late, 0) AS late, \
         COALESCE(d.submitted, 0) AS submitted, COALESCE(d.on_time, 0) AS on_time \
         FROM parks p LEFT JOIN park_figures f ON f.park_id = p.id \
         LEFT JOIN park_day_figures d ON d.park_id = p.id AND d.date = $1 ORDER BY p.id",
    )
    .bind(day(date))
    .fetch_all(&mut *conn)
    .await?;
    let mut parks = Vec::with_capacity(rows.len());
    let mut index = HashMap::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("id")?;
        index.insert(id, parks.len());
        parks.push(ParkRow {
            park_id: id,
            park_name: r.try_get("name")?,
            enterprises: Ratio::new(r.try_get("resumed")?, r.try_get("enterprises")?),
            suspended: r.try_get("suspended")?,
            employees: Ratio::new(r.try_get("on_site")?, r.try_get("baseline")?),
            trend: dates.iter().map(|d| TrendPoint { date: *d, resumed: Ratio::default() }).collect(),
            problems: ProblemCounts {
                open: r.try_get("open")?,
                acknowledged: r.try_get("acknowledged")?,
                escalated: r.try_get("escalated")?,
                ..Default::default()
            },
            officers_active: r.try_get("officers")?,
            reports_expected: r.try_get("expected")?,
            day: day_counts(&r)?,
        });
    }
    if !live {
        for p in &mut parks {
            (p.enterprises, p.suspended, p.employees) = (Ratio::default(), 0, Ratio::default());
        }
    }
    let rows = sqlx::query(
        "SELECT park_id, date, reporting, resumed, suspended, employees_on_site, employees_baseline \
         FROM park_day_stats WHERE date >= $1 AND date <= $2",
    )
    .bind(day(dates[0]))
    .bind(day(date))
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let Some(p) = index.get(&r.try_get::<i64, _>("park_id")?).map(|i| &mut parks[*i]) else { continue };
        let d = parse_day(&r.try_get::<String, _>("date")?)?;
        let resumed = Ratio::new(r.try_get("resumed")?, r.try_get("reporting")?);
        if let Some(t) = p.trend.iter_mut().find(|t| t.date == d) {
            t.resumed = resumed;
        }
        if !live && d == date {
            p.enterprises = resumed;
            p.suspended = r.try_get("suspended")?;
            p.employees = Ratio::new(r.try_get("employees_on_site")?, r.try_get("employees_baseline")?);
        }
    }
    if live {
        for p in &mut parks {
            if let Some(last) = p.trend.last_mut() {
                last.resumed = p.enterprises;
            }
        }
    }
    Ok(parks)
}

/// The row of `unit` in `park`, made empty if missing; `None` for a unit that does not exist.
fn unit_row<'a>(
    units: &'a mut std::collections::BTreeMap<(i64, i64), UnitRow>,
    names: &HashMap<i64, String>,
    park_id: i64,
    unit_id: i64,
) -> Option<&'a mut UnitRow> {
    let name = names.get(&unit_id)?;
    Some(units.entry((park_id, unit_id)).or_insert_with(|| UnitRow {
        park_id,
        unit_id,
        unit_name: name.clone(),
        officers_active: 0,
        enterprises_served: 0,
        day: DayCounts::default(),
    }))
}

/// Unit rows of `date`, one per (park, unit): the kept (park, unit) figures and the day's
/// counts, summable over the parks of a scope.
async fn unit_rows(conn: &mut AnyConnection, date: NaiveDate) -> StoreResult<Vec<UnitRow>> {
    let mut names = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM units").fetch_all(&mut *conn).await? {
        names.insert(r.try_get::<i64, _>("id")?, r.try_get::<String, _>("name")?);
    }
    let mut units: std::collections::BTreeMap<(i64, i64), UnitRow> = std::collections::BTreeMap::new();
    for r in sqlx::query("SELECT park_id, unit_id, officers_active, enterprises_served FROM unit_park_figures")
        .fetch_all(&mut *conn)
        .await?
    {
        if let Some(u) = unit_row(&mut units, &names, r.try_get("park_id")?, r.try_get("unit_id")?) {
            (u.officers_active, u.enterprises_served) =
                (r.try_get("officers_active")?, r.try_get("enterprises_served")?);
        }
    }
    let rows = sqlx::query(
        "SELECT park_id, unit_id, checked_in, late, submitted, on_time FROM unit_day_figures WHERE date = $1",
    )
    .bind(day(date))
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        if let Some(u) = unit_row(&mut units, &names, r.try_get("park_id")?, r.try_get("unit_id")?) {
            u.day = day_counts(&r)?;
        }
    }
    Ok(units.into_values().collect())
}

/// Live SLA breaches (due before `now`), the oldest open and the earliest due time not yet
/// passed, per park by seeks on the partial indexes of unresolved problems (O(parks) seeks,
/// plus the breached entries counted); returns the earliest due time over all parks.
async fn live_problems(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    parks: &mut [ParkRow],
) -> StoreResult<Option<DateTime<Utc>>> {
    let index: HashMap<i64, usize> = parks.iter().enumerate().map(|(i, p)| (p.park_id, i)).collect();
    let rows = sqlx::query(
        "SELECT p.id, \
         (SELECT COUNT(*) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved' AND q.due_at < $1) AS breached, \
         (SELECT MIN(q.created_at) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved') AS oldest, \
         (SELECT MIN(q.due_at) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved' AND q.due_at >= $1) AS next_due \
         FROM parks p",
    )
    .bind(ms(now))
    .fetch_all(&mut *conn)
    .await?;
    let mut next_due: Option<i64> = None;
    for r in rows {
        if let Some(due) = r.try_get::<Option<i64>, _>("next_due")? {
            next_due = Some(next_due.map_or(due, |n| n.min(due)));
        }
        if let Some(i) = index.get(&r.try_get::<i64, _>("id")?) {
            let c = &mut parks[*i].problems;
            c.sla_breached = r.try_get("breached")?;
            c.oldest_open_at = r.try_get::<Option<i64>, _>("oldest")?.map(from_ms);
        }
    }
    Ok(next_due.map(from_ms))
}

impl Store {
    /// The figures of every park (and of every unit per park) for `date` as of `now`, plus the
    /// instant until which they stay true if no data changes; `store::scope` groups them into
    /// the dashboard of a scope. Read in one snapshot (a read transaction; repeatable read on
    /// PostgreSQL).
    pub async fn park_figures(
        &self,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<(ParkFigureSet, DateTime<Utc>)> {
        let cal = self.calendar;
        let change_seq = self.change_seq().await?;
        let mut tx = self.pool().begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        let live = is_live(&cal, date, now);
        let mut parks = park_rows(&mut tx, date, live).await?;
        let units = unit_rows(&mut tx, date).await?;
        let next_due = if live {
            live_problems(&mut tx, now, &mut parks).await?
        } else {
            let mut past =
                past::problems_at_end_of(&mut tx, &cal, &self.sla, date, past::Candidates::MaybeOpen).await?;
            for p in &mut parks {
                p.problems = past.remove(&p.park_id).unwrap_or_default();
            }
            None
        };
        tx.commit().await?;
        let dates = trend_dates(date);
        let frame = Frame { cal: &cal, date, now, change_seq, dates: &dates };
        Ok((assemble(frame, parks, units), valid_until(&cal, date, now, next_due)))
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
        let ms1 = Duration::milliseconds(1);
        // Before the cutoff (01:00Z): valid until the instant after it (absent starts then).
        assert_eq!(valid_until(&cal, date, at("2026-02-16T00:00:00Z"), None), at("2026-02-16T01:00:00Z") + ms1);
        // Between cutoff and deadline: a due time in 10 s ends it exactly when it is passed.
        let now = at("2026-02-16T05:00:00Z");
        assert_eq!(valid_until(&cal, date, now, Some(now + Duration::seconds(10))), now + Duration::seconds(10) + ms1);
        // After the deadline with nothing due: valid until the day ends (then a past day).
        assert_eq!(valid_until(&cal, date, at("2026-02-16T13:00:00Z"), None), at("2026-02-16T16:00:00Z"));
        // A past day never changes by the clock.
        assert_eq!(valid_until(&cal, date, at("2026-02-17T13:00:00Z"), None), DateTime::<Utc>::MAX_UTC);
    }
}

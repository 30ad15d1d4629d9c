//! The dashboard, read from the figures kept on write (migration 0004, `store/figures.rs`):
//! O(parks + units) rows per read, whatever the number of enterprises and officers. SLA
//! breaches and the oldest open problem are read at the moment of asking, by indexes on the
//! unresolved problems' due and creation times. A past day's dashboard is that day's
//! throughout: enterprises as its reports said, problems as they stood at its end.

mod assemble;
pub mod past;
mod rows;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};

pub use assemble::{
    DayCounts, PlaceRow, UnitRow, add_problems, assemble, attendance, empty_figures, empty_trend, is_live, reports,
};

use rows::Selection;

use super::scope::OrgTree;
use super::{Backend, Store, StoreResult, day, from_ms, ms};

use crate::api::types::{PlaceFigures, ProblemCounts, Scope, UnitFigures};
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

pub(super) fn day_counts(r: &sqlx::any::AnyRow) -> StoreResult<DayCounts> {
    Ok(DayCounts {
        checked_in: r.try_get("checked_in")?,
        late: r.try_get("late")?,
        submitted: r.try_get("submitted")?,
        on_time: r.try_get("on_time")?,
    })
}

/// The parks of the scope `sel` on `date`, each as its kept figures and the day's counts, with
/// an empty trend (the trend is summed per row: [`rows::fill_trend`]). A past day's
/// enterprises and headcounts are left empty for the trend's read to fill per row.
async fn park_rows(
    conn: &mut AnyConnection,
    sel: &Selection,
    date: NaiveDate,
    live: bool,
) -> StoreResult<Vec<PlaceRow>> {
    let sql = format!(
        "SELECT p.id, p.name, COALESCE(f.enterprises, 0) AS enterprises, COALESCE(f.resumed, 0) AS resumed, \
         COALESCE(f.suspended, 0) AS suspended, COALESCE(f.employees_baseline, 0) AS baseline, \
         COALESCE(f.employees_on_site, 0) AS on_site, COALESCE(f.officers_active, 0) AS officers, \
         COALESCE(f.reports_expected, 0) AS expected, COALESCE(f.problems_open, 0) AS open, \
         COALESCE(f.problems_acknowledged, 0) AS acknowledged, COALESCE(f.problems_escalated, 0) AS escalated, \
         COALESCE(g.checked_in, 0) AS checked_in, COALESCE(g.late, 0) AS late, \
         COALESCE(g.submitted, 0) AS submitted, COALESCE(g.on_time, 0) AS on_time \
         FROM parks p JOIN districts d ON d.id = p.district_id LEFT JOIN park_figures f ON f.park_id = p.id \
         LEFT JOIN park_day_figures g ON g.park_id = p.id AND g.date = $1 WHERE 1 = 1{} ORDER BY p.id",
        sel.and_filter(2)
    );
    let q = sqlx::query(&sql).bind(day(date));
    let q = match sel.id() {
        Some(id) => q.bind(id),
        None => q,
    };
    let mut parks = Vec::new();
    for r in q.fetch_all(&mut *conn).await? {
        let mut p = PlaceRow::empty(r.try_get("id")?, &r.try_get::<String, _>("name")?, &[]);
        if live {
            p.enterprises = Ratio::new(r.try_get("resumed")?, r.try_get("enterprises")?);
            p.suspended = r.try_get("suspended")?;
            p.employees = Ratio::new(r.try_get("on_site")?, r.try_get("baseline")?);
        }
        p.problems = ProblemCounts {
            open: r.try_get("open")?,
            acknowledged: r.try_get("acknowledged")?,
            escalated: r.try_get("escalated")?,
            ..Default::default()
        };
        p.officers_active = r.try_get("officers")?;
        p.reports_expected = r.try_get("expected")?;
        p.day = day_counts(&r)?;
        parks.push(p);
    }
    Ok(parks)
}

/// Live SLA breaches (due before `now`), the oldest open and the earliest due time not yet
/// passed, per park by seeks on the partial indexes of unresolved problems (O(parks) seeks,
/// plus the breached entries counted); returns the earliest due time over all parks.
async fn live_problems(
    conn: &mut AnyConnection,
    sel: &Selection,
    now: DateTime<Utc>,
    parks: &mut [PlaceRow],
) -> StoreResult<Option<DateTime<Utc>>> {
    let index: HashMap<i64, usize> = parks.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let sql = format!(
        "SELECT p.id, \
         (SELECT COUNT(*) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved' AND q.due_at < $1) AS breached, \
         (SELECT MIN(q.created_at) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved') AS oldest, \
         (SELECT MIN(q.due_at) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved' AND q.due_at >= $1) AS next_due \
         FROM parks p JOIN districts d ON d.id = p.district_id WHERE 1 = 1{}",
        sel.and_filter(2)
    );
    let q = sqlx::query(&sql).bind(ms(now));
    let q = match sel.id() {
        Some(id) => q.bind(id),
        None => q,
    };
    let rows = q.fetch_all(&mut *conn).await?;
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

/// A scope's figures as read: its rows one level down and its units, each in id order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeFigures {
    /// The change sequence they reflect.
    pub change_seq: i64,
    /// The local dates of the trend, oldest first.
    pub dates: Vec<NaiveDate>,
    /// The figures of each row (a city, county or park, as the scope's level below says).
    pub rows: Vec<PlaceFigures>,
    /// Each unit's figures over the scope's parks.
    pub units: Vec<UnitFigures>,
    /// The instant until which they stay true if no data changes.
    pub valid_until: DateTime<Utc>,
}

impl Store {
    /// The figures of `scope` (checked against `tree`) for `date` as of `now`: each of its
    /// parks read from the kept figures and added into the row it counts in, the trend and the
    /// units summed by the database. O(the scope's parks + its rows × days + units) rows, in
    /// one snapshot (a read transaction; repeatable read on PostgreSQL).
    pub async fn scope_figures(
        &self,
        tree: &OrgTree,
        scope: Scope,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<ScopeFigures> {
        let cal = self.calendar;
        let sel = Selection::of(scope);
        let dates = trend_dates(date);
        let change_seq = self.change_seq().await?;
        let mut tx = self.pool().begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        let live = is_live(&cal, date, now);
        let mut parks = park_rows(&mut tx, &sel, date, live).await?;
        let next_due = if live {
            live_problems(&mut tx, &sel, now, &mut parks).await?
        } else {
            let mut past =
                past::problems_at_end_of(&mut tx, &cal, &self.sla, date, past::Candidates::MaybeOpen).await?;
            for p in &mut parks {
                p.problems = past.remove(&p.id).unwrap_or_default();
            }
            None
        };
        let row_of = tree.rows_of(scope);
        let mut rows: BTreeMap<i64, PlaceRow> =
            tree.row_places(scope).into_iter().map(|r| (r.id, PlaceRow::empty(r.id, &r.name, &dates))).collect();
        for p in &parks {
            if let Some(row) = row_of.get(&p.id).and_then(|r| rows.get_mut(r)) {
                row.add(p);
            }
        }
        rows::fill_trend(&mut tx, &sel, &dates, live, &mut rows).await?;
        let units = rows::unit_rows(&mut tx, &sel, date).await?;
        tx.commit().await?;
        let (rows, units) = assemble(&cal, date, now, rows.into_values().collect(), units);
        let valid_until = valid_until(&cal, date, now, next_due);
        Ok(ScopeFigures { change_seq, dates, rows, units, valid_until })
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

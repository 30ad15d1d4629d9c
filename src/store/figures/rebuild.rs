//! Rebuilding every kept figure from the rows with set-based SQL: after a bulk load, and when a
//! database is opened whose figures were built under another calendar (or never: an upgrade).

use sqlx::{AnyConnection, Row};

use super::super::{Backend, Store, StoreResult, day, parse_day};
use super::{late_after_ms, on_time_until_ms};
use crate::domain::calendar::Calendar;

/// The meta key naming the calendar the kept figures were counted under.
const CALENDAR_KEY: &str = "figures_calendar";

/// What the kept figures depend on in the calendar (zone, cutoff, deadline), as stored.
pub fn calendar_signature(cal: &Calendar) -> String {
    format!("{} cutoff {} deadline {}", cal.tz.name(), cal.checkin_cutoff, cal.report_deadline)
}

/// Enterprise and problem figures per park, and officers and enterprises served per (park, unit).
const PARK_FIGURES: [&str; 3] = [
    "INSERT INTO park_figures (park_id, enterprises, resumed, suspended, employees_baseline, employees_on_site, \
     officers_active, reports_expected, problems_open, problems_acknowledged, problems_escalated) \
     SELECT p.id, \
     (SELECT COUNT(*) FROM enterprises e WHERE e.park_id = p.id), \
     (SELECT COUNT(*) FROM enterprises e WHERE e.park_id = p.id AND e.status = 'resumed'), \
     (SELECT COUNT(*) FROM enterprises e WHERE e.park_id = p.id AND e.status = 'suspended'), \
     (SELECT COALESCE(SUM(e.employees_baseline), 0) FROM enterprises e WHERE e.park_id = p.id), \
     (SELECT COALESCE(SUM(e.employees_on_site), 0) FROM enterprises e WHERE e.park_id = p.id), \
     (SELECT COUNT(*) FROM officers o WHERE o.park_id = p.id AND o.active = 1), \
     (SELECT COUNT(*) FROM enterprises e WHERE e.park_id = p.id AND EXISTS (SELECT 1 FROM assignments a \
       JOIN officers o ON o.id = a.officer_id WHERE a.enterprise_id = e.id AND o.active = 1)), \
     (SELECT COUNT(*) FROM problems q WHERE q.park_id = p.id AND q.state = 'open'), \
     (SELECT COUNT(*) FROM problems q WHERE q.park_id = p.id AND q.state = 'acknowledged'), \
     (SELECT COUNT(*) FROM problems q WHERE q.park_id = p.id AND q.state <> 'resolved' AND q.level >= 1) \
     FROM parks p",
    "INSERT INTO unit_park_figures (park_id, unit_id, officers_active, enterprises_served) \
     SELECT park_id, unit_id, COUNT(*), 0 FROM officers WHERE active = 1 GROUP BY park_id, unit_id",
    "INSERT INTO unit_park_figures (park_id, unit_id, officers_active, enterprises_served) \
     SELECT e.park_id, s.unit_id, 0, COUNT(*) FROM (SELECT DISTINCT a.enterprise_id, o.unit_id FROM assignments a \
       JOIN officers o ON o.id = a.officer_id WHERE o.active = 1) s JOIN enterprises e ON e.id = s.enterprise_id \
     WHERE 1 = 1 GROUP BY e.park_id, s.unit_id \
     ON CONFLICT (park_id, unit_id) DO UPDATE SET enterprises_served = excluded.enterprises_served",
];

/// One day's check-ins per park (`{key}` the grouping) of active officers: `$1` the date, `$2`
/// the cutoff in Unix ms (late is strictly after it).
fn checkins_of_day(table: &str, cols: &str, group: &str) -> String {
    format!(
        "INSERT INTO {table} (date, {cols}, checked_in, late, submitted, on_time) \
         SELECT $1, {group}, COUNT(*), SUM(CASE WHEN f.first_at > $2 THEN 1 ELSE 0 END), 0, 0 \
         FROM (SELECT officer_id, MIN(at) AS first_at FROM checkins WHERE date = $1 GROUP BY officer_id) f \
         JOIN officers o ON o.id = f.officer_id WHERE o.active = 1 GROUP BY {group}"
    )
}

/// One day's reports of enterprises expecting one: `$1` the date, `$2` the deadline in Unix ms
/// (on time is at or before it). Per park once; per (park, unit) once for each serving unit.
fn reports_of_day(table: &str, key: &str, from: &str, filter: &str, group: &str) -> String {
    format!(
        "INSERT INTO {table} (date, {key}, checked_in, late, submitted, on_time) \
         SELECT $1, {group}, 0, 0, COUNT(*), SUM(CASE WHEN r.submitted_at <= $2 THEN 1 ELSE 0 END) \
         FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id {from} \
         WHERE r.date = $1 {filter} GROUP BY {group} \
         ON CONFLICT (date, {key}) DO UPDATE SET submitted = excluded.submitted, on_time = excluded.on_time"
    )
}

/// Empties and refills every kept figure from the rows, inside the caller's transaction, and
/// records the calendar they were counted under.
pub async fn rebuild_figures(conn: &mut AnyConnection, cal: &Calendar) -> StoreResult<()> {
    for t in ["park_figures", "unit_park_figures", "park_day_figures", "unit_day_figures"] {
        sqlx::query(&format!("DELETE FROM {t}")).execute(&mut *conn).await?;
    }
    for sql in PARK_FIGURES {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    let days: Vec<String> = sqlx::query("SELECT date FROM checkins UNION SELECT date FROM daily_reports ORDER BY date")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let expecting = "AND EXISTS (SELECT 1 FROM assignments a JOIN officers o ON o.id = a.officer_id \
                     WHERE a.enterprise_id = e.id AND o.active = 1)";
    let serving = "JOIN (SELECT DISTINCT a.enterprise_id, o.unit_id FROM assignments a \
                   JOIN officers o ON o.id = a.officer_id WHERE o.active = 1) s ON s.enterprise_id = r.enterprise_id";
    let statements = [
        (checkins_of_day("park_day_figures", "park_id", "o.park_id"), true),
        (checkins_of_day("unit_day_figures", "park_id, unit_id", "o.park_id, o.unit_id"), true),
        (reports_of_day("park_day_figures", "park_id", "", expecting, "e.park_id"), false),
        (reports_of_day("unit_day_figures", "park_id, unit_id", serving, "", "e.park_id, s.unit_id"), false),
    ];
    for d in days {
        let date = parse_day(&d)?;
        for (sql, checkins) in &statements {
            let bound = if *checkins { late_after_ms(cal, date) } else { on_time_until_ms(cal, date) };
            sqlx::query(sql).bind(day(date)).bind(bound).execute(&mut *conn).await?;
        }
    }
    sqlx::query("DELETE FROM meta WHERE key = $1").bind(CALENDAR_KEY).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)")
        .bind(CALENDAR_KEY)
        .bind(calendar_signature(cal))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
    /// Rebuilds the kept figures unless they were counted under this store's calendar: on the
    /// first open after the upgrade to migration 0004, or after the cutoff, deadline or zone
    /// changed. One replica at a time (a table lock on PostgreSQL; SQLite writes are serial).
    pub async fn ensure_figures(&self) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("LOCK TABLE park_figures IN EXCLUSIVE MODE").execute(&mut *tx).await?;
        }
        let stored: Option<String> = sqlx::query("SELECT value FROM meta WHERE key = $1")
            .bind(CALENDAR_KEY)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        if stored.as_deref() == Some(calendar_signature(&self.calendar).as_str()) {
            return Ok(false);
        }
        rebuild_figures(&mut tx, &self.calendar).await?;
        tx.commit().await?;
        Ok(true)
    }
}

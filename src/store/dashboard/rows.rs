//! The SQL of one scope's dashboard read: which parks it covers and which row (city, county or
//! park) each counts in, and the two reads grouped by the database rather than row by row in
//! Rust: the trend per row and day, and the unit counts per unit. A province read decodes
//! 2 × 14 × 14 trend rows and one row per unit instead of one per park and day and one per park
//! and unit.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use super::assemble::{DayCounts, PlaceRow, UnitRow};
use crate::api::types::Scope;
use crate::domain::rates::Ratio;
use crate::store::StoreResult;
use crate::store::{day, parse_day};

/// How a scope picks its parks (`p`, joined with their district `d`) and groups them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Selection {
    /// The expression of the row a park counts in: its city, its county or itself.
    row: &'static str,
    /// The condition on `p` and `d` that keeps the scope's parks, with the scope's id as the
    /// placeholder `{}`; `None` for the province (every park).
    filter: Option<(&'static str, i64)>,
}

impl Selection {
    /// The selection of `scope`.
    pub(super) fn of(scope: Scope) -> Self {
        match scope {
            Scope::Province => Self { row: "d.city_id", filter: None },
            Scope::City(id) => Self { row: "p.district_id", filter: Some(("d.city_id", id)) },
            Scope::County(id) => Self { row: "p.id", filter: Some(("p.district_id", id)) },
        }
    }

    /// ` AND <column> = $n` for a scope below the province, empty for the province.
    pub(super) fn and_filter(&self, n: usize) -> String {
        self.filter.map(|(column, _)| format!(" AND {column} = ${n}")).unwrap_or_default()
    }

    /// The scope's id to bind for [`Selection::and_filter`]'s placeholder, if it has one.
    pub(super) fn id(&self) -> Option<i64> {
        self.filter.map(|(_, id)| id)
    }

    /// Joins `alias`'s `park_id` to its park `p` and district `d`, when the scope needs them.
    fn joins(&self, alias: &str, always: bool) -> String {
        if self.filter.is_none() && !always {
            return String::new();
        }
        format!(" JOIN parks p ON p.id = {alias}.park_id JOIN districts d ON d.id = p.district_id")
    }
}

/// Binds the scope's id when the query's filter has a placeholder for it.
fn bind_scope<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    sel: &Selection,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match sel.id() {
        Some(id) => q.bind(id),
        None => q,
    }
}

/// Fills each row's trend over `dates` (ending at `date`) from the parks' days of reports and
/// of check-ins and reports received (`park_day_stats`, `park_day_figures`), summed per row and
/// day by the database. A past day's enterprises, suspended and headcounts are those its
/// reports said; a live day's last point is the row's current enterprises and staff. Each
/// day's attendance and on-time reports are out of the row's active officers and expecting
/// enterprises, as the dashboard of that day counts them.
pub(super) async fn fill_trend(
    conn: &mut AnyConnection,
    sel: &Selection,
    dates: &[NaiveDate],
    live: bool,
    rows: &mut BTreeMap<i64, PlaceRow>,
) -> StoreResult<()> {
    let (Some(first), Some(&date)) = (dates.first(), dates.last()) else { return Ok(()) };
    let sql = format!(
        "SELECT {row} AS row_id, s.date, CAST(SUM(s.reporting) AS BIGINT) AS reporting, \
         CAST(SUM(s.resumed) AS BIGINT) AS resumed, CAST(SUM(s.suspended) AS BIGINT) AS suspended, \
         CAST(SUM(s.employees_on_site) AS BIGINT) AS on_site, CAST(SUM(s.employees_baseline) AS BIGINT) AS baseline \
         FROM park_day_stats s{joins} WHERE s.date >= $1 AND s.date <= $2{filter} GROUP BY {row}, s.date",
        row = sel.row,
        joins = sel.joins("s", true),
        filter = sel.and_filter(3),
    );
    let q = sqlx::query(&sql).bind(day(*first)).bind(day(date));
    for r in bind_scope(q, sel).fetch_all(&mut *conn).await? {
        let Some(p) = rows.get_mut(&r.try_get::<i64, _>("row_id")?) else { continue };
        let d = parse_day(&r.try_get::<String, _>("date")?)?;
        let resumed = Ratio::new(r.try_get("resumed")?, r.try_get("reporting")?);
        let employees = Ratio::new(r.try_get("on_site")?, r.try_get("baseline")?);
        if let Some(t) = p.trend.iter_mut().find(|t| t.date == d) {
            (t.resumed, t.employees) = (resumed, employees);
        }
        if !live && d == date {
            p.enterprises = resumed;
            p.suspended = r.try_get("suspended")?;
            p.employees = employees;
        }
    }
    for p in rows.values_mut() {
        for t in &mut p.trend {
            (t.attendance, t.on_time) = (Ratio::new(0, p.officers_active), Ratio::new(0, p.reports_expected));
        }
    }
    let sql = format!(
        "SELECT {row} AS row_id, g.date, CAST(SUM(g.checked_in) AS BIGINT) AS checked_in, \
         CAST(SUM(g.on_time) AS BIGINT) AS on_time \
         FROM park_day_figures g{joins} WHERE g.date >= $1 AND g.date <= $2{filter} GROUP BY {row}, g.date",
        row = sel.row,
        joins = sel.joins("g", true),
        filter = sel.and_filter(3),
    );
    let q = sqlx::query(&sql).bind(day(*first)).bind(day(date));
    for r in bind_scope(q, sel).fetch_all(&mut *conn).await? {
        let Some(p) = rows.get_mut(&r.try_get::<i64, _>("row_id")?) else { continue };
        let d = parse_day(&r.try_get::<String, _>("date")?)?;
        if let Some(t) = p.trend.iter_mut().find(|t| t.date == d) {
            t.attendance.num = r.try_get("checked_in")?;
            t.on_time.num = r.try_get("on_time")?;
        }
    }
    if live {
        for p in rows.values_mut() {
            if let Some(last) = p.trend.last_mut() {
                (last.resumed, last.employees) = (p.enterprises, p.employees);
            }
        }
    }
    Ok(())
}

/// The counts of each unit over the scope's parks on `date`, summed by the database: its
/// active officers and the enterprises they serve (kept per park and unit), and the day's
/// check-ins and reports. A unit has a row when it has either in the scope; rows in id order.
pub(super) async fn unit_rows(conn: &mut AnyConnection, sel: &Selection, date: NaiveDate) -> StoreResult<Vec<UnitRow>> {
    let mut names = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM units").fetch_all(&mut *conn).await? {
        names.insert(r.try_get::<i64, _>("id")?, r.try_get::<String, _>("name")?);
    }
    let mut units: BTreeMap<i64, UnitRow> = BTreeMap::new();
    let kept = format!(
        "SELECT u.unit_id, CAST(SUM(u.officers_active) AS BIGINT) AS officers_active, \
         CAST(SUM(u.enterprises_served) AS BIGINT) AS enterprises_served \
         FROM unit_park_figures u{joins} WHERE 1 = 1{filter} GROUP BY u.unit_id",
        joins = sel.joins("u", false),
        filter = sel.and_filter(1),
    );
    for r in bind_scope(sqlx::query(&kept), sel).fetch_all(&mut *conn).await? {
        if let Some(u) = unit_row(&mut units, &names, r.try_get("unit_id")?) {
            (u.officers_active, u.enterprises_served) =
                (r.try_get("officers_active")?, r.try_get("enterprises_served")?);
        }
    }
    let days = format!(
        "SELECT u.unit_id, CAST(SUM(u.checked_in) AS BIGINT) AS checked_in, CAST(SUM(u.late) AS BIGINT) AS late, \
         CAST(SUM(u.submitted) AS BIGINT) AS submitted, CAST(SUM(u.on_time) AS BIGINT) AS on_time \
         FROM unit_day_figures u{joins} WHERE u.date = $1{filter} GROUP BY u.unit_id",
        joins = sel.joins("u", false),
        filter = sel.and_filter(2),
    );
    let q = sqlx::query(&days).bind(day(date));
    for r in bind_scope(q, sel).fetch_all(&mut *conn).await? {
        if let Some(u) = unit_row(&mut units, &names, r.try_get("unit_id")?) {
            u.day = super::day_counts(&r)?;
        }
    }
    Ok(units.into_values().collect())
}

/// The row of `unit_id`, made empty if missing; `None` for a unit that does not exist.
fn unit_row<'a>(
    units: &'a mut BTreeMap<i64, UnitRow>,
    names: &HashMap<i64, String>,
    unit_id: i64,
) -> Option<&'a mut UnitRow> {
    let name = names.get(&unit_id)?;
    Some(units.entry(unit_id).or_insert_with(|| UnitRow {
        unit_id,
        unit_name: name.clone(),
        officers_active: 0,
        enterprises_served: 0,
        day: DayCounts::default(),
    }))
}

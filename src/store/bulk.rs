//! Bulk loading of generated data (the `seed` presets): multi-row inserts in one transaction.

use sqlx::Row;

mod rows;
pub use rows::*;

use super::{Backend, Store, StoreError, StoreResult, day};
use crate::api::types::AssigneeKind;

/// One bound value of a bulk row.
#[derive(Debug, Clone)]
pub enum Val {
    /// An `INTEGER` (`BIGINT` on PostgreSQL) value: ids, Unix milliseconds, counts.
    I(i64),
    /// A nullable integer.
    N(Option<i64>),
    /// A `TEXT` value: names, local dates as `YYYY-MM-DD`, JSON payloads.
    S(String),
    /// A nullable `TEXT` value: an enterprise's credit code, an officer's phone.
    NS(Option<String>),
}

const TABLES_IN_DELETE_ORDER: [&str; 20] = [
    "park_day_stats",
    "park_figures",
    "unit_park_figures",
    "park_day_figures",
    "unit_day_figures",
    "changes",
    "idempotency",
    "problem_events",
    "problems",
    "daily_reports",
    "checkins",
    "assignments",
    "tokens",
    "officers",
    "enterprises",
    "units",
    "departments",
    "parks",
    "districts",
    "cities",
];

/// Fills the empty `park_day_stats` from the reports (after a bulk load, or emptied after a
/// roster import moved enterprises or changed their employees).
pub(crate) const FILL_PARK_DAY_STATS: &str = "INSERT INTO park_day_stats (park_id, date, reporting, resumed, suspended, employees_on_site, employees_baseline) \
     SELECT e.park_id, r.date, COUNT(*), SUM(CASE WHEN r.status = 'resumed' THEN 1 ELSE 0 END), \
     SUM(CASE WHEN r.status = 'suspended' THEN 1 ELSE 0 END), SUM(r.employees_on_site), SUM(e.employees_baseline) \
     FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id GROUP BY e.park_id, r.date";

/// Sets each enterprise's two latest report dates from its reports (as migration 0006 does).
const FILL_REPORT_DATES: [&str; 2] = [
    "UPDATE enterprises SET last_report_date = \
     COALESCE((SELECT MAX(r.date) FROM daily_reports r WHERE r.enterprise_id = enterprises.id), '')",
    "UPDATE enterprises SET prev_report_date = COALESCE((SELECT MAX(r.date) FROM daily_reports r \
     WHERE r.enterprise_id = enterprises.id AND r.date < enterprises.last_report_date), '')",
];

impl Store {
    /// Whether the database holds any organisation data.
    pub async fn has_data(&self) -> StoreResult<bool> {
        let row = sqlx::query("SELECT COUNT(*) FROM parks").fetch_one(self.pool()).await?;
        Ok(row.try_get::<i64, _>(0)? > 0)
    }

    /// Deletes every row (for `seed --reset` and `--reset-demo`).
    pub async fn wipe(&self) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for t in TABLES_IN_DELETE_ORDER.iter().chain(["meta"].iter()) {
            sqlx::query(&format!("DELETE FROM {t}")).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Loads generated data into an empty database in one transaction.
    pub async fn load_seed(&self, data: &SeedData) -> StoreResult<()> {
        if self.has_data().await? {
            return Err(StoreError::Invalid(
                "the database already has data: seed a new database, or pass --reset to wipe it first".into(),
            ));
        }
        let mut tx = self.begin_write().await?;
        let conn = &mut *tx;
        insert_rows(
            conn,
            "meta",
            &["key", "value"],
            data.meta.iter().map(|(k, v)| vec![Val::S(k.clone()), Val::S(v.clone())]),
        )
        .await?;
        insert_rows(
            conn,
            "cities",
            &["id", "name"],
            data.cities.iter().map(|(i, n)| vec![Val::I(*i), Val::S(n.clone())]),
        )
        .await?;
        insert_rows(
            conn,
            "districts",
            &["id", "city_id", "name"],
            data.districts.iter().map(|d| vec![Val::I(d.id), Val::I(d.city_id), Val::S(d.name.clone())]),
        )
        .await?;
        insert_rows(
            conn,
            "parks",
            &["id", "district_id", "name"],
            data.parks.iter().map(|p| vec![Val::I(p.id), Val::I(p.district_id), Val::S(p.name.clone())]),
        )
        .await?;
        insert_rows(
            conn,
            "departments",
            &["id", "name", "short_name", "aliases"],
            data.departments.iter().map(|d| {
                vec![Val::I(d.id), Val::S(d.name.clone()), Val::S(d.short_name.clone()), Val::S(d.aliases.join("|"))]
            }),
        )
        .await?;
        insert_rows(
            conn,
            "units",
            &["id", "name"],
            data.units.iter().map(|(i, n)| vec![Val::I(*i), Val::S(n.clone())]),
        )
        .await?;
        insert_rows(
            conn,
            "enterprises",
            &[
                "id",
                "park_id",
                "name",
                "class",
                "status",
                "employees_baseline",
                "employees_on_site",
                "updated_at",
                "credit_code",
            ],
            data.enterprises.iter().map(|e| {
                vec![
                    Val::I(e.id),
                    Val::I(e.park_id),
                    Val::S(e.name.clone()),
                    Val::S(e.class.clone()),
                    Val::S(e.status.as_str().into()),
                    Val::I(e.employees_baseline),
                    Val::I(e.employees_on_site),
                    Val::I(e.updated_at),
                    Val::NS(e.credit_code.clone()),
                ]
            }),
        )
        .await?;
        insert_rows(
            conn,
            "officers",
            &["id", "name", "unit_id", "park_id", "active", "search_keys", "phone"],
            data.officers.iter().map(|o| {
                vec![
                    Val::I(o.id),
                    Val::S(o.name.clone()),
                    Val::I(o.unit_id),
                    Val::I(o.park_id),
                    Val::I(o.active as i64),
                    Val::S(crate::matcher::stored_keys(&o.name)),
                    Val::NS(o.phone.clone()),
                ]
            }),
        )
        .await?;
        insert_rows(
            conn,
            "assignments",
            &["officer_id", "enterprise_id"],
            data.assignments.iter().map(|(o, e)| vec![Val::I(*o), Val::I(*e)]),
        )
        .await?;
        insert_rows(
            conn,
            "checkins",
            &["officer_id", "enterprise_id", "date", "at", "recorded_by"],
            data.checkins.iter().map(|c| {
                vec![
                    Val::I(c.officer_id),
                    Val::I(c.enterprise_id),
                    Val::S(day(c.date)),
                    Val::I(c.at),
                    Val::S("seed".into()),
                ]
            }),
        )
        .await?;
        insert_rows(
            conn,
            "daily_reports",
            &[
                "enterprise_id",
                "date",
                "submitted_at",
                "officer_id",
                "status",
                "employees_on_site",
                "notes",
                "recorded_by",
            ],
            data.reports.iter().map(|r| {
                vec![
                    Val::I(r.enterprise_id),
                    Val::S(day(r.date)),
                    Val::I(r.submitted_at),
                    Val::I(r.officer_id),
                    Val::S(r.status.as_str().into()),
                    Val::I(r.employees_on_site),
                    Val::S(r.notes.clone()),
                    Val::S("seed".into()),
                ]
            }),
        )
        .await?;
        insert_rows(
            conn,
            "problems",
            &[
                "id",
                "enterprise_id",
                "park_id",
                "title",
                "description",
                "category",
                "state",
                "level",
                "priority",
                "priority_rank",
                "assignee_kind",
                "assignee_id",
                "raised_by",
                "created_at",
                "updated_at",
                "due_at",
                "resolved_at",
                "version",
                "change_seq",
                "urgency_rank",
            ],
            data.problems.iter().map(|p| {
                vec![
                    Val::I(p.id),
                    Val::I(p.enterprise_id),
                    Val::I(p.park_id),
                    Val::S(p.title.clone()),
                    Val::S(p.description.clone()),
                    Val::S(p.category.clone()),
                    Val::S(p.state.as_str().into()),
                    Val::I(p.level),
                    Val::S(p.priority.as_str().into()),
                    Val::I(p.priority.rank()),
                    Val::S(assignee_kind_str(p.assignee_kind).into()),
                    Val::I(p.assignee_id),
                    Val::I(p.raised_by),
                    Val::I(p.created_at),
                    Val::I(p.updated_at),
                    Val::I(p.due_at),
                    Val::N(p.resolved_at),
                    Val::I(p.version),
                    Val::I(0),
                    Val::I(crate::domain::lifecycle::urgency_rank(p.level, p.priority)),
                ]
            }),
        )
        .await?;
        insert_rows(
            conn,
            "problem_events",
            &["problem_id", "action", "actor", "via", "from_state", "to_state", "payload", "at"],
            data.events.iter().map(|e| {
                vec![
                    Val::I(e.problem_id),
                    Val::S(e.action.as_str().into()),
                    Val::S(e.actor.clone()),
                    Val::S(e.via.clone()),
                    match e.from_state {
                        Some(s) => Val::S(s.as_str().into()),
                        None => Val::S(String::new()),
                    },
                    Val::S(e.to_state.as_str().into()),
                    Val::S(e.payload.clone()),
                    Val::I(e.at),
                ]
            }),
        )
        .await?;
        sqlx::query(FILL_PARK_DAY_STATS).execute(&mut *tx).await?;
        for fill in FILL_REPORT_DATES {
            sqlx::query(fill).execute(&mut *tx).await?;
        }
        super::figures::rebuild_figures(&mut tx, &self.calendar).await?;
        if self.backend() == Backend::Postgres {
            for (table, col) in [
                ("problems", "id"),
                ("problem_events", "seq"),
                ("checkins", "id"),
                ("changes", "seq"),
                ("tokens", "id"),
            ] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{col}'), COALESCE((SELECT MAX({col}) FROM {table}), 0) + 1, false)"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The stored spelling of an assignee kind.
pub fn assignee_kind_str(k: AssigneeKind) -> &'static str {
    match k {
        AssigneeKind::Desk => "desk",
        AssigneeKind::Department => "department",
        AssigneeKind::Officer => "officer",
    }
}

/// Inserts rows in multi-row statements of at most ~30,000 parameters (both engines allow it).
pub async fn insert_rows(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    cols: &[&str],
    rows: impl Iterator<Item = Vec<Val>>,
) -> StoreResult<u64> {
    let per_stmt = (30_000 / cols.len()).max(1);
    // SQLite looks named parameters (`$N`, `?N`) up in a list, linearly, when it parses and when
    // it binds: quadratic in a 30,000-parameter statement. Plain `?` binds by position.
    let positional = conn.backend_name().eq_ignore_ascii_case("sqlite");
    let mut batch: Vec<Vec<Val>> = Vec::with_capacity(per_stmt);
    let mut total = 0;
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(per_stmt));
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
        let mut n = 0;
        for (i, row) in batch.iter().enumerate() {
            if row.len() != cols.len() {
                return Err(StoreError::Corrupt(format!("row of {} values for {} columns", row.len(), cols.len())));
            }
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                if j > 0 {
                    sql.push_str(", ");
                }
                if positional {
                    sql.push('?');
                } else {
                    sql.push_str(&format!("${n}"));
                }
            }
            sql.push(')');
        }
        let q = batch.iter().flatten().fold(sqlx::query(&sql), super::sql::bind_val);
        total += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(total)
}

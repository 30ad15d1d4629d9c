//! The overdue list read from indexes, O(page): each enterprise keeps its two latest report
//! dates (`last_report_date`, `prev_report_date`, '' for none; migration 0006, moved by every
//! report). When no report is dated after the day after the list's date `D` (the dates the
//! list shows by default), an enterprise is overdue on `D` when neither date is `D`, and its
//! streak started on the latest of them before `D`. Four index reads, each in the list's
//! order (streak start, then id), hold every overdue enterprise once:
//!
//! | read | which | streak start | index, order |
//! | --- | --- | --- | --- |
//! | never reported | last = '' | before the first expected day | `enterprises_last_report`, id |
//! | last report before `D` | '' < last < `D` | last | `enterprises_last_report`, (last, id) |
//! | reported only the day after | last = `D`+1, prev = '' | before the first expected day | `enterprises_report_dates`, id |
//! | reported the day after, not on `D` | last = `D`+1, '' < prev < `D` | prev | `enterprises_report_dates`, (prev, id) |
//!
//! Each reads at most a page past the cursor; the page is the first of their merge.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use sqlx::Row;

use super::{OverdueFilter, date_key, key_day, push_scope};
use crate::api::types::NamedRef;
use crate::store::sql::{SqlBuf, encode_cursor};
use crate::store::{Backend, Store, StoreResult, day, parse_day};

/// A page of the list before its people are attached: each overdue enterprise with its park
/// and its last report before the date, the next cursor, and the total when asked for.
pub(super) type Found = (Vec<(NamedRef, NamedRef, Option<NaiveDate>)>, Option<String>, Option<i64>);

/// One of the four reads: its condition (`$D`, `$D1` stand for the date and the day after),
/// the column holding the streak start (`None`: before the first expected day) and its order.
struct Stream {
    condition: &'static str,
    since: Option<&'static str>,
}

const STREAMS: [Stream; 4] = [
    Stream { condition: "e.last_report_date = ''", since: None },
    Stream { condition: "e.last_report_date > '' AND e.last_report_date < $D", since: Some("e.last_report_date") },
    Stream { condition: "e.last_report_date = $D1 AND e.prev_report_date = ''", since: None },
    Stream {
        condition: "e.last_report_date = $D1 AND e.prev_report_date > '' AND e.prev_report_date < $D",
        since: Some("e.prev_report_date"),
    },
];

/// The SQL of each read that can hold rows past the cursor `after` (streak key, id), reading at
/// most `limit + 1` rows, with the streak key of those without a start column.
fn stream_sql(f: &OverdueFilter, date: NaiveDate, floor_key: i64) -> Vec<SqlBuf> {
    let after = f.page.after.as_deref();
    let mut out = Vec::new();
    for s in &STREAMS {
        let mut sql = SqlBuf::new("SELECT e.id, e.name, e.park_id, ");
        sql.push(s.since.unwrap_or("''")).push(" AS since_date FROM enterprises e WHERE ");
        for (i, part) in s.condition.split('$').enumerate() {
            if i == 0 {
                sql.push(part);
            } else if let Some(rest) = part.strip_prefix("D1") {
                sql.str(&day(date + Duration::days(1))).push(rest);
            } else if let Some(rest) = part.strip_prefix('D') {
                sql.str(&day(date)).push(rest);
            }
        }
        push_scope(&mut sql, f);
        match (s.since, after) {
            (_, None) => {}
            (Some(col), Some(a)) => {
                sql.push(" AND (").push(col).push(", e.id) > (").str(&key_day(a[0])).push(", ").int(a[1]).push(")");
            }
            (None, Some(a)) if floor_key > a[0] => {}
            (None, Some(a)) if floor_key == a[0] => {
                sql.push(" AND e.id > ").int(a[1]);
            }
            (None, Some(_)) => continue,
        }
        let order = s.since.map_or("e.id".to_string(), |col| format!("{col}, e.id"));
        sql.push(" ORDER BY ").push(&order).push(" LIMIT ").int(f.page.limit + 1);
        out.push(sql);
    }
    out
}

impl Store {
    /// One page of the list of `date` from the indexes (the caller checked that the two
    /// latest report dates answer it).
    pub(super) async fn overdue_indexed(
        &self,
        f: &OverdueFilter,
        date: NaiveDate,
        first_expected: NaiveDate,
    ) -> StoreResult<Found> {
        let floor_key = date_key(first_expected - Duration::days(1));
        let mut rows: Vec<(i64, i64, String, i64, Option<NaiveDate>)> = Vec::new();
        for sql in stream_sql(f, date, floor_key) {
            for r in sql.query().fetch_all(self.pool()).await? {
                let since: String = r.try_get("since_date")?;
                let last = if since.is_empty() { None } else { Some(parse_day(&since)?) };
                let key = last.map_or(floor_key, date_key);
                rows.push((key, r.try_get("id")?, r.try_get("name")?, r.try_get("park_id")?, last));
            }
        }
        rows.sort_by_key(|r| (r.0, r.1));
        let limit = f.page.limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more { rows.last().map(|r| encode_cursor(&[r.0, r.1])) } else { None };
        let total = if f.page.count_total {
            let mut count = SqlBuf::new("SELECT COUNT(*) FROM enterprises e WHERE e.last_report_date <> ");
            count.str(&day(date)).push(" AND e.prev_report_date <> ").str(&day(date));
            push_scope(&mut count, f);
            Some(count.query().fetch_one(self.pool()).await?.try_get::<i64, _>(0)?)
        } else {
            None
        };
        let parks = self.park_names(rows.iter().map(|r| r.3).collect()).await?;
        let items = rows
            .into_iter()
            .map(|(_, id, name, park, last)| {
                let park = NamedRef { id: park, name: parks.get(&park).cloned().unwrap_or_default() };
                (NamedRef { id, name }, park, last)
            })
            .collect();
        Ok((items, next_cursor, total))
    }

    /// The names of the parks `ids`.
    async fn park_names(&self, mut ids: Vec<i64>) -> StoreResult<HashMap<i64, String>> {
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = SqlBuf::new("SELECT id, name FROM parks WHERE id IN (");
        sql.int_list(&ids).push(")");
        sql.query().fetch_all(self.pool()).await?.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect()
    }

    /// The query plans of the four index reads of one page of the list of `date` (see
    /// [`Store::query_plan`]), to check that each reads an index in the list's order.
    pub async fn overdue_plans(&self, f: &OverdueFilter, date: NaiveDate) -> StoreResult<Vec<Vec<String>>> {
        let first_expected = self.campaign_start().await?.unwrap_or(date).min(date);
        let floor_key = date_key(first_expected - Duration::days(1));
        let mut plans = Vec::new();
        for sql in stream_sql(f, date, floor_key) {
            plans.push(self.query_plan(&sql).await?);
        }
        Ok(plans)
    }

    /// How the database would run `sql`, one line per plan step: SQLite's `EXPLAIN QUERY
    /// PLAN`; PostgreSQL's `EXPLAIN` with sequential scans and sorts made a last resort (as
    /// they are for the planner on a large table), so that even a small database shows
    /// whether an index can serve the query's order.
    pub async fn query_plan(&self, sql: &SqlBuf) -> StoreResult<Vec<String>> {
        let explain = SqlBuf { text: format!("EXPLAIN {}", sql.text), args: sql.args.clone() };
        match self.backend() {
            Backend::Sqlite => {
                let explain = SqlBuf { text: format!("EXPLAIN QUERY PLAN {}", sql.text), args: sql.args.clone() };
                let rows = explain.query().fetch_all(self.pool()).await?;
                rows.iter().map(|r| Ok(r.try_get::<String, _>("detail")?)).collect()
            }
            Backend::Postgres => {
                let mut tx = self.pool().begin().await?;
                sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
                sqlx::query("SET LOCAL enable_sort = off").execute(&mut *tx).await?;
                let rows = explain.query().fetch_all(&mut *tx).await?;
                tx.rollback().await?;
                rows.iter().map(|r| Ok(r.try_get::<String, _>(0)?)).collect()
            }
        }
    }
}

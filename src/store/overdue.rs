//! The overdue daily reports of a date: enterprises with an officer and no report after the
//! deadline, most days in a row first, paged by keyset in SQL like every other list.
//!
//! "Days in a row" is `date − since`, where `since` is the last report before `date`, or the
//! day before the first expected one when there was none. So "most days first" is "earliest
//! `since` first", a key SQL can order by on both engines: `since` as the integer `YYYYMMDD`.
//!
//! The latest dates (what the list shows by default) are read from indexes of each
//! enterprise's two latest report dates, O(page) (`index`); an older date by looking up every
//! enterprise's last report before it.

mod index;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sqlx::Row;

use super::filters::FromQuery;

use super::page::PageRequest;
use super::page::Window;
use super::sql::SqlBuf;
use super::{Store, StoreResult, day, parse_day};
use crate::api::types::{FieldError, OverdueQuery, Scope};
use crate::api::types::{NamedRef, OverdueReport, Page};
use crate::domain::calendar::Calendar;

/// The keyset of the list: the streak's start (`YYYYMMDD`, earliest first), then the id.
const KEYS: [&str; 2] = ["o.since_key", "o.id"];

/// A date as the integer `YYYYMMDD`, ordered like the date.
fn date_key(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The cursor keys of a row, the same values [`KEYS`] computes in SQL.
fn key_values(o: &OverdueReport) -> Vec<i64> {
    vec![date_key(o.date - Duration::days(o.days_in_a_row)), o.enterprise.id]
}

/// The overdue-report list's filter and page (`GET /reports/overdue`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverdueFilter {
    /// The local date; `None` for the latest date whose deadline has passed.
    pub date: Option<NaiveDate>,
    /// Only this park.
    pub park: Option<i64>,
    /// Only enterprises an officer of this unit liaises with.
    pub unit: Option<i64>,
    /// Only enterprises in this city or county (`None` and the province: all).
    pub scope: Option<Scope>,
    /// The page (most days in a row first).
    pub page: PageRequest,
}

impl FromQuery for OverdueFilter {
    type Query = OverdueQuery;

    fn from_query(q: OverdueQuery) -> Result<Self, FieldError> {
        let page = PageRequest::parse_fixed(q.cursor.as_deref(), 2, q.limit, q.total)?;
        let scope = q
            .scope
            .as_deref()
            .map(str::parse::<Scope>)
            .transpose()
            .map_err(|message| FieldError { field: "scope".into(), message })?;
        Ok(Self { date: q.date, park: q.park, unit: q.unit, scope, page })
    }
}

/// Appends the filters every read of the list shares: an officer assigned (a report is
/// expected), the park, the unit, the city or county.
fn push_scope(sql: &mut SqlBuf, f: &OverdueFilter) {
    sql.push(" AND EXISTS (SELECT 1 FROM assignments a WHERE a.enterprise_id = e.id)");
    match f.scope {
        Some(Scope::City(c)) => {
            sql.push(" AND e.park_id IN (SELECT p.id FROM parks p JOIN districts d ON d.id = p.district_id WHERE d.city_id = ")
                .int(c)
                .push(")");
        }
        Some(Scope::County(d)) => {
            sql.push(" AND e.park_id IN (SELECT id FROM parks WHERE district_id = ").int(d).push(")");
        }
        Some(Scope::Province) | None => {}
    }
    if let Some(p) = f.park {
        sql.push(" AND e.park_id = ").int(p);
    }
    if let Some(u) = f.unit {
        sql.push(" AND e.id IN (SELECT a.enterprise_id FROM assignments a JOIN officers o ON o.id = a.officer_id WHERE o.unit_id = ")
            .int(u)
            .push(")");
    }
}

/// The date a cursor's streak key stands for, spelled as stored (`YYYY-MM-DD`).
fn key_day(key: i64) -> String {
    format!("{:04}-{:02}-{:02}", key / 10_000, key / 100 % 100, key % 100)
}

/// How a page of the list is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// From the two latest report dates of each enterprise, by index, when they answer the date.
    Best,
    /// By looking up every enterprise's last report before the date.
    Scan,
}

impl Store {
    /// The latest local date whose report deadline has passed at `now`: today after tonight's
    /// deadline, yesterday before it (what an overdue list without a date shows).
    pub fn latest_past_deadline(&self, now: DateTime<Utc>) -> NaiveDate {
        let today = self.calendar.local_date(now);
        if now > self.calendar.deadline(today) { today } else { today - Duration::days(1) }
    }

    /// One page of the overdue reports of the filter's date (default
    /// [`Self::latest_past_deadline`]) as of `now`, most days in a row first, then by id. For
    /// the latest dates (no report is later than the day after) the page is read from the
    /// indexes of the enterprises' two latest report dates, O(page); for an older date, by
    /// looking up every enterprise's last report.
    pub async fn overdue(&self, f: &OverdueFilter, now: DateTime<Utc>) -> StoreResult<Page<OverdueReport>> {
        self.overdue_read(f, now, Read::Best).await
    }

    /// [`Self::overdue`] always by looking up every enterprise's last report: the reference
    /// the indexed read must agree with.
    pub async fn overdue_by_scan(&self, f: &OverdueFilter, now: DateTime<Utc>) -> StoreResult<Page<OverdueReport>> {
        self.overdue_read(f, now, Read::Scan).await
    }

    async fn overdue_read(
        &self,
        f: &OverdueFilter,
        now: DateTime<Utc>,
        read: Read,
    ) -> StoreResult<Page<OverdueReport>> {
        let date = f.date.unwrap_or_else(|| self.latest_past_deadline(now));
        let deadline = self.calendar.deadline(date);
        if now <= deadline {
            return Ok(Window::empty(&f.page).into_page(Vec::new(), key_values));
        }
        let first_expected = self.campaign_start().await?.unwrap_or(date).min(date);
        let (rows, next_cursor, total) = match read {
            Read::Best if self.report_dates_answer(date).await? => {
                self.overdue_indexed(f, date, first_expected).await?
            }
            _ => self.overdue_scanned(f, date, first_expected).await?,
        };
        let mut items: Vec<OverdueReport> = rows
            .into_iter()
            .map(|(enterprise, park, last)| OverdueReport {
                enterprise,
                park,
                officers: Vec::new(),
                units: Vec::new(),
                date,
                deadline,
                overdue_secs: (now - deadline).num_seconds(),
                days_in_a_row: Calendar::days_in_a_row(date, last, first_expected),
                last_reminded_at: None,
                last_reminded_by: None,
            })
            .collect();
        self.attach_people(&mut items).await?;
        self.attach_last_reminders(&mut items).await?;
        Ok(Page { items, next_cursor, total })
    }

    /// Every enterprise (id and name, by id) the list of the filter's date holds as of `now`,
    /// whatever the page: what a reminder to a park or a unit expands to, so its count is the
    /// list's total. Reads the park's or the unit's enterprises by index, each checked for
    /// the day's report by its primary key.
    pub async fn overdue_enterprises(&self, f: &OverdueFilter, now: DateTime<Utc>) -> StoreResult<Vec<NamedRef>> {
        let date = f.date.unwrap_or_else(|| self.latest_past_deadline(now));
        if now <= self.calendar.deadline(date) {
            return Ok(Vec::new());
        }
        let mut sql = SqlBuf::new(
            "SELECT e.id, e.name FROM enterprises e WHERE NOT EXISTS \
             (SELECT 1 FROM daily_reports r WHERE r.enterprise_id = e.id AND r.date = ",
        );
        sql.str(&day(date)).push(")");
        push_scope(&mut sql, f);
        sql.push(" ORDER BY e.id");
        let rows = sql.query().fetch_all(self.pool()).await?;
        rows.iter().map(|r| Ok(NamedRef { id: r.try_get("id")?, name: r.try_get("name")? })).collect()
    }

    /// Whether the two latest report dates answer `date`: no report is dated after the day
    /// after it (true of the dates the list shows by default; reports are never in the future).
    async fn report_dates_answer(&self, date: NaiveDate) -> StoreResult<bool> {
        let row =
            sqlx::query("SELECT COALESCE(MAX(last_report_date), '') FROM enterprises").fetch_one(self.pool()).await?;
        Ok(row.try_get::<String, _>(0)? <= day(date + Duration::days(1)))
    }

    /// The page by looking up every enterprise's last report before `date`.
    async fn overdue_scanned(
        &self,
        f: &OverdueFilter,
        date: NaiveDate,
        first_expected: NaiveDate,
    ) -> StoreResult<index::Found> {
        let mut sql = SqlBuf::new("SELECT * FROM (SELECT t.*, CAST(REPLACE(COALESCE(t.last_date, ");
        sql.str(&day(first_expected - Duration::days(1)));
        sql.push(
            "), '-', '') AS BIGINT) AS since_key FROM (SELECT e.id, e.name, e.park_id, pk.name AS park_name, \
             (SELECT MAX(r2.date) FROM daily_reports r2 WHERE r2.enterprise_id = e.id AND r2.date < ",
        );
        sql.str(&day(date)).push(
            ") AS last_date FROM enterprises e JOIN parks pk ON pk.id = e.park_id \
             WHERE NOT EXISTS (SELECT 1 FROM daily_reports r WHERE r.enterprise_id = e.id AND r.date = ",
        );
        sql.str(&day(date)).push(")");
        push_scope(&mut sql, f);
        sql.push(") t) o WHERE 1 = 1");
        let window = self.keyset_page(sql, &KEYS, &f.page).await?;
        let mut rows = Vec::with_capacity(window.rows.len());
        for r in &window.rows {
            let last: Option<String> = r.try_get("last_date")?;
            rows.push((
                NamedRef { id: r.try_get("id")?, name: r.try_get("name")? },
                NamedRef { id: r.try_get("park_id")?, name: r.try_get("park_name")? },
                last.as_deref().map(parse_day).transpose()?,
            ));
        }
        let page = window.into_page(rows, |(e, _, last)| {
            vec![last.map_or_else(|| date_key(first_expected - Duration::days(1)), date_key), e.id]
        });
        Ok((page.items, page.next_cursor, page.total))
    }

    /// Fills in each report's responsible officers and their dispatching units.
    async fn attach_people(&self, items: &mut [OverdueReport]) -> StoreResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = items.iter().map(|o| o.enterprise.id).collect();
        let mut q = SqlBuf::new(
            "SELECT a.enterprise_id, o.id, o.name, u.id AS unit_id, u.name AS unit_name FROM assignments a \
             JOIN officers o ON o.id = a.officer_id JOIN units u ON u.id = o.unit_id WHERE a.enterprise_id IN (",
        );
        q.int_list(&ids).push(") ORDER BY a.enterprise_id, o.id");
        let mut people: HashMap<i64, (Vec<NamedRef>, Vec<NamedRef>)> = HashMap::new();
        for r in q.query().fetch_all(self.pool()).await? {
            let entry = people.entry(r.try_get("enterprise_id")?).or_default();
            entry.0.push(NamedRef { id: r.try_get("id")?, name: r.try_get("name")? });
            let unit = NamedRef { id: r.try_get("unit_id")?, name: r.try_get("unit_name")? };
            if !entry.1.contains(&unit) {
                entry.1.push(unit);
            }
        }
        for o in items {
            if let Some((officers, units)) = people.remove(&o.enterprise.id) {
                o.officers = officers;
                o.units = units;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_orders_like_the_streak_start() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(date_key(d("2026-02-09")), 20_260_209);
        assert!(date_key(d("2025-12-31")) < date_key(d("2026-01-01")));
        let report = |days| OverdueReport {
            enterprise: NamedRef { id: 4, name: String::new() },
            park: NamedRef { id: 1, name: String::new() },
            officers: Vec::new(),
            units: Vec::new(),
            date: d("2026-02-15"),
            deadline: DateTime::<Utc>::UNIX_EPOCH,
            overdue_secs: 0,
            days_in_a_row: days,
            last_reminded_at: None,
            last_reminded_by: None,
        };
        // Six days in a row on 02-15: the last report was on 02-09.
        assert_eq!(key_values(&report(6)), vec![20_260_209, 4]);
        assert!(key_values(&report(6)) < key_values(&report(2)), "more days sort first");
    }
}

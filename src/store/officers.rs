//! Officers: the list with today's attendance (`GET /officers`, its typed filter and keyset
//! page; its search is in `officer_search`) and one officer with check-ins and reports.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::filters::{FromQuery, choice, search_text};
use super::organisation::{SELECT_REPORT, named, report_from_row};
use super::page::PageRequest;
use super::sql::SqlBuf;
use super::{Store, StoreResult, day, from_ms, parse_day};
use crate::api::types::{Checkin, NamedRef, Officer, OfficerDetail, OfficerToday, Page};
use crate::api::types::{FieldError, OfficerQuery};
use crate::domain::calendar::{Attendance, Calendar};

/// The officer list's filter and page (`GET /officers`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficerFilter {
    /// Only this park.
    pub park: Option<i64>,
    /// Only this dispatching unit.
    pub unit: Option<i64>,
    /// Only officers with this attendance today.
    pub attendance: Option<Attendance>,
    /// Search text: Chinese, full pinyin or initials of the name, in any reading
    /// ([`crate::matcher::contains`]); the list is then ranked best match first.
    pub text: Option<String>,
    /// The page (by id, or by rank with search text).
    pub page: PageRequest,
}

impl FromQuery for OfficerFilter {
    type Query = OfficerQuery;

    fn from_query(q: OfficerQuery) -> Result<Self, FieldError> {
        let text = search_text(q.q);
        let attendance =
            choice("attendance", q.attendance.as_deref(), Attendance::parse, "present, late, absent, not_yet")?;
        let page = match text {
            None => PageRequest::parse_fixed(q.cursor.as_deref(), 1, q.limit, q.total)?,
            Some(_) => {
                let stale = "not a cursor this server gave out for a search; start without one";
                PageRequest::parse(q.cursor.as_deref(), super::officer_search::RANK_KEYS, q.limit, q.total, stale)?
            }
        };
        Ok(Self { park: q.park, unit: q.unit, attendance, text, page })
    }
}

/// Appends the list's filters but the text (park, unit, scope, today's attendance) to `sql`,
/// a query over `officers o` that ends in a `WHERE` clause.
pub(super) fn push_filters(
    sql: &mut SqlBuf,
    f: &OfficerFilter,
    scope_officer: Option<i64>,
    cal: &Calendar,
    now: DateTime<Utc>,
) {
    let today = cal.local_date(now);
    if let Some(p) = f.park {
        sql.push(" AND o.park_id = ").int(p);
    }
    if let Some(u) = f.unit {
        sql.push(" AND o.unit_id = ").int(u);
    }
    if let Some(o) = scope_officer {
        sql.push(" AND o.id = ").int(o);
    }
    if let Some(att) = f.attendance {
        let first = "(SELECT MIN(c.at) FROM checkins c WHERE c.officer_id = o.id AND c.date = ";
        sql.push(" AND ").push(first).str(&day(today)).push(")");
        let cutoff_ms = super::ms(cal.cutoff(today));
        match att {
            Attendance::Present => sql.push(" <= ").int(cutoff_ms),
            Attendance::Late => sql.push(" > ").int(cutoff_ms),
            Attendance::Absent | Attendance::NotYet => {
                let matches_now = (att == Attendance::Absent) == (now > cal.cutoff(today));
                sql.push(if matches_now { " IS NULL" } else { " IS NULL AND 1 = 0" })
            }
        };
    }
}

impl Store {
    /// Officers with today's attendance; `scope_officer` limits to oneself. With search text,
    /// the officers it finds, best match first ([`Store::search_officers`]); else by id.
    pub async fn officers(
        &self,
        f: &OfficerFilter,
        scope_officer: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<Page<Officer>> {
        if let Some(text) = f.text.as_deref() {
            return self.search_officers(f, text, scope_officer, now).await;
        }
        let mut sql = self.select_officers(now);
        push_filters(&mut sql, f, scope_officer, &self.calendar, now);
        let window = self.keyset_page(sql, &["o.id"], &f.page).await?;
        let items = self.officers_from_rows(&window.rows, now).await?;
        Ok(window.into_page(items, |o| vec![o.id]))
    }

    /// The SELECT of the officer list with today's first check-in and open problems, ending in
    /// a `WHERE` clause (active officers) for the filters to extend.
    pub(super) fn select_officers(&self, now: DateTime<Utc>) -> SqlBuf {
        let today = self.calendar.local_date(now);
        let mut sql = SqlBuf::new(
            "SELECT o.id, o.name, o.phone, o.unit_id, u.name AS unit_name, o.park_id, pk.name AS park_name, \
             (SELECT MIN(c.at) FROM checkins c WHERE c.officer_id = o.id AND c.date = ",
        );
        sql.str(&day(today)).push(
            ") AS first_checkin, (SELECT COUNT(*) FROM problems p WHERE p.assignee_kind = 'officer' AND p.assignee_id = o.id AND p.state <> 'resolved') AS open_problems \
             FROM officers o JOIN units u ON u.id = o.unit_id JOIN parks pk ON pk.id = o.park_id WHERE o.active = 1",
        );
        sql
    }

    /// The officers of rows read by [`Self::select_officers`], in order, with their enterprises.
    pub(super) async fn officers_from_rows(&self, rows: &[AnyRow], now: DateTime<Utc>) -> StoreResult<Vec<Officer>> {
        let today = self.calendar.local_date(now);
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        let mut enterprises = self.enterprises_of_officers(&ids).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let first = r.try_get::<Option<i64>, _>("first_checkin")?.map(from_ms);
            items.push(Officer {
                id,
                name: r.try_get("name")?,
                phone: r.try_get("phone")?,
                unit: named(r, "unit_id", "unit_name")?,
                park: named(r, "park_id", "park_name")?,
                enterprises: enterprises.remove(&id).unwrap_or_default(),
                today: OfficerToday {
                    date: today,
                    first_checkin_at: first,
                    attendance: self.calendar.attendance(today, first, now),
                },
                open_problems: r.try_get("open_problems")?,
            });
        }
        Ok(items)
    }

    async fn enterprises_of_officers(&self, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<NamedRef>>> {
        self.grouped_refs(
            "SELECT a.officer_id, e.id, e.name FROM assignments a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.officer_id IN (",
            "officer_id",
            ids,
            ") ORDER BY a.officer_id, e.id",
        )
        .await
    }

    /// One officer with 14 days of check-ins and reports.
    pub async fn officer(&self, id: i64, now: DateTime<Utc>) -> StoreResult<Option<OfficerDetail>> {
        let f = OfficerFilter { page: PageRequest::first(1), ..Default::default() };
        let page = self.officers(&f, Some(id), now).await?;
        let Some(officer) = page.items.into_iter().next() else { return Ok(None) };
        let since = day(self.calendar.local_date(now) - Duration::days(13));
        let rows = sqlx::query(
            "SELECT c.id, c.officer_id, c.enterprise_id, e.name AS enterprise_name, c.date, c.at FROM checkins c \
             JOIN enterprises e ON e.id = c.enterprise_id WHERE c.officer_id = $1 AND c.date >= $2 ORDER BY c.at DESC",
        )
        .bind(id)
        .bind(&since)
        .fetch_all(self.pool())
        .await?;
        let checkins = rows
            .iter()
            .map(|r| {
                Ok(Checkin {
                    id: r.try_get("id")?,
                    officer_id: r.try_get("officer_id")?,
                    enterprise: named(r, "enterprise_id", "enterprise_name")?,
                    date: parse_day(&r.try_get::<String, _>("date")?)?,
                    at: from_ms(r.try_get("at")?),
                })
            })
            .collect::<StoreResult<_>>()?;
        let rows = sqlx::query(&format!(
            "{SELECT_REPORT} WHERE r.officer_id = $1 AND r.date >= $2 ORDER BY r.date DESC, r.enterprise_id"
        ))
        .bind(id)
        .bind(&since)
        .fetch_all(self.pool())
        .await?;
        let reports = rows.iter().map(|r| report_from_row(r, self)).collect::<StoreResult<_>>()?;
        Ok(Some(OfficerDetail { officer, checkins, reports }))
    }
}

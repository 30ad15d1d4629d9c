//! Enterprises: the list (`GET /enterprises`, its typed filter and keyset page) and one
//! enterprise with its officers, recent reports and problems.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use sqlx::Row;

use super::filters::{FromQuery, choice, search_text};
use super::organisation::{SELECT_REPORT, named, report_from_row};
use super::page::PageRequest;
use super::problems::{ProblemFilter, ProblemSort};
use super::sql::{SqlBuf, like_pattern};
use super::{Store, StoreError, StoreResult, day, parse_day};
use crate::api::types::{Enterprise, EnterpriseDetail, EnterpriseQuery, EnterpriseStatus, FieldError, NamedRef, Page};

/// The enterprise list's filter and page (`GET /enterprises`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    /// Only this park.
    pub park: Option<i64>,
    /// Only this status.
    pub status: Option<EnterpriseStatus>,
    /// Text in the name.
    pub text: Option<String>,
    /// The page (by id).
    pub page: PageRequest,
}

impl FromQuery for EnterpriseFilter {
    type Query = EnterpriseQuery;

    fn from_query(q: EnterpriseQuery) -> Result<Self, FieldError> {
        let status = choice("status", q.status.as_deref(), EnterpriseStatus::parse, "resumed, not_resumed, suspended")?;
        let page = PageRequest::parse_fixed(q.cursor.as_deref(), 1, q.limit, q.total)?;
        Ok(Self { park: q.park, status, text: search_text(q.q), page })
    }
}

impl Store {
    /// Officers (id, name) of each of the given enterprises.
    pub(super) async fn officers_of(&self, enterprise_ids: &[i64]) -> StoreResult<HashMap<i64, Vec<NamedRef>>> {
        self.grouped_refs(
            "SELECT a.enterprise_id, o.id, o.name FROM assignments a JOIN officers o ON o.id = a.officer_id WHERE a.enterprise_id IN (",
            "enterprise_id",
            enterprise_ids,
            ") ORDER BY a.enterprise_id, o.id",
        )
        .await
    }

    /// Enterprises, by id; `scope_officer` limits to one officer's.
    pub async fn enterprises(&self, f: &EnterpriseFilter, scope_officer: Option<i64>) -> StoreResult<Page<Enterprise>> {
        self.list_enterprises(f, scope_officer, None).await
    }

    async fn list_enterprises(
        &self,
        f: &EnterpriseFilter,
        scope_officer: Option<i64>,
        only_id: Option<i64>,
    ) -> StoreResult<Page<Enterprise>> {
        let mut filters = SqlBuf::new(" WHERE 1 = 1");
        if let Some(id) = only_id {
            filters.push(" AND e.id = ").int(id);
        }
        if let Some(p) = f.park {
            filters.push(" AND e.park_id = ").int(p);
        }
        if let Some(st) = f.status {
            filters.push(" AND e.status = ").str(st.as_str());
        }
        if let Some(t) = f.text.as_deref() {
            filters.push(" AND LOWER(e.name) LIKE ").str(&like_pattern(t)).push(" ESCAPE '\\'");
        }
        if let Some(o) = scope_officer {
            filters.push(" AND e.id IN (SELECT enterprise_id FROM assignments WHERE officer_id = ").int(o).push(")");
        }
        let mut sql = SqlBuf::new(
            "SELECT e.id, e.name, e.park_id, pk.name AS park_name, e.class, e.status, e.employees_baseline, e.employees_on_site, \
             (SELECT MAX(r.date) FROM daily_reports r WHERE r.enterprise_id = e.id) AS latest_report_date, \
             (SELECT COUNT(*) FROM problems p WHERE p.enterprise_id = e.id AND p.state <> 'resolved') AS open_problems \
             FROM enterprises e JOIN parks pk ON pk.id = e.park_id",
        );
        sql.push(&filters.text);
        sql.args = filters.args;
        let window = self.keyset_page(sql, &["e.id"], &f.page).await?;
        let rows = &window.rows;
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        let mut officers = self.officers_of(&ids).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let status: String = r.try_get("status")?;
            let latest: Option<String> = r.try_get("latest_report_date")?;
            items.push(Enterprise {
                id,
                name: r.try_get("name")?,
                park: named(r, "park_id", "park_name")?,
                class: r.try_get("class")?,
                status: EnterpriseStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
                employees_baseline: r.try_get("employees_baseline")?,
                employees_on_site: r.try_get("employees_on_site")?,
                officers: officers.remove(&id).unwrap_or_default(),
                latest_report_date: latest.as_deref().map(parse_day).transpose()?,
                open_problems: r.try_get("open_problems")?,
            });
        }
        Ok(window.into_page(items, |e| vec![e.id]))
    }

    /// One enterprise with its recent reports and problems.
    pub async fn enterprise(&self, id: i64, today: NaiveDate) -> StoreResult<Option<EnterpriseDetail>> {
        let f = EnterpriseFilter { page: PageRequest::first(1), ..Default::default() };
        let page = self.list_enterprises(&f, None, Some(id)).await?;
        let Some(enterprise) = page.items.into_iter().next() else { return Ok(None) };
        let since = day(today - Duration::days(13));
        let rows =
            sqlx::query(&format!("{SELECT_REPORT} WHERE r.enterprise_id = $1 AND r.date >= $2 ORDER BY r.date DESC"))
                .bind(id)
                .bind(since)
                .fetch_all(self.pool())
                .await?;
        let recent_reports = rows.iter().map(|r| report_from_row(r, self)).collect::<StoreResult<_>>()?;
        let pf = ProblemFilter {
            enterprise: Some(id),
            sort: ProblemSort::Newest,
            page: PageRequest::first(50),
            ..Default::default()
        };
        let problems = self.problems(&pf, None).await?.items;
        let reminders = self.enterprise_reminders(id).await?;
        Ok(Some(EnterpriseDetail { enterprise, recent_reports, problems, reminders }))
    }
}

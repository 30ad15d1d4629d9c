//! The organisation, enterprises and officers: lists with keyset cursors and detail views.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::filters::{EnterpriseFilter, OfficerFilter, ProblemFilter, ProblemSort};
use super::page::PageRequest;
use super::sql::{SqlBuf, like_pattern};
use super::{Store, StoreError, StoreResult, day, from_ms, parse_day};
use crate::api::types::Enterprise;
use crate::api::types::{
    Checkin, DailyReport, Department, EnterpriseDetail, EnterpriseStatus, NamedRef, Officer, OfficerDetail,
    OfficerToday, Org, Page, Park, ServerSettings,
};
use crate::domain::calendar::Attendance;

fn named(r: &AnyRow, id: &str, name: &str) -> StoreResult<NamedRef> {
    Ok(NamedRef { id: r.try_get(id)?, name: r.try_get(name)? })
}

/// Reads a daily report row (with `officer_name`).
pub(crate) fn report_from_row(r: &AnyRow, store: &Store) -> StoreResult<DailyReport> {
    let date = parse_day(&r.try_get::<String, _>("date")?)?;
    let status: String = r.try_get("status")?;
    let submitted_at = from_ms(r.try_get("submitted_at")?);
    Ok(DailyReport {
        enterprise_id: r.try_get("enterprise_id")?,
        date,
        submitted_at,
        officer: named(r, "officer_id", "officer_name")?,
        status: EnterpriseStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
        employees_on_site: r.try_get("employees_on_site")?,
        notes: r.try_get("notes")?,
        on_time: submitted_at <= store.calendar.deadline(date),
    })
}

/// SELECT of reports with the officer's name.
pub(crate) const SELECT_REPORT: &str = "SELECT r.enterprise_id, r.date, r.submitted_at, r.officer_id, o.name AS officer_name, \
 r.status, r.employees_on_site, r.notes FROM daily_reports r JOIN officers o ON o.id = r.officer_id";

impl Store {
    /// The organisation for `GET /org`: districts, parks, departments and units in id order, with `settings`.
    pub async fn org(&self, settings: ServerSettings) -> StoreResult<Org> {
        let pool = self.pool();
        let districts = sqlx::query("SELECT id, name FROM districts ORDER BY id").fetch_all(pool).await?;
        let parks = sqlx::query("SELECT id, district_id, name FROM parks ORDER BY id").fetch_all(pool).await?;
        let deps =
            sqlx::query("SELECT id, name, short_name, aliases FROM departments ORDER BY id").fetch_all(pool).await?;
        let units = sqlx::query("SELECT id, name FROM units ORDER BY id").fetch_all(pool).await?;
        Ok(Org {
            city: settings.city.clone(),
            districts: districts.iter().map(|r| named(r, "id", "name")).collect::<StoreResult<_>>()?,
            parks: parks
                .iter()
                .map(|r| {
                    Ok(Park { id: r.try_get("id")?, district_id: r.try_get("district_id")?, name: r.try_get("name")? })
                })
                .collect::<StoreResult<_>>()?,
            departments: deps
                .iter()
                .map(|r| {
                    let aliases: String = r.try_get("aliases")?;
                    Ok(Department {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        short_name: r.try_get("short_name")?,
                        aliases: aliases.split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
                    })
                })
                .collect::<StoreResult<_>>()?,
            units: units.iter().map(|r| named(r, "id", "name")).collect::<StoreResult<_>>()?,
            settings,
        })
    }

    /// Named rows grouped by a key: `head` selects `(key, id, name)` and ends with `IN (`;
    /// `ids` fill the list and `tail` closes it (and orders).
    async fn grouped_refs(
        &self,
        head: &str,
        key: &str,
        ids: &[i64],
        tail: &str,
    ) -> StoreResult<HashMap<i64, Vec<NamedRef>>> {
        let mut out: HashMap<i64, Vec<NamedRef>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let mut sql = SqlBuf::new(head);
        sql.int_list(ids).push(tail);
        for r in sql.query().fetch_all(self.pool()).await? {
            out.entry(r.try_get(key)?).or_default().push(named(&r, "id", "name")?);
        }
        Ok(out)
    }

    /// Officers (id, name) of each of the given enterprises.
    async fn officers_of(&self, enterprise_ids: &[i64]) -> StoreResult<HashMap<i64, Vec<NamedRef>>> {
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
        Ok(Some(EnterpriseDetail { enterprise, recent_reports, problems }))
    }

    /// Officers with today's attendance; `scope_officer` limits to oneself.
    pub async fn officers(
        &self,
        f: &OfficerFilter,
        scope_officer: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<Page<Officer>> {
        let today = self.calendar.local_date(now);
        let cutoff_ms = super::ms(self.calendar.cutoff(today));
        let past_cutoff = now > self.calendar.cutoff(today);
        let mut sql = SqlBuf::new(
            "SELECT o.id, o.name, o.unit_id, u.name AS unit_name, o.park_id, pk.name AS park_name, \
             (SELECT MIN(c.at) FROM checkins c WHERE c.officer_id = o.id AND c.date = ",
        );
        sql.str(&day(today)).push(
            ") AS first_checkin, (SELECT COUNT(*) FROM problems p WHERE p.assignee_kind = 'officer' AND p.assignee_id = o.id AND p.state <> 'resolved') AS open_problems \
             FROM officers o JOIN units u ON u.id = o.unit_id JOIN parks pk ON pk.id = o.park_id WHERE o.active = 1",
        );
        if let Some(p) = f.park {
            sql.push(" AND o.park_id = ").int(p);
        }
        if let Some(u) = f.unit {
            sql.push(" AND o.unit_id = ").int(u);
        }
        if let Some(t) = f.text.as_deref() {
            sql.push(" AND LOWER(o.name) LIKE ").str(&like_pattern(t)).push(" ESCAPE '\\'");
        }
        if let Some(o) = scope_officer {
            sql.push(" AND o.id = ").int(o);
        }
        if let Some(att) = f.attendance {
            let first = "(SELECT MIN(c.at) FROM checkins c WHERE c.officer_id = o.id AND c.date = ";
            sql.push(" AND ").push(first).str(&day(today)).push(")");
            match att {
                Attendance::Present => sql.push(" <= ").int(cutoff_ms),
                Attendance::Late => sql.push(" > ").int(cutoff_ms),
                Attendance::Absent | Attendance::NotYet => {
                    let matches_now = (att == Attendance::Absent) == past_cutoff;
                    sql.push(if matches_now { " IS NULL" } else { " IS NULL AND 1 = 0" })
                }
            };
        }
        let window = self.keyset_page(sql, &["o.id"], &f.page).await?;
        let rows = &window.rows;
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        let mut enterprises = self.enterprises_of_officers(&ids).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let first = r.try_get::<Option<i64>, _>("first_checkin")?.map(from_ms);
            items.push(Officer {
                id,
                name: r.try_get("name")?,
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
        Ok(window.into_page(items, |o| vec![o.id]))
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

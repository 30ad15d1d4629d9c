//! The organisation for `GET /org` (cities, districts, parks, departments, units) and the row readers
//! the enterprise and officer reads share: names by id, daily reports with their officer.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::sql::SqlBuf;
use super::{Store, StoreError, StoreResult, from_ms, parse_day};
use crate::api::types::{DailyReport, Department, EnterpriseStatus, NamedRef, Org, ServerSettings};

pub(super) fn named(r: &AnyRow, id: &str, name: &str) -> StoreResult<NamedRef> {
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
    /// The organisation for `GET /org`: the tree (province, cities, districts, parks),
    /// departments and units in id order, with `settings` (whose `city` is the name of the top
    /// of the data).
    pub async fn org(&self, mut settings: ServerSettings) -> StoreResult<Org> {
        let pool = self.pool();
        let tree = self.org_tree().await?;
        settings.city = tree.top_name();
        let deps =
            sqlx::query("SELECT id, name, short_name, aliases FROM departments ORDER BY id").fetch_all(pool).await?;
        let units = sqlx::query("SELECT id, name FROM units ORDER BY id").fetch_all(pool).await?;
        Ok(Org {
            city: settings.city.clone(),
            province: tree.province,
            cities: tree.cities,
            districts: tree.districts,
            parks: tree.parks,
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
    pub(super) async fn grouped_refs(
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
}

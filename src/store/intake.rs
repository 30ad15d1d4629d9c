//! Intake from officers: check-ins and daily reports (the report is idempotent by its natural key).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::figures::{self, ReportFigures};
use super::organisation::{SELECT_REPORT, report_from_row};
use super::{Store, StoreError, StoreResult, day, from_ms, ms};
use crate::api::types::{Checkin, DailyReport, DailyReportBody, EnterpriseStatus, NamedRef};

impl Store {
    /// Whether `officer_id` liaises with `enterprise_id`.
    pub async fn is_assigned(&self, officer_id: i64, enterprise_id: i64) -> StoreResult<bool> {
        let row = sqlx::query("SELECT 1 FROM assignments WHERE officer_id = $1 AND enterprise_id = $2")
            .bind(officer_id)
            .bind(enterprise_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    /// Whether an enterprise exists.
    pub async fn enterprise_exists(&self, id: i64) -> StoreResult<bool> {
        Ok(sqlx::query("SELECT 1 FROM enterprises WHERE id = $1").bind(id).fetch_optional(self.pool()).await?.is_some())
    }

    /// Whether an active officer exists.
    pub async fn officer_exists(&self, id: i64) -> StoreResult<bool> {
        Ok(sqlx::query("SELECT 1 FROM officers WHERE id = $1 AND active = 1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .is_some())
    }

    /// Records a check-in now.
    pub async fn checkin(
        &self,
        officer_id: i64,
        enterprise_id: i64,
        recorded_by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Checkin> {
        let date = self.calendar.local_date(now);
        let mut tx = self.begin_change().await?;
        figures::on_checkin(&mut tx, self.backend(), &self.calendar, officer_id, date, now).await?;
        let id: i64 = sqlx::query(
            "INSERT INTO checkins (officer_id, enterprise_id, date, at, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(officer_id)
        .bind(enterprise_id)
        .bind(day(date))
        .bind(ms(now))
        .bind(recorded_by)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        tx.record("checkin", officer_id, now).await?;
        let name: String = sqlx::query("SELECT name FROM enterprises WHERE id = $1")
            .bind(enterprise_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        tx.produced("checkin", id, 201);
        tx.commit().await?;
        Ok(Checkin { id, officer_id, enterprise: NamedRef { id: enterprise_id, name }, date, at: now })
    }

    /// One check-in by id (to answer a retried check-in whose first answer was lost).
    pub async fn checkin_by_id(&self, id: i64) -> StoreResult<Option<Checkin>> {
        let row = sqlx::query(
            "SELECT c.id, c.officer_id, c.enterprise_id, e.name, c.date, c.at FROM checkins c \
             JOIN enterprises e ON e.id = c.enterprise_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        Ok(Some(Checkin {
            id: r.try_get(0)?,
            officer_id: r.try_get(1)?,
            enterprise: NamedRef { id: r.try_get(2)?, name: r.try_get(3)? },
            date: super::parse_day(&r.try_get::<String, _>(4)?)?,
            at: from_ms(r.try_get(5)?),
        }))
    }

    /// Files (or corrects) the report of `enterprise_id` for `date`; returns it and whether it
    /// was new. A correction keeps the first submission time. The enterprise's current status
    /// follows its latest report.
    pub async fn put_report(
        &self,
        enterprise_id: i64,
        date: NaiveDate,
        officer_id: i64,
        body: &DailyReportBody,
        recorded_by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<(DailyReport, bool)> {
        let mut tx = self.begin_change().await?;
        // The enterprise first (locked on PostgreSQL), so concurrent reports of one enterprise
        // adjust the figures one after the other.
        let ent = figures::enterprise_now(&mut tx, self.backend(), enterprise_id).await?;
        let previous = sqlx::query(
            "SELECT status, employees_on_site, submitted_at FROM daily_reports WHERE enterprise_id = $1 AND date = $2",
        )
        .bind(enterprise_id)
        .bind(day(date))
        .fetch_optional(&mut *tx)
        .await?;
        let existed = previous.is_some();
        let (previous, submitted_at) = match previous {
            Some(r) => {
                let status: String = r.try_get("status")?;
                let status = EnterpriseStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("report status {status:?}")))?;
                let on_site = r.try_get("employees_on_site")?;
                (Some(ReportFigures { status, on_site }), from_ms(r.try_get("submitted_at")?))
            }
            None => (None, now),
        };
        sqlx::query(
            "INSERT INTO daily_reports (enterprise_id, date, submitted_at, officer_id, status, employees_on_site, notes, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (enterprise_id, date) DO UPDATE SET \
             officer_id = excluded.officer_id, status = excluded.status, employees_on_site = excluded.employees_on_site, \
             notes = excluded.notes, recorded_by = excluded.recorded_by",
        )
        .bind(enterprise_id)
        .bind(day(date))
        .bind(ms(now))
        .bind(officer_id)
        .bind(body.status.as_str())
        .bind(body.employees_on_site)
        .bind(&body.notes)
        .bind(recorded_by)
        .execute(&mut *tx)
        .await?;
        // The enterprise's two latest report dates (the overdue list's index), moved by a new date.
        sqlx::query(
            "UPDATE enterprises SET prev_report_date = CASE WHEN $1 > last_report_date THEN last_report_date \
             WHEN $1 < last_report_date AND $1 > prev_report_date THEN $1 ELSE prev_report_date END, \
             last_report_date = CASE WHEN $1 > last_report_date THEN $1 ELSE last_report_date END WHERE id = $2",
        )
        .bind(day(date))
        .bind(enterprise_id)
        .execute(&mut *tx)
        .await?;
        let latest: Option<String> = sqlx::query("SELECT MAX(date) FROM daily_reports WHERE enterprise_id = $1")
            .bind(enterprise_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let becomes_current = latest.as_deref() == Some(day(date).as_str());
        let report = ReportFigures { status: body.status, on_site: body.employees_on_site };
        figures::on_report(
            &mut tx,
            &self.calendar,
            enterprise_id,
            ent,
            date,
            previous,
            report,
            submitted_at,
            becomes_current,
        )
        .await?;
        if becomes_current {
            sqlx::query("UPDATE enterprises SET status = $1, employees_on_site = $2, updated_at = $3 WHERE id = $4")
                .bind(body.status.as_str())
                .bind(body.employees_on_site)
                .bind(ms(now))
                .bind(enterprise_id)
                .execute(&mut *tx)
                .await?;
            tx.record("enterprise", enterprise_id, now).await?;
        }
        tx.record("report", enterprise_id, now).await?;
        let row = sqlx::query(&format!("{SELECT_REPORT} WHERE r.enterprise_id = $1 AND r.date = $2"))
            .bind(enterprise_id)
            .bind(day(date))
            .fetch_one(&mut *tx)
            .await?;
        let report = report_from_row(&row, self)?;
        tx.commit().await?;
        Ok((report, !existed))
    }

    /// The first local date of the campaign (from the seed), if recorded.
    pub async fn campaign_start(&self) -> StoreResult<Option<NaiveDate>> {
        let row =
            sqlx::query("SELECT value FROM meta WHERE key = 'campaign_start'").fetch_optional(self.pool()).await?;
        match row {
            Some(r) => Ok(Some(super::parse_day(&r.try_get::<String, _>(0)?)?)),
            None => Ok(None),
        }
    }

    /// Baseline employees of an enterprise (for validating reports).
    pub async fn baseline(&self, enterprise_id: i64) -> StoreResult<i64> {
        let row = sqlx::query("SELECT employees_baseline FROM enterprises WHERE id = $1")
            .bind(enterprise_id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| r.try_get(0)).transpose()?.ok_or_else(|| StoreError::Corrupt(format!("enterprise {enterprise_id}")))
    }
}

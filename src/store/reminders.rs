//! Reminders (催报): a desk chases the officers of overdue reports. One request is one batch
//! (who, how, for which day, and its answer); each enterprise reminded gets a row per officer,
//! its `last_reminded_at` / `last_reminded_by` (read by the overdue list by primary key) and a
//! `reminder` change, all in one transaction with the request's `Idempotency-Key`. An
//! enterprise reminded less than [`REMIND_AGAIN_AFTER_MINUTES`] ago is not reminded again.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::Row;

use super::filters::FromQuery;
use super::overdue::OverdueFilter;
use super::page::{Order, PageRequest};
use super::sql::SqlBuf;
use super::{Store, StoreError, StoreResult, day, from_ms, ms, parse_day};
use crate::api::types::{
    FieldError, NamedRef, OverdueReport, Page, REMIND_AGAIN_AFTER_MINUTES, RecentReminder, RemindTarget, Reminder,
    ReminderQuery, RemindersSent, Via,
};

/// Ids bound in one `IN (…)` list, well below either engine's limit on parameters.
const CHUNK: usize = 500;

/// The page of `GET /me/reminders` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderFilter {
    /// The page.
    pub page: PageRequest,
}

impl FromQuery for ReminderFilter {
    type Query = ReminderQuery;

    fn from_query(q: ReminderQuery) -> Result<Self, FieldError> {
        Ok(Self { page: PageRequest::parse_fixed(q.cursor.as_deref(), 1, q.limit, q.total)? })
    }
}

/// Who sends a batch of reminders, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// The token's person, recorded as `by`.
    pub actor: String,
    /// The token's id.
    pub token_id: i64,
    /// The client it came through.
    pub via: Via,
}

/// The reads of a reminder with its enterprise, officer and batch.
const SELECT_REMINDER: &str = "SELECT r.id, r.enterprise_id, e.name AS enterprise_name, r.officer_id, \
     o.name AS officer_name, r.date, r.at, b.actor, b.via FROM reminders r \
     JOIN enterprises e ON e.id = r.enterprise_id JOIN officers o ON o.id = r.officer_id \
     JOIN reminder_batches b ON b.id = r.batch_id";

fn reminder_from_row(r: &sqlx::any::AnyRow) -> StoreResult<Reminder> {
    let via: String = r.try_get("via")?;
    Ok(Reminder {
        id: r.try_get("id")?,
        enterprise: NamedRef { id: r.try_get("enterprise_id")?, name: r.try_get("enterprise_name")? },
        officer: NamedRef { id: r.try_get("officer_id")?, name: r.try_get("officer_name")? },
        date: parse_day(&r.try_get::<String, _>("date")?)?,
        at: from_ms(r.try_get("at")?),
        by: r.try_get("actor")?,
        via: if via == "console" { Via::Console } else { Via::Api },
    })
}

impl Store {
    /// The enterprises a target names for `date` as of `now`: named ones as they are (after
    /// checking they exist: `Err` lists the unknown ids), a park's or a unit's those overdue
    /// ([`Store::overdue_enterprises`], the overdue list's rows).
    pub async fn reminder_candidates(
        &self,
        target: &RemindTarget,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<Vec<NamedRef>, Vec<i64>>> {
        let f = |park, unit| OverdueFilter { date: Some(date), park, unit, ..Default::default() };
        let ids = match target {
            RemindTarget::Park(p) => return Ok(Ok(self.overdue_enterprises(&f(Some(*p), None), now).await?)),
            RemindTarget::Unit(u) => return Ok(Ok(self.overdue_enterprises(&f(None, Some(*u)), now).await?)),
            RemindTarget::Enterprises(ids) => ids,
        };
        let mut sql = SqlBuf::new("SELECT id, name FROM enterprises WHERE id IN (");
        sql.int_list(ids).push(")");
        let names: HashMap<i64, String> = sql
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
            .collect::<StoreResult<_>>()?;
        let unknown: Vec<i64> = ids.iter().copied().filter(|id| !names.contains_key(id)).collect();
        if !unknown.is_empty() {
            return Ok(Err(unknown));
        }
        Ok(Ok(ids.iter().map(|&id| NamedRef { id, name: names[&id].clone() }).collect()))
    }

    /// Whether a park (`park`) or a dispatching unit (`unit`) with this id exists.
    pub async fn place_exists(&self, table: PlaceTable, id: i64) -> StoreResult<bool> {
        let sql = match table {
            PlaceTable::Park => "SELECT 1 FROM parks WHERE id = $1",
            PlaceTable::Unit => "SELECT 1 FROM units WHERE id = $1",
        };
        Ok(sqlx::query(sql).bind(id).fetch_optional(self.pool()).await?.is_some())
    }

    /// Reminds the officers of `candidates` for `date`, now: skips those reminded less than
    /// [`REMIND_AGAIN_AFTER_MINUTES`] ago (named in the answer) and those with nothing to chase
    /// (the day's report filed, or no officer); records the batch and its answer, a reminder
    /// per officer, each enterprise's latest reminder and a `reminder` change per enterprise,
    /// in one transaction with the request's key.
    pub async fn remind(
        &self,
        candidates: &[NamedRef],
        date: NaiveDate,
        sender: &Sender,
        now: DateTime<Utc>,
    ) -> StoreResult<RemindersSent> {
        let mut tx = self.begin_change().await?;
        let again_after = ms(now - Duration::minutes(REMIND_AGAIN_AFTER_MINUTES));
        let mut to_remind = Vec::new();
        let mut already_reminded = Vec::new();
        let mut not_overdue = Vec::new();
        for chunk in candidates.chunks(CHUNK) {
            let ids: Vec<i64> = chunk.iter().map(|e| e.id).collect();
            let mut sql = SqlBuf::new("SELECT e.id, e.last_reminded_at, e.last_reminded_by, ");
            sql.push("(SELECT COUNT(*) FROM assignments a WHERE a.enterprise_id = e.id) AS officers, ");
            sql.push("(SELECT COUNT(*) FROM daily_reports r WHERE r.enterprise_id = e.id AND r.date = ");
            sql.str(&day(date)).push(") AS filed FROM enterprises e WHERE e.id IN (").int_list(&ids).push(")");
            let mut state = HashMap::new();
            for r in sql.query().fetch_all(&mut *tx).await? {
                let last: Option<i64> = r.try_get("last_reminded_at")?;
                let by: Option<String> = r.try_get("last_reminded_by")?;
                let open = r.try_get::<i64, _>("officers")? > 0 && r.try_get::<i64, _>("filed")? == 0;
                state.insert(r.try_get::<i64, _>("id")?, (last, by, open));
            }
            for e in chunk {
                match state.remove(&e.id) {
                    Some((_, _, false)) | None => not_overdue.push(e.clone()),
                    Some((Some(at), by, true)) if at > again_after => already_reminded.push(RecentReminder {
                        enterprise: e.clone(),
                        at: from_ms(at),
                        by: by.unwrap_or_default(),
                    }),
                    Some(_) => to_remind.push(e.id),
                }
            }
        }
        let batch_id: i64 = sqlx::query(
            "INSERT INTO reminder_batches (date, actor, token_id, via, at, answer) VALUES ($1, $2, $3, $4, $5, '') RETURNING id",
        )
        .bind(day(date))
        .bind(sender.actor.as_str())
        .bind(sender.token_id)
        .bind(sender.via.as_str())
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let mut officers = 0;
        for ids in to_remind.chunks(CHUNK) {
            let mut insert =
                SqlBuf::new("INSERT INTO reminders (batch_id, enterprise_id, officer_id, date, at) SELECT ");
            insert.int(batch_id).push(", a.enterprise_id, a.officer_id, ").str(&day(date)).push(", ").int(ms(now));
            insert
                .push(" FROM assignments a WHERE a.enterprise_id IN (")
                .int_list(ids)
                .push(") ORDER BY a.enterprise_id, a.officer_id");
            officers += insert.query().execute(&mut *tx).await?.rows_affected() as i64;
            let mut update = SqlBuf::new("UPDATE enterprises SET last_reminded_at = ");
            update.int(ms(now)).push(", last_reminded_by = ").str(&sender.actor).push(" WHERE id IN (");
            update.int_list(ids).push(")");
            update.query().execute(&mut *tx).await?;
            for &id in ids {
                tx.record("reminder", id, now).await?;
            }
        }
        let sent =
            RemindersSent { batch_id, date, reminded: to_remind.len() as i64, officers, already_reminded, not_overdue };
        let answer = serde_json::to_string(&sent).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query("UPDATE reminder_batches SET answer = $1 WHERE id = $2")
            .bind(answer)
            .bind(batch_id)
            .execute(&mut *tx)
            .await?;
        tx.produced("reminders", batch_id, 201);
        tx.commit().await?;
        Ok(sent)
    }

    /// The answer a batch gave (to answer a retry whose first answer was lost).
    pub async fn reminders_sent(&self, batch_id: i64) -> StoreResult<Option<RemindersSent>> {
        let row = sqlx::query("SELECT answer FROM reminder_batches WHERE id = $1")
            .bind(batch_id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            let text: String = r.try_get(0)?;
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("reminder batch {batch_id}: {e}")))
        })
        .transpose()
    }

    /// One page of the reminders `officer_id` received, newest first (index `reminders_officer`).
    pub async fn officer_reminders(&self, officer_id: i64, page: &PageRequest) -> StoreResult<Page<Reminder>> {
        let mut sql = SqlBuf::new(SELECT_REMINDER);
        sql.push(" WHERE r.officer_id = ").int(officer_id);
        let window = self.keyset_page_in(sql, &["r.id"], Order::Descending, page).await?;
        let items = window.rows.iter().map(reminder_from_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(window.into_page(items, |r| vec![r.id]))
    }

    /// The latest 50 reminders of an enterprise's officers, newest first (index
    /// `reminders_enterprise`).
    pub async fn enterprise_reminders(&self, enterprise_id: i64) -> StoreResult<Vec<Reminder>> {
        let rows = sqlx::query(&format!("{SELECT_REMINDER} WHERE r.enterprise_id = $1 ORDER BY r.id DESC LIMIT 50"))
            .bind(enterprise_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(reminder_from_row).collect()
    }

    /// Fills in each overdue row's latest reminder (by the enterprises' primary key).
    pub(super) async fn attach_last_reminders(&self, items: &mut [OverdueReport]) -> StoreResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = items.iter().map(|o| o.enterprise.id).collect();
        let mut sql = SqlBuf::new("SELECT id, last_reminded_at, last_reminded_by FROM enterprises WHERE id IN (");
        sql.int_list(&ids).push(") AND last_reminded_at IS NOT NULL");
        let mut last = HashMap::new();
        for r in sql.query().fetch_all(self.pool()).await? {
            let at: i64 = r.try_get("last_reminded_at")?;
            last.insert(r.try_get::<i64, _>("id")?, (from_ms(at), r.try_get::<Option<String>, _>("last_reminded_by")?));
        }
        for o in items {
            if let Some((at, by)) = last.remove(&o.enterprise.id) {
                o.last_reminded_at = Some(at);
                o.last_reminded_by = by;
            }
        }
        Ok(())
    }
}

/// The places a reminder may name besides enterprises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceTable {
    /// A park.
    Park,
    /// A dispatching unit.
    Unit,
}

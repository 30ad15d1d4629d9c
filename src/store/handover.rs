//! The shift handover of a window `[since, until)` and a scope: the timeline's events of the
//! window (raised, escalated, resolved, reopened, and the asking desk's own), read by range on
//! `problem_events_at` and `problem_events_actor` (migration 0011); the problems past their SLA
//! and those still open at the end (`standing`); return-to-work falls, overdue enterprises,
//! absent officers and the worst units (`people`). Every list is counted in full and returned
//! as its first rows.

mod people;
mod standing;

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::sql::SqlBuf;
use super::{Store, StoreError, StoreResult, from_ms, ms};
use crate::api::types::{Handover, HandoverEvent, HandoverList, NamedRef, Scope, Via};
use crate::domain::lifecycle::Action;

/// What a handover covers: the window, the scope, who asks, and how many rows per list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverWindow {
    /// The window's start (inclusive).
    pub since: DateTime<Utc>,
    /// The window's end (exclusive).
    pub until: DateTime<Utc>,
    /// The scope (`None`: the top of the data).
    pub scope: Option<Scope>,
    /// The asking token's name: the actor of "what this desk did".
    pub desk_name: String,
    /// Rows per list.
    pub limit: i64,
}

/// Appends ` AND <park column> IN (the scope's parks)`, nothing for the province.
pub(super) fn push_scope(sql: &mut SqlBuf, park_column: &str, scope: Scope) {
    match scope {
        Scope::Province => {}
        Scope::City(c) => {
            sql.push(&format!(
                " AND {park_column} IN (SELECT sp.id FROM parks sp JOIN districts sd ON sd.id = sp.district_id WHERE sd.city_id = "
            ))
            .int(c)
            .push(")");
        }
        Scope::County(d) => {
            sql.push(&format!(" AND {park_column} IN (SELECT sp.id FROM parks sp WHERE sp.district_id = "))
                .int(d)
                .push(")");
        }
    }
}

/// Which events of the window a list holds.
#[derive(Debug, Clone, Copy)]
enum Events<'a> {
    /// Events of one action.
    Action(Action),
    /// Every event whose actor is this name.
    Actor(&'a str),
}

/// The events of the window that `which` selects, with the problem joined, in scope.
fn events_sql(select: &str, w: &HandoverWindow, scope: Scope, which: Events<'_>) -> SqlBuf {
    let mut sql = SqlBuf::new(select);
    sql.push(
        " FROM problem_events e JOIN problems p ON p.id = e.problem_id JOIN parks pk ON pk.id = p.park_id \
         WHERE e.at >= ",
    )
    .int(ms(w.since))
    .push(" AND e.at < ")
    .int(ms(w.until));
    match which {
        Events::Action(a) => sql.push(" AND e.action = ").str(a.as_str()),
        Events::Actor(name) => sql.push(" AND e.actor = ").str(name),
    };
    push_scope(&mut sql, "p.park_id", scope);
    sql
}

/// An event row as the handover shows it.
fn event_of(r: &sqlx::any::AnyRow) -> StoreResult<HandoverEvent> {
    let action: String = r.try_get("action")?;
    let via: String = r.try_get("via")?;
    let payload: String = r.try_get("payload")?;
    Ok(HandoverEvent {
        seq: r.try_get("seq")?,
        problem_id: r.try_get("problem_id")?,
        title: r.try_get("title")?,
        park: NamedRef { id: r.try_get("park_id")?, name: r.try_get("park_name")? },
        action: super::problems::stored_action(&action)?,
        actor: r.try_get("actor")?,
        via: Via::parse(&via),
        level: serde_json::from_str::<serde_json::Value>(&payload)
            .ok()
            .and_then(|v| v.get("level").and_then(serde_json::Value::as_i64)),
        at: from_ms(r.try_get("at")?),
    })
}

impl Store {
    /// The handover of `w`: every list counted in full, each returned as its first `w.limit`
    /// rows. A scope that names no place is [`StoreError::Query`] naming `scope`.
    pub async fn handover(&self, w: &HandoverWindow) -> StoreResult<Handover> {
        let tree = self.org_tree().await?;
        let scope = w.scope.unwrap_or_else(|| tree.top());
        let path = tree.path(scope).map_err(StoreError::Query)?;
        let place = path.last().cloned().ok_or_else(|| StoreError::Corrupt("an empty scope path".into()))?;
        let (past_sla, (still_open, still_escalated)) =
            tokio::try_join!(self.past_sla(w, scope), self.standing_at_end(w, scope))?;
        let overdue_date = self.latest_past_deadline(w.until);
        let (rate_falls, overdue, (absent_days, absent), worst_units) = tokio::try_join!(
            self.rate_falls(w, &tree, scope),
            self.handover_overdue(w, scope, overdue_date),
            self.absent_two_days(w, scope),
            self.worst_units(w, scope, overdue_date),
        )?;
        Ok(Handover {
            since: w.since,
            until: w.until,
            time_zone: self.calendar.tz.name().to_string(),
            scope: place,
            desk_name: w.desk_name.clone(),
            raised: self.window_events(w, scope, Events::Action(Action::Raise)).await?,
            escalated: self.window_events(w, scope, Events::Action(Action::Escalate)).await?,
            past_sla,
            resolved: self.window_events(w, scope, Events::Action(Action::Resolve)).await?,
            reopened: self.window_events(w, scope, Events::Action(Action::Reopen)).await?,
            desk: self.window_events(w, scope, Events::Actor(&w.desk_name)).await?,
            still_open,
            still_escalated,
            rate_falls,
            overdue_date,
            overdue,
            absent_days,
            absent,
            worst_units,
        })
    }

    /// The events `which` selects in the window and scope: their count, and the first rows in
    /// time order.
    async fn window_events(
        &self,
        w: &HandoverWindow,
        scope: Scope,
        which: Events<'_>,
    ) -> StoreResult<HandoverList<HandoverEvent>> {
        let count = events_sql("SELECT COUNT(*) AS n", w, scope, which);
        let total: i64 = count.query().fetch_one(self.pool()).await?.try_get("n")?;
        if total == 0 {
            return Ok(HandoverList::default());
        }
        let mut rows = events_sql(
            "SELECT e.seq, e.problem_id, e.action, e.actor, e.via, e.payload, e.at, p.title, p.park_id, \
             pk.name AS park_name",
            w,
            scope,
            which,
        );
        rows.push(" ORDER BY e.at, e.seq LIMIT ").int(w.limit);
        let items = rows.query().fetch_all(self.pool()).await?.iter().map(event_of).collect::<StoreResult<_>>()?;
        Ok(HandoverList { total, items })
    }

    /// The query plan of the window's events of one action ([`Store::query_plan`]), to check
    /// that it reads a range of `problem_events_at`.
    pub async fn handover_events_plan(&self, w: &HandoverWindow, action: Action) -> StoreResult<Vec<String>> {
        let scope = w.scope.unwrap_or(Scope::Province);
        let mut sql = events_sql("SELECT e.seq", w, scope, Events::Action(action));
        sql.push(" ORDER BY e.at, e.seq LIMIT ").int(w.limit);
        self.query_plan(&sql).await
    }
}

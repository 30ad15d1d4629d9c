//! Triage as compare-and-swap: one `UPDATE … WHERE id AND version AND state IN (allowed)`,
//! and a read only to explain a miss (not found, stale version, or the rule broken).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::bulk::Val;
use super::figures;
use super::sql::SqlBuf;
use super::tokens::Principal;
use super::{Store, StoreError, StoreResult, ms};
use crate::api::triage::TriageRequest;
use crate::api::types::{AssigneeKind, Problem, Via};
use crate::domain::lifecycle::{Action, MAX_LEVEL, ProblemState, RuleError, transition};

/// Why a triage write did not apply.
#[derive(Debug, thiserror::Error)]
pub enum TriageError {
    /// No such problem.
    #[error("no problem with id {0}")]
    NotFound(i64),
    /// Someone changed it first: here it is now.
    #[error("the problem changed since version {expected}: it is now version {}", .current.version)]
    Stale {
        /// The version the client saw.
        expected: i64,
        /// The problem as it is now.
        current: Box<Problem>,
    },
    /// The life-cycle rules refuse it.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A field does not name a real thing.
    #[error("{field}: {message}")]
    Invalid {
        /// The body field at fault (`department_id` or `officer_id`).
        field: &'static str,
        /// What to fix.
        message: String,
    },
    /// The store failed while applying the action (a database error).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for TriageError {
    fn from(e: sqlx::Error) -> Self {
        TriageError::Store(e.into())
    }
}

impl Store {
    /// Applies a triage request as compare-and-swap on `version`; on a miss, reads once to say why.
    pub async fn triage(
        &self,
        id: i64,
        expected_version: i64,
        request: &TriageRequest,
        who: &Principal,
        via: Via,
        now: DateTime<Utc>,
    ) -> Result<Problem, TriageError> {
        self.triage_as(id, expected_version, request, (&who.name, Some(who.token_id)), via, now).await
    }

    /// [`Store::triage`] attributed to `actor`: a name and the token it came with (none for
    /// the server's own actions, like the escalation policy's).
    pub(super) async fn triage_as(
        &self,
        id: i64,
        expected_version: i64,
        request: &TriageRequest,
        actor: (&str, Option<i64>),
        via: Via,
        now: DateTime<Utc>,
    ) -> Result<Problem, TriageError> {
        let action = request.action();
        let mut tx = self.begin_change().await?;
        // A comment changes nothing a colleague acts on: no new version, no new updated_at.
        let mut sql = SqlBuf::new("UPDATE problems SET id = id");
        if action != Action::Comment {
            sql.push(", version = version + 1, updated_at = ").int(ms(now));
        }
        let to_state = match action {
            Action::Acknowledge => Some(ProblemState::Acknowledged),
            Action::Escalate | Action::Reassign | Action::Reopen => Some(ProblemState::Open),
            Action::Resolve => Some(ProblemState::Resolved),
            Action::Comment | Action::SetPriority | Action::Raise => None,
        };
        if let Some(s) = to_state {
            sql.push(", state = ").str(s.as_str());
        }
        let mut payload = match request {
            TriageRequest::Escalate { note } => {
                sql.push(", level = level + 1, urgency_rank = urgency_rank - 10, assignee_kind = 'desk', assignee_id = level + 1");
                serde_json::json!({"note": note})
            }
            TriageRequest::Acknowledge { note } => serde_json::json!({"note": note}),
            TriageRequest::Reassign(to) => {
                let (kind, target) = to.kind_and_id();
                let name = self.assignee_name(&mut tx, kind, target).await?;
                let kind_str = super::bulk::assignee_kind_str(kind);
                sql.push(", assignee_kind = ").str(kind_str).push(", assignee_id = ").int(target);
                serde_json::json!({"assignee": {"kind": kind_str, "id": target, "name": name}})
            }
            TriageRequest::Resolve { resolution } => {
                sql.push(", resolved_at = ").int(ms(now));
                serde_json::json!({"resolution": resolution})
            }
            TriageRequest::Reopen { reason } => {
                sql.push(", resolved_at = NULL, due_at = ").int(ms(now)).push(" + (CASE priority WHEN 'urgent' THEN ");
                sql.int(self.sla.urgent * 3_600_000).push(" WHEN 'high' THEN ").int(self.sla.high * 3_600_000);
                sql.push(" ELSE ").int(self.sla.normal * 3_600_000).push(" END)");
                serde_json::json!({"reason": reason})
            }
            TriageRequest::Comment { text } => serde_json::json!({"text": text}),
            TriageRequest::SetPriority { priority: p } => {
                sql.push(", priority = ").str(p.as_str()).push(", priority_rank = ").int(p.rank());
                sql.push(", urgency_rank = (").int(MAX_LEVEL).push(" - level) * 10 + ").int(p.rank());
                // The SLA clock restarts: due = re-prioritised + the new priority's hours.
                sql.push(", due_at = ").int(ms(now) + self.sla.hours(*p) * 3_600_000);
                serde_json::json!({"priority": p.as_str()})
            }
        };
        let seq = tx.record("problem", id, now).await?;
        sql.push(", change_seq = ").int(seq);
        sql.push(" WHERE id = ").int(id).push(" AND version = ").int(expected_version).push(" AND state IN (");
        for (i, s) in action.allowed_from().iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.str(s.as_str());
        }
        sql.push(")");
        if action == Action::Escalate {
            sql.push(" AND level < ").int(MAX_LEVEL);
        }
        sql.push(" RETURNING state, level");
        let before_sql = format!(
            "SELECT park_id, state, level, priority, assignee_kind, assignee_id FROM problems WHERE id = $1{}",
            figures::for_update(self.backend())
        );
        let before = sqlx::query(&before_sql).bind(id).fetch_optional(&mut *tx).await?;
        let updated = sql.query().fetch_optional(&mut *tx).await?;
        let Some(row) = updated else {
            drop(tx);
            return Err(self.why_not(id, expected_version, action).await);
        };
        let from_state =
            before.as_ref().map(|r| r.try_get::<String, _>("state")).transpose()?.and_then(|s| ProblemState::parse(&s));
        let state: String = row.try_get(0)?;
        let level: i64 = row.try_get(1)?;
        if let (Some(b), Some(from)) = (&before, from_state) {
            let to = ProblemState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("state {state:?}")))?;
            let (park, from_level) = (b.try_get("park_id")?, b.try_get("level")?);
            figures::on_problem(&mut tx, park, Some((from, from_level)), (to, level)).await?;
        }
        if action == Action::Escalate {
            payload["level"] = serde_json::json!(level);
        }
        // What a reassign or a priority change replaced, so the timeline says from what.
        if let Some(b) = &before {
            match action {
                Action::Reassign => payload["from"] = self.holder(&mut tx, b).await?,
                Action::SetPriority => payload["from"] = serde_json::json!(b.try_get::<String, _>("priority")?),
                _ => {}
            }
        }
        let to = ProblemState::parse(&state).unwrap_or(ProblemState::Open);
        insert_event(&mut tx, id, action, actor.0, actor.1, via, from_state, to, &payload, now).await?;
        tx.produced("problem", id, 200);
        tx.commit().await?;
        self.problem(id).await?.ok_or(TriageError::NotFound(id))
    }

    /// After a compare-and-swap miss: not found, stale version, or the rule that was broken.
    async fn why_not(&self, id: i64, expected: i64, action: Action) -> TriageError {
        match self.problem(id).await {
            Err(e) => e.into(),
            Ok(None) => TriageError::NotFound(id),
            Ok(Some(p)) if p.version != expected => TriageError::Stale { expected, current: Box::new(p) },
            Ok(Some(p)) => match transition(action, p.state, p.level) {
                Err(rule) => rule.into(),
                Ok(_) => TriageError::Stale { expected, current: Box::new(p) },
            },
        }
    }

    /// The assignee of a problem row read before a write, as a reassign's payload names it
    /// (`{"kind", "id", "name"}`; a desk's id is its level: the name of that desk, or the department's short
    /// name or the officer's name, active or not).
    async fn holder(&self, conn: &mut sqlx::AnyConnection, row: &sqlx::any::AnyRow) -> StoreResult<serde_json::Value> {
        let kind: String = row.try_get("assignee_kind")?;
        let id: i64 = row.try_get("assignee_id")?;
        let sql = match kind.as_str() {
            "department" => "SELECT short_name FROM departments WHERE id = $1",
            "officer" => "SELECT name FROM officers WHERE id = $1",
            _ => {
                let desk = super::problems::DESK_NAMES[id.clamp(0, MAX_LEVEL) as usize];
                return Ok(serde_json::json!({"kind": "desk", "id": id, "name": desk}));
            }
        };
        let name: Option<String> =
            sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?.map(|r| r.try_get(0)).transpose()?;
        Ok(serde_json::json!({"kind": kind, "id": id, "name": name.unwrap_or_default()}))
    }

    async fn assignee_name(
        &self,
        conn: &mut sqlx::AnyConnection,
        kind: AssigneeKind,
        id: i64,
    ) -> Result<String, TriageError> {
        let (sql, field) = match kind {
            AssigneeKind::Department => ("SELECT short_name FROM departments WHERE id = $1", "department_id"),
            AssigneeKind::Officer => ("SELECT name FROM officers WHERE id = $1 AND active = 1", "officer_id"),
            AssigneeKind::Desk => return Ok(String::new()),
        };
        match sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await? {
            Some(r) => Ok(r.try_get(0)?),
            None => {
                Err(TriageError::Invalid { field, message: format!("no {} with id {id}", &field[..field.len() - 3]) })
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    problem_id: i64,
    action: Action,
    actor: &str,
    token_id: Option<i64>,
    via: Via,
    from: Option<ProblemState>,
    to: ProblemState,
    payload: &serde_json::Value,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut sql = SqlBuf::new(
        "INSERT INTO problem_events (problem_id, action, actor, token_id, via, from_state, to_state, payload, at) VALUES (",
    );
    sql.int(problem_id).push(", ").str(action.as_str()).push(", ").str(actor).push(", ");
    sql.bind(Val::N(token_id)).push(", ").str(via.as_str()).push(", ");
    sql.str(from.map(super::super::domain::lifecycle::ProblemState::as_str).unwrap_or(""))
        .push(", ")
        .str(to.as_str())
        .push(", ");
    sql.str(&payload.to_string()).push(", ").int(ms(at)).push(")");
    sql.query().execute(&mut *conn).await?;
    Ok(())
}

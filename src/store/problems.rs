//! Problems: the queue, one problem, its timeline, raising one, and triage as compare-and-swap.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::bulk::Val;
use super::changes::record_change;
use super::sql::{SqlBuf, decode_cursor, encode_cursor, like_pattern, page_size, push_after};
use super::tokens::Principal;
use super::{Store, StoreError, StoreResult, from_ms, ms};
use crate::api::types::{
    Assignee, AssigneeKind, NamedRef, Page, Problem, ProblemQuery, TimelineEvent, Via,
};
use crate::domain::calendar::due_at;
use crate::domain::lifecycle::{Action, MAX_LEVEL, Priority, ProblemState, RuleError, transition};

/// Names of the desks of levels 0, 1 and 2.
pub const DESK_NAMES: [&str; 3] = ["园区服务台", "区县专班", "市指挥中心"];

const SELECT_PROBLEM: &str = "SELECT p.id, p.enterprise_id, e.name AS enterprise_name, p.park_id, pk.name AS park_name, \
 p.title, p.description, p.category, p.state, p.level, p.priority, p.assignee_kind, p.assignee_id, \
 COALESCE(d.short_name, ao.name, '') AS assignee_name, p.raised_by, o.name AS raised_by_name, \
 p.created_at, p.updated_at, p.due_at, p.resolved_at, p.version \
 FROM problems p JOIN enterprises e ON e.id = p.enterprise_id JOIN parks pk ON pk.id = p.park_id \
 JOIN officers o ON o.id = p.raised_by \
 LEFT JOIN departments d ON p.assignee_kind = 'department' AND d.id = p.assignee_id \
 LEFT JOIN officers ao ON p.assignee_kind = 'officer' AND ao.id = p.assignee_id";

/// What a triage request asks for, beyond the action itself.
#[derive(Debug, Clone, PartialEq)]
pub enum TriageInput {
    /// Acknowledge or escalate, with an optional note.
    Note(Option<String>),
    /// Reassign to a department or an officer.
    Reassign(AssigneeKind, i64),
    /// Resolve with a resolution text.
    Resolve(String),
    /// Reopen with a reason.
    Reopen(String),
    /// Comment.
    Comment(String),
    /// New priority.
    Priority(Priority),
}

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
        /// The field.
        field: &'static str,
        /// What to fix.
        message: String,
    },
    /// Database trouble.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for TriageError {
    fn from(e: sqlx::Error) -> Self {
        TriageError::Store(e.into())
    }
}

/// Sort orders of the queue: the SQL key expressions (all ascending) and how to read them back.
fn sort_keys(sort: &str) -> Option<&'static [&'static str]> {
    match sort {
        "urgency" => Some(&["-p.level", "p.priority_rank", "p.due_at", "p.id"]),
        "newest" => Some(&["-p.created_at", "-p.id"]),
        "oldest" => Some(&["p.created_at", "p.id"]),
        _ => None,
    }
}

fn key_values(sort: &str, p: &Problem) -> Vec<i64> {
    match sort {
        "urgency" => vec![-p.level, p.priority.rank(), ms(p.due_at), p.id],
        "newest" => vec![-ms(p.created_at), -p.id],
        _ => vec![ms(p.created_at), p.id],
    }
}

fn problem_from_row(r: &AnyRow) -> StoreResult<Problem> {
    let state: String = r.try_get("state")?;
    let priority: String = r.try_get("priority")?;
    let kind: String = r.try_get("assignee_kind")?;
    let level: i64 = r.try_get("level")?;
    let assignee_id: i64 = r.try_get("assignee_id")?;
    let kind = match kind.as_str() {
        "department" => AssigneeKind::Department,
        "officer" => AssigneeKind::Officer,
        _ => AssigneeKind::Desk,
    };
    let name = match kind {
        AssigneeKind::Desk => DESK_NAMES[assignee_id.clamp(0, MAX_LEVEL) as usize].to_string(),
        _ => r.try_get("assignee_name")?,
    };
    Ok(Problem {
        id: r.try_get("id")?,
        enterprise: NamedRef { id: r.try_get("enterprise_id")?, name: r.try_get("enterprise_name")? },
        park: NamedRef { id: r.try_get("park_id")?, name: r.try_get("park_name")? },
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        category: r.try_get("category")?,
        state: ProblemState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("state {state:?}")))?,
        level,
        priority: Priority::parse(&priority).ok_or_else(|| StoreError::Corrupt(format!("priority {priority:?}")))?,
        assignee: Assignee { kind, id: assignee_id, name },
        raised_by: NamedRef { id: r.try_get("raised_by")?, name: r.try_get("raised_by_name")? },
        created_at: from_ms(r.try_get("created_at")?),
        updated_at: from_ms(r.try_get("updated_at")?),
        due_at: from_ms(r.try_get("due_at")?),
        resolved_at: r.try_get::<Option<i64>, _>("resolved_at")?.map(from_ms),
        version: r.try_get("version")?,
    })
}

/// Appends the queue's filters (everything but the cursor) to `sql`.
fn push_filters(sql: &mut SqlBuf, q: &ProblemQuery, scope_officer: Option<i64>) -> Result<(), (&'static str, String)> {
    if let Some(park) = q.park {
        sql.push(" AND p.park_id = ").int(park);
    }
    if let Some(e) = q.enterprise {
        sql.push(" AND p.enterprise_id = ").int(e);
    }
    match q.state.as_deref() {
        None => {}
        Some("unresolved") => {
            sql.push(" AND p.state <> 'resolved'");
        }
        Some(s) => {
            let state = ProblemState::parse(s)
                .ok_or(("state", format!("{s:?} is not one of open, acknowledged, resolved, unresolved")))?;
            sql.push(" AND p.state = ").str(state.as_str());
        }
    }
    if let Some(level) = q.level {
        if !(0..=MAX_LEVEL).contains(&level) {
            return Err(("level", format!("{level} is not a level (0 park, 1 district, 2 city)")));
        }
        sql.push(" AND p.level >= ").int(level);
    }
    if let Some(p) = q.priority.as_deref() {
        let p = Priority::parse(p).ok_or(("priority", format!("{p:?} is not one of urgent, high, normal")))?;
        sql.push(" AND p.priority = ").str(p.as_str());
    }
    if let Some(a) = q.assignee.as_deref() {
        let bad = || ("assignee", format!("{a:?} is not department:ID, officer:ID or desk"));
        match a.split_once(':') {
            None if a == "desk" => {
                sql.push(" AND p.assignee_kind = 'desk'");
            }
            Some((kind @ ("department" | "officer"), id)) => {
                let id: i64 = id.parse().map_err(|_| bad())?;
                sql.push(" AND p.assignee_kind = ").str(kind).push(" AND p.assignee_id = ").int(id);
            }
            _ => return Err(bad()),
        }
    }
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        let pat = like_pattern(text.trim());
        sql.push(" AND (LOWER(p.title) LIKE ").str(&pat).push(" ESCAPE '\\' OR LOWER(e.name) LIKE ").str(&pat).push(" ESCAPE '\\')");
    }
    if let Some(since) = q.since {
        sql.push(" AND p.change_seq > ").int(since);
    }
    if let Some(officer) = scope_officer {
        sql.push(" AND p.enterprise_id IN (SELECT enterprise_id FROM assignments WHERE officer_id = ").int(officer).push(")");
    }
    Ok(())
}

impl Store {
    /// One problem.
    pub async fn problem(&self, id: i64) -> StoreResult<Option<Problem>> {
        let mut sql = SqlBuf::new(SELECT_PROBLEM);
        sql.push(" WHERE p.id = ").int(id);
        let row = sql.query().fetch_optional(self.pool()).await?;
        row.as_ref().map(problem_from_row).transpose()
    }

    /// The queue, filtered and paged; `scope_officer` limits it to one officer's enterprises.
    /// Errors name the query field at fault.
    pub async fn problems(&self, q: &ProblemQuery, scope_officer: Option<i64>) -> StoreResult<Result<Page<Problem>, (&'static str, String)>> {
        let sort = q.sort.as_deref().unwrap_or("urgency");
        let Some(keys) = sort_keys(sort) else {
            return Ok(Err(("sort", format!("{sort:?} is not one of urgency, newest, oldest"))));
        };
        let limit = page_size(q.limit);
        let mut sql = SqlBuf::new(SELECT_PROBLEM);
        sql.push(" WHERE 1 = 1");
        if let Err(e) = push_filters(&mut sql, q, scope_officer) {
            return Ok(Err(e));
        }
        let total = if q.total == Some(true) {
            let mut count = SqlBuf::new("SELECT COUNT(*) FROM problems p JOIN enterprises e ON e.id = p.enterprise_id WHERE 1 = 1");
            let _ = push_filters(&mut count, q, scope_officer);
            Some(count.query().fetch_one(self.pool()).await?.try_get::<i64, _>(0)?)
        } else {
            None
        };
        if let Some(c) = q.cursor.as_deref() {
            let Some(after) = decode_cursor(c, keys.len()) else {
                return Ok(Err(("cursor", "not a cursor this server gave out for this sort; start without one".into())));
            };
            push_after(&mut sql, keys, &after);
        }
        sql.push(" ORDER BY ").push(&keys.join(", ")).push(" LIMIT ").int(limit + 1);
        let rows = sql.query().fetch_all(self.pool()).await?;
        let mut items = rows.iter().map(problem_from_row).collect::<StoreResult<Vec<_>>>()?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|p| encode_cursor(&key_values(sort, p)))
        } else {
            None
        };
        Ok(Ok(Page { items, next_cursor, total }))
    }

    /// A problem's timeline, oldest first.
    pub async fn timeline(&self, id: i64) -> StoreResult<Vec<TimelineEvent>> {
        let rows = sqlx::query(
            "SELECT seq, problem_id, action, actor, via, from_state, to_state, payload, at FROM problem_events WHERE problem_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let action: String = r.try_get("action")?;
                let via: String = r.try_get("via")?;
                let from: Option<String> = r.try_get("from_state")?;
                let to: String = r.try_get("to_state")?;
                let payload: String = r.try_get("payload")?;
                Ok(TimelineEvent {
                    seq: r.try_get("seq")?,
                    problem_id: r.try_get("problem_id")?,
                    action: serde_json::from_value(serde_json::Value::String(action.clone()))
                        .map_err(|_| StoreError::Corrupt(format!("action {action:?}")))?,
                    actor: r.try_get("actor")?,
                    via: match via.as_str() {
                        "console" => Via::Console,
                        "system" => Via::System,
                        _ => Via::Api,
                    },
                    from_state: from.as_deref().and_then(ProblemState::parse),
                    to_state: ProblemState::parse(&to).ok_or_else(|| StoreError::Corrupt(format!("state {to:?}")))?,
                    payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                    at: from_ms(r.try_get("at")?),
                })
            })
            .collect()
    }

    /// Raises a problem for `officer_id` at `enterprise_id` (both checked by the caller).
    #[allow(clippy::too_many_arguments)]
    pub async fn raise_problem(
        &self,
        enterprise_id: i64,
        officer_id: i64,
        title: &str,
        description: &str,
        category: &str,
        priority: Priority,
        actor: &str,
        via: Via,
        now: DateTime<Utc>,
    ) -> StoreResult<Problem> {
        let mut tx = self.begin_write().await?;
        let park: i64 = sqlx::query("SELECT park_id FROM enterprises WHERE id = $1")
            .bind(enterprise_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let seq = record_change(&mut tx, "problem", 0, now).await?;
        let due = due_at(now, priority, &self.sla);
        let id: i64 = sqlx::query(
            "INSERT INTO problems (enterprise_id, park_id, title, description, category, state, level, priority, priority_rank, \
             assignee_kind, assignee_id, raised_by, created_at, updated_at, due_at, resolved_at, version, change_seq) \
             VALUES ($1, $2, $3, $4, $5, 'open', 0, $6, $7, 'desk', 0, $8, $9, $9, $10, NULL, 1, $11) RETURNING id",
        )
        .bind(enterprise_id)
        .bind(park)
        .bind(title)
        .bind(description)
        .bind(category)
        .bind(priority.as_str())
        .bind(priority.rank())
        .bind(officer_id)
        .bind(ms(now))
        .bind(ms(due))
        .bind(seq)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query("UPDATE changes SET entity_id = $1 WHERE seq = $2").bind(id).bind(seq).execute(&mut *tx).await?;
        let payload = serde_json::json!({"title": title, "category": category, "priority": priority.as_str()});
        insert_event(&mut tx, id, Action::Raise, actor, None, via, None, ProblemState::Open, &payload, now).await?;
        tx.commit().await?;
        self.problem(id).await?.ok_or_else(|| StoreError::Corrupt(format!("problem {id} vanished")))
    }

    /// Applies a triage action as compare-and-swap on `version`; on a miss, reads once to say why.
    pub async fn triage(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        input: TriageInput,
        who: &Principal,
        via: Via,
        now: DateTime<Utc>,
    ) -> Result<Problem, TriageError> {
        let mut tx = self.begin_write().await?;
        let mut payload = serde_json::json!({});
        let mut sql = SqlBuf::new("UPDATE problems SET updated_at = ");
        sql.int(ms(now));
        let to_state = match action {
            Action::Acknowledge => Some(ProblemState::Acknowledged),
            Action::Escalate | Action::Reassign | Action::Reopen => Some(ProblemState::Open),
            Action::Resolve => Some(ProblemState::Resolved),
            Action::Comment | Action::SetPriority | Action::Raise => None,
        };
        if let Some(s) = to_state {
            sql.push(", state = ").str(s.as_str());
        }
        match (&action, &input) {
            (Action::Escalate, TriageInput::Note(note)) => {
                sql.push(", level = level + 1, assignee_kind = 'desk', assignee_id = level + 1");
                payload = serde_json::json!({"note": note});
            }
            (Action::Acknowledge, TriageInput::Note(note)) => payload = serde_json::json!({"note": note}),
            (Action::Reassign, TriageInput::Reassign(kind, target)) => {
                let name = self.assignee_name(&mut tx, *kind, *target).await?;
                let kind_str = super::bulk::assignee_kind_str(*kind);
                sql.push(", assignee_kind = ").str(kind_str).push(", assignee_id = ").int(*target);
                payload = serde_json::json!({"assignee": {"kind": kind_str, "id": target, "name": name}});
            }
            (Action::Resolve, TriageInput::Resolve(text)) => {
                sql.push(", resolved_at = ").int(ms(now));
                payload = serde_json::json!({"resolution": text});
            }
            (Action::Reopen, TriageInput::Reopen(reason)) => {
                sql.push(", resolved_at = NULL, due_at = ").int(ms(now)).push(" + (CASE priority WHEN 'urgent' THEN ");
                sql.int(self.sla.urgent * 3_600_000).push(" WHEN 'high' THEN ").int(self.sla.high * 3_600_000);
                sql.push(" ELSE ").int(self.sla.normal * 3_600_000).push(" END)");
                payload = serde_json::json!({"reason": reason});
            }
            (Action::Comment, TriageInput::Comment(text)) => payload = serde_json::json!({"text": text}),
            (Action::SetPriority, TriageInput::Priority(p)) => {
                sql.push(", priority = ").str(p.as_str()).push(", priority_rank = ").int(p.rank());
                sql.push(", due_at = created_at + ").int(self.sla.hours(*p) * 3_600_000);
                payload = serde_json::json!({"priority": p.as_str()});
            }
            _ => {
                return Err(TriageError::Invalid { field: "action", message: "this action does not take that input".into() });
            }
        }
        let seq = record_change(&mut tx, "problem", id, now).await?;
        // A comment leaves the problem's version alone: it changes no state a colleague acts on.
        if action != Action::Comment {
            sql.push(", version = version + 1");
        }
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
        let before = sqlx::query("SELECT state FROM problems WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let updated = sql.query().fetch_optional(&mut *tx).await?;
        let Some(row) = updated else {
            drop(tx);
            return Err(self.why_not(id, expected_version, action).await);
        };
        let from_state = before
            .map(|r| r.try_get::<String, _>(0))
            .transpose()?
            .and_then(|s| ProblemState::parse(&s));
        let state: String = row.try_get(0)?;
        let level: i64 = row.try_get(1)?;
        if action == Action::Escalate {
            payload["level"] = serde_json::json!(level);
        }
        let to = ProblemState::parse(&state).unwrap_or(ProblemState::Open);
        insert_event(&mut tx, id, action, &who.name, Some(who.token_id), via, from_state, to, &payload, now).await?;
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

    async fn assignee_name(&self, conn: &mut sqlx::AnyConnection, kind: AssigneeKind, id: i64) -> Result<String, TriageError> {
        let (sql, field) = match kind {
            AssigneeKind::Department => ("SELECT short_name FROM departments WHERE id = $1", "department_id"),
            AssigneeKind::Officer => ("SELECT name FROM officers WHERE id = $1 AND active = 1", "officer_id"),
            AssigneeKind::Desk => return Ok(String::new()),
        };
        match sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await? {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(TriageError::Invalid { field, message: format!("no {} with id {id}", &field[..field.len() - 3]) }),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_event(
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
    sql.str(from.map(|s| s.as_str()).unwrap_or("")).push(", ").str(to.as_str()).push(", ");
    sql.str(&payload.to_string()).push(", ").int(ms(at)).push(")");
    sql.query().execute(&mut *conn).await?;
    Ok(())
}

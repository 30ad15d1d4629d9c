//! Problems: the queue, one problem, its timeline, raising one, and triage as compare-and-swap.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::filters::{FromQuery, choice, fault, search_text};
use super::page::{Order, PageRequest};
use super::sql::{SqlBuf, like_pattern};
use super::triage::insert_event;
use super::{Store, StoreError, StoreResult, from_ms, ms};
use crate::api::types::{Assignee, AssigneeKind, NamedRef, Page, Problem, TimelineEvent, Via};
use crate::api::types::{FieldError, ProblemQuery};
use crate::domain::calendar::due_at;
use crate::domain::lifecycle::{Action, MAX_LEVEL, Priority, ProblemState, urgency_rank};

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

/// A timeline event's action as stored (its wire spelling), or why the row is corrupt.
pub(super) fn stored_action(action: &str) -> StoreResult<Action> {
    serde_json::from_value(serde_json::Value::String(action.to_string()))
        .map_err(|_| StoreError::Corrupt(format!("action {action:?}")))
}

/// The SQL key columns of a sort order and their direction, in the order of [`key_values`]:
/// the columns of an index (`problems_urgency`, `problems_created` and their unresolved
/// halves, migration 0006), so a page is read from the index in order.
fn sort_keys(sort: ProblemSort) -> (&'static [&'static str], Order) {
    match sort {
        ProblemSort::Urgency => (&["p.urgency_rank", "p.due_at", "p.id"], Order::Ascending),
        ProblemSort::Newest => (&["p.created_at", "p.id"], Order::Descending),
        ProblemSort::Oldest => (&["p.created_at", "p.id"], Order::Ascending),
        ProblemSort::Due => (&["p.due_at", "p.id"], Order::Ascending),
    }
}

/// The sort keys of a problem, as a cursor carries them.
fn key_values(sort: ProblemSort, p: &Problem) -> Vec<i64> {
    match sort {
        ProblemSort::Urgency => vec![urgency_rank(p.level, p.priority), ms(p.due_at), p.id],
        ProblemSort::Newest | ProblemSort::Oldest => vec![ms(p.created_at), p.id],
        ProblemSort::Due => vec![ms(p.due_at), p.id],
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

/// The queue's SELECT with its filters (everything but the page).
fn queue_sql(f: &ProblemFilter, scope_officer: Option<i64>) -> SqlBuf {
    let mut sql = SqlBuf::new(SELECT_PROBLEM);
    sql.push(" WHERE 1 = 1");
    push_filters(&mut sql, f, scope_officer);
    sql
}

/// Appends the queue's filters (everything but the page) to `sql`.
fn push_filters(sql: &mut SqlBuf, f: &ProblemFilter, scope_officer: Option<i64>) {
    if let Some(park) = f.park {
        sql.push(" AND p.park_id = ").int(park);
    }
    if let Some(e) = f.enterprise {
        sql.push(" AND p.enterprise_id = ").int(e);
    }
    match f.state {
        None => {}
        Some(StateFilter::Unresolved) => {
            sql.push(" AND p.state <> 'resolved'");
        }
        Some(StateFilter::Is(state)) => {
            sql.push(" AND p.state = ").str(state.as_str());
        }
    }
    if let Some(level) = f.min_level {
        sql.push(" AND p.level >= ").int(level);
    }
    if let Some(p) = f.priority {
        sql.push(" AND p.priority = ").str(p.as_str());
    }
    match f.assignee {
        None => {}
        Some(AssigneeFilter::Desk) => {
            sql.push(" AND p.assignee_kind = 'desk'");
        }
        Some(AssigneeFilter::Department(id)) => {
            sql.push(" AND p.assignee_kind = 'department' AND p.assignee_id = ").int(id);
        }
        Some(AssigneeFilter::Officer(id)) => {
            sql.push(" AND p.assignee_kind = 'officer' AND p.assignee_id = ").int(id);
        }
    }
    if let Some(text) = f.text.as_deref() {
        let pat = like_pattern(text);
        sql.push(" AND (LOWER(p.title) LIKE ")
            .str(&pat)
            .push(" ESCAPE '\\' OR LOWER(e.name) LIKE ")
            .str(&pat)
            .push(" ESCAPE '\\')");
    }
    if let Some(since) = f.changed_after {
        sql.push(" AND p.change_seq > ").int(since);
    }
    if let Some(after) = f.due_after {
        sql.push(" AND p.due_at > ").int(after);
    }
    if let Some(officer) = scope_officer {
        sql.push(" AND p.enterprise_id IN (SELECT enterprise_id FROM assignments WHERE officer_id = ")
            .int(officer)
            .push(")");
    }
}

/// Sort orders of the problem queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProblemSort {
    /// Highest level first, then most urgent priority, then soonest due.
    #[default]
    Urgency,
    /// Most recently raised first.
    Newest,
    /// Oldest raised first.
    Oldest,
    /// Soonest SLA deadline first (a console's watch on deadlines about to pass).
    Due,
}

/// Which states the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// Exactly this state.
    Is(ProblemState),
    /// Open or acknowledged.
    Unresolved,
}

/// Whose problems the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// Those at the desk of their level.
    Desk,
    /// Those a department owns.
    Department(i64),
    /// Those an officer owns.
    Officer(i64),
}

/// The problem queue's filter, sort and page (`GET /problems`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProblemFilter {
    /// Only this park.
    pub park: Option<i64>,
    /// Only this enterprise.
    pub enterprise: Option<i64>,
    /// Only these states.
    pub state: Option<StateFilter>,
    /// Only at this level or above.
    pub min_level: Option<i64>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only this owner.
    pub assignee: Option<AssigneeFilter>,
    /// Text in the title or the enterprise's name.
    pub text: Option<String>,
    /// Only problems changed after this change sequence.
    pub changed_after: Option<i64>,
    /// Only problems due after this instant (Unix ms).
    pub due_after: Option<i64>,
    /// The order of the queue (urgency by default); a cursor is only valid for the sort it came from.
    pub sort: ProblemSort,
    /// Where the page starts (the cursor), its size and whether to count the total.
    pub page: PageRequest,
}

impl FromQuery for ProblemFilter {
    type Query = ProblemQuery;

    fn from_query(q: ProblemQuery) -> Result<Self, FieldError> {
        let sort = match q.sort.as_deref().unwrap_or("urgency") {
            "urgency" => ProblemSort::Urgency,
            "newest" => ProblemSort::Newest,
            "oldest" => ProblemSort::Oldest,
            "due" => ProblemSort::Due,
            other => return Err(fault("sort", format!("{other:?} is not one of urgency, newest, oldest, due"))),
        };
        let state = match q.state.as_deref() {
            None => None,
            Some("unresolved") => Some(StateFilter::Unresolved),
            Some(s) => Some(StateFilter::Is(ProblemState::parse(s).ok_or_else(|| {
                fault("state", format!("{s:?} is not one of open, acknowledged, resolved, unresolved"))
            })?)),
        };
        if let Some(level) = q.level
            && !(0..=MAX_LEVEL).contains(&level)
        {
            return Err(fault("level", format!("{level} is not a level (0 park, 1 district, 2 city)")));
        }
        let priority = choice("priority", q.priority.as_deref(), Priority::parse, "urgent, high, normal")?;
        let assignee = match q.assignee.as_deref() {
            None => None,
            Some(a) => {
                let bad = || fault("assignee", format!("{a:?} is not department:ID, officer:ID or desk"));
                Some(match a.split_once(':') {
                    None if a == "desk" => AssigneeFilter::Desk,
                    Some(("department", id)) => AssigneeFilter::Department(id.parse().map_err(|_| bad())?),
                    Some(("officer", id)) => AssigneeFilter::Officer(id.parse().map_err(|_| bad())?),
                    _ => return Err(bad()),
                })
            }
        };
        let keys = sort.key_count();
        let stale = "not a cursor this server gave out for this sort; start without one";
        let page = PageRequest::parse(q.cursor.as_deref(), keys, q.limit, q.total, stale)?;
        // Before the index, a newest-first cursor carried negated keys: not one of ours now.
        if page.after.as_ref().is_some_and(|a| a.iter().any(|k| *k < 0)) {
            return Err(fault("cursor", stale.to_string()));
        }
        Ok(Self {
            park: q.park,
            enterprise: q.enterprise,
            state,
            min_level: q.level,
            priority,
            assignee,
            text: search_text(q.q),
            changed_after: q.since,
            due_after: match q.due_after.as_deref() {
                None => None,
                Some(t) => Some(ms(t.parse::<DateTime<Utc>>().map_err(|_| {
                    fault("due_after", format!("{t:?} is not an RFC 3339 instant like 2026-02-16T10:00:00Z"))
                })?)),
            },
            sort,
            page,
        })
    }
}

impl ProblemSort {
    /// How many keys a cursor of this order carries.
    pub fn key_count(self) -> usize {
        match self {
            Self::Urgency => 3,
            Self::Newest | Self::Oldest | Self::Due => 2,
        }
    }
}

impl Store {
    /// The problem with id `id`, with its enterprise, park, assignee and raiser names; `None` if there is none.
    pub async fn problem(&self, id: i64) -> StoreResult<Option<Problem>> {
        let mut sql = SqlBuf::new(SELECT_PROBLEM);
        sql.push(" WHERE p.id = ").int(id);
        let row = sql.query().fetch_optional(self.pool()).await?;
        row.as_ref().map(problem_from_row).transpose()
    }

    /// The queue, filtered and paged; `scope_officer` limits it to one officer's enterprises.
    pub async fn problems(&self, f: &ProblemFilter, scope_officer: Option<i64>) -> StoreResult<Page<Problem>> {
        let (keys, order) = sort_keys(f.sort);
        let window = self.keyset_page_in(queue_sql(f, scope_officer), keys, order, &f.page).await?;
        let items = window.rows.iter().map(problem_from_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(window.into_page(items, |p| key_values(f.sort, p)))
    }

    /// The query plan of one page of the queue ([`Store::query_plan`]), to check that it
    /// reads an index in the sort's order.
    pub async fn problems_plan(&self, f: &ProblemFilter, scope_officer: Option<i64>) -> StoreResult<Vec<String>> {
        let (keys, order) = sort_keys(f.sort);
        self.query_plan(&super::page::page_sql(queue_sql(f, scope_officer), keys, order, &f.page)).await
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
                    action: stored_action(&action)?,
                    actor: r.try_get("actor")?,
                    via: Via::parse(&via),
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
        let mut tx = self.begin_change().await?;
        let park: i64 = sqlx::query("SELECT park_id FROM enterprises WHERE id = $1")
            .bind(enterprise_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let seq = tx.record("problem", 0, now).await?;
        let due = due_at(now, priority, &self.sla);
        let id: i64 = sqlx::query(
            "INSERT INTO problems (enterprise_id, park_id, title, description, category, state, level, priority, priority_rank, \
             assignee_kind, assignee_id, raised_by, created_at, updated_at, due_at, resolved_at, version, change_seq, urgency_rank) \
             VALUES ($1, $2, $3, $4, $5, 'open', 0, $6, $7, 'desk', 0, $8, $9, $9, $10, NULL, 1, $11, $12) RETURNING id",
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
        .bind(urgency_rank(0, priority))
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query("UPDATE changes SET entity_id = $1 WHERE seq = $2").bind(id).bind(seq).execute(&mut *tx).await?;
        super::figures::on_problem(&mut tx, park, None, (ProblemState::Open, 0)).await?;
        let payload = serde_json::json!({"title": title, "category": category, "priority": priority.as_str()});
        insert_event(&mut tx, id, Action::Raise, actor, None, via, None, ProblemState::Open, &payload, now).await?;
        tx.produced("problem", id, 201);
        tx.commit().await?;
        self.problem(id).await?.ok_or_else(|| StoreError::Corrupt(format!("problem {id} vanished")))
    }
}

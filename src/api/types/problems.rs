//! Problems, their assignees and their immutable timelines.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::lifecycle::{Action, Priority, ProblemState};

/// Who owns a problem now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssigneeKind {
    /// The desk of the problem's level.
    Desk,
    /// A department owns it; the assignee's `id` is the department's.
    Department,
    /// An officer owns it; the assignee's `id` is the officer's.
    Officer,
}

/// The current assignee of a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Assignee {
    /// Desk, department or officer.
    pub kind: AssigneeKind,
    /// Department or officer id; the level for a desk.
    pub id: i64,
    /// The desk's name (e.g. 园区服务台), the department's short name or the officer's name.
    pub name: String,
}

/// A problem an enterprise raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// The problem's id (assigned by the server, increasing).
    pub id: i64,
    /// The enterprise the problem was raised at.
    pub enterprise: NamedRef,
    /// The enterprise's park.
    pub park: NamedRef,
    /// A one-line summary (1 to 200 characters, trimmed).
    pub title: String,
    /// What the officer wrote.
    pub description: String,
    /// Category, e.g. `protective_supplies`, `transport`.
    pub category: String,
    /// `open`, `acknowledged` or `resolved`.
    pub state: ProblemState,
    /// 0 park desk, 1 district, 2 city.
    pub level: i64,
    /// `urgent`, `high` or `normal`; it sets `due_at`.
    pub priority: Priority,
    /// Who holds the problem now: the desk of its level, a department or an officer.
    pub assignee: Assignee,
    /// The officer who raised it.
    pub raised_by: NamedRef,
    /// When the problem was raised.
    pub created_at: DateTime<Utc>,
    /// When the problem last changed (raise or a triage action; a comment does not count).
    pub updated_at: DateTime<Utc>,
    /// The SLA deadline: `created_at` plus the priority's SLA hours (recomputed on a priority change).
    pub due_at: DateTime<Utc>,
    /// Resolved at, when resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Version for `If-Match` (also the `ETag`).
    pub version: i64,
}

/// The actor the timeline names for the server's own actions (the escalation policy's),
/// with `via` `system`.
pub const SYSTEM_ACTOR: &str = "system";

/// How an action reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The dutydesk console.
    Console,
    /// Any other API client.
    Api,
    /// The server itself.
    System,
}

impl Via {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Api => "api",
            Self::System => "system",
        }
    }

    /// The stored spelling back (anything else was another API client: `api`).
    pub fn parse(s: &str) -> Self {
        match s {
            "console" => Self::Console,
            "system" => Self::System,
            _ => Self::Api,
        }
    }
}

/// One immutable entry of a problem's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEvent {
    /// The event's place among every problem's events (increasing, so one problem's events have gaps).
    pub seq: i64,
    /// The problem the event belongs to.
    pub problem_id: i64,
    /// What was done.
    pub action: Action,
    /// Who did it (the token's person; for intake on behalf, "admin for officer").
    pub actor: String,
    /// The client the action came through: `console` if it sent `X-Dutydesk-Via: console`, else `api`.
    pub via: Via,
    /// The state before the action; `null` for the raise.
    pub from_state: Option<ProblemState>,
    /// The state after the action (unchanged by a comment or a priority change).
    pub to_state: ProblemState,
    /// Action details, by action: raise `{title, category, priority}`; acknowledge and
    /// escalate `{note}` (escalate also `level`, the new one); reassign `{assignee, from}`, each
    /// `{kind, id, name}` (`from`, the assignee it replaced, recorded since it was added: older
    /// events lack it); resolve `{resolution}`; reopen `{reason}`; comment `{text}`;
    /// set_priority `{priority, from}` (`from` the priority it replaced, likewise). Absent
    /// values are `null`.
    pub payload: serde_json::Value,
    /// When the action was applied (the server's clock).
    pub at: DateTime<Utc>,
}

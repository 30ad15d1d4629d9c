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
    /// A department.
    Department,
    /// An officer.
    Officer,
}

/// The current assignee of a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Assignee {
    /// Desk, department or officer.
    pub kind: AssigneeKind,
    /// Department or officer id; the level for a desk.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// A problem an enterprise raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// Id.
    pub id: i64,
    /// The enterprise.
    pub enterprise: NamedRef,
    /// Its park.
    pub park: NamedRef,
    /// Short title.
    pub title: String,
    /// What the officer wrote.
    pub description: String,
    /// Category, e.g. `protective_supplies`, `transport`.
    pub category: String,
    /// Life-cycle state.
    pub state: ProblemState,
    /// 0 park desk, 1 district, 2 city.
    pub level: i64,
    /// Priority.
    pub priority: Priority,
    /// Current owner.
    pub assignee: Assignee,
    /// The officer who raised it.
    pub raised_by: NamedRef,
    /// Raised at.
    pub created_at: DateTime<Utc>,
    /// Last changed at.
    pub updated_at: DateTime<Utc>,
    /// SLA deadline.
    pub due_at: DateTime<Utc>,
    /// Resolved at, when resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Version for `If-Match` (also the `ETag`).
    pub version: i64,
}

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
}

/// One immutable entry of a problem's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEvent {
    /// Global order.
    pub seq: i64,
    /// The problem.
    pub problem_id: i64,
    /// What was done.
    pub action: Action,
    /// Who did it (the token's person; for intake on behalf, "admin for officer").
    pub actor: String,
    /// Through what.
    pub via: Via,
    /// State before.
    pub from_state: Option<ProblemState>,
    /// State after.
    pub to_state: ProblemState,
    /// Action details (assignee, resolution, reason, comment text, level, priority).
    pub payload: serde_json::Value,
    /// When.
    pub at: DateTime<Utc>,
}

//! Pages, the change feed, request bodies, query parameters and problem+json errors.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::*;
use crate::domain::lifecycle::Priority;

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent at the end.
    pub next_cursor: Option<String>,
    /// Total rows, when asked for with `total=true`.
    pub total: Option<i64>,
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// Sequence number.
    pub seq: i64,
    /// `problem`, `enterprise`, `officer`, `checkin` or `report`.
    pub kind: String,
    /// The entity's id (for a report: the enterprise).
    pub id: i64,
    /// `upsert`, or `delete` for a tombstone.
    pub op: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `GET /changes`: what changed after `since`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Changes {
    /// Changes in order.
    pub changes: Vec<Change>,
    /// Pass as `since` next time.
    pub next_since: i64,
    /// More are waiting beyond this batch.
    pub more: bool,
}

/// `POST /checkins`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckin {
    /// Where.
    pub enterprise_id: i64,
    /// For an admin only: the officer checking in.
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// `PUT /daily-reports/{enterprise_id}/{date}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DailyReportBody {
    /// Status seen today.
    pub status: EnterpriseStatus,
    /// Employees on site.
    pub employees_on_site: i64,
    /// Free text (at most 2,000 characters).
    #[serde(default)]
    pub notes: String,
    /// For an admin only: the officer filing it.
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// `POST /problems`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProblem {
    /// The enterprise.
    pub enterprise_id: i64,
    /// Short title (1 to 200 characters).
    pub title: String,
    /// Details (at most 4,000 characters).
    #[serde(default)]
    pub description: String,
    /// Category.
    pub category: String,
    /// Priority (default normal).
    #[serde(default)]
    pub priority: Option<Priority>,
    /// For an admin only: the officer raising it.
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// Body of acknowledge and escalate (an optional note).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// Optional note.
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /problems/{id}/reassign`: exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignBody {
    /// Department to own it.
    #[serde(default)]
    pub department_id: Option<i64>,
    /// Officer to own it.
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// `POST /problems/{id}/resolve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    /// How it was solved (required).
    pub resolution: String,
}

/// `POST /problems/{id}/reopen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenBody {
    /// Why (required).
    pub reason: String,
}

/// `POST /problems/{id}/comment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// The comment (required).
    pub text: String,
}

/// `POST /problems/{id}/priority`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityBody {
    /// New priority.
    pub priority: Priority,
}

/// One invalid field in a problem+json error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// An RFC 9457 problem+json body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    /// A URI naming the kind of error.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What to fix.
    pub detail: String,
    /// Machine code, e.g. `STALE_VERSION`.
    pub code: String,
    /// Per-field errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For 412: the problem as it is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<Problem>>,
}

/// Query of `GET /problems`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ProblemQuery {
    /// Park id.
    pub park: Option<i64>,
    /// `open`, `acknowledged`, `resolved`, or `unresolved`.
    pub state: Option<String>,
    /// Minimum level (`level=1` lists the escalated ones with `state=unresolved`).
    pub level: Option<i64>,
    /// `department:ID`, `officer:ID` or `desk`.
    pub assignee: Option<String>,
    /// `urgent`, `high` or `normal`.
    pub priority: Option<String>,
    /// Text in the title or enterprise name.
    pub q: Option<String>,
    /// `urgency` (default: level, priority, due), `newest`, `oldest`.
    pub sort: Option<String>,
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// Only problems changed after this change sequence.
    pub since: Option<i64>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
    /// Only problems of this enterprise.
    pub enterprise: Option<i64>,
}

/// Query of `GET /enterprises`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseQuery {
    /// Park id.
    pub park: Option<i64>,
    /// `resumed`, `not_resumed` or `suspended`.
    pub status: Option<String>,
    /// Text in the name.
    pub q: Option<String>,
    /// Opaque cursor.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

/// Query of `GET /officers`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OfficerQuery {
    /// Park id.
    pub park: Option<i64>,
    /// Dispatching unit id.
    pub unit: Option<i64>,
    /// `present`, `late`, `absent` or `not_yet` (today).
    pub attendance: Option<String>,
    /// Text in the name.
    pub q: Option<String>,
    /// Opaque cursor.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

/// Query of `GET /reports/overdue`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    /// Local date (default: the latest date whose deadline has passed: today after the
    /// deadline, yesterday before it).
    pub date: Option<NaiveDate>,
    /// Park id.
    pub park: Option<i64>,
    /// Dispatching unit id.
    pub unit: Option<i64>,
    /// Opaque cursor.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

/// Query of `GET /dashboard`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    /// Local date (default today).
    pub date: Option<NaiveDate>,
}

/// Query of `GET /changes`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// Last sequence seen (0 for all that are kept).
    pub since: i64,
    /// Long-poll: wait up to this many seconds (≤ 30) for a change.
    pub wait: Option<u64>,
    /// At most this many changes (default 500, at most 1,000).
    pub limit: Option<i64>,
}

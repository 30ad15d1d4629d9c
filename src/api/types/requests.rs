//! Pages, the change feed, request bodies, query parameters and problem+json errors.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::*;
use crate::domain::lifecycle::Priority;

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// This page's rows, in the list's order (at most `limit` of them).
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent at the end.
    pub next_cursor: Option<String>,
    /// Total rows, when asked for with `total=true`.
    pub total: Option<i64>,
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// The change's place in the one global sequence (increasing); pass the last one seen as `since`.
    pub seq: i64,
    /// `problem`, `enterprise`, `officer`, `checkin`, `report`, `reminder`, or `organisation`
    /// (id 0: a roster import added or changed parks, units or departments; read `/org` again).
    pub kind: String,
    /// The entity's id (for a report: the enterprise).
    pub id: i64,
    /// `upsert`, or `delete` for a tombstone.
    pub op: String,
    /// When the write that made the change happened.
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

/// Body of `POST /checkins`: an officer checks in, now, at one of its enterprises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckin {
    /// The enterprise checked in at; the officer must liaise with it (422 if it does not exist, else 403).
    pub enterprise_id: i64,
    /// The officer checking in: required with an admin token (422 without it); an officer
    /// token leaves it out or gives its own id (403 for another).
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// Body of `PUT /daily-reports/{enterprise_id}/{date}`: files or corrects an enterprise's report for a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DailyReportBody {
    /// Status seen today.
    pub status: EnterpriseStatus,
    /// Employees on site: 0 to three times the enterprise's baseline headcount (422 beyond it).
    #[schema(minimum = 0)]
    pub employees_on_site: i64,
    /// Free text (at most 2,000 characters; no control character but newline and tab).
    #[serde(default)]
    #[schema(max_length = 2000, pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$")]
    pub notes: String,
    /// The officer filing it: required with an admin token (422 without it); an officer token
    /// leaves it out or gives its own id (403 for another).
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// Body of `POST /problems`: an officer raises a problem at one of its enterprises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProblem {
    /// The enterprise the problem is at; the officer must liaise with it (422 if it does not exist, else 403).
    pub enterprise_id: i64,
    /// Short title (1 to 200 characters, not blank; no control character but newline and tab).
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*[^\s\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069][^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
    )]
    pub title: String,
    /// Details (at most 4,000 characters; no control character but newline and tab).
    #[serde(default)]
    #[schema(max_length = 4000, pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$")]
    pub description: String,
    /// One of `protective_supplies`, `raw_materials`, `transport`, `isolation`, `financing`, `policy`, `labour`.
    #[schema(pattern = "^(protective_supplies|raw_materials|transport|isolation|financing|policy|labour)$")]
    pub category: String,
    /// Priority (default normal).
    #[serde(default)]
    pub priority: Option<Priority>,
    /// The officer raising it: required with an admin token (422 without it); an officer token
    /// leaves it out or gives its own id (403 for another).
    #[serde(default)]
    pub officer_id: Option<i64>,
}

/// Body of acknowledge and escalate (an optional note).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// A note for the timeline (trimmed, at most 2,000 characters; no control character but
    /// newline and tab); absent or `null` for none.
    #[serde(default)]
    #[schema(max_length = 2000, pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$")]
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

/// Body of `POST /problems/{id}/resolve`: closes the problem with how it was solved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    /// How it was solved (required, not blank, at most 2,000 characters).
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*[^\s\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069][^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
    )]
    pub resolution: String,
}

/// Body of `POST /problems/{id}/reopen`: opens a resolved problem again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenBody {
    /// Why the problem is opened again (required, not blank, trimmed, at most 2,000 characters).
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*[^\s\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069][^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
    )]
    pub reason: String,
}

/// Body of `POST /problems/{id}/comment`: a note on the thread; the state and version stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// The comment (required, not blank, at most 4,000 characters).
    #[schema(
        min_length = 1,
        max_length = 4000,
        pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*[^\s\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069][^\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
    )]
    pub text: String,
}

/// Body of `POST /problems/{id}/priority`: a new priority; the due time is recomputed from the time raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityBody {
    /// The new priority: `urgent`, `high` or `normal`.
    pub priority: Priority,
}

/// One invalid field in a problem+json error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The body field or query parameter at fault, by its wire name (e.g. `title`, `cursor`).
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
    /// The HTTP status's reason phrase, e.g. `Unprocessable Entity`.
    pub title: String,
    /// The response's HTTP status code, repeated in the body.
    pub status: u16,
    /// What to fix.
    pub detail: String,
    /// Machine code, e.g. `STALE_VERSION`.
    pub code: String,
    /// Each invalid field and what is wrong with it (with 422 and `INVALID_QUERY`); absent when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For 412: the problem as it is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<Problem>>,
}

/// Query of `GET /problems`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProblemQuery {
    /// Only problems at this park (a park id from `GET /org`).
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
    /// `urgency` (default: level, priority, due), `newest`, `oldest`, `due` (soonest deadline first).
    pub sort: Option<String>,
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// Only problems changed after this change sequence.
    pub since: Option<i64>,
    /// Only problems whose SLA deadline is after this RFC 3339 instant.
    pub due_after: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
    /// Only problems of this enterprise.
    pub enterprise: Option<i64>,
}

/// Query of `GET /enterprises`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseQuery {
    /// Only enterprises in this park (a park id from `GET /org`).
    pub park: Option<i64>,
    /// `resumed`, `not_resumed` or `suspended`.
    pub status: Option<String>,
    /// Text in the name.
    pub q: Option<String>,
    /// Opaque cursor from the previous page's `next_cursor`; absent for the first page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

/// Query of `GET /officers`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OfficerQuery {
    /// Only officers whose main park is this one (a park id from `GET /org`).
    pub park: Option<i64>,
    /// Dispatching unit id.
    pub unit: Option<i64>,
    /// `present`, `late`, `absent` or `not_yet` (today).
    pub attendance: Option<String>,
    /// Search: the name's Chinese, full pinyin or pinyin initials, in any reading of a
    /// polyphonic character (`zq`, `zhouqiang` and `周` find 周强). The list is then ranked best
    /// match first (the name starts with it, an exact initials or name, then by score), and
    /// its cursors hold only for the same search.
    pub q: Option<String>,
    /// Opaque cursor from the previous page's `next_cursor`; absent for the first page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

/// Query of `GET /reports/overdue`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    /// Local date (default: the latest date whose deadline has passed: today after the
    /// deadline, yesterday before it).
    pub date: Option<NaiveDate>,
    /// Only enterprises in this park (a park id from `GET /org`).
    pub park: Option<i64>,
    /// Dispatching unit id.
    pub unit: Option<i64>,
    /// Only enterprises in this place, as the dashboard's scope: `province`, `city:ID` or
    /// `county:ID` (ids from `GET /org`).
    pub scope: Option<String>,
    /// Opaque cursor from the previous page's `next_cursor`; absent for the first page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

/// Query of `GET /dashboard`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    /// Local date (default today). A past day gives that day's figures throughout: enterprises
    /// as its reports said, problems as they stood at its end, its attendance and reports.
    pub date: Option<NaiveDate>,
    /// What the figures cover: `province`, `city:ID` or `county:ID` (ids as in `GET /org`).
    /// Default: the top of the data (the province when there are several cities, else the one
    /// city). The rows are the places one level down.
    pub scope: Option<String>,
}

/// Query of `GET /changes`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// Last sequence seen (0 for all that are kept); required.
    #[param(minimum = 0)]
    pub since: i64,
    /// Long-poll: wait up to this many seconds (≤ 30) for a change.
    #[param(minimum = 0, maximum = 30)]
    pub wait: Option<u64>,
    /// At most this many changes (default 500, at most 1,000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

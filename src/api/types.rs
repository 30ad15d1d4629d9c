//! Serde types of the reporting API (`/api/v1`): what the server sends and what clients post.
//! Times are RFC 3339 instants; days are local dates (`YYYY-MM-DD`) in the configured zone.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::calendar::{Attendance, SlaHours};
use crate::domain::lifecycle::{Action, Priority, ProblemState};
use crate::domain::rates::Ratio;

/// The four roles a token can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read only: the night-shift monitor.
    Viewer,
    /// Reads and triages problems.
    Dispatcher,
    /// Intake for its own enterprises only.
    Officer,
    /// Everything, including intake on behalf of a named officer.
    Admin,
}

impl Role {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Dispatcher => "dispatcher",
            Self::Officer => "officer",
            Self::Admin => "admin",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Viewer, Self::Dispatcher, Self::Officer, Self::Admin].into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role may triage problems.
    pub fn can_triage(self) -> bool {
        matches!(self, Self::Dispatcher | Self::Admin)
    }
}

/// The server's settings that clients show or obey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServerSettings {
    /// The city the command center serves, e.g. 娄底市.
    pub city: String,
    /// IANA time zone of local days, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// Daily report deadline, local `HH:MM`.
    pub report_deadline: String,
    /// Check-in cutoff, local `HH:MM`.
    pub checkin_cutoff: String,
    /// SLA per priority, in hours.
    pub sla_hours: SlaHours,
    /// Poll interval the server asks clients to keep, in seconds.
    pub poll_interval_secs: u64,
}

/// Who the token belongs to (`GET /me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// Token id.
    pub token_id: i64,
    /// The person's name.
    pub name: String,
    /// The token's role.
    pub role: Role,
    /// The officer this token speaks for, for the officer role.
    pub officer_id: Option<i64>,
    /// The server's settings.
    pub settings: ServerSettings,
}

/// A named thing with an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NamedRef {
    /// Id.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// An industrial park, high-tech zone, town or sub-district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Park {
    /// Id.
    pub id: i64,
    /// Name, e.g. 万宝新区.
    pub name: String,
    /// The county or district it belongs to.
    pub district_id: i64,
}

/// A government department that problems can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Department {
    /// Id.
    pub id: i64,
    /// Full name, e.g. 市卫生健康委员会.
    pub name: String,
    /// Short name, e.g. 卫健委.
    pub short_name: String,
    /// Other names people use.
    pub aliases: Vec<String>,
}

/// The organisation (`GET /org`): rarely changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Org {
    /// The city.
    pub city: String,
    /// Counties and districts.
    pub districts: Vec<NamedRef>,
    /// Parks.
    pub parks: Vec<Park>,
    /// Departments.
    pub departments: Vec<Department>,
    /// Dispatching units (派出单位).
    pub units: Vec<NamedRef>,
    /// Server settings.
    pub settings: ServerSettings,
}

/// Open problems of a park or in total.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProblemCounts {
    /// State open.
    pub open: i64,
    /// State acknowledged.
    pub acknowledged: i64,
    /// Level ≥ 1 and not resolved.
    pub escalated: i64,
    /// Not resolved and past the SLA due time.
    pub sla_breached: i64,
    /// When the oldest unresolved problem was raised.
    pub oldest_open_at: Option<DateTime<Utc>>,
}

/// Attendance counts for one local day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttendanceCounts {
    /// Active officers expected.
    pub expected: i64,
    /// Checked in (on time or late).
    pub present: i64,
    /// Of those present, first check-in after the cutoff.
    pub late: i64,
    /// No check-in, cutoff passed.
    pub absent: i64,
    /// No check-in, cutoff ahead.
    pub not_yet: i64,
}

/// Daily report counts for one local day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportCounts {
    /// Enterprises with an officer assigned.
    pub expected: i64,
    /// Reports received.
    pub submitted: i64,
    /// Received by the deadline.
    pub on_time: i64,
    /// Not received and the deadline passed.
    pub overdue: i64,
}

/// One day of the return-to-work trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendPoint {
    /// Local date.
    pub date: NaiveDate,
    /// Enterprises resumed out of enterprises reporting that day (today: the live figures).
    pub resumed: Ratio,
}

/// Everything the dashboard shows for one park, or for the city in total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ParkFigures {
    /// Park id (0 for the city total).
    pub park_id: i64,
    /// Park name (the city's name for the total).
    pub park_name: String,
    /// Enterprises resumed out of enterprises under liaison.
    pub enterprises: Ratio,
    /// Enterprises suspended for rectification (停产整顿), counted as not resumed.
    pub suspended: i64,
    /// Employees on site (latest reports) out of baseline employees.
    pub employees: Ratio,
    /// The last 14 days, oldest first, ending today.
    pub trend: Vec<TrendPoint>,
    /// Unresolved problems.
    pub problems: ProblemCounts,
    /// Officer attendance today.
    pub attendance: AttendanceCounts,
    /// Daily reports today.
    pub reports: ReportCounts,
}

/// Attendance and report figures for one dispatching unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitFigures {
    /// Unit id.
    pub unit_id: i64,
    /// Unit name, e.g. 市发改委.
    pub unit_name: String,
    /// Attendance of its officers.
    pub attendance: AttendanceCounts,
    /// Reports of the enterprises its officers liaise with.
    pub reports: ReportCounts,
}

/// `GET /dashboard`: everything the four live panes need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// The local date shown.
    pub date: NaiveDate,
    /// When the figures were computed.
    pub as_of: DateTime<Utc>,
    /// The change sequence they reflect.
    pub change_seq: i64,
    /// City totals (park sums, then divided).
    pub totals: ParkFigures,
    /// Per park.
    pub parks: Vec<ParkFigures>,
    /// Per dispatching unit.
    pub units: Vec<UnitFigures>,
}

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

/// Business status of an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseStatus {
    /// Back at work (复工).
    Resumed,
    /// Not yet back.
    NotResumed,
    /// Suspended for rectification (停产整顿).
    Suspended,
}

impl EnterpriseStatus {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resumed => "resumed",
            Self::NotResumed => "not_resumed",
            Self::Suspended => "suspended",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Resumed, Self::NotResumed, Self::Suspended].into_iter().find(|e| e.as_str() == s)
    }
}

/// A daily report (防疫日志 / 日报告) of one enterprise for one local date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DailyReport {
    /// The enterprise.
    pub enterprise_id: i64,
    /// Local date.
    pub date: NaiveDate,
    /// When it arrived.
    pub submitted_at: DateTime<Utc>,
    /// Who filed it.
    pub officer: NamedRef,
    /// Status the officer saw.
    pub status: EnterpriseStatus,
    /// Employees on site.
    pub employees_on_site: i64,
    /// Free text.
    pub notes: String,
    /// Submitted by the deadline.
    pub on_time: bool,
}

/// An enterprise in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Enterprise {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Park.
    pub park: NamedRef,
    /// Class, e.g. 规模以上工业企业.
    pub class: String,
    /// Current status.
    pub status: EnterpriseStatus,
    /// Baseline employees.
    pub employees_baseline: i64,
    /// Employees on site, per the latest report.
    pub employees_on_site: i64,
    /// Officers liaising with it.
    pub officers: Vec<NamedRef>,
    /// Date of the latest report.
    pub latest_report_date: Option<NaiveDate>,
    /// Unresolved problems.
    pub open_problems: i64,
}

/// `GET /enterprises/{id}`: one enterprise with its recent reports and problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnterpriseDetail {
    /// The enterprise.
    #[serde(flatten)]
    pub enterprise: Enterprise,
    /// Reports of the last 14 days, newest first.
    pub recent_reports: Vec<DailyReport>,
    /// Its problems, newest first (at most 50).
    pub problems: Vec<Problem>,
}

/// A check-in on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Checkin {
    /// Id.
    pub id: i64,
    /// The officer.
    pub officer_id: i64,
    /// Where.
    pub enterprise: NamedRef,
    /// Local date.
    pub date: NaiveDate,
    /// When.
    pub at: DateTime<Utc>,
}

/// Today's check-in state of an officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerToday {
    /// Local date.
    pub date: NaiveDate,
    /// First check-in today.
    pub first_checkin_at: Option<DateTime<Utc>>,
    /// Attendance.
    pub attendance: Attendance,
}

/// An officer in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Officer {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Dispatching unit.
    pub unit: NamedRef,
    /// Main park.
    pub park: NamedRef,
    /// Enterprises assigned.
    pub enterprises: Vec<NamedRef>,
    /// Today.
    pub today: OfficerToday,
    /// Unresolved problems assigned to this officer.
    pub open_problems: i64,
}

/// `GET /officers/{id}`: an officer with check-ins and reports of the last 14 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerDetail {
    /// The officer.
    #[serde(flatten)]
    pub officer: Officer,
    /// Check-ins, newest first.
    pub checkins: Vec<Checkin>,
    /// Reports filed, newest first.
    pub reports: Vec<DailyReport>,
}

/// One overdue daily report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverdueReport {
    /// The enterprise.
    pub enterprise: NamedRef,
    /// Its park.
    pub park: NamedRef,
    /// Officers responsible.
    pub officers: Vec<NamedRef>,
    /// Their dispatching units.
    pub units: Vec<NamedRef>,
    /// Local date of the missing report.
    pub date: NaiveDate,
    /// The deadline passed.
    pub deadline: DateTime<Utc>,
    /// Seconds since the deadline.
    pub overdue_secs: i64,
    /// Consecutive overdue dates ending at `date`.
    pub days_in_a_row: i64,
}

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
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

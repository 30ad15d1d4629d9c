//! The rows a seed preset generates, before they are loaded.

use chrono::NaiveDate;

use crate::api::types::{AssigneeKind, EnterpriseStatus};
use crate::domain::lifecycle::{Action, Priority, ProblemState};

/// A park row.
#[derive(Debug, Clone)]
pub struct SeedPark {
    /// Id.
    pub id: i64,
    /// District id.
    pub district_id: i64,
    /// Name.
    pub name: String,
}

/// A department row.
#[derive(Debug, Clone)]
pub struct SeedDepartment {
    /// Id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Other names.
    pub aliases: Vec<String>,
}

/// An enterprise row.
#[derive(Debug, Clone)]
pub struct SeedEnterprise {
    /// Id.
    pub id: i64,
    /// Park.
    pub park_id: i64,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// Current status.
    pub status: EnterpriseStatus,
    /// Baseline employees.
    pub employees_baseline: i64,
    /// On site per latest report.
    pub employees_on_site: i64,
    /// Unix ms.
    pub updated_at: i64,
}

/// An officer row.
#[derive(Debug, Clone)]
pub struct SeedOfficer {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Dispatching unit.
    pub unit_id: i64,
    /// Main park.
    pub park_id: i64,
    /// Active in the campaign.
    pub active: bool,
}

/// A check-in row.
#[derive(Debug, Clone)]
pub struct SeedCheckin {
    /// Officer.
    pub officer_id: i64,
    /// Enterprise.
    pub enterprise_id: i64,
    /// Local date.
    pub date: NaiveDate,
    /// Unix ms.
    pub at: i64,
}

/// A daily report row.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// Enterprise.
    pub enterprise_id: i64,
    /// Local date.
    pub date: NaiveDate,
    /// Unix ms.
    pub submitted_at: i64,
    /// Officer who filed it.
    pub officer_id: i64,
    /// Status seen.
    pub status: EnterpriseStatus,
    /// Employees on site.
    pub employees_on_site: i64,
    /// Notes.
    pub notes: String,
}

/// A problem row.
#[derive(Debug, Clone)]
pub struct SeedProblem {
    /// Id.
    pub id: i64,
    /// Enterprise.
    pub enterprise_id: i64,
    /// Park.
    pub park_id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Category.
    pub category: String,
    /// State.
    pub state: ProblemState,
    /// Level.
    pub level: i64,
    /// Priority.
    pub priority: Priority,
    /// Assignee kind.
    pub assignee_kind: AssigneeKind,
    /// Department or officer id, or the level for a desk.
    pub assignee_id: i64,
    /// Officer who raised it.
    pub raised_by: i64,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub updated_at: i64,
    /// Unix ms.
    pub due_at: i64,
    /// Unix ms.
    pub resolved_at: Option<i64>,
    /// Version (number of state-changing events).
    pub version: i64,
}

/// A timeline event row.
#[derive(Debug, Clone)]
pub struct SeedEvent {
    /// Problem.
    pub problem_id: i64,
    /// Action.
    pub action: Action,
    /// Actor's name.
    pub actor: String,
    /// `console`, `api` or `system`.
    pub via: String,
    /// State before.
    pub from_state: Option<ProblemState>,
    /// State after.
    pub to_state: ProblemState,
    /// JSON payload.
    pub payload: String,
    /// Unix ms.
    pub at: i64,
}

/// Everything a preset generates.
#[derive(Debug, Clone, Default)]
pub struct SeedData {
    /// `meta` rows: `city`, `preset`, `campaign_start` (first local date).
    pub meta: Vec<(String, String)>,
    /// Districts.
    pub districts: Vec<(i64, String)>,
    /// Parks.
    pub parks: Vec<SeedPark>,
    /// Departments.
    pub departments: Vec<SeedDepartment>,
    /// Dispatching units.
    pub units: Vec<(i64, String)>,
    /// Enterprises.
    pub enterprises: Vec<SeedEnterprise>,
    /// Officers.
    pub officers: Vec<SeedOfficer>,
    /// (officer, enterprise).
    pub assignments: Vec<(i64, i64)>,
    /// Check-ins.
    pub checkins: Vec<SeedCheckin>,
    /// Reports.
    pub reports: Vec<SeedReport>,
    /// Problems.
    pub problems: Vec<SeedProblem>,
    /// Timeline events, in time order.
    pub events: Vec<SeedEvent>,
}

//! The rows a seed preset generates, before they are loaded.

use chrono::NaiveDate;

use crate::api::types::{AssigneeKind, EnterpriseStatus};
use crate::domain::lifecycle::{Action, Priority, ProblemState};

/// A county or district row.
#[derive(Debug, Clone)]
pub struct SeedDistrict {
    /// The district's id (its primary key; numbered from 1, city by city).
    pub id: i64,
    /// The city it belongs to (an id of [`SeedData::cities`], numbered from 1).
    pub city_id: i64,
    /// Its name without the city's (岳麓区, not 长沙市岳麓区).
    pub name: String,
}

/// A park row.
#[derive(Debug, Clone)]
pub struct SeedPark {
    /// The park's id (its primary key; parks are numbered from 1 in the preset's order).
    pub id: i64,
    /// The district the park belongs to (an id of [`SeedData::districts`], numbered from 1).
    pub district_id: i64,
    /// The park's name as shown in the console (Chinese, e.g. `娄底经济技术开发区`).
    pub name: String,
}

/// A department row.
#[derive(Debug, Clone)]
pub struct SeedDepartment {
    /// The department's id (its primary key; 1 to 12 in the preset's department table).
    pub id: i64,
    /// The department's full official name.
    pub name: String,
    /// The department's short name, shown as a problem's assignee and in the reassign picker.
    pub short_name: String,
    /// Other names the reassign picker also matches; stored as one `|`-separated text column.
    pub aliases: Vec<String>,
}

/// An enterprise row.
#[derive(Debug, Clone)]
pub struct SeedEnterprise {
    /// The enterprise's id (its primary key; enterprises are numbered from 1, park by park).
    pub id: i64,
    /// The park the enterprise is in (an id of [`SeedData::parks`]).
    pub park_id: i64,
    /// The enterprise's name: generated from its district's place name, or one of a few well-known names.
    pub name: String,
    /// The statistical class, one of the seed's three (`规模以上工业企业`, `四上企业`, `其他企业`).
    pub class: String,
    /// The status of the enterprise's latest report (or at the campaign's start, without one).
    pub status: EnterpriseStatus,
    /// Employees before the shutdown: the denominator of the enterprise's return-to-work rate.
    pub employees_baseline: i64,
    /// On site per latest report.
    pub employees_on_site: i64,
    /// When `status` and `employees_on_site` last changed, in Unix milliseconds.
    pub updated_at: i64,
    /// Its unified social credit code (统一社会信用代码), the roster import's key; none in
    /// hand-built test worlds.
    pub credit_code: Option<String>,
}

/// An officer row.
#[derive(Debug, Clone)]
pub struct SeedOfficer {
    /// The officer's id (its primary key; officers are numbered from 1, park by park).
    pub id: i64,
    /// The officer's full name (a generated Chinese personal name).
    pub name: String,
    /// The unit that seconded the officer to the campaign (an id of [`SeedData::units`]).
    pub unit_id: i64,
    /// The park of the officer's enterprises, where the officer is counted (an id of [`SeedData::parks`]).
    pub park_id: i64,
    /// Active in the campaign.
    pub active: bool,
    /// The officer's phone (the roster import's key), in the form of `domain::codes::phone`.
    pub phone: Option<String>,
}

/// A check-in row.
#[derive(Debug, Clone)]
pub struct SeedCheckin {
    /// The officer who checked in (an id of [`SeedData::officers`]).
    pub officer_id: i64,
    /// The enterprise the officer checked in at (an id of [`SeedData::enterprises`]).
    pub enterprise_id: i64,
    /// The campaign day of the check-in, in the city's local calendar (stored as `YYYY-MM-DD`).
    pub date: NaiveDate,
    /// When the officer checked in, in Unix milliseconds.
    pub at: i64,
}

/// A daily report row.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// The enterprise reported on (an id of [`SeedData::enterprises`]); one report per enterprise and day.
    pub enterprise_id: i64,
    /// The campaign day the report is for, in the city's local calendar (stored as `YYYY-MM-DD`).
    pub date: NaiveDate,
    /// When the report was filed, in Unix milliseconds (after the day's deadline for a late one).
    pub submitted_at: i64,
    /// Officer who filed it.
    pub officer_id: i64,
    /// The enterprise's status the officer saw that day.
    pub status: EnterpriseStatus,
    /// Employees on site.
    pub employees_on_site: i64,
    /// The officer's remarks on the report (Chinese); empty when there are none.
    pub notes: String,
}

/// A problem row.
#[derive(Debug, Clone)]
pub struct SeedProblem {
    /// The problem's id (its primary key; numbered from 1 in order of creation).
    pub id: i64,
    /// The enterprise the problem was raised at (an id of [`SeedData::enterprises`]).
    pub enterprise_id: i64,
    /// The enterprise's park, copied onto the problem (the park filter reads it without a join).
    pub park_id: i64,
    /// A one-line summary of the problem (Chinese, from the seed's phrasebook).
    pub title: String,
    /// The problem as the officer described it (Chinese, from the seed's phrasebook).
    pub description: String,
    /// The problem's category as a snake_case id, e.g. `protective_supplies` or `transport`.
    pub category: String,
    /// Where the problem stands after its generated history (open, acknowledged or resolved).
    pub state: ProblemState,
    /// The escalation level: 0 park desk, 1 district, 2 city command center.
    pub level: i64,
    /// How urgent the problem is; it sets `due_at` (the SLA deadline).
    pub priority: Priority,
    /// Who holds the problem: the desk of its level, a department or an officer.
    pub assignee_kind: AssigneeKind,
    /// Department or officer id, or the level for a desk.
    pub assignee_id: i64,
    /// Officer who raised it.
    pub raised_by: i64,
    /// When the problem was raised, in Unix milliseconds.
    pub created_at: i64,
    /// When its latest timeline event happened, in Unix milliseconds (`created_at` without one).
    pub updated_at: i64,
    /// The SLA deadline, in Unix milliseconds: `created_at` plus the priority's SLA hours.
    pub due_at: i64,
    /// When the problem was resolved, in Unix milliseconds; `None` while it is unresolved.
    pub resolved_at: Option<i64>,
    /// Version (number of state-changing events).
    pub version: i64,
}

/// A timeline event row.
#[derive(Debug, Clone)]
pub struct SeedEvent {
    /// The problem the event belongs to (an id of [`SeedData::problems`]).
    pub problem_id: i64,
    /// What happened: the raise, or a triage action such as acknowledge or escalate.
    pub action: Action,
    /// The display name of who acted: the raising officer, a desk's staff member or a department's.
    pub actor: String,
    /// `console`, `api` or `system`.
    pub via: String,
    /// The problem's state before the event; `None` for the raise (stored as an empty text).
    pub from_state: Option<ProblemState>,
    /// The problem's state after the event (the same as before for a comment).
    pub to_state: ProblemState,
    /// The action's details as a JSON object text, e.g. `{"resolution": …}` or `{"assignee": …}`.
    pub payload: String,
    /// When the event happened, in Unix milliseconds.
    pub at: i64,
}

/// Everything a preset generates.
#[derive(Debug, Clone, Default)]
pub struct SeedData {
    /// `meta` rows: `province`, `city` (the top of the data's name), `preset`, `campaign_start`
    /// (first local date).
    pub meta: Vec<(String, String)>,
    /// Cities (prefectures) as `(id, name)`, ids from 1: one for a city preset, 14 for Hunan.
    pub cities: Vec<(i64, String)>,
    /// Counties and districts, city by city.
    pub districts: Vec<SeedDistrict>,
    /// Parks (industrial parks and zones), district by district.
    pub parks: Vec<SeedPark>,
    /// Departments a problem can be reassigned to.
    pub departments: Vec<SeedDepartment>,
    /// Dispatching units as `(id, name)`, ids from 1: the bodies that second officers.
    pub units: Vec<(i64, String)>,
    /// Enterprises under watch, park by park.
    pub enterprises: Vec<SeedEnterprise>,
    /// Officers stationed at enterprises, park by park.
    pub officers: Vec<SeedOfficer>,
    /// Which officer covers which enterprise, as `(officer_id, enterprise_id)` pairs, sorted.
    pub assignments: Vec<(i64, i64)>,
    /// Officers' check-ins at enterprises, in time order.
    pub checkins: Vec<SeedCheckin>,
    /// Daily reports, enterprise by enterprise and day by day (missing ones are simply absent).
    pub reports: Vec<SeedReport>,
    /// Problems with their final state, in order of creation.
    pub problems: Vec<SeedProblem>,
    /// Timeline events, in time order.
    pub events: Vec<SeedEvent>,
}

//! The shift handover (`GET /handover`): what happened in a window of time in a scope, what
//! the asking desk did, and what is still open at its end, each list with its total.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::*;
use crate::api::sanitize::Sanitize;
use crate::domain::lifecycle::{Action, Priority, ProblemState};

/// The most rows any list of a handover returns (`limit` is clamped to it).
pub const HANDOVER_LIMIT_MAX: i64 = 200;
/// Rows per list when the query gives no `limit`.
pub const HANDOVER_LIMIT_DEFAULT: i64 = 20;
/// The longest window a handover covers, in days.
pub const HANDOVER_MAX_DAYS: i64 = 31;

/// Query of `GET /handover`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HandoverQuery {
    /// The window's start, an RFC 3339 instant (e.g. `2026-02-15T20:00:00+08:00`); required.
    pub since: Option<String>,
    /// The window's end, an RFC 3339 instant after `since` and at most 31 days later; default now.
    pub until: Option<String>,
    /// What it covers: `province`, `city:ID` or `county:ID`, as the dashboard's `scope`.
    pub scope: Option<String>,
    /// Rows per list, 1 to 200 (default 20); every list says its total.
    pub limit: Option<i64>,
}

/// A bounded top part of a list and the list's total ("and 37 more" is `total - items.len()`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HandoverList<T> {
    /// How many rows the whole list has.
    pub total: i64,
    /// Its first rows, in the list's order (at most the query's `limit`).
    pub items: Vec<T>,
}

impl<T> Default for HandoverList<T> {
    fn default() -> Self {
        Self { total: 0, items: Vec::new() }
    }
}

impl<T> HandoverList<T> {
    /// How many rows the list has beyond those returned.
    pub fn more(&self) -> i64 {
        (self.total - self.items.len() as i64).max(0)
    }
}

/// One timeline event of the window, with the problem it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HandoverEvent {
    /// The event's sequence number.
    pub seq: i64,
    /// The problem's number.
    pub problem_id: i64,
    /// The problem's title.
    pub title: String,
    /// The problem's park.
    pub park: NamedRef,
    /// What was done.
    pub action: Action,
    /// Who did it (the timeline's actor).
    pub actor: String,
    /// Through what: `console`, `api` or `system`.
    pub via: Via,
    /// The level after it (an escalation's new level).
    pub level: Option<i64>,
    /// When.
    pub at: DateTime<Utc>,
}

/// A problem as it stood at an instant (the window's end, or its SLA deadline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HandoverProblem {
    /// The problem's number.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its park.
    pub park: NamedRef,
    /// Its state then.
    pub state: ProblemState,
    /// Its level then.
    pub level: i64,
    /// Its priority now.
    pub priority: Priority,
    /// When it was raised.
    pub created_at: DateTime<Utc>,
    /// Its SLA deadline then.
    pub due_at: DateTime<Utc>,
}

/// A place whose return-to-work rate (resumed / reporting, as the day's reports said) fell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RateChange {
    /// The park or city.
    pub place: NamedRef,
    /// Reports saying "resumed" on the earlier day.
    pub from_resumed: i64,
    /// Reports filed on the earlier day.
    pub from_reporting: i64,
    /// Reports saying "resumed" on the later day.
    pub to_resumed: i64,
    /// Reports filed on the later day.
    pub to_reporting: i64,
}

impl RateChange {
    /// The fall in percentage points (positive when the rate fell).
    pub fn fall_points(&self) -> f64 {
        let rate = |n: i64, d: i64| if d == 0 { 0.0 } else { 100.0 * n as f64 / d as f64 };
        rate(self.from_resumed, self.from_reporting) - rate(self.to_resumed, self.to_reporting)
    }
}

/// Where the return-to-work rate fell between two report days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RateFalls {
    /// The earlier day: the last whose report deadline had passed at `since`.
    pub from: NaiveDate,
    /// The later day: the last whose report deadline had passed at `until`.
    pub to: NaiveDate,
    /// Parks of the scope, largest fall first.
    pub parks: HandoverList<RateChange>,
    /// Cities of the scope (all their parks counted), largest fall first.
    pub cities: HandoverList<RateChange>,
}

/// An officer absent (no check-in) two days running.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AbsentOfficer {
    /// The officer.
    pub officer: NamedRef,
    /// Their dispatching unit.
    pub unit: NamedRef,
    /// The park they are stationed in.
    pub park: NamedRef,
    /// Their last check-in day before, if any.
    pub last_checkin: Option<NaiveDate>,
}

/// `GET /handover`: the shift handover of a window and scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Handover {
    /// The window's start.
    pub since: DateTime<Utc>,
    /// The window's end.
    pub until: DateTime<Utc>,
    /// The command center's time zone (local times are shown in it).
    pub time_zone: String,
    /// The scope covered.
    pub scope: PlaceRef,
    /// The asking token's name: `desk` lists what it did.
    pub desk_name: String,
    /// Problems raised in the window, in time order.
    pub raised: HandoverList<HandoverEvent>,
    /// Escalations in the window, in time order.
    pub escalated: HandoverList<HandoverEvent>,
    /// Problems whose SLA deadline fell in the window while unresolved, by deadline.
    pub past_sla: HandoverList<HandoverProblem>,
    /// Resolutions in the window, in time order.
    pub resolved: HandoverList<HandoverEvent>,
    /// Reopenings in the window, in time order.
    pub reopened: HandoverList<HandoverEvent>,
    /// Every event of the window whose actor is the asking token's name, in time order.
    pub desk: HandoverList<HandoverEvent>,
    /// Problems unresolved at `until`, highest level then oldest first.
    pub still_open: HandoverList<HandoverProblem>,
    /// Of them, the escalated ones (level ≥ 1), highest level then oldest first.
    pub still_escalated: HandoverList<HandoverProblem>,
    /// Parks and cities whose return-to-work rate fell.
    pub rate_falls: RateFalls,
    /// The day whose overdue reports are listed (the last whose deadline passed at `until`).
    pub overdue_date: NaiveDate,
    /// Enterprises overdue that day, most days in a row first.
    pub overdue: HandoverList<OverdueReport>,
    /// The two days of `absent` (the day before, and the last whose check-in cutoff passed at `until`).
    pub absent_days: [NaiveDate; 2],
    /// Active officers with no check-in on either day, by id.
    pub absent: HandoverList<AbsentOfficer>,
    /// Dispatching units with overdue reports or absent officers on `overdue_date`, the most
    /// overdue reports first, then the most absent.
    pub worst_units: HandoverList<UnitFigures>,
}

impl<T: Sanitize> Sanitize for HandoverList<T> {
    fn sanitize(&mut self) {
        self.items.sanitize();
    }
}

impl Sanitize for HandoverEvent {
    fn sanitize(&mut self) {
        self.title.sanitize();
        self.park.sanitize();
        self.actor.sanitize();
    }
}

impl Sanitize for HandoverProblem {
    fn sanitize(&mut self) {
        self.title.sanitize();
        self.park.sanitize();
    }
}

impl Sanitize for RateChange {
    fn sanitize(&mut self) {
        self.place.sanitize();
    }
}

impl Sanitize for AbsentOfficer {
    fn sanitize(&mut self) {
        self.officer.sanitize();
        self.unit.sanitize();
        self.park.sanitize();
    }
}

impl Sanitize for Handover {
    fn sanitize(&mut self) {
        self.time_zone.sanitize();
        self.scope.sanitize();
        self.desk_name.sanitize();
        for list in [&mut self.raised, &mut self.escalated, &mut self.resolved, &mut self.reopened, &mut self.desk] {
            list.sanitize();
        }
        self.past_sla.sanitize();
        self.still_open.sanitize();
        self.still_escalated.sanitize();
        self.rate_falls.parks.sanitize();
        self.rate_falls.cities.sanitize();
        self.overdue.sanitize();
        self.absent.sanitize();
        self.worst_units.sanitize();
    }
}

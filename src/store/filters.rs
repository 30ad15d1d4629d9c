//! Typed filters of the list endpoints. The server validates each query string (the wire
//! structs of [`crate::api::types`]) into one of these at the edge ([`FromQuery`]), so the
//! store's lists take only well-formed filters and fail only for database reasons.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::page::PageRequest;
use crate::api::types::{EnterpriseQuery, EnterpriseStatus, FieldError, OfficerQuery, OverdueQuery, ProblemQuery};
use crate::domain::calendar::Attendance;
use crate::domain::lifecycle::{MAX_LEVEL, Priority, ProblemState};

/// A typed filter validated from the query string of its list endpoint.
pub trait FromQuery: Sized {
    /// The query string's wire struct.
    type Query: DeserializeOwned + Send;
    /// Validates the query; the error names the query field at fault and what to fix.
    fn from_query(q: Self::Query) -> Result<Self, FieldError>;
}

/// An optional query value that must be one of a closed set: `None` when absent, the parsed
/// value, or a fault naming the field and the values allowed.
fn choice<T>(
    field: &'static str,
    value: Option<&str>,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<Option<T>, FieldError> {
    value.map(|v| parse(v).ok_or_else(|| fault(field, format!("{v:?} is not one of {allowed}")))).transpose()
}

fn fault(field: &str, message: String) -> FieldError {
    FieldError { field: field.to_string(), message }
}

/// The non-blank search text of a `q` parameter, trimmed.
fn search_text(q: Option<String>) -> Option<String> {
    q.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
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
            other => return Err(fault("sort", format!("{other:?} is not one of urgency, newest, oldest"))),
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
        Ok(Self {
            park: q.park,
            enterprise: q.enterprise,
            state,
            min_level: q.level,
            priority,
            assignee,
            text: search_text(q.q),
            changed_after: q.since,
            sort,
            page,
        })
    }
}

impl ProblemSort {
    /// How many keys a cursor of this order carries.
    pub fn key_count(self) -> usize {
        match self {
            Self::Urgency => 4,
            Self::Newest | Self::Oldest => 2,
        }
    }
}

/// The enterprise list's filter and page (`GET /enterprises`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    /// Only this park.
    pub park: Option<i64>,
    /// Only this status.
    pub status: Option<EnterpriseStatus>,
    /// Text in the name.
    pub text: Option<String>,
    /// The page (by id).
    pub page: PageRequest,
}

impl FromQuery for EnterpriseFilter {
    type Query = EnterpriseQuery;

    fn from_query(q: EnterpriseQuery) -> Result<Self, FieldError> {
        let status = choice("status", q.status.as_deref(), EnterpriseStatus::parse, "resumed, not_resumed, suspended")?;
        let page = PageRequest::parse_fixed(q.cursor.as_deref(), 1, q.limit, q.total)?;
        Ok(Self { park: q.park, status, text: search_text(q.q), page })
    }
}

/// The officer list's filter and page (`GET /officers`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficerFilter {
    /// Only this park.
    pub park: Option<i64>,
    /// Only this dispatching unit.
    pub unit: Option<i64>,
    /// Only officers with this attendance today.
    pub attendance: Option<Attendance>,
    /// Text in the name.
    pub text: Option<String>,
    /// The page (by id).
    pub page: PageRequest,
}

impl FromQuery for OfficerFilter {
    type Query = OfficerQuery;

    fn from_query(q: OfficerQuery) -> Result<Self, FieldError> {
        let text = search_text(q.q);
        let attendance =
            choice("attendance", q.attendance.as_deref(), Attendance::parse, "present, late, absent, not_yet")?;
        let page = PageRequest::parse_fixed(q.cursor.as_deref(), 1, q.limit, q.total)?;
        Ok(Self { park: q.park, unit: q.unit, attendance, text, page })
    }
}

/// The overdue-report list's filter and page (`GET /reports/overdue`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverdueFilter {
    /// The local date; `None` for the latest date whose deadline has passed.
    pub date: Option<NaiveDate>,
    /// Only this park.
    pub park: Option<i64>,
    /// Only enterprises an officer of this unit liaises with.
    pub unit: Option<i64>,
    /// The page (most days in a row first).
    pub page: PageRequest,
}

impl FromQuery for OverdueFilter {
    type Query = OverdueQuery;

    fn from_query(q: OverdueQuery) -> Result<Self, FieldError> {
        let page = PageRequest::parse_fixed(q.cursor.as_deref(), 2, q.limit, q.total)?;
        Ok(Self { date: q.date, park: q.park, unit: q.unit, page })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_fault(q: ProblemQuery) -> String {
        ProblemFilter::from_query(q).unwrap_err().field
    }

    #[test]
    fn problem_queries_become_typed_filters() {
        let q = ProblemQuery {
            state: Some("unresolved".into()),
            level: Some(1),
            assignee: Some("officer:7".into()),
            priority: Some("high".into()),
            q: Some("  口罩 ".into()),
            sort: Some("newest".into()),
            ..Default::default()
        };
        let f = ProblemFilter::from_query(q).unwrap();
        assert_eq!(f.state, Some(StateFilter::Unresolved));
        assert_eq!(f.assignee, Some(AssigneeFilter::Officer(7)));
        assert_eq!((f.priority, f.min_level, f.text.as_deref()), (Some(Priority::High), Some(1), Some("口罩")));
        assert_eq!(f.sort, ProblemSort::Newest);
        assert_eq!(f.page, PageRequest::first(50));
    }

    #[test]
    fn each_bad_field_is_named() {
        let q = |f: fn(&mut ProblemQuery)| {
            let mut q = ProblemQuery::default();
            f(&mut q);
            q
        };
        assert_eq!(problem_fault(q(|q| q.sort = Some("loudest".into()))), "sort");
        assert_eq!(problem_fault(q(|q| q.state = Some("lost".into()))), "state");
        assert_eq!(problem_fault(q(|q| q.level = Some(3))), "level");
        assert_eq!(problem_fault(q(|q| q.priority = Some("soon".into()))), "priority");
        assert_eq!(problem_fault(q(|q| q.assignee = Some("officer:x".into()))), "assignee");
        assert_eq!(problem_fault(q(|q| q.cursor = Some("garbage".into()))), "cursor");
        let bad = OfficerQuery { attendance: Some("sometimes".into()), ..Default::default() };
        assert_eq!(OfficerFilter::from_query(bad).unwrap_err().field, "attendance");
        let bad = EnterpriseQuery { status: Some("closed".into()), ..Default::default() };
        assert_eq!(EnterpriseFilter::from_query(bad).unwrap_err().field, "status");
        let bad = OverdueQuery { cursor: Some("garbage".into()), ..Default::default() };
        assert_eq!(OverdueFilter::from_query(bad).unwrap_err().field, "cursor");
    }
}

//! What the typed filters of the list endpoints share. The server validates each query string
//! (the wire structs of [`crate::api::types`]) into its list's filter at the edge
//! ([`FromQuery`]), so the store's lists take only well-formed filters and fail only for
//! database reasons. Each filter lives beside its list: `problems`, `enterprises`, `officers`,
//! `overdue`.

use serde::de::DeserializeOwned;

use crate::api::types::FieldError;

/// A typed filter validated from the query string of its list endpoint.
pub trait FromQuery: Sized {
    /// The query string's wire struct.
    type Query: DeserializeOwned + Send;
    /// Validates the query; the error names the query field at fault and what to fix.
    fn from_query(q: Self::Query) -> Result<Self, FieldError>;
}

/// An optional query value that must be one of a closed set: `None` when absent, the parsed
/// value, or a fault naming the field and the values allowed.
pub(super) fn choice<T>(
    field: &'static str,
    value: Option<&str>,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<Option<T>, FieldError> {
    value.map(|v| parse(v).ok_or_else(|| fault(field, format!("{v:?} is not one of {allowed}")))).transpose()
}

/// A query fault on `field`.
pub(super) fn fault(field: &str, message: String) -> FieldError {
    FieldError { field: field.to_string(), message }
}

/// The non-blank search text of a `q` parameter, trimmed.
pub(super) fn search_text(q: Option<String>) -> Option<String> {
    q.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{EnterpriseQuery, OfficerQuery, OverdueQuery, ProblemQuery};
    use crate::domain::lifecycle::Priority;
    use crate::store::enterprises::EnterpriseFilter;
    use crate::store::officers::OfficerFilter;
    use crate::store::overdue::OverdueFilter;
    use crate::store::page::PageRequest;
    use crate::store::problems::{AssigneeFilter, ProblemFilter, ProblemSort, StateFilter};

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

//! The reassign picker's data: departments (from `/org`: the short name shown, the full name
//! and aliases searchable), ranked here by [`crate::matcher`] (Chinese, full pinyin, initials,
//! polyphonic readings, aliases), and officers found by the server's search
//! (`GET /officers?q=&limit=20`, in the server's order, which is its ranking) for the query
//! typed: a province has too many officers to hold. Department loads come from
//! `GET /problems?assignee=department:ID&state=unresolved&total=true&limit=1`, fetched when the
//! picker first opens (the queues the console holds are partial, so counting them would
//! understate the load).
//!
//! The two lists are merged by the quality of the match (a key starts with the query, contains
//! it, or matches fuzzily), the first criterion of [`crate::matcher::rank`], computed here for
//! the officers too: the better match comes first, and a department before an officer of the
//! same quality, as when one matcher ranked both; among officers the server's order holds.

use crate::api::types::{Officer, Org};
use crate::matcher::{Candidate, CandidateKind, Quality, rank};

use crate::console::model::triage::Target;

/// Officers the picker asks the server for, per query.
pub(crate) const SEARCH_LIMIT: i64 = 20;

/// What the picker shows of a candidate besides its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The officer's unit, park and phone (empty for a department).
    pub place: String,
    /// Open problems assigned to it, when known.
    pub load: Option<i64>,
}

/// Departments with their search keys built once, and the officer search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assignees {
    /// The departments, for the matcher.
    pub departments: Vec<Candidate>,
    /// Shown beside each department (same order).
    pub department_info: Vec<Info>,
    /// The department loads were asked for (once, when the picker first opens).
    pub loads_asked: bool,
    /// (department id, open problems) as fetched.
    pub dept_load: Vec<(i64, i64)>,
    /// The officers the server found for the query typed.
    pub search: OfficerSearch,
}

/// The server's officer search as the picker follows it: the query last asked, and the
/// officers of the last answer to the query that was then the latest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficerSearch {
    /// The query last asked for (trimmed); empty when none.
    pub asked: String,
    /// An answer to `asked` is awaited (the picker says it is searching).
    pub in_flight: bool,
    /// Why the search for `asked` failed.
    pub error: Option<String>,
    /// The query the officers below answer.
    pub answered: String,
    /// The officers found, in the server's order, with their search keys.
    pub officers: Vec<Candidate>,
    /// Shown beside each officer (same order).
    pub officer_info: Vec<Info>,
}

impl OfficerSearch {
    /// The user typed: the query to send when it differs from the one last asked (trimmed;
    /// an empty one cancels the search and clears the officers).
    pub fn ask(&mut self, query: &str) -> Option<String> {
        let query = query.trim();
        if query == self.asked {
            return None;
        }
        self.asked = query.to_string();
        self.in_flight = !query.is_empty();
        self.error = None;
        if query.is_empty() {
            self.answered.clear();
            self.officers.clear();
            self.officer_info.clear();
        }
        Some(query.to_string())
    }

    /// The server answered `query`: kept when it answers the query last asked, else dropped
    /// (an older query's answer); returns whether it was kept.
    pub fn answer(&mut self, query: &str, result: Result<Vec<Officer>, String>) -> bool {
        if query != self.asked || query.is_empty() {
            return false;
        }
        self.in_flight = false;
        self.officers.clear();
        self.officer_info.clear();
        match result {
            Ok(found) => {
                self.error = None;
                self.answered = query.to_string();
                for o in found {
                    self.officers.push(Candidate::new(CandidateKind::Officer, o.id, &o.name, &[]));
                    let mut place = format!("{} · {}", o.unit.name, o.park.name);
                    if let Some(phone) = &o.phone {
                        place = format!("{place} · {phone}");
                    }
                    self.officer_info.push(Info { place, load: Some(o.open_problems) });
                }
            }
            Err(e) => {
                self.error = Some(e);
                self.answered.clear();
            }
        }
        true
    }
}

/// One line of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The department or officer the problem would be reassigned to (id and display name).
    pub target: Target,
    /// What is shown beside the name: an officer's unit and park, and the open-problem load.
    pub info: Info,
}

impl Assignees {
    /// Rebuilds the departments from the organisation and their loads; the search is kept.
    pub fn set_departments(&mut self, org: Option<&Org>, dept_load: &[(i64, i64)]) {
        self.departments.clear();
        self.department_info.clear();
        self.dept_load = dept_load.to_vec();
        for dep in org.map(|o| o.departments.as_slice()).unwrap_or_default() {
            let shown = if dep.short_name.is_empty() { &dep.name } else { &dep.short_name };
            let mut aliases = vec![dep.name.clone()];
            aliases.extend(dep.aliases.iter().cloned());
            self.departments.push(Candidate::new(CandidateKind::Department, dep.id, shown, &aliases));
            let load = dept_load.iter().find(|(id, _)| *id == dep.id).map(|l| l.1);
            self.department_info.push(Info { place: String::new(), load });
        }
    }

    /// The choices for `query`, best first: the departments that match, and the officers the
    /// server found, merged by the quality of the match (a department first when equal). While
    /// the answer to `query` is awaited, the officers of the previous answer that match `query`
    /// stay; an empty query lists the departments only.
    pub fn choices(&self, query: &str) -> Vec<Choice> {
        let choice = |c: &Candidate, info: &Info| Choice {
            target: Target { kind: c.kind, id: c.id, name: c.name.clone() },
            info: info.clone(),
        };
        let departments: Vec<(Quality, Choice)> = rank(query, &self.departments)
            .into_iter()
            .map(|r| (r.quality, choice(&self.departments[r.index], &self.department_info[r.index])))
            .collect();
        let s = &self.search;
        let query = query.trim();
        let mut officers: Vec<(Quality, Choice)> = Vec::new();
        if !query.is_empty() {
            let mut quality: Vec<Option<Quality>> = vec![None; s.officers.len()];
            for r in rank(query, &s.officers) {
                quality[r.index] = Some(r.quality);
            }
            let current = s.answered == query;
            for (i, q) in quality.into_iter().enumerate() {
                // The server found it for this query: shown, even where the matcher here is
                // stricter than the server's.
                let q = if current { Some(q.unwrap_or(Quality::Fuzzy)) } else { q };
                if let Some(q) = q {
                    officers.push((q, choice(&s.officers[i], &s.officer_info[i])));
                }
            }
        }
        merge(departments, officers)
    }
}

/// Merges two lists each in its own order: the head of better quality first, a department on
/// a tie.
fn merge(departments: Vec<(Quality, Choice)>, officers: Vec<(Quality, Choice)>) -> Vec<Choice> {
    let mut out = Vec::with_capacity(departments.len() + officers.len());
    let mut d = departments.into_iter().peekable();
    let mut o = officers.into_iter().peekable();
    loop {
        let take_department = match (d.peek(), o.peek()) {
            (Some(a), Some(b)) => a.0 >= b.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        let next = if take_department { d.next() } else { o.next() };
        out.extend(next.map(|(_, c)| c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(kind: CandidateKind, id: i64) -> Choice {
        Choice { target: Target { kind, id, name: id.to_string() }, info: Info { place: String::new(), load: None } }
    }

    #[test]
    fn the_better_match_first_and_a_department_on_a_tie() {
        let d = |id| choice(CandidateKind::Department, id);
        let o = |id| choice(CandidateKind::Officer, id);
        let departments = vec![(Quality::Prefix, d(1)), (Quality::Contains, d(2)), (Quality::Fuzzy, d(3))];
        let officers = vec![(Quality::Prefix, o(10)), (Quality::Prefix, o(11)), (Quality::Fuzzy, o(12))];
        let ids: Vec<i64> = merge(departments, officers).into_iter().map(|c| c.target.id).collect();
        assert_eq!(ids, [1, 10, 11, 2, 3, 12]);
    }

    #[test]
    fn an_answer_to_an_older_query_is_dropped() {
        let mut s = OfficerSearch::default();
        assert_eq!(s.ask(" zq "), Some("zq".into()));
        assert_eq!(s.ask("zq"), None, "the same query is not asked twice");
        assert_eq!(s.ask("zqi"), Some("zqi".into()));
        assert!(!s.answer("zq", Ok(Vec::new())));
        assert!(s.in_flight);
        assert!(s.answer("zqi", Err("503".into())));
        assert_eq!((s.in_flight, s.error.as_deref()), (false, Some("503")));
        assert_eq!(s.ask(""), Some(String::new()));
        assert!(!s.in_flight, "an empty query is not searched");
    }
}

//! The reassign picker's data: departments (from `/org`: the short name shown, the full name
//! and aliases searchable) and officers (from `/officers`, fetched once when the picker first
//! opens), each with its park and its load of open problems, ranked by [`crate::matcher`] —
//! Chinese, full pinyin, initials, polyphonic readings, aliases; departments first for the
//! same quality. Department loads come from `GET /problems?assignee=department:ID&
//! state=unresolved&total=true&limit=1`, fetched with the officers (the queues the console
//! holds are partial, so counting them would understate the load).

use crate::api::types::{Officer, Org};
use crate::matcher::{Candidate, CandidateKind, rank};

use crate::console::model::triage::Target;

/// What the picker shows of a candidate besides its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The officer's park and unit (empty for a department).
    pub place: String,
    /// Open problems assigned to it, when known.
    pub load: Option<i64>,
}

/// Everyone a problem can be reassigned to, with their search keys built once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assignees {
    /// Candidates for the matcher.
    pub candidates: Vec<Candidate>,
    /// Shown beside each candidate (same order).
    pub info: Vec<Info>,
    /// The officers arrived (or their fetch was asked for).
    pub officers_asked: bool,
    /// The officers' fetch has answered (they are in `officers`); the picker says loading until then.
    pub officers_loaded: bool,
    /// The officers as fetched (kept to rebuild when `/org` changes).
    pub officers: Option<Vec<Officer>>,
    /// (department id, open problems) as fetched.
    pub dept_load: Vec<(i64, i64)>,
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
    /// Rebuilds from the organisation, the officers (if fetched) and department loads.
    pub fn build(org: Option<&Org>, officers: Option<&[Officer]>, dept_load: &[(i64, i64)]) -> Assignees {
        let mut d = Assignees {
            officers: officers.map(<[Officer]>::to_vec),
            dept_load: dept_load.to_vec(),
            ..Assignees::default()
        };
        for dep in org.map(|o| o.departments.as_slice()).unwrap_or_default() {
            let shown = if dep.short_name.is_empty() { &dep.name } else { &dep.short_name };
            let mut aliases = vec![dep.name.clone()];
            aliases.extend(dep.aliases.iter().cloned());
            d.candidates.push(Candidate::new(CandidateKind::Department, dep.id, shown, &aliases));
            let load = dept_load.iter().find(|(id, _)| *id == dep.id).map(|l| l.1);
            d.info.push(Info { place: String::new(), load });
        }
        if let Some(list) = officers {
            d.officers_loaded = true;
            d.officers_asked = true;
            for o in list {
                d.candidates.push(Candidate::new(CandidateKind::Officer, o.id, &o.name, &[]));
                let place = format!("{} · {}", o.unit.name, o.park.name);
                d.info.push(Info { place, load: Some(o.open_problems) });
            }
        }
        d
    }

    /// The choices for `query`, best first.
    pub fn choices(&self, query: &str) -> Vec<Choice> {
        rank(query, &self.candidates)
            .into_iter()
            .map(|r| {
                let c = &self.candidates[r.index];
                Choice {
                    target: Target { kind: c.kind, id: c.id, name: c.name.clone() },
                    info: self.info[r.index].clone(),
                }
            })
            .collect()
    }
}

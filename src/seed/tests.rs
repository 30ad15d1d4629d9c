//! Suites on generated demo data, and the checks they share: [`generated_data`] (determinism,
//! sizes, nothing in the future, the day's shape at 08:00 and 21:00, timelines replayed through
//! the life-cycle rules) and [`loading`] (the data in a real SQLite database).

mod generated_data;
mod loading;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};

use chrono::{DateTime, Utc};

use super::{Preset, generate, organisation};
use crate::api::types::AssigneeKind;
use crate::domain::calendar::{Calendar, SlaHours};
use crate::domain::lifecycle::{Action, ProblemState, transition};
use crate::store::bulk::SeedData;

pub(super) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("valid instant").with_timezone(&Utc)
}

pub(super) fn gen_at(preset: Preset, seed: u64, now: &str) -> SeedData {
    generate(preset, seed, at(now), &Calendar::default(), &SlaHours::default())
}

struct HashWriter(DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// A fingerprint of everything generated.
pub(super) fn fingerprint(d: &SeedData) -> u64 {
    let mut w = HashWriter(DefaultHasher::new());
    write!(w, "{d:?}").expect("hashing cannot fail");
    w.0.finish()
}

pub(super) fn within(actual: usize, target: usize, pct: f64) -> bool {
    (actual as f64 - target as f64).abs() <= target as f64 * pct / 100.0
}

pub(super) fn check_org(d: &SeedData, preset: Preset) {
    assert!(within(d.enterprises.len(), preset.enterprises(), 5.0), "{}", d.enterprises.len());
    assert!(within(d.officers.len(), preset.officers(), 5.0), "{}", d.officers.len());
    let ent_park: HashMap<i64, i64> = d.enterprises.iter().map(|e| (e.id, e.park_id)).collect();
    let mut per_ent: HashMap<i64, usize> = HashMap::new();
    let mut per_off: HashMap<i64, usize> = HashMap::new();
    for (o, e) in &d.assignments {
        *per_ent.entry(*e).or_default() += 1;
        *per_off.entry(*o).or_default() += 1;
        assert_eq!(d.officers[(*o - 1) as usize].park_id, ent_park[e], "officer's park is its enterprises'");
    }
    assert!(d.officers.iter().all(|o| per_off.get(&o.id).copied().unwrap_or(0) >= 1));
    assert!(per_ent.values().all(|n| (1..=3).contains(n)));
    let two = per_ent.values().filter(|n| **n >= 2).count();
    assert!(two * 4 > per_ent.len(), "two officers per enterprise is common");
    assert!((20..=40).contains(&d.units.len()));
    assert_eq!(d.departments.len(), 12);
    for class in organisation::CLASSES.map(|c| c.0) {
        assert!(d.enterprises.iter().any(|e| e.class == class));
    }
    let names: HashSet<_> = d.enterprises.iter().map(|e| &e.name).collect();
    assert_eq!(names.len(), d.enterprises.len(), "enterprise names are distinct");
    assert!(names.iter().any(|n| n.as_str() == "湖南邦普循环"));
}

/// Replays every problem's events through the life-cycle rules.
pub(super) fn check_timelines(d: &SeedData, now: i64) {
    let sla = SlaHours::default();
    let mut events: HashMap<i64, Vec<_>> = HashMap::new();
    for e in &d.events {
        events.entry(e.problem_id).or_default().push(e);
    }
    for p in &d.problems {
        let evs = &events[&p.id];
        assert_eq!(evs[0].action, Action::Raise);
        assert_eq!(evs[0].from_state, None);
        assert_eq!(evs[0].at, p.created_at);
        let (mut state, mut level, mut version) = (ProblemState::Open, 0, 1);
        let mut assignee = (AssigneeKind::Desk, 0);
        for ev in &evs[1..] {
            assert_eq!(ev.from_state, Some(state), "problem {}", p.id);
            let t = transition(ev.action, state, level).expect("events follow the life cycle");
            assert_eq!(t.to_state, ev.to_state);
            let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("payload is JSON");
            match ev.action {
                Action::Escalate => {
                    assert_eq!(payload["level"], t.to_level);
                    assignee = (AssigneeKind::Desk, t.to_level);
                }
                Action::Reassign => {
                    let a = &payload["assignee"];
                    let kind = if a["kind"] == "department" { AssigneeKind::Department } else { AssigneeKind::Officer };
                    assert!(a["name"].as_str().is_some_and(|n| !n.is_empty()));
                    assignee = (kind, a["id"].as_i64().expect("id"));
                }
                Action::Resolve => assert!(payload["resolution"].as_str().is_some_and(|r| !r.is_empty())),
                Action::Comment => assert!(payload["text"].is_string()),
                _ => {}
            }
            if ev.action != Action::Comment {
                version += 1;
            }
            (state, level) = (t.to_state, t.to_level);
        }
        assert_eq!((p.state, p.level, p.version), (state, level, version), "problem {}", p.id);
        assert_eq!((p.assignee_kind, p.assignee_id), assignee, "problem {}", p.id);
        assert_eq!(p.updated_at, evs[evs.len() - 1].at);
        assert_eq!(p.due_at, p.created_at + sla.hours(p.priority) * 3_600_000);
        assert_eq!(p.resolved_at.is_some(), p.state == ProblemState::Resolved);
    }
    let open: Vec<_> = d.problems.iter().filter(|p| p.state != ProblemState::Resolved).collect();
    assert!(open.iter().any(|p| p.state == ProblemState::Open && p.level == 0));
    assert!(open.iter().any(|p| p.state == ProblemState::Acknowledged));
    for level in [1, 2] {
        assert!(open.iter().any(|p| p.level == level), "escalated to level {level}");
    }
    assert!(open.iter().any(|p| p.assignee_kind == AssigneeKind::Department));
    assert!(open.iter().any(|p| p.due_at < now), "some past their SLA");
    assert!(open.iter().any(|p| p.due_at > now), "some within their SLA");
    let categories: HashSet<_> = d.problems.iter().map(|p| p.category.as_str()).collect();
    assert_eq!(categories.len(), crate::seed::phrasebook::CATEGORIES.len());
}

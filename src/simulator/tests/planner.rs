//! The planner against a hand-made world of 60 officers, 50 enterprises and problems in every
//! state and level: what it proposes at each hour, and that every proposal is one the world and
//! the life cycle allow.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveTime};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::api::types::{AssigneeKind, DailyReportBody, EnterpriseStatus};
use crate::domain::lifecycle::{Action, MAX_LEVEL, ProblemState, transition};
use crate::simulator::actions::SimAction;
use crate::simulator::actions::request_for;
use crate::simulator::planner::{decide, plan_tick, report_body};
use crate::simulator::world::{SimEnterprise, SimOfficer, SimProblem, World, never_checks_in, never_reports};

fn today() -> NaiveDate {
    "2026-02-16".parse().expect("date")
}

/// 60 officers (every third checked in), 50 enterprises (every fourth reported), problems in
/// every state and level, overdue reports of yesterday and today.
fn world() -> World {
    let mut w = World::new(today());
    for id in 1..=60 {
        w.officers.push(SimOfficer { id, enterprises: vec![(id - 1) % 50 + 1, id % 50 + 1], checked_in: id % 3 == 0 });
    }
    for id in 1..=50 {
        let status = match id % 5 {
            0 => EnterpriseStatus::NotResumed,
            1 => EnterpriseStatus::Suspended,
            _ => EnterpriseStatus::Resumed,
        };
        w.enterprises.push(SimEnterprise {
            id,
            status,
            baseline: 100 + id,
            on_site: if status == EnterpriseStatus::Resumed { 50 } else { 0 },
            officers: vec![id, id + 10],
            reported_today: id % 4 == 0,
        });
    }
    w.reindex();
    let states = [
        (ProblemState::Open, 0, AssigneeKind::Desk),
        (ProblemState::Acknowledged, 0, AssigneeKind::Desk),
        (ProblemState::Open, 1, AssigneeKind::Desk),
        (ProblemState::Open, 1, AssigneeKind::Department),
        (ProblemState::Acknowledged, 2, AssigneeKind::Department),
        (ProblemState::Open, 2, AssigneeKind::Desk),
    ];
    for (i, (state, level, assignee)) in states.iter().cycle().take(30).enumerate() {
        w.problems.push(SimProblem {
            id: i as i64 + 1,
            category: crate::seed::phrasebook::CATEGORIES[i % 7].to_string(),
            state: *state,
            level: *level,
            version: i as i64 % 4 + 1,
            assignee: *assignee,
        });
    }
    w.overdue = (1..=20).map(|e| (e, today() - chrono::Duration::days(e % 2))).collect();
    w.departments = (1..=12).collect();
    w
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

#[test]
fn every_hour_has_several_kinds_of_action() {
    let w = world();
    for (h, m) in [(3, 0), (8, 30), (21, 0)] {
        let mut rng = ChaCha8Rng::seed_from_u64(h as u64);
        let mut kinds = HashSet::new();
        for _ in 0..5 {
            let actions = plan_tick(&w, t(h, m), 12, &mut rng);
            assert_eq!(actions.len(), 12, "{h}:{m}");
            kinds.extend(actions.iter().map(super::super::actions::SimAction::kind));
        }
        assert!(kinds.len() >= 4, "at {h}:{m} only {kinds:?}");
        assert!(kinds.contains("checkin") && kinds.contains("report"), "at {h}:{m}: {kinds:?}");
    }
}

#[test]
fn planner_respects_the_world_and_the_life_cycle() {
    let w = world();
    for seed in 0..200 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let actions = plan_tick(&w, t((seed % 24) as u32, 10), 10, &mut rng);
        let mut touched = HashSet::new();
        for a in &actions {
            match a {
                SimAction::Checkin { officer_id, enterprise_id } => {
                    let o = w.officers.iter().find(|o| o.id == *officer_id).expect("known officer");
                    assert!(!o.checked_in, "officer {officer_id} already checked in today");
                    assert!(!never_checks_in(*officer_id));
                    assert!(o.enterprises.contains(enterprise_id));
                    assert!(touched.insert(("o", *officer_id)));
                }
                SimAction::Report { enterprise_id, date, body } => {
                    let e = w.enterprise(*enterprise_id).expect("known enterprise");
                    assert!(!never_reports(*enterprise_id));
                    assert!(*date <= today());
                    if *date == today() {
                        assert!(!e.reported_today, "enterprise {enterprise_id} already reported");
                    } else {
                        assert!(w.overdue.contains(&(*enterprise_id, *date)));
                    }
                    assert!(e.officers.contains(&body.officer_id.expect("on behalf of an officer")));
                    assert!((0..=e.baseline).contains(&body.employees_on_site));
                    assert!(touched.insert(("e", *enterprise_id)));
                }
                SimAction::Raise(p) => {
                    let e = w.enterprise(p.enterprise_id).expect("known enterprise");
                    assert!(e.officers.contains(&p.officer_id.expect("officer")));
                    assert!(crate::seed::phrasebook::CATEGORIES.contains(&p.category.as_str()));
                    assert!(!p.title.is_empty());
                    assert!(touched.insert(("e", p.enterprise_id)));
                }
                other => {
                    let req = request_for(other);
                    let id: i64 = req.path.split('/').nth(2).and_then(|s| s.parse().ok()).expect("problem id");
                    let p = w.problems.iter().find(|p| p.id == id).expect("known problem");
                    assert_eq!(req.if_match, Some(p.version), "If-Match carries the known version");
                    let action = match other {
                        SimAction::Acknowledge { .. } => Action::Acknowledge,
                        SimAction::Escalate { .. } => Action::Escalate,
                        SimAction::Reassign { department_id, .. } => {
                            assert!(w.departments.contains(department_id));
                            Action::Reassign
                        }
                        SimAction::Resolve { resolution, .. } => {
                            assert!(!resolution.is_empty());
                            Action::Resolve
                        }
                        _ => Action::Comment,
                    };
                    assert!(transition(action, p.state, p.level).is_ok(), "{action:?} on {p:?}");
                    assert!(touched.insert(("p", id)));
                }
            }
        }
    }
}

#[test]
fn top_level_problems_are_never_escalated() {
    let w = world();
    let p = SimProblem {
        id: 1,
        category: "policy".into(),
        state: ProblemState::Acknowledged,
        level: MAX_LEVEL,
        version: 3,
        assignee: AssigneeKind::Desk,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for _ in 0..500 {
        let a = decide(&w, &p, &mut rng).expect("an action");
        assert!(!matches!(a, SimAction::Escalate { .. } | SimAction::Acknowledge { .. }), "{a:?}");
    }
}

#[test]
fn enterprises_resume_and_staff_rise() {
    let e = SimEnterprise {
        id: 1,
        status: EnterpriseStatus::NotResumed,
        baseline: 200,
        on_site: 2,
        officers: vec![7],
        reported_today: false,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let bodies: Vec<DailyReportBody> = (0..200).filter_map(|_| report_body(&e, &mut rng)).collect();
    assert!(bodies.iter().any(|b| b.status == EnterpriseStatus::Resumed && b.employees_on_site >= 60));
    assert!(bodies.iter().any(|b| b.status == EnterpriseStatus::NotResumed && b.employees_on_site <= 3));
    let r = SimEnterprise { status: EnterpriseStatus::Resumed, on_site: 120, ..e };
    let bodies: Vec<DailyReportBody> = (0..200).filter_map(|_| report_body(&r, &mut rng)).collect();
    assert!(
        bodies
            .iter()
            .filter(|b| b.status == EnterpriseStatus::Resumed)
            .all(|b| (121..=200).contains(&b.employees_on_site))
    );
}

#[test]
fn reminded_officers_who_answer_file_the_report_at_once() {
    let mut w = world();
    // Every overdue report not already in was chased.
    w.reminded = w.overdue.iter().copied().filter(|&(id, d)| !(d == today() && id % 4 == 0)).collect();
    let answering: Vec<(i64, NaiveDate)> =
        w.reminded.iter().copied().filter(|(id, _)| crate::simulator::world::answers_reminders(*id)).collect();
    assert!(!answering.is_empty() && answering.len() < w.reminded.len(), "a share answers, not all: {answering:?}");
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let actions = plan_tick(&w, t(3, 0), answering.len() + 4, &mut rng);
    let reports: Vec<(i64, NaiveDate)> = actions
        .iter()
        .filter_map(|a| match a {
            SimAction::Report { enterprise_id, date, .. } => Some((*enterprise_id, *date)),
            _ => None,
        })
        .collect();
    // In the very next tick, first, each for the day it was chased.
    assert_eq!(reports[..answering.len()], answering[..], "{actions:?}");
    // A report filed takes it off the reminded list: never filed twice.
    for (id, date) in &answering {
        let body = DailyReportBody {
            status: EnterpriseStatus::Resumed,
            employees_on_site: 1,
            notes: String::new(),
            officer_id: None,
        };
        w.mark_reported(*id, *date, &body);
    }
    assert!(w.reminded.iter().all(|r| !answering.contains(r)));
    let next = plan_tick(&w, t(3, 0), 0, &mut rng);
    assert!(next.is_empty(), "a zero budget plans nothing");
}

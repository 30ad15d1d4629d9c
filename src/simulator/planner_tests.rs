//! Tests of the simulator's planner and request building, without a network.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveTime};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use reqwest::{Method, StatusCode};

use super::actions::SimAction;
use super::client::{Outcome, base_url, classify, request_for};
use super::planner::{decide, plan_tick, report_body};
use super::world::{SimEnterprise, SimOfficer, SimProblem, World, never_checks_in, never_reports};
use crate::api::types::{
    AssigneeKind, DailyReportBody, EnterpriseStatus, NewCheckin, NewProblem, NoteBody, ReassignBody,
};
use crate::domain::lifecycle::{Action, MAX_LEVEL, ProblemState, transition};

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
            kinds.extend(actions.iter().map(|a| a.kind()));
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
fn requests_follow_the_contract() {
    let c = request_for(&SimAction::Checkin { officer_id: 7, enterprise_id: 3 });
    assert_eq!((c.method.clone(), c.path.as_str()), (Method::POST, "/checkins"));
    assert!(c.needs_idempotency_key() && c.if_match.is_none());
    let body: NewCheckin = serde_json::from_value(c.body).expect("a NewCheckin");
    assert_eq!((body.enterprise_id, body.officer_id), (3, Some(7)));

    let report = DailyReportBody {
        status: EnterpriseStatus::Resumed,
        employees_on_site: 40,
        notes: String::new(),
        officer_id: Some(7),
    };
    let r = request_for(&SimAction::Report { enterprise_id: 3, date: today(), body: report.clone() });
    assert_eq!((r.method.clone(), r.path.as_str()), (Method::PUT, "/daily-reports/3/2026-02-16"));
    assert!(!r.needs_idempotency_key());
    assert_eq!(serde_json::from_value::<DailyReportBody>(r.body).expect("body"), report);

    let p = NewProblem {
        enterprise_id: 3,
        title: "口罩缺口".into(),
        description: String::new(),
        category: "protective_supplies".into(),
        priority: None,
        officer_id: Some(7),
    };
    let raise = request_for(&SimAction::Raise(p.clone()));
    assert_eq!(serde_json::from_value::<NewProblem>(raise.body).expect("body"), p);

    let esc = request_for(&SimAction::Escalate { problem_id: 9, version: 4, note: Some("请协调".into()) });
    assert_eq!(esc.path, "/problems/9/escalate");
    assert_eq!(esc.if_match_header().as_deref(), Some("\"4\""));
    assert_eq!(serde_json::from_value::<NoteBody>(esc.body).expect("body").note.as_deref(), Some("请协调"));
    let ack = request_for(&SimAction::Acknowledge { problem_id: 9, version: 5 });
    assert_eq!(serde_json::from_value::<NoteBody>(ack.body).expect("body"), NoteBody::default());
    let re = request_for(&SimAction::Reassign { problem_id: 9, version: 6, department_id: 5 });
    let body: ReassignBody = serde_json::from_value(re.body).expect("body");
    assert_eq!((body.department_id, body.officer_id), (Some(5), None));
    let res = request_for(&SimAction::Resolve { problem_id: 9, version: 7, resolution: "已解决".into() });
    assert_eq!((res.path.as_str(), res.body["resolution"].as_str()), ("/problems/9/resolve", Some("已解决")));
}

#[test]
fn responses_are_classified() {
    assert!(matches!(classify(StatusCode::CREATED, None, "{\"id\":1}"), Outcome::Done(v) if v["id"] == 1));
    assert_eq!(classify(StatusCode::PRECONDITION_FAILED, None, "not json"), Outcome::Stale(None));
    assert!(matches!(classify(StatusCode::CONFLICT, None, ""), Outcome::Refused(409, _)));
    assert_eq!(classify(StatusCode::TOO_MANY_REQUESTS, Some(3), ""), Outcome::Busy(std::time::Duration::from_secs(3)));
    assert!(matches!(classify(StatusCode::INTERNAL_SERVER_ERROR, None, ""), Outcome::Failed(_)));
    assert_eq!(base_url("http://h:1/"), "http://h:1/api/v1");
    assert_eq!(base_url("http://h:1/api/v1/"), "http://h:1/api/v1");
}

#[test]
fn pace_scales_with_speed() {
    use super::run::pace;
    assert_eq!(pace(1.0), (std::time::Duration::from_secs(1), 3));
    assert_eq!(pace(10.0).1, 30);
    let (slow, n) = pace(0.1);
    assert_eq!(n, 1);
    assert!(slow > std::time::Duration::from_secs(3));
}

#[test]
fn stable_shares_never_report_or_check_in() {
    let nr = (1..=10_000).filter(|i| never_reports(*i)).count();
    let nc = (1..=10_000).filter(|i| never_checks_in(*i)).count();
    assert!((400..800).contains(&nr), "{nr}");
    assert!((150..450).contains(&nc), "{nc}");
}

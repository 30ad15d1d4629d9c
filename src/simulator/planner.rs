//! The simulator's pure planner: given the world and the local time, the intake and triage
//! actions of the next tick. No IO and no clock, so it is tested at any hour.

use std::collections::HashSet;

use chrono::{NaiveTime, Timelike};
use rand::Rng;
use rand::seq::SliceRandom;

use super::actions::SimAction;
use super::world::{SimEnterprise, SimProblem, World, answers_reminders, never_checks_in, never_reports};
use crate::api::types::{AssigneeKind, DailyReportBody, EnterpriseStatus, NewProblem};
use crate::domain::lifecycle::{MAX_LEVEL, Priority, ProblemState};
use crate::seed::phrasebook;

/// The kinds the planner chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An officer checks in.
    Checkin,
    /// An officer files an enterprise's daily report for today.
    Report,
    /// A report for an overdue date.
    LateReport,
    /// A new problem.
    Raise,
    /// A desk or department acts on a problem.
    Triage,
}

/// Weights of the kinds of action at a local hour: check-ins in the morning, reports towards
/// the deadline, late reports in the evening and night, raising and triage in office hours;
/// never zero, so something visible happens at any hour.
pub fn weights(local: NaiveTime) -> [(Kind, f64); 5] {
    let h = local.hour();
    let checkin = match h {
        6..10 => 6.0,
        10..12 => 2.0,
        _ => 1.0,
    };
    let report = match h {
        15..20 => 6.0,
        10..15 => 2.0,
        _ => 1.0,
    };
    let late = match h {
        20..24 => 3.0,
        0..10 => 2.0,
        _ => 1.0,
    };
    let raise = if (8..18).contains(&h) { 2.0 } else { 1.0 };
    let triage = if (8..20).contains(&h) { 3.0 } else { 1.5 };
    [
        (Kind::Checkin, checkin),
        (Kind::Report, report),
        (Kind::LateReport, late),
        (Kind::Raise, raise),
        (Kind::Triage, triage),
    ]
}

/// Things already used in this tick, so one tick never acts twice on the same thing.
#[derive(Debug, Default)]
struct Used {
    officers: HashSet<i64>,
    enterprises: HashSet<i64>,
    problems: HashSet<i64>,
}

/// A random item satisfying `ok`: a few random probes, then a scan from a random start.
fn sample<'a, T>(items: &'a [T], rng: &mut impl Rng, ok: impl Fn(&T) -> bool) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    for _ in 0..24 {
        let x = &items[rng.gen_range(0..items.len())];
        if ok(x) {
            return Some(x);
        }
    }
    let start = rng.gen_range(0..items.len());
    items[start..].iter().chain(&items[..start]).find(|x| ok(x))
}

/// Up to `budget` actions for the next tick at local time `local`: first the reports of the
/// reminded enterprises whose officers answer reminders ([`answers_reminders`]), then a
/// weighted draw. Never checks in an officer already checked in today, never files a report
/// already in, never acts twice on one thing in a tick, and only proposes triage the life
/// cycle allows from the problem's known state.
pub fn plan_tick(world: &World, local: NaiveTime, budget: usize, rng: &mut impl Rng) -> Vec<SimAction> {
    let w = weights(local);
    let mut used = Used::default();
    let mut out = Vec::with_capacity(budget);
    for &(id, date) in &world.reminded {
        if out.len() >= budget {
            break;
        }
        let Some(e) = world.enterprise(id) else { continue };
        if !answers_reminders(id) || used.enterprises.contains(&id) || (date == world.today && e.reported_today) {
            continue;
        }
        let Some(body) = report_body(e, rng) else { continue };
        used.enterprises.insert(id);
        out.push(SimAction::Report { enterprise_id: id, date, body });
    }
    let mut misses = 0;
    while out.len() < budget && misses < budget * 4 + 8 {
        let kind = w.choose_weighted(rng, |k| k.1).map(|k| k.0).unwrap_or(Kind::Triage);
        let action = match kind {
            Kind::Checkin => checkin(world, &mut used, rng),
            Kind::Report => report_today(world, &mut used, rng),
            Kind::LateReport => late_report(world, &mut used, rng),
            Kind::Raise => raise(world, &mut used, rng),
            Kind::Triage => triage(world, &mut used, rng),
        };
        match action {
            Some(a) => out.push(a),
            None => misses += 1,
        }
    }
    out
}

fn checkin(world: &World, used: &mut Used, rng: &mut impl Rng) -> Option<SimAction> {
    let o = sample(&world.officers, rng, |o| {
        !o.checked_in && !o.enterprises.is_empty() && !never_checks_in(o.id) && !used.officers.contains(&o.id)
    })?;
    used.officers.insert(o.id);
    let enterprise_id = if rng.gen_bool(0.8) { o.enterprises[0] } else { *o.enterprises.choose(rng)? };
    Some(SimAction::Checkin { officer_id: o.id, enterprise_id })
}

fn report_today(world: &World, used: &mut Used, rng: &mut impl Rng) -> Option<SimAction> {
    let e = sample(&world.enterprises, rng, |e| {
        !e.officers.is_empty() && !e.reported_today && !never_reports(e.id) && !used.enterprises.contains(&e.id)
    })?;
    used.enterprises.insert(e.id);
    Some(SimAction::Report { enterprise_id: e.id, date: world.today, body: report_body(e, rng)? })
}

fn late_report(world: &World, used: &mut Used, rng: &mut impl Rng) -> Option<SimAction> {
    let &(id, date) = sample(&world.overdue, rng, |(id, date)| {
        !never_reports(*id)
            && !used.enterprises.contains(id)
            && world
                .enterprise(*id)
                .is_some_and(|e| !e.officers.is_empty() && (*date != world.today || !e.reported_today))
    })?;
    used.enterprises.insert(id);
    let e = world.enterprise(id)?;
    Some(SimAction::Report { enterprise_id: id, date, body: report_body(e, rng)? })
}

/// What an officer reports: resuming enterprises, staff coming back, rare suspensions.
pub fn report_body(e: &SimEnterprise, rng: &mut impl Rng) -> Option<DailyReportBody> {
    let officer_id = *e.officers.choose(rng)?;
    let base = e.baseline.max(1);
    let share = |lo: f64, hi: f64, x: f64| ((base as f64 * (lo + (hi - lo) * x)).ceil() as i64).clamp(1, base);
    let x: f64 = rng.r#gen();
    let (status, employees_on_site) = match e.status {
        EnterpriseStatus::Suspended if rng.gen_bool(0.05) => (EnterpriseStatus::Resumed, share(0.2, 0.4, x)),
        EnterpriseStatus::Suspended => (EnterpriseStatus::Suspended, 0),
        EnterpriseStatus::NotResumed if rng.gen_bool(0.3) => (EnterpriseStatus::Resumed, share(0.3, 0.5, x)),
        EnterpriseStatus::NotResumed => (EnterpriseStatus::NotResumed, e.on_site.clamp(0, 3)),
        EnterpriseStatus::Resumed if rng.gen_bool(0.003) => (EnterpriseStatus::Suspended, 0),
        EnterpriseStatus::Resumed => {
            let rise = share(0.01, 0.08, x);
            (EnterpriseStatus::Resumed, (e.on_site.max(1) + rise).min(base))
        }
    };
    let notes =
        phrasebook::report_note(status == EnterpriseStatus::Resumed, status == EnterpriseStatus::Suspended, rng)
            .unwrap_or_default()
            .to_string();
    Some(DailyReportBody { status, employees_on_site, notes, officer_id: Some(officer_id) })
}

fn raise(world: &World, used: &mut Used, rng: &mut impl Rng) -> Option<SimAction> {
    let e = sample(&world.enterprises, rng, |e| !e.officers.is_empty() && !used.enterprises.contains(&e.id))?;
    used.enterprises.insert(e.id);
    let category = phrasebook::category(rng);
    let text = phrasebook::problem(category, e.baseline, rng);
    let priority = *[Priority::Urgent, Priority::High, Priority::High, Priority::Normal, Priority::Normal]
        .choose(rng)
        .unwrap_or(&Priority::Normal);
    Some(SimAction::Raise(NewProblem {
        enterprise_id: e.id,
        title: text.title,
        description: text.description,
        category: category.to_string(),
        priority: Some(priority),
        officer_id: Some(*e.officers.choose(rng)?),
    }))
}

fn triage(world: &World, used: &mut Used, rng: &mut impl Rng) -> Option<SimAction> {
    let p = sample(&world.problems, rng, |p| p.state != ProblemState::Resolved && !used.problems.contains(&p.id))?;
    used.problems.insert(p.id);
    decide(world, p, rng)
}

/// What a desk or department does with a problem in its known state.
pub fn decide(world: &World, p: &SimProblem, rng: &mut impl Rng) -> Option<SimAction> {
    let (problem_id, version) = (p.id, p.version);
    let can_escalate = p.level < MAX_LEVEL;
    let can_reassign = !world.departments.is_empty();
    // (acknowledge, escalate, reassign, resolve, comment)
    let w: [u32; 5] = match (p.state, p.assignee) {
        (ProblemState::Resolved, _) => return None,
        (ProblemState::Open, AssigneeKind::Desk) if p.level == 0 => [45, 25, 0, 15, 15],
        (ProblemState::Open, AssigneeKind::Desk) => [25, 10, 50, 15, 0],
        (ProblemState::Open, _) => [70, 0, 0, 0, 30],
        (ProblemState::Acknowledged, _) => [0, 20, 0, 55, 25],
    };
    let allowed = [true, can_escalate, can_reassign, true, true];
    let choice = (0..5usize).filter(|&i| allowed[i] && w[i] > 0).collect::<Vec<_>>();
    let &i = choice.choose_weighted(rng, |&i| w[i]).ok()?;
    Some(match i {
        0 => SimAction::Acknowledge { problem_id, version },
        1 => SimAction::Escalate {
            problem_id,
            version,
            note: rng.gen_bool(0.5).then(|| phrasebook::escalation_note(rng)),
        },
        2 => {
            let known: Vec<i64> = phrasebook::departments_for(&p.category)
                .iter()
                .copied()
                .filter(|d| world.departments.contains(d))
                .collect();
            let department_id = *known.first().or_else(|| world.departments.choose(rng))?;
            SimAction::Reassign { problem_id, version, department_id }
        }
        3 => SimAction::Resolve { problem_id, version, resolution: phrasebook::resolution(&p.category, rng) },
        _ => SimAction::Comment { problem_id, version, text: phrasebook::comment(rng) },
    })
}

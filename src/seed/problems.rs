//! Problems of the campaign with their timelines: mostly solved in the past, some still open,
//! acknowledged or escalated (to the district or the city, owned by a desk or a department),
//! some past their SLA. Each problem's events are replayed through the life-cycle rules, so the
//! stored state, level, assignee and version are exactly what the server would have written.

use rand::Rng;
use rand::seq::SliceRandom;
use serde_json::json;

use super::CampaignDays;
use super::names::PersonNames;
use super::organisation::Organisation;
use super::phrasebook;
use crate::api::types::AssigneeKind;
use crate::domain::calendar::SlaHours;
use crate::domain::lifecycle::{Action, Priority, ProblemState, transition};
use crate::store::bulk::{SeedEvent, SeedProblem};
use crate::store::problems::DESK_NAMES;

const MINUTE: i64 = 60_000;

/// Problems solved over the campaign per enterprise (Loudi: 975 for 1,305).
pub const RESOLVED_PER_ENTERPRISE: f64 = 0.747;
/// Problems still unresolved at the end, per enterprise.
pub const UNRESOLVED_PER_ENTERPRISE: f64 = 0.073;

/// One triage step after the raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Ack,
    Esc,
    ReDept,
    ReOfficer,
    Resolve,
    Comment,
}
use Step::*;

/// Paths of problems solved by now, with weights.
const RESOLVED_PATHS: [(&[Step], u32); 7] = [
    (&[Ack, Resolve], 40),
    (&[Resolve], 10),
    (&[Ack, Comment, Resolve], 10),
    (&[Esc, ReDept, Ack, Resolve], 20),
    (&[Ack, Esc, Ack, Resolve], 8),
    (&[Esc, Esc, ReDept, Ack, Comment, Resolve], 7),
    (&[Ack, ReOfficer, Ack, Resolve], 5),
];

/// Paths of problems still unresolved now, with weights.
const OPEN_PATHS: [(&[Step], u32); 8] = [
    (&[], 30),
    (&[Ack], 20),
    (&[Ack, Esc], 15),
    (&[Esc, ReDept], 8),
    (&[Esc, ReDept, Ack], 10),
    (&[Ack, Esc, Esc], 8),
    (&[Esc, Esc, ReDept, Comment], 5),
    (&[Esc, Esc, Ack], 4),
];

fn pick_path(paths: &[(&'static [Step], u32)], rng: &mut impl Rng) -> Vec<Step> {
    paths.choose_weighted(rng, |p| p.1).map(|p| p.0.to_vec()).unwrap_or_default()
}

/// Who acts for desks and departments in the generated timelines.
struct Staff {
    desks: Vec<Vec<String>>,
    departments: Vec<(i64, String, Vec<String>)>,
}

impl Staff {
    fn new(org: &Organisation, rng: &mut impl Rng) -> Self {
        let people = PersonNames::new();
        let desks =
            DESK_NAMES.iter().map(|d| (0..4).map(|_| format!("{}（{d}）", people.person(rng))).collect()).collect();
        let departments = org
            .data
            .departments
            .iter()
            .map(|d| {
                let staff = (0..2).map(|_| format!("{}（{}）", people.person(rng), d.short_name)).collect();
                (d.id, d.short_name.clone(), staff)
            })
            .collect();
        Self { desks, departments }
    }

    fn desk(&self, level: i64, rng: &mut impl Rng) -> String {
        self.desks[level.clamp(0, 2) as usize].choose(rng).cloned().unwrap_or_default()
    }

    fn department(&self, id: i64) -> Option<&(i64, String, Vec<String>)> {
        self.departments.iter().find(|d| d.0 == id)
    }
}

/// Adds problems and their events to `org.data`, ids in order of creation.
pub fn generate(org: &mut Organisation, campaign: &CampaignDays, sla: &SlaHours, rng: &mut impl Rng) {
    let covered: Vec<i64> = org
        .data
        .enterprises
        .iter()
        .filter(|e| !org.ent_officers[(e.id - 1) as usize].is_empty())
        .map(|e| e.id)
        .collect();
    if covered.is_empty() {
        return;
    }
    let staff = Staff::new(org, rng);
    let n = org.data.enterprises.len() as f64;
    let resolved = (n * RESOLVED_PER_ENTERPRISE).round() as usize;
    let unresolved = (n * UNRESOLVED_PER_ENTERPRISE).round() as usize;
    let mut drafts: Vec<(SeedProblem, Vec<SeedEvent>)> = (0..resolved + unresolved)
        .map(|i| {
            let e = covered[rng.gen_range(0..covered.len())];
            draft(org, &staff, campaign, sla, e, i < resolved, rng)
        })
        .collect();
    drafts.sort_by_key(|d| d.0.created_at);
    org.data.problems.reserve(drafts.len());
    for (i, (mut p, events)) in drafts.into_iter().enumerate() {
        p.id = i as i64 + 1;
        org.data.events.extend(events.into_iter().map(|mut ev| {
            ev.problem_id = p.id;
            ev
        }));
        org.data.problems.push(p);
    }
    org.data.events.sort_by_key(|e| (e.at, e.problem_id));
}

/// When each step happens: `created`, then strictly later instants spread over `span`.
fn step_times(created: i64, span: i64, steps: usize, rng: &mut impl Rng) -> Vec<i64> {
    let mut f: Vec<f64> = (0..steps).map(|_| rng.gen_range(0.05..1.0)).collect();
    f.sort_by(f64::total_cmp);
    let mut last = created;
    f.iter()
        .map(|x| {
            last = (created + (span as f64 * x) as i64).max(last + 1_000);
            last
        })
        .collect()
}

fn draft(
    org: &Organisation,
    staff: &Staff,
    campaign: &CampaignDays,
    sla: &SlaHours,
    enterprise_id: i64,
    solved: bool,
    rng: &mut impl Rng,
) -> (SeedProblem, Vec<SeedEvent>) {
    let ent = &org.data.enterprises[(enterprise_id - 1) as usize];
    let officers = &org.ent_officers[(enterprise_id - 1) as usize];
    let raised_by = officers[rng.gen_range(0..officers.len())];
    let raiser = &org.data.officers[(raised_by - 1) as usize].name;
    let priority = match rng.gen_range(0..100) {
        0..15 => Priority::Urgent,
        15..50 => Priority::High,
        _ => Priority::Normal,
    };
    let category = phrasebook::category(rng);
    let text = phrasebook::problem(category, ent.employees_baseline, rng);
    let mut steps = pick_path(if solved { &RESOLVED_PATHS } else { &OPEN_PATHS }, rng);
    if rng.gen_bool(0.15) {
        let at = rng.gen_range(0..=steps.len());
        steps.insert(at, Comment);
    }
    let sla_ms = sla.hours(priority).max(1) * 60 * MINUTE;
    let available = campaign.now - campaign.start();
    let (created, span) = if solved {
        let factor = if rng.gen_bool(0.8) { rng.gen_range(0.15..0.95) } else { rng.gen_range(1.05..3.0) };
        let span = ((sla_ms as f64 * factor) as i64).max(10 * MINUTE).min(available * 9 / 10);
        let u: f64 = rng.r#gen();
        (campaign.start() + ((available - span) as f64 * u.powf(1.4)) as i64, span)
    } else {
        let factor = if rng.gen_bool(0.55) { rng.gen_range(0.05..0.95) } else { rng.gen_range(1.05..4.0) };
        let age = ((sla_ms as f64 * factor) as i64).clamp(5 * MINUTE, available - MINUTE);
        (campaign.now - age, (age as f64 * rng.gen_range(0.3..0.95)) as i64)
    };
    let times = step_times(created, span, steps.len(), rng);

    let mut state = ProblemState::Open;
    let mut level = 0;
    let mut version = 1;
    let mut assignee = (AssigneeKind::Desk, 0);
    let mut resolved_at = None;
    let mut updated_at = created;
    let raise = json!({"title": text.title, "category": category, "priority": priority.as_str()});
    let mut events = vec![event(Action::Raise, raiser.clone(), "api", None, state, raise, created)];
    for (step, at) in steps.into_iter().zip(times) {
        if at > campaign.now {
            break;
        }
        let (action, payload, actor) = match step {
            Ack => {
                let actor = match assignee {
                    (AssigneeKind::Department, id) => staff
                        .department(id)
                        .and_then(|d| d.2.choose(rng).cloned())
                        .unwrap_or_else(|| staff.desk(level, rng)),
                    (AssigneeKind::Officer, id) => org.data.officers[(id - 1) as usize].name.clone(),
                    (AssigneeKind::Desk, _) => staff.desk(level, rng),
                };
                (Action::Acknowledge, json!({"note": null}), actor)
            }
            Esc => {
                let note = rng.gen_bool(0.5).then(|| phrasebook::escalation_note(rng));
                (Action::Escalate, json!({"note": note, "level": level + 1}), staff.desk(level, rng))
            }
            ReDept => {
                let options = phrasebook::departments_for(category);
                let id = if rng.gen_bool(0.7) { options[0] } else { *options.choose(rng).unwrap_or(&options[0]) };
                let name = staff.department(id).map(|d| d.1.clone()).unwrap_or_default();
                let payload = json!({"assignee": {"kind": "department", "id": id, "name": name}});
                (Action::Reassign, payload, staff.desk(level, rng))
            }
            ReOfficer => {
                let park = &org.park_officers[(ent.park_id - 1) as usize];
                let id = park.iter().copied().find(|o| *o != raised_by).unwrap_or(raised_by);
                let name = org.data.officers[(id - 1) as usize].name.clone();
                let payload = json!({"assignee": {"kind": "officer", "id": id, "name": name}});
                (Action::Reassign, payload, staff.desk(level, rng))
            }
            Resolve => {
                (Action::Resolve, json!({"resolution": phrasebook::resolution(category, rng)}), staff.desk(level, rng))
            }
            Comment => (Action::Comment, json!({"text": phrasebook::comment(rng)}), staff.desk(level, rng)),
        };
        let Ok(t) = transition(action, state, level) else {
            tracing::warn!(?action, ?state, level, "generated step breaks the life cycle; skipped");
            continue;
        };
        match action {
            Action::Escalate => assignee = (AssigneeKind::Desk, t.to_level),
            Action::Reassign => {
                let kind = if payload["assignee"]["kind"] == "officer" {
                    AssigneeKind::Officer
                } else {
                    AssigneeKind::Department
                };
                assignee = (kind, payload["assignee"]["id"].as_i64().unwrap_or(0));
            }
            Action::Resolve => resolved_at = Some(at),
            _ => {}
        }
        if action != Action::Comment {
            version += 1;
        }
        events.push(event(action, actor, "console", Some(state), t.to_state, payload, at));
        state = t.to_state;
        level = t.to_level;
        updated_at = at;
    }
    let problem = SeedProblem {
        id: 0,
        enterprise_id,
        park_id: ent.park_id,
        title: text.title,
        description: text.description,
        category: category.to_string(),
        state,
        level,
        priority,
        assignee_kind: assignee.0,
        assignee_id: assignee.1,
        raised_by,
        created_at: created,
        updated_at,
        due_at: created + sla_ms,
        resolved_at,
        version,
    };
    (problem, events)
}

fn event(
    action: Action,
    actor: String,
    via: &str,
    from_state: Option<ProblemState>,
    to_state: ProblemState,
    payload: serde_json::Value,
    at: i64,
) -> SeedEvent {
    SeedEvent {
        problem_id: 0,
        action,
        actor,
        via: via.to_string(),
        from_state,
        to_state,
        payload: payload.to_string(),
        at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_follows_the_life_cycle() {
        for (path, resolved) in
            RESOLVED_PATHS.iter().map(|p| (p.0, true)).chain(OPEN_PATHS.iter().map(|p| (p.0, false)))
        {
            let (mut state, mut level) = (ProblemState::Open, 0);
            for step in path {
                let action = match step {
                    Ack => Action::Acknowledge,
                    Esc => Action::Escalate,
                    ReDept | ReOfficer => Action::Reassign,
                    Resolve => Action::Resolve,
                    Comment => Action::Comment,
                };
                let t = transition(action, state, level).unwrap_or_else(|e| panic!("{path:?}: {e}"));
                (state, level) = (t.to_state, t.to_level);
            }
            assert_eq!(state == ProblemState::Resolved, resolved, "{path:?}");
        }
    }

    #[test]
    fn step_times_increase_within_span() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let t = step_times(1_000_000, 3_600_000, 6, &mut rng);
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert!(t[0] > 1_000_000 && *t.last().unwrap() <= 1_000_000 + 3_600_000 + 6_000);
    }
}

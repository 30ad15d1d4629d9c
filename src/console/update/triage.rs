//! The pure triage logic of `update`: a triage key on the selected problem opens its layer
//! (picker, one-line editor, priority chooser, confirmation starting on Cancel) or sends at
//! once; sending puts the action in the outbox as pending (the row shows the preview) and
//! returns [`Effect::Triage`] with an `Idempotency-Key` derived from the session seed; the
//! runtime retries it until a definite answer, which replaces the problem (toast), or re-asks
//! on 412 with what changed, or says the rule broken (409), or hides triage (403). After a 412
//! it is never applied to the new version without asking.

use chrono::Duration;
use uuid::Uuid;

use crate::api::types::{Officer, Problem};
use crate::domain::lifecycle::Priority;

use crate::console::message::Effect;
use crate::console::model::ViewData;
use crate::console::model::assignees::OfficerSearch;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::outbox::Pending;
use crate::console::model::triage::{self, Op, TextKind, TriageFailure};
use crate::console::model::{Modal, ProblemList, State, TextInput, View};
use crate::console::tables::{self, TableRef};

/// How long a toast shows.
const TOAST_SECS: i64 = 4;

/// The problem the triage keys act on: the selected problem row, or the problem of a detail
/// view; as shown (the server's copy, not a pending preview).
pub(crate) fn selected_problem(s: &State) -> Option<Problem> {
    let top = s.top();
    if let Some(ViewData::Problem(p, _)) = &top.data {
        return Some((**p).clone());
    }
    let t = tables::table(s, TableRef::Top);
    let shown = tables::shown(&t, &top.nav);
    let key = &t.row(*shown.get(top.nav.selected)?)?.key;
    let id: i64 = key.strip_prefix("prob")?.parse().ok()?;
    match &top.data {
        Some(ViewData::Problems(list)) => list.iter().find(|p| p.id == id).cloned(),
        Some(ViewData::Enterprise(d)) => d.problems.iter().find(|p| p.id == id).cloned(),
        _ => None,
    }
}

/// Whether the top screen can hold a selected problem (the triage layer applies there).
pub(crate) fn on_problems(s: &State) -> bool {
    matches!(s.top().view, View::Problems { .. } | View::Enterprise(_) | View::Problem(_))
}

/// A key of the triage layer alone, pressed where there is no problem to act on (the
/// dashboard, a list of parks …): a notice says what it does and where, and for `r`, which
/// no longer refreshes, the key that does. Any other unbound key does nothing.
pub(crate) fn off_problems(s: &mut State, k: Key) -> Vec<Effect> {
    let triage = s.keymap.layer(Layer::Triage);
    let named =
        |e: &crate::console::model::keymap::Entry| e.keys.iter().find(|n| Key::parse(n).ok() == Some(k)).cloned();
    let Some((entry, key)) = triage.entries.iter().find_map(|e| named(e).map(|n| (e, n))) else {
        return Vec::new();
    };
    let (what, where_) = (entry.describe(s.lang), s.lang.t("keys.on_problems"));
    let mut text =
        if s.lang.is_zh() { format!("{key}（{what}）{where_}") } else { format!("{key} ({what}) {where_}") };
    let refresh = s.keymap.layer(Layer::Normal).visible().find(|e| e.action == "refresh").map(|e| e.keys[0].clone());
    if triage.action(k) == Some(KeyAction::Reassign)
        && let Some(refresh) = refresh
    {
        text.push_str(&format!(" · {refresh} {}", s.lang.t("keys.refreshes")));
    }
    s.notices.push(text);
    Vec::new()
}

/// Shows a label as a notice; nothing to do.
pub(super) fn note(s: &mut State, key: &'static str) -> Vec<Effect> {
    s.notices.push(s.lang.t(key).to_string());
    Vec::new()
}

/// A triage key on the selected problem.
pub(crate) fn triage_action(s: &mut State, a: KeyAction) -> Vec<Effect> {
    if !s.can_triage() {
        return note(s, "tri.readonly");
    }
    let Some(p) = selected_problem(s) else {
        return note(s, "tri.no_problem");
    };
    if s.inflight.iter().any(|x| x.seen.id == p.id) {
        return note(s, "tri.busy");
    }
    let probe = match a {
        KeyAction::Acknowledge => Op::Acknowledge,
        KeyAction::Escalate => Op::Escalate,
        KeyAction::Resolve => Op::Resolve(String::new()),
        KeyAction::Reopen => Op::Reopen(String::new()),
        KeyAction::Comment => Op::Comment(String::new()),
        KeyAction::SetPriority => Op::Priority(p.priority),
        _ => {
            Op::Reassign(triage::Target { kind: crate::matcher::CandidateKind::Department, id: 0, name: String::new() })
        }
    };
    if let Err(e) = triage::check(&probe, &p) {
        let text = triage::rule_text(s.lang, e.code(), &e.to_string(), &probe, Some(&p));
        s.notices.push(text);
        return Vec::new();
    }
    let problem = Box::new(p);
    match a {
        KeyAction::Acknowledge => return send(s, &problem, Op::Acknowledge),
        KeyAction::Escalate => s.modal = Modal::Confirm { problem, op: Op::Escalate, yes: false },
        KeyAction::Reassign => {
            s.modal = Modal::Picker { problem, query: TextInput::default(), selected: 0 };
            s.assignees.search = OfficerSearch::default();
            if !s.assignees.loads_asked {
                s.assignees.loads_asked = true;
                let departments = s.org.iter().flat_map(|o| o.departments.iter().map(|d| d.id)).collect();
                return vec![Effect::LoadDepartmentLoads { departments }];
            }
        }
        KeyAction::Resolve => s.modal = text_modal(problem, TextKind::Resolution),
        KeyAction::Reopen => s.modal = text_modal(problem, TextKind::Reason),
        KeyAction::Comment => s.modal = text_modal(problem, TextKind::Comment),
        KeyAction::SetPriority => {
            let selected = Priority::ALL.iter().position(|x| *x == problem.priority).unwrap_or(0);
            s.modal = Modal::Priority { problem, selected };
        }
        _ => {}
    }
    Vec::new()
}

fn text_modal(problem: Box<Problem>, kind: TextKind) -> Modal {
    Modal::Text { problem, kind, text: TextInput::default(), refused: false }
}

/// Puts `op` on `p` (at the version the user saw) in the outbox: pending until a definite
/// answer. Its `Idempotency-Key` is chosen now (the session's seed mixed with its number) and
/// goes with every try, also after a restart.
pub(crate) fn send(s: &mut State, p: &Problem, op: Op) -> Vec<Effect> {
    s.sent += 1;
    let key = Uuid::from_u128(s.session.as_u128() ^ u128::from(s.sent));
    let pending = Pending::new(key, op, p.clone(), s.now);
    s.inflight.push(pending.clone());
    s.pending = s.inflight.len();
    s.modal = Modal::None;
    vec![Effect::Triage(Box::new(pending))]
}

/// The server's definite answer to the action with `key`.
pub(crate) fn answered(s: &mut State, key: Uuid, result: Result<Box<Problem>, TriageFailure>) -> Vec<Effect> {
    let Some(pos) = s.inflight.iter().position(|x| x.key == key) else {
        return Vec::new();
    };
    let done = s.inflight.remove(pos);
    s.pending = s.inflight.len();
    match result {
        Ok(p) => {
            let text = format!("✓ #{} {}", p.id, done.op.describe(s.lang));
            replace_problem(s, &p);
            s.toast = Some((text, s.now + Duration::seconds(TOAST_SECS)));
            vec![Effect::Refresh]
        }
        Err(TriageFailure::Stale { current, events }) => {
            replace_problem(s, &current);
            s.modal = Modal::Stale { current, seen_version: done.seen.version, events, op: done.op, yes: false };
            vec![Effect::Refresh]
        }
        Err(TriageFailure::Rule { code, detail }) => {
            let text = triage::rule_text(s.lang, &code, &detail, &done.op, Some(&done.seen));
            s.notices.push(format!("{}: {text}", s.lang.t("tri.refused")));
            vec![Effect::Refresh]
        }
        Err(TriageFailure::Forbidden) => {
            s.forbidden = true;
            s.notices.push(s.lang.t("tri.forbidden").to_string());
            Vec::new()
        }
        Err(TriageFailure::Other(e)) => {
            s.notices.push(format!("{} #{}: {e}", s.lang.t("tri.failed"), done.seen.id));
            Vec::new()
        }
    }
}

/// Puts the server's copy of a problem wherever the console shows it.
pub(crate) fn replace_problem(s: &mut State, p: &Problem) {
    let put = |list: &mut Vec<Problem>| {
        for q in list.iter_mut().filter(|q| q.id == p.id) {
            *q = p.clone();
        }
    };
    for sc in &mut s.stack {
        match &mut sc.data {
            Some(ViewData::Problems(list)) => put(list),
            Some(ViewData::Enterprise(d)) => put(&mut d.problems),
            Some(ViewData::Problem(q, _)) if q.id == p.id => **q = p.clone(),
            _ => {}
        }
    }
    if let Some(list) = &mut s.escalated {
        put(list);
    }
}

/// Opens the alerts list and clears the counter.
pub(crate) fn open_alerts(s: &mut State) {
    s.alerts.unseen = 0;
    s.modal = Modal::Alerts { selected: 0 };
}

/// A new escalated queue: alerts (and the bell) and the copy kept for `E`; an open escalated
/// screen takes it as other data does (`update::incoming`, held while frozen).
pub(crate) fn escalated(s: &mut State, at: chrono::DateTime<chrono::Utc>, problems: ProblemList) -> Vec<Effect> {
    let fresh = s.alerts.observe(&problems, at);
    s.escalated = Some(problems);
    if s.bell && !fresh.is_empty() { vec![Effect::Bell] } else { Vec::new() }
}

/// Rebuilds the picker's departments: after `/org`, or with their loads.
pub(crate) fn rebuild_departments(s: &mut State, loads: Option<Vec<(i64, i64)>>) {
    let loads = loads.unwrap_or_else(|| std::mem::take(&mut s.assignees.dept_load));
    s.assignees.set_departments(s.org.as_ref(), &loads);
}

/// The picker's query changed: the search to send, if it is a new one.
pub(crate) fn search_officers(s: &mut State, query: &str) -> Vec<Effect> {
    s.assignees.search.ask(query).map(|query| Effect::SearchOfficers { query }).into_iter().collect()
}

/// The server's officer search answered `query`: kept if it answers the query last asked
/// and the picker is open (else dropped); the selected choice stays selected.
pub(crate) fn officers_found(s: &mut State, query: &str, result: Result<Vec<Officer>, String>) {
    let Modal::Picker { query: typed, selected, .. } = &s.modal else {
        return;
    };
    let was = s.assignees.choices(typed.value()).get(*selected).map(|c| c.target.clone());
    if !s.assignees.search.answer(query, result) {
        return;
    }
    let choices = s.assignees.choices(typed.value());
    let at = was.and_then(|t| choices.iter().position(|c| c.target == t)).unwrap_or(0);
    if let Modal::Picker { selected, .. } = &mut s.modal {
        *selected = at;
    }
}

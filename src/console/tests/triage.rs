//! Unit tests of the triage logic of `update`: every action's keys, confirm and cancel,
//! pending, success, 412 with its re-ask, 409, 403, read-only hiding keys, alerts (the
//! picker's search and ranking: `picker.rs`). No terminal, no network.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use crate::api::types::{Department, Officer, Problem, Role, TimelineEvent, Via};
use crate::domain::lifecycle::{Action, ProblemState};
use crate::matcher::CandidateKind;

use crate::console::look::i18n::Lang;
use crate::console::message::{Effect, Msg};
use crate::console::model::ViewData;
use crate::console::model::triage::{TriageFailure, events_since};
use crate::console::model::{Modal, State, View};
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures::{self, now, r};
use crate::console::update::{push, update};

pub(super) fn key(s: &mut State, k: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)))
}

pub(super) fn keys(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| key(s, KeyCode::Char(c))).collect()
}

pub(super) fn org() -> crate::api::types::Org {
    let mut o = fixtures::org();
    let d = |id, short: &str, full: &str, aliases: &[&str]| Department {
        id,
        name: full.into(),
        short_name: short.into(),
        aliases: aliases.iter().map(std::string::ToString::to_string).collect(),
    };
    o.departments = vec![
        d(7, "卫健委", "市卫生健康委员会", &["卫健局"]),
        d(5, "交通运输局", "市交通运输局", &["交通局"]),
        d(8, "工信局", "市工业和信息化局", &[]),
    ];
    o
}

pub(super) fn officers() -> Vec<Officer> {
    let mut v = fixtures::officers();
    let mut jt = v[0].clone();
    jt.id = 20;
    jt.name = "江涛".into();
    jt.open_problems = 1;
    v.push(jt);
    v
}

/// The dashboard with `/org` and an escalated queue polled.
pub(super) fn ready(lang: Lang) -> State {
    let mut s = fixtures::state(80, 24, lang);
    s.session = uuid::Uuid::from_u128(0x1234_5678_9abc_4def_8123_4567_89ab_cdef);
    update(&mut s, Msg::Org(Box::new(org())));
    update(&mut s, Msg::Escalated { at: now(), problems: fixtures::problems()[..2].to_vec().into() });
    s
}

/// A problem queue with all four fixture problems, `n`-th selected.
fn queue(n: usize) -> State {
    let mut s = ready(Lang::En);
    let view = View::problems(Some(r(1, "万宝新区")), false);
    push(&mut s, view.clone());
    update(&mut s, Msg::Loaded { view, data: ViewData::Problems(fixtures::problems().into()), at: now() });
    for _ in 0..n {
        key(&mut s, KeyCode::Down);
    }
    s
}

fn triage_fx(fx: &[Effect]) -> Option<(i64, i64, &'static str, serde_json::Value, uuid::Uuid)> {
    fx.iter().find_map(|e| match e {
        Effect::Triage(p) => {
            let request = p.op.request();
            Some((p.seen.id, p.seen.version, request.path(), request.body(), p.key))
        }
        _ => None,
    })
}

fn cell(s: &State, col: usize) -> String {
    let t = tables::table(s, TableRef::Top);
    let shown = tables::shown(&t, &s.top().nav);
    t.rows[shown[s.top().nav.selected]].cells[col].text.clone()
}

/// The server's answer to the last action sent.
fn answer(s: &mut State, result: Result<Box<Problem>, TriageFailure>) -> Vec<Effect> {
    let key = s.inflight.last().expect("in flight").key;
    update(s, Msg::Triaged { key, result })
}

#[test]
fn five_keys_reassign_the_top_escalated_problem() {
    let mut s = ready(Lang::En);
    key(&mut s, KeyCode::Char('E'));
    assert_eq!(s.top().view, View::problems(None, true));
    assert_eq!(cell(&s, 0), "#101", "the escalated queue opens at once, first row selected");
    let fx = key(&mut s, KeyCode::Char('r'));
    assert_eq!(fx, vec![Effect::LoadDepartmentLoads { departments: vec![7, 5, 8] }]);
    assert!(matches!(&s.modal, Modal::Picker { query, .. } if query.is_empty()));
    assert_eq!(s.assignees.choices("")[0].target.kind, CandidateKind::Department);
    assert_eq!(
        keys(&mut s, "jt"),
        vec![Effect::SearchOfficers { query: "j".into() }, Effect::SearchOfficers { query: "jt".into() }]
    );
    let fx = key(&mut s, KeyCode::Enter);
    let (id, version, action, body, idem) = triage_fx(&fx).expect("sent");
    assert_eq!((id, version, action), (101, 3, "reassign"));
    assert_eq!(body, json!({ "department_id": 5 }));
    assert!(!idem.is_nil());
    assert_eq!(s.modal, Modal::None, "Enter reassigns at once, no confirmation");
    assert_eq!(s.pending, 1);
    assert_eq!(cell(&s, 8), "⋯交通运输局");
}

#[test]
fn escalate_confirmation_starts_on_cancel() {
    let mut s = queue(1); // #102, level 1
    key(&mut s, KeyCode::Char('e'));
    assert!(matches!(s.modal, Modal::Confirm { yes: false, .. }));
    assert!(key(&mut s, KeyCode::Enter).is_empty(), "Enter on Cancel cancels");
    assert_eq!(s.modal, Modal::None);
    assert_eq!(s.pending, 0);
    key(&mut s, KeyCode::Char('e'));
    key(&mut s, KeyCode::Tab);
    let (id, _, action, body, _) = triage_fx(&key(&mut s, KeyCode::Enter)).unwrap();
    assert_eq!((id, action, body), (102, "escalate", json!({})));
    assert!(cell(&s, 5).starts_with('2'), "the preview shows level 2");
    assert_eq!(cell(&s, 4), "⋯open");
}

#[test]
fn resolve_needs_a_text_then_a_confirmation() {
    let mut s = queue(0);
    key(&mut s, KeyCode::Char('x'));
    assert!(key(&mut s, KeyCode::Enter).is_empty());
    assert!(matches!(s.modal, Modal::Text { refused: true, .. }), "empty text refused");
    keys(&mut s, "已安排 bus 车辆");
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Enter);
    assert!(matches!(s.modal, Modal::Confirm { yes: false, .. }));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Modal::None);
    key(&mut s, KeyCode::Char('x'));
    keys(&mut s, "已安排车辆");
    key(&mut s, KeyCode::Enter);
    let (_, _, action, body, _) = triage_fx(&key(&mut s, KeyCode::Char('y'))).unwrap();
    assert_eq!((action, body), ("resolve", json!({ "resolution": "已安排车辆" })));
}

#[test]
fn reopen_comment_priority_and_acknowledge() {
    let mut s = queue(3); // #104, resolved
    key(&mut s, KeyCode::Char('u'));
    keys(&mut s, "复工后又缺口罩");
    let (id, _, action, body, _) = triage_fx(&key(&mut s, KeyCode::Enter)).unwrap();
    assert_eq!((id, action, body), (104, "reopen", json!({ "reason": "复工后又缺口罩" })));
    key(&mut s, KeyCode::Up); // #103, open
    key(&mut s, KeyCode::Char('c'));
    keys(&mut s, "在协调");
    let (_, _, action, body, _) = triage_fx(&key(&mut s, KeyCode::Enter)).unwrap();
    assert_eq!((action, body), ("comment", json!({ "text": "在协调" })));
    key(&mut s, KeyCode::Up); // #102
    key(&mut s, KeyCode::Char('p'));
    assert!(matches!(s.modal, Modal::Priority { selected: 1, .. }), "starts on the current priority");
    key(&mut s, KeyCode::Up);
    let (_, _, action, body, _) = triage_fx(&key(&mut s, KeyCode::Enter)).unwrap();
    assert_eq!((action, body), ("priority", json!({ "priority": "urgent" })));
    key(&mut s, KeyCode::Up); // #101, open
    let (_, _, action, body, _) = triage_fx(&key(&mut s, KeyCode::Char('a'))).unwrap();
    assert_eq!((action, body), ("acknowledge", json!({})));
    assert_eq!(s.pending, 4);
    // A second action on a problem waits for the first one's answer.
    assert!(key(&mut s, KeyCode::Char('a')).is_empty());
    assert!(s.notices[0].contains("still pending"), "{:?}", s.notices);
}

#[test]
fn a_rule_the_problem_breaks_is_said_before_sending() {
    let mut s = queue(0); // #101, level 2: the top
    assert!(key(&mut s, KeyCode::Char('e')).is_empty());
    assert_eq!(s.modal, Modal::None);
    assert!(s.notices[0].contains("top level"), "{:?}", s.notices);
    let mut s = queue(3);
    key(&mut s, KeyCode::Char('x'));
    assert!(s.notices[0].contains("cannot resolve a problem that is resolved"), "{:?}", s.notices);
}

fn answered(p: &Problem) -> Problem {
    let mut q = p.clone();
    q.state = ProblemState::Acknowledged;
    q.version += 1;
    q
}

#[test]
fn pending_then_success_updates_the_row_with_a_toast() {
    let mut s = queue(0);
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.pending, 1);
    assert_eq!(cell(&s, 4), "⋯acknowledged");
    assert_eq!(cell(&s, 0), "⋯#101");
    let done = answered(&fixtures::problems()[0]);
    let fx = answer(&mut s, Ok(Box::new(done)));
    assert_eq!(fx, vec![Effect::Refresh]);
    assert_eq!(s.pending, 0);
    assert_eq!(cell(&s, 4), "acknowledged");
    assert!(s.toast.as_ref().unwrap().0.contains("#101 acknowledge"));
    update(&mut s, Msg::Tick(now() + Duration::seconds(5)));
    assert!(s.toast.is_none(), "the toast is short");
    // The escalated cache holds the new copy too.
    assert_eq!(s.escalated.as_ref().unwrap()[0].state, ProblemState::Acknowledged);
}

fn event(seq: i64, action: Action, actor: &str) -> TimelineEvent {
    TimelineEvent {
        seq,
        problem_id: 101,
        action,
        actor: actor.into(),
        via: Via::Console,
        from_state: Some(ProblemState::Open),
        to_state: ProblemState::Open,
        payload: json!({}),
        at: now(),
    }
}

#[test]
fn stale_412_shows_who_changed_what_and_asks_again() {
    let mut s = queue(0);
    key(&mut s, KeyCode::Char('r'));
    keys(&mut s, "wjw");
    let (_, v1, _, _, key1) = triage_fx(&key(&mut s, KeyCode::Enter)).unwrap();
    let mut current = fixtures::problems()[0].clone();
    current.version = 5;
    current.assignee.name = "工信局".into();
    let events = vec![event(9, Action::Reassign, "李娜")];
    let result = Err(TriageFailure::Stale { current: Box::new(current), events });
    let fx = answer(&mut s, result);
    assert_eq!(fx, vec![Effect::Refresh], "never re-sent on its own");
    assert_eq!(s.pending, 0);
    assert!(matches!(&s.modal, Modal::Stale { yes: false, seen_version: 3, events, .. } if events[0].actor == "李娜"));
    assert_eq!(cell(&s, 8), "工信局", "the problem is refreshed");
    // Enter on Cancel: nothing.
    assert!(key(&mut s, KeyCode::Enter).iter().all(|e| !matches!(e, Effect::Triage { .. })));
    assert_eq!(s.modal, Modal::None);
    // Asked again and applied: the new version, a new key.
    key(&mut s, KeyCode::Char('r'));
    keys(&mut s, "wjw");
    key(&mut s, KeyCode::Enter);
    let mut current = fixtures::problems()[0].clone();
    current.version = 6;
    let result = Err(TriageFailure::Stale { current: Box::new(current), events: Vec::new() });
    answer(&mut s, result);
    key(&mut s, KeyCode::Right);
    let (id, v2, action, body, key2) = triage_fx(&key(&mut s, KeyCode::Enter)).unwrap();
    assert_eq!((id, action, body), (101, "reassign", json!({ "department_id": 7 })));
    assert_eq!((v1, v2), (3, 6));
    assert_ne!(key1, key2);
}

#[test]
fn events_after_the_seen_version() {
    let all = vec![
        event(1, Action::Raise, "王立"),
        event(2, Action::Acknowledge, "台"),
        event(3, Action::Comment, "甲"),
        event(4, Action::Escalate, "张敏"),
        event(5, Action::Comment, "乙"),
        event(6, Action::Reassign, "李娜"),
        event(7, Action::Comment, "丙"),
    ];
    // Seen version 2 (after the acknowledge), now version 4.
    let got: Vec<i64> = events_since(&all, 2, 4).iter().map(|e| e.seq).collect();
    assert_eq!(got, vec![4, 5, 6, 7]);
    assert!(events_since(&all, 4, 4).is_empty());
}

#[test]
fn conflict_409_says_the_rule_in_plain_words() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = queue(1);
        s.lang = lang;
        key(&mut s, KeyCode::Char('e'));
        key(&mut s, KeyCode::Char('y'));
        let result =
            Err(TriageFailure::Rule { code: "CANNOT_ESCALATE".into(), detail: "the problem is already at…".into() });
        answer(&mut s, result);
        assert_eq!(s.pending, 0);
        let want = if lang == Lang::Zh { "无法继续升级" } else { "cannot be escalated further" };
        assert!(s.notices[0].contains(want), "{:?}", s.notices);
        assert!(cell(&s, 5).starts_with('1'), "the preview is gone");
    }
    let mut s = queue(2);
    key(&mut s, KeyCode::Char('a'));
    let result = Err(TriageFailure::Rule { code: "INVALID_STATE".into(), detail: String::new() });
    answer(&mut s, result);
    assert!(s.notices[0].contains("only from open"), "{:?}", s.notices);
}

#[test]
fn forbidden_403_hides_triage() {
    let mut s = queue(0);
    key(&mut s, KeyCode::Char('a'));
    answer(&mut s, Err(TriageFailure::Forbidden));
    assert!(!s.can_triage());
    assert!(key(&mut s, KeyCode::Char('a')).is_empty());
    assert!(s.notices[0].contains("read-only"), "{:?}", s.notices);
}

#[test]
fn readonly_and_viewer_refuse_triage_keys() {
    let mut s = queue(0);
    s.readonly = true;
    for c in ['a', 'e', 'r', 'x', 'u', 'c', 'p'] {
        assert!(key(&mut s, KeyCode::Char(c)).is_empty(), "{c}");
        assert_eq!(s.modal, Modal::None);
    }
    let mut s = queue(0);
    let mut me = fixtures::me();
    me.role = Role::Viewer;
    update(&mut s, Msg::Me(Box::new(me)));
    assert!(key(&mut s, KeyCode::Char('r')).is_empty());
    assert_eq!(s.modal, Modal::None);
    // On the dashboard `r` reassigns nothing and says so; Ctrl-r refreshes.
    let mut s = ready(Lang::En);
    assert!(key(&mut s, KeyCode::Char('r')).is_empty());
    assert_eq!(s.notices.len(), 1, "{:?}", s.notices);
    assert!(
        s.notices[0].starts_with("r (reassign) acts on a selected problem")
            && s.notices[0].ends_with("Ctrl-r refreshes")
    );
}

#[test]
fn alerts_count_flash_ring_and_list() {
    let mut s = ready(Lang::En);
    s.bell = true;
    let mut list = fixtures::problems()[..2].to_vec();
    let mut p = fixtures::problems()[2].clone();
    p.level = 1;
    list.push(p);
    let later = now() + Duration::minutes(1);
    let fx = update(&mut s, Msg::Escalated { at: later, problems: list.into() });
    assert_eq!(fx, vec![Effect::Bell]);
    assert_eq!(s.alerts.unseen, 1);
    key(&mut s, KeyCode::Char('!'));
    assert_eq!(s.alerts.unseen, 0);
    assert!(matches!(s.modal, Modal::Alerts { selected: 0 }));
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(s.top().view, View::Problem(r(103, &fixtures::problems()[2].title)));
    assert!(matches!(fx[..], [Effect::Watch(Some(_))]));
}

//! Snapshot tests (insta, `TestBackend`, 80×24, English and Chinese) of the triage layers: the
//! reassign picker, the confirmations, the one-line editor, the 412 dialog, the timeline with
//! a pending action, the alerts list, and the read-only status line.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::domain::lifecycle::{Action, ProblemState};

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::Msg;
use crate::console::model::triage::TriageFailure;
use crate::console::model::{State, View};
use crate::console::tests::fixtures::{self, now, r};
use crate::console::tests::triage::{key, keys, officers, ready};
use crate::console::update::{push, update};
use crate::console::views::{buffer_text, render};

fn text(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    let t = buffer_text(term.backend().buffer());
    assert!(!t.contains('\u{1b}'), "hostile text reached the screen");
    t
}

fn escalated(lang: Lang) -> State {
    let mut s = ready(lang);
    key(&mut s, KeyCode::Char('E'));
    s
}

#[test]
fn picker_snapshots() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = escalated(lang);
        key(&mut s, KeyCode::Char('r'));
        insta::assert_snapshot!(format!("picker_empty_80x24_{}", lang.code()), text(&s));
        update(&mut s, Msg::DepartmentLoads(vec![(5, 3), (7, 0)]));
        keys(&mut s, "jt");
        update(&mut s, Msg::Officers { query: "jt".into(), result: Ok(officers()[4..].to_vec()) });
        insta::assert_snapshot!(format!("picker_jt_80x24_{}", lang.code()), text(&s));
        key(&mut s, KeyCode::Enter);
        insta::assert_snapshot!(format!("reassign_pending_80x24_{}", lang.code()), text(&s));
    }
}

#[test]
fn confirmation_and_editor_snapshots() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = escalated(lang);
        key(&mut s, KeyCode::Down); // #102, level 1
        key(&mut s, KeyCode::Char('e'));
        insta::assert_snapshot!(format!("confirm_escalate_80x24_{}", lang.code()), text(&s));
        key(&mut s, KeyCode::Esc);
        key(&mut s, KeyCode::Char('x'));
        key(&mut s, KeyCode::Enter);
        insta::assert_snapshot!(format!("resolve_refused_80x24_{}", lang.code()), text(&s));
        keys(&mut s, "已调拨口罩5000只");
        key(&mut s, KeyCode::Enter);
        key(&mut s, KeyCode::Tab);
        insta::assert_snapshot!(format!("confirm_resolve_80x24_{}", lang.code()), text(&s));
        key(&mut s, KeyCode::Esc);
        key(&mut s, KeyCode::Char('p'));
        insta::assert_snapshot!(format!("priority_80x24_{}", lang.code()), text(&s));
    }
}

#[test]
fn stale_dialog_snapshots() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = escalated(lang);
        key(&mut s, KeyCode::Char('r'));
        keys(&mut s, "wjw");
        key(&mut s, KeyCode::Enter);
        let key = s.inflight[0].key;
        let mut current = fixtures::problems()[0].clone();
        current.version = 5;
        current.assignee.name = "工信局".into();
        let ev = |seq, action, actor: &str, payload| crate::api::types::TimelineEvent {
            seq,
            problem_id: 101,
            action,
            actor: actor.into(),
            via: crate::api::types::Via::Console,
            from_state: Some(ProblemState::Open),
            to_state: ProblemState::Open,
            payload,
            at: now() - chrono::Duration::minutes(2),
        };
        let events = vec![
            ev(
                8,
                Action::Reassign,
                "李娜",
                serde_json::json!({"assignee": {"kind": "department", "id": 8, "name": "工信局"}}),
            ),
            ev(9, Action::Comment, "李娜", serde_json::json!({"text": "工信局有库存"})),
        ];
        let result = Err(TriageFailure::Stale { current: Box::new(current), events });
        update(&mut s, Msg::Triaged { key, result });
        insta::assert_snapshot!(format!("stale_80x24_{}", lang.code()), text(&s));
    }
}

#[test]
fn timeline_alerts_and_readonly_snapshots() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = ready(lang);
        let view = View::Problem(r(101, "400 workers need bus transport"));
        push(&mut s, view.clone());
        update(&mut s, Msg::Loaded { view, data: fixtures::problem_detail(), at: now() });
        key(&mut s, KeyCode::Char('c'));
        keys(&mut s, "已联系交通运输局");
        key(&mut s, KeyCode::Enter);
        insta::assert_snapshot!(format!("timeline_pending_80x24_{}", lang.code()), text(&s));

        let mut s = ready(lang);
        let mut list = fixtures::problems()[..2].to_vec();
        let mut p = fixtures::problems()[2].clone();
        p.level = 1;
        list.push(p);
        update(&mut s, Msg::Escalated { at: now() + chrono::Duration::minutes(1), problems: list.into() });
        insta::assert_snapshot!(format!("alert_counter_80x24_{}", lang.code()), text(&s));
        key(&mut s, KeyCode::Char('!'));
        insta::assert_snapshot!(format!("alerts_80x24_{}", lang.code()), text(&s));

        let mut s = escalated(lang);
        s.readonly = true;
        let shown = text(&s);
        assert!(shown.contains("🔒"), "{shown}");
        let hints = shown.lines().last().unwrap_or_default();
        assert!(!hints.contains(lang.t("act.reassign")), "{hints}");
        insta::assert_snapshot!(format!("readonly_80x24_{}", lang.code()), shown);
        s.readonly = false;
        let hints = text(&s).lines().last().unwrap_or_default().to_string();
        assert!(hints.contains(lang.t("act.reassign")), "{hints}");
    }
}

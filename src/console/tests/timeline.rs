//! A problem's timeline in words: every kind of event, in English and Chinese, as the problem
//! detail draws it (snapshots) and as the "changed meanwhile" dialog lists it; no JSON, no
//! `null`, no enum left in its wire spelling; the holder before a reassign and the priority
//! before a change from the event when the server recorded them, else from the events before.

use serde_json::json;

use crate::api::sanitize::Sanitize;
use crate::api::types::*;
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::Msg;
use crate::console::model::{State, View, ViewData};
use crate::console::tables::timeline;
use crate::console::tests::fixtures::{self, now, r};
use crate::console::update::{push, update};
use crate::console::views::triage::event_lines;
use crate::console::views::{buffer_text, draw};
use crate::domain::lifecycle::{Action, ProblemState};

fn ev(
    seq: i64,
    action: Action,
    actor: &str,
    via: Via,
    states: (Option<ProblemState>, ProblemState),
    payload: serde_json::Value,
) -> TimelineEvent {
    fixtures::timeline_event(seq, action, actor, via, states, payload, 600 - seq * 30)
}

/// Every kind of event, as the server writes them today and as it wrote them before a reassign
/// and a priority change recorded what they replaced (`from`).
pub(crate) fn every_kind() -> Vec<TimelineEvent> {
    use Action::*;
    use ProblemState::{Acknowledged as Ack, Open, Resolved};
    let mut t = vec![
        ev(
            1,
            Raise,
            "王立",
            Via::Api,
            (None, Open),
            json!({"title": "400 workers need bus transport", "category": "transport", "priority": "high"}),
        ),
        ev(2, Acknowledge, "赵敏（园区服务台）", Via::Console, (Some(Open), Ack), json!({"note": null})),
        // An old reassign: no `from`, the holder is the park desk of the raise.
        ev(
            3,
            Reassign,
            "赵敏（园区服务台）",
            Via::Console,
            (Some(Ack), Open),
            json!({"assignee": {"kind": "department", "id": 7, "name": "工信局"}}),
        ),
        // A new one: `from` recorded; the department's name is the organisation's.
        ev(
            4,
            Reassign,
            "赵敏（园区服务台）",
            Via::Console,
            (Some(Open), Open),
            json!({"assignee": {"kind": "department", "id": 5, "name": "交通局"}, "from": {"kind": "department", "id": 7, "name": "工信局"}}),
        ),
        // An old priority change: the priority before is the raise's.
        ev(5, SetPriority, "张敏", Via::Console, (Some(Open), Open), json!({"priority": "urgent"})),
        ev(6, Escalate, "system", Via::System, (Some(Open), Open), json!({"note": null, "level": 1})),
        ev(7, Escalate, "张敏", Via::Api, (Some(Open), Open), json!({"note": "需市级协调", "level": 2})),
        // An id the console cannot name, recorded without a name.
        ev(
            8,
            Reassign,
            "张敏",
            Via::Console,
            (Some(Open), Open),
            json!({"assignee": {"kind": "department", "id": 9, "name": ""}}),
        ),
        ev(
            9,
            Reassign,
            "张敏",
            Via::Console,
            (Some(Open), Open),
            json!({"assignee": {"kind": "officer", "id": 3, "name": "周强"}}),
        ),
        ev(10, SetPriority, "张敏", Via::Console, (Some(Open), Open), json!({"priority": "normal", "from": "urgent"})),
        ev(11, Comment, "周强", Via::Api, (Some(Open), Open), json!({"text": "已联系公交公司"})),
        ev(12, Resolve, "周强", Via::Api, (Some(Open), Resolved), json!({"resolution": "已安排 8 辆大巴"})),
        ev(13, Reopen, "张敏", Via::Console, (Some(Resolved), Open), json!({"reason": "大巴未到位"})),
    ];
    t.sanitize();
    t
}

fn state(w: u16, h: u16, lang: Lang) -> State {
    let mut s = fixtures::state(w, h, lang);
    update(&mut s, Msg::Org(Box::new(fixtures::org())));
    let view = View::Problem(r(101, "400 workers need bus transport"));
    push(&mut s, view.clone());
    let p = fixtures::problems().remove(0);
    let data = ViewData::Problem(Box::new(p), every_kind());
    update(&mut s, Msg::Loaded { view, data, at: now() });
    s
}

fn screen(s: &State) -> String {
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    draw(s, &Theme::default_theme(), &mut buf, area);
    buffer_text(&buf)
}

#[test]
fn every_kind_of_event_in_words() {
    let words = |lang| timeline::details(&every_kind(), lang, &fixtures::org().departments);
    assert_eq!(
        words(Lang::En),
        [
            "400 workers need bus transport · transport · high",
            "",
            "park desk → 工信局",
            "工信局 → 交通运输局",
            "high → urgent",
            "level 0 → 1",
            "level 1 → 2 · 需市级协调",
            "city command centre → department #9",
            "department #9 → 周强",
            "urgent → normal",
            "已联系公交公司",
            "已安排 8 辆大巴",
            "大巴未到位",
        ]
    );
    assert_eq!(
        words(Lang::Zh),
        [
            "400 workers need bus transport · 物流运输 · 高",
            "",
            "园区服务台 → 工信局",
            "工信局 → 交通运输局",
            "高 → 紧急",
            "级别 0 → 1",
            "级别 1 → 2 · 需市级协调",
            "市指挥中心 → 部门 #9",
            "部门 #9 → 周强",
            "紧急 → 普通",
            "已联系公交公司",
            "已安排 8 辆大巴",
            "大巴未到位",
        ]
    );
}

#[test]
fn the_one_line_form_says_the_verb() {
    let s = state(160, 48, Lang::En);
    let lines = event_lines(&s, &every_kind());
    assert!(lines[3].ends_with("赵敏（园区服务台） reassigned 工信局 → 交通运输局 (console)"), "{}", lines[3]);
    assert!(lines[4].ends_with("张敏 priority high → urgent (console)"), "{}", lines[4]);
    assert!(lines[5].ends_with("SLA policy escalated level 0 → 1 (system)"), "{}", lines[5]);
    assert!(lines[11].ends_with("周强 resolved: 已安排 8 辆大巴 (api)"), "{}", lines[11]);
    assert!(lines[10].ends_with("周强 comment: 已联系公交公司 (api)"), "{}", lines[10]);
    assert!(lines[12].ends_with("张敏 reopened: 大巴未到位 (console)"), "{}", lines[12]);
    assert!(lines[1].ends_with("赵敏（园区服务台） acknowledged (console)"), "{}", lines[1]);
    let s = state(160, 48, Lang::Zh);
    let lines = event_lines(&s, &every_kind());
    assert!(lines[3].ends_with("赵敏（园区服务台） 转派 工信局 → 交通运输局 (控制台)"), "{}", lines[3]);
    assert!(lines[4].ends_with("张敏 优先级 高 → 紧急 (控制台)"), "{}", lines[4]);
    assert!(lines[5].ends_with("超时升级 升级 级别 0 → 1 (系统)"), "{}", lines[5]);
    assert!(lines[11].ends_with("周强 解决：已安排 8 辆大巴 (接口)"), "{}", lines[11]);
    // A part of a timeline (the dialog's events since a version) knows no holder before it.
    let part = event_lines(&s, &every_kind()[2..3]);
    assert!(part[0].contains("转派 → 工信局"), "{}", part[0]);
}

#[test]
fn no_timeline_line_has_json_null_or_a_wire_spelling() {
    for lang in [Lang::En, Lang::Zh] {
        let s = state(160, 48, lang);
        let text = screen(&s);
        let rows: Vec<&str> = text.lines().skip_while(|l| !l.contains("via") && !l.contains("途径")).skip(1).collect();
        assert!(rows.len() >= 13, "every event is on screen:\n{text}");
        let mut lines: Vec<String> = rows.iter().take(13).map(ToString::to_string).collect();
        lines.extend(event_lines(&s, &every_kind()));
        for line in &lines {
            for bad in ["{", "}", "null", "\"", ": ·"] {
                assert!(!line.contains(bad), "{bad:?} in {line:?}");
            }
            // A wire spelling of two words (`set_priority`, `raw_materials`) never shows.
            assert!(!line.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').any(|t| t.contains('_')), "{line:?}");
            if lang == Lang::Zh {
                // Everything but the data (the raise's English title) is Chinese: no enum is
                // left in its wire spelling (`department`, `policy`, `system`, `console` …).
                let rest = line.replace("400 workers need bus transport", "");
                assert!(!rest.chars().any(|c| c.is_ascii_alphabetic()), "English in {line:?}");
            }
        }
    }
}

#[test]
fn the_timeline_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in [(80, 30), (160, 30)] {
            insta::assert_snapshot!(format!("timeline_{w}x{h}_{}", lang.code()), screen(&state(w, h, lang)));
        }
    }
}

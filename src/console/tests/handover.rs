//! The shift handover view: `H` and `:handover [HH:MM]` open it from the right start, its
//! snapshots at 80×24 in both languages, a problem's row opens the problem, `Esc` goes back.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::api::sanitize::Sanitize;
use crate::api::types::{
    AbsentOfficer, Handover, HandoverEvent, HandoverList, HandoverProblem, Level, PlaceRef, RateChange, RateFalls, Via,
};
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{Modal, State, View, ViewData};
use crate::console::tests::fixtures::{self, r};
use crate::console::update::update;
use crate::console::views::{self, buffer_text};
use crate::domain::lifecycle::{Action, Priority, ProblemState};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn key(s: &mut State, k: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)))
}

fn command(s: &mut State, line: &str) -> Vec<Effect> {
    key(s, KeyCode::Char(':'));
    for c in line.chars() {
        key(s, KeyCode::Char(c));
    }
    key(s, KeyCode::Enter)
}

/// The night before the fixtures' now (2026-02-16 14:32 Shanghai), in 万宝新区's city.
fn handover() -> Handover {
    let event = |id, action, title: &str, actor: &str, via, when| HandoverEvent {
        seq: id * 10,
        problem_id: id,
        title: title.into(),
        park: r(1, "万宝新区"),
        action,
        actor: actor.into(),
        via,
        level: (action == Action::Escalate).then_some(1),
        at: at(when),
    };
    let open = |id, title: &str, level| HandoverProblem {
        id,
        title: title.into(),
        park: r(2, "娄底经济技术开发区"),
        state: ProblemState::Open,
        level,
        priority: Priority::High,
        created_at: at("2026-02-15T10:00:00Z"),
        due_at: at("2026-02-15T18:00:00Z"),
    };
    let raised =
        event(101, Action::Raise, "400 workers need bus transport", "联络员 周强", Via::Api, "2026-02-15T12:30:00Z");
    let escalated = event(
        101,
        Action::Escalate,
        "400 workers need bus transport",
        "值班员 张敏",
        Via::Console,
        "2026-02-15T13:00:00Z",
    );
    let hostile =
        event(102, Action::Resolve, "口罩\u{1b}[2J库存\u{202e}", "值班员 王芳", Via::Console, "2026-02-15T15:00:00Z");
    let mut h = Handover {
        since: at("2026-02-15T12:00:00Z"),
        until: at("2026-02-16T00:00:00Z"),
        time_zone: "Asia/Shanghai".into(),
        scope: PlaceRef { level: Level::City, id: 1, name: "娄底市".into() },
        desk_name: "值班员 张敏".into(),
        raised: HandoverList { total: 12, items: vec![raised] },
        escalated: HandoverList { total: 1, items: vec![escalated.clone()] },
        past_sla: HandoverList { total: 1, items: vec![open(103, "原材料运输受阻", 0)] },
        resolved: HandoverList { total: 1, items: vec![hostile] },
        reopened: HandoverList::default(),
        desk: HandoverList { total: 1, items: vec![escalated] },
        still_open: HandoverList {
            total: 2,
            items: vec![open(101, "400 workers need bus transport", 1), open(103, "原材料运输受阻", 0)],
        },
        still_escalated: HandoverList { total: 1, items: vec![open(101, "400 workers need bus transport", 1)] },
        rate_falls: RateFalls {
            from: fixtures::today() - chrono::Duration::days(2),
            to: fixtures::today() - chrono::Duration::days(1),
            parks: HandoverList {
                total: 1,
                items: vec![RateChange {
                    place: r(1, "万宝新区"),
                    from_resumed: 9,
                    from_reporting: 10,
                    to_resumed: 7,
                    to_reporting: 10,
                }],
            },
            cities: HandoverList::default(),
        },
        overdue_date: fixtures::today() - chrono::Duration::days(1),
        overdue: HandoverList { total: 37, items: fixtures::overdue()[..2].to_vec() },
        absent_days: [fixtures::today() - chrono::Duration::days(1), fixtures::today()],
        absent: HandoverList {
            total: 1,
            items: vec![AbsentOfficer {
                officer: r(3, "王立"),
                unit: r(1, "市发改委"),
                park: r(2, "娄底经济技术开发区"),
                last_checkin: None,
            }],
        },
        worst_units: HandoverList::default(),
    };
    h.sanitize();
    h
}

fn opened(w: u16, hgt: u16, lang: Lang) -> State {
    let mut s = fixtures::state(w, hgt, lang);
    let fx = key(&mut s, KeyCode::Char('H'));
    let view = s.top().view.clone();
    assert_eq!(fx, vec![Effect::Watch(Some(view.clone()))]);
    update(&mut s, Msg::Loaded { view, data: ViewData::Handover(Box::new(handover())), at: fixtures::now() });
    s
}

fn screen(s: &State) -> String {
    let area = Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = Buffer::empty(area);
    views::draw(s, &Theme::default_theme(), &mut buf, area);
    buffer_text(&buf)
}

#[test]
fn h_opens_the_handover_since_the_last_report_deadline_for_the_scope() {
    let mut s = fixtures::state(80, 24, Lang::En);
    key(&mut s, KeyCode::Char('H'));
    // At 14:32 on 02-16 the last 20:00 is 02-15's (12:00Z).
    assert_eq!(
        s.top().view,
        View::Handover { since: at("2026-02-15T12:00:00Z"), scope: s.scope.map(|x| x.to_string()) }
    );
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.top().view, View::Dashboard);
}

#[test]
fn the_palette_takes_a_start_and_refuses_a_bad_one() {
    let mut s = fixtures::state(80, 24, Lang::En);
    let fx = command(&mut s, "handover 08:00");
    let view = View::Handover { since: at("2026-02-16T00:00:00Z"), scope: None };
    assert_eq!((s.top().view.clone(), fx), (view.clone(), vec![Effect::Watch(Some(view))]));
    key(&mut s, KeyCode::Esc);
    command(&mut s, "handover");
    assert!(matches!(s.top().view, View::Handover { since, .. } if since == at("2026-02-15T12:00:00Z")));
    key(&mut s, KeyCode::Esc);
    command(&mut s, "handover 25:00");
    assert_eq!(s.top().view, View::Dashboard);
    assert!(s.notices.last().is_some_and(|n| n.contains("HH:MM")), "{:?}", s.notices);
    assert_eq!(s.modal, Modal::None);
}

#[test]
fn snapshots_at_80x24_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let text = screen(&opened(80, 24, lang));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "hostile text reached the screen");
        insta::assert_snapshot!(format!("handover_80x24_{}", lang.code()), text);
    }
}

#[test]
fn it_scrolls_and_a_problem_row_opens_the_problem() {
    let mut s = opened(80, 24, Lang::En);
    // Row 0 is the "Raised (12)" heading; row 1 is #101.
    key(&mut s, KeyCode::Char('j'));
    let fx = key(&mut s, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::Watch(Some(View::Problem(p)))] if p.id == 101), "{fx:?}");
    key(&mut s, KeyCode::Esc);
    assert!(matches!(s.top().view, View::Handover { .. }));
    // The last rows are reachable: the end of the list is the absent officers' section.
    key(&mut s, KeyCode::Char('G'));
    let text = screen(&s);
    assert!(text.contains("王立"), "{text}");
    assert!(text.contains("… and 35 more") || text.contains("Worst"), "{text}");
}

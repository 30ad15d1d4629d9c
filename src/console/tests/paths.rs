//! Keys that mean one thing and the path actually taken: refresh is `Ctrl-r` (and `F5`) on
//! every screen and in the hint bar, plain `r` reassigns on problems and says so elsewhere;
//! the breadcrumb is the stack of screens, which jumps back to a place already on it, and a
//! place opened by name (`E`, `:parks`) starts again from the dashboard.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{Modal, State, View, ViewData};
use crate::console::tests::fixtures::{self, now, r};
use crate::console::update::{push, update};
use crate::console::views::{buffer_text, draw};

fn press(s: &mut State, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, mods)))
}

fn key(s: &mut State, code: KeyCode) -> Vec<Effect> {
    press(s, code, KeyModifiers::NONE)
}

fn screen(s: &State) -> String {
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    draw(s, &Theme::default_theme(), &mut buf, area);
    buffer_text(&buf)
}

/// The breadcrumb: the second row of a drill-down screen.
fn crumb(s: &State) -> String {
    screen(s).lines().nth(1).unwrap_or_default().trim().to_string()
}

/// The hint bar: the last row.
fn hints(s: &State) -> String {
    screen(s).lines().last().unwrap_or_default().trim_end().to_string()
}

fn queue(s: &mut State) {
    let view = View::problems(Some(r(1, "万宝新区")), false);
    key(s, KeyCode::Char('2'));
    assert_eq!(key(s, KeyCode::Enter), vec![Effect::Watch(Some(view.clone()))]);
    update(s, Msg::Loaded { view, data: ViewData::Problems(fixtures::problems().into()), at: now() });
}

#[test]
fn a_place_already_on_the_path_is_jumped_back_to() {
    let mut s = fixtures::state(120, 30, Lang::En);
    let (a, b) = (View::Enterprise(r(11, "光华机械厂")), View::Officer(r(2, "李芳")));
    push(&mut s, a.clone());
    push(&mut s, b.clone());
    assert_eq!(crumb(&s), "Dashboard › 光华机械厂 › 李芳");
    // A → B → A is Dashboard › A, not Dashboard › A › B › A.
    assert_eq!(push(&mut s, View::Enterprise(r(11, "光华机械厂"))), vec![Effect::Watch(Some(a.clone()))]);
    assert_eq!(s.stack.len(), 2);
    assert_eq!(crumb(&s), "Dashboard › 光华机械厂");
    // A problem is the same place whatever name it was opened with (`#101`, a row).
    push(&mut s, View::Problem(r(101, "400 workers need bus transport")));
    push(&mut s, b);
    push(&mut s, View::Problem(r(101, "")));
    assert_eq!(s.stack.len(), 3, "{:?}", s.stack.iter().map(|sc| &sc.view).collect::<Vec<_>>());
    // Opening what is on top opens nothing; Esc pops one screen at a time.
    assert!(push(&mut s, View::Problem(r(101, ""))).is_empty());
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.top().view, a);
    assert_eq!(key(&mut s, KeyCode::Esc), vec![Effect::Watch(None)]);
    assert_eq!(s.stack.len(), 1);
}

#[test]
fn the_escalated_queue_starts_from_the_dashboard_wherever_it_is_opened() {
    for (lang, want) in [(Lang::En, "Dashboard › Escalated"), (Lang::Zh, "总览 › 已升级")] {
        let mut s = fixtures::state(120, 30, lang);
        queue(&mut s);
        key(&mut s, KeyCode::Enter);
        assert!(matches!(&s.top().view, View::Problem(p) if p.id == 101));
        assert_eq!(s.stack.len(), 3);
        key(&mut s, KeyCode::Char('E'));
        assert_eq!(s.stack.len(), 2);
        assert_eq!(crumb(&s), want, "not under the pane it was opened from");
        // Into a problem and `E` again: back to the queue, not a second one.
        let (view, data) = (s.top().view.clone(), ViewData::Problems(fixtures::problems().into()));
        update(&mut s, Msg::Loaded { view, data, at: now() });
        key(&mut s, KeyCode::Char('j'));
        key(&mut s, KeyCode::Enter);
        assert_eq!(s.stack.len(), 3);
        key(&mut s, KeyCode::Char('E'));
        assert_eq!(s.stack.len(), 2);
        assert_eq!(s.top().nav.selected, 1, "the queue as it was left");
        assert!(key(&mut s, KeyCode::Char('E')).is_empty(), "on top already");
        assert_eq!(crumb(&s), want);
        // By name from the palette too, and every other place alike.
        push(&mut s, View::Enterprise(r(11, "光华机械厂")));
        key(&mut s, KeyCode::Char(':'));
        for c in "parks".chars() {
            key(&mut s, KeyCode::Char(c));
        }
        key(&mut s, KeyCode::Enter);
        assert_eq!(s.modal, Modal::None);
        assert_eq!(s.stack.iter().map(|sc| sc.view.clone()).collect::<Vec<_>>(), [View::Dashboard, View::Parks]);
        key(&mut s, KeyCode::Esc);
        assert_eq!(s.stack.len(), 1, "Esc pops to the dashboard");
    }
}

#[test]
fn a_row_of_a_pane_names_the_pane_in_the_path() {
    let mut s = fixtures::state(120, 30, Lang::En);
    queue(&mut s);
    assert_eq!(crumb(&s), "Dashboard › Open problems by park › 万宝新区 problems");
    key(&mut s, KeyCode::Enter);
    assert!(crumb(&s).starts_with("Dashboard › Open problems by park › 万宝新区 problems › #101 "), "{}", crumb(&s));
    s.lang = Lang::Zh;
    assert!(crumb(&s).starts_with("总览 › 园区未结问题 › 万宝新区问题 › #101 "), "{}", crumb(&s));
}

#[test]
fn refresh_is_one_key_on_every_screen() {
    let mut s = fixtures::state(120, 30, Lang::En);
    let refresh = |s: &mut State| {
        assert_eq!(press(s, KeyCode::Char('r'), KeyModifiers::CONTROL), vec![Effect::Refresh]);
        assert_eq!(key(s, KeyCode::F(5)), vec![Effect::Refresh]);
    };
    refresh(&mut s);
    // Plain `r` on the dashboard reassigns nothing, refreshes nothing, and says which key does.
    assert!(key(&mut s, KeyCode::Char('r')).is_empty());
    assert_eq!(
        s.notices,
        ["r (reassign) acts on a selected problem: open a problem list or a problem first · Ctrl-r refreshes"]
    );
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.notices, ["a (acknowledge) acts on a selected problem: open a problem list or a problem first"]);
    queue(&mut s);
    refresh(&mut s);
    key(&mut s, KeyCode::Char('r'));
    assert!(matches!(s.modal, Modal::Picker { .. }), "on a problem, r reassigns");
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Enter);
    refresh(&mut s);
    s.lang = Lang::Zh;
    key(&mut s, KeyCode::Char('1'));
    key(&mut s, KeyCode::Char('r'));
    assert_eq!(s.notices, ["r（转派）用于所选问题：请先打开问题列表或问题详情 · Ctrl-r 刷新"]);
}

#[test]
fn the_hint_bar_shows_refresh_where_it_applies() {
    for lang in [Lang::En, Lang::Zh] {
        let word = if lang == Lang::En { "Ctrl-r refresh" } else { "Ctrl-r 刷新" };
        for w in [80, 160] {
            let mut s = fixtures::state(w, 24, lang);
            let dashboard = hints(&s);
            assert!(dashboard.contains(word), "{dashboard}");
            queue(&mut s);
            let list = hints(&s);
            assert!(list.contains(word), "{list}");
            key(&mut s, KeyCode::Enter);
            let detail = hints(&s);
            assert!(detail.contains(word), "{detail}");
            insta::assert_snapshot!(format!("hints_{w}_{}", lang.code()), format!("{dashboard}\n{list}\n{detail}"));
            // Not in a text input, where Ctrl-r is no key.
            key(&mut s, KeyCode::Char('/'));
            assert!(!hints(&s).contains("Ctrl-r"));
        }
    }
}

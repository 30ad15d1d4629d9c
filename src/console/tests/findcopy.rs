//! Find by number and copy, through the real update function and views: `:problem 1020`,
//! `#1020` and `1020` in the palette open that problem (fetched by the poller: `find_io`), a
//! 404 gives way to "no problem #N", `/1020` filters a problem list by its number, the number
//! column stays on every problem list at 80×24, and `y` copies the selected row's summary
//! (an `Effect::Copy` with the text, a toast in both languages; a notice when nothing is
//! selected) for every kind of row.

use crossterm::event::KeyCode;

use crate::api::types::NamedRef;
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{Modal, Pane, State, View, ViewData};
use crate::console::tests::details;
use crate::console::tests::fixtures::{self, r};
use crate::console::tests::triage::{key, keys};
use crate::console::update::{push, update};
use crate::console::views::{buffer_text, draw};
use crate::domain::lifecycle::{Priority, ProblemState};

/// Problem #1020, resolved an hour ago.
pub(super) fn resolved_1020() -> crate::api::types::Problem {
    let mut p = fixtures::problem(1020, "复工备案材料咨询", 0, ProblemState::Resolved, Priority::Normal, -60);
    p.resolved_at = Some(fixtures::now() - chrono::Duration::hours(1));
    p
}

/// The whole screen of `s` as text.
pub(super) fn screen_text(s: &State, theme: &Theme) -> String {
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    draw(s, theme, &mut buf, area);
    buffer_text(&buf)
}

/// The timeline of #1020: raised, then resolved by the park desk.
fn timeline_1020() -> Vec<crate::api::types::TimelineEvent> {
    use crate::api::types::{TimelineEvent, Via};
    use crate::domain::lifecycle::Action;
    let ev = |seq, action, from, to, actor: &str, payload, hours| TimelineEvent {
        seq,
        problem_id: 1020,
        action,
        actor: String::from(actor),
        via: Via::Console,
        from_state: from,
        to_state: to,
        payload,
        at: fixtures::now() - chrono::Duration::hours(hours),
    };
    vec![
        ev(1, Action::Raise, None, ProblemState::Open, "王立", serde_json::json!({}), 5),
        ev(
            2,
            Action::Resolve,
            Some(ProblemState::Open),
            ProblemState::Resolved,
            "园区服务台",
            serde_json::json!({"resolution": "已指导企业提交材料"}),
            1,
        ),
    ]
}

pub(super) fn palette(s: &mut State, line: &str) -> Vec<Effect> {
    keys(s, ":");
    keys(s, line);
    key(s, KeyCode::Enter)
}

fn by_number(id: i64) -> View {
    View::Problem(NamedRef { id, name: String::new() })
}

#[test]
fn a_number_in_the_palette_opens_that_problem_in_every_spelling() {
    for line in ["problem 1020", "problem #1020", "#1020", "1020", "  #1020 "] {
        let mut s = fixtures::state(80, 24, Lang::En);
        let fx = palette(&mut s, line);
        assert_eq!(fx, vec![Effect::Watch(Some(by_number(1020)))], "{line:?}");
        assert_eq!(s.top().view, by_number(1020), "{line:?}");
        assert!(s.notices.is_empty(), "{line:?}: {:?}", s.notices);
    }
    // Asked again while it is open: nothing new is pushed.
    let mut s = fixtures::state(80, 24, Lang::En);
    palette(&mut s, "#1020");
    assert!(palette(&mut s, "1020").is_empty());
    assert_eq!(s.stack.len(), 2);
}

#[test]
fn the_palette_completes_and_hints_the_command() {
    let s = fixtures::state(80, 24, Lang::En);
    let sugg = crate::console::update::palette::suggestions(&s, "prob");
    assert!(sugg.contains(&"problem ".to_string()) && sugg.contains(&"problems".to_string()), "{sugg:?}");
    assert_eq!(crate::console::update::palette::suggestions(&s, "#10"), ["problem 10"]);
    assert_eq!(crate::console::update::palette::suggestions(&s, "1020"), ["problem 1020"]);
    assert!(crate::console::update::palette::is_complete("problem 1020"));
    assert!(!crate::console::update::palette::is_complete("problem"));
}

#[test]
fn a_bad_number_says_how_to_ask_in_both_languages() {
    for (lang, words) in [(Lang::En, "a problem number, e.g. :problem 1020"), (Lang::Zh, "请输入问题编号")] {
        for line in ["problem abc", "problem 0", "problem -4", "problem "] {
            let mut s = fixtures::state(80, 24, lang);
            assert!(palette(&mut s, line).is_empty(), "{line:?}");
            assert_eq!(s.stack.len(), 1, "{line:?}: nothing opened");
            assert!(s.notices.iter().any(|n| n.contains(words)), "{line:?}: {:?}", s.notices);
        }
    }
}

#[test]
fn a_missing_number_gives_way_to_a_notice() {
    for (lang, text) in [(Lang::En, "no problem #999999"), (Lang::Zh, "没有问题 #999999")] {
        let mut s = fixtures::state(80, 24, lang);
        push(&mut s, View::problems(None, false));
        palette(&mut s, "#999999");
        assert_eq!(s.stack.len(), 3);
        let error = "404 Not Found: problem 999999 not found".to_string();
        let fx = update(&mut s, Msg::NotFound { view: by_number(999_999), error });
        // The screen under it is shown (and watched) again, with the notice.
        assert_eq!(fx, vec![Effect::Watch(Some(View::problems(None, false)))]);
        assert_eq!(s.stack.len(), 2);
        assert_eq!(s.notices, [text]);
        assert!(screen_text(&s, &Theme::default_theme()).contains(&format!("⚠ {text}")));
    }
}

#[test]
fn a_404_of_another_view_or_one_no_longer_on_top_stays_on_its_screen() {
    let mut s = fixtures::state(80, 24, Lang::En);
    let ent = View::Enterprise(r(77, "gone"));
    push(&mut s, ent.clone());
    assert!(update(&mut s, Msg::NotFound { view: ent.clone(), error: "404 Not Found: x".into() }).is_empty());
    assert_eq!((s.top().view.clone(), s.top().error.as_deref()), (ent, Some("404 Not Found: x")));
    // A problem screen the user already left behind: marked where it is, nothing popped.
    let mut s = fixtures::state(80, 24, Lang::En);
    palette(&mut s, "#5");
    push(&mut s, View::Parks);
    assert!(update(&mut s, Msg::NotFound { view: by_number(5), error: String::new() }).is_empty());
    assert_eq!(s.stack.len(), 3);
    assert_eq!(s.stack[1].error.as_deref(), Some("no problem #5"));
    // An answer for a screen that is gone changes nothing.
    let before = s.clone();
    assert!(update(&mut s, Msg::NotFound { view: by_number(6), error: String::new() }).is_empty());
    assert_eq!(s, before);
}

/// A problem queue of `problems`, loaded, on top.
fn queue(lang: Lang, problems: Vec<crate::api::types::Problem>) -> State {
    let mut s = fixtures::state(80, 24, lang);
    let view = View::problems(None, false);
    push(&mut s, view.clone());
    update(&mut s, Msg::Loaded { view, data: ViewData::Problems(problems.into()), at: fixtures::now() });
    s
}

fn numbered(ids: &[i64]) -> Vec<crate::api::types::Problem> {
    ids.iter()
        .map(|&id| fixtures::problem(id, &format!("问题 {}", id % 7), 0, ProblemState::Open, Priority::Normal, 60))
        .collect()
}

#[test]
fn the_filter_matches_the_number_with_or_without_the_hash() {
    for filter in ["1020", "#1020"] {
        let mut s = queue(Lang::En, numbered(&[3, 1020, 2040, 1021]));
        keys(&mut s, "/");
        keys(&mut s, filter);
        key(&mut s, KeyCode::Enter);
        let text = screen_text(&s, &Theme::default_theme());
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("问题")).collect();
        assert_eq!(rows.len(), 1, "{filter}: {text}");
        assert!(rows[0].contains("#1020"), "{text}");
        assert_eq!(crate::console::tables::summary::selected(&s).map(|t| t[..6].to_string()), Some("#1020 ".into()));
    }
    // A number among no loaded row: the list holds what is loaded; `:problem` finds any.
    let mut s = queue(Lang::Zh, numbered(&[3, 1020]));
    keys(&mut s, "/4711");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.notices, ["不在已加载的行中；:problem 编号 可打开任一问题"]);
    keys(&mut s, "/");
    key(&mut s, KeyCode::Backspace);
    keys(&mut s, "x");
    key(&mut s, KeyCode::Enter);
    assert!(s.notices.is_empty(), "only for a number: {:?}", s.notices);
    // The enterprise's problems too (their number is in the row).
    let mut s = fixtures::state(80, 24, Lang::En);
    let view = View::Enterprise(r(11, "湖南华洋茂建设工程有限公司第二分公司"));
    push(&mut s, view.clone());
    update(&mut s, Msg::Loaded { view, data: details::enterprise_detail(), at: fixtures::now() });
    keys(&mut s, "/#102");
    let text = screen_text(&s, &Theme::default_theme());
    assert!(text.contains("#102 口罩") && !text.contains("#101 400"), "{text}");
}

#[test]
fn every_problem_list_keeps_the_number_column_at_80x24() {
    let theme = Theme::default_theme();
    for lang in [Lang::En, Lang::Zh] {
        let lists = [
            (View::problems(Some(r(1, "万宝新区")), false), ViewData::Problems(fixtures::problems().into())),
            (View::problems(None, true), ViewData::Problems(fixtures::problems()[..2].to_vec().into())),
            (View::Enterprise(r(11, "湖南华洋茂建设工程有限公司第二分公司")), details::enterprise_detail()),
        ];
        for (view, data) in lists {
            let mut s = fixtures::state(80, 24, lang);
            push(&mut s, view.clone());
            update(&mut s, Msg::Loaded { view: view.clone(), data, at: fixtures::now() });
            let text = screen_text(&s, &theme);
            assert!(text.contains("#101") && text.contains("#102"), "{view:?} {lang:?}:\n{text}");
        }
        // A long number, still whole.
        let s = queue(lang, numbered(&[123_456]));
        assert!(screen_text(&s, &theme).contains("#123456"));
    }
}

#[test]
fn a_problem_opened_by_number_at_80x24() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = fixtures::state(80, 24, lang);
        palette(&mut s, "problem 1020");
        let data = ViewData::Problem(Box::new(resolved_1020()), timeline_1020());
        update(&mut s, Msg::Loaded { view: by_number(1020), data, at: fixtures::now() });
        let text = screen_text(&s, &Theme::default_theme());
        assert!(text.contains("#1020 复工备案材料咨询"), "{text}");
        insta::assert_snapshot!(format!("problem_by_number_80x24_{}", lang.code()), text);
    }
}

#[test]
fn y_copies_the_selected_problem_with_a_toast_in_both_languages() {
    let theme = Theme::default_theme();
    for (lang, text) in [
        (
            Lang::En,
            "#1020 复工备案材料咨询 · 湖南华洋茂建设工程有限公司 · 万宝新区 · resolved · 交通运输局 · due 02-16 13:32",
        ),
        (
            Lang::Zh,
            "#1020 复工备案材料咨询 · 湖南华洋茂建设工程有限公司 · 万宝新区 · 已解决 · 交通运输局 · 时限 02-16 13:32",
        ),
    ] {
        let mut s = queue(lang, vec![resolved_1020()]);
        assert_eq!(keys(&mut s, "y"), vec![Effect::Copy(text.into())]);
        let shown = screen_text(&s, &theme);
        insta::assert_snapshot!(format!("copy_toast_80x24_{}", lang.code()), shown);
        // The toast goes with the clock.
        update(&mut s, Msg::Tick(fixtures::now() + chrono::Duration::seconds(5)));
        assert!(s.toast.is_none());
        // The detail copies the same, whichever timeline row is selected.
        let mut d = fixtures::state(80, 24, lang);
        palette(&mut d, "#1020");
        let data = ViewData::Problem(Box::new(resolved_1020()), timeline_1020());
        update(&mut d, Msg::Loaded { view: by_number(1020), data, at: fixtures::now() });
        keys(&mut d, "j");
        assert_eq!(keys(&mut d, "y"), vec![Effect::Copy(text.into())]);
    }
}

#[test]
fn nothing_selected_is_a_notice_not_a_copy() {
    for (lang, text) in [(Lang::En, "nothing selected to copy"), (Lang::Zh, "没有选中可复制的内容")] {
        let mut s = fixtures::state(80, 24, lang);
        push(&mut s, View::problems(None, false));
        assert!(keys(&mut s, "y").is_empty(), "still loading");
        assert_eq!(s.notices, [text]);
        assert!(s.toast.is_none());
        let mut s = queue(lang, Vec::new());
        assert!(keys(&mut s, "y").is_empty(), "an empty list");
        keys(&mut s, "/nomatch");
        key(&mut s, KeyCode::Enter);
        assert!(keys(&mut s, "y").is_empty(), "no row matches");
        assert!(s.modal == Modal::None && s.notices == [text]);
    }
}

/// What `y` copies on the focused pane or top screen of `s`.
fn copied(s: &mut State) -> String {
    match keys(s, "y").as_slice() {
        [Effect::Copy(text)] => text.clone(),
        other => panic!("no copy: {other:?} {:?}", s.notices),
    }
}

#[test]
fn every_kind_of_row_has_a_summary() {
    let mut s = fixtures::state(160, 48, Lang::En);
    let top_park = copied(&mut s);
    assert!(top_park.starts_with("涟源经济开发区 · enterprises 98/161 60.9% · staff 58.0%"), "{top_park}");
    assert!(top_park.contains("escalated 1▲") && top_park.contains("present 121/130"), "{top_park}");
    s.focus = Pane::nth(3).expect("the overdue pane");
    let overdue = copied(&mut s);
    let first = &fixtures::overdue()[0];
    assert!(overdue.starts_with(&format!("{} · ", first.enterprise.name)), "{overdue}");
    assert!(overdue.contains(&format!("{} days in a row", first.days_in_a_row)), "{overdue}");
    s.focus = Pane::nth(2).expect("the attendance pane");
    keys(&mut s, "u");
    assert!(copied(&mut s).contains(" · present "));
    push(&mut s, View::Units);
    let unit = copied(&mut s);
    assert!(unit.contains(" · reports ") && unit.contains(" · overdue "), "{unit}");

    let mut zh = fixtures::state(80, 24, Lang::Zh);
    let view = View::Enterprises { park: r(1, "万宝新区") };
    push(&mut zh, view.clone());
    update(
        &mut zh,
        Msg::Loaded { view, data: ViewData::Enterprises(fixtures::enterprises().into()), at: fixtures::now() },
    );
    let ent = copied(&mut zh);
    assert!(ent.contains(" · 在岗员工 ") && ent.contains(" · 联络员 "), "{ent}");
    let view = View::Officers { park: None, unit: Some(r(1, "市发改委")) };
    push(&mut zh, view.clone());
    update(&mut zh, Msg::Loaded { view, data: ViewData::Officers(fixtures::officers().into()), at: fixtures::now() });
    let officer = copied(&mut zh);
    assert!(officer.contains(" · 签到 ") && officer.contains(" · 联系企业 "), "{officer}");
    // The officer's and the enterprise's details: their subject (or the problem selected).
    let view = View::Officer(r(2, "李芳"));
    push(&mut zh, view.clone());
    update(&mut zh, Msg::Loaded { view, data: details::officer_detail(), at: fixtures::now() });
    assert!(copied(&mut zh).starts_with("李芳 · "));
    let view = View::Enterprise(r(11, "湖南华洋茂建设工程有限公司第二分公司"));
    push(&mut zh, view.clone());
    update(&mut zh, Msg::Loaded { view, data: details::enterprise_detail(), at: fixtures::now() });
    assert!(copied(&mut zh).starts_with("湖南华洋茂建设工程有限公司第二分公司 · 万宝新区 · "));
    keys(&mut zh, "jj");
    assert!(copied(&mut zh).starts_with("#101 400 workers"));
}

#[test]
fn a_copied_text_is_the_sanitised_one() {
    // The fixtures carry escape sequences and bidi overrides, sanitised as the client does.
    let mut s = fixtures::state(160, 48, Lang::En);
    push(&mut s, View::Parks);
    for _ in 0..6 {
        let text = copied(&mut s);
        assert!(!text.chars().any(|c| c.is_control() || c == '\u{202e}'), "{text:?}");
        keys(&mut s, "j");
    }
    let mut q = queue(Lang::En, fixtures::problems());
    keys(&mut q, "jj");
    let text = copied(&mut q);
    assert!(text.starts_with("#103 原材料未到货") && !text.contains('\u{1b}'), "{text:?}");
}

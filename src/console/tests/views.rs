//! Snapshot tests (insta, `TestBackend`) of every view at 80×24 and 160×48 in English and
//! Chinese, with CJK, emoji, mixed scripts and hostile strings; and buffer assertions that the
//! meaning-bearing colours are right.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::Msg;
use crate::console::model::ViewData;
use crate::console::model::{Modal, Pane, State, TextInput, View};
use crate::console::tests::fixtures::{self, r};
use crate::console::tests::{details, province};
use crate::console::update::{push, update};
use crate::console::views::{buffer_text, render};

fn draw(s: &State, theme: &Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, theme, f, f.area())).unwrap();
    term.backend().buffer().clone()
}

fn with_view(w: u16, h: u16, lang: Lang, view: View, data: Option<ViewData>) -> State {
    let mut s = fixtures::state(w, h, lang);
    if view != View::Dashboard {
        push(&mut s, view.clone());
    }
    if let Some(data) = data {
        update(&mut s, Msg::Loaded { view, data, at: fixtures::now() });
    }
    s
}

fn views() -> Vec<(&'static str, View, Option<ViewData>)> {
    let park = r(1, "万宝新区");
    vec![
        ("dashboard", View::Dashboard, None),
        ("parks", View::Parks, None),
        ("units", View::Units, None),
        ("problems", View::problems(Some(park.clone()), false), Some(ViewData::Problems(fixtures::problems().into()))),
        ("escalated", View::problems(None, true), Some(ViewData::Problems(fixtures::problems()[..2].to_vec().into()))),
        (
            "enterprises",
            View::Enterprises { park: park.clone() },
            Some(ViewData::Enterprises(fixtures::enterprises().into())),
        ),
        (
            "officers",
            View::Officers { park: None, unit: Some(r(1, "市发改委")) },
            Some(ViewData::Officers(fixtures::officers().into())),
        ),
        (
            "enterprise",
            View::Enterprise(r(11, "湖南华洋茂建设工程有限公司第二分公司")),
            Some(details::enterprise_detail()),
        ),
        ("officer", View::Officer(r(2, "李芳")), Some(details::officer_detail())),
        ("problem", View::Problem(r(101, "400 workers need bus transport")), Some(fixtures::problem_detail())),
    ]
}

#[test]
fn every_view_in_both_sizes_and_languages() {
    let theme = Theme::default_theme();
    for (name, view, data) in views() {
        for (w, h) in [(80, 24), (160, 48)] {
            for lang in [Lang::En, Lang::Zh] {
                let s = with_view(w, h, lang, view.clone(), data.clone());
                let text = buffer_text(&draw(&s, &theme));
                assert!(
                    !text.contains('\u{1b}') && !text.contains('\u{202e}'),
                    "{name}: hostile text reached the screen"
                );
                insta::assert_snapshot!(format!("{name}_{w}x{h}_{}", lang.code()), text);
            }
        }
    }
}

/// The problem lists, the enterprise detail and the overdue pane at 80, 120 and 200 columns:
/// spare width goes to every flexible column by weight, the number, state, level and
/// assignee always show, durations shorten by a whole unit.
#[test]
fn columns_at_three_widths() {
    let theme = Theme::default_theme();
    let park = r(1, "万宝新区");
    let shown: Vec<(&str, View, Option<ViewData>)> = vec![
        ("problems", View::problems(Some(park), false), Some(ViewData::Problems(fixtures::problems().into()))),
        (
            "enterprise",
            View::Enterprise(r(11, "湖南华洋茂建设工程有限公司第二分公司")),
            Some(details::enterprise_detail()),
        ),
        ("overdue", View::Dashboard, None),
    ];
    for (name, view, data) in shown {
        for (w, h) in [(80, 24), (120, 30), (200, 50)] {
            for lang in [Lang::En, Lang::Zh] {
                let mut s = with_view(w, h, lang, view.clone(), data.clone());
                if view == View::Dashboard {
                    // One pane across the whole width (the grid needs 30 lines).
                    s.focus = Pane::Overdue;
                    update(&mut s, Msg::Resize(w, 24));
                }
                let text = buffer_text(&draw(&s, &theme));
                insta::assert_snapshot!(format!("columns_{name}_{w}_{}", lang.code()), text);
            }
        }
    }
}

#[test]
fn narrow_dashboard_panes_and_overlays() {
    let theme = Theme::default_theme();
    for lang in [Lang::En, Lang::Zh] {
        let mut s = fixtures::state(80, 24, lang);
        for pane in [Pane::Problems, Pane::Attendance, Pane::Overdue] {
            s.focus = pane;
            insta::assert_snapshot!(
                format!("pane_{}_80x24_{}", pane.index() + 1, lang.code()),
                buffer_text(&draw(&s, &theme))
            );
        }
        s.focus = Pane::Attendance;
        s.by_unit = true;
        insta::assert_snapshot!(format!("attendance_units_80x24_{}", lang.code()), buffer_text(&draw(&s, &theme)));
        s.modal = Modal::Help { scroll: 0 };
        insta::assert_snapshot!(format!("help_80x24_{}", lang.code()), buffer_text(&draw(&s, &theme)));
        s.modal = Modal::Palette { input: TextInput::from("pa"), selected: 0 };
        insta::assert_snapshot!(format!("palette_80x24_{}", lang.code()), buffer_text(&draw(&s, &theme)));
        s.modal = Modal::None;
        update(&mut s, Msg::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('f'))));
        s.focus = Pane::Rtw;
        insta::assert_snapshot!(format!("frozen_80x24_{}", lang.code()), buffer_text(&draw(&s, &theme)));
    }
}

#[test]
fn province_dashboard_shows_city_rows() {
    let theme = Theme::default_theme();
    for lang in [Lang::En, Lang::Zh] {
        let s = province::province_state(120, 30, lang);
        let text = buffer_text(&draw(&s, &theme));
        for city in ["长沙市", "株洲市", "娄底市", "湘西土家族苗族"] {
            assert!(text.contains(city), "{city} is a row:\n{text}");
        }
        insta::assert_snapshot!(format!("province_dashboard_120x30_{}", lang.code()), text);
    }
}

fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let text = buffer_text(buf);
    for (y, line) in text.lines().enumerate() {
        if let Some(bytepos) = line.find(needle) {
            let x = crate::console::look::format::width(&line[..bytepos]);
            return (x as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{text}");
}

/// Where `needle` is on the line of `anchor`, after it.
fn find_beside(buf: &Buffer, anchor: &str, needle: &str) -> (u16, u16) {
    let (_, y) = find(buf, anchor);
    let text = buffer_text(buf);
    let line = text.lines().nth(y as usize).unwrap();
    let at = line.find(anchor).unwrap();
    let bytepos = at + line[at..].find(needle).unwrap_or_else(|| panic!("{needle:?} not beside {anchor:?}: {line}"));
    (crate::console::look::format::width(&line[..bytepos]) as u16, y)
}

#[test]
fn meaning_bearing_colours() {
    let theme = Theme::default_theme();
    let mut s = fixtures::state(160, 48, Lang::En);
    let buf = draw(&s, &theme);
    // An enterprise overdue two days in a row is critical, one day a warning.
    let (x, y) = find(&buf, "文昌科技");
    assert_eq!(buf[(x, y)].fg, theme.critical.fg.unwrap());
    let (x, y) = find(&buf, "光华机械厂");
    assert_eq!(buf[(x, y)].fg, theme.warn.fg.unwrap());
    // Attendance below 90% stands out (critical, bold); 93% is a warning, 98% normal.
    let (x, y) = find_beside(&buf, "447/504", "89%");
    assert_eq!(buf[(x, y)].fg, theme.critical.fg.unwrap());
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find_beside(&buf, "121/130", "93%");
    assert_eq!(buf[(x, y)].fg, theme.warn.fg.unwrap());
    let (x, y) = find_beside(&buf, "246/250", "98%");
    assert_eq!(buf[(x, y)].fg, ratatui::style::Color::Reset);
    // An escalation is marked ▲ in the normal colour: the life cycle at work, not an alarm.
    let (x, y) = find(&buf, "3▲");
    assert_eq!(buf[(x, y)].fg, ratatui::style::Color::Reset);
    // The selected row has the selection background and the marker.
    let (x, y) = find(&buf, "▶");
    assert_eq!(buf[(x, y)].bg, theme.selected.bg.unwrap());
    // LIVE is ok; OFFLINE is critical, with the retry countdown.
    let (x, y) = find(&buf, "LIVE");
    assert_eq!(buf[(x, y)].fg, theme.ok.fg.unwrap());
    let now = fixtures::now();
    update(&mut s, Msg::Failed { at: now, error: fixtures::refused(), retry_at: now + chrono::Duration::seconds(8) });
    let buf = draw(&s, &theme);
    let (x, y) = find(&buf, "OFFLINE · connection refused · retry in 8s");
    assert_eq!(buf[(x, y)].fg, theme.critical.fg.unwrap());
}

#[test]
fn mono_keeps_meaning_without_colour() {
    let theme = Theme::builtin("mono").unwrap();
    let s = fixtures::state(160, 48, Lang::Zh);
    let buf = draw(&s, &theme);
    assert!(buf.content.iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    let (x, y) = find(&buf, "▶");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find_beside(&buf, "447/504", "89%");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn resizing_relays_out_at_once() {
    let theme = Theme::default_theme();
    let mut s = fixtures::state(160, 48, Lang::En);
    assert!(buffer_text(&draw(&s, &theme)).contains("┏"));
    update(&mut s, Msg::Resize(80, 24));
    let text = buffer_text(&draw(&s, &theme));
    assert!(text.contains("[1 Return to work]"), "{text}");
    update(&mut s, Msg::Resize(30, 8));
    assert_eq!(draw(&s, &theme).area.width, 30);
}

#[test]
fn before_the_cutoff_attendance_says_not_yet() {
    let theme = Theme::default_theme();
    let mut s = fixtures::state(80, 24, Lang::En);
    // 08:10 in Shanghai.
    update(&mut s, Msg::Tick(fixtures::now() - chrono::Duration::minutes(382)));
    s.focus = Pane::Attendance;
    let text = buffer_text(&draw(&s, &theme));
    assert!(text.contains("not yet"), "{text}");
    assert!(!text.contains("absent"), "{text}");
    s.lang = Lang::Zh;
    assert!(buffer_text(&draw(&s, &theme)).contains("未到"));
}

#[test]
fn overdue_pane_says_which_day_it_lists_when_not_today() {
    let theme = Theme::default_theme();
    let mut s = fixtures::state(80, 24, Lang::En);
    s.focus = Pane::Overdue;
    let text = buffer_text(&draw(&s, &theme));
    assert!(!text.contains("list of"), "today's list needs no note:\n{text}");
    // Before tonight's deadline the server lists yesterday's overdue reports.
    for o in s.overdue.iter_mut() {
        o.date = o.date.pred_opt().unwrap();
    }
    let day = s.overdue[0].date.format("%m-%d").to_string();
    let text = buffer_text(&draw(&s, &theme));
    assert!(text.contains(&format!("list of {day}")), "{text}");
    s.lang = Lang::Zh;
    assert!(buffer_text(&draw(&s, &theme)).contains(&format!("列表日期 {day}")));
}

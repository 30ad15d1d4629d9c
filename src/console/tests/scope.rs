//! The dashboard's scope in the console: rows one level down (cities, counties, parks), Enter
//! on a city or county scopes the dashboard, Esc and Backspace go back up, the status line and
//! breadcrumbs name the levels from the data, `:scope` finds cities and counties, and the
//! overdue pane keeps to the scope's parks.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::api::types::{Dashboard, Level, PlaceRef, Scope};
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::pane::PaneTable as PaneTableRef;
use crate::console::model::{Pane, State, View};
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures::{self, now, r};
use crate::console::tests::province;
use crate::console::update::update;
use crate::console::views::{buffer_text, render};

fn key(s: &mut State, k: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)))
}

fn screen(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    buffer_text(term.backend().buffer())
}

/// Selects the row named `name` in the focused pane.
fn select(s: &mut State, name: &str) {
    let t = tables::table(s, TableRef::Pane(s.focus));
    let shown = tables::shown(&t, tables::nav(s, TableRef::Pane(s.focus)));
    let pos = shown.iter().position(|&i| t.rows[i].cells[0].text == name).unwrap_or_else(|| panic!("{name}"));
    for _ in 0..pos {
        key(s, KeyCode::Down);
    }
}

/// The county 岳麓区 of 长沙市 in the province, as the server answers `scope=county:3`.
fn yuelu() -> Dashboard {
    let mut d = fixtures::dashboard();
    d.scope = PlaceRef { level: Level::County, id: 3, name: "岳麓区".into() };
    d.path = vec![
        PlaceRef { level: Level::Province, id: 0, name: "湖南省".into() },
        PlaceRef { level: Level::City, id: 1, name: "长沙市".into() },
        d.scope.clone(),
    ];
    d.totals.name = "岳麓区".into();
    d
}

fn arrive(s: &mut State, d: Dashboard) {
    let fresh = Some(Box::new((d, Some(fixtures::overdue().into()))));
    update(s, Msg::Data { at: now(), poll_secs: None, fresh });
}

#[test]
fn enter_on_a_city_scopes_the_dashboard_and_esc_goes_back_up() {
    let mut s = province::province_state(120, 30, Lang::En);
    assert_eq!(s.place_name(), "湖南省");
    for pane in [Pane::Rtw, Pane::Problems, Pane::Attendance] {
        s.focus = pane;
        select(&mut s, "长沙市");
        let fx = key(&mut s, KeyCode::Enter);
        assert_eq!(fx, vec![Effect::Scope(Some(Scope::City(1))), Effect::Watch(None)], "{pane:?}");
        assert_eq!(s.stack.len(), 1, "a city is a scope, not a screen");
        assert_eq!(s.panes[s.pane_table(pane).slot()].selected, 0, "the new rows start at the top");
        s.scope = None;
    }
    // The county's figures arrive: its parks are the rows, Enter on one drills down as before.
    s.scope = Some(Scope::County(3));
    arrive(&mut s, yuelu());
    s.focus = Pane::Rtw;
    select(&mut s, "万宝新区");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.top().view, View::Enterprises { park: r(1, "万宝新区") });
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.stack.len(), 1);
    // Esc on the dashboard goes one level up by the path; Backspace too.
    assert_eq!(key(&mut s, KeyCode::Esc), vec![Effect::Scope(Some(Scope::City(1))), Effect::Watch(None)]);
    let mut city = province::province_dashboard();
    city.path.push(PlaceRef { level: Level::City, id: 1, name: "长沙市".into() });
    arrive(&mut s, city);
    assert_eq!(key(&mut s, KeyCode::Backspace), vec![Effect::Scope(Some(Scope::Province)), Effect::Watch(None)]);
    arrive(&mut s, province::province_dashboard());
    assert!(key(&mut s, KeyCode::Esc).is_empty(), "nothing above the top");
}

#[test]
fn the_problem_pane_names_the_level_of_its_rows() {
    let mut s = province::province_state(120, 30, Lang::En);
    assert!(screen(&s).contains("2 Open problems by city"));
    let mut county_rows = province::province_dashboard();
    county_rows.rows_level = Level::County;
    arrive(&mut s, county_rows);
    assert!(screen(&s).contains("2 Open problems by county"));
    arrive(&mut s, yuelu());
    assert!(screen(&s).contains("2 Open problems by park"));
    s.lang = Lang::Zh;
    assert!(screen(&s).contains("2 园区未结问题"));
}

#[test]
fn the_status_line_and_breadcrumbs_name_the_levels() {
    for (lang, title) in [(Lang::En, "Return to work"), (Lang::Zh, "复工率")] {
        let mut s = province::province_state(120, 30, lang);
        arrive(&mut s, yuelu());
        let text = screen(&s);
        assert!(text.lines().next().unwrap().contains("湖南省 › 长沙市 › 岳麓区"), "{text}");
        assert!(text.contains("岳麓区 "), "the summary names the scope:\n{text}");
        s.focus = Pane::Rtw;
        select(&mut s, "万宝新区");
        key(&mut s, KeyCode::Enter);
        // The status line names the scope; the breadcrumb the path taken from its dashboard.
        let text = screen(&s);
        assert!(text.lines().next().unwrap().contains("湖南省 › 长沙市 › 岳麓区"), "{text}");
        let crumb = text.lines().nth(1).unwrap().to_string();
        let dashboard = if lang == Lang::En { "Dashboard" } else { "总览" };
        assert!(crumb.contains(&format!("{dashboard} › {title} › 万宝新区")), "{crumb}");
    }
    // One city: the title is the city, from the data (not the configured name).
    let mut s = fixtures::state(120, 30, Lang::En);
    let mut d = fixtures::dashboard();
    d.path[0].name = "长沙市".into();
    arrive(&mut s, d);
    assert!(screen(&s).lines().next().unwrap().contains("长沙市 › 娄星区"));
}

#[test]
fn the_palette_finds_cities_and_counties() {
    let mut s = province::province_state(120, 30, Lang::En);
    let suggestions = crate::console::update::palette::suggestions(&s, "scope 凤");
    assert_eq!(suggestions, vec!["scope 凤凰县 湘西土家族苗族自治州"]);
    let run = |s: &mut State, line: &str| crate::console::update::palette::execute(s, line);
    assert_eq!(run(&mut s, "scope yuelu").unwrap(), vec![Effect::Scope(Some(Scope::County(3))), Effect::Watch(None)]);
    assert_eq!(run(&mut s, "scope 株洲市").unwrap(), vec![Effect::Scope(Some(Scope::City(2))), Effect::Watch(None)]);
    assert_eq!(run(&mut s, "scope province").unwrap(), vec![Effect::Scope(Some(Scope::Province)), Effect::Watch(None)]);
    assert!(run(&mut s, "scope 火星").unwrap_err().contains("no city or county"));
}

#[test]
fn the_overdue_pane_pages_within_the_scope() {
    // The server filters the overdue list by the scope; the console asks for the scope's pages.
    let mut s = province::province_state(120, 30, Lang::En);
    s.scope = Some(Scope::County(3));
    s.overdue = crate::console::model::Paged::first(fixtures::overdue(), Some(40), Some("o2".into()));
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)));
    let fx = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)));
    let lists: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadPage { list, .. } => Some(list.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(lists, [crate::console::model::ListRef::Overdue(Some(Scope::County(3)), None)]);
}

#[test]
fn the_attendance_summary_names_the_level_of_its_rows() {
    let text = |s: &State, t: PaneTableRef| -> String {
        tables::pane_table(s, t).summary.iter().flatten().map(|(t, _)| t.as_str()).collect()
    };
    let s = province::province_state(120, 30, Lang::En);
    let by_place = text(&s, PaneTableRef::AttendanceByPark);
    assert!(by_place.contains("by city · u: by unit"), "{by_place}");
    assert!(text(&s, PaneTableRef::AttendanceByUnit).contains("by unit · u: by city"));
    let mut s = province::province_state(120, 30, Lang::Zh);
    arrive(&mut s, yuelu());
    let zh = text(&s, PaneTableRef::AttendanceByPark);
    assert!(zh.contains("按园区"), "岳麓区's rows are parks: {zh}");
}

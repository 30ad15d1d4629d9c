//! One text matcher everywhere: on the park names of the `changsha` preset, `/changsha` finds
//! the 长沙 parks (长 read as `chang`, not only as `zhang`) and `:park changsha` opens one.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::console::look::i18n::Lang;
use crate::console::message::Msg;
use crate::console::model::{Pane, State, View};
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures;
use crate::console::update::update;
use crate::domain::calendar::{Calendar, SlaHours};
use crate::seed::{Preset, generate};

/// The console on a dashboard whose parks are those of the `changsha` preset.
fn changsha_state() -> (State, Vec<String>) {
    let data = generate(Preset::Changsha, 2020, fixtures::now(), &Calendar::default(), &SlaHours::default());
    let mut dash = fixtures::dashboard();
    let template = dash.rows[0].clone();
    dash.rows = data
        .parks
        .iter()
        .map(|p| {
            let mut f = template.clone();
            f.id = p.id;
            f.name = p.name.clone();
            f
        })
        .collect();
    let names: Vec<String> = data.parks.iter().map(|p| p.name.clone()).collect();
    let mut s = fixtures::state(160, 48, Lang::En);
    update(
        &mut s,
        Msg::Data {
            at: fixtures::now(),
            poll_secs: Some(5),
            fresh: Some(Box::new((dash, Some(fixtures::overdue().into())))),
        },
    );
    (s, names)
}

fn keys(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn enter(s: &mut State) {
    update(s, Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
}

#[test]
fn slash_changsha_finds_the_changsha_parks() {
    let (mut s, names) = changsha_state();
    let expected: Vec<&String> = names.iter().filter(|n| n.contains("长沙")).collect();
    assert!(expected.len() >= 3, "the preset has 长沙 parks: {names:?}");
    keys(&mut s, "/changsha");
    enter(&mut s);
    let r = TableRef::Pane(Pane::Rtw);
    let t = tables::table(&s, r);
    let shown: Vec<&str> =
        tables::shown(&t, tables::nav(&s, r)).iter().map(|&i| t.rows[i].cells[0].text.as_str()).collect();
    for name in &expected {
        assert!(shown.iter().any(|c| name.starts_with(c.trim_end_matches('…'))), "{name} not shown in {shown:?}");
    }
    assert!(shown.len() < names.len(), "the filter hides the other parks");
}

#[test]
fn palette_park_changsha_opens_a_changsha_park() {
    let (mut s, _) = changsha_state();
    keys(&mut s, ":park changsha");
    enter(&mut s);
    match &s.top().view {
        View::Enterprises { park } => assert!(park.name.contains("长沙"), "opened {}", park.name),
        other => panic!("expected a park's enterprises, got {other:?}"),
    }
}

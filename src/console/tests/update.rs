//! Unit tests of the pure update logic: navigation, filter, sort, freeze, the palette and the
//! LIVE/STALE/OFFLINE transitions, with time passed in (no sleeping).

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::api::client::ClientError;
use crate::console::look::i18n::Lang;
use crate::console::message::{Effect, Msg};
use crate::console::model::ViewData;
use crate::console::model::link::LinkError;
use crate::console::model::{Freshness, Modal, Pane, State, TextInput, View};
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures::{self, now};
use crate::console::update::update;

fn key(s: &mut State, k: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)))
}

fn ch(s: &mut State, c: char) -> Vec<Effect> {
    key(s, KeyCode::Char(c))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        ch(s, c);
    }
}

fn selected_name(s: &State) -> String {
    let r = if s.top().view == View::Dashboard { TableRef::Pane(s.focus) } else { TableRef::Top };
    let t = tables::table(s, r);
    let shown = tables::shown(&t, tables::nav(s, r));
    t.row(shown[tables::nav(s, r).selected]).expect("the selected row is built").cells[0].text.clone()
}

#[test]
fn worst_park_first_and_moving() {
    let mut s = fixtures::state(80, 24, Lang::En);
    assert_eq!(selected_name(&s), "涟源经济开发区"); // 98/161 is the lowest rate
    ch(&mut s, 'j');
    ch(&mut s, 'j');
    assert_eq!(s.panes[0].selected, 2);
    ch(&mut s, 'G');
    assert_eq!(s.panes[0].selected, 5);
    ch(&mut s, 'j');
    assert_eq!(s.panes[0].selected, 5, "stays on the last row");
    ch(&mut s, 'g');
    assert_eq!(s.panes[0].selected, 0);
    key(&mut s, KeyCode::PageDown);
    assert_eq!(s.panes[0].selected, 5);
    key(&mut s, KeyCode::PageUp);
    assert_eq!(s.panes[0].selected, 0);
}

#[test]
fn panes_tab_and_numbers() {
    let mut s = fixtures::state(80, 24, Lang::En);
    key(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::Problems);
    key(&mut s, KeyCode::BackTab);
    key(&mut s, KeyCode::BackTab);
    assert_eq!(s.focus, Pane::Overdue);
    ch(&mut s, '3');
    assert_eq!(s.focus, Pane::Attendance);
    ch(&mut s, 'u');
    assert!(s.by_unit);
    assert_eq!(selected_name(&s), "市委编办");
}

#[test]
fn drill_down_and_back() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, '2');
    // The park with escalations comes first in open problems.
    assert_eq!(selected_name(&s), "万宝新区");
    let fx = key(&mut s, KeyCode::Enter);
    let view = View::problems(Some(fixtures::r(1, "万宝新区")), false);
    assert_eq!(fx, vec![Effect::Watch(Some(view.clone()))]);
    assert_eq!(s.top().view, view);
    update(
        &mut s,
        Msg::Loaded { view: view.clone(), data: ViewData::Problems(fixtures::problems().into()), at: now() },
    );
    assert_eq!(selected_name(&s), "#101");
    let fx = key(&mut s, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::Watch(Some(View::Problem(p)))] if p.id == 101));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.top().view, view);
    let fx = key(&mut s, KeyCode::Esc);
    assert_eq!(fx, vec![Effect::Watch(None)]);
    assert_eq!(s.stack.len(), 1);
    // Every pane opens its own kind of view.
    ch(&mut s, '4');
    assert!(matches!(&key(&mut s, KeyCode::Enter)[..], [Effect::Watch(Some(View::Enterprise(_)))]));
    ch(&mut s, '3');
    assert!(matches!(&key(&mut s, KeyCode::Enter)[..], [Effect::Watch(Some(View::Officers { park: Some(_), .. }))]));
    ch(&mut s, '1');
    assert!(matches!(&key(&mut s, KeyCode::Enter)[..], [Effect::Watch(Some(View::Enterprises { .. }))]));
}

#[test]
fn filter_hides_rows_and_esc_clears() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, '/');
    assert_eq!(s.modal, Modal::Filter { input: TextInput::default() });
    typed(&mut s, "wbxq");
    assert_eq!(selected_name(&s), "万宝新区");
    let t = tables::table(&s, TableRef::Pane(Pane::Rtw));
    assert_eq!(tables::shown(&t, &s.panes[0]).len(), 1);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Modal::None);
    assert_eq!(s.panes[0].filter, "wbxq");
    key(&mut s, KeyCode::Esc);
    assert!(s.panes[0].filter.is_empty());
    ch(&mut s, '/');
    typed(&mut s, "zz");
    key(&mut s, KeyCode::Backspace);
    assert_eq!(s.panes[0].filter, "z");
    key(&mut s, KeyCode::Esc);
    assert!(s.panes[0].filter.is_empty());
    assert_eq!(s.modal, Modal::None);
}

#[test]
fn sort_cycles_columns_and_reverses() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, 's');
    assert_eq!(s.panes[0].sort, Some((0, false)));
    ch(&mut s, 'S');
    assert_eq!(s.panes[0].sort, Some((0, true)));
    for _ in 0..5 {
        ch(&mut s, 's');
    }
    assert_eq!(s.panes[0].sort, Some((5, true)));
    ch(&mut s, 's');
    assert_eq!(s.panes[0].sort, None);
}

#[test]
fn freeze_holds_rows_until_resumed() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, 'f');
    assert!(s.frozen.is_some());
    let mut d = fixtures::dashboard();
    d.rows.truncate(1);
    let later = now() + Duration::seconds(5);
    update(
        &mut s,
        Msg::Data { at: later, poll_secs: None, fresh: Some(Box::new((d.clone(), Some(Vec::new().into())))) },
    );
    update(&mut s, Msg::Data { at: later, poll_secs: None, fresh: Some(Box::new((d, Some(Vec::new().into())))) });
    assert_eq!(s.dash.as_ref().unwrap().rows.len(), 6, "rows stay put");
    assert_eq!(s.frozen.as_ref().unwrap().held.len(), 1, "only the latest is held");
    assert_eq!(s.link.last_ok, Some(later), "freshness still follows the link");
    ch(&mut s, 'f');
    assert!(s.frozen.is_none());
    assert_eq!(s.dash.as_ref().unwrap().rows.len(), 1);
    assert!(s.overdue.is_empty());
}

#[test]
fn selection_follows_its_row_when_data_moves() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, 'j');
    let name = selected_name(&s);
    let mut d = fixtures::dashboard();
    d.rows.reverse();
    d.rows[0].enterprises.num = 0; // a new worst park moves everything down
    update(
        &mut s,
        Msg::Data { at: now(), poll_secs: None, fresh: Some(Box::new((d, Some(fixtures::overdue().into())))) },
    );
    assert_eq!(selected_name(&s), name);
}

#[test]
fn palette_completes_and_runs() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, ':');
    typed(&mut s, "esc");
    key(&mut s, KeyCode::Tab);
    assert_eq!(s.modal, Modal::Palette { input: TextInput::from("escalated"), selected: 0 });
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(fx, vec![Effect::Watch(Some(View::problems(None, true)))]);
    ch(&mut s, ':');
    typed(&mut s, "park lyjj");
    key(&mut s, KeyCode::Enter);
    assert!(matches!(&s.top().view, View::Enterprises { park } if park.name == "涟源经济开发区"));
    ch(&mut s, ':');
    typed(&mut s, "lang zh-CN");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.lang, Lang::Zh);
    ch(&mut s, ':');
    typed(&mut s, "theme light");
    assert_eq!(key(&mut s, KeyCode::Enter), vec![Effect::LoadTheme("light".into())]);
    ch(&mut s, ':');
    typed(&mut s, "bogus");
    key(&mut s, KeyCode::Enter);
    assert!(s.notices[0].contains("bogus"));
    ch(&mut s, ':');
    typed(&mut s, "units");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.top().view, View::Units);
    ch(&mut s, ':');
    typed(&mut s, "quit");
    assert_eq!(key(&mut s, KeyCode::Enter), vec![Effect::Quit]);
}

#[test]
fn live_stale_offline_transitions() {
    let t0 = now();
    let mut s = fixtures::state(80, 24, Lang::En);
    s.link = Default::default();
    assert_eq!(s.freshness(), Freshness::Connecting);
    update(&mut s, Msg::Data { at: t0, poll_secs: Some(5), fresh: None });
    update(&mut s, Msg::Polled { at: t0, partial: None });
    update(&mut s, Msg::Tick(t0 + Duration::seconds(10)));
    assert_eq!(s.freshness(), Freshness::Live);
    update(&mut s, Msg::Tick(t0 + Duration::seconds(11)));
    assert_eq!(s.freshness(), Freshness::Stale, "older than two poll intervals");
    update(
        &mut s,
        Msg::Failed {
            at: t0 + Duration::seconds(17),
            error: fixtures::refused(),
            retry_at: t0 + Duration::seconds(19),
        },
    );
    assert_eq!(s.freshness(), Freshness::Offline { retry_in: 2 });
    update(&mut s, Msg::Tick(t0 + Duration::milliseconds(18_500)));
    assert_eq!(s.freshness(), Freshness::Offline { retry_in: 1 }, "rounded up, never 0 before the retry");
    update(&mut s, Msg::Tick(t0 + Duration::seconds(19)));
    assert_eq!(s.freshness(), Freshness::Offline { retry_in: 0 }, "0: retrying");
    update(
        &mut s,
        Msg::Failed {
            at: t0 + Duration::seconds(19),
            error: fixtures::refused(),
            retry_at: t0 + Duration::seconds(23),
        },
    );
    assert_eq!(s.link.offline.unwrap().0, t0 + Duration::seconds(17), "offline since the first failure");
    update(&mut s, Msg::Data { at: t0 + Duration::seconds(23), poll_secs: Some(10), fresh: None });
    update(&mut s, Msg::Polled { at: t0 + Duration::seconds(23), partial: None });
    assert_eq!(s.freshness(), Freshness::Live);
    assert_eq!(s.settings.poll_secs, 10, "the server's interval wins");
    update(&mut s, Msg::Tick(t0 + Duration::seconds(43)));
    assert_eq!(s.freshness(), Freshness::Live);
}

#[test]
fn a_partly_failed_poll_is_stale_with_its_reason_until_a_whole_one() {
    let t0 = now();
    let mut s = fixtures::state(120, 30, Lang::En);
    update(&mut s, Msg::Data { at: t0, poll_secs: Some(5), fresh: None });
    update(&mut s, Msg::Polled { at: t0, partial: Some(fixtures::escalated_failed()) });
    assert_eq!(s.freshness(), Freshness::Stale, "the dashboard worked, the escalated queue did not");
    // The next poll's dashboard does not hide the part still failing.
    update(&mut s, Msg::Data { at: t0 + Duration::seconds(5), poll_secs: None, fresh: None });
    assert_eq!(s.freshness(), Freshness::Stale);
    let line = crate::console::tests::fixtures::status_text(&s);
    assert!(line.contains("STALE · escalated queue: access denied (403)"), "{line}");
    update(&mut s, Msg::Polled { at: t0 + Duration::seconds(5), partial: None });
    assert_eq!(s.freshness(), Freshness::Live);
    // A failure of the whole poll that the API answered (not 5xx) is STALE, not OFFLINE.
    let e = LinkError::from_client(&ClientError::Status(401), None);
    update(&mut s, Msg::Failed { at: t0 + Duration::seconds(6), error: e, retry_at: t0 + Duration::seconds(11) });
    assert_eq!(s.freshness(), Freshness::Stale);
    assert!(crate::console::tests::fixtures::status_text(&s).contains("token refused (401): check --token"));
    s.lang = Lang::Zh;
    assert!(crate::console::tests::fixtures::status_text(&s).contains("令牌被拒绝 (401)"));
}

#[test]
fn help_quit_and_redraw() {
    let mut s = fixtures::state(80, 24, Lang::En);
    ch(&mut s, '?');
    assert_eq!(s.modal, Modal::Help { scroll: 0 });
    ch(&mut s, 'j');
    assert_eq!(s.modal, Modal::Help { scroll: 1 });
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Modal::None);
    assert_eq!(
        update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL))),
        vec![Effect::ClearScreen]
    );
    assert_eq!(ch(&mut s, 'q'), vec![Effect::Quit]);
    assert!(s.quit);
}

#[test]
fn server_settings_win() {
    let mut s = fixtures::state(80, 24, Lang::En);
    let mut me = fixtures::me();
    me.settings.time_zone = "Asia/Urumqi".into();
    me.settings.checkin_cutoff = "10:30".into();
    update(&mut s, Msg::Me(Box::new(me)));
    assert_eq!(s.settings.tz, chrono_tz::Asia::Urumqi);
    assert_eq!(s.settings.checkin_cutoff, chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap());
}

#[test]
fn problem_queue_filters_from_the_palette() {
    use crate::console::model::ProblemFilter;
    let mut s = fixtures::state(80, 24, Lang::En);
    s.org = Some(fixtures::org());
    ch(&mut s, ':');
    typed(&mut s, "problems state=open level=1 priority=urgent assignee=jt park=lyjj");
    let fx = key(&mut s, KeyCode::Enter);
    let want = ProblemFilter {
        state: Some("open".into()),
        min_level: Some(1),
        priority: Some("urgent".into()),
        assignee: Some(("department:5".into(), "交通运输局".into())),
    };
    match &s.top().view {
        View::Problems { park: Some(p), escalated: false, filter } => {
            assert_eq!(p.name, "涟源经济开发区");
            assert_eq!(filter, &want);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(fx.as_slice(), [Effect::Watch(Some(View::Problems { .. }))]), "{fx:?}");
    assert_eq!(want.describe(), "state=open level≥1 priority=urgent assignee=交通运输局");
    // A bad filter is refused with what to write, and nothing opens.
    for bad in ["problems level=7", "problems state=lost", "problems colour=red", "problems assignee=zzzz"] {
        let before = s.stack.len();
        ch(&mut s, ':');
        typed(&mut s, bad);
        key(&mut s, KeyCode::Enter);
        assert_eq!(s.stack.len(), before, "{bad}");
        key(&mut s, KeyCode::Esc);
    }
    // Without arguments: the whole unresolved queue.
    ch(&mut s, ':');
    typed(&mut s, "problems");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.top().view, View::problems(None, false));
}

#[test]
fn a_place_has_one_name_for_the_palette_the_snapshot_and_the_keymap() {
    use crate::console::model::Place;
    use crate::console::model::keymap::KeyAction;
    use crate::console::runtime::snapshot::select_view;
    use crate::console::update::palette::execute;
    for place in Place::ALL {
        assert_eq!(KeyAction::parse(place.name()), Some(KeyAction::Go(place)), "keymap action {}", place.name());
        let mut s = fixtures::state(80, 24, Lang::En);
        execute(&mut s, place.name()).expect("a palette command");
        assert_eq!(s.top().view, place.view(), "palette :{}", place.name());
        let mut s = fixtures::state(80, 24, Lang::En);
        select_view(&mut s, place.name()).expect("a snapshot view");
        assert_eq!(s.top().view, place.view(), "snapshot --view {}", place.name());
    }
}

#[test]
fn escalated_says_the_servers_count_and_how_many_are_loaded() {
    use crate::console::model::ProblemList;
    let mut s = fixtures::state(100, 30, Lang::En);
    let problems = ProblemList { total: Some(3_597), ..fixtures::problems()[..2].to_vec().into() };
    update(&mut s, Msg::Escalated { at: now(), problems });
    ch(&mut s, 'E');
    let t = tables::table(&s, TableRef::Top);
    let summary: String = t.summary[0].iter().map(|(text, _)| text.as_str()).collect();
    assert!(summary.starts_with("3,597 problems  2 loaded"), "{summary}");
    assert_eq!(t.rows.len(), 2);
}

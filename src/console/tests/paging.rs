//! Lists paged around the visible window: a 10,000-row list builds only the rows that can be
//! on screen, the next page is asked for as the selection nears the end of what is loaded,
//! `End` walks to the end page by page, a page for a cursor no longer waited on is dropped, and
//! changed problems are merged in (held while frozen, applied on resume).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::api::types::Problem;
use crate::console::look::i18n::Lang;
use crate::console::message::{Effect, Msg};
use crate::console::model::{ListRef, PageRows, Paged, State, View, ViewData};
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures::{self, now};
use crate::console::update::update;
use crate::console::views::buffer_text;

fn draw(s: &State, theme: &crate::console::look::theme::Theme) -> ratatui::buffer::Buffer {
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::console::views::draw(s, theme, &mut buf, area);
    buf
}

fn key(s: &mut State, k: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)))
}

/// `n` problems with ids from `from`, in the queue's order.
fn many(from: i64, n: i64) -> Vec<Problem> {
    let model = fixtures::problems().remove(2);
    (from..from + n).map(|id| Problem { id, title: format!("problem {id}"), ..model.clone() }).collect()
}

/// The problem queue open with `rows` loaded of `total`, the next page at `next`.
fn queue(rows: Vec<Problem>, total: i64, next: Option<&str>) -> (State, View) {
    let mut s = fixtures::state(160, 48, Lang::En);
    let view = View::problems(None, false);
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT)));
    assert_eq!(s.top().view, view);
    let data = ViewData::Problems(Paged::first(rows, Some(total), next.map(str::to_string)));
    update(&mut s, Msg::Loaded { view: view.clone(), data, at: now() });
    (s, view)
}

fn loaded(s: &State) -> &Paged<Problem> {
    match &s.top().data {
        Some(ViewData::Problems(p)) => p,
        other => panic!("{other:?}"),
    }
}

fn page_asks(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadPage { cursor, .. } => Some(cursor.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_ten_thousand_row_list_builds_only_the_visible_rows() {
    let (mut s, _) = queue(many(1, 10_000), 10_000, None);
    let t = tables::table(&s, TableRef::Top);
    assert_eq!(t.len(), 10_000);
    assert!(t.rows.len() <= 49, "rows handed to the table widget: {}", t.rows.len());
    let theme = crate::console::look::theme::Theme::builtin("dark").unwrap();
    let text = buffer_text(&draw(&s, &theme));
    assert!(text.contains("10,000 Problem queue") || text.contains("10,000 "), "{text}");
    assert!(text.contains("#1 ") && text.contains("problem 40"), "{text}");
    // Far down the list the window moves with the selection, and is still that small.
    for _ in 0..100 {
        key(&mut s, KeyCode::PageDown);
    }
    let t = tables::table(&s, TableRef::Top);
    assert!(t.rows.len() <= 49 + 42, "{}", t.rows.len());
    let sel = tables::nav(&s, TableRef::Top).selected;
    assert!(sel > 4_000, "{sel}");
    assert_eq!(t.row(sel).map(|r| r.key.clone()), Some(format!("prob{}", sel + 1)));
    let text = buffer_text(&draw(&s, &theme));
    assert!(text.contains(&format!("problem {}", sel + 1)), "{text}");
    // A filter looks at every loaded row.
    s.stack.last_mut().unwrap().nav.filter = "9999".into();
    let t = tables::table(&s, TableRef::Top);
    assert_eq!(tables::shown(&t, tables::nav(&s, TableRef::Top)).len(), 1);
}

#[test]
fn the_summary_says_the_servers_count_and_what_is_loaded() {
    let (s, _) = queue(many(1, 200), 7_315, Some("c2"));
    let theme = crate::console::look::theme::Theme::builtin("dark").unwrap();
    let text = buffer_text(&draw(&s, &theme));
    assert!(text.contains("7,315") && text.contains("200 loaded"), "{text}");
    // The escalated and SLA counts are over the loaded rows, and the summary says so.
    assert!(text.contains("200 loaded  of them: escalated"), "{text}");
    let mut s = fixtures::state(160, 48, Lang::En);
    let park = fixtures::r(1, "万宝新区");
    for (view, data, want) in [
        (
            View::Enterprises { park: park.clone() },
            ViewData::Enterprises(Paged::first(fixtures::enterprises(), Some(1_305), Some("e2".into()))),
            "1,305 enterprises",
        ),
        (
            View::Officers { park: Some(park.clone()), unit: None },
            ViewData::Officers(Paged::first(fixtures::officers(), Some(90_000), Some("o2".into()))),
            "90,000 officers",
        ),
    ] {
        crate::console::update::push(&mut s, view.clone());
        let rows = match &data {
            ViewData::Enterprises(e) => e.len(),
            ViewData::Officers(o) => o.len(),
            _ => unreachable!(),
        };
        update(&mut s, Msg::Loaded { view, data, at: now() });
        let text = buffer_text(&draw(&s, &theme));
        assert!(text.contains(want) && text.contains(&format!("{rows} loaded")), "{want}: {text}");
    }
}

#[test]
fn scrolling_near_the_end_loads_the_next_page_once() {
    let (mut s, view) = queue(many(1, 200), 450, Some("c2"));
    assert!(page_asks(&key(&mut s, KeyCode::Down)).is_empty(), "far from the end: nothing asked");
    let mut asks = Vec::new();
    for _ in 0..10 {
        asks.extend(page_asks(&key(&mut s, KeyCode::PageDown)));
    }
    assert_eq!(asks, ["c2"], "asked once, while the page is out");
    // A page for another cursor is dropped; the awaited one is appended.
    update(
        &mut s,
        Msg::Page {
            list: ListRef::View(view.clone()),
            cursor: "c1".into(),
            rows: PageRows::Problems(many(900, 5)),
            next: None,
        },
    );
    assert_eq!(loaded(&s).len(), 200);
    let fx = update(
        &mut s,
        Msg::Page {
            list: ListRef::View(view.clone()),
            cursor: "c2".into(),
            rows: PageRows::Problems(many(201, 200)),
            next: Some("c3".into()),
        },
    );
    assert_eq!(loaded(&s).len(), 400);
    assert_eq!(loaded(&s).next.as_deref(), Some("c3"));
    assert!(page_asks(&fx).is_empty(), "the selection is far from the new end: {fx:?}");
    assert_eq!(
        tables::nav(&s, TableRef::Top).selected_key.as_deref(),
        Some(format!("prob{}", tables::nav(&s, TableRef::Top).selected + 1).as_str())
    );
    // A failed page can be asked for again.
    if let Some(ViewData::Problems(p)) = &mut s.stack.last_mut().unwrap().data {
        p.asked = true;
    }
    update(&mut s, Msg::PageFailed { list: ListRef::View(view), error: "503".into() });
    assert!(!loaded(&s).asked);
    assert!(s.banners.texts().any(|n| n.contains("503")));
}

/// The banner of a page that failed goes by itself when its cause does: when the list loads a
/// page again, or when a whole poll succeeds (the API answers again); a poll with a part
/// failed leaves it. No key is pressed.
#[test]
fn a_failed_page_banner_goes_when_the_list_loads_or_the_api_answers_again() {
    let (mut s, view) = queue(many(1, 200), 500, Some("c2"));
    let list = ListRef::View(view.clone());
    let shown = |s: &State| s.banners.texts().any(|b| b.contains("connection refused"));
    update(&mut s, Msg::PageFailed { list: list.clone(), error: "unreachable: connection refused".into() });
    assert!(shown(&s));
    let part = crate::console::model::link::LinkError::from_client(
        &crate::api::client::ClientError::Status(403),
        Some(crate::console::model::link::Part::Escalated),
    );
    let at = s.now;
    update(&mut s, Msg::Polled { at, partial: Some(part) });
    assert!(shown(&s), "a partial poll is not the API answering whole");
    update(&mut s, Msg::Polled { at, partial: None });
    assert!(!shown(&s), "LIVE again: the banner is gone");
    update(&mut s, Msg::PageFailed { list: list.clone(), error: "unreachable: connection refused".into() });
    assert!(shown(&s));
    update(&mut s, Msg::Page { list, cursor: "c2".into(), rows: PageRows::Problems(many(201, 200)), next: None });
    assert!(!shown(&s), "the list loaded: the banner is gone");
    assert_eq!(loaded(&s).len(), 400);
}

#[test]
fn end_walks_to_the_end_page_by_page_and_any_key_stops_it() {
    let (mut s, view) = queue(many(1, 200), 500, Some("c2"));
    let list = ListRef::View(view.clone());
    assert_eq!(page_asks(&key(&mut s, KeyCode::End)), ["c2"]);
    assert_eq!(tables::nav(&s, TableRef::Top).selected, 199);
    let fx = update(
        &mut s,
        Msg::Page {
            list: list.clone(),
            cursor: "c2".into(),
            rows: PageRows::Problems(many(201, 200)),
            next: Some("c3".into()),
        },
    );
    assert_eq!(page_asks(&fx), ["c3"], "the walk goes on");
    assert_eq!(tables::nav(&s, TableRef::Top).selected, 399, "the selection follows the pages");
    let fx = update(
        &mut s,
        Msg::Page { list: list.clone(), cursor: "c3".into(), rows: PageRows::Problems(many(401, 100)), next: None },
    );
    assert!(page_asks(&fx).is_empty());
    assert_eq!(tables::nav(&s, TableRef::Top).selected, 499);
    assert!(!tables::nav(&s, TableRef::Top).to_end, "at the end the walk stops");
    // Another walk, stopped by a key: the page still arrives, the selection stays.
    let (mut s, _) = queue(many(1, 200), 500, Some("c2"));
    key(&mut s, KeyCode::End);
    key(&mut s, KeyCode::Up);
    update(
        &mut s,
        Msg::Page { list, cursor: "c2".into(), rows: PageRows::Problems(many(201, 200)), next: Some("c3".into()) },
    );
    assert_eq!(tables::nav(&s, TableRef::Top).selected, 198);
    assert_eq!(loaded(&s).len(), 400);
}

#[test]
fn the_overdue_pane_pages_too() {
    let mut s = fixtures::state(80, 24, Lang::En);
    s.overdue = Paged::first(fixtures::overdue(), Some(164), Some("o2".into()));
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)));
    let fx = key(&mut s, KeyCode::Down);
    assert_eq!(page_asks(&fx), ["o2"], "5 rows loaded: the end is near at once");
    let more = fixtures::overdue().into_iter().map(|mut o| {
        o.enterprise.id += 100;
        o
    });
    update(
        &mut s,
        Msg::Page {
            list: ListRef::Overdue(None, None),
            cursor: "o2".into(),
            rows: PageRows::Overdue(more.collect()),
            next: None,
        },
    );
    assert_eq!(s.overdue.len(), 10);
    let t = tables::table(&s, TableRef::Pane(s.focus));
    assert_eq!(t.len(), 10);
}

#[test]
fn a_changed_problem_is_merged_into_the_queue_not_re_read() {
    use crate::domain::lifecycle::ProblemState;
    let (mut s, view) = queue(many(1, 5), 9, Some("c2"));
    let mut resolved = loaded(&s)[1].clone();
    resolved.state = ProblemState::Resolved;
    let mut urgent = many(50, 1).remove(0);
    urgent.level = 2;
    let fx =
        update(&mut s, Msg::Changed { at: now(), problems: vec![resolved, urgent], totals: vec![(view.clone(), 9)] });
    assert!(page_asks(&fx).is_empty());
    let ids: Vec<i64> = loaded(&s).iter().map(|p| p.id).collect();
    assert_eq!(ids, [50, 1, 3, 4, 5], "the resolved one left, the escalated one went to the top");
    assert_eq!(loaded(&s).total, Some(9), "the count is the server's");
}

#[test]
fn changed_problems_wait_while_frozen_and_are_merged_on_resume() {
    use crate::domain::lifecycle::ProblemState;
    let (mut s, view) = queue(many(1, 5), 9, Some("c2"));
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE)));
    assert!(s.frozen.is_some());
    let mut resolved = loaded(&s)[1].clone();
    resolved.state = ProblemState::Resolved;
    let mut urgent = many(50, 1).remove(0);
    urgent.level = 1;
    update(&mut s, Msg::Changed { at: now(), problems: vec![urgent.clone()], totals: vec![(view.clone(), 10)] });
    let figures = Some(Box::new((fixtures::dashboard(), None)));
    update(&mut s, Msg::Data { at: now(), poll_secs: None, fresh: figures });
    urgent.level = 2;
    update(&mut s, Msg::Changed { at: now(), problems: vec![resolved, urgent], totals: vec![(view.clone(), 9)] });
    let figures = Some(Box::new((fixtures::dashboard(), None)));
    update(&mut s, Msg::Data { at: now(), poll_secs: None, fresh: figures });
    let ids: Vec<i64> = loaded(&s).iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5], "a frozen queue stays as it was");
    assert_eq!(loaded(&s).total, Some(9));
    let held = &s.frozen.as_ref().unwrap().held;
    assert_eq!(held.len(), 2, "the latest figures, and the two changes folded into one: {held:?}");
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE)));
    assert!(s.frozen.is_none());
    let ids: Vec<i64> = loaded(&s).iter().map(|p| p.id).collect();
    assert_eq!(ids, [50, 1, 3, 4, 5], "on resume the resolved one left and the escalated one is at the top");
    assert_eq!(loaded(&s)[0].level, 2, "as it changed last");
    assert_eq!(loaded(&s).total, Some(9), "the latest count");
}

#[test]
fn the_escalated_screen_keeps_its_further_pages_when_a_problem_changes() {
    let mut s = fixtures::state(160, 48, Lang::En);
    let escalated = View::problems(None, true);
    let first: Vec<Problem> = many(1, 3).into_iter().map(|p| Problem { level: 1, ..p }).collect();
    let list = Paged::first(first, Some(6), Some("c2".into()));
    update(&mut s, Msg::Escalated { at: now(), problems: list });
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT)));
    assert_eq!(s.top().view, escalated);
    let rest: Vec<Problem> = many(4, 3).into_iter().map(|p| Problem { level: 1, ..p }).collect();
    let list = ListRef::View(escalated.clone());
    update(&mut s, Msg::Page { list, cursor: "c2".into(), rows: PageRows::Problems(rest), next: None });
    assert_eq!(loaded(&s).len(), 6);
    let mut changed = loaded(&s)[4].clone();
    changed.title = "changed".into();
    update(&mut s, Msg::Changed { at: now(), problems: vec![changed], totals: vec![(escalated, 6)] });
    assert_eq!(loaded(&s).len(), 6, "the rows of the second page stay");
    assert_eq!(loaded(&s)[4].title, "changed");
    assert_eq!(s.escalated.as_ref().map(|l| l.len()), Some(3), "the poller's first page, for `E` and the alerts");
}

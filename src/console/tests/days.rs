//! Past days: `[` and `]` step the whole dashboard a day back and forward (never past today),
//! `:date` jumps and `:today` comes back; the state, the effects (what the poller asks), the
//! status line's day, the overdue list's pages of that day, and the poller's queries against a
//! loopback server.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use crate::api::client::ApiClient;
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{ListRef, Paged, State, View};
use crate::console::runtime::poller;
use crate::console::tests::fixtures::{self, r};
use crate::console::update::palette::execute;
use crate::console::update::{push, update};
use crate::console::views::{buffer_text, render};

fn key(s: &mut State, k: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)))
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn status(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    buffer_text(term.backend().buffer()).lines().next().unwrap().to_string()
}

/// The dashboard of `date` arriving (the fixtures' figures, dated).
fn arrive(s: &mut State, date: NaiveDate) {
    let mut d = fixtures::dashboard();
    d.date = date;
    let fresh = Some(Box::new((d, Some(fixtures::overdue().into()))));
    update(s, Msg::Data { at: fixtures::now(), poll_secs: None, fresh });
}

#[test]
fn brackets_step_the_day_back_and_forward_up_to_today() {
    let mut s = fixtures::state(120, 30, Lang::En);
    assert_eq!(key(&mut s, KeyCode::Char('[')), vec![Effect::Date(Some(day("2026-02-15")))]);
    assert_eq!(key(&mut s, KeyCode::Char('[')), vec![Effect::Date(Some(day("2026-02-14")))]);
    assert_eq!(s.date, Some(day("2026-02-14")));
    assert_eq!(key(&mut s, KeyCode::Char(']')), vec![Effect::Date(Some(day("2026-02-15")))]);
    // Forward to today is today again: live, no date asked.
    assert_eq!(key(&mut s, KeyCode::Char(']')), vec![Effect::Date(None)]);
    assert_eq!(s.date, None);
    // Not past today: a notice says so, nothing is asked.
    assert!(key(&mut s, KeyCode::Char(']')).is_empty());
    assert_eq!(s.date, None);
    assert_eq!(s.notices, vec![Lang::En.t("day.already_today").to_string()]);
}

#[test]
fn the_palette_jumps_to_a_day_and_back_and_refuses_bad_dates() {
    let mut s = fixtures::state(120, 30, Lang::En);
    assert_eq!(execute(&mut s, "date 2026-02-10").unwrap(), vec![Effect::Date(Some(day("2026-02-10")))]);
    assert_eq!(s.date, Some(day("2026-02-10")));
    // The same day again asks nothing; today is live.
    assert!(execute(&mut s, "date 2026-02-10").unwrap().is_empty());
    assert_eq!(execute(&mut s, "today").unwrap(), vec![Effect::Date(None)]);
    assert_eq!(execute(&mut s, "date 2026-02-12").unwrap(), vec![Effect::Date(Some(day("2026-02-12")))]);
    assert_eq!(execute(&mut s, "date 2026-02-16").unwrap(), vec![Effect::Date(None)], "today is live");
    for bad in ["date 2026-13-01", "date 20-02-2026", "date yesterday", "date"] {
        let e = execute(&mut s, bad).unwrap_err();
        assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
    }
    assert!(execute(&mut s, "date 2026-02-17").unwrap_err().contains("after today"));
    assert_eq!(s.date, None, "a refused date changes nothing");
    // The command is offered with its argument.
    let offered = crate::console::update::palette::suggestions(&s, "da");
    assert_eq!(offered, vec!["dashboard", "date "]);
    // Typed in the palette and run with Enter, a bad date becomes a notice.
    key(&mut s, KeyCode::Char(':'));
    for c in "date 2026-02-30".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    key(&mut s, KeyCode::Enter);
    assert!(s.notices.iter().any(|n| n.contains("not a date")), "{:?}", s.notices);
}

#[test]
fn the_status_line_says_which_day_is_on_screen() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = fixtures::state(120, 30, lang);
        assert!(!status(&s).contains("2026-02-15"), "today says nothing more");
        key(&mut s, KeyCode::Char('['));
        // Asked, not yet arrived: today's figures are still on screen, and the line says so.
        let line = status(&s);
        assert!(line.contains(&format!("→ 2026-02-15 {}…", lang.t("day.loading"))), "{line}");
        arrive(&mut s, day("2026-02-15"));
        let line = status(&s);
        let past = if lang.is_zh() { "历史 2026-02-15".to_string() } else { "2026-02-15 (past)".to_string() };
        assert!(line.contains(&past), "{line}");
        assert!(line.contains(lang.t("fresh.live")), "the link is still live: {line}");
        // At 80 columns too (the day outlives the host and the user).
        update(&mut s, Msg::Resize(80, 24));
        assert!(status(&s).contains(&past), "{}", status(&s));
        key(&mut s, KeyCode::Char(']'));
        arrive(&mut s, day("2026-02-16"));
        assert!(!status(&s).contains("2026-02-15"), "{}", status(&s));
    }
}

#[test]
fn the_day_applies_to_the_dashboard_views_only() {
    let mut s = fixtures::state(120, 30, Lang::En);
    for view in [View::Parks, View::Units, View::Chart] {
        push(&mut s, view.clone());
        assert_eq!(key(&mut s, KeyCode::Char('[')), vec![Effect::Date(Some(day("2026-02-15")))], "{view:?}");
        key(&mut s, KeyCode::Char(']'));
        s.stack.truncate(1);
    }
    // A drill-down shows live data of its own: the keys say where they apply.
    push(&mut s, View::Enterprises { park: r(1, "万宝新区") });
    assert!(key(&mut s, KeyCode::Char('[')).is_empty());
    assert_eq!(s.date, None);
    assert_eq!(s.notices, vec![Lang::En.t("day.not_here").to_string()]);
}

#[test]
fn the_overdue_list_pages_within_the_day() {
    let mut s = fixtures::state(120, 30, Lang::En);
    key(&mut s, KeyCode::Char('['));
    arrive(&mut s, day("2026-02-15"));
    s.overdue = Paged::first(fixtures::overdue(), Some(40), Some("o2".into()));
    key(&mut s, KeyCode::Char('4'));
    let fx = key(&mut s, KeyCode::Down);
    let asked: Vec<_> = fx.iter().filter(|e| matches!(e, Effect::LoadPage { .. })).collect();
    let overdue_of = ListRef::Overdue(None, Some(day("2026-02-15")));
    assert_eq!(asked, vec![&Effect::LoadPage { list: overdue_of, cursor: "o2".into() }]);
    // Another day: the held list's cursor is not asked under it, and a late page of the old
    // day's list is dropped.
    s.overdue.asked = false;
    key(&mut s, KeyCode::Char(']'));
    assert!(key(&mut s, KeyCode::Down).iter().all(|e| !matches!(e, Effect::LoadPage { .. })));
    let before = s.overdue.rows.len();
    let rows = crate::console::model::PageRows::Overdue(fixtures::overdue());
    let stale = ListRef::Overdue(None, Some(day("2026-02-15")));
    update(&mut s, Msg::Page { list: stale, cursor: "o2".into(), rows, next: None });
    assert_eq!(s.overdue.rows.len(), before);
}

/// Waits for the next poll that brings a dashboard.
async fn fresh(rx: &mut mpsc::UnboundedReceiver<Msg>) {
    loop {
        if let Msg::Data { fresh: Some(_), .. } = crate::console::tests::io::next(rx).await {
            return;
        }
    }
}

#[tokio::test]
async fn the_poller_asks_the_dashboard_and_the_overdue_list_for_the_day() {
    let (base, seen) = crate::console::tests::io::serve_logged().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let p = poller::spawn(ApiClient::new(&base, "t").unwrap(), tx, 5);
    fresh(&mut rx).await;
    let first: Vec<String> = seen.lock().unwrap().clone();
    assert!(first.iter().any(|r| r == "dashboard"), "today asks no date: {first:?}");
    let mark = first.len();
    p.date(Some(day("2026-02-10")));
    fresh(&mut rx).await;
    let after: Vec<String> = seen.lock().unwrap()[mark..].to_vec();
    assert!(after.iter().any(|r| r == "dashboard?date=2026-02-10"), "{after:?}");
    assert!(after.iter().any(|r| r.starts_with("reports/overdue?") && r.contains("date=2026-02-10")), "{after:?}");
    let mark = seen.lock().unwrap().len();
    p.date(None);
    fresh(&mut rx).await;
    let back: Vec<String> = seen.lock().unwrap()[mark..].to_vec();
    assert!(back.iter().any(|r| r == "dashboard"), "back to today: {back:?}");
}

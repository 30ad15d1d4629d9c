//! The terminal budget: what an idle screen shows by the clock alone, and when the run loop
//! must draw again ([`next_change`]). The walks draw the state at every second up to each
//! instant `next_change` names and check that nothing on screen (text or style) moved before
//! it, so the loop, sleeping until then, is never late; the counts say how seldom it wakes.

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::Msg;
use crate::console::model::alerts::{Alert, AlertKind};
use crate::console::model::{State, View, ViewData};
use crate::console::tests::fixtures::{self, r};
use crate::console::update::{push, update};
use crate::console::views::clock::next_change;
use crate::console::views::{buffer_text, render};

fn draw(s: &State) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    term.backend().buffer().clone()
}

/// The state as the clock alone makes it at `at`.
fn at(s: &State, at: DateTime<Utc>) -> State {
    let mut s = s.clone();
    update(&mut s, Msg::Tick(at));
    s
}

fn status(s: &State) -> String {
    buffer_text(&draw(s)).lines().next().unwrap_or_default().to_string()
}

/// A poll that brought nothing new.
fn unchanged_poll(s: &mut State, when: DateTime<Utc>) {
    update(s, Msg::Data { at: when, poll_secs: None, fresh: None });
}

/// Follows the clock for `secs` from the state's `now`, as the run loop does with no message:
/// at each step the screen drawn at every whole second before the named instant, and 1 ms
/// before it, is the one drawn at the step's start. Returns the instants the loop woke at.
fn walk(mut s: State, secs: i64) -> Vec<DateTime<Utc>> {
    let end = s.now + Duration::seconds(secs);
    let mut wakes = Vec::new();
    while s.now < end {
        let shown = draw(&s);
        let next = next_change(&s);
        assert!(next > s.now, "next_change {next} is not after now {}", s.now);
        let mut t = s.now + Duration::seconds(1);
        while t < next {
            assert_eq!(draw(&at(&s, t)), shown, "the screen moved at {t}, before the named {next}");
            t += Duration::seconds(1);
        }
        assert_eq!(draw(&at(&s, next - Duration::milliseconds(1))), shown, "the screen moved just before {next}");
        s = at(&s, next);
        wakes.push(next);
    }
    wakes
}

fn shanghai(h: u32, m: u32, sec: u32) -> DateTime<Utc> {
    let local = chrono_tz::Asia::Shanghai.with_ymd_and_hms(2026, 2, 16, h, m, sec).unwrap();
    local.with_timezone(&Utc)
}

#[test]
fn live_status_is_the_same_for_fifty_seconds_of_unchanged_polls_and_ticks_once_stale() {
    let t = fixtures::now() + Duration::seconds(5);
    let mut s = fixtures::state(160, 48, Lang::En);
    unchanged_poll(&mut s, t);
    let first = status(&s);
    assert!(first.contains("LIVE") && !first.contains("age"), "under a minute LIVE stands alone: {first}");
    for k in 1..=10 {
        unchanged_poll(&mut s, t + Duration::seconds(5 * k));
    }
    let later = at(&s, t + Duration::seconds(50));
    assert_eq!(status(&later), first, "50 s of unchanged polls must not change the status line");
    assert_eq!(next_change(&later), fixtures::now() + Duration::seconds(60), "idle and LIVE: the next whole minute");

    // No poll after t+50: three intervals (15 s) later it is STALE, in seconds.
    let stale = at(&s, t + Duration::seconds(66));
    let stale_text = status(&stale);
    assert!(stale_text.contains("STALE age 16s"), "{stale_text}");
    assert_eq!(next_change(&stale), t + Duration::seconds(67));
    assert_ne!(status(&at(&s, t + Duration::seconds(67))), stale_text, "STALE counts seconds");
}

#[test]
fn live_age_shows_in_whole_minutes_when_polls_are_far_apart() {
    let mut s = fixtures::state(160, 48, Lang::Zh);
    update(&mut s, Msg::Data { at: fixtures::now(), poll_secs: Some(60), fresh: None });
    assert!(!status(&at(&s, fixtures::now() + Duration::seconds(59))).contains("数据"));
    let text = status(&at(&s, fixtures::now() + Duration::seconds(110)));
    assert!(text.contains("实时 数据 1分"), "{text}");
}

#[test]
fn an_idle_live_dashboard_wakes_the_loop_once_a_minute() {
    let mut s = fixtures::state(160, 48, Lang::En);
    update(&mut s, Msg::Data { at: fixtures::now(), poll_secs: Some(90), fresh: None });
    let wakes = walk(s, 170);
    let minute = |m: i64| fixtures::now() + Duration::minutes(m);
    // The clock's minutes, with the age turning 1m and 2m at the same instants (the poll was
    // at a whole minute; LIVE lasts two 90 s intervals).
    assert_eq!(wakes, vec![minute(1), minute(2), minute(3)]);
}

#[test]
fn a_problem_queue_with_a_toast_an_alert_and_due_times_is_never_drawn_late() {
    let mut s = fixtures::state(100, 24, Lang::En);
    update(&mut s, Msg::Data { at: fixtures::now(), poll_secs: Some(60), fresh: None });
    let view = View::problems(Some(r(1, "万宝新区")), false);
    push(&mut s, view.clone());
    let mut list = fixtures::problems();
    list[1].due_at = fixtures::now() + Duration::milliseconds(30_500);
    list[2].due_at = fixtures::now() + Duration::seconds(95);
    update(&mut s, Msg::Loaded { view, data: ViewData::Problems(list.into()), at: fixtures::now() });
    s.toast = Some(("done".into(), fixtures::now() + Duration::milliseconds(3_700)));
    s.alerts.list.insert(
        0,
        Alert { at: fixtures::now(), kind: AlertKind::SlaPassed, problem: r(101, "bus"), park: "万宝新区".into() },
    );
    let wakes = walk(s, 130);
    assert!(wakes.contains(&(fixtures::now() + Duration::milliseconds(30_501))), "the breach shows at once");
    assert!(wakes.contains(&(fixtures::now() + Duration::milliseconds(3_700))), "the toast goes when it expires");
    // The flash by the second (10 s), the breaches, the toast, minutes: far fewer than 130.
    assert!(wakes.len() <= 20, "{} wake-ups in 130 s: {wakes:?}", wakes.len());
}

#[test]
fn offline_counts_down_the_retry_by_the_second() {
    let mut s = fixtures::state(120, 30, Lang::En);
    let now = fixtures::now();
    let retry_at = now + Duration::milliseconds(7_500);
    update(&mut s, Msg::Failed { at: now, error: fixtures::refused(), retry_at });
    let wakes = walk(s, 70);
    assert!(wakes.len() >= 8, "every second of the countdown and of the age: {wakes:?}");
}

#[test]
fn the_check_in_cutoff_passing_is_drawn_at_once() {
    let mut s = fixtures::state(160, 48, Lang::En);
    let before = shanghai(8, 59, 20);
    update(&mut s, Msg::Tick(before));
    update(&mut s, Msg::Data { at: before, poll_secs: Some(60), fresh: None });
    let not_yet = buffer_text(&draw(&s));
    let wakes = walk(s.clone(), 100);
    assert!(wakes.contains(&shanghai(9, 0, 0)));
    assert_ne!(buffer_text(&draw(&at(&s, shanghai(9, 0, 0)))), not_yet);
}

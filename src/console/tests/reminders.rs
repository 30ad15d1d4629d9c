//! Reminders (催报) in the console: `m` on an overdue row sends a reminder through its journal
//! with a key of its own, and the answer is a toast; on a park row it asks the server's count
//! and confirms with it (Cancel first); read-only consoles cannot remind; a reminded row says
//! "reminded 2h ago" in both languages (snapshots).

use chrono::Duration;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::api::types::{NewReminders, RecentReminder, RemindersSent};

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::reminders::PendingReminder;
use crate::console::model::{Modal, Pane, State};
use crate::console::tests::fixtures::{self, now, r};
use crate::console::tests::triage::{key, ready};
use crate::console::update::update;
use crate::console::views::{buffer_text, render};

fn text(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    buffer_text(term.backend().buffer())
}

fn reminded(fx: &[Effect]) -> Option<PendingReminder> {
    fx.iter().find_map(|e| if let Effect::Remind(p) = e { Some((**p).clone()) } else { None })
}

fn sent(reminded: i64, officers: i64) -> Box<RemindersSent> {
    Box::new(RemindersSent {
        batch_id: 1,
        date: fixtures::today(),
        reminded,
        officers,
        already_reminded: vec![RecentReminder {
            enterprise: r(9, "文昌科技"), at: now(), by: "值班员 王芳".into()
        }],
        not_overdue: Vec::new(),
    })
}

#[test]
fn m_on_an_overdue_row_reminds_its_officers_through_the_journal() {
    let mut s = ready(Lang::En);
    s.focus = Pane::Overdue;
    let first = s.overdue.first().unwrap().enterprise.clone();
    let fx = key(&mut s, KeyCode::Char('m'));
    let p = reminded(&fx).expect("a reminder for the journal");
    assert_eq!(p.request, NewReminders::for_enterprises(vec![first.id]));
    assert_eq!(p.place, first.name);
    assert_eq!(s.reminding, vec![p.clone()]);
    // Another reminder gets another key: each is recorded once, by its own key.
    key(&mut s, KeyCode::Down);
    let other = reminded(&key(&mut s, KeyCode::Char('m'))).unwrap();
    assert_ne!(other.key, p.key);
    assert_ne!(other.request, p.request);
    update(&mut s, Msg::Reminded { key: p.key, result: Ok(sent(1, 2)) });
    let toast = s.toast.clone().expect("a toast").0;
    assert!(toast.contains(&first.name) && toast.contains("reminded 1") && toast.contains("2 officers"), "{toast}");
    assert!(toast.contains("1 already reminded recently"), "{toast}");
    assert_eq!(s.reminding, vec![other.clone()]);
    update(&mut s, Msg::Reminded { key: other.key, result: Err("403 forbidden".into()) });
    assert!(s.notices.iter().any(|n| n.contains("Reminder failed") && n.contains("403")), "{:?}", s.notices);
    assert!(s.reminding.is_empty());
}

#[test]
fn a_park_row_asks_the_count_and_confirms_with_it() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = ready(lang);
        s.focus = Pane::Rtw;
        let fx = key(&mut s, KeyCode::Char('m'));
        let Some(Effect::CountOverdue(choice)) = fx.first().cloned() else { panic!("{fx:?}") };
        let park = choice.request.park.expect("a park row");
        assert_eq!(choice.request, NewReminders::for_park(park));
        assert!(reminded(&fx).is_none(), "nothing is sent before the count is confirmed");
        update(&mut s, Msg::RemindCount { choice: choice.clone(), result: Ok(7) });
        assert!(matches!(s.modal, Modal::Remind { count: 7, yes: false, .. }), "{:?}", s.modal);
        let shown = text(&s);
        let count = if lang == Lang::Zh { "7 家逾期企业" } else { "7 overdue enterprises" };
        assert!(shown.contains(count), "{shown}");
        insta::assert_snapshot!(format!("remind_park_80x24_{}", lang.code()), shown);
        // Enter on Cancel cancels; Tab then Enter sends.
        assert!(reminded(&key(&mut s, KeyCode::Enter)).is_none());
        assert_eq!(s.modal, Modal::None);
        update(&mut s, Msg::RemindCount { choice: choice.clone(), result: Ok(7) });
        key(&mut s, KeyCode::Tab);
        let p = reminded(&key(&mut s, KeyCode::Enter)).expect("sent after Apply");
        assert_eq!(p.request, NewReminders::for_park(park));
        // Nothing overdue there: said, no dialog.
        update(&mut s, Msg::RemindCount { choice, result: Ok(0) });
        assert_eq!(s.modal, Modal::None);
    }
}

#[test]
fn a_read_only_console_cannot_remind() {
    let mut s = ready(Lang::En);
    s.readonly = true;
    s.focus = Pane::Overdue;
    let fx = key(&mut s, KeyCode::Char('m'));
    assert!(fx.is_empty() && s.reminding.is_empty(), "{fx:?}");
    assert!(!s.notices.is_empty());
}

#[test]
fn a_reminded_row_says_when_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = fixtures::state(80, 24, lang);
        s.focus = Pane::Overdue;
        for o in s.overdue.iter_mut().filter(|o| o.enterprise.name == "光华机械厂") {
            o.last_reminded_at = Some(now() - Duration::hours(2));
            o.last_reminded_by = Some("值班员 张敏".into());
        }
        let shown = text(&s);
        let said = if lang == Lang::Zh { "2小时前已催报" } else { "reminded 2h ago" };
        assert!(shown.contains(said), "{shown}");
        insta::assert_snapshot!(format!("overdue_reminded_80x24_{}", lang.code()), shown);
    }
}

#[test]
fn an_enterprises_screen_lists_its_reminders() {
    use crate::api::types::{Reminder, Via};
    use crate::console::model::{View, ViewData};
    for (lang, kind) in [(Lang::En, "reminder"), (Lang::Zh, "催报")] {
        let mut s = ready(lang);
        let Some(ViewData::Enterprise(mut d)) = Some(crate::console::tests::details::enterprise_detail()) else {
            unreachable!()
        };
        d.reminders = vec![Reminder {
            id: 3,
            enterprise: r(d.enterprise.id, &d.enterprise.name),
            officer: r(2, "李芳"),
            date: fixtures::today() - Duration::days(1),
            at: now() - Duration::hours(2),
            by: "值班员 王芳".into(),
            via: Via::Console,
        }];
        let view = View::Enterprise(r(d.enterprise.id, &d.enterprise.name));
        crate::console::update::push(&mut s, view.clone());
        update(&mut s, Msg::Loaded { view, data: ViewData::Enterprise(d.clone()), at: now() });
        update(&mut s, Msg::Resize(160, 48));
        let shown = text(&s);
        let line = |l: &&str| l.contains(kind) && l.contains("李芳") && l.contains("02-15 值班员");
        assert!(shown.lines().any(|l| line(&l)), "{shown}");
        // m on the enterprise's screen reminds it.
        let p = reminded(&key(&mut s, KeyCode::Char('m'))).expect("a reminder");
        assert_eq!(p.request, NewReminders::for_enterprises(vec![d.enterprise.id]));
    }
}

//! Unit tests of the outbox in the update layer: an action confirmed is pending with its key
//! until a definite answer; a try without one is "unknown, retrying", never "not sent";
//! actions restored after a restart are pending again (once); `:outbox` lists them with their
//! age and last error and drops one only after asking; `q` with actions pending asks first
//! (a signal does not); snapshots of both dialogs in both languages.

use chrono::Duration;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg, OutboxNews};
use crate::console::model::outbox::{Delivery, Pending};
use crate::console::model::triage::Op;
use crate::console::model::{Modal, State};
use crate::console::tests::fixtures::{self, now};
use crate::console::tests::triage::{key, keys, ready};
use crate::console::update::update;
use crate::console::views::{buffer_text, render};

fn text(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    buffer_text(term.backend().buffer())
}

/// The escalated queue with `a` pressed on its first problem (#101): one action pending.
fn one_pending(lang: Lang) -> (State, Pending) {
    let mut s = ready(lang);
    key(&mut s, KeyCode::Char('E'));
    let fx = key(&mut s, KeyCode::Char('a'));
    let Some(Effect::Triage(p)) = fx.into_iter().next() else { panic!("nothing sent") };
    (s, *p)
}

fn retrying(s: &mut State, p: &Pending, attempts: u32, error: &str) {
    let next_at = s.now + Duration::seconds(4);
    update(s, Msg::Outbox(OutboxNews::Retrying { key: p.key, attempts, error: error.into(), next_at }));
}

#[test]
fn a_try_without_an_answer_is_unknown_and_retrying_until_the_answer() {
    let (mut s, p) = one_pending(Lang::En);
    assert_eq!((s.pending, s.inflight[0].key), (1, p.key));
    assert_eq!(p.seen.id, 101);
    assert_eq!(p.queued_at, now());
    assert_eq!(p.delivery, Delivery::Sending);
    retrying(&mut s, &p, 1, "unreachable: operation timed out");
    let shown = &s.inflight[0];
    assert_eq!((shown.attempts, shown.last_error.as_deref()), (1, Some("unreachable: operation timed out")));
    assert!(matches!(shown.delivery, Delivery::Retrying { .. }));
    let notice = s.banners.texts().collect::<Vec<_>>().join("\n");
    assert!(notice.contains("unknown whether it arrived; retrying with the same key"), "{notice}");
    assert!(!notice.contains("not sent"), "{notice}");
    let screen = text(&s);
    assert!(screen.lines().next().unwrap().contains("↑1 pending · retrying"), "{screen}");
    assert!(screen.contains("unknown whether it arrived"), "the banner is drawn: {screen}");
    // More tries say nothing new (the status line says it), and keep the key.
    retrying(&mut s, &p, 2, "HTTP 502");
    assert_eq!(s.banners.texts().count(), 1, "one banner for the action");
    assert_eq!(s.inflight[0].attempts, 2);
    // The definite answer takes it out, and its banner with it: no key pressed.
    let mut done = p.seen.clone();
    done.version += 1;
    let fx = update(&mut s, Msg::Triaged { key: p.key, result: Ok(Box::new(done)) });
    assert_eq!(fx, vec![Effect::Refresh]);
    assert!(s.inflight.is_empty());
    assert_eq!(s.banners.texts().count(), 0, "the cause is gone");
    let screen = text(&s);
    assert!(!screen.lines().next().unwrap().contains("pending"));
    assert!(!screen.contains("unknown whether it arrived"), "{screen}");
}

#[test]
fn actions_of_the_last_run_are_pending_again_once() {
    let mut s = ready(Lang::Zh);
    let mut p =
        Pending::new(uuid::Uuid::from_u128(9), Op::Comment("已联系".into()), fixtures::problems()[0].clone(), now());
    p.attempts = 3;
    p.last_error = Some("HTTP 503".into());
    update(&mut s, Msg::Outbox(OutboxNews::Restored(vec![p.clone()])));
    update(&mut s, Msg::Outbox(OutboxNews::Restored(vec![p.clone()])));
    assert_eq!(s.inflight, vec![p.clone()]);
    assert_eq!(s.pending, 1);
    assert!(s.notices[0].starts_with("1 项上次未得到答复的操作"), "{:?}", s.notices);
    assert!(text(&s).lines().next().unwrap().contains("待发送 1"));
    // Its row shows the pending preview like any other action.
    let mut q = p.seen.clone();
    q.version += 1;
    update(&mut s, Msg::Triaged { key: p.key, result: Ok(Box::new(q)) });
    assert!(s.inflight.is_empty());
}

#[test]
fn the_outbox_lists_age_and_last_error_and_drops_only_when_asked() {
    let (mut s, p) = one_pending(Lang::En);
    retrying(&mut s, &p, 2, "HTTP 503");
    update(&mut s, Msg::Tick(now() + Duration::seconds(75)));
    key(&mut s, KeyCode::Char(':'));
    keys(&mut s, "outbox");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Modal::Outbox { selected: 0, dropping: false });
    let screen = text(&s);
    assert!(screen.contains("#101 acknowledge · 1m ago · unknown, retrying ×2 · HTTP 503"), "{screen}");
    insta::assert_snapshot!("outbox_80x24_en", screen);
    // d asks, starting on Cancel: Enter keeps it.
    assert!(key(&mut s, KeyCode::Char('d')).is_empty());
    assert_eq!(s.modal, Modal::Outbox { selected: 0, dropping: true });
    assert!(text(&s).contains("It may already have reached the server"));
    assert!(key(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(s.inflight.len(), 1);
    // d y drops it: the runtime is told, and the list empties when it confirms.
    key(&mut s, KeyCode::Char('d'));
    assert_eq!(key(&mut s, KeyCode::Char('y')), vec![Effect::DropPending { key: p.key }]);
    assert_eq!(s.inflight.len(), 1, "gone only when the runtime has removed it from disk");
    update(&mut s, Msg::Outbox(OutboxNews::Dropped { key: p.key }));
    assert!(s.inflight.is_empty());
    assert!(text(&s).contains("nothing waiting"));
    assert!(s.notices.iter().any(|n| n.contains("dropped from the outbox")), "{:?}", s.notices);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Modal::None);
}

#[test]
fn quitting_with_actions_pending_asks_first_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let (mut s, _) = one_pending(lang);
        assert!(key(&mut s, KeyCode::Char('q')).is_empty(), "asks instead of quitting");
        assert_eq!(s.modal, Modal::Quit { yes: false });
        insta::assert_snapshot!(format!("quit_pending_80x24_{}", lang.code()), text(&s));
        // Enter on Cancel stays; Esc too.
        assert!(key(&mut s, KeyCode::Enter).is_empty());
        assert_eq!(s.modal, Modal::None);
        key(&mut s, KeyCode::Char('q'));
        assert!(key(&mut s, KeyCode::Esc).is_empty());
        assert!(!s.quit);
        // Tab to Quit and Enter, or y: quits.
        key(&mut s, KeyCode::Char('q'));
        key(&mut s, KeyCode::Tab);
        assert_eq!(key(&mut s, KeyCode::Enter), vec![Effect::Quit]);
        let (mut s, _) = one_pending(lang);
        key(&mut s, KeyCode::Char('q'));
        assert_eq!(key(&mut s, KeyCode::Char('y')), vec![Effect::Quit]);
    }
    // Nothing pending: q quits at once; a signal quits at once even with actions pending.
    let mut s = ready(Lang::En);
    assert_eq!(key(&mut s, KeyCode::Char('q')), vec![Effect::Quit]);
    let (mut s, _) = one_pending(Lang::En);
    assert_eq!(update(&mut s, Msg::Quit), vec![Effect::Quit]);
}

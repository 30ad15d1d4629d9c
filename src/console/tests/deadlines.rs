//! SLA deadlines through `update`: an escalated problem's deadline alerts by the clock between
//! polls; with `alert_sla = "all"` a poll asks for the deadline watch once, its level-0
//! problems alert when their deadline passes, and the bell rings when it is on.

use chrono::Duration;

use super::fixtures::{self, now, problem};
use crate::console::look::i18n::Lang;
use crate::console::message::{Effect, Msg};
use crate::console::model::alerts::{AlertKind, AlertSla};
use crate::console::model::{Paged, State};
use crate::console::update::update;
use crate::domain::lifecycle::{Priority, ProblemState};

fn polled(s: &mut State, after_secs: i64) -> Vec<Effect> {
    update(s, Msg::Polled { at: now() + Duration::seconds(after_secs), partial: None })
}

#[test]
fn an_escalated_deadline_alerts_by_the_clock_without_a_poll() {
    let mut s = fixtures::state(120, 40, Lang::En);
    let p = problem(21, "包车", 1, ProblemState::Open, Priority::Urgent, 3);
    update(&mut s, Msg::Escalated { at: now(), problems: Paged::first(vec![p.clone()], Some(1), None) });
    assert!(polled(&mut s, 1).is_empty(), "no deadline watch by default");
    assert_eq!(s.alerts.unseen, 0);
    update(&mut s, Msg::Tick(p.due_at));
    assert_eq!(s.alerts.unseen, 1);
    assert_eq!(s.alerts.list[0].kind, AlertKind::SlaPassed);
    assert_eq!(s.alerts.list[0].problem.id, 21);
}

#[test]
fn with_all_a_level_zero_deadline_alerts_and_rings() {
    let mut s = fixtures::state(120, 40, Lang::Zh);
    s.alerts.sla = AlertSla::All;
    s.bell = true;
    update(&mut s, Msg::Escalated { at: now(), problems: Paged::default() });
    let fx = polled(&mut s, 1);
    let [Effect::WatchDeadlines { after }] = fx.as_slice() else { panic!("{fx:?}") };
    assert_eq!(*after, now(), "deadlines after the last check");
    assert!(polled(&mut s, 6).is_empty(), "one watch at a time");
    let p = problem(22, "口罩", 0, ProblemState::Open, Priority::Normal, 10);
    let rows = Paged::first(vec![p.clone()], Some(1), None);
    assert!(update(&mut s, Msg::Deadlines { at: now() + Duration::seconds(7), result: Ok(rows) }).is_empty());
    assert!(polled(&mut s, 12).is_empty(), "the watch holds every deadline");
    let fx = update(&mut s, Msg::Tick(p.due_at));
    assert!(fx.iter().any(|e| matches!(e, Effect::Bell)), "{fx:?}");
    assert_eq!((s.alerts.list[0].problem.id, s.alerts.list[0].kind), (22, AlertKind::SlaPassed));
    // A failed watch is asked again after the next poll.
    let later = (p.due_at - now()).num_seconds() + 16 * 60;
    assert!(matches!(polled(&mut s, later).as_slice(), [Effect::WatchDeadlines { .. }]));
    update(&mut s, Msg::Deadlines { at: now() + Duration::seconds(later), result: Err("503".into()) });
    assert!(matches!(polled(&mut s, later + 5).as_slice(), [Effect::WatchDeadlines { .. }]));
}

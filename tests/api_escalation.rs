//! The escalation policy on SQLite and PostgreSQL: an open problem goes up one level at its SLA
//! deadline plus the policy's delay, once per level, recorded on its timeline as done by the
//! system; an acknowledged one is left alone; the server's task does it by itself.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::Harness;
use common::world::*;
use dutydesk::domain::escalation::EscalationPolicy;
use dutydesk::server::escalation;
use serde_json::{Value, json};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Urgent and high never go up by themselves here; normal goes to level 1 at the deadline
/// and to level 2 an hour later.
fn policy() -> EscalationPolicy {
    EscalationPolicy::new(vec![], vec![Duration::zero()], vec![Duration::zero(), Duration::hours(1)]).unwrap()
}

async fn level(h: &Harness, id: i64) -> i64 {
    let (_, _, p) = h.get(&format!("/api/v1/problems/{id}"), &h.viewer).await;
    p["level"].as_i64().unwrap()
}

async fn sweep_at(h: &Harness, when: &str) -> Vec<i64> {
    h.clock.set(at(when));
    let escalated = h.store.escalate_due(&policy(), h.clock.now()).await.unwrap();
    escalated.iter().map(|p| p.id).collect()
}

async fn timeline(h: &Harness, id: i64) -> Vec<Value> {
    let (_, _, t) = h.get(&format!("/api/v1/problems/{id}/timeline"), &h.viewer).await;
    t.as_array().unwrap().clone()
}

both_stores!(each_level_once_at_its_deadline_as_the_system, |h| {
    // P_OPEN (normal, level 0) is due at 10:00Z; P_OPEN2 (normal) at 05:00Z the next day.
    assert_eq!(h.store.next_escalation(&policy()).await.unwrap(), Some(at("2026-02-16T10:00:00Z")));
    assert_eq!(sweep_at(&h, "2026-02-16T09:59:59.999Z").await, Vec::<i64>::new(), "not before the deadline");
    assert_eq!(sweep_at(&h, "2026-02-16T10:00:00Z").await, vec![P_OPEN], "at the deadline");
    assert_eq!(level(&h, P_OPEN).await, 1);
    assert_eq!(sweep_at(&h, "2026-02-16T10:00:00Z").await, Vec::<i64>::new(), "once per level");
    assert_eq!(sweep_at(&h, "2026-02-16T10:59:00Z").await, Vec::<i64>::new(), "level 1 waits its hour");
    assert_eq!(h.store.next_escalation(&policy()).await.unwrap(), Some(at("2026-02-16T11:00:00Z")));
    assert_eq!(sweep_at(&h, "2026-02-16T11:00:00Z").await, vec![P_OPEN]);
    assert_eq!(level(&h, P_OPEN).await, 2);
    assert_eq!(sweep_at(&h, "2026-02-16T20:00:00Z").await, Vec::<i64>::new(), "the top level stays");

    let events = timeline(&h, P_OPEN).await;
    let by_policy: Vec<_> = events.iter().filter(|e| e["action"] == "escalate" && e["via"] == "system").collect();
    assert_eq!(by_policy.len(), 2, "{events:#?}");
    for (e, (lvl, when)) in by_policy.iter().zip([(1, "2026-02-16T10:00:00Z"), (2, "2026-02-16T11:00:00Z")]) {
        assert_eq!(e["action"], "escalate");
        assert_eq!(e["actor"], "system");
        assert_eq!(e["payload"]["level"], lvl);
        assert_eq!(at(e["at"].as_str().unwrap()), at(when));
    }
    // P_ACK (high, acknowledged at level 1, due 09:00Z) is past its deadline but owned: left.
    assert_eq!(level(&h, P_ACK).await, 1);
    // The escalation is a change like any other: a console following the feed sees it.
    let (_, _, feed) = h.get("/api/v1/changes?since=0&limit=500", &h.viewer).await;
    assert!(feed["changes"].as_array().unwrap().iter().any(|c| c["kind"] == "problem" && c["id"] == P_OPEN));
});

both_stores!(an_acknowledgement_stops_the_chain, |h| {
    let v = h.version(P_OPEN).await;
    let (s, _, e) = h
        .post(
            &format!("/api/v1/problems/{P_OPEN}/acknowledge"),
            &h.dispatcher,
            json!({}),
            &[("if-match", &format!("\"{v}\""))],
        )
        .await;
    assert_eq!(s.as_u16(), 200, "{e}");
    assert_eq!(sweep_at(&h, "2026-02-16T12:00:00Z").await, Vec::<i64>::new());
    assert_eq!(level(&h, P_OPEN).await, 0);
    let next = h.store.next_escalation(&policy()).await.unwrap();
    assert_eq!(next, Some(at("2026-02-17T05:00:00Z")), "P_OPEN2 is the only open one left");
});

both_stores!(the_servers_task_escalates_by_itself, |h| {
    h.clock.set(at("2026-02-16T10:00:01Z"));
    let task = escalation::spawn(h.state.clone(), std::sync::Arc::new(policy()));
    let mut waited = 0;
    while level(&h, P_OPEN).await == 0 {
        assert!(waited < 200, "the task did not escalate P_OPEN within 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    task.abort();
    assert_eq!(level(&h, P_OPEN).await, 1);
    assert_eq!(level(&h, P_OPEN2).await, 0, "not due yet");
});

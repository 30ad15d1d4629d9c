//! The change feed's signal, against SQLite and PostgreSQL: a write that records a change wakes
//! waiters once it commits (the store signals it, not the handlers), a refused write does not,
//! and a long poll (`wait=`) returns the change written while it waited.

mod common;

use std::pin::Pin;

use axum::http::StatusCode;
use common::world::*;
use futures::FutureExt;
use serde_json::json;
use tokio::sync::futures::Notified;

/// A registered waiter on the store's change signal (woken even if notified before polled).
fn waiter(h: &common::Harness) -> Pin<Box<Notified<'_>>> {
    let mut woken = Box::pin(h.store.change_signal().notified());
    woken.as_mut().enable();
    woken
}

both_stores!(writes_that_record_a_change_wake_waiters, |h| {
    // A check-in (intake) wakes.
    let woken = waiter(&h);
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 1}), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(woken.now_or_never().is_some(), "a check-in wakes the feed");
    // A triage action wakes.
    let v = h.version(P_OPEN).await;
    let woken = waiter(&h);
    let path = format!("/api/v1/problems/{P_OPEN}/acknowledge");
    let (s, _, _) = h.post(&path, &h.dispatcher, json!({}), &[("if-match", &format!("\"{v}\""))]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(woken.now_or_never().is_some(), "a triage write wakes the feed");
    // A refused one (409: already acknowledged) records nothing and wakes nobody.
    let v = h.version(P_OPEN).await;
    let woken = waiter(&h);
    let (s, _, _) = h.post(&path, &h.dispatcher, json!({}), &[("if-match", &format!("\"{v}\""))]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(woken.now_or_never().is_none(), "a refused write does not wake the feed");
    // Raising a problem and filing a report wake too.
    let woken = waiter(&h);
    let body = json!({"enterprise_id": 1, "title": "口罩短缺", "category": "protective_supplies"});
    let (s, _, _) = h.post("/api/v1/problems", &h.officer, body, &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(woken.now_or_never().is_some(), "raising a problem wakes the feed");
    let woken = waiter(&h);
    let report = json!({"status": "resumed", "employees_on_site": 100});
    let (s, _, e) = h
        .send(axum::http::Method::PUT, "/api/v1/daily-reports/2/2026-02-16", Some(&h.officer), Some(report), &[])
        .await;
    assert!(s.is_success(), "{e}");
    assert!(woken.now_or_never().is_some(), "a daily report wakes the feed");
});

both_stores!(a_long_poll_returns_the_change_written_while_it_waits, |h| {
    let (_, _, c) = h.get("/api/v1/changes?since=0", &h.viewer).await;
    let since = c["next_since"].as_i64().unwrap();
    let long_poll = format!("/api/v1/changes?since={since}&wait=20");
    let poll = h.get(&long_poll, &h.viewer);
    let write = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 2}), &[]).await
    };
    let ((s, _, changes), (w, _, _)) = tokio::join!(poll, write);
    assert_eq!((s, w), (StatusCode::OK, StatusCode::CREATED));
    let kinds: Vec<&str> = changes["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["checkin"]);
    assert!(changes["next_since"].as_i64().unwrap() > since);
    // With nothing written, a short wait ends empty at its deadline.
    let next = changes["next_since"].as_i64().unwrap();
    let (s, _, empty) = h.get(&format!("/api/v1/changes?since={next}&wait=1"), &h.viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(empty["changes"].as_array().unwrap().len(), 0);
    assert_eq!(empty["next_since"], next);
});

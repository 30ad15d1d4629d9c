//! The outbox's runtime against a small API server on a loopback port that fails before it
//! answers: every try carries the same `Idempotency-Key` and `If-Match`, a 503 and a garbled
//! answer are "unknown, retrying", the 200 ends it; and an outbox started over a journal a
//! previous run left announces its actions, resends them, and empties the file once answered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use tokio::sync::mpsc;

use crate::api::client::ApiClient;
use crate::console::message::{Msg, OutboxNews};
use crate::console::model::outbox::Pending;
use crate::console::model::triage::Op;
use crate::console::runtime::journal::Journal;
use crate::console::runtime::outbox::{deliver, spawn};
use crate::console::tests::fixtures;

/// A server whose comment endpoint answers 503, then a 200 whose JSON is cut short (an answer
/// garbled on the way), then 200 with the problem; it records each try's key and `If-Match`.
async fn flaky() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let tries = Arc::new(AtomicUsize::new(0));
    let log = seen.clone();
    let app = Router::new().route(
        "/api/v1/problems/{id}/comment",
        post(move |h: HeaderMap| {
            let (log, tries) = (log.clone(), tries.clone());
            async move {
                let header = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                log.lock().unwrap().push((header("idempotency-key"), header("if-match")));
                match tries.fetch_add(1, Ordering::SeqCst) {
                    0 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
                    1 => ([("content-type", "application/json")], "{\"id\": 101, \"tit").into_response(),
                    _ => axum::Json(fixtures::problems()[0].clone()).into_response(),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

fn comment(key: u128) -> Pending {
    let mut seen = fixtures::problems()[0].clone();
    seen.version = 3;
    Pending::new(uuid::Uuid::from_u128(key), Op::Comment("已联系".into()), seen, fixtures::now())
}

#[tokio::test]
async fn every_try_carries_the_same_key_and_version_until_the_answer() {
    let (base, seen) = flaky().await;
    let client = ApiClient::with_timeout(&base, "t", Duration::from_secs(5)).unwrap();
    let p = comment(0x77);
    let retried = Mutex::new(Vec::new());
    let msg = deliver(&client, &p, |n, e, _| retried.lock().unwrap().push((n, e))).await;
    assert!(matches!(msg, Msg::Triaged { key, result: Ok(_) } if key == p.key), "{msg:?}");
    let retried = retried.into_inner().unwrap();
    assert_eq!(retried.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2], "{retried:?}");
    assert!(retried[0].1.contains("503"), "{retried:?}");
    let want = (p.key.to_string(), "\"3\"".to_string());
    assert_eq!(*seen.lock().unwrap(), vec![want.clone(), want.clone(), want]);
}

#[tokio::test]
async fn a_journal_left_by_a_previous_run_is_resent_and_emptied() {
    let (base, seen) = flaky().await;
    let client = ApiClient::with_timeout(&base, "t", Duration::from_secs(5)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path(), &base, "t");
    let p = comment(0x78);
    journal.save(std::slice::from_ref(&p)).unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let _outbox = spawn(client, tx, Some(journal.clone()));
    let first = rx.recv().await.unwrap();
    assert!(matches!(&first, Msg::Outbox(OutboxNews::Restored(list)) if list == &vec![p.clone()]), "{first:?}");
    let answer = loop {
        match tokio::time::timeout(Duration::from_secs(60), rx.recv()).await.expect("an answer").unwrap() {
            Msg::Outbox(OutboxNews::Retrying { key, .. }) => assert_eq!(key, p.key),
            other => break other,
        }
    };
    assert!(matches!(answer, Msg::Triaged { key, result: Ok(_) } if key == p.key), "{answer:?}");
    assert!(journal.load::<crate::console::model::outbox::Pending>().unwrap().is_empty(), "off the disk once answered");
    assert!(seen.lock().unwrap().iter().all(|(k, _)| *k == p.key.to_string()));
}

//! Two replicas on one PostgreSQL database (two stores, two routers, as two `dutydesk serve`
//! would be): a write on one wakes a long poll on the other through LISTEN/NOTIFY and moves
//! the other's change sequence (so its dashboard cache recomputes); when the listening
//! connection is killed, the replica says so, long polls still see writes (the 1 s safety net),
//! and once the listener is back the sequence it knows is the database's, including what was
//! written while it was down. PostgreSQL only: SQLite is one process.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode};
use common::world;
use dutydesk::api::types::Role;
use dutydesk::config::Config;
use dutydesk::server::{self, Clock, state::AppState};
use dutydesk::store::Store;
use dutydesk::store::replicas::LISTENER_NAME;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Generous: these say that something happens, not how fast.
const PATIENCE: Duration = Duration::from_secs(15);

struct Replicas {
    a: Store,
    b: Store,
    app_a: Router,
    app_b: Router,
    viewer: String,
    officer: String,
    db: String,
}

impl Drop for Replicas {
    fn drop(&mut self) {
        let db = self.db.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(common::drop_pg_db(&db));
            Some(())
        })
        .join();
    }
}

/// Two replicas on a fresh database with the test world; `None` when PostgreSQL is skipped.
async fn replicas() -> Option<Replicas> {
    let (url, db) = common::fresh_pg_url().await?;
    let config = Config::builtin();
    let a = Store::open(&url, &config.server).await.expect("open replica a");
    a.load_seed(&world::data()).await.expect("load world");
    let b = Store::open(&url, &config.server).await.expect("open replica b");
    let app = |store: &Store| {
        server::router(AppState::new(store.clone(), config.server.clone(), Clock::fixed(common::world_now())))
    };
    let viewer = a.create_token("夜班 刘洋", Role::Viewer, None).await.unwrap().1;
    let officer = a.create_token("联络员 周强", Role::Officer, Some(world::OFFICER_ZHOU)).await.unwrap().1;
    let (app_a, app_b) = (app(&a), app(&b));
    let r = Replicas { a, b, app_a, app_b, viewer, officer, db };
    eventually("both replicas listen", || async { r.a.follows_replicas() && r.b.follows_replicas() }).await;
    Some(r)
}

async fn send(app: &Router, method: Method, path: &str, token: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path).header("authorization", format!("Bearer {token}"));
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let resp = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn get(app: &Router, path: &str, token: &str) -> Value {
    let (s, v) = send(app, Method::GET, path, token, None).await;
    assert_eq!(s, StatusCode::OK, "GET {path}: {v}");
    v
}

/// A check-in through replica a.
async fn check_in(r: &Replicas, enterprise: i64) {
    let body = json!({"enterprise_id": enterprise});
    let (s, v) = send(&r.app_a, Method::POST, "/api/v1/checkins", &r.officer, Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let until = tokio::time::Instant::now() + PATIENCE;
    while !check().await {
        assert!(tokio::time::Instant::now() < until, "{what}: not within {} s", PATIENCE.as_secs());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A long poll on replica b while replica a checks in: it returns that check-in.
async fn long_poll_on_b_sees_a_write_on_a(r: &Replicas, enterprise: i64) {
    let since = get(&r.app_b, "/api/v1/changes?since=0&limit=200", &r.viewer).await;
    let since = since["next_since"].as_i64().unwrap();
    let path = format!("/api/v1/changes?since={since}&wait=25");
    let poll = tokio::time::timeout(PATIENCE, get(&r.app_b, &path, &r.viewer));
    let write = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        check_in(r, enterprise).await;
    };
    let (answer, ()) = tokio::join!(poll, write);
    let answer = answer.expect("the long poll on replica b was not woken by the write on replica a");
    let kinds: Vec<&str> = answer["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["checkin"], "{answer}");
    assert!(answer["next_since"].as_i64().unwrap() > since);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_on_one_replica_wakes_a_long_poll_on_the_other() {
    let Some(r) = replicas().await else { return };
    let before = get(&r.app_b, "/api/v1/dashboard", &r.viewer).await;
    long_poll_on_b_sees_a_write_on_a(&r, 1).await;
    assert!(r.b.follows_replicas(), "woken by the notification, not by the 1 s safety net");
    // Replica b's sequence moved without asking the table, and its dashboard cache sees it.
    let latest = r.a.change_seq().await.unwrap();
    assert_eq!(r.b.change_seq().await.unwrap(), latest);
    let after = get(&r.app_b, "/api/v1/dashboard", &r.viewer).await;
    assert_eq!(after["change_seq"].as_i64(), Some(latest));
    assert!(
        after["change_seq"].as_i64() > before["change_seq"].as_i64(),
        "replica b's cached dashboard was not recomputed after replica a's write"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_listener_comes_back_and_rereads_the_sequence() {
    let Some(r) = replicas().await else { return };
    // Kill both replicas' listening connections, as a network cut or a reaper would.
    let killed = sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1 AND datname = current_database()",
    )
    .bind(LISTENER_NAME)
    .fetch_all(r.a.pool())
    .await
    .unwrap();
    assert_eq!(killed.len(), 2, "one listener per replica");
    eventually("replica b notices its listener is gone", || async { !r.b.follows_replicas() }).await;
    // Written while b cannot be told: b's sequence falls back to the table.
    check_in(&r, 2).await;
    assert_eq!(r.b.change_seq().await.unwrap(), r.a.change_seq().await.unwrap());
    // Back, it knows the sequence again, including the write it was never told of.
    eventually("replica b listens again", || async { r.b.follows_replicas() }).await;
    assert_eq!(r.b.change_seq().await.unwrap(), r.a.change_seq().await.unwrap());
    long_poll_on_b_sees_a_write_on_a(&r, 1).await;
    assert_eq!(r.b.change_seq().await.unwrap(), r.a.change_seq().await.unwrap());
}

//! Idempotency keys a crash cannot wedge, on SQLite and PostgreSQL: a comment sent twice by one
//! key is one comment; a write that committed while its answer was lost (the state a crash
//! between commit and storing the answer leaves) is answered 2xx from what it produced, once;
//! two requests racing with one key make one write and the same answer; a claim left by an
//! older server (no write recorded) runs afresh instead of answering 409.

mod common;

use axum::http::StatusCode;
use common::Harness;
use common::world::*;
use serde_json::{Value, json};

fn tag(v: i64) -> String {
    format!("\"{v}\"")
}

async fn comments(h: &Harness, id: i64, text: &str) -> usize {
    let (_, _, t) = h.get(&format!("/api/v1/problems/{id}/timeline"), &h.viewer).await;
    t.as_array().unwrap().iter().filter(|e| e["action"] == "comment" && e["payload"]["text"] == text).count()
}

async fn comment(h: &Harness, key: &str, version: i64, text: &str) -> (StatusCode, axum::http::HeaderMap, Value) {
    let v = tag(version);
    let path = format!("/api/v1/problems/{P_OPEN}/comment");
    h.post(&path, &h.dispatcher, json!({"text": text}), &[("if-match", &v), ("idempotency-key", key)]).await
}

/// Forgets every stored answer, as a crash between a write's commit and storing its answer does.
async fn lose_answers(h: &Harness) {
    sqlx::query("UPDATE idempotency SET status = NULL, response = NULL, headers = NULL")
        .execute(h.store.pool())
        .await
        .unwrap();
}

both_stores!(a_comment_sent_twice_by_one_key_is_one_comment, |h| {
    let v = h.version(P_OPEN).await;
    let key = uuid::Uuid::new_v4().to_string();
    let (s1, _, b1) = comment(&h, &key, v, "已电话联系企业").await;
    let (s2, h2, b2) = comment(&h, &key, v, "已电话联系企业").await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK), "{b1} {b2}");
    assert_eq!(h2["idempotent-replayed"], "true");
    assert_eq!(comments(&h, P_OPEN, "已电话联系企业").await, 1);
});

both_stores!(a_committed_write_whose_answer_was_lost_answers_2xx_once, |h| {
    let v = h.version(P_OPEN).await;
    let key = uuid::Uuid::new_v4().to_string();
    let (s, _, _) = comment(&h, &key, v, "物资已到").await;
    assert_eq!(s, StatusCode::OK);
    lose_answers(&h).await;
    // The retry: not 409, not a second comment, but the problem as the write left it.
    let (s, hd, p) = comment(&h, &key, v, "物资已到").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(hd["idempotent-replayed"], "true");
    assert_eq!(p["id"], P_OPEN);
    assert!(hd.contains_key("etag"));
    assert_eq!(comments(&h, P_OPEN, "物资已到").await, 1);
    // The rebuilt answer is now the stored one.
    let (s2, _, p2) = comment(&h, &key, v, "物资已到").await;
    assert_eq!((s2, &p2), (StatusCode::OK, &p));
    // A raised problem and a check-in likewise, with their 201.
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"enterprise_id": 1, "title": "口罩短缺", "category": "protective_supplies"});
    let (s, _, first) = h.post("/api/v1/problems", &h.officer, body.clone(), &[("idempotency-key", &key)]).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    let ckey = uuid::Uuid::new_v4().to_string();
    let (s, _, c1) =
        h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 1}), &[("idempotency-key", &ckey)]).await;
    assert_eq!(s, StatusCode::CREATED, "{c1}");
    lose_answers(&h).await;
    let (s, _, again) = h.post("/api/v1/problems", &h.officer, body, &[("idempotency-key", &key)]).await;
    assert_eq!((s, &again["id"]), (StatusCode::CREATED, &first["id"]), "{again}");
    let (_, _, page) = h.get("/api/v1/problems?q=口罩短缺&total=true", &h.viewer).await;
    assert_eq!(page["total"], 1);
    let (s, _, c2) =
        h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 1}), &[("idempotency-key", &ckey)]).await;
    assert_eq!((s, &c2), (StatusCode::CREATED, &c1));
});

both_stores!(two_requests_racing_with_one_key_write_once, |h| {
    let v = h.version(P_OPEN).await;
    let key = uuid::Uuid::new_v4().to_string();
    let (a, b) = tokio::join!(comment(&h, &key, v, "并发评论"), comment(&h, &key, v, "并发评论"));
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK), "{} {}", a.2, b.2);
    assert_eq!(a.2["id"], b.2["id"]);
    assert_eq!(comments(&h, P_OPEN, "并发评论").await, 1);
});

both_stores!(a_claim_left_by_an_older_server_runs_afresh, |h| {
    let key = uuid::Uuid::new_v4().to_string();
    let v = h.version(P_OPEN).await;
    let (s, _, _) = comment(&h, &key, v, "旧版本遗留").await;
    assert_eq!(s, StatusCode::OK);
    // Turned into what a server older than migration 0007 left when it died with the request
    // in flight: a claim with no answer and no write recorded. Whether it wrote is unknown.
    sqlx::query(
        "UPDATE idempotency SET status = NULL, response = NULL, headers = NULL, applied_kind = NULL, \
         applied_id = NULL, applied_status = NULL WHERE key = $1",
    )
    .bind(key.as_str())
    .execute(h.store.pool())
    .await
    .unwrap();
    let (s, _, e) = comment(&h, &key, v, "旧版本遗留").await;
    assert_eq!(s, StatusCode::OK, "runs afresh, not 409: {e}");
    let (s, hd, _) = comment(&h, &key, v, "旧版本遗留").await;
    assert_eq!((s, &hd["idempotent-replayed"]), (StatusCode::OK, &"true".parse::<axum::http::HeaderValue>().unwrap()));
});

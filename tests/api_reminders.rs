//! Reminders (催报) on SQLite and PostgreSQL: a replay with the same key records nothing new
//! (also when the first answer was lost); a park's or a unit's expansion is the overdue list's
//! count; an officer reads only its own reminders; a viewer cannot send one; bad bodies are
//! 422 problem+json; the overdue row and the enterprise's detail show the reminder; the change
//! feed carries it.
//!
//! The world's overdue reports of 2026-02-15: enterprise 2 (park 1, officer 周强) and 4 (park
//! 2, officers 王立 and 赵磊).

mod common;

use axum::http::StatusCode;
use common::Harness;
use common::world::*;
use dutydesk::api::types::Role;
use serde_json::{Value, json};

async fn count(h: &Harness, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    sqlx::Row::try_get(&sqlx::query(&sql).fetch_one(h.store.pool()).await.unwrap(), 0).unwrap()
}

async fn remind(h: &Harness, body: Value, key: &str) -> (StatusCode, axum::http::HeaderMap, Value) {
    h.post("/api/v1/reminders", &h.dispatcher, body, &[("idempotency-key", key)]).await
}

/// The test clock an hour and a minute on: past the time an enterprise is not reminded again.
fn later(h: &Harness) {
    h.clock.set(h.clock.now() + chrono::Duration::minutes(61));
}

fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

both_stores!(a_replay_with_the_same_key_records_one_reminder, |h| {
    let k = key();
    let (s, _, first) = remind(&h, json!({"park": 2}), &k).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!((first["reminded"].as_i64(), first["officers"].as_i64()), (Some(1), Some(2)), "{first}");
    assert_eq!(first["date"], "2026-02-15");
    let (s, hd, again) = remind(&h, json!({"park": 2}), &k).await;
    assert_eq!((s, &again), (StatusCode::CREATED, &first));
    assert_eq!(hd["idempotent-replayed"], "true");
    assert_eq!((count(&h, "reminders").await, count(&h, "reminder_batches").await), (2, 1));
    // The state a crash between commit and storing the answer leaves: answered from the batch.
    sqlx::query("UPDATE idempotency SET status = NULL, response = NULL, headers = NULL")
        .execute(h.store.pool())
        .await
        .unwrap();
    let (s, _, rebuilt) = remind(&h, json!({"park": 2}), &k).await;
    assert_eq!((s, &rebuilt), (StatusCode::CREATED, &first));
    assert_eq!(count(&h, "reminders").await, 2);
    // Another desk, another key, a minute later: already reminded, not chased twice.
    let (s, _, second) =
        h.post("/api/v1/reminders", &h.dispatcher2, json!({"park": 2}), &[("idempotency-key", &key())]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(second["reminded"], 0);
    assert_eq!(second["already_reminded"][0]["enterprise"]["id"], 4);
    assert_eq!(second["already_reminded"][0]["by"], "值班员 张敏");
    assert_eq!(count(&h, "reminders").await, 2);
    // An hour later it may be chased again.
    later(&h);
    let (_, _, third) = remind(&h, json!({"park": 2}), &key()).await;
    assert_eq!(third["reminded"], 1, "{third}");
});

both_stores!(a_park_or_unit_expands_to_the_overdue_lists_count, |h| {
    for (field, id) in [("park", 1), ("park", 2), ("park", 3), ("unit", 2), ("unit", 3)] {
        let (_, _, list) = h.get(&format!("/api/v1/reports/overdue?{field}={id}&total=true"), &h.viewer).await;
        let total = list["total"].as_i64().unwrap();
        let (s, _, sent) = remind(&h, json!({ field: id }), &key()).await;
        assert_eq!(s, StatusCode::CREATED, "{sent}");
        assert_eq!(sent["reminded"].as_i64(), Some(total), "{field} {id}: {sent}");
        // The next place on a clock an hour on, so earlier reminders do not hold it back.
        later(&h);
    }
    // Unit 1 (周强, 王立): enterprises 2 and 4, three officers between them.
    let (_, _, sent) = remind(&h, json!({"unit": 1}), &key()).await;
    assert_eq!((sent["reminded"].as_i64(), sent["officers"].as_i64()), (Some(2), Some(3)), "{sent}");
});

both_stores!(an_officer_reads_only_its_own_reminders, |h| {
    let (s, _, sent) = remind(&h, json!({"enterprises": [2, 4, 1]}), &key()).await;
    assert_eq!(s, StatusCode::CREATED, "{sent}");
    // Enterprise 1 filed its report of 02-15: nothing to chase.
    assert_eq!((sent["reminded"].as_i64(), sent["not_overdue"][0]["id"].as_i64()), (Some(2), Some(1)));
    let (s, _, zhou) = h.get("/api/v1/me/reminders?total=true", &h.officer).await;
    assert_eq!(s, StatusCode::OK, "{zhou}");
    assert_eq!(zhou["total"], 1);
    assert_eq!(zhou["items"][0]["officer"]["id"], OFFICER_ZHOU);
    assert_eq!(zhou["items"][0]["enterprise"]["id"], 2);
    assert_eq!(zhou["items"][0]["by"], "值班员 张敏");
    let (_, wang) = h.store.create_token("联络员 王立", Role::Officer, Some(3)).await.unwrap();
    let (_, _, mine) = h.get("/api/v1/me/reminders", &wang).await;
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{mine}");
    assert!(items.iter().all(|r| r["officer"]["id"] == 3 && r["enterprise"]["id"] == 4), "{mine}");
    for token in [&h.dispatcher, &h.viewer] {
        let (s, hd, e) = h.get("/api/v1/me/reminders", token).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
        assert_eq!(hd["content-type"], "application/problem+json");
    }
    // The officer's change feed carries its enterprise's reminder, not the other one's.
    let (_, _, feed) = h.get("/api/v1/changes?since=0", &h.officer).await;
    let reminded: Vec<&Value> =
        feed["changes"].as_array().unwrap().iter().filter(|c| c["kind"] == "reminder").map(|c| &c["id"]).collect();
    assert_eq!(reminded, vec![&json!(2)], "{feed}");
});

both_stores!(only_a_dispatcher_sends_and_bad_bodies_are_422, |h| {
    for token in [&h.viewer, &h.officer] {
        let (s, _, e) = h.post("/api/v1/reminders", token, json!({"park": 1}), &[]).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
    }
    for (body, field) in [
        (json!({}), "enterprises"),
        (json!({"park": 1, "unit": 1}), "enterprises"),
        (json!({"enterprises": []}), "enterprises"),
        (json!({"enterprises": [2, 999]}), "enterprises"),
        (json!({"park": 99}), "park"),
        (json!({"unit": 99}), "unit"),
        (json!({"park": 1, "date": "2026-03-01"}), "date"),
    ] {
        let (s, hd, e) = remind(&h, body.clone(), &key()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
        assert_eq!(hd["content-type"], "application/problem+json");
        assert_eq!(e["errors"][0]["field"], field, "{body}: {e}");
    }
    let (s, _, e) = remind(&h, json!({"park": "万宝"}), &key()).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY || s == StatusCode::BAD_REQUEST, "{s} {e}");
    assert_eq!(count(&h, "reminders").await, 0);
});

both_stores!(the_overdue_row_and_the_detail_show_the_last_reminder, |h| {
    let (_, _, before) = h.get("/api/v1/reports/overdue", &h.viewer).await;
    assert!(before["items"].as_array().unwrap().iter().all(|o| o["last_reminded_at"].is_null()), "{before}");
    let (s, _, _) = h
        .send(
            axum::http::Method::POST,
            "/api/v1/reminders",
            Some(&h.dispatcher),
            Some(json!({"enterprises": [2]})),
            &[("x-dutydesk-via", "console")],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, _, after) = h.get("/api/v1/reports/overdue", &h.viewer).await;
    let row =
        |id: i64| after["items"].as_array().unwrap().iter().find(|o| o["enterprise"]["id"] == id).unwrap().clone();
    assert_eq!(row(2)["last_reminded_at"], "2026-02-16T06:00:00Z", "{after}");
    assert_eq!(row(2)["last_reminded_by"], "值班员 张敏");
    assert!(row(4)["last_reminded_at"].is_null());
    let (_, _, detail) = h.get("/api/v1/enterprises/2", &h.viewer).await;
    assert_eq!(detail["reminders"][0]["officer"]["name"], "周强", "{detail}");
    assert_eq!(detail["reminders"][0]["via"], "console");
});

//! API writes against SQLite and PostgreSQL: the role matrix, triage with If-Match (428, 412,
//! 409), idempotent replays, concurrent reassigns, intake rules and the local-day boundaries.

mod common;

use axum::http::{Method, StatusCode};
use common::Harness;
use common::world::*;
use serde_json::{Value, json};

fn tag(v: i64) -> String {
    format!("\"{v}\"")
}

async fn timeline_actions(h: &Harness, id: i64) -> Vec<String> {
    let (_, _, t) = h.get(&format!("/api/v1/problems/{id}/timeline"), &h.viewer).await;
    t.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

both_stores!(role_matrix, |h| {
    let v = tag(h.version(P_OPEN).await);
    let ack = format!("/api/v1/problems/{P_OPEN}/acknowledge");
    for (token, want) in [(&h.viewer, 403), (&h.officer, 403)] {
        let (s, _, e) = h.post(&ack, token, json!({}), &[("if-match", &v)]).await;
        assert_eq!(s.as_u16(), want, "{e}");
    }
    // Intake: officer for itself, admin on behalf, dispatcher and viewer never.
    let body = json!({"enterprise_id": 1});
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, body.clone(), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _, _) = h.post("/api/v1/checkins", &h.dispatcher, body.clone(), &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = h.post("/api/v1/checkins", &h.viewer, body.clone(), &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, e) = h.post("/api/v1/checkins", &h.admin, body.clone(), &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _, c) = h.post("/api/v1/checkins", &h.admin, json!({"enterprise_id": 3, "officer_id": 3}), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    // An officer only for its own enterprises, and never on behalf of another.
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 3}), &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 1, "officer_id": 2}), &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Dispatcher and admin triage.
    let (s, _, _) = h.post(&ack, &h.dispatcher, json!({}), &[("if-match", &v)]).await;
    assert_eq!(s, StatusCode::OK);
    let v = tag(h.version(P_OPEN).await);
    let (s, _, _) = h
        .post(&format!("/api/v1/problems/{P_OPEN}/comment"), &h.admin, json!({"text": "已联系"}), &[("if-match", &v)])
        .await;
    assert_eq!(s, StatusCode::OK);
    // An officer may comment on its own enterprise's problem, not on others.
    let v1 = tag(h.version(P_OPEN2).await);
    let (s, _, _) = h
        .post(
            &format!("/api/v1/problems/{P_OPEN2}/comment"),
            &h.officer,
            json!({"text": "企业已自行联系"}),
            &[("if-match", &v1)],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = h
        .post(&format!("/api/v1/problems/{P_OPEN}/comment"), &h.officer, json!({"text": "x"}), &[("if-match", &v)])
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});

both_stores!(every_triage_action_moves_the_life_cycle, |h| {
    let post = |id: i64, action: &str, body: Value, v: i64| {
        let path = format!("/api/v1/problems/{id}/{action}");
        let h = &h;
        async move { h.post(&path, &h.dispatcher, body, &[("if-match", &tag(v)), ("x-dutydesk-via", "console")]).await }
    };
    let v = h.version(P_OPEN).await;
    let (s, headers, p) = post(P_OPEN, "acknowledge", json!({"note": "收到"}), v).await;
    assert_eq!((s, p["state"].as_str()), (StatusCode::OK, Some("acknowledged")));
    assert_eq!(headers["etag"], tag(v + 1).as_str());
    let (_, _, p) = post(P_OPEN, "escalate", json!({}), v + 1).await;
    assert_eq!((p["state"].as_str(), p["level"].as_i64()), (Some("open"), Some(1)));
    assert_eq!(p["assignee"]["kind"], "desk");
    let (_, _, p) = post(P_OPEN, "reassign", json!({"department_id": 1}), v + 2).await;
    assert_eq!(p["assignee"], json!({"kind": "department", "id": 1, "name": "交通运输局"}));
    assert_eq!(p["level"], 1);
    let (_, _, p) = post(P_OPEN, "priority", json!({"priority": "urgent"}), v + 3).await;
    assert_eq!(p["priority"], "urgent");
    // The SLA clock restarts: due = re-prioritised (the fixed clock, 2026-02-16T06:00Z) + 2 h,
    // not raised (2026-02-15T10:00Z) + 2 h, which would be breached at once.
    assert_eq!(p["due_at"], "2026-02-16T08:00:00Z");
    let (s, _, e) = post(P_OPEN, "resolve", json!({"resolution": "  "}), v + 4).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["errors"][0]["field"], "resolution");
    let (_, _, p) = post(P_OPEN, "resolve", json!({"resolution": "运输通道已协调"}), v + 4).await;
    assert_eq!(p["state"], "resolved");
    assert!(p["resolved_at"].is_string());
    let (_, _, p) = post(P_OPEN, "reopen", json!({"reason": "再次受阻"}), v + 5).await;
    assert_eq!(p["state"], "open");
    assert!(p["resolved_at"].is_null());
    let (_, _, p) = post(P_OPEN, "comment", json!({"text": "跟进中"}), v + 6).await;
    assert_eq!(p["version"], v + 6, "a comment does not bump the version");
    let (_, _, t) = h.get(&format!("/api/v1/problems/{P_OPEN}/timeline"), &h.viewer).await;
    let t = t.as_array().unwrap();
    let actions: Vec<&str> = t.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        vec!["raise", "acknowledge", "escalate", "reassign", "set_priority", "resolve", "reopen", "comment"]
    );
    let last = t.last().unwrap();
    assert_eq!(last["actor"], "值班员 张敏");
    assert_eq!(last["via"], "console");
    assert_eq!(last["payload"]["text"], "跟进中");
    assert_eq!(t[3]["payload"]["assignee"]["name"], "交通运输局");
    // What a reassign and a priority change replaced is recorded, for "from whom".
    assert_eq!(t[3]["payload"]["from"], json!({"kind": "desk", "id": 1, "name": "区县专班"}));
    assert_eq!(t[4]["payload"], json!({"priority": "urgent", "from": "normal"}));
    assert_eq!(t[1]["from_state"], "open");
    assert_eq!(t[1]["to_state"], "acknowledged");
});

both_stores!(if_match_rules_428_412_409, |h| {
    let path = format!("/api/v1/problems/{P_OPEN}/acknowledge");
    let (s, _, e) = h.post(&path, &h.dispatcher, json!({}), &[]).await;
    assert_eq!(s, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(e["code"], "IF_MATCH_REQUIRED");
    let (s, _, _) = h.post(&path, &h.dispatcher, json!({}), &[("if-match", "yesterday")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let v = h.version(P_OPEN).await;
    let (s, _, e) = h.post(&path, &h.dispatcher, json!({}), &[("if-match", &tag(v + 5))]).await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    assert_eq!(e["code"], "STALE_VERSION");
    assert_eq!(e["current"]["version"], v);
    assert_eq!(e["current"]["id"], P_OPEN);
    // 409: acknowledging an acknowledged problem, escalating past the top, reopening an open one.
    let v = h.version(P_ACK).await;
    let (s, _, e) = h
        .post(&format!("/api/v1/problems/{P_ACK}/acknowledge"), &h.dispatcher, json!({}), &[("if-match", &tag(v))])
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["code"], "INVALID_STATE");
    assert!(e["detail"].as_str().unwrap().contains("acknowledged"));
    let v = h.version(P_TOP).await;
    let (s, _, e) =
        h.post(&format!("/api/v1/problems/{P_TOP}/escalate"), &h.dispatcher, json!({}), &[("if-match", &tag(v))]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["code"], "CANNOT_ESCALATE");
    let (s, _, _) = h
        .post(
            &format!("/api/v1/problems/{P_TOP}/reopen"),
            &h.dispatcher,
            json!({"reason": "x"}),
            &[("if-match", &tag(v))],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // Nothing was recorded by the refused attempts.
    assert_eq!(timeline_actions(&h, P_TOP).await, vec!["raise", "escalate", "escalate"]);
    assert_eq!(h.version(P_TOP).await, v);
    // 404 for an unknown problem, 422 for an unknown department.
    let (s, _, _) =
        h.post("/api/v1/problems/9999/acknowledge", &h.dispatcher, json!({}), &[("if-match", "\"1\"")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, e) = h
        .post(
            &format!("/api/v1/problems/{P_TOP}/reassign"),
            &h.dispatcher,
            json!({"department_id": 77}),
            &[("if-match", &tag(v))],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["errors"][0]["field"], "department_id");
    let (s, _, _) = h
        .post(
            &format!("/api/v1/problems/{P_TOP}/reassign"),
            &h.dispatcher,
            json!({"department_id": 1, "officer_id": 2}),
            &[("if-match", &tag(v))],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _, _) = h
        .post(
            &format!("/api/v1/problems/{P_TOP}/reassign"),
            &h.dispatcher,
            json!({"team": 1}),
            &[("if-match", &tag(v))],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
});

both_stores!(idempotent_replay_returns_first_response_and_one_event, |h| {
    let v = h.version(P_TOP).await;
    let key = uuid::Uuid::new_v4().to_string();
    let path = format!("/api/v1/problems/{P_TOP}/reassign");
    let headers = [("if-match", tag(v)), ("idempotency-key", key.clone())];
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s1, h1, b1) = h.post(&path, &h.dispatcher, json!({"department_id": 1}), &headers).await;
    assert_eq!(s1, StatusCode::OK);
    let (s2, h2, b2) = h.post(&path, &h.dispatcher, json!({"department_id": 1}), &headers).await;
    assert_eq!(s2, StatusCode::OK, "a replay is not a stale version: {b2}");
    assert_eq!(b1, b2);
    assert_eq!(h1["etag"], h2["etag"]);
    assert_eq!(h2["idempotent-replayed"], "true");
    let reassigns = timeline_actions(&h, P_TOP).await.iter().filter(|a| *a == "reassign").count();
    assert_eq!(reassigns, 1);
    // Same key, different body: 422. Same key, other token: its own scope, runs (and is stale).
    let (s, _, e) = h.post(&path, &h.dispatcher, json!({"department_id": 2}), &headers).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["code"], "IDEMPOTENCY_KEY_REUSED");
    let (s, _, _) = h.post(&path, &h.dispatcher2, json!({"department_id": 1}), &headers).await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    let (s, _, _) = h
        .post(
            &path,
            &h.dispatcher,
            json!({"department_id": 1}),
            &[("idempotency-key", "not-a-uuid"), ("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // A replayed POST /problems creates one problem.
    let key = uuid::Uuid::new_v4().to_string();
    let body =
        json!({"enterprise_id": 1, "title": "消毒液短缺", "category": "protective_supplies", "priority": "high"});
    let (s1, _, p1) = h.post("/api/v1/problems", &h.officer, body.clone(), &[("idempotency-key", &key)]).await;
    let (s2, _, p2) = h.post("/api/v1/problems", &h.officer, body, &[("idempotency-key", &key)]).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(p1["id"], p2["id"]);
    let (_, _, page) = h.get("/api/v1/problems?q=消毒液&total=true", &h.viewer).await;
    assert_eq!(page["total"], 1);
});

both_stores!(concurrent_reassigns_one_wins_one_412, |h| {
    let v = tag(h.version(P_TOP).await);
    let path = format!("/api/v1/problems/{P_TOP}/reassign");
    let hdr = [("if-match", v.as_str())];
    let a = h.post(&path, &h.dispatcher, json!({"department_id": 1}), &hdr);
    let b = h.post(&path, &h.dispatcher2, json!({"department_id": 2}), &hdr);
    let ((sa, _, _), (sb, _, eb)) = tokio::join!(a, b);
    let mut statuses = [sa.as_u16(), sb.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 412], "{eb}");
    assert_eq!(timeline_actions(&h, P_TOP).await.iter().filter(|a| *a == "reassign").count(), 1);
});

both_stores!(raising_problems_validates_fields, |h| {
    let ok = json!({"enterprise_id": 1, "title": "工人返岗交通", "description": "需要两辆大巴", "category": "transport", "priority": "urgent"});
    let (s, headers, p) = h.post("/api/v1/problems", &h.officer, ok.clone(), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    assert_eq!(p["state"], "open");
    assert_eq!(p["level"], 0);
    assert_eq!(p["raised_by"]["name"], "周强");
    assert_eq!(headers["etag"], "\"1\"");
    // 06:00Z + 2 h.
    assert_eq!(p["due_at"], "2026-02-16T08:00:00Z");
    let mut bad = ok.clone();
    bad["category"] = json!("weather");
    let (s, _, e) = h.post("/api/v1/problems", &h.officer, bad, &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["errors"][0]["field"], "category");
    let mut bad = ok.clone();
    bad["title"] = json!("x".repeat(201));
    let (s, _, _) = h.post("/api/v1/problems", &h.officer, bad, &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let mut bad = ok.clone();
    bad["priority"] = json!("whenever");
    let (s, _, _) = h.post("/api/v1/problems", &h.officer, bad, &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _, e) =
        h.send(Method::POST, "/api/v1/problems", Some(&h.officer), None, &[("content-type", "application/json")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    let huge = json!({"enterprise_id": 1, "title": "t", "category": "transport", "description": "长".repeat(70_000)});
    let (s, _, e) = h.post("/api/v1/problems", &h.officer, huge, &[]).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert_eq!(e["code"], "TOO_LARGE");
    let (s, headers, _) =
        h.send(Method::POST, "/api/v1/problems", Some(&h.officer), None, &[("content-type", "text/plain")]).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(headers["content-type"], "application/problem+json");
});

both_stores!(daily_report_put_is_idempotent_by_date, |h| {
    let path = "/api/v1/daily-reports/2/2026-02-16";
    let body = json!({"status": "resumed", "employees_on_site": 80, "notes": "首批返岗"});
    let (s, _, r) = h.send(Method::PUT, path, Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(r["on_time"], true);
    let (s, _, r2) = h
        .send(Method::PUT, path, Some(&h.officer), Some(json!({"status": "resumed", "employees_on_site": 90})), &[])
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(r2["submitted_at"], r["submitted_at"], "a correction keeps the first submission time");
    let (_, _, e) = h.get("/api/v1/enterprises/2", &h.viewer).await;
    assert_eq!(e["status"], "resumed");
    assert_eq!(e["employees_on_site"], 90);
    // A late report for a past day moves that day's trend point, and a correction moves it back.
    let trend_feb15 = |d: &Value| {
        d["rows"][0]["trend"].as_array().unwrap().iter().find(|p| p["date"] == "2026-02-15").unwrap()["resumed"].clone()
    };
    let (_, _, d) = h.get("/api/v1/dashboard?scope=county:1", &h.viewer).await;
    assert_eq!(trend_feb15(&d), json!({"num": 1, "den": 1}));
    let past = "/api/v1/daily-reports/2/2026-02-15";
    let (s, _, _) = h.send(Method::PUT, past, Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, _, d) = h.get("/api/v1/dashboard?scope=county:1", &h.viewer).await;
    assert_eq!(trend_feb15(&d), json!({"num": 2, "den": 2}));
    let correction = json!({"status": "not_resumed", "employees_on_site": 5});
    let (s, _, _) = h.send(Method::PUT, past, Some(&h.officer), Some(correction), &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (_, _, d) = h.get("/api/v1/dashboard?scope=county:1", &h.viewer).await;
    assert_eq!(trend_feb15(&d), json!({"num": 1, "den": 2}));
    let (s, _, _) =
        h.send(Method::PUT, "/api/v1/daily-reports/2/2026-02-17", Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _, _) =
        h.send(Method::PUT, "/api/v1/daily-reports/2/yesterday", Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _, _) =
        h.send(Method::PUT, "/api/v1/daily-reports/3/2026-02-16", Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) =
        h.send(Method::PUT, "/api/v1/daily-reports/99/2026-02-16", Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, e) = h
        .send(Method::PUT, path, Some(&h.officer), Some(json!({"status": "resumed", "employees_on_site": -1})), &[])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["errors"][0]["field"], "employees_on_site");
    let (s, _, _) = h
        .send(Method::PUT, path, Some(&h.officer), Some(json!({"status": "sleeping", "employees_on_site": 1})), &[])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
});

both_stores!(deadline_boundary_in_shanghai, |h| {
    // Exactly 20:00:00 local (12:00:00Z) is on time; one second later is late.
    h.clock.set("2026-02-16T12:00:00Z".parse().unwrap());
    let body = json!({"status": "not_resumed", "employees_on_site": 5});
    let (_, _, r) =
        h.send(Method::PUT, "/api/v1/daily-reports/2/2026-02-16", Some(&h.officer), Some(body.clone()), &[]).await;
    assert_eq!(r["on_time"], true);
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!(d["totals"]["reports"]["overdue"], 0, "not overdue at the deadline itself");
    h.clock.set("2026-02-16T12:00:01Z".parse().unwrap());
    let (_, _, r) = h
        .send(
            Method::PUT,
            "/api/v1/daily-reports/3/2026-02-16",
            Some(&h.admin),
            Some(json!({"status": "resumed", "employees_on_site": 150, "officer_id": 3})),
            &[],
        )
        .await;
    assert_eq!(r["on_time"], false);
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    // Expected 5: 1 (on time), 2 (on time), 3 (late) submitted; 4 and 5 overdue.
    assert_eq!(d["totals"]["reports"], json!({"expected": 5, "submitted": 3, "on_time": 2, "overdue": 2}));
});

both_stores!(local_midnight_at_16_utc_starts_a_new_day, |h| {
    // 23:59:59 local on 02-16: a check-in counts for 02-16 (late).
    h.clock.set("2026-02-16T15:59:59Z".parse().unwrap());
    let (_, _, c) = h.post("/api/v1/checkins", &h.admin, json!({"enterprise_id": 3, "officer_id": 3}), &[]).await;
    assert_eq!(c["date"], "2026-02-16");
    // 00:00:00 local on 02-17: the new day; nobody has checked in and the cutoff is ahead.
    h.clock.set("2026-02-16T16:00:00Z".parse().unwrap());
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!(d["date"], "2026-02-17");
    assert_eq!(d["totals"]["attendance"], json!({"expected": 5, "present": 0, "late": 0, "absent": 0, "not_yet": 5}));
    let (_, _, c) = h.post("/api/v1/checkins", &h.admin, json!({"enterprise_id": 3, "officer_id": 3}), &[]).await;
    assert_eq!(c["date"], "2026-02-17");
    // Yesterday's missing reports are overdue now.
    let (_, _, page) = h.get("/api/v1/reports/overdue?date=2026-02-16", &h.viewer).await;
    let names: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|o| o["enterprise"]["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    // The cutoff on 02-17 is 01:00Z: exactly then is on time, a second later is absent.
    h.clock.set("2026-02-17T01:00:00Z".parse().unwrap());
    let (_, _, o) = h.get("/api/v1/officers/3", &h.viewer).await;
    assert_eq!(o["today"]["attendance"], "present");
    let (_, _, o) = h.get("/api/v1/officers/5", &h.viewer).await;
    assert_eq!(o["today"]["attendance"], "not_yet");
    h.clock.set("2026-02-17T01:00:01Z".parse().unwrap());
    let (_, _, o) = h.get("/api/v1/officers/5", &h.viewer).await;
    assert_eq!(o["today"]["attendance"], "absent");
});

both_stores!(problem_queue_filters_and_sorts, |h| {
    let (_, _, page) = h.get("/api/v1/problems?state=unresolved&level=1", &h.viewer).await;
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![P_TOP, P_ACK], "level 2 first");
    let (_, _, page) = h.get("/api/v1/problems?sort=newest&limit=2", &h.viewer).await;
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![P_OPEN2, P_TOP]);
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let (_, _, page) = h.get(&format!("/api/v1/problems?sort=newest&limit=2&cursor={cursor}"), &h.viewer).await;
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![P_ACK, P_OPEN]);
    let (_, _, page) = h.get("/api/v1/problems?assignee=department:2", &h.viewer).await;
    assert_eq!(page["items"][0]["id"], P_ACK);
    let (_, _, page) = h.get("/api/v1/problems?park=1&state=resolved", &h.viewer).await;
    assert_eq!(page["items"][0]["id"], P_RESOLVED);
    let (_, _, page) = h.get("/api/v1/problems?priority=urgent&total=true", &h.viewer).await;
    assert_eq!(page["total"], 1);
    let (_, _, page) = h.get("/api/v1/problems?q=%25", &h.viewer).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0, "% is a literal, not a wildcard");
    for bad in ["state=lost", "sort=random", "level=7", "assignee=team:1", "priority=low"] {
        let (s, _, e) = h.get(&format!("/api/v1/problems?{bad}"), &h.viewer).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {e}");
    }
    let (s, headers, _) = h.get(&format!("/api/v1/problems/{P_TOP}"), &h.viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(headers["etag"], "\"3\"");
    let (s, _, _) = h
        .send(Method::GET, &format!("/api/v1/problems/{P_TOP}"), Some(&h.viewer), None, &[("if-none-match", "\"3\"")])
        .await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    let (s, _, _) = h.get("/api/v1/problems/abc", &h.viewer).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
});

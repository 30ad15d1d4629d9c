//! API reads against SQLite and PostgreSQL: session, organisation, dashboard figures, ETag/304,
//! enterprises, officers, overdue reports, pagination and the change feed.

mod common;

use axum::http::StatusCode;
use common::world::*;
use serde_json::json;

both_stores!(me_says_who_and_settings, |h| {
    let (s, headers, me) = h.get("/api/v1/me", &h.dispatcher).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["role"], "dispatcher");
    assert_eq!(me["name"], "值班员 张敏");
    assert_eq!(me["settings"]["time_zone"], "Asia/Shanghai");
    assert_eq!(me["settings"]["report_deadline"], "20:00");
    assert_eq!(headers["x-poll-interval"], "5");
    let (s, _, err) = h.send(axum::http::Method::GET, "/api/v1/me", None, None, &[]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(err["code"], "UNAUTHORIZED");
    let (s, _, _) = h.get("/api/v1/me", "dd_not_a_token").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
});

both_stores!(org_lists_everything, |h| {
    let (s, _, org) = h.get("/api/v1/org", &h.viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(org["parks"].as_array().unwrap().len(), 3);
    assert_eq!(org["departments"][1]["short_name"], "卫健委");
    assert_eq!(org["departments"][1]["aliases"], json!(["卫健局"]));
    assert_eq!(org["units"].as_array().unwrap().len(), 3);
    assert_eq!(org["city"], "娄底市");
});

both_stores!(dashboard_figures_match_the_world, |h| {
    let (s, headers, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["date"], "2026-02-16");
    let t = &d["totals"];
    assert_eq!(t["enterprises"], json!({"num": 3, "den": 6}));
    assert_eq!(t["employees"], json!({"num": 840, "den": 1579}));
    assert_eq!(t["suspended"], 1);
    assert_eq!(t["attendance"], json!({"expected": 5, "present": 3, "late": 1, "absent": 2, "not_yet": 0}));
    // Today before the deadline: 5 expected (enterprise 6 has no officer), 1 on time, none overdue.
    assert_eq!(t["reports"], json!({"expected": 5, "submitted": 1, "on_time": 1, "overdue": 0}));
    assert_eq!(t["problems"]["open"], 3);
    assert_eq!(t["problems"]["acknowledged"], 1);
    assert_eq!(t["problems"]["escalated"], 2);
    assert_eq!(t["problems"]["sla_breached"], 1);
    let trend = t["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 14);
    // 2026-02-11: reports from 1, 3 (resumed), 5 and 2 (not) → 2 of 4.
    let feb11 = trend.iter().find(|p| p["date"] == "2026-02-11").unwrap();
    assert_eq!(feb11["resumed"], json!({"num": 2, "den": 4}));
    assert_eq!(trend.last().unwrap()["resumed"], json!({"num": 3, "den": 6}));
    let (_, _, county) = h.get("/api/v1/dashboard?scope=county:1", &h.viewer).await;
    let park1 = county["rows"].as_array().unwrap().iter().find(|p| p["id"] == 1).unwrap();
    assert_eq!(park1["enterprises"], json!({"num": 1, "den": 2}));
    assert_eq!(park1["problems"]["escalated"], 1);
    let units = d["units"].as_array().unwrap();
    let fgw = units.iter().find(|u| u["unit_name"] == "市发改委").unwrap();
    // 周强 present, 王立 absent; enterprises 1, 2, 3, 4 via them.
    assert_eq!(fgw["attendance"]["expected"], 2);
    assert_eq!(fgw["attendance"]["absent"], 1);
    assert_eq!(fgw["reports"]["expected"], 4);
    assert!(headers.contains_key("etag"));
});

both_stores!(dashboard_304_when_unchanged_then_200_after_a_write, |h| {
    let (_, headers, _) = h.get("/api/v1/dashboard", &h.viewer).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    let (s, _, body) =
        h.send(axum::http::Method::GET, "/api/v1/dashboard", Some(&h.viewer), None, &[("if-none-match", &etag)]).await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    assert_eq!(body, serde_json::Value::Null);
    // A check-in changes attendance: the tag changes.
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 2}), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, headers2, _) =
        h.send(axum::http::Method::GET, "/api/v1/dashboard", Some(&h.viewer), None, &[("if-none-match", &etag)]).await;
    assert_eq!(s, StatusCode::OK);
    assert_ne!(headers2["etag"], etag.as_str());
});

both_stores!(dashboard_after_deadline_counts_overdue, |h| {
    // 20:00:01 local on 02-16 = 12:00:01 UTC.
    h.clock.set("2026-02-16T12:00:01Z".parse().unwrap());
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!(d["totals"]["reports"]["overdue"], 4);
    let (_, _, d) = h.get("/api/v1/dashboard?date=2026-02-15", &h.viewer).await;
    assert_eq!(d["totals"]["reports"], json!({"expected": 5, "submitted": 3, "on_time": 2, "overdue": 2}));
});

both_stores!(officer_cannot_read_command_views, |h| {
    for path in ["/api/v1/dashboard", "/api/v1/reports/overdue"] {
        let (s, _, e) = h.get(path, &h.officer).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(e["code"], "FORBIDDEN");
    }
    // Its own enterprises only.
    let (_, _, page) = h.get("/api/v1/enterprises", &h.officer).await;
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![1, 2]);
    let (s, _, _) = h.get("/api/v1/enterprises/3", &h.officer).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, _, page) = h.get("/api/v1/problems", &h.officer).await;
    assert!(
        page["items"].as_array().unwrap().iter().all(|p| [1, 2].contains(&p["enterprise"]["id"].as_i64().unwrap()))
    );
});

both_stores!(overdue_reports_longest_first_with_people, |h| {
    let (s, _, page) = h.get("/api/v1/reports/overdue?date=2026-02-15", &h.viewer).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["enterprise"]["name"], "正新橡胶");
    assert_eq!(items[0]["days_in_a_row"], 6);
    assert_eq!(items[1]["enterprise"]["name"], "光华机械厂");
    assert_eq!(items[1]["days_in_a_row"], 2);
    let officers: Vec<&str> =
        items[0]["officers"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(officers, vec!["王立", "赵磊"]);
    assert_eq!(items[0]["units"].as_array().unwrap().len(), 2);
    // 02-16 14:00 local: overdue since 02-15 20:00 → 18 h.
    assert_eq!(items[0]["overdue_secs"], 18 * 3600);
    // Today, before the deadline: nothing is overdue for today yet, and without a date the
    // list is yesterday's, which is what is overdue now.
    let (_, _, page) = h.get("/api/v1/reports/overdue?date=2026-02-16", &h.viewer).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    let (_, _, page) = h.get("/api/v1/reports/overdue", &h.viewer).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["date"], "2026-02-15");
    // Paging by one.
    let (_, _, p1) = h.get("/api/v1/reports/overdue?date=2026-02-15&limit=1&total=true", &h.viewer).await;
    assert_eq!(p1["total"], 2);
    let cursor = p1["next_cursor"].as_str().unwrap();
    let (_, _, p2) =
        h.get(&format!("/api/v1/reports/overdue?date=2026-02-15&limit=1&cursor={cursor}"), &h.viewer).await;
    assert_eq!(p2["items"][0]["enterprise"]["name"], "光华机械厂");
    assert!(p2["next_cursor"].is_null());
});

both_stores!(enterprises_and_officers_detail, |h| {
    let (s, _, e) = h.get("/api/v1/enterprises/1", &h.viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["name"], "湖南邦普循环");
    assert_eq!(e["officers"].as_array().unwrap().len(), 2);
    assert_eq!(e["open_problems"], 2);
    assert_eq!(e["latest_report_date"], "2026-02-16");
    assert_eq!(e["recent_reports"][0]["date"], "2026-02-16");
    assert_eq!(e["problems"].as_array().unwrap().len(), 2);
    let (s, _, _) = h.get("/api/v1/enterprises/999", &h.viewer).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, _, o) = h.get("/api/v1/officers/2", &h.viewer).await;
    assert_eq!(o["today"]["attendance"], "late");
    assert_eq!(o["checkins"].as_array().unwrap().len(), 1);
    let (_, _, page) = h.get("/api/v1/officers?attendance=absent", &h.viewer).await;
    let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["王立", "赵磊"]);
    let (_, _, page) = h.get("/api/v1/officers?unit=2&total=true", &h.viewer).await;
    assert_eq!(page["total"], 2);
    let (s, _, e) = h.get("/api/v1/officers?attendance=sometimes", &h.viewer).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "attendance");
});

both_stores!(lists_page_with_opaque_cursors, |h| {
    let mut seen = Vec::new();
    let mut path = "/api/v1/enterprises?limit=2".to_string();
    loop {
        let (s, _, page) = h.get(&path, &h.viewer).await;
        assert_eq!(s, StatusCode::OK);
        seen.extend(page["items"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/enterprises?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, vec![1, 2, 3, 4, 5, 6]);
    let (s, _, e) = h.get("/api/v1/enterprises?cursor=garbage", &h.viewer).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "cursor");
    let (s, _, _) = h.get("/api/v1/enterprises?limit=abc", &h.viewer).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _, _) = h.get("/api/v1/enterprises?colour=red", &h.viewer).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
});

both_stores!(change_feed_follows_and_expires, |h| {
    let (_, _, c0) = h.get("/api/v1/changes?since=0", &h.viewer).await;
    assert_eq!(c0["changes"].as_array().unwrap().len(), 0);
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 1}), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let v = h.version(P_OPEN).await;
    let (s, _, _) = h
        .post(
            &format!("/api/v1/problems/{P_OPEN}/acknowledge"),
            &h.dispatcher,
            json!({}),
            &[("if-match", &format!("\"{v}\""))],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, _, c) = h.get("/api/v1/changes?since=0", &h.viewer).await;
    let kinds: Vec<&str> = c["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["checkin", "problem"]);
    let next = c["next_since"].as_i64().unwrap();
    let (_, _, c2) = h.get(&format!("/api/v1/changes?since={next}"), &h.viewer).await;
    assert_eq!(c2["changes"].as_array().unwrap().len(), 0);
    // Problems changed since the first entry: just the acknowledged one.
    let first = c["changes"][0]["seq"].as_i64().unwrap();
    let (_, _, q) = h.get(&format!("/api/v1/problems?since={first}"), &h.viewer).await;
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
    // Keep only the last entry: a cursor from before it is gone.
    h.store.prune_changes(1).await.unwrap();
    let (s, _, e) = h.get("/api/v1/changes?since=0", &h.viewer).await;
    assert_eq!(s, StatusCode::GONE);
    assert_eq!(e["code"], "CURSOR_EXPIRED");
    let (s, _, _) = h.get(&format!("/api/v1/changes?since={first}"), &h.viewer).await;
    assert_eq!(s, StatusCode::OK);
});

both_stores!(operations_need_no_token, |h| {
    for path in ["/healthz", "/readyz", "/api/v1/openapi.json", "/metrics"] {
        let (s, _, _) = h.send(axum::http::Method::GET, path, None, None, &[]).await;
        assert_eq!(s, StatusCode::OK, "{path}");
    }
    let (s, _, e) = h.send(axum::http::Method::GET, "/api/v1/nothing-here", None, None, &[]).await;
    assert!(s == StatusCode::NOT_FOUND || s == StatusCode::UNAUTHORIZED, "{s} {e}");
});

mod rate_limit {
    use super::*;

    #[tokio::test]
    async fn too_many_requests_get_429_with_retry_after() {
        let mut config = dutydesk::config::Config::builtin();
        config.server.rate_limit_per_minute = 3;
        let h = common::Harness::with_config(common::Engine::Sqlite, config).await.unwrap();
        for _ in 0..3 {
            let (s, _, _) = h.get("/api/v1/me", &h.viewer).await;
            assert_eq!(s, StatusCode::OK);
        }
        let (s, headers, e) = h.get("/api/v1/me", &h.viewer).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(e["code"], "RATE_LIMITED");
        assert_eq!(headers["retry-after"], "20");
        // Another token has its own allowance; time refills it.
        let (s, _, _) = h.get("/api/v1/me", &h.dispatcher).await;
        assert_eq!(s, StatusCode::OK);
        h.clock.set(common::world_now() + chrono::Duration::seconds(20));
        let (s, _, _) = h.get("/api/v1/me", &h.viewer).await;
        assert_eq!(s, StatusCode::OK);
    }
}

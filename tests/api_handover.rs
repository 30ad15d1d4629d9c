//! `GET /handover` on SQLite and PostgreSQL: a scripted night (a raise, escalations, resolves,
//! a reopen, comments and a late report at known times on the test clock) whose handover equals
//! the hand count below; scope filtering; refused windows as problem+json.
//!
//! The night: 2026-02-16 20:00 to 2026-02-17 08:00 local (12:00Z to 00:00Z), on the test world
//! (tests/common/world.rs). Times below are UTC.
//! - 11:00 张敏 comments on #5 (before the window: not counted)
//! - 12:30 周强 raises #6 at 邦普 (park 1), urgent: due 14:30
//! - 13:00 张敏 escalates #3 (park 2) to level 1, from the console
//! - 14:00 周强 files 光华's (enterprise 2) report of 02-16: not resumed
//! - 15:00 王芳 resolves #2 (park 3)
//! - 16:00 张敏 resolves #6 (after its due time: it was past its SLA)
//! - 17:00 王芳 reopens #6: due again 19:00
//! - 18:00 张敏 comments on #1
//! - 19:00 张敏 escalates #6 to level 1
//! - 00:30 (02-17, after the window) 王芳 resolves #1: at the window's end #1 was still open
//!
//! Asked at 01:00 by 张敏 for the city.

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use common::Harness;
use common::world::*;
use serde_json::{Value, json};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const NIGHT: &str = "since=2026-02-16T20:00:00%2B08:00&until=2026-02-17T08:00:00%2B08:00";

/// One triage action at `when` by `token`, through `via`.
async fn act(h: &Harness, when: &str, token: &str, id: i64, action: &str, body: Value) {
    h.clock.set(at(when));
    let v = format!("\"{}\"", h.version(id).await);
    let (s, _, e) = h
        .post(
            &format!("/api/v1/problems/{id}/{action}"),
            token,
            body,
            &[("if-match", &v), ("x-dutydesk-via", "console")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{action} #{id}: {e}");
}

async fn night(h: &Harness) {
    act(h, "2026-02-16T11:00:00Z", &h.dispatcher, P_OPEN2, "comment", json!({"text": "交班前已电话联系"})).await;
    h.clock.set(at("2026-02-16T12:30:00Z"));
    let body =
        json!({"enterprise_id": 1, "title": "夜间停电影响生产", "category": "raw_materials", "priority": "urgent"});
    let (s, _, p) = h.post("/api/v1/problems", &h.officer, body, &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    assert_eq!(p["id"], 6);
    act(h, "2026-02-16T13:00:00Z", &h.dispatcher, P_OPEN, "escalate", json!({})).await;
    h.clock.set(at("2026-02-16T14:00:00Z"));
    let report = json!({"status": "not_resumed", "employees_on_site": 5, "notes": "夜班停工"});
    let (s, _, r) = h
        .send(axum::http::Method::PUT, "/api/v1/daily-reports/2/2026-02-16", Some(&h.officer), Some(report), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    act(h, "2026-02-16T15:00:00Z", &h.dispatcher2, P_ACK, "resolve", json!({"resolution": "口罩已调拨"})).await;
    act(h, "2026-02-16T16:00:00Z", &h.dispatcher, 6, "resolve", json!({"resolution": "已恢复供电"})).await;
    act(h, "2026-02-16T17:00:00Z", &h.dispatcher2, 6, "reopen", json!({"reason": "再次停电"})).await;
    act(h, "2026-02-16T18:00:00Z", &h.dispatcher, P_TOP, "comment", json!({"text": "包车已联系"})).await;
    act(h, "2026-02-16T19:00:00Z", &h.dispatcher, 6, "escalate", json!({})).await;
    act(h, "2026-02-17T00:30:00Z", &h.dispatcher2, P_TOP, "resolve", json!({"resolution": "包车已到位"})).await;
    h.clock.set(at("2026-02-17T01:00:00Z"));
}

/// The problem numbers of a list's items, and its total.
fn ids(list: &Value, key: &str) -> (i64, Vec<i64>) {
    let items = list["items"].as_array().unwrap().iter().map(|i| i[key].as_i64().unwrap()).collect();
    (list["total"].as_i64().unwrap(), items)
}

both_stores!(a_scripted_night_equals_the_hand_count, |h| {
    night(&h).await;
    let (s, _, r) = h.get(&format!("/api/v1/handover?{NIGHT}"), &h.dispatcher).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["since"], "2026-02-16T12:00:00Z");
    assert_eq!(r["until"], "2026-02-17T00:00:00Z");
    assert_eq!(r["time_zone"], "Asia/Shanghai");
    assert_eq!(r["scope"]["name"], "娄底市");
    assert_eq!(r["desk_name"], "值班员 张敏");
    assert_eq!(ids(&r["raised"], "problem_id"), (1, vec![6]));
    let raised = &r["raised"]["items"][0];
    assert_eq!((raised["actor"].as_str(), raised["via"].as_str()), (Some("联络员 周强"), Some("api")));
    assert_eq!(
        (raised["title"].as_str(), raised["park"]["name"].as_str()),
        (Some("夜间停电影响生产"), Some("万宝新区"))
    );
    assert_eq!(ids(&r["escalated"], "problem_id"), (2, vec![P_OPEN, 6]));
    let esc = &r["escalated"]["items"][0];
    assert_eq!(
        (esc["actor"].as_str(), esc["via"].as_str(), esc["level"].as_i64()),
        (Some("值班员 张敏"), Some("console"), Some(1))
    );
    assert_eq!(ids(&r["resolved"], "problem_id"), (2, vec![P_ACK, 6]));
    assert_eq!(r["resolved"]["items"][0]["actor"], "值班员 王芳");
    assert_eq!(ids(&r["reopened"], "problem_id"), (1, vec![6]));
    // #6's deadline (19:00 after the reopen) fell in the window while it was open.
    assert_eq!(ids(&r["past_sla"], "id"), (1, vec![6]));
    assert_eq!(r["past_sla"]["items"][0]["due_at"], "2026-02-16T19:00:00Z");
    // 张敏's own: escalate #3, resolve #6, comment #1, escalate #6 (not the 11:00 comment).
    assert_eq!(ids(&r["desk"], "problem_id"), (4, vec![P_OPEN, 6, P_TOP, 6]));
    let actions: Vec<&str> =
        r["desk"]["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["escalate", "resolve", "comment", "escalate"]);
    // At 08:00: #1 (level 2, resolved only at 08:30), #3 and #6 (level 1), #5 (level 0).
    assert_eq!(ids(&r["still_open"], "id"), (4, vec![P_TOP, P_OPEN, 6, P_OPEN2]));
    assert_eq!(r["still_open"]["items"][0]["state"], "open");
    assert_eq!(r["still_open"]["items"][0]["level"], 2);
    assert_eq!(ids(&r["still_escalated"], "id"), (3, vec![P_TOP, P_OPEN, 6]));
    // Return to work, 02-15 → 02-16: 万宝新区 1/1 → 1/2 (光华 not resumed); the city 3/3 → 1/2.
    assert_eq!(
        (r["rate_falls"]["from"].as_str(), r["rate_falls"]["to"].as_str()),
        (Some("2026-02-15"), Some("2026-02-16"))
    );
    let park = &r["rate_falls"]["parks"];
    assert_eq!(park["total"], 1);
    assert_eq!(
        park["items"][0],
        json!({"place": {"id": 1, "name": "万宝新区"}, "from_resumed": 1, "from_reporting": 1, "to_resumed": 1, "to_reporting": 2})
    );
    let city = &r["rate_falls"]["cities"]["items"][0];
    assert_eq!(
        (city["place"]["name"].as_str(), city["from_reporting"].as_i64(), city["to_resumed"].as_i64()),
        (Some("娄底市"), Some(3), Some(1))
    );
    // Overdue on 02-16: 正新 (never since 02-10: 7 days), then 文昌 and 华洋茂 (1 day each).
    assert_eq!(r["overdue_date"], "2026-02-16");
    let overdue: Vec<(i64, i64)> = r["overdue"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["enterprise"]["id"].as_i64().unwrap(), o["days_in_a_row"].as_i64().unwrap()))
        .collect();
    assert_eq!((r["overdue"]["total"].as_i64(), overdue), (Some(3), vec![(4, 7), (3, 1), (5, 1)]));
    // No check-in on 02-15 or 02-16: 王立 and 赵磊.
    assert_eq!(r["absent_days"], json!(["2026-02-15", "2026-02-16"]));
    let absent: Vec<i64> =
        r["absent"]["items"].as_array().unwrap().iter().map(|a| a["officer"]["id"].as_i64().unwrap()).collect();
    assert_eq!((r["absent"]["total"].as_i64(), absent), (Some(2), vec![3, 5]));
    assert_eq!(r["absent"]["items"][0]["last_checkin"], Value::Null);
    // Units on 02-16: 市发改委 2 overdue (文昌, 正新) and 1 absent; 市委编办 1 and 1; 市工信局 1 and 0.
    let units: Vec<(i64, i64, i64)> = r["worst_units"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit_id"].as_i64().unwrap(),
                u["reports"]["overdue"].as_i64().unwrap(),
                u["attendance"]["absent"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(units, vec![(1, 2, 1), (2, 1, 1), (3, 1, 0)]);
});

both_stores!(every_list_is_bounded_and_says_its_total, |h| {
    night(&h).await;
    let path = format!("/api/v1/handover?{NIGHT}&limit=1");
    let (s, headers, r) = h.get(&path, &h.dispatcher).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let etag = headers["etag"].to_str().unwrap().to_string();
    let (s, _, _) =
        h.send(axum::http::Method::GET, &path, Some(&h.dispatcher), None, &[("if-none-match", &etag)]).await;
    assert_eq!(s, StatusCode::NOT_MODIFIED, "an unchanged handover is not sent again");
    assert_eq!(ids(&r["desk"], "problem_id"), (4, vec![P_OPEN]));
    assert_eq!(ids(&r["still_open"], "id"), (4, vec![P_TOP]));
    assert_eq!(r["overdue"]["total"], 3);
    assert_eq!(r["overdue"]["items"].as_array().unwrap().len(), 1);
    // Another desk's "what this desk did" is its own: 王芳 resolved #2 and reopened #6.
    let (_, _, r) = h.get(&format!("/api/v1/handover?{NIGHT}"), &h.dispatcher2).await;
    assert_eq!(ids(&r["desk"], "problem_id"), (2, vec![P_ACK, 6]));
});

both_stores!(the_scope_filters_every_list, |h| {
    night(&h).await;
    // 涟源市 (county 2) has park 3 only: #2's resolve, 华洋茂 overdue, nobody absent.
    let (s, _, r) = h.get(&format!("/api/v1/handover?{NIGHT}&scope=county:2"), &h.viewer).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["scope"]["name"], "涟源市");
    assert_eq!(ids(&r["raised"], "problem_id"), (0, vec![]));
    assert_eq!(ids(&r["resolved"], "problem_id"), (1, vec![P_ACK]));
    assert_eq!(ids(&r["still_open"], "id"), (0, vec![]));
    assert_eq!(r["overdue"]["total"], 1);
    assert_eq!(r["absent"]["total"], 0);
    assert_eq!(r["rate_falls"]["parks"]["total"], 0);
    assert_eq!(r["desk"]["total"], 0, "夜班 刘洋 did nothing");
    // 娄星区 (county 1): parks 1 and 2.
    let (_, _, r) = h.get(&format!("/api/v1/handover?{NIGHT}&scope=county:1"), &h.viewer).await;
    assert_eq!(ids(&r["escalated"], "problem_id"), (2, vec![P_OPEN, 6]));
    assert_eq!(ids(&r["resolved"], "problem_id"), (1, vec![6]));
    assert_eq!(ids(&r["still_open"], "id"), (4, vec![P_TOP, P_OPEN, 6, P_OPEN2]));
    assert_eq!(r["absent"]["total"], 2);
});

both_stores!(bad_windows_are_refused_as_problem_json, |h| {
    h.clock.set(at("2026-02-17T01:00:00Z"));
    let cases = [
        ("", 400, "since"),
        ("since=yesterday", 400, "since"),
        ("since=2026-02-16T20:00:00%2B08:00&until=soon", 400, "until"),
        ("since=2026-02-16T20:00:00%2B08:00&scope=county:99", 400, "scope"),
        ("since=2026-02-16T20:00:00%2B08:00&until=2026-02-16T19:00:00%2B08:00", 422, "since"),
        ("since=2026-02-16T20:00:00%2B08:00&until=2026-02-18T08:00:00%2B08:00", 422, "until"),
        ("since=2026-01-01T00:00:00Z", 422, "since"),
    ];
    for (query, status, field) in cases {
        let (s, headers, e) = h.get(&format!("/api/v1/handover?{query}"), &h.viewer).await;
        assert_eq!(s.as_u16(), status, "{query}: {e}");
        assert_eq!(headers["content-type"], "application/problem+json", "{query}");
        assert_eq!(e["errors"][0]["field"], field, "{query}: {e}");
    }
    let (s, _, _) = h.get("/api/v1/handover?since=2026-02-16T20:00:00%2B08:00&bogus=1", &h.viewer).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _, _) = h.get("/api/v1/handover?since=2026-02-16T20:00:00%2B08:00", &h.officer).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});

both_stores!(the_window_reads_the_timeline_by_index, |h| {
    let w = dutydesk::store::handover::HandoverWindow {
        since: at("2026-02-16T12:00:00Z"),
        until: at("2026-02-17T00:00:00Z"),
        scope: None,
        desk_name: "值班员 张敏".into(),
        limit: 20,
    };
    let plan = h.store.handover_events_plan(&w, dutydesk::domain::lifecycle::Action::Raise).await.unwrap().join("\n");
    assert!(plan.contains("problem_events_at"), "{plan}");
});

//! The server's hardening on SQLite and PostgreSQL: text with a control character or a bidi
//! override is 422 naming the field on every write that stores text (never stored, never a
//! 500); every error is problem+json (413, 415, 405, unknown routes, extractor rejections);
//! `/readyz` is not ready on a database that cannot be written. The change feed's officer
//! scope is proved in `api_follow.rs` (`an_officer_token_follows_only_its_own_changes`), the
//! bad-token flood in `api_http.rs`.

mod common;

use axum::http::{Method, StatusCode};
use common::world::*;
use common::{Engine, Harness};
use dutydesk::config::Config;
use serde_json::{Value, json};

/// Texts no stored field may hold: NUL, ESC (an SGR sequence), CR, DEL, a C1 CSI, the bidi
/// overrides and isolates at both ends of their ranges.
const BAD: [&str; 8] =
    ["缺\0口罩", "\u{1b}[31m红\u{1b}[0m", "a\rb", "x\u{7f}", "\u{9b}2J", "\u{202a}a", "abc\u{202e}fed", "\u{2069}z"];

fn assert_invalid(status: StatusCode, e: &Value, field: &str, what: &str) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {e}");
    assert_eq!(e["code"], "INVALID_FIELD", "{what}: {e}");
    assert_eq!(e["errors"][0]["field"], field, "{what}: {e}");
    assert!(e["errors"][0]["message"].as_str().unwrap().contains("U+"), "names the character: {e}");
}

both_stores!(control_and_bidi_characters_are_422_on_every_stored_text, |h| {
    let problem = |title: &str, description: &str| json!({"enterprise_id": 1, "title": title, "description": description, "category": "transport"});
    let v_open = h.version(P_OPEN).await;
    let v_resolved = h.version(P_RESOLVED).await;
    for bad in BAD {
        let what = format!("{bad:?}");
        let (s, _, e) = h.post("/api/v1/problems", &h.officer, problem(bad, ""), &[]).await;
        assert_invalid(s, &e, "title", &what);
        let (s, _, e) = h.post("/api/v1/problems", &h.officer, problem("缺口罩", bad), &[]).await;
        assert_invalid(s, &e, "description", &what);
        let if_match = format!("\"{v_open}\"");
        let on_open = [("if-match", if_match.as_str())];
        let triage = |action: &str| format!("/api/v1/problems/{P_OPEN}/{action}");
        let (s, _, e) = h.post(&triage("comment"), &h.dispatcher, json!({"text": bad}), &on_open).await;
        assert_invalid(s, &e, "text", &what);
        let (s, _, e) = h.post(&triage("acknowledge"), &h.dispatcher, json!({"note": bad}), &on_open).await;
        assert_invalid(s, &e, "note", &what);
        let (s, _, e) = h.post(&triage("resolve"), &h.dispatcher, json!({"resolution": bad}), &on_open).await;
        assert_invalid(s, &e, "resolution", &what);
        let if_match = format!("\"{v_resolved}\"");
        let reopen = format!("/api/v1/problems/{P_RESOLVED}/reopen");
        let (s, _, e) = h.post(&reopen, &h.dispatcher, json!({"reason": bad}), &[("if-match", &if_match)]).await;
        assert_invalid(s, &e, "reason", &what);
        let report = json!({"status": "resumed", "employees_on_site": 5, "notes": bad});
        let (s, _, e) =
            h.send(Method::PUT, "/api/v1/daily-reports/1/2026-02-16", Some(&h.officer), Some(report), &[]).await;
        assert_invalid(s, &e, "notes", &what);
    }
    // Nothing was stored: the versions stand, and newlines and tabs are still welcome.
    assert_eq!((h.version(P_OPEN).await, h.version(P_RESOLVED).await), (v_open, v_resolved));
    let (s, _, p) = h.post("/api/v1/problems", &h.officer, problem("缺口罩", "第一行\n第二行\t甲"), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    assert_eq!(p["description"], "第一行\n第二行\t甲");
});

/// Sends raw bytes with a content type; returns status, content type and JSON body.
async fn raw(h: &Harness, method: Method, path: &str, content_type: &str, body: Vec<u8>) -> (u16, String, Value) {
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {}", h.admin))
        .header("content-type", content_type)
        .header("if-match", "\"1\"")
        .body(axum::body::Body::from(body))
        .unwrap();
    let resp = h.app.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, ct, serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into())))
}

/// A request (method, path, content type, body) and the status and code it must get.
type Case = (Method, String, &'static str, Vec<u8>, u16, &'static str);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_problem_json() {
    let h = Harness::new(Engine::Sqlite).await.unwrap();
    let big = json!({"text": "长".repeat(70_000)}).to_string().into_bytes();
    let comment = format!("/api/v1/problems/{P_OPEN}/comment");
    let cases: Vec<Case> = vec![
        (Method::POST, comment.clone(), "application/json", big.clone(), 413, "TOO_LARGE"),
        (Method::POST, "/api/v1/problems".into(), "application/json", big, 413, "TOO_LARGE"),
        (Method::POST, "/api/v1/problems".into(), "text/plain", b"{}".to_vec(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (Method::GET, "/api/v1/no-such-thing".into(), "application/json", vec![], 404, "NOT_FOUND"),
        (Method::GET, "/nowhere".into(), "application/json", vec![], 404, "NOT_FOUND"),
        (Method::DELETE, "/api/v1/problems".into(), "application/json", vec![], 405, "METHOD_NOT_ALLOWED"),
        (Method::POST, "/healthz".into(), "application/json", vec![], 405, "METHOD_NOT_ALLOWED"),
        (Method::POST, "/api/v1/problems".into(), "application/json", b"{\"title\": ".to_vec(), 400, "BAD_REQUEST"),
        (
            Method::POST,
            "/api/v1/problems".into(),
            "application/json",
            b"{\"title\": \"t\"}".to_vec(),
            422,
            "INVALID_BODY",
        ),
        (Method::POST, comment, "application/json", b"{\"text\": 3}".to_vec(), 422, "INVALID_FIELD"),
        (Method::GET, "/api/v1/changes".into(), "application/json", vec![], 400, "INVALID_QUERY"),
        (Method::GET, "/api/v1/changes?since=x".into(), "application/json", vec![], 400, "INVALID_QUERY"),
        (Method::GET, "/api/v1/problems/abc".into(), "application/json", vec![], 400, "BAD_REQUEST"),
    ];
    for (method, path, ct, body, status, code) in cases {
        let what = format!("{method} {path} ({ct})");
        let (s, got_ct, e) = raw(&h, method, &path, ct, body).await;
        assert_eq!((s, got_ct.as_str()), (status, "application/problem+json"), "{what}: {e}");
        assert_eq!(e["code"], code, "{what}: {e}");
        assert_eq!(e["status"], status, "{what}: {e}");
        assert!(!e["detail"].as_str().unwrap().is_empty(), "{what}: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_database_is_not_ready() {
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    let config = Config::builtin();
    let rw = dutydesk::store::Store::open(&path.display().to_string(), &config.server).await.unwrap();
    rw.load_seed(&common::world::data()).await.unwrap();
    let state = |store| dutydesk::server::state::AppState::new(store, config.server.clone(), Default::default());
    let readyz = |app: axum::Router| async move {
        let req = axum::http::Request::get("/readyz").body(axum::body::Body::empty()).unwrap();
        let resp = app.oneshot(req).await.unwrap();
        let status = resp.status();
        let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        (status, ct, String::from_utf8_lossy(&body).to_string())
    };
    let (s, _, body) = readyz(dutydesk::server::router(state(rw.clone()))).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    rw.close().await;
    // The same file opened read-only (as a file without write permission is): reads work,
    // writes would fail, so it is not ready.
    let ro =
        dutydesk::store::Store::open(&format!("sqlite://{}?mode=ro", path.display()), &config.server).await.unwrap();
    assert!(ro.ping().await, "the database still answers reads");
    let (s, ct, body) = readyz(dutydesk::server::router(state(ro))).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
    assert!(body.contains("NOT_READY") && body.contains("cannot be written"), "{body}");
}

both_stores!(control_characters_in_a_query_are_400_not_500, |h| {
    // PostgreSQL refuses NUL in any text, so a search for one was a 500 there.
    let cases = [
        ("/api/v1/problems?q=a%00b", "q"),
        ("/api/v1/enterprises?q=%00", "q"),
        ("/api/v1/officers?q=%1b%00", "q"),
        ("/api/v1/problems?assignee=%E2%80%AE", "assignee"),
    ];
    for (path, field) in cases {
        let (s, _, e) = h.get(path, &h.admin).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{path}: {e}");
        assert_eq!((e["code"].as_str(), e["errors"][0]["field"].as_str()), (Some("INVALID_QUERY"), Some(field)), "{e}");
    }
});

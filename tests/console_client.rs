//! The console's HTTP client against a small server on a loopback port: ETag/304, the poll
//! interval header, problem+json errors, sanitising, write headers and a dead link.

use std::time::{Duration, Instant};

use axum::{
    Json, Router,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::{get, post},
};
use dutydesk::api::client::{ApiClient, ClientError, Fetched};
use dutydesk::api::types::*;

fn me() -> serde_json::Value {
    serde_json::json!({
        "token_id": 1, "name": "张敏\u{1b}[2J\u{202e}", "role": "dispatcher", "officer_id": null,
        "settings": {"city": "娄底市", "time_zone": "Asia/Shanghai", "report_deadline": "20:00",
            "checkin_cutoff": "09:00", "sla_hours": {"urgent": 2, "high": 8, "normal": 24},
            "poll_interval_secs": 5}
    })
}

async fn serve() -> String {
    let app = Router::new()
        .route(
            "/api/v1/me",
            get(|h: HeaderMap| async move {
                assert_eq!(h.get("authorization").unwrap(), "Bearer tok");
                ([("X-Poll-Interval", "7"), ("ETag", "\"m1\"")], Json(me()))
            }),
        )
        .route(
            "/api/v1/org",
            get(|| async {
                let body = serde_json::json!({"type": "about:blank", "title": "Forbidden", "status": 403,
                    "detail": "no\u{1b}]0;x\u{7}", "code": "FORBIDDEN"});
                (StatusCode::FORBIDDEN, [("content-type", "application/problem+json")], Json(body))
            }),
        )
        .route("/api/v1/enterprises", get(|| async { (StatusCode::BAD_GATEWAY, "upstream down").into_response() }))
        .route(
            "/api/v1/problems/{id}/comment",
            post(|h: HeaderMap, Json(b): Json<serde_json::Value>| async move {
                let got = serde_json::json!({
                    "key": h.get("idempotency-key").and_then(|v| v.to_str().ok()),
                    "if_match": h.get("if-match").and_then(|v| v.to_str().ok()),
                    "via": h.get("x-dutydesk-via").and_then(|v| v.to_str().ok()),
                    "body": b,
                });
                Json(serde_json::json!({"token_id": 0, "name": got.to_string(), "role": "admin",
                    "officer_id": null, "settings": me()["settings"].clone()}))
            }),
        )
        .route(
            "/api/v1/dashboard",
            get(|h: HeaderMap| async move {
                if h.get("if-none-match").is_some_and(|v| v == "\"d1\"") {
                    return (StatusCode::NOT_MODIFIED, [("X-Poll-Interval", "3")]).into_response();
                }
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn get_decodes_sanitises_and_reads_poll_interval() {
    let base = serve().await;
    let c = ApiClient::new(&base, "tok").unwrap();
    let got: Fetched<Me> = c.get("me", &(), None).await.unwrap();
    match got {
        Fetched::Fresh { value, etag, poll_interval } => {
            assert_eq!(value.name, "张敏[2J");
            assert_eq!(etag.as_deref(), Some("\"m1\""));
            assert_eq!(poll_interval, Some(7));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.me().await.unwrap().role, Role::Dispatcher);
}

#[tokio::test]
async fn not_modified_and_errors() {
    let base = serve().await;
    let c = ApiClient::new(&format!("{base}/"), "tok").unwrap();
    let d = c.dashboard(&DashboardQuery::default(), Some("\"d1\"")).await.unwrap();
    assert_eq!(d, Fetched::NotModified { poll_interval: Some(3) });
    match c.org().await.unwrap_err() {
        ClientError::Api(e) => {
            assert_eq!(e.code, "FORBIDDEN");
            assert_eq!(e.detail, "no]0;x");
        }
        other => panic!("{other:?}"),
    }
    let e = c.enterprises(&EnterpriseQuery::default()).await.unwrap_err();
    assert_eq!(e, ClientError::Status(502));
    assert!(e.is_offline());
}

#[tokio::test]
async fn post_sends_idempotency_key_if_match_and_via() {
    let base = serve().await;
    let c = ApiClient::new(&base, "tok").unwrap();
    let key = uuid::Uuid::new_v4();
    let echo: Me =
        c.post_with_key("problems/5/comment", &CommentBody { text: "好".into() }, Some(3), key).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&echo.name).unwrap();
    assert_eq!(v["key"], key.to_string());
    assert_eq!(v["if_match"], "\"3\"");
    assert_eq!(v["via"], "console");
    assert_eq!(v["body"]["text"], "好");
}

#[tokio::test]
async fn a_dead_link_fails_fast() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (s, _) = listener.accept().await.unwrap();
            held.push(s);
        }
    });
    let c = ApiClient::with_timeout(&format!("http://{addr}"), "t", Duration::from_millis(300)).unwrap();
    let start = Instant::now();
    let e = c.me().await.unwrap_err();
    assert!(e.is_offline(), "{e:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
    // Nothing listening at all.
    let c = ApiClient::new("http://127.0.0.1:9", "t").unwrap();
    assert!(c.me().await.unwrap_err().is_offline());
}

#[test]
fn bad_urls_are_rejected() {
    assert!(ApiClient::new("ftp://x", "t").is_err());
    assert!(ApiClient::new("not a url", "t").is_err());
    assert_eq!(
        ApiClient::new("https://dutydesk.example.gov.cn/api/v1", "t").unwrap().host(),
        "dutydesk.example.gov.cn"
    );
}

/// The client asks for gzip and reads a compressed answer: a province dashboard is 417 KB as
/// JSON and about 52 KB compressed, every poll.
#[tokio::test]
async fn the_client_accepts_gzip_and_decodes_it() {
    let app = Router::new()
        .route(
            "/api/v1/me",
            get(|h: HeaderMap| async move {
                let accepts = h.get("accept-encoding").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                assert!(accepts.contains("gzip"), "accept-encoding: {accepts:?}");
                Json(me())
            }),
        )
        .layer(tower_http::compression::CompressionLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = ApiClient::new(&base, "tok").unwrap();
    let me = client.me().await.expect("a gzip answer is decoded");
    assert_eq!(me.role, Role::Dispatcher);
}

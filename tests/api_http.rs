//! The server over real TCP connections: a rate-limited token gets `429` problem+json with
//! `Retry-After` on a connection that stays usable (its request body read, never dropped);
//! responses over 1 KB are gzipped for a client that accepts gzip, smaller ones are not; a
//! flood of bad tokens from one address gets `429` (by peer, or by `X-Forwarded-For` when
//! trusted).

mod common;

use common::{Engine, Harness};
use dutydesk::config::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves the harness's router on a loopback port; returns its base URL.
async fn serve(h: &Harness) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = h.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// Reads one response (head and its `content-length` body) from `socket`; returns the head.
async fn read_head(socket: &mut tokio::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        let n = socket.read(&mut byte).await.unwrap();
        assert_eq!(n, 1, "the server closed the connection after {:?}", String::from_utf8_lossy(&buf));
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    socket.read_exact(&mut body).await.unwrap();
    head
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limited_token_gets_429_with_retry_after_on_a_kept_connection() {
    let mut config = Config::builtin();
    config.server.rate_limits.admin = 4;
    let h = Harness::with_config(Engine::Sqlite, config).await.unwrap();
    let base = serve(&h).await;
    // One connection for every request: a dropped one would fail the next send.
    let client = reqwest::Client::builder().pool_max_idle_per_host(1).http1_only().build().unwrap();
    let notes = "停工原因说明".repeat(2_000);
    let mut statuses = Vec::new();
    for n in 0..10 {
        let body = serde_json::json!({"status": "resumed", "employees_on_site": n, "notes": notes, "officer_id": 1});
        let resp = client
            .put(format!("{base}/api/v1/daily-reports/1/2026-02-16"))
            .bearer_auth(&h.admin)
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("request {n} failed on the wire: {e}"));
        let status = resp.status().as_u16();
        if status == 429 {
            let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!(retry >= 1, "Retry-After in whole seconds");
            assert_eq!(resp.headers()["content-type"], "application/problem+json");
            let problem: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(problem["code"], "RATE_LIMITED", "{problem}");
            assert!(problem["detail"].as_str().unwrap().contains("admin"), "{problem}");
        }
        statuses.push(status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 6, "{statuses:?}");
    assert!(statuses[..4].iter().all(|s| *s != 429), "the budget first: {statuses:?}");
    // On one socket: a limited request with a body, then another; both answered, in order.
    let mut socket = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    let body = format!("{{\"status\": \"resumed\", \"employees_on_site\": 1, \"notes\": \"{notes}\"}}");
    let request = format!(
        "PUT /api/v1/daily-reports/1/2026-02-16 HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        h.admin,
        body.len()
    );
    for n in 0..2 {
        socket.write_all(request.as_bytes()).await.unwrap();
        let head = read_head(&mut socket).await;
        assert!(head.starts_with("HTTP/1.1 429"), "answer {n} on the same connection: {head:?}");
    }
    // Other roles keep their own budgets.
    let resp = client.get(format!("{base}/api/v1/me")).bearer_auth(&h.viewer).send().await.unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_over_1_kb_are_gzipped_for_a_client_that_accepts_it() {
    let h = Harness::new(Engine::Sqlite).await.unwrap();
    let base = serve(&h).await;
    // Without automatic decoding, so the test sees what travels.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let decoding = reqwest::Client::new();
    for path in ["/api/v1/problems?limit=50", "/api/v1/dashboard", "/api/v1/officers", "/api/v1/enterprises"] {
        let plain = raw.get(format!("{base}{path}")).bearer_auth(&h.viewer).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{path}: not asked for");
        let plain: serde_json::Value = serde_json::from_slice(&plain.bytes().await.unwrap()).unwrap();
        assert!(plain.to_string().len() > 1024, "{path} is over 1 KB");
        let zipped = raw
            .get(format!("{base}{path}"))
            .bearer_auth(&h.viewer)
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(zipped.headers()["content-encoding"], "gzip", "{path}");
        let bytes = zipped.bytes().await.unwrap();
        assert_eq!(bytes[..2], [0x1f, 0x8b], "{path}: a gzip stream");
        assert!(bytes.len() < plain.to_string().len(), "{path}: smaller on the wire");
        let decoded: serde_json::Value =
            decoding.get(format!("{base}{path}")).bearer_auth(&h.viewer).send().await.unwrap().json().await.unwrap();
        assert_eq!(decoded, plain, "{path}: the same document");
    }
    // An answer under 1 KB (but over tower-http's default 32 bytes) is sent as it is.
    let small =
        raw.get(format!("{base}/api/v1/reports/overdue")).bearer_auth(&h.viewer).header("accept-encoding", "gzip");
    let small = small.send().await.unwrap();
    assert!(small.headers().get("content-encoding").is_none());
    let len = small.bytes().await.unwrap().len();
    assert!((33..1024).contains(&len), "{len} bytes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_flood_from_one_address_gets_429_and_good_tokens_elsewhere_pass() {
    let mut config = Config::builtin();
    config.server.rate_limits.failed_auth = 5;
    let h = Harness::with_config(Engine::Sqlite, config).await.unwrap();
    // The real server (with each connection's peer address), not the bare router.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(dutydesk::server::serve(listener, h.state.clone(), std::future::pending()));
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for n in 0..20 {
        let resp = client.get(format!("{base}/api/v1/me")).bearer_auth(format!("guess-{n}")).send().await.unwrap();
        statuses.push(resp.status().as_u16());
        if resp.status() == 429 {
            let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!(retry >= 1, "Retry-After in whole seconds");
            assert_eq!(resp.headers()["content-type"], "application/problem+json");
            let problem: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(problem["code"], "TOO_MANY_FAILED_AUTH", "{problem}");
        }
    }
    assert_eq!(statuses[..5], [401; 5], "the allowance first: {statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "then 429: {statuses:?}");
    // While the address is blocked even a good token from it waits (no guessing past it) …
    let resp = client.get(format!("{base}/api/v1/me")).bearer_auth(&h.viewer).send().await.unwrap();
    assert_eq!(resp.status(), 429);
    // … and a request without a token is told what to send, not counted.
    let resp = client.get(format!("{base}/api/v1/me")).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    // Behind a trusted proxy the client is the last X-Forwarded-For entry: another client passes.
    let mut config = Config::builtin();
    config.server.rate_limits.failed_auth = 2;
    config.server.rate_limits.trust_forwarded_for = true;
    let h = Harness::with_config(Engine::Sqlite, config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(dutydesk::server::serve(listener, h.state.clone(), std::future::pending()));
    let send = |token: String, from: &'static str| {
        let req = client.get(format!("{base}/api/v1/me")).bearer_auth(token).header("x-forwarded-for", from);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let mut flood = Vec::new();
    for n in 0..4 {
        flood.push(send(format!("guess-{n}"), "203.0.113.9, 10.0.0.7").await);
    }
    assert_eq!(flood, [401, 401, 429, 429]);
    assert_eq!(send(h.viewer.clone(), "10.0.0.8").await, 200, "another client behind the proxy");
}

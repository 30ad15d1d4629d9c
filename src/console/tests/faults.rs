//! A fault-injecting API server on a loopback port, whose behaviour a test switches at run
//! time: healthy (the fixtures, with a 1 s poll interval), refused (nothing listens), hang
//! (accepts and never answers), slow, an error status in text or problem+json, 429 with
//! `Retry-After`, malformed or truncated JSON, a wrong content type, an oversized body, and a
//! fault of the escalated queue alone. Raw HTTP/1.1 over TCP, one request per connection, so
//! every byte sent is the test's choice.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::api::types::Changes;
use crate::console::tests::fixtures;

/// What the server does now.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fault {
    /// Serves the fixtures.
    Healthy,
    /// Nothing listens on the port (connection refused).
    Refused,
    /// Accepts, reads, never answers.
    Hang,
    /// Answers healthily after this delay.
    Slow(Duration),
    /// Every API request answers this status with a plain-text body; `/healthz` is fine.
    Text(u16),
    /// Every API request answers this status with a problem+json body; `/healthz` is fine.
    Problem(u16),
    /// 429 with `Retry-After` seconds.
    RateLimited(u64),
    /// 200, `application/json`, not JSON.
    Malformed,
    /// 200, `application/json`, a JSON text cut in the middle (whole HTTP framing).
    Truncated,
    /// 200, `text/html`.
    WrongType,
    /// 200, `application/json`, this many bytes, chunked (no `Content-Length`).
    Oversized(usize),
    /// Healthy but the escalated queue (`/problems?level=1…`) answers truncated JSON.
    EscalatedTruncated,
}

/// A running fault server.
#[derive(Clone)]
pub(crate) struct FaultServer {
    addr: std::net::SocketAddr,
    fault: Arc<Mutex<Fault>>,
    /// Bumped to stop the acceptor (Refused); a new one starts when the fault changes back.
    epoch: Arc<tokio::sync::watch::Sender<u64>>,
}

impl FaultServer {
    /// Starts healthy on a free loopback port.
    pub(crate) async fn start() -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let addr = listener.local_addr().expect("an address");
        let (epoch, _) = tokio::sync::watch::channel(0);
        let server = FaultServer { addr, fault: Arc::new(Mutex::new(Fault::Healthy)), epoch: Arc::new(epoch) };
        server.accept(listener);
        server
    }

    /// The base URL.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Switches the behaviour; `Refused` closes the port, leaving it opens it again.
    pub(crate) async fn set(&self, fault: Fault) {
        let was = std::mem::replace(&mut *self.fault.lock().expect("the fault"), fault.clone());
        if fault == Fault::Refused && was != Fault::Refused {
            self.epoch.send_modify(|e| *e += 1);
        } else if was == Fault::Refused && fault != Fault::Refused {
            let mut tries = 0;
            let listener = loop {
                match TcpListener::bind(self.addr).await {
                    Ok(l) => break l,
                    Err(e) if tries < 100 => {
                        tries += 1;
                        tracing::debug!(error = %e, "re-binding the fault server");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    Err(e) => panic!("cannot re-bind {}: {e}", self.addr),
                }
            };
            self.accept(listener);
        }
    }

    fn accept(&self, listener: TcpListener) {
        let server = self.clone();
        let mut stop = self.epoch.subscribe();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { return };
                        let fault = server.fault.lock().expect("the fault").clone();
                        tokio::spawn(answer(stream, fault));
                    }
                    _ = stop.changed() => return,
                }
            }
        });
    }
}

/// The request's path and query, from its head.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    text.lines().next()?.split_whitespace().nth(1).map(str::to_string)
}

async fn answer(mut stream: TcpStream, fault: Fault) {
    let Some(target) = read_head(&mut stream).await else { return };
    let api = target.starts_with("/api/v1/");
    let escalated = target.starts_with("/api/v1/problems?") && target.contains("level=1");
    let (status, kind, body, extra) = match fault {
        Fault::Hang | Fault::Refused => {
            // Hold the connection open until the client gives up.
            let _ = stream.read(&mut [0u8; 1]).await;
            return;
        }
        Fault::Slow(d) => {
            tokio::time::sleep(d).await;
            healthy(&target)
        }
        Fault::Text(s) if api => (s, "text/plain", b"upstream unavailable".to_vec(), String::new()),
        Fault::Problem(s) if api => (s, "application/problem+json", problem(s), String::new()),
        Fault::RateLimited(secs) if api => {
            (429, "application/problem+json", problem(429), format!("Retry-After: {secs}\r\n"))
        }
        Fault::Malformed if api => (200, "application/json", b"{\"items\": [oops".to_vec(), String::new()),
        Fault::Truncated if api => truncated(&target),
        Fault::EscalatedTruncated if escalated => truncated(&target),
        Fault::WrongType if api => (200, "text/html", b"<html>login</html>".to_vec(), String::new()),
        Fault::Oversized(n) if api => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < n {
                let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                if stream.write_all(&frame).await.is_err() {
                    return; // the client stopped reading: what the cap is for
                }
                sent += chunk.len();
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
            return;
        }
        _ => healthy(&target),
    };
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nX-Poll-Interval: 1\r\n{extra}connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&body).await;
    let _ = stream.shutdown().await;
}

fn problem(status: u16) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"type": "about:blank", "title": "fault", "status": status,
        "detail": "injected", "code": "FAULT"}))
    .expect("json")
}

/// A healthy answer's JSON, cut in half.
fn truncated(target: &str) -> (u16, &'static str, Vec<u8>, String) {
    let (_, kind, mut body, extra) = healthy(target);
    body.truncate(body.len() / 2);
    (200, kind, body, extra)
}

/// The fixtures' answer to `target`.
fn healthy(target: &str) -> (u16, &'static str, Vec<u8>, String) {
    let path = target.split('?').next().unwrap_or_default();
    let json = |v: serde_json::Value| (200, "application/json", serde_json::to_vec(&v).expect("json"), String::new());
    let page = |v: serde_json::Value| serde_json::json!({"items": v, "next_cursor": null, "total": 3});
    let query_since = target
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    match path {
        "/healthz" => (200, "text/plain", b"ok".to_vec(), String::new()),
        "/api/v1/me" => json(serde_json::to_value(fixtures::me()).expect("me")),
        "/api/v1/org" => json(serde_json::to_value(fixtures::org()).expect("org")),
        "/api/v1/dashboard" => json(serde_json::to_value(fixtures::dashboard()).expect("dashboard")),
        "/api/v1/reports/overdue" => json(page(serde_json::to_value(fixtures::overdue()).expect("overdue"))),
        "/api/v1/problems" => json(page(serde_json::to_value(fixtures::problems()).expect("problems"))),
        "/api/v1/changes" => json(
            serde_json::to_value(Changes { changes: vec![], next_since: query_since, more: false }).expect("changes"),
        ),
        _ => (404, "application/problem+json", problem(404), String::new()),
    }
}

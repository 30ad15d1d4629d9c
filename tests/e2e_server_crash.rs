//! A real `dutydesk serve` SIGKILLed during a burst of writes, each with its own
//! `Idempotency-Key`, then started again on the same database: every write that was answered
//! 2xx is there once, and every key left unanswered resolves on a retry with 2xx (the stored
//! answer, the answer of a write that committed, or a fresh run), never a 409, and is there
//! exactly once afterwards. On SQLite, and on PostgreSQL when it is reachable (required with
//! `DUTYDESK_REQUIRE_PG=1`). No tmux needed.

// `e2e` loads `common/skip.rs` by path as well: two copies of the skip markers, which write
// the same files.
#[allow(clippy::duplicate_mod)]
mod common;
mod e2e;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use e2e::{Sandbox, Server};
use serde_json::{Value, json};

/// Writes in the burst, and how many go at once.
const WRITES: usize = 240;
const AT_ONCE: usize = 16;
/// The server is killed once this many writes were answered.
const KILL_AFTER: usize = 40;

#[derive(Debug, Clone)]
struct Write {
    problem: i64,
    version: i64,
    key: String,
    text: String,
}

/// The status and body of an answer, or why there was none.
type Answer = Result<(u16, String), String>;

async fn post(http: &reqwest::Client, base: &str, token: &str, w: &Write) -> Answer {
    let r = http
        .post(format!("{base}/api/v1/problems/{}/comment", w.problem))
        .bearer_auth(token)
        .header("If-Match", format!("\"{}\"", w.version))
        .header("Idempotency-Key", &w.key)
        .json(&json!({ "text": w.text }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = r.status().as_u16();
    let body = r.text().await.map_err(|e| e.to_string())?;
    Ok((status, body))
}

async fn get(http: &reqwest::Client, base: &str, token: &str, path: &str) -> Value {
    let r = http.get(format!("{base}/api/v1{path}")).bearer_auth(token).send().await.unwrap();
    assert!(r.status().is_success(), "GET {path}: {}", r.status());
    r.json().await.unwrap()
}

/// How many times each burst text is a comment on the problems written to.
async fn counts(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    problems: &[i64],
) -> std::collections::HashMap<String, usize> {
    let mut n = std::collections::HashMap::new();
    for id in problems {
        let t = get(http, base, token, &format!("/problems/{id}/timeline")).await;
        for e in t.as_array().unwrap().iter().filter(|e| e["action"] == "comment") {
            if let Some(text) = e["payload"]["text"].as_str().filter(|t| t.starts_with("burst-")) {
                *n.entry(text.to_string()).or_default() += 1;
            }
        }
    }
    n
}

#[test]
fn sqlite_killed_during_a_burst_of_keyed_writes_wedges_no_key() {
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &[]);
    burst_then_kill_and_restart(&sandbox, server);
}

#[test]
fn postgres_killed_during_a_burst_of_keyed_writes_wedges_no_key() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some((url, name)) = rt.block_on(common::fresh_pg_url()) else { return };
    let sandbox = Sandbox::new();
    let mut seed = sandbox.dutydesk();
    seed.args(["seed", "--db", &url, "--preset", "loudi"]);
    let out = seed.output().expect("run dutydesk seed");
    assert!(out.status.success(), "seed: {}", String::from_utf8_lossy(&out.stderr));
    let server = Server::start_on(&sandbox, std::path::Path::new(&url), &[]);
    burst_then_kill_and_restart(&sandbox, server);
    rt.block_on(common::drop_pg_db(&name));
}

fn burst_then_kill_and_restart(sandbox: &Sandbox, mut server: Server) {
    let token = server.token("admin", "e2e burst");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let base = server.url.clone();
    let open = rt.block_on(get(&http, &base, &token, "/problems?state=unresolved&limit=8"));
    let problems: Vec<(i64, i64)> = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["version"].as_i64().unwrap()))
        .collect();
    assert!(problems.len() >= 4, "{open}");
    let writes: Vec<Write> = (0..WRITES)
        .map(|i| {
            let (problem, version) = problems[i % problems.len()];
            Write { problem, version, key: uuid::Uuid::new_v4().to_string(), text: format!("burst-{i}") }
        })
        .collect();

    // The burst, killed midway.
    let answered = Arc::new(AtomicUsize::new(0));
    let results: Vec<(Write, Answer)> = rt.block_on(async {
        let queue = Arc::new(tokio::sync::Mutex::new(writes.clone().into_iter()));
        let mut workers = Vec::new();
        for _ in 0..AT_ONCE {
            let (queue, http, base, token, answered) =
                (queue.clone(), http.clone(), base.clone(), token.clone(), answered.clone());
            workers.push(tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let Some(w) = queue.lock().await.next() else { break };
                    let r = post(&http, &base, &token, &w).await;
                    if r.is_ok() {
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                    done.push((w, r));
                }
                done
            }));
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while answered.load(Ordering::SeqCst) < KILL_AFTER {
            assert!(Instant::now() < deadline, "the burst did not get {KILL_AFTER} answers in 60 s");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        let mut all = Vec::new();
        for w in workers {
            all.extend(w.await.unwrap());
        }
        all
    });
    let acked: Vec<&Write> = results.iter().filter(|(_, r)| matches!(r, Ok((200, _)))).map(|(w, _)| w).collect();
    let unanswered: Vec<&Write> = results.iter().filter(|(_, r)| r.is_err()).map(|(w, _)| w).collect();
    let odd: Vec<_> = results.iter().filter(|(_, r)| matches!(r, Ok((s, _)) if *s != 200)).collect();
    assert!(odd.is_empty(), "answers other than 200 before the crash: {odd:?}");
    assert!(
        acked.len() >= KILL_AFTER && !unanswered.is_empty(),
        "{} acked, {} unanswered",
        acked.len(),
        unanswered.len()
    );

    // Started again on the same database.
    let server = Server::start_on(sandbox, &server.db, &[]);
    let base = server.url.clone();
    let ids: Vec<i64> = problems.iter().map(|p| p.0).collect();
    rt.block_on(async {
        let n = counts(&http, &base, &token, &ids).await;
        for w in &acked {
            assert_eq!(n.get(&w.text), Some(&1), "an acknowledged write is there once: {}", w.text);
        }
        let applied_unanswered = unanswered.iter().filter(|w| n.contains_key(&w.text)).count();
        eprintln!(
            "burst: {} answered, {} unanswered, of which {applied_unanswered} applied before the kill",
            acked.len(),
            unanswered.len()
        );
        for w in &unanswered {
            let (status, body) = post(&http, &base, &token, w).await.expect("the restarted server answers");
            assert_eq!(status, 200, "an unanswered key resolves with 2xx after the restart (never 409): {body}");
        }
        let n = counts(&http, &base, &token, &ids).await;
        for w in acked.iter().chain(unanswered.iter()) {
            assert_eq!(n.get(&w.text), Some(&1), "written exactly once: {}", w.text);
        }
    });
}

//! The server's figures of issue 8, through the axum router (`tower::ServiceExt::oneshot`,
//! every layer included: auth, compression with `accept-encoding: gzip` as the console asks,
//! metrics), at `loudi` and `province` scale, on SQLite and on PostgreSQL:
//! - the dashboard read right after a write, and cached, and a `304` to `If-None-Match`;
//! - a page of the problem queue (sort urgency), of the overdue list, and the officer search
//!   (`GET /officers?q=` by pinyin initials and by Chinese);
//! - check-ins per second with 8 concurrent writers, with p50 and p99.
//!
//! Criterion prints the time of each; the timed samples' p50 and p99 (the goals' figures)
//! are printed on lines starting `figure:`. Data sets, settings and skips: `benches/support`.
//! Quick run: `cargo bench --bench server -- --warm-up-time 1 --measurement-time 3 --sample-size 10`.

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use criterion::{Criterion, criterion_group, criterion_main};
use support::{Bench, Engine, quantiles};

/// Times each call of `f` in a criterion bench, keeping every sample for the quantiles.
fn timed<F, Fut>(c: &mut Criterion, rt: &tokio::runtime::Runtime, name: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Duration>,
{
    let samples = Arc::new(Mutex::new(Vec::new()));
    let kept = samples.clone();
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let d = rt.block_on(f());
                kept.lock().unwrap().push(d);
                total += d;
            }
            total
        });
    });
    println!("figure: {name}: {}", quantiles(&mut samples.lock().unwrap()));
}

fn dashboard(c: &mut Criterion, rt: &tokio::runtime::Runtime, bench: &Bench, pairs: &[(i64, i64)]) {
    let label = bench.label();
    let (status, headers, body) = rt.block_on(bench.get("/api/v1/dashboard", &[]));
    assert_eq!(status, StatusCode::OK, "GET /dashboard");
    let etag = headers.get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    println!("figure: dashboard {label}: {} bytes on the wire (gzip asked)", body.len());
    let next = std::cell::Cell::new(0usize);
    timed(c, rt, &format!("dashboard after a write {label}"), || {
        let i = next.get();
        next.set(i + 1);
        async move {
            let written = bench.checkin(0, pairs[i % pairs.len()]).await;
            assert_eq!(written, StatusCode::CREATED, "check-in");
            let t = Instant::now();
            let (status, _, _) = bench.get("/api/v1/dashboard", &[]).await;
            let d = t.elapsed();
            assert_eq!(status, StatusCode::OK);
            d
        }
    });
    // Make sure the cache holds the current figures before timing hits.
    rt.block_on(bench.get("/api/v1/dashboard", &[]));
    timed(c, rt, &format!("dashboard cached {label}"), || async {
        let t = Instant::now();
        let (status, _, _) = bench.get("/api/v1/dashboard", &[]).await;
        let d = t.elapsed();
        assert_eq!(status, StatusCode::OK);
        d
    });
    let (_, headers, _) = rt.block_on(bench.get("/api/v1/dashboard", &[]));
    let etag = headers.get("etag").and_then(|v| v.to_str().ok()).map_or(etag, str::to_string);
    timed(c, rt, &format!("dashboard 304 {label}"), || {
        let etag = etag.clone();
        async move {
            let t = Instant::now();
            let (status, _, _) = bench.get("/api/v1/dashboard", &[("if-none-match", &etag)]).await;
            let d = t.elapsed();
            assert_eq!(status, StatusCode::NOT_MODIFIED, "If-None-Match of the current ETag");
            d
        }
    });
}

fn lists(c: &mut Criterion, rt: &tokio::runtime::Runtime, bench: &Bench) {
    let label = bench.label();
    let cases = [
        ("problem queue page (urgency)", "/api/v1/problems?state=unresolved&sort=urgency&limit=200"),
        ("escalated queue page (urgency)", "/api/v1/problems?state=unresolved&level=1&sort=urgency&limit=200"),
        ("overdue page", "/api/v1/reports/overdue?limit=200"),
        ("officer search initials zw", "/api/v1/officers?q=zw&limit=50"),
        ("officer search 张伟", "/api/v1/officers?q=%E5%BC%A0%E4%BC%9F&limit=50"),
    ];
    for (what, path) in cases {
        let (status, _, body) = rt.block_on(bench.get(path, &[]));
        assert_eq!(status, StatusCode::OK, "GET {path}");
        let (_, _, plain) = rt.block_on(bench.send(axum::http::Method::GET, path, &bench.viewer, None, &[]));
        let rows = serde_json::from_slice::<serde_json::Value>(&plain)
            .ok()
            .and_then(|v| v["items"].as_array().map(Vec::len))
            .unwrap_or(0);
        println!("figure: {what} {label}: {rows} rows, {} bytes on the wire (gzip asked)", body.len());
        timed(c, rt, &format!("{what} {label}"), || async move {
            let t = Instant::now();
            let (status, _, _) = bench.get(path, &[]).await;
            let d = t.elapsed();
            assert_eq!(status, StatusCode::OK);
            d
        });
    }
}

/// 8 writers posting check-ins as fast as answered for `burst_secs`; prints the rate and the
/// latency quantiles (not a criterion measurement: a sustained rate is the figure).
fn checkin_burst(rt: &tokio::runtime::Runtime, bench: &Arc<Bench>, pairs: &Arc<Vec<(i64, i64)>>) {
    let secs = support::burst_secs();
    let (mut latencies, mut refused) = (Vec::new(), 0usize);
    let started = Instant::now();
    rt.block_on(async {
        let until = Instant::now() + Duration::from_secs(secs);
        let mut tasks = Vec::new();
        for w in 0..8usize {
            let (bench, pairs) = (bench.clone(), pairs.clone());
            tasks.push(tokio::spawn(async move {
                let (mut lat, mut bad) = (Vec::new(), 0usize);
                let mut i = w;
                while Instant::now() < until {
                    let t = Instant::now();
                    let status = bench.checkin(w, pairs[i % pairs.len()]).await;
                    if status == StatusCode::CREATED {
                        lat.push(t.elapsed());
                    } else {
                        bad += 1;
                    }
                    i += 8;
                }
                (lat, bad)
            }));
        }
        for t in tasks {
            let (lat, bad) = t.await.expect("a writer");
            latencies.extend(lat);
            refused += bad;
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "figure: check-ins {} with 8 writers: {:.0}/s over {elapsed:.1} s, {}; {refused} not accepted",
        bench.label(),
        latencies.len() as f64 / elapsed,
        quantiles(&mut latencies)
    );
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    for engine in support::engines() {
        for preset in support::presets() {
            let bench = match rt.block_on(Bench::open(engine, preset)) {
                Ok(b) => Arc::new(b),
                Err(why) if engine == Engine::Postgres => {
                    println!("figure: PostgreSQL {} skipped: {why}", preset.as_str());
                    continue;
                }
                Err(why) => panic!("cannot open the {} bench data: {why}", preset.as_str()),
            };
            let pairs = Arc::new(rt.block_on(bench.liaisons(20)));
            assert!(!pairs.is_empty(), "officers with enterprises");
            dashboard(c, &rt, &bench, &pairs);
            lists(c, &rt, &bench);
            checkin_burst(&rt, &bench, &pairs);
            if let Ok(bench) = Arc::try_unwrap(bench) {
                rt.block_on(bench.close());
            }
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

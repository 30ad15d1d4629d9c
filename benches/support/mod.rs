//! What the benches share: seeded databases cached on disk (SQLite files under
//! `target/bench-data/`, PostgreSQL template databases), a server over a working copy with a
//! fixed clock, HTTP requests through the axum router (`tower::ServiceExt::oneshot`), and
//! quantiles of timed samples.
//!
//! A cached database is keyed by its preset, random seed, `NOW`, and a hash of the sources
//! that decide its rows (the seed generator, the bulk loader, the migrations), so a change to
//! any of them seeds afresh. Seeding `province` costs minutes the first time (generation, then
//! 2.7 million rows); later runs copy the cached file (SQLite) or clone the template database
//! (PostgreSQL, `CREATE DATABASE … TEMPLATE …`) in seconds.
//!
//! Settings from the environment: `DUTYDESK_BENCH_PRESETS` (default `loudi,province`),
//! `DUTYDESK_BENCH_ENGINES` (default `sqlite,postgres`), `DUTYDESK_TEST_PG` (the PostgreSQL
//! server, default `postgres://postgres@127.0.0.1:5432/postgres`; unreachable: skipped, and
//! said so), `DUTYDESK_BENCH_BURST_SECS` (the check-in burst's length, default 10).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::{DateTime, Utc};
use dutydesk::api::types::Role;
use dutydesk::config::Config;
use dutydesk::seed::{Preset, generate};
use dutydesk::server::{self, Clock, state::AppState};
use dutydesk::store::Store;
use dutydesk::store::bulk::SeedData;
use sha2::{Digest, Sha256};
use sqlx::Connection;
use tower::ServiceExt;

/// The benches' "now": 2026-02-16 21:30 in Asia/Shanghai, after the report deadline, so the
/// overdue list is today's and full.
pub(crate) const NOW: &str = "2026-02-16T13:30:00Z";

/// The random seed of every bench data set (the `seed` command's default).
pub(crate) const SEED: u64 = 2020;

/// Which engine a bench runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

pub(crate) fn now() -> DateTime<Utc> {
    NOW.parse().expect("NOW is an RFC 3339 instant")
}

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name).unwrap_or_else(|_| default.into()).split(',').map(|s| s.trim().to_string()).collect()
}

/// The presets to run (`DUTYDESK_BENCH_PRESETS`).
pub(crate) fn presets() -> Vec<Preset> {
    env_list("DUTYDESK_BENCH_PRESETS", "loudi,province").iter().filter_map(|p| p.parse().ok()).collect()
}

/// The engines to run (`DUTYDESK_BENCH_ENGINES`).
pub(crate) fn engines() -> Vec<Engine> {
    let names = env_list("DUTYDESK_BENCH_ENGINES", "sqlite,postgres");
    [Engine::Sqlite, Engine::Postgres].into_iter().filter(|e| names.iter().any(|n| n == e.name())).collect()
}

/// Seconds of the check-in burst (`DUTYDESK_BENCH_BURST_SECS`).
pub(crate) fn burst_secs() -> u64 {
    std::env::var("DUTYDESK_BENCH_BURST_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(10)
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hash_tree(h: &mut Sha256, path: &Path) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        entries.sort();
        for e in entries {
            hash_tree(h, &e);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        h.update(path.strip_prefix(manifest()).unwrap_or(path).to_string_lossy().as_bytes());
        h.update(&bytes);
    }
}

/// The cache key of a preset's data set: preset, seed, date and the sources' hash.
pub(crate) fn data_key(preset: Preset) -> String {
    let mut h = Sha256::new();
    for p in ["src/seed.rs", "src/seed", "src/store/bulk.rs", "src/store/bulk", "migrations"] {
        hash_tree(&mut h, &manifest().join(p));
    }
    let hex: String = h.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{}_{SEED}_{}_{hex}", preset.as_str(), &NOW[..10].replace('-', ""))
}

fn settings() -> Config {
    let mut config = Config::builtin();
    // The benches measure the work of a request, not the per-token limiter.
    config.server.rate_limits = dutydesk::config::RateLimits {
        viewer: 0,
        dispatcher: 0,
        officer: 0,
        admin: 0,
        failed_auth: 0,
        trust_forwarded_for: false,
    };
    config
}

/// Generates a preset's data, printing how long it took.
fn generate_data(preset: Preset, store: &Store) -> SeedData {
    let started = std::time::Instant::now();
    let data = generate(preset, SEED, now(), &store.calendar, &store.sla);
    eprintln!("bench data: generated {} in {:.1} s", preset.as_str(), started.elapsed().as_secs_f64());
    data
}

/// The cached SQLite file of a preset, seeded first when missing.
async fn cached_sqlite(preset: Preset) -> PathBuf {
    let dir = manifest().join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("{}.db", data_key(preset)));
    if path.exists() {
        return path;
    }
    let loading = dir.join(format!("{}.loading-{}.db", data_key(preset), std::process::id()));
    eprintln!("bench data: seeding {} into {} (once; province takes minutes)", preset.as_str(), path.display());
    let started = std::time::Instant::now();
    let store = Store::open(loading.to_str().expect("a UTF-8 path"), &settings().server).await.expect("open");
    let data = generate_data(preset, &store);
    store.load_seed(&data).await.expect("load the seed");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.expect("checkpoint");
    store.close().await;
    std::fs::rename(&loading, &path).expect("keep the seeded file");
    eprintln!("bench data: seeded {} in {:.0} s", preset.as_str(), started.elapsed().as_secs_f64());
    path
}

/// The PostgreSQL server of the benches, when it answers; else why not.
async fn pg_admin() -> Result<(String, sqlx::AnyConnection), String> {
    sqlx::any::install_default_drivers();
    let url =
        std::env::var("DUTYDESK_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match tokio::time::timeout(Duration::from_secs(5), sqlx::AnyConnection::connect(&url)).await {
        Ok(Ok(conn)) => Ok((url, conn)),
        Ok(Err(e)) => Err(format!("cannot connect to {url}: {e}")),
        Err(_) => Err(format!("no answer from {url} in 5 s")),
    }
}

fn pg_url(admin: &str, db: &str) -> String {
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    format!("{base}/{db}")
}

async fn pg_exists(conn: &mut sqlx::AnyConnection, name: &str) -> bool {
    let q = format!("SELECT COUNT(*) FROM pg_database WHERE datname = '{name}'");
    let row: (i64,) = sqlx::query_as(&q).fetch_one(&mut *conn).await.expect("ask pg_database");
    row.0 > 0
}

/// A fresh PostgreSQL working copy of a preset's cached database (seeded first when missing).
async fn pg_copy(preset: Preset) -> Result<(String, String), String> {
    let (admin, mut conn) = pg_admin().await?;
    let template = format!("dutydesk_bench_{}", data_key(preset));
    if !pg_exists(&mut conn, &template).await {
        let loading = format!("{template}_loading");
        eprintln!(
            "bench data: seeding {} into PostgreSQL database {template} (once; province takes minutes)",
            preset.as_str()
        );
        let started = std::time::Instant::now();
        let drop = format!("DROP DATABASE IF EXISTS {loading} WITH (FORCE)");
        let _ = sqlx::query(&drop).execute(&mut conn).await;
        conn.execute_sql(&format!("CREATE DATABASE {loading}")).await;
        let store = Store::open(&pg_url(&admin, &loading), &settings().server).await.map_err(|e| e.to_string())?;
        let data = generate_data(preset, &store);
        store.load_seed(&data).await.map_err(|e| e.to_string())?;
        sqlx::query("ANALYZE").execute(store.pool()).await.map_err(|e| e.to_string())?;
        store.close().await;
        conn.execute_sql(&format!("ALTER DATABASE {loading} RENAME TO {template}")).await;
        eprintln!("bench data: seeded {} on PostgreSQL in {:.0} s", preset.as_str(), started.elapsed().as_secs_f64());
    }
    let work = format!("dutydesk_bench_work_{}", uuid::Uuid::new_v4().simple());
    conn.execute_sql(&format!("CREATE DATABASE {work} TEMPLATE {template}")).await;
    let _ = conn.close().await;
    Ok((pg_url(&admin, &work), work))
}

trait ExecSql {
    async fn execute_sql(&mut self, sql: &str);
}

impl ExecSql for sqlx::AnyConnection {
    async fn execute_sql(&mut self, sql: &str) {
        sqlx::query(sql).execute(&mut *self).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// What a working copy must clean up: a temporary folder, or a PostgreSQL database.
enum Copy {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Pg(String),
}

/// A server over a working copy of a preset's data, with a fixed clock at [`NOW`].
pub(crate) struct Bench {
    pub(crate) engine: Engine,
    pub(crate) preset: Preset,
    pub(crate) store: Store,
    pub(crate) state: AppState,
    pub(crate) app: Router,
    pub(crate) viewer: String,
    /// Admin tokens, one per writer (intake on behalf of officers).
    pub(crate) admins: Vec<String>,
    copy: Copy,
}

impl Bench {
    /// A server on `engine` over `preset`; `Err` with the reason when PostgreSQL is unreachable.
    pub(crate) async fn open(engine: Engine, preset: Preset) -> Result<Bench, String> {
        let (url, copy) = match engine {
            Engine::Sqlite => {
                let cached = cached_sqlite(preset).await;
                let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
                let path = dir.path().join("bench.db");
                std::fs::copy(&cached, &path).map_err(|e| format!("copy {}: {e}", cached.display()))?;
                (path.display().to_string(), Copy::Dir(dir))
            }
            Engine::Postgres => {
                let (url, name) = pg_copy(preset).await?;
                (url, Copy::Pg(name))
            }
        };
        let config = settings();
        let store = Store::open(&url, &config.server).await.map_err(|e| e.to_string())?;
        let state = AppState::new(store.clone(), config.server.clone(), Clock::fixed(now()));
        let app = server::router(state.clone());
        let viewer = store.create_token("bench viewer", Role::Viewer, None).await.map_err(|e| e.to_string())?.1;
        let mut admins = Vec::new();
        for i in 0..8 {
            admins.push(
                store.create_token(&format!("bench writer {i}"), Role::Admin, None).await.map_err(|e| e.to_string())?.1,
            );
        }
        Ok(Bench { engine, preset, store, state, app, viewer, admins, copy })
    }

    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.engine.name(), self.preset.as_str())
    }

    /// One request through the router: status, headers and the body as sent (compressed
    /// when `accept-encoding: gzip` was asked, as the console asks).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Bytes) {
        let mut req = Request::builder().method(method).uri(path).header("authorization", format!("Bearer {token}"));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        let resp = self.app.clone().oneshot(req.body(body).expect("a request")).await.expect("the router answers");
        let (status, headers) = (resp.status(), resp.headers().clone());
        let bytes = to_bytes(resp.into_body(), usize::MAX).await.expect("a body");
        (status, headers, bytes)
    }

    /// A GET as the console sends it (gzip accepted), with the viewer token.
    pub(crate) async fn get(&self, path: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Bytes) {
        let mut h = vec![("accept-encoding", "gzip")];
        h.extend_from_slice(headers);
        self.send(Method::GET, path, &self.viewer.clone(), None, &h).await
    }

    /// (officer, enterprise) pairs for check-ins, from the first pages of `GET /officers`.
    pub(crate) async fn liaisons(&self, pages: usize) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut path = "/api/v1/officers?limit=200".to_string();
        for _ in 0..pages {
            let (status, _, body) = self.send(Method::GET, &path, &self.viewer.clone(), None, &[]).await;
            assert_eq!(status, StatusCode::OK, "GET {path}");
            let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
            for o in v["items"].as_array().into_iter().flatten() {
                if let (Some(id), Some(e)) = (o["id"].as_i64(), o["enterprises"][0]["id"].as_i64()) {
                    out.push((id, e));
                }
            }
            match v["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/officers?limit=200&cursor={c}"),
                None => break,
            }
        }
        out
    }

    /// One check-in through the router by admin `writer` on behalf of `officer`.
    pub(crate) async fn checkin(&self, writer: usize, (officer, enterprise): (i64, i64)) -> StatusCode {
        let body = serde_json::json!({ "enterprise_id": enterprise, "officer_id": officer });
        let key = uuid::Uuid::new_v4().to_string();
        let token = self.admins[writer % self.admins.len()].clone();
        self.send(Method::POST, "/api/v1/checkins", &token, Some(body), &[("idempotency-key", &key)]).await.0
    }

    /// Closes the pool and drops the working copy.
    pub(crate) async fn close(self) {
        self.store.close().await;
        if let Copy::Pg(name) = &self.copy
            && let Ok((_, mut conn)) = pg_admin().await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
        }
    }
}

/// p50, p99 and max of samples, as "p50 1.2 ms  p99 3.4 ms  max 5.6 ms  (n 100)".
pub(crate) fn quantiles(samples: &mut [Duration]) -> String {
    if samples.is_empty() {
        return "no samples".into();
    }
    samples.sort();
    let q = |p: f64| samples[((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms  (n {})",
        ms(q(0.5)),
        ms(q(0.99)),
        ms(samples[samples.len() - 1]),
        samples.len()
    )
}

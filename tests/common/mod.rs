//! Test harness: a small hand-built world loaded into SQLite or PostgreSQL, the router with a
//! fixed clock, tokens for every role, and request helpers. `both_stores!` runs a test on both.
#![allow(dead_code)]

pub(crate) mod skip;
pub(crate) mod world;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::{DateTime, Utc};
use dutydesk::api::types::Role;
use dutydesk::config::Config;
use dutydesk::server::{self, Clock, state::AppState};
use dutydesk::store::Store;
use serde_json::Value;
use tower::ServiceExt;

/// Which engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

/// A running test world.
pub(crate) struct Harness {
    pub store: Store,
    pub state: AppState,
    pub app: Router,
    pub clock: Clock,
    pub viewer: String,
    pub dispatcher: String,
    pub dispatcher2: String,
    pub officer: String,
    pub admin: String,
    _guard: Guard,
}

enum Guard {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Pg { admin_url: String, name: String },
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::Pg { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Best effort: drop the per-test database on a fresh runtime thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let pool = sqlx::AnyPool::connect(&admin_url).await.ok()?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&pool).await.ok()
                })
            })
            .join();
        }
    }
}

/// The PostgreSQL server tests use (a maintenance database URL).
pub(crate) fn pg_admin_url() -> String {
    std::env::var("DUTYDESK_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// How long [`fresh_pg_url`] waits for the server to answer.
const PG_CONNECT: std::time::Duration = std::time::Duration::from_secs(5);

/// Why the PostgreSQL server could not be reached, once a test of this binary found out: the
/// later ones skip at once instead of waiting for it again.
static UNREACHABLE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// A database URL with its password, if any, replaced by `***`, for notices.
fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// A PostgreSQL database of its own for one test, or `None` when no server is reachable: the
/// test is then skipped ([`skip::POSTGRES`]: a notice, and a line in the summary at the end of
/// `cargo test`); with `DUTYDESK_REQUIRE_PG=1` (as in CI) an unreachable server fails it.
pub(crate) async fn fresh_pg_url() -> Option<(String, String)> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let admin = pg_admin_url();
    let known = UNREACHABLE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    if let Some(reason) = known {
        skip::POSTGRES.skip(&reason);
        return None;
    }
    let mut conn = match tokio::time::timeout(PG_CONNECT, sqlx::AnyConnection::connect(&admin)).await {
        Ok(Ok(conn)) => conn,
        failed => {
            let why = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => format!("no answer in {} s", PG_CONNECT.as_secs()),
            };
            let reason = format!("cannot connect to {}: {why}", without_password(&admin));
            *UNREACHABLE.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(reason.clone());
            skip::POSTGRES.skip(&reason);
            return None;
        }
    };
    let name = format!("dutydesk_t_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let _ = conn.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
    Some((format!("{base}/{name}"), name))
}

/// Drops a database made by [`fresh_pg_url`].
pub(crate) async fn drop_pg_db(name: &str) {
    if let Ok(pool) = sqlx::AnyPool::connect(&pg_admin_url()).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&pool).await;
        pool.close().await;
    }
}

/// The fixed "now" of the world: 2026-02-16 14:00 local (06:00 UTC), after the check-in
/// cutoff and before the report deadline.
pub(crate) fn world_now() -> DateTime<Utc> {
    "2026-02-16T06:00:00Z".parse().unwrap()
}

impl Harness {
    /// A fresh world on `engine`; `None` when PostgreSQL is not reachable (and not required).
    pub(crate) async fn new(engine: Engine) -> Option<Harness> {
        Self::with_config(engine, Config::builtin()).await
    }

    /// Same, with settings.
    pub(crate) async fn with_config(engine: Engine, config: Config) -> Option<Harness> {
        Self::with_world(engine, config, world::data()).await
    }

    /// A world of its own (e.g. [`world::data`] with many more officers) on `engine`.
    pub(crate) async fn with_world(
        engine: Engine,
        config: Config,
        data: dutydesk::store::bulk::SeedData,
    ) -> Option<Harness> {
        let (url, guard) = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("t.db");
                (path.display().to_string(), Guard::Dir(dir))
            }
            Engine::Postgres => {
                let (url, name) = fresh_pg_url().await?;
                (url, Guard::Pg { admin_url: pg_admin_url(), name })
            }
        };
        let store = Store::open(&url, &config.server).await.expect("open store");
        store.load_seed(&data).await.expect("load world");
        let clock = Clock::fixed(world_now());
        let state = AppState::new(store.clone(), config.server.clone(), clock.clone());
        let app = server::router(state.clone());
        let tok = |role, name: &str, officer| {
            let store = store.clone();
            let name = name.to_string();
            async move { store.create_token(&name, role, officer).await.unwrap().1 }
        };
        Some(Harness {
            viewer: tok(Role::Viewer, "夜班 刘洋", None).await,
            dispatcher: tok(Role::Dispatcher, "值班员 张敏", None).await,
            dispatcher2: tok(Role::Dispatcher, "值班员 王芳", None).await,
            officer: tok(Role::Officer, "联络员 周强", Some(world::OFFICER_ZHOU)).await,
            admin: tok(Role::Admin, "管理员", None).await,
            store,
            state,
            app,
            clock,
            _guard: guard,
        })
    }

    /// Sends a request and returns status, headers and JSON body (Null when empty).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
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
        let resp = self.app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, headers, json)
    }

    /// GET with a token.
    pub(crate) async fn get(&self, path: &str, token: &str) -> (StatusCode, HeaderMap, Value) {
        self.send(Method::GET, path, Some(token), None, &[]).await
    }

    /// POST JSON with a token and extra headers.
    pub(crate) async fn post(
        &self,
        path: &str,
        token: &str,
        body: Value,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        self.send(Method::POST, path, Some(token), Some(body), headers).await
    }

    /// The current version of a problem.
    pub(crate) async fn version(&self, id: i64) -> i64 {
        let (s, _, p) = self.get(&format!("/api/v1/problems/{id}"), &self.admin).await;
        assert_eq!(s, StatusCode::OK);
        p["version"].as_i64().unwrap()
    }
}

/// Runs an async test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both_stores {
    ($name:ident, |$h:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($h: $crate::common::Harness) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::common::Harness::new($crate::common::Engine::Sqlite).await.expect("sqlite")).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(h) = $crate::common::Harness::new($crate::common::Engine::Postgres).await {
                    run(h).await
                }
            }
        }
    };
}

//! The store: one interface over SQLite (embedded default) and PostgreSQL (shared deployment).
//! Runtime queries through sqlx's `Any` driver with `$N` parameters, so one SQL text serves both;
//! instants are Unix milliseconds and local days `YYYY-MM-DD` text in both schemas.

pub mod bulk;
pub mod changes;
pub mod dashboard;
pub mod enterprises;
pub mod escalation;
pub mod figures;
pub mod filters;
pub mod handover;
pub mod idempotency;
pub mod intake;
pub mod officer_search;
pub mod officers;
pub mod organisation;
pub mod overdue;
pub mod page;
pub mod problems;
pub mod recount;
pub mod reminders;
pub mod replicas;
pub mod roster;
pub mod scope;
pub mod sql;
pub mod tokens;
pub mod triage;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

use crate::config::ServerConfig;
use crate::domain::calendar::{Calendar, SlaHours};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Errors of the store. Internal details are logged, never sent to clients.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Input the store cannot use (a bad `--db`, an unknown officer, a database that already has data).
    #[error("{0}")]
    Invalid(String),
    /// The database cannot be reached or opened.
    #[error("cannot open database {url}: {source}")]
    Connect {
        /// The URL (without password).
        url: String,
        /// The driver's error: refused, unknown host, authentication, or a timeout.
        source: sqlx::Error,
    },
    /// Applying migrations failed.
    #[error("cannot migrate database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A query parameter that names nothing in the data (a scope's unknown city or county):
    /// answered as 400 `INVALID_QUERY` naming the parameter.
    #[error("{}: {}", .0.field, .0.message)]
    Query(crate::api::types::FieldError),
    /// Stored data that does not parse (a bug or a hand-edited database).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// Another request with the same `Idempotency-Key` committed its write first; this
    /// request's write rolled back (the idempotency middleware answers with the first's).
    #[error("another request with this Idempotency-Key was applied first")]
    KeyTaken,
}

/// Result of the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// The store: a pool plus the calendar rules it answers by.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The command center's calendar.
    pub calendar: Calendar,
    /// Hours allowed per priority, from which each problem's `due_at` is set.
    pub sla: SlaHours,
    /// How many change-feed entries are kept (the `change_retention` setting).
    pub change_retention: i64,
    /// The name of the top of the data when the database has none (an empty database, or one
    /// from before the hierarchy without a `city` row): the `server.city` setting.
    pub fallback_name: String,
    /// The change sequence as this store knows it, and its waiters (see [`changes::ChangeTx`]
    /// and [`replicas`]).
    feed: std::sync::Arc<replicas::ChangeFeed>,
}

static MIGRATE_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static MIGRATE_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Turns `--db` (a `sqlite://` URL, a `postgres://` URL or a plain path) into a driver URL.
pub fn normalize_db_url(db: &str) -> Result<(String, Backend), StoreError> {
    let db = db.trim();
    if db.is_empty() {
        return Err(StoreError::Invalid("--db is empty: give a path, sqlite://PATH or postgres://…".into()));
    }
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Ok((db.to_string(), Backend::Postgres));
    }
    if let Some(rest) = db.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        if path.is_empty() {
            return Err(StoreError::Invalid("sqlite:// needs a file path, e.g. sqlite://dutydesk.db".into()));
        }
        let sep = if path.contains('?') { '&' } else { '?' };
        let url =
            if path.contains("mode=") { format!("sqlite://{path}") } else { format!("sqlite://{path}{sep}mode=rwc") };
        return Ok((url, Backend::Sqlite));
    }
    if db.contains("://") {
        let scheme = db.split("://").next().unwrap_or_default();
        return Err(StoreError::Invalid(format!(
            "unsupported database scheme {scheme:?}: use a path, sqlite://PATH or postgres://USER@HOST/DB"
        )));
    }
    Ok((format!("sqlite://{db}?mode=rwc"), Backend::Sqlite))
}

/// Creates a missing SQLite file readable by its owner only (SQLite gives its journal files
/// the same mode); an existing file is left as it is (`serve` warns when others can read it).
fn create_private(path: &std::path::Path) {
    if path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:") || path.exists() {
        return;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // Best effort: if it fails, SQLite creates the file (or says why it cannot).
    let _ = options.open(path);
}

fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

impl Store {
    /// Opens (creating a SQLite file if missing) and migrates the database behind `db`.
    pub async fn open(db: &str, server: &ServerConfig) -> StoreResult<Store> {
        install_default_drivers();
        let (url, backend) = normalize_db_url(db)?;
        if backend == Backend::Sqlite {
            let path = url.trim_start_matches("sqlite://").split('?').next().unwrap_or_default();
            if let Some(parent) = std::path::Path::new(path).parent()
                && !parent.as_os_str().is_empty()
                && !parent.exists()
            {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StoreError::Invalid(format!("cannot create folder {}: {e}", parent.display())))?;
            }
            create_private(std::path::Path::new(path));
        }
        let max = if backend == Backend::Sqlite { 8 } else { 16 };
        let pool = AnyPoolOptions::new().max_connections(max).acquire_timeout(Duration::from_secs(10)).after_connect(
            move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                             PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            },
        );
        // One direct attempt first, so an unreachable server says why (refused, unknown host,
        // auth) at once instead of after the pool's retries.
        let probe =
            tokio::time::timeout(Duration::from_secs(10), <sqlx::AnyConnection as sqlx::Connection>::connect(&url))
                .await
                .map_err(|_| StoreError::Connect { url: redact(&url), source: sqlx::Error::PoolTimedOut })?
                .map_err(|source| StoreError::Connect { url: redact(&url), source })?;
        let _ = sqlx::Connection::close(probe).await;
        let connect = pool.connect(&url);
        let pool = tokio::time::timeout(Duration::from_secs(15), connect)
            .await
            .map_err(|_| StoreError::Connect { url: redact(&url), source: sqlx::Error::PoolTimedOut })?
            .map_err(|source| StoreError::Connect { url: redact(&url), source })?;
        match backend {
            Backend::Sqlite => MIGRATE_SQLITE.run(&pool).await?,
            Backend::Postgres => MIGRATE_POSTGRES.run(&pool).await?,
        }
        let calendar = server.calendar().map_err(StoreError::Invalid)?;
        let feed = match backend {
            Backend::Sqlite => replicas::ChangeFeed::local(),
            Backend::Postgres => replicas::ChangeFeed::replicated(&url)
                .map_err(|source| StoreError::Connect { url: redact(&url), source })?,
        };
        let store = Store {
            pool,
            backend,
            calendar,
            sla: server.sla_hours,
            change_retention: server.change_retention,
            fallback_name: server.city.clone(),
            feed,
        };
        store.ensure_figures().await?;
        store.fill_search_keys().await?;
        Ok(store)
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which engine the pool talks to (SQLite or PostgreSQL), for the few statements that differ.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction: `BEGIN IMMEDIATE` on SQLite so a read-then-write never
    /// fails on lock upgrade; a plain `BEGIN` on PostgreSQL.
    pub async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Whether the database takes writes (for `/readyz`): a write transaction that upserts a
    /// `meta` row and rolls back, so nothing is kept. A read-only file or a read-only
    /// PostgreSQL (a standby, `default_transaction_read_only`) fails it, as does a write lock
    /// held for longer than five seconds. `Err` says why.
    pub async fn probe_write(&self) -> Result<(), String> {
        let probe = async {
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ('readiness_probe', '') \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .execute(&mut *tx)
            .await?;
            tx.rollback().await?;
            Ok::<_, StoreError>(())
        };
        match tokio::time::timeout(Duration::from_secs(5), probe).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("the database cannot be written: {e}")),
            Err(_) => Err("the database did not take a write within 5 s".into()),
        }
    }

    /// Closes the pool and ends the change listener.
    pub async fn close(&self) {
        self.feed.close();
        self.pool.close().await;
    }
}

/// Unix milliseconds of an instant.
pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The instant of Unix milliseconds.
pub fn from_ms(v: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(v).single().unwrap_or_default()
}

/// A local date as stored.
pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A stored local date.
pub fn parse_day(s: &str) -> StoreResult<NaiveDate> {
    NaiveDate::from_str(s).map_err(|_| StoreError::Corrupt(format!("date {s:?}")))
}

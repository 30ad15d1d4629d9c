//! Idempotency keys: a POST replayed with the same key gets the first response back.
//! Keys are scoped to the token and kept at least 24 hours.
//!
//! A crash cannot wedge a key: nothing is claimed before the write. The write's own
//! transaction inserts the key's row (in [`super::changes::ChangeTx::commit`], through
//! `seal`), so the key exists exactly when the write committed. A request whose write never
//! committed (the server died first, or it wrote nothing) leaves no row and a retry runs
//! afresh; a write that committed before its answer was stored (a crash in between) is
//! [`KeyState::Applied`], answered from the entity it produced. Two requests racing with one
//! key both run, and the database lets only one commit: the other's insert finds the row, its
//! transaction rolls back, and it answers as a replay. There is no "in flight" state to
//! wait out.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use super::{Store, StoreError, StoreResult, ms};

/// How long keys are kept.
pub const KEEP_HOURS: i64 = 48;

/// What to do with a request carrying an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// First time (or its first try committed nothing): run it in [`with_key`].
    Fresh,
    /// Seen and finished: send this stored response.
    Replay {
        /// The HTTP status of the first response, sent again.
        status: u16,
        /// Body bytes as text.
        body: String,
        /// Selected headers, as a JSON object.
        headers: String,
    },
    /// Seen with a different request body (422).
    Mismatch,
    /// Its write committed but its answer was never stored: answer with what it produced.
    Applied(Produced),
}

/// What a keyed write produced, recorded in its transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Produced {
    /// `problem` or `checkin`.
    pub kind: String,
    /// The id of that problem or check-in.
    pub id: i64,
    /// The status its answer carries (201 for a creation, 200 otherwise).
    pub status: u16,
}

/// The key a request runs under, and what happened to it while it ran.
#[derive(Debug)]
pub struct KeyScope {
    token_id: i64,
    key: String,
    hash: String,
    now: DateTime<Utc>,
    outcome: Mutex<Sealed>,
}

/// What `seal` did for the running request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sealed {
    /// No keyed write committed (the request wrote nothing, or failed before commit).
    #[default]
    Nothing,
    /// This request's write committed together with its key.
    Committed,
    /// Another request with the same key committed first; this one's write rolled back.
    Lost,
}

tokio::task_local! {
    static SCOPE: KeyScope;
}

impl KeyScope {
    /// The scope of a request by token `token_id` with `key` and body hash `hash`.
    pub fn new(token_id: i64, key: &str, hash: &str, now: DateTime<Utc>) -> KeyScope {
        KeyScope { token_id, key: key.to_string(), hash: hash.to_string(), now, outcome: Mutex::new(Sealed::Nothing) }
    }
}

/// Runs `fut` (the handler) under `scope`: a write it commits records the key in the same
/// transaction. Returns its output and what became of the key.
pub async fn with_key<F: Future>(scope: KeyScope, fut: F) -> (F::Output, Sealed) {
    SCOPE
        .scope(scope, async move {
            let out = fut.await;
            let sealed = SCOPE.with(|s| *s.outcome.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            (out, sealed)
        })
        .await
}

/// Inside a write's transaction, just before commit: records the running request's key (if
/// any) as applied, naming `produced`. Fails (so the write rolls back) when another request
/// with the same key committed first.
pub(crate) async fn seal(conn: &mut sqlx::AnyConnection, produced: Option<&Produced>) -> StoreResult<()> {
    let Ok((token_id, key, hash, now)) = SCOPE.try_with(|s| (s.token_id, s.key.clone(), s.hash.clone(), s.now)) else {
        return Ok(());
    };
    let done = sqlx::query(
        "INSERT INTO idempotency (token_id, key, request_hash, created_at, applied_kind, applied_id, applied_status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_id, key) DO NOTHING",
    )
    .bind(token_id)
    .bind(key.as_str())
    .bind(hash.as_str())
    .bind(ms(now))
    .bind(produced.map(|p| p.kind.clone()))
    .bind(produced.map(|p| p.id))
    .bind(produced.map(|p| i64::from(p.status)))
    .execute(&mut *conn)
    .await?;
    let won = done.rows_affected() == 1;
    let _ = SCOPE.try_with(|s| {
        *s.outcome.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            if won { Sealed::Committed } else { Sealed::Lost };
    });
    if won { Ok(()) } else { Err(StoreError::KeyTaken) }
}

impl Store {
    /// What the key `key` of token `token_id` says about a request whose hash is
    /// `request_hash`. Claims nothing: see the module's doc.
    pub async fn lookup_key(
        &self,
        token_id: i64,
        key: &str,
        request_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<KeyState> {
        let existing = sqlx::query(
            "SELECT request_hash, status, response, headers, created_at, applied_kind, applied_id, applied_status \
             FROM idempotency WHERE token_id = $1 AND key = $2",
        )
        .bind(token_id)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = existing else {
            return Ok(KeyState::Fresh);
        };
        let created: i64 = r.try_get("created_at")?;
        if created < ms(now - Duration::hours(KEEP_HOURS)) {
            sqlx::query("DELETE FROM idempotency WHERE token_id = $1 AND key = $2 AND created_at = $3")
                .bind(token_id)
                .bind(key)
                .bind(created)
                .execute(self.pool())
                .await?;
            return Ok(KeyState::Fresh);
        }
        if r.try_get::<String, _>("request_hash")? != request_hash {
            return Ok(KeyState::Mismatch);
        }
        if let Some(status) = r.try_get::<Option<i64>, _>("status")? {
            return Ok(KeyState::Replay {
                status: u16::try_from(status).unwrap_or(200),
                body: r.try_get::<Option<String>, _>("response")?.unwrap_or_default(),
                headers: r.try_get::<Option<String>, _>("headers")?.unwrap_or_else(|| "{}".into()),
            });
        }
        let kind: Option<String> = r.try_get("applied_kind")?;
        let id: Option<i64> = r.try_get("applied_id")?;
        let status: Option<i64> = r.try_get("applied_status")?;
        if let (Some(kind), Some(id)) = (kind, id) {
            return Ok(KeyState::Applied(Produced {
                kind,
                id,
                status: status.and_then(|s| u16::try_from(s).ok()).unwrap_or(200),
            }));
        }
        // A claim made before its write by a server older than migration 0007, whose request
        // never finished: whether it wrote is unknown, so it runs afresh (If-Match guards a
        // triage action; the alternative was a 409 for 48 hours).
        sqlx::query(
            "DELETE FROM idempotency WHERE token_id = $1 AND key = $2 AND status IS NULL AND applied_kind IS NULL",
        )
        .bind(token_id)
        .bind(key)
        .execute(self.pool())
        .await?;
        Ok(KeyState::Fresh)
    }

    /// Stores the response of a keyed request: over the row its write committed (`applied`),
    /// or as a new row when it wrote nothing (a 4xx replays the same); a row stored first by
    /// another request with the key is kept.
    pub async fn finish_key(
        &self,
        scope_of: (i64, &str, &str, DateTime<Utc>),
        applied: bool,
        status: u16,
        body: &str,
        headers: &str,
    ) -> StoreResult<()> {
        let (token_id, key, hash, now) = scope_of;
        if applied {
            sqlx::query(
                "UPDATE idempotency SET status = $1, response = $2, headers = $3 \
                 WHERE token_id = $4 AND key = $5 AND status IS NULL",
            )
            .bind(i64::from(status))
            .bind(body)
            .bind(headers)
            .bind(token_id)
            .bind(key)
            .execute(self.pool())
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO idempotency (token_id, key, request_hash, status, response, headers, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_id, key) DO NOTHING",
            )
            .bind(token_id)
            .bind(key)
            .bind(hash)
            .bind(i64::from(status))
            .bind(body)
            .bind(headers)
            .bind(ms(now))
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// Deletes keys older than [`KEEP_HOURS`].
    pub async fn purge_keys(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
            .bind(ms(now - Duration::hours(KEEP_HOURS)))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}

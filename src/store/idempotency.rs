//! Idempotency keys: a POST replayed with the same key gets the first response back.
//! Keys are scoped to the token and kept at least 24 hours.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use super::{Store, StoreResult, ms};

/// How long keys are kept.
pub const KEEP_HOURS: i64 = 48;

/// What to do with a request carrying an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// First time: run it, then call [`Store::finish_key`].
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
    /// The first request with this key is still running (409).
    InFlight,
}

impl Store {
    /// Claims `key` for `token_id` and a request whose hash is `request_hash`.
    pub async fn claim_key(
        &self,
        token_id: i64,
        key: &str,
        request_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<KeyState> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query(
            "SELECT request_hash, status, response, headers, created_at FROM idempotency WHERE token_id = $1 AND key = $2",
        )
        .bind(token_id)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(r) = existing {
            let created: i64 = r.try_get("created_at")?;
            if created >= ms(now - Duration::hours(KEEP_HOURS)) {
                tx.commit().await?;
                let hash: String = r.try_get("request_hash")?;
                if hash != request_hash {
                    return Ok(KeyState::Mismatch);
                }
                return Ok(match r.try_get::<Option<i64>, _>("status")? {
                    None => KeyState::InFlight,
                    Some(status) => KeyState::Replay {
                        status: status as u16,
                        body: r.try_get::<Option<String>, _>("response")?.unwrap_or_default(),
                        headers: r.try_get::<Option<String>, _>("headers")?.unwrap_or_else(|| "{}".into()),
                    },
                });
            }
            sqlx::query("DELETE FROM idempotency WHERE token_id = $1 AND key = $2")
                .bind(token_id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO idempotency (token_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)")
            .bind(token_id)
            .bind(key)
            .bind(request_hash)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(KeyState::Fresh)
    }

    /// Stores the response of a claimed key.
    pub async fn finish_key(
        &self,
        token_id: i64,
        key: &str,
        status: u16,
        body: &str,
        headers: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE idempotency SET status = $1, response = $2, headers = $3 WHERE token_id = $4 AND key = $5")
            .bind(status as i64)
            .bind(body)
            .bind(headers)
            .bind(token_id)
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Releases a claimed key whose request failed on our side, so a retry can run.
    pub async fn release_key(&self, token_id: i64, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM idempotency WHERE token_id = $1 AND key = $2 AND status IS NULL")
            .bind(token_id)
            .bind(key)
            .execute(self.pool())
            .await?;
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

//! Bearer tokens: random, shown once, stored as SHA-256 hashes, revocable.

use base64::Engine;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Store, StoreError, StoreResult, from_ms, ms};
use crate::api::types::Role;

/// Who a request speaks for, once its token checks out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Token id (scopes idempotency keys).
    pub token_id: i64,
    /// The person's name; every write is attributed to it.
    pub name: String,
    /// The token's role, which decides what the request may read and do.
    pub role: Role,
    /// For officers: who they are.
    pub officer_id: Option<i64>,
}

/// A token as listed by `dutydesk token list` (never the secret).
#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    /// The token's id (what `dutydesk token revoke` takes).
    pub id: i64,
    /// Person or purpose.
    pub name: String,
    /// The token's role as stored: `viewer`, `dispatcher`, `officer` or `admin`.
    pub role: String,
    /// Officer, for the officer role.
    pub officer_id: Option<i64>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Revoked (RFC 3339), if so.
    pub revoked_at: Option<String>,
}

/// SHA-256 hex of a token secret.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Creates a token and returns `(id, secret)`; the secret is not stored.
    pub async fn create_token(&self, name: &str, role: Role, officer_id: Option<i64>) -> StoreResult<(i64, String)> {
        if role == Role::Officer && officer_id.is_none() {
            return Err(StoreError::Invalid("an officer token needs --officer ID".into()));
        }
        if let Some(id) = officer_id {
            let found =
                sqlx::query("SELECT id FROM officers WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
            if found.is_none() {
                return Err(StoreError::Invalid(format!("no officer with id {id}")));
            }
        }
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let secret = format!("dd_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
        let now = ms(chrono::Utc::now());
        let row = sqlx::query(
            "INSERT INTO tokens (name, role, officer_id, hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(officer_id)
        .bind(hash_secret(&secret))
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get::<i64, _>(0)?, secret))
    }

    /// The principal of a secret, unless unknown or revoked.
    pub async fn authenticate(&self, secret: &str) -> StoreResult<Option<Principal>> {
        let row = sqlx::query("SELECT id, name, role, officer_id FROM tokens WHERE hash = $1 AND revoked_at IS NULL")
            .bind(hash_secret(secret))
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role")?;
        Ok(Some(Principal {
            token_id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
            officer_id: row.try_get("officer_id")?,
        }))
    }

    /// All tokens, newest first.
    pub async fn list_tokens(&self) -> StoreResult<Vec<TokenInfo>> {
        let rows =
            sqlx::query("SELECT id, name, role, officer_id, created_at, revoked_at FROM tokens ORDER BY id DESC")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(TokenInfo {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    role: r.try_get("role")?,
                    officer_id: r.try_get("officer_id")?,
                    created_at: from_ms(r.try_get("created_at")?).to_rfc3339(),
                    revoked_at: r.try_get::<Option<i64>, _>("revoked_at")?.map(|v| from_ms(v).to_rfc3339()),
                })
            })
            .collect()
    }

    /// Revokes a token; `false` if there is no such live token.
    pub async fn revoke_token(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(ms(chrono::Utc::now()))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Revokes every live token whose name starts with `prefix` (the demo's own tokens).
    pub async fn revoke_tokens_named(&self, prefix: &str) -> StoreResult<u64> {
        let done = sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE name LIKE $2 AND revoked_at IS NULL")
            .bind(ms(chrono::Utc::now()))
            .bind(format!("{prefix}%"))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}

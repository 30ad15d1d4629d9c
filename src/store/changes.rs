//! The global change sequence: every write appends an entry; clients ask `since` a sequence.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{Store, StoreResult, from_ms, ms};
use crate::api::types::Change;

/// Why a change-feed read failed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The cursor is older than what is kept: re-list, then follow from `change_seq`.
    #[error("changes since {since} are no longer kept (oldest kept: {oldest}); re-list and follow from the current change_seq")]
    Expired {
        /// What was asked.
        since: i64,
        /// The oldest sequence kept.
        oldest: i64,
    },
    /// Database trouble.
    #[error(transparent)]
    Store(#[from] super::StoreError),
}

/// Appends a change entry inside a write transaction and returns its sequence.
pub async fn record_change(
    conn: &mut sqlx::AnyConnection,
    kind: &str,
    entity_id: i64,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    let row = sqlx::query("INSERT INTO changes (kind, entity_id, op, at) VALUES ($1, $2, 'upsert', $3) RETURNING seq")
        .bind(kind)
        .bind(entity_id)
        .bind(ms(at))
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

impl Store {
    /// The latest change sequence (0 when nothing changed since seeding).
    pub async fn change_seq(&self) -> StoreResult<i64> {
        let row = sqlx::query("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM changes")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get(0)?)
    }

    /// The oldest change still answerable: a `since` below `floor - 1` gets 410.
    async fn change_floor(&self) -> StoreResult<i64> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = 'changes_floor'")
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<String, _>(0)?.parse().unwrap_or(0),
            None => 0,
        })
    }

    /// Changes after `since`, at most `limit`.
    pub async fn changes_since(&self, since: i64, limit: i64) -> Result<(Vec<Change>, bool), FeedError> {
        let floor = self.change_floor().await?;
        if since < floor {
            return Err(FeedError::Expired { since, oldest: floor + 1 });
        }
        let rows = sqlx::query("SELECT seq, kind, entity_id, op, at FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(since)
            .bind(limit + 1)
            .fetch_all(self.pool())
            .await
            .map_err(super::StoreError::from)?;
        let more = rows.len() as i64 > limit;
        let changes = rows
            .iter()
            .take(limit as usize)
            .map(|r| {
                Ok(Change {
                    seq: r.try_get("seq")?,
                    kind: r.try_get("kind")?,
                    id: r.try_get("entity_id")?,
                    op: r.try_get("op")?,
                    at: from_ms(r.try_get("at")?),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(super::StoreError::from)?;
        Ok((changes, more))
    }

    /// Drops change entries so that at most `keep` remain; older cursors then get 410.
    pub async fn prune_changes(&self, keep: i64) -> StoreResult<u64> {
        let latest = self.change_seq().await?;
        let floor = latest - keep;
        if floor <= self.change_floor().await? {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM changes WHERE seq <= $1").bind(floor).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM meta WHERE key = 'changes_floor'").execute(&mut *tx).await?;
        sqlx::query("INSERT INTO meta (key, value) VALUES ('changes_floor', $1)")
            .bind(floor.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

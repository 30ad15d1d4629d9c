//! The global change sequence: every write appends an entry; clients ask `since` a sequence.
//! A commit that recorded a change wakes this store's long polls and, on PostgreSQL, every
//! other replica's through `NOTIFY` ([`super::replicas`]).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Row;
use tokio::sync::Notify;

use super::replicas::{CHANNEL, ChangeFeed};
use super::{Backend, Store, StoreResult, from_ms, ms};
use crate::api::types::Change;

/// Why a change-feed read failed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The cursor is older than what is kept: re-list, then follow from `change_seq`.
    #[error(
        "changes since {since} are no longer kept (oldest kept: {oldest}); re-list and follow from the current change_seq"
    )]
    Expired {
        /// The `since` the client asked from.
        since: i64,
        /// The oldest sequence kept.
        oldest: i64,
    },
    /// The store failed while reading the feed (a database error).
    #[error(transparent)]
    Store(#[from] super::StoreError),
}

/// How often a long poll looks at the table again when no notification can reach it (SQLite,
/// where another process may write the same file, or PostgreSQL while the listener is down).
const RECHECK: Duration = Duration::from_secs(1);

/// A write transaction that appends to the change feed. Committing it wakes every long poll
/// waiting on this store (and its clones), so no caller signals the feed by hand; on
/// PostgreSQL it also notifies the other replicas, in the same transaction.
pub struct ChangeTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    /// The highest sequence recorded in this transaction.
    recorded: Option<i64>,
    backend: Backend,
    feed: Arc<ChangeFeed>,
}

impl Deref for ChangeTx {
    type Target = sqlx::AnyConnection;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for ChangeTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl ChangeTx {
    /// Appends a change entry for `kind` and `entity_id` and returns its sequence.
    pub async fn record(&mut self, kind: &str, entity_id: i64, at: DateTime<Utc>) -> StoreResult<i64> {
        let seq = record_change(&mut self.tx, kind, entity_id, at).await?;
        self.recorded = self.recorded.max(Some(seq));
        Ok(seq)
    }

    /// Commits, then moves the known sequence and wakes the change feed's waiters if a change
    /// was recorded. On PostgreSQL the notification to the other replicas is queued in the
    /// transaction, so it leaves with the commit and never for a rollback.
    pub async fn commit(mut self) -> StoreResult<()> {
        if let (Some(seq), Backend::Postgres) = (self.recorded, self.backend) {
            sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(seq.to_string()).execute(&mut *self.tx).await?;
        }
        self.tx.commit().await?;
        if let Some(seq) = self.recorded {
            self.feed.moved(seq);
        }
        Ok(())
    }
}

/// Appends a change entry inside a write transaction and returns its sequence.
async fn record_change(
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
    /// Starts a write transaction ([`Store::begin_write`]) whose changes wake the feed on commit.
    pub async fn begin_change(&self) -> StoreResult<ChangeTx> {
        let tx = self.begin_write().await?;
        Ok(ChangeTx { tx, recorded: None, backend: self.backend(), feed: self.feed.clone() })
    }

    /// Notified after every committed write that recorded a change through this store, and on
    /// PostgreSQL after every change another replica announced.
    pub fn change_signal(&self) -> &Notify {
        &self.feed.signal
    }

    /// Whether other replicas' writes reach this store by notification (PostgreSQL with its
    /// listener connected); when not, long polls look again every second.
    pub fn follows_replicas(&self) -> bool {
        self.feed.listening()
    }

    /// Changes after `since`, at most `limit`; when there are none yet, waits up to `wait` for
    /// one: woken by a write through this store or (PostgreSQL) a notification from another
    /// replica, and looking again each second when no listener vouches for the latter.
    pub async fn follow_changes(
        &self,
        since: i64,
        limit: i64,
        wait: Duration,
    ) -> Result<(Vec<Change>, bool), FeedError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let woken = self.change_signal().notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let (changes, more) = self.changes_since(since, limit).await?;
            let now = tokio::time::Instant::now();
            if !changes.is_empty() || now >= deadline {
                return Ok((changes, more));
            }
            let nap = if self.follows_replicas() { deadline - now } else { RECHECK.min(deadline - now) };
            let _ = tokio::time::timeout(nap, woken).await;
        }
    }

    /// The latest change sequence (0 when nothing changed since seeding): from memory on
    /// PostgreSQL while the listener is up (kept by local commits and notifications), else
    /// read from the table.
    pub async fn change_seq(&self) -> StoreResult<i64> {
        if let Some(seq) = self.feed.known_seq() {
            return Ok(seq);
        }
        let row =
            sqlx::query("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM changes").fetch_one(self.pool()).await?;
        Ok(row.try_get(0)?)
    }

    /// The oldest change still answerable: a `since` below `floor - 1` gets 410.
    async fn change_floor(&self) -> StoreResult<i64> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = 'changes_floor'").fetch_optional(self.pool()).await?;
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

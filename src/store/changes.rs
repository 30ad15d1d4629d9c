//! The global change sequence: every write appends an entry; clients ask `since` a sequence,
//! and an officer token reads only the entries of its own enterprises, problems and check-ins.
//! A commit that recorded a change wakes this store's long polls and, on PostgreSQL, every
//! other replica's through `NOTIFY` ([`super::replicas`]).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Row;
use tokio::sync::Notify;

use super::idempotency::Produced;
use super::replicas::{CHANNEL, ChangeFeed};
use super::sql::SqlBuf;
use super::{Backend, Store, StoreResult, from_ms, ms};
use crate::api::types::Change;

/// One read of the change feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPage {
    /// The changes, in order.
    pub changes: Vec<Change>,
    /// Where the next read starts: the last change returned, or for a scoped read that found
    /// nothing more, as far as it looked (changes hidden by the scope are passed over).
    pub next_since: i64,
    /// More changes wait beyond this batch.
    pub more: bool,
}

/// Appends what an officer token may read of the feed: its own check-ins, the reports, status
/// and reminders of its enterprises, and the problems raised at them (a kind not named here is hidden).
fn push_officer_scope(sql: &mut SqlBuf, officer: i64) {
    sql.push(" AND ((kind = 'checkin' AND entity_id = ").int(officer);
    sql.push(") OR (kind IN ('enterprise', 'report', 'reminder') AND entity_id IN (SELECT enterprise_id FROM assignments WHERE officer_id = ");
    sql.int(officer).push(")) OR (kind = 'problem' AND entity_id IN (SELECT p.id FROM problems p ");
    sql.push("JOIN assignments a ON a.enterprise_id = p.enterprise_id WHERE a.officer_id = ").int(officer).push(")))");
}

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

/// The PostgreSQL advisory lock that writes recording changes hold until they commit, so that
/// they commit in the order of their sequence numbers (`Store::begin_change`).
pub const CHANGE_ORDER_LOCK: i64 = 0x6475_7479_6465_736b; // "dutydesk"

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
    /// What the write produced, for the request's idempotency key (if it has one).
    produced: Option<Produced>,
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

    /// Names what this write produced (`kind` and `id`) and the status its answer carries,
    /// so a retry whose first answer was lost can be answered from it.
    pub fn produced(&mut self, kind: &str, id: i64, status: u16) {
        self.produced = Some(Produced { kind: kind.to_string(), id, status });
    }

    /// Commits (with the running request's idempotency key, in the same transaction:
    /// `idempotency::seal`), then moves the known sequence and wakes the change feed's waiters if a change
    /// was recorded. On PostgreSQL the notification to the other replicas is queued in the
    /// transaction, so it leaves with the commit and never for a rollback.
    pub async fn commit(mut self) -> StoreResult<()> {
        super::idempotency::seal(&mut self.tx, self.produced.as_ref()).await?;
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
    ///
    /// Changes become visible in the order of their sequence, on both stores, so a client
    /// that follows `since` the last sequence it saw never passes over one committed later
    /// with a lower number: SQLite has one writer at a time (`BEGIN IMMEDIATE`); on PostgreSQL
    /// a sequence number is taken before commit, so every write that records changes first
    /// takes one transaction-scoped advisory lock ([`CHANGE_ORDER_LOCK`]), which makes them
    /// commit one after another, across replicas too. Taken first, before any row lock, it
    /// cannot deadlock with them.
    pub async fn begin_change(&self) -> StoreResult<ChangeTx> {
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CHANGE_ORDER_LOCK).execute(&mut *tx).await?;
        }
        Ok(ChangeTx { tx, recorded: None, produced: None, backend: self.backend(), feed: self.feed.clone() })
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

    /// Changes after `since` that `scope_officer` may read (all for `None`), at most `limit`;
    /// when there are none yet, waits up to `wait` for one: woken by a write through this store
    /// or (PostgreSQL) a notification from another replica, and looking again each second when
    /// no listener vouches for the latter. Changes the scope hides move `next_since` on without
    /// being returned, so a scoped poll never reads them again.
    pub async fn follow_changes(
        &self,
        since: i64,
        limit: i64,
        wait: Duration,
        scope_officer: Option<i64>,
    ) -> Result<FeedPage, FeedError> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut from = since;
        loop {
            let woken = self.change_signal().notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let page = self.changes_since(from, limit, scope_officer).await?;
            let now = tokio::time::Instant::now();
            if !page.changes.is_empty() || now >= deadline {
                return Ok(page);
            }
            from = page.next_since;
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

    /// Changes after `since` that `scope_officer` may read (all for `None`), at most `limit`.
    pub async fn changes_since(
        &self,
        since: i64,
        limit: i64,
        scope_officer: Option<i64>,
    ) -> Result<FeedPage, FeedError> {
        let floor = self.change_floor().await?;
        if since < floor {
            return Err(FeedError::Expired { since, oldest: floor + 1 });
        }
        // Read the head first: a scoped read then knows how far it looked when nothing it may
        // see came up (the hidden changes up to the head are skipped for good).
        let head = self.change_seq().await?;
        let mut sql = SqlBuf::new("SELECT seq, kind, entity_id, op, at FROM changes WHERE seq > ");
        sql.int(since);
        if let Some(officer) = scope_officer {
            sql.push(" AND seq <= ").int(head);
            push_officer_scope(&mut sql, officer);
        }
        sql.push(" ORDER BY seq LIMIT ").int(limit + 1);
        let rows = sql.query().fetch_all(self.pool()).await.map_err(super::StoreError::from)?;
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
        let next_since = match changes.last() {
            Some(last) if more || scope_officer.is_none() => last.seq,
            _ if scope_officer.is_some() => head.max(since),
            _ => since,
        };
        Ok(FeedPage { changes, next_since, more })
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

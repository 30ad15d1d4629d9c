//! What a store knows of the change sequence, and how replicas on one PostgreSQL database tell
//! each other: every commit that records a change sends `NOTIFY dutydesk_changes, '<seq>'` in
//! its own transaction (delivered on commit, never for a rollback), and every store on
//! PostgreSQL LISTENs on a connection of its own. A notification moves the known sequence and
//! wakes the long polls at once, so the dashboard cache and `/changes` of every replica see a
//! write of any of them.
//!
//! The listener reconnects when its connection is lost (with a back-off up to 30 s) and then
//! re-reads the sequence, since notifications sent meanwhile are gone; while it is down the
//! store reads the sequence from the table (`Store::change_seq`) and long polls look again
//! every second, as they do on SQLite.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use tokio::sync::Notify;

/// The channel every replica of one database notifies and listens on.
pub const CHANNEL: &str = "dutydesk_changes";
/// The `application_name` of the listening connection (so operators can tell it apart).
pub const LISTENER_NAME: &str = "dutydesk-listener";
/// The longest wait between two attempts to bring a lost listener back.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The change sequence as this store knows it, and who waits for it to move.
#[derive(Debug, Default)]
pub struct ChangeFeed {
    /// Woken after a change committed through this store, or announced by another replica.
    pub(super) signal: Notify,
    /// The highest sequence committed here or announced since the listener last synced.
    known: AtomicI64,
    /// The listener is connected and synced: `known` is the database's sequence.
    listening: AtomicBool,
    /// The listener's own pool (PostgreSQL only); closed with the store, which ends it.
    listener_pool: Option<PgPool>,
}

impl Drop for ChangeFeed {
    fn drop(&mut self) {
        self.close();
    }
}

impl ChangeFeed {
    /// A feed for SQLite: one process, so local commits are all there is.
    pub(super) fn local() -> Arc<ChangeFeed> {
        Arc::new(ChangeFeed::default())
    }

    /// A feed for PostgreSQL at `url`, with its listener started in the background.
    pub(super) fn replicated(url: &str) -> Result<Arc<ChangeFeed>, sqlx::Error> {
        let options: PgConnectOptions = url.parse::<PgConnectOptions>()?.application_name(LISTENER_NAME);
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .acquire_timeout(Duration::from_secs(10))
            .connect_lazy_with(options);
        let feed = Arc::new(ChangeFeed {
            signal: Notify::new(),
            known: AtomicI64::new(0),
            listening: AtomicBool::new(false),
            listener_pool: Some(pool.clone()),
        });
        tokio::spawn(follow(pool, Arc::downgrade(&feed)));
        Ok(feed)
    }

    /// Ends the listener (when the store closes or is dropped).
    pub(super) fn close(&self) {
        if let Some(pool) = &self.listener_pool {
            // Marks the pool closed at once (the returned future only drains it), which ends
            // the listener's wait.
            drop(pool.close());
        }
        self.listening.store(false, Ordering::Release);
    }

    /// The database's change sequence when the listener vouches for it, else `None`.
    pub(super) fn known_seq(&self) -> Option<i64> {
        self.listening.load(Ordering::Acquire).then(|| self.known.load(Ordering::Acquire))
    }

    /// Whether writes of other replicas arrive by notification (PostgreSQL, listener up).
    pub fn listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// A change up to `seq` is committed (here, or announced): move the sequence and wake
    /// waiters, if it moves. The announcement of this store's own commit comes back through the
    /// listener after the commit already moved it, and wakes nobody a second time (a waiter
    /// registered after that commit would otherwise be woken for a change it has seen). Changes
    /// commit in sequence order (`Store::begin_change`), so an announced sequence at or below
    /// the known one was committed before what the waiters were already woken for.
    pub(super) fn moved(&self, seq: i64) {
        if self.known.fetch_max(seq, Ordering::AcqRel) < seq {
            self.signal.notify_waiters();
        }
    }

    fn synced(&self, seq: i64) {
        self.known.fetch_max(seq, Ordering::AcqRel);
        self.listening.store(true, Ordering::Release);
        // Waiters look again: what was written while the listener was down is in the table.
        self.signal.notify_waiters();
    }

    fn lost(&self) {
        self.listening.store(false, Ordering::Release);
        // Waiters go back to looking every second until the listener is back.
        self.signal.notify_waiters();
    }
}

/// LISTENs, re-connecting after a loss, until the store is gone.
async fn follow(pool: PgPool, feed: Weak<ChangeFeed>) {
    let mut backoff = Duration::from_secs(1);
    loop {
        match listen(&pool, &feed).await {
            Ok(mut listener) => {
                backoff = Duration::from_secs(1);
                tracing::info!("listening for other replicas' changes");
                let why = loop {
                    match listener.try_recv().await {
                        Ok(Some(n)) => match (feed.upgrade(), n.payload().parse::<i64>()) {
                            (None, _) => return,
                            (Some(f), Ok(seq)) => f.moved(seq),
                            (Some(_), Err(_)) => tracing::warn!(payload = n.payload(), "ignored a notification"),
                        },
                        Ok(None) => break "connection lost".to_string(),
                        Err(sqlx::Error::PoolClosed) => return,
                        Err(e) => break e.to_string(),
                    }
                };
                tracing::warn!("change listener: {why}; long polls look every second until it is back");
                match feed.upgrade() {
                    Some(f) => f.lost(),
                    None => return,
                }
            }
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => tracing::warn!("change listener cannot connect ({e}); retrying in {} s", backoff.as_secs()),
        }
        if feed.strong_count() == 0 || pool.is_closed() {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Connects, LISTENs, then reads the sequence (so nothing committed before LISTEN is missed).
async fn listen(pool: &PgPool, feed: &Weak<ChangeFeed>) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    let (seq,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM changes").fetch_one(&mut listener).await?;
    match feed.upgrade() {
        Some(f) => f.synced(seq),
        None => return Err(sqlx::Error::PoolClosed),
    }
    Ok(listener)
}

//! Network work at the edge: a task that polls the drill-down view being watched first (its
//! first page at once when a key opens it), then `/me` and `/org` once, `/dashboard` (with
//! `If-None-Match`) and the first page of `/reports/overdue` and of the escalated queue, and
//! sends the results back as messages; further pages of a list are fetched on demand
//! (`runtime::pages`). Each poll ends in a message saying how it went: whole (LIVE), with a
//! part failed (STALE, and that part is re-read next time), or failed (STALE or OFFLINE with
//! the reason, `model::link`). While OFFLINE it reconnects as `runtime::reconnect` says
//! (jittered exponential backoff capped at 10 s, `Retry-After`, a `/healthz` probe first) and
//! says when the next try is. It never blocks the keyboard.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use tokio::sync::{Notify, mpsc, watch};

use crate::api::client::{ApiClient, Cause, ClientError};
use crate::api::types::*;

use super::cycle::{Follow, cycle};
pub(crate) use super::pages::{escalated, fetch_view, overdue};
use super::reconnect::{Backoff, Policy};
use crate::console::message::Msg;
use crate::console::model::View;
use crate::console::model::link::LinkError;

/// Handles to steer the poller.
#[derive(Debug, Clone)]
pub(crate) struct Poller {
    watch: watch::Sender<Option<View>>,
    scope: watch::Sender<Option<Scope>>,
    date: watch::Sender<Option<NaiveDate>>,
    refresh: Arc<Notify>,
}

impl Poller {
    /// Keeps `view` fresh along with the dashboard (or none).
    pub(crate) fn watch(&self, view: Option<View>) {
        let _ = self.watch.send(view);
    }

    /// Asks the dashboard for `scope` from the next poll on, which starts at once.
    pub(crate) fn scope(&self, scope: Option<Scope>) {
        let _ = self.scope.send(scope);
    }

    /// Asks the dashboard and the overdue list for `date` (`None`: today) from the next poll
    /// on, which starts at once.
    pub(crate) fn date(&self, date: Option<NaiveDate>) {
        let _ = self.date.send(date);
    }

    /// Polls now instead of waiting for the next interval (the `refresh` key and `:refresh`).
    pub(crate) fn refresh(&self) {
        self.refresh.notify_one();
    }
}

/// Starts the poller; it stops when `tx` is closed.
pub(crate) fn spawn(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, poll_secs: u64) -> Poller {
    spawn_with(client, tx, poll_secs, Policy::default())
}

/// Starts the poller with a reconnect policy of its own (the tests' short one).
pub(crate) fn spawn_with(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, poll_secs: u64, policy: Policy) -> Poller {
    let (wtx, wrx) = watch::channel(None);
    let (stx, srx) = watch::channel(None);
    let (dtx, drx) = watch::channel(None);
    let refresh = Arc::new(Notify::new());
    tokio::spawn(run(client, tx, poll_secs.max(1), (wrx, srx, drx), refresh.clone(), Backoff::new(policy)));
    Poller { watch: wtx, scope: stx, date: dtx, refresh }
}

/// What steers the poller: the watched view, the dashboard's scope and its day.
type Steering = (watch::Receiver<Option<View>>, watch::Receiver<Option<Scope>>, watch::Receiver<Option<NaiveDate>>);

async fn run(
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    mut interval: u64,
    (mut wrx, mut srx, mut drx): Steering,
    refresh: Arc<Notify>,
    mut backoff: Backoff,
) {
    let mut follow = Follow::default();
    // The last try found the API unreachable: probe `/healthz` before the next whole poll.
    let mut offline = false;
    loop {
        if tx.is_closed() {
            return;
        }
        let view = wrx.borrow_and_update().clone();
        let scope = srx.borrow_and_update().map(|s| s.to_string());
        let date = *drx.borrow_and_update();
        if follow.query.scope != scope || follow.query.date != date {
            // Another scope or day: a full read at once (its dashboard and overdue list), not
            // after a long poll of the change feed that would hold the user's key for a poll
            // interval.
            follow.query.scope = scope;
            follow.query.date = date;
            follow.etag = None;
            follow.overdue = None;
            follow.since = None;
        }
        let started = tokio::time::Instant::now();
        let probe = backoff.policy().probe_timeout;
        let polled = tokio::select! {
            r = attempt(&client, &tx, &mut follow, view.as_ref(), interval, offline.then_some(probe)) => Some(r),
            // A key opened another view: start again with it, at once.
            changed = wrx.changed() => if changed.is_err() { return } else { None },
            // The dashboard was scoped elsewhere: start again with it, at once.
            changed = srx.changed() => if changed.is_err() { return } else { None },
            // Another day: start again with it, at once.
            changed = drx.changed() => if changed.is_err() { return } else { None },
            // The refresh key: read everything afresh.
            _ = refresh.notified() => {
                follow.since = None;
                None
            }
        };
        let Some(polled) = polled else {
            continue;
        };
        let wait = match polled {
            Ok(poll) => {
                interval = poll.unwrap_or(interval).max(1);
                backoff.reset();
                offline = false;
                let partial = follow.escalated.clone();
                if tx.send(Msg::Polled { at: Utc::now(), partial: partial.clone() }).is_err() {
                    return;
                }
                if partial.is_some() {
                    // A part failed: try it again after an interval (or the server's
                    // `Retry-After`), not at once.
                    let max = backoff.policy().max_retry_after.as_secs();
                    Duration::from_secs(follow.escalated_retry_after.map_or(interval, |s| s.min(max)).max(interval))
                } else {
                    // The long poll was the wait; a server that answers it at once still gets a
                    // second between cycles.
                    (started + Duration::from_secs(1)).saturating_duration_since(tokio::time::Instant::now())
                }
            }
            Err(e) => {
                let error = LinkError::from_client(&e, None);
                offline = error.offline();
                let wait = if offline {
                    backoff.next_delay(e.retry_after())
                } else if error.refused() {
                    // A wrong or revoked token: slowly, or at once on the refresh key.
                    backoff.next_refused_delay(e.retry_after())
                } else {
                    let max = backoff.policy().max_retry_after.as_secs();
                    Duration::from_secs(e.retry_after().map_or(interval, |s| s.min(max)).max(1))
                };
                tracing::warn!(error = %e, retry_in_ms = wait.as_millis() as u64, "poll failed");
                let at = Utc::now();
                let retry_at = at + chrono::Duration::from_std(wait).unwrap_or_default();
                if tx.send(Msg::Failed { at, error, retry_at }).is_err() {
                    return;
                }
                wait
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = refresh.notified() => follow.since = None,
            changed = wrx.changed() => if changed.is_err() { return },
            changed = srx.changed() => if changed.is_err() { return },
            changed = drx.changed() => if changed.is_err() { return },
        }
    }
}

/// One try: after a failure that found the API unreachable, a `/healthz` probe first (with
/// its short timeout; any HTTP answer, even a proxy's 404, means the server is reachable
/// again), then the whole poll.
async fn attempt(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    view: Option<&View>,
    interval: u64,
    probe: Option<Duration>,
) -> Result<Option<u64>, ClientError> {
    if let Some(limit) = probe {
        match tokio::time::timeout(limit, client.healthz()).await {
            Err(_) => return Err(ClientError::Unreachable(Cause::Timeout, "GET /healthz timed out".into())),
            Ok(Err(e @ ClientError::Unreachable(..))) => return Err(e),
            Ok(_) => {}
        }
    }
    cycle(client, tx, f, view, interval).await
}

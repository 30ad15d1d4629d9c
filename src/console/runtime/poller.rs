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

use chrono::Utc;
use tokio::sync::{Notify, mpsc, watch};

use crate::api::client::{ApiClient, Cause, ClientError, Fetched};
use crate::api::types::*;

use super::pages::{PAGE, problem_query};
pub(crate) use super::pages::{escalated, fetch_view, overdue};
use super::reconnect::{Backoff, Policy};
use crate::console::message::Msg;
use crate::console::model::View;
use crate::console::model::link::{LinkError, Part};

/// Handles to steer the poller.
#[derive(Debug, Clone)]
pub(crate) struct Poller {
    watch: watch::Sender<Option<View>>,
    scope: watch::Sender<Option<Scope>>,
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
    let refresh = Arc::new(Notify::new());
    tokio::spawn(run(client, tx, poll_secs.max(1), (wrx, srx), refresh.clone(), Backoff::new(policy)));
    Poller { watch: wtx, scope: stx, refresh }
}

/// What the poller follows between cycles.
#[derive(Debug, Default)]
struct Follow {
    /// The dashboard's ETag, for `If-None-Match`.
    etag: Option<String>,
    /// The change-feed cursor; `None` until the first full read, and again after a 410.
    since: Option<i64>,
    /// `/me` and `/org` fetched (once).
    have_me: bool,
    have_org: bool,
    /// The view whose first page was last sent (a new one is fetched first, at once).
    shown: Option<View>,
    /// The overdue count of the last dashboard (the list is re-read when it moves).
    overdue: Option<i64>,
    /// The dashboard's query: the scope the user looks at (a new scope drops the ETag).
    query: DashboardQuery,
    /// Why the escalated queue's last read failed (it is re-read each poll until it works).
    escalated: Option<LinkError>,
    /// The `Retry-After` seconds of that failure, if the server sent one.
    escalated_retry_after: Option<u64>,
}

async fn run(
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    mut interval: u64,
    (mut wrx, mut srx): (watch::Receiver<Option<View>>, watch::Receiver<Option<Scope>>),
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
        if follow.query.scope != scope {
            // Another scope: a full read at once (its dashboard and overdue list), not after a
            // long poll of the change feed that would hold the user's Enter for a poll interval.
            follow.query.scope = scope;
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

/// Sends a view's data (or why it failed); an offline error is returned.
async fn send_view(client: &ApiClient, tx: &mpsc::UnboundedSender<Msg>, v: &View) -> Result<(), ClientError> {
    match fetch_view(client, v).await {
        Ok(data) => {
            let _ = tx.send(Msg::Loaded { view: v.clone(), data, at: Utc::now() });
        }
        Err(e) if e.is_offline() => return Err(e),
        Err(e) => {
            let _ = tx.send(Msg::ViewFailed { view: v.clone(), error: e.to_string() });
        }
    }
    Ok(())
}

/// One cycle: a newly watched view first; then, the first time and after a 410, a full read
/// (dashboard, overdue and escalated first pages) that sets the change cursor; else one long
/// poll of the change feed for `interval` seconds and only what it names: the changed problems
/// (`/problems?since=`), the dashboard with `If-None-Match`, the overdue list when its count
/// moved or a report changed, the watched detail when its entity changed.
async fn cycle(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    view: Option<&View>,
    interval: u64,
) -> Result<Option<u64>, ClientError> {
    // The view the user looks at first: its rows must not wait for the dashboard's lists.
    if f.shown.as_ref() != view {
        if let Some(v) = view {
            send_view(client, tx, v).await?;
        }
        f.shown = view.cloned();
    }
    if !f.have_me {
        let me = client.me().await?;
        f.have_me = true;
        let _ = tx.send(Msg::Me(Box::new(me)));
    }
    if !f.have_org {
        // The organisation is optional for the panes: a refusal is logged, not fatal.
        match client.org().await {
            Ok(org) => {
                let _ = tx.send(Msg::Org(Box::new(org)));
            }
            Err(e) if e.is_offline() => return Err(e),
            Err(e) => tracing::warn!(error = %e, "GET /org refused; continuing without it"),
        }
        f.have_org = true;
    }
    let Some(since) = f.since else {
        return full_read(client, tx, f, view).await;
    };
    if f.escalated.is_some() {
        read_escalated(client, tx, f).await?;
    }
    // Below the client's 10 s request timeout.
    let q = ChangesQuery { since, wait: Some(interval.clamp(1, 8)), limit: Some(500) };
    let feed = match client.changes(&q).await {
        Err(e) if e.is_gone() => {
            tracing::info!(since, "change cursor pruned (410): reading everything afresh");
            f.etag = None;
            return full_read(client, tx, f, view).await;
        }
        other => other?,
    };
    f.since = Some(feed.next_since);
    let problems = feed.changes.iter().any(|c| c.kind == "problem");
    let reports = feed.changes.iter().any(|c| c.kind == "report" || c.kind == "enterprise");
    let mut changed = Vec::new();
    if problems {
        changed = changed_problems(client, since).await?;
        let totals = totals(client, view).await?;
        let _ = tx.send(Msg::Changed { at: Utc::now(), problems: changed.clone(), totals });
    }
    let poll = dashboard(client, tx, f, reports).await?;
    if let Some(v) = view
        && touches(v, &feed.changes, &changed)
    {
        send_view(client, tx, v).await?;
    }
    Ok(poll)
}

/// Everything afresh: the dashboard (its `change_seq` starts the cursor), the overdue and
/// escalated first pages, and the watched view.
async fn full_read(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    view: Option<&View>,
) -> Result<Option<u64>, ClientError> {
    f.etag = None;
    let poll = dashboard(client, tx, f, true).await?;
    read_escalated(client, tx, f).await?;
    if let Some(v) = view {
        send_view(client, tx, v).await?;
    }
    Ok(poll)
}

/// The escalated queue's first page, sent; a refusal or a bad body is kept in `f.escalated`
/// (the poll is partial), an unreachable API fails the poll.
async fn read_escalated(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
) -> Result<(), ClientError> {
    match escalated(client).await {
        Ok(problems) => {
            f.escalated = None;
            f.escalated_retry_after = None;
            let _ = tx.send(Msg::Escalated { at: Utc::now(), problems });
        }
        Err(e) if e.is_offline() => return Err(e),
        Err(e) => {
            tracing::warn!(error = %e, "escalated queue failed");
            f.escalated = Some(LinkError::from_client(&e, Some(Part::Escalated)));
            f.escalated_retry_after = e.retry_after();
        }
    }
    Ok(())
}

/// The dashboard with `If-None-Match`; when new, the overdue list's first page too if its
/// count moved or `reread` says a report changed. Sets the change cursor the first time.
async fn dashboard(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    reread: bool,
) -> Result<Option<u64>, ClientError> {
    let fetched = client.dashboard(&f.query, f.etag.as_deref()).await?;
    let poll_secs = fetched.poll_interval();
    let fresh = match fetched {
        Fetched::NotModified { .. } => None,
        Fetched::Fresh { value, etag: tag, .. } => {
            f.etag = tag;
            f.since.get_or_insert(value.change_seq);
            let count = Some(value.totals.reports.overdue);
            let list =
                if reread || f.overdue != count { Some(overdue(client, f.query.scope.clone()).await?) } else { None };
            f.overdue = count;
            Some(Box::new((value, list)))
        }
    };
    let _ = tx.send(Msg::Data { at: Utc::now(), poll_secs, fresh });
    Ok(poll_secs)
}

/// Every problem changed after `since`, in any state (pages of 200).
async fn changed_problems(client: &ApiClient, since: i64) -> Result<Vec<Problem>, ClientError> {
    let mut q = ProblemQuery { since: Some(since), limit: Some(PAGE), ..Default::default() };
    let mut out = Vec::new();
    loop {
        let page = client.problems(&q).await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// The server's count of the escalated queue and of the watched problem queue (one-row
/// pages that ask for the total), after problems changed.
async fn totals(client: &ApiClient, view: Option<&View>) -> Result<Vec<(View, i64)>, ClientError> {
    let mut out = Vec::new();
    let escalated = View::problems(None, true);
    let views =
        std::iter::once(&escalated).chain(view.filter(|v| matches!(v, View::Problems { .. }) && **v != escalated));
    for v in views {
        let mut q = problem_query(v, None).expect("a problem view");
        q.limit = Some(1);
        if let Some(n) = client.problems(&q).await?.total {
            out.push((v.clone(), n));
        }
    }
    Ok(out)
}

/// Whether a watched view must be re-read for these changes: a detail whose entity changed, or
/// an enterprise or officer list of a kind that changed (its loaded rows are refreshed in
/// place). Problem queues take the changed problems instead.
fn touches(view: &View, changes: &[Change], problems: &[Problem]) -> bool {
    let any = |kinds: &[&str], id: Option<i64>| {
        changes.iter().any(|c| kinds.contains(&c.kind.as_str()) && id.is_none_or(|id| c.id == id))
    };
    match view {
        View::Problem(r) => problems.iter().any(|p| p.id == r.id),
        View::Enterprise(r) => {
            any(&["enterprise", "report"], Some(r.id)) || problems.iter().any(|p| p.enterprise.id == r.id)
        }
        View::Officer(r) => any(&["checkin", "officer"], Some(r.id)),
        View::Enterprises { .. } => any(&["enterprise", "report"], None) || !problems.is_empty(),
        View::Officers { .. } => any(&["checkin", "officer"], None) || !problems.is_empty(),
        _ => false,
    }
}

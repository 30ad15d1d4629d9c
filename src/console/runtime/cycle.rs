//! One poll of the console's data, for `runtime::poller`: what it follows between polls (the
//! dashboard's ETag, the change cursor, what is already known) and what one poll reads. The
//! first read asks for `/me`, `/org`, the dashboard, the overdue list and the escalated queue at
//! once; later polls follow the change feed and re-read only what it names.

use chrono::Utc;
use tokio::sync::mpsc;

use crate::api::client::{ApiClient, ClientError, Fetched};
use crate::api::types::*;

use super::pages::{PAGE, escalated, fetch_view, overdue, problem_query};
use crate::console::message::Msg;
use crate::console::model::link::{LinkError, Part};
use crate::console::model::{Paged, ProblemList, View};

/// What the poller follows between cycles.
#[derive(Debug, Default)]
pub(super) struct Follow {
    /// The dashboard's ETag, for `If-None-Match`.
    pub(super) etag: Option<String>,
    /// The change-feed cursor; `None` until the first full read, and again after a 410.
    pub(super) since: Option<i64>,
    /// `/me` and `/org` fetched (once).
    pub(super) have_me: bool,
    pub(super) have_org: bool,
    /// The view whose first page was last sent (a new one is fetched first, at once).
    pub(super) shown: Option<View>,
    /// The overdue count of the last dashboard (the list is re-read when it moves).
    pub(super) overdue: Option<i64>,
    /// The dashboard's query: the scope the user looks at (a new scope drops the ETag).
    pub(super) query: DashboardQuery,
    /// Why the escalated queue's last read failed (it is re-read each poll until it works).
    pub(super) escalated: Option<LinkError>,
    /// The `Retry-After` seconds of that failure, if the server sent one.
    pub(super) escalated_retry_after: Option<u64>,
    /// The watched view's last read was refused (not a 404): it is read again next poll, so its
    /// error goes once the server serves it.
    pub(super) view_failed: bool,
}

/// Sends a view's data (or why it failed); an offline error is returned, and whether the server
/// refused it (to be read again).
async fn send_view(client: &ApiClient, tx: &mpsc::UnboundedSender<Msg>, v: &View) -> Result<bool, ClientError> {
    match fetch_view(client, v).await {
        Ok(data) => {
            let _ = tx.send(Msg::Loaded { view: v.clone(), data, at: Utc::now() });
        }
        Err(e) if e.is_offline() => return Err(e),
        Err(e) if e.status() == Some(404) => {
            let _ = tx.send(Msg::NotFound { view: v.clone(), error: e.to_string() });
        }
        Err(e) => {
            let _ = tx.send(Msg::ViewFailed { view: v.clone(), error: e.to_string() });
            return Ok(true);
        }
    }
    Ok(false)
}

/// One cycle: a newly watched view first; then, the first time and after a 410, a full read
/// (dashboard, overdue and escalated first pages) that sets the change cursor; else one long
/// poll of the change feed for `interval` seconds and only what it names: the changed problems
/// (`/problems?since=`), the dashboard with `If-None-Match`, the overdue list when its count
/// moved or a report changed, the watched detail when its entity changed.
pub(super) async fn cycle(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    view: Option<&View>,
    interval: u64,
) -> Result<Option<u64>, ClientError> {
    // The view the user looks at first: its rows must not wait for the dashboard's lists.
    if f.shown.as_ref() != view || f.view_failed {
        f.view_failed = match view {
            Some(v) => send_view(client, tx, v).await?,
            None => false,
        };
        f.shown = view.cloned();
    }
    let (need_me, need_org) = (!f.have_me, !f.have_org);
    let Some(since) = f.since else {
        // The first read: who the user is, the organisation and everything afresh at once, so
        // the time to LIVE is the slowest of them, not their sum.
        let (known, poll) = tokio::join!(identity(client, tx, need_me, need_org), full_read(client, tx, f, view));
        known?;
        (f.have_me, f.have_org) = (true, true);
        return poll;
    };
    identity(client, tx, need_me, need_org).await?;
    (f.have_me, f.have_org) = (true, true);
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
    // A roster import changed the organisation: the next poll reads `/org` again.
    if feed.changes.iter().any(|c| c.kind == "organisation") {
        f.have_org = false;
    }
    let problems = feed.changes.iter().any(|c| c.kind == "problem");
    let reports = feed.changes.iter().any(|c| matches!(c.kind.as_str(), "report" | "enterprise" | "reminder"));
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
        f.view_failed = send_view(client, tx, v).await?;
    }
    Ok(poll)
}

/// `/me` and `/org` when not yet known (`need_me`, `need_org`), asked at once and each sent
/// as it answers. The organisation is optional for the panes: a refusal is logged, not fatal.
async fn identity(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    need_me: bool,
    need_org: bool,
) -> Result<(), ClientError> {
    let (me, org) = tokio::join!(async { if need_me { Some(client.me().await) } else { None } }, async {
        if need_org { Some(client.org().await) } else { None }
    },);
    if let Some(me) = me {
        let _ = tx.send(Msg::Me(Box::new(me?)));
    }
    match org {
        Some(Ok(org)) => {
            let _ = tx.send(Msg::Org(Box::new(org)));
        }
        Some(Err(e)) if e.is_offline() => return Err(e),
        Some(Err(e)) => tracing::warn!(error = %e, "GET /org refused; continuing without it"),
        None => {}
    }
    Ok(())
}

/// Everything afresh, the three reads at once: the dashboard (its `change_seq` starts the
/// cursor), the overdue and escalated first pages; then the watched view.
async fn full_read(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    view: Option<&View>,
) -> Result<Option<u64>, ClientError> {
    f.etag = None;
    let query = f.query.clone();
    let (fetched, list, queue) = tokio::join!(
        client.dashboard(&query, None),
        overdue(client, query.scope.clone(), query.date),
        escalated(client)
    );
    let poll = apply_dashboard(tx, f, fetched?, Some(list?));
    settle_escalated(tx, f, queue)?;
    if let Some(v) = view {
        f.view_failed = send_view(client, tx, v).await?;
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
    settle_escalated(tx, f, escalated(client).await)
}

/// Sends the escalated queue's first page, or keeps why it failed ([`read_escalated`]).
fn settle_escalated(
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    queue: Result<ProblemList, ClientError>,
) -> Result<(), ClientError> {
    match queue {
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
/// count moved or `reread` says a report changed.
async fn dashboard(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    reread: bool,
) -> Result<Option<u64>, ClientError> {
    let fetched = client.dashboard(&f.query, f.etag.as_deref()).await?;
    let list = match &fetched {
        Fetched::Fresh { value, .. } if reread || f.overdue != Some(value.totals.reports.overdue) => {
            Some(overdue(client, f.query.scope.clone(), f.query.date).await?)
        }
        _ => None,
    };
    Ok(apply_dashboard(tx, f, fetched, list))
}

/// Sends a dashboard answer (with the overdue list's first page if it was read) and keeps its
/// ETag and overdue count; sets the change cursor the first time. Returns the poll interval
/// the server asked for.
fn apply_dashboard(
    tx: &mpsc::UnboundedSender<Msg>,
    f: &mut Follow,
    fetched: Fetched<Dashboard>,
    list: Option<Paged<OverdueReport>>,
) -> Option<u64> {
    let poll_secs = fetched.poll_interval();
    let fresh = match fetched {
        Fetched::NotModified { .. } => None,
        Fetched::Fresh { value, etag, .. } => {
            f.etag = etag;
            f.since.get_or_insert(value.change_seq);
            f.overdue = Some(value.totals.reports.overdue);
            Some(Box::new((value, list)))
        }
    };
    let _ = tx.send(Msg::Data { at: Utc::now(), poll_secs, fresh });
    poll_secs
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
            any(&["enterprise", "report", "reminder"], Some(r.id)) || problems.iter().any(|p| p.enterprise.id == r.id)
        }
        View::Officer(r) => any(&["checkin", "officer"], Some(r.id)),
        View::Enterprises { .. } => any(&["enterprise", "report"], None) || !problems.is_empty(),
        View::Officers { .. } => any(&["checkin", "officer"], None) || !problems.is_empty(),
        View::Handover { .. } => !changes.is_empty() || !problems.is_empty(),
        _ => false,
    }
}

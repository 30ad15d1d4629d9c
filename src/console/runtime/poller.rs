//! Network work at the edge: a task that polls the drill-down view being watched first (its
//! first page at once when a key opens it), then `/me` and `/org` once, `/dashboard` (with
//! `If-None-Match`) and the first page of `/reports/overdue` and of the escalated queue, and
//! sends the results back as messages; further pages of a list are fetched on demand
//! ([`fetch_page`]). When the API is unreachable it retries with backoff (1 s doubling to
//! 30 s) and says when the next try is. It never blocks the keyboard.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Notify, mpsc, watch};

use crate::api::client::{ApiClient, ClientError, Fetched};
use crate::api::types::*;

use crate::console::message::Msg;
use crate::console::model::{ListRef, PageRows, Paged, ProblemList, View, ViewData};

/// Rows asked for in one page of a list (the API's most).
pub(crate) const PAGE: i64 = 200;

/// Handles to steer the poller.
#[derive(Debug, Clone)]
pub(crate) struct Poller {
    watch: watch::Sender<Option<View>>,
    refresh: Arc<Notify>,
}

impl Poller {
    /// Keeps `view` fresh along with the dashboard (or none).
    pub(crate) fn watch(&self, view: Option<View>) {
        let _ = self.watch.send(view);
    }

    /// Polls now instead of waiting for the next interval (the `refresh` key and `:refresh`).
    pub(crate) fn refresh(&self) {
        self.refresh.notify_one();
    }
}

/// Starts the poller; it stops when `tx` is closed.
pub(crate) fn spawn(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, poll_secs: u64) -> Poller {
    let (wtx, wrx) = watch::channel(None);
    let refresh = Arc::new(Notify::new());
    tokio::spawn(run(client, tx, poll_secs.max(1), wrx, refresh.clone()));
    Poller { watch: wtx, refresh }
}

async fn run(
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    mut interval: u64,
    mut wrx: watch::Receiver<Option<View>>,
    refresh: Arc<Notify>,
) {
    let mut etag: Option<String> = None;
    let (mut have_me, mut have_org) = (false, false);
    let mut backoff = 1u64;
    loop {
        if tx.is_closed() {
            return;
        }
        let view = wrx.borrow_and_update().clone();
        let polled = tokio::select! {
            r = cycle(&client, &tx, &mut etag, &mut have_me, &mut have_org, view.as_ref()) => Some(r),
            // A key opened another view: start again with it, at once.
            changed = wrx.changed() => if changed.is_err() { return } else { None },
        };
        let Some(polled) = polled else {
            continue;
        };
        let wait = match polled {
            Ok(poll) => {
                interval = poll.unwrap_or(interval).max(1);
                backoff = 1;
                interval
            }
            Err(e) => {
                let offline = e.is_offline();
                let wait = if offline { backoff } else { interval };
                if offline {
                    backoff = (backoff * 2).min(30);
                }
                tracing::warn!(error = %e, retry_in = wait, "poll failed");
                let at = Utc::now();
                let msg = Msg::Failed {
                    at,
                    error: e.to_string(),
                    retry_at: at + chrono::Duration::seconds(wait as i64),
                    offline,
                };
                if tx.send(msg).is_err() {
                    return;
                }
                wait
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(wait)) => {}
            _ = refresh.notified() => {}
            changed = wrx.changed() => if changed.is_err() { return },
        }
    }
}

async fn cycle(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    etag: &mut Option<String>,
    have_me: &mut bool,
    have_org: &mut bool,
    view: Option<&View>,
) -> Result<Option<u64>, ClientError> {
    // The view the user looks at first: its rows must not wait for the dashboard's lists.
    if let Some(v) = view {
        match fetch_view(client, v).await {
            Ok(data) => {
                let _ = tx.send(Msg::Loaded { view: v.clone(), data, at: Utc::now() });
            }
            Err(e) if e.is_offline() => return Err(e),
            Err(e) => {
                let _ = tx.send(Msg::ViewFailed { view: v.clone(), error: e.to_string() });
            }
        }
    }
    if !*have_me {
        let me = client.me().await?;
        *have_me = true;
        let _ = tx.send(Msg::Me(Box::new(me)));
    }
    if !*have_org {
        // The organisation is optional for the panes: a refusal is logged, not fatal.
        match client.org().await {
            Ok(org) => {
                let _ = tx.send(Msg::Org(Box::new(org)));
            }
            Err(e) if e.is_offline() => return Err(e),
            Err(e) => tracing::warn!(error = %e, "GET /org refused; continuing without it"),
        }
        *have_org = true;
    }
    let fetched = client.dashboard(&DashboardQuery::default(), etag.as_deref()).await?;
    let poll_secs = fetched.poll_interval();
    let fresh = match fetched {
        Fetched::NotModified { .. } => None,
        Fetched::Fresh { value, etag: tag, .. } => {
            let overdue = overdue(client).await?;
            *etag = tag;
            Some(Box::new((value, overdue)))
        }
    };
    let _ = tx.send(Msg::Data { at: Utc::now(), poll_secs, fresh });
    // The escalated queue every cycle: alerts come from comparing it, and `E` opens at once.
    match escalated(client).await {
        Ok(problems) => {
            let _ = tx.send(Msg::Escalated { at: Utc::now(), problems });
        }
        Err(e) if e.is_offline() => return Err(e),
        Err(e) => tracing::warn!(error = %e, "escalated queue refused"),
    }
    Ok(poll_secs)
}

/// The first page of today's overdue reports, longest first, with the server's count.
pub(crate) async fn overdue(client: &ApiClient) -> Result<Paged<OverdueReport>, ClientError> {
    let page = client.overdue(&overdue_query(None)).await?;
    Ok(Paged::first(page.items, page.total, page.next_cursor))
}

fn overdue_query(cursor: Option<String>) -> OverdueQuery {
    OverdueQuery { limit: Some(PAGE), total: cursor.is_none().then_some(true), cursor, ..Default::default() }
}

/// The first page of the escalated queue (level ≥ 1, not resolved), most urgent first, with
/// the server's count.
pub(crate) async fn escalated(client: &ApiClient) -> Result<ProblemList, ClientError> {
    match fetch_view(client, &View::problems(None, true)).await? {
        ViewData::Problems(list) => Ok(list),
        _ => Ok(ProblemList::default()),
    }
}

/// The query of a problem queue's page (the first asks for the count too).
pub(crate) fn problem_query(view: &View, cursor: Option<String>) -> Option<ProblemQuery> {
    let View::Problems { park, escalated, filter } = view else {
        return None;
    };
    Some(ProblemQuery {
        park: park.as_ref().map(|p| p.id),
        state: Some(filter.state.clone().unwrap_or_else(|| "unresolved".into())),
        level: filter.min_level.or(escalated.then_some(1)),
        priority: filter.priority.clone(),
        assignee: filter.assignee.as_ref().map(|a| a.0.clone()),
        sort: Some("urgency".into()),
        limit: Some(PAGE),
        total: cursor.is_none().then_some(true),
        cursor,
        ..Default::default()
    })
}

/// One page of a list: the first (`cursor` `None`, with the server's count) or the one at
/// `cursor`. Returns the rows, the count when asked for, and the next page's cursor.
pub(crate) async fn fetch_page(
    client: &ApiClient,
    list: &ListRef,
    cursor: Option<String>,
) -> Result<(PageRows, Option<i64>, Option<String>), ClientError> {
    let view = match list {
        ListRef::Overdue => {
            let p = client.overdue(&overdue_query(cursor)).await?;
            return Ok((PageRows::Overdue(p.items), p.total, p.next_cursor));
        }
        ListRef::View(v) => v,
    };
    let total = cursor.is_none().then_some(true);
    Ok(match view {
        View::Problems { .. } => {
            let q = problem_query(view, cursor).expect("a problem view");
            let p = client.problems(&q).await?;
            (PageRows::Problems(p.items), p.total, p.next_cursor)
        }
        View::Enterprises { park } => {
            let q = EnterpriseQuery { park: Some(park.id), limit: Some(PAGE), total, cursor, ..Default::default() };
            let p = client.enterprises(&q).await?;
            (PageRows::Enterprises(p.items), p.total, p.next_cursor)
        }
        View::Officers { park, unit } => {
            let q = OfficerQuery {
                park: park.as_ref().map(|p| p.id),
                unit: unit.as_ref().map(|u| u.id),
                limit: Some(PAGE),
                total,
                cursor,
                ..Default::default()
            };
            let p = client.officers(&q).await?;
            (PageRows::Officers(p.items), p.total, p.next_cursor)
        }
        _ => return Err(ClientError::Decode("not a paged list".into())),
    })
}

/// Fetches the page at `cursor` of a list and answers [`Msg::Page`] (or [`Msg::PageFailed`]).
pub(crate) async fn page_msg(client: &ApiClient, list: ListRef, cursor: String) -> Msg {
    match fetch_page(client, &list, Some(cursor.clone())).await {
        Ok((rows, _, next)) => Msg::Page { list, cursor, rows, next },
        Err(e) => Msg::PageFailed { list, error: e.to_string() },
    }
}

/// Spawns [`page_msg`], sending its answer on `tx`.
pub(crate) fn spawn_page(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, list: ListRef, cursor: String) {
    tokio::spawn(async move {
        let msg = page_msg(&client, list, cursor).await;
        let _ = tx.send(msg);
    });
}

/// Fetches the data of a drill-down view: one record, or the first page of a list.
pub(crate) async fn fetch_view(client: &ApiClient, view: &View) -> Result<ViewData, ClientError> {
    Ok(match view {
        View::Dashboard | View::Parks | View::Units => {
            return Err(ClientError::Decode("not a list view".into()));
        }
        View::Problems { .. } | View::Enterprises { .. } | View::Officers { .. } => {
            let (rows, total, next) = fetch_page(client, &ListRef::View(view.clone()), None).await?;
            match rows {
                PageRows::Problems(r) => ViewData::Problems(Paged::first(r, total, next)),
                PageRows::Enterprises(r) => ViewData::Enterprises(Paged::first(r, total, next)),
                PageRows::Officers(r) => ViewData::Officers(Paged::first(r, total, next)),
                PageRows::Overdue(_) => return Err(ClientError::Decode("not a view's list".into())),
            }
        }
        View::Enterprise(r) => ViewData::Enterprise(Box::new(client.enterprise(r.id).await?)),
        View::Officer(r) => ViewData::Officer(Box::new(client.officer(r.id).await?)),
        View::Problem(r) => {
            let (p, t) = tokio::try_join!(client.problem(r.id), client.timeline(r.id))?;
            ViewData::Problem(Box::new(p), t)
        }
    })
}

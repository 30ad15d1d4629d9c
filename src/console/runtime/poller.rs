//! Network work at the edge: a task that polls `/me`, `/org`, `/dashboard` (with
//! `If-None-Match`) and `/reports/overdue`, plus the drill-down view being watched, and sends
//! the results back as messages. When the API is unreachable it retries with backoff
//! (1 s doubling to 30 s) and says when the next try is. It never blocks the keyboard.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Notify, mpsc, watch};

use crate::api::client::{ApiClient, ClientError, Fetched};
use crate::api::types::*;

use crate::console::message::Msg;
use crate::console::model::{ProblemList, View, ViewData};

/// Rows fetched at most for one list (pages of 200).
pub(crate) const MAX_ROWS: usize = 2000;

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
    let (wtx, wrx) = watch::channel(None);
    let (stx, srx) = watch::channel(None);
    let refresh = Arc::new(Notify::new());
    tokio::spawn(run(client, tx, poll_secs.max(1), (wrx, srx), refresh.clone()));
    Poller { watch: wtx, scope: stx, refresh }
}

async fn run(
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    mut interval: u64,
    (mut wrx, mut srx): (watch::Receiver<Option<View>>, watch::Receiver<Option<Scope>>),
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
        let dash_query = DashboardQuery { date: None, scope: srx.borrow_and_update().map(|s| s.to_string()) };
        let wait = match cycle(&client, &tx, &mut etag, &mut have_me, &mut have_org, (&dash_query, view.as_ref())).await
        {
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
            changed = srx.changed() => if changed.is_err() { return },
        }
    }
}

async fn cycle(
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Msg>,
    etag: &mut Option<String>,
    have_me: &mut bool,
    have_org: &mut bool,
    (dash_query, view): (&DashboardQuery, Option<&View>),
) -> Result<Option<u64>, ClientError> {
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
    let fetched = client.dashboard(dash_query, etag.as_deref()).await?;
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
    Ok(poll_secs)
}

/// Every overdue report of today, longest first.
pub(crate) async fn overdue(client: &ApiClient) -> Result<Vec<OverdueReport>, ClientError> {
    let mut q = OverdueQuery { limit: Some(200), ..Default::default() };
    let mut out = Vec::new();
    loop {
        let page = client.overdue(&q).await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) if out.len() < MAX_ROWS => q.cursor = Some(c),
            _ => return Ok(out),
        }
    }
}

/// The escalated queue (level ≥ 1, not resolved), most urgent first, with the server's count.
pub(crate) async fn escalated(client: &ApiClient) -> Result<ProblemList, ClientError> {
    match fetch_view(client, &View::problems(None, true)).await? {
        ViewData::Problems(list) => Ok(list),
        _ => Ok(ProblemList::default()),
    }
}

/// Fetches the data of a drill-down view (lists page by page up to [`MAX_ROWS`]).
pub(crate) async fn fetch_view(client: &ApiClient, view: &View) -> Result<ViewData, ClientError> {
    Ok(match view {
        View::Dashboard | View::Parks | View::Units | View::Place(_) => {
            return Err(ClientError::Decode("not a list view".into()));
        }
        View::Problems { park, escalated, filter } => {
            let mut q = ProblemQuery {
                park: park.as_ref().map(|p| p.id),
                state: Some(filter.state.clone().unwrap_or_else(|| "unresolved".into())),
                level: filter.min_level.or(escalated.then_some(1)),
                priority: filter.priority.clone(),
                assignee: filter.assignee.as_ref().map(|a| a.0.clone()),
                sort: Some("urgency".into()),
                limit: Some(200),
                // The first page asks for the count of all that match, so the console can say it.
                total: Some(true),
                ..Default::default()
            };
            let mut out = ProblemList::default();
            loop {
                let page = client.problems(&q).await?;
                out.total = out.total.or(page.total);
                out.rows.extend(page.items);
                q.total = None;
                match page.next_cursor {
                    Some(c) if out.rows.len() < MAX_ROWS => q.cursor = Some(c),
                    _ => break ViewData::Problems(out),
                }
            }
        }
        View::Enterprises { park } => {
            let mut q = EnterpriseQuery { park: Some(park.id), limit: Some(200), ..Default::default() };
            let mut out = Vec::new();
            loop {
                let page = client.enterprises(&q).await?;
                out.extend(page.items);
                match page.next_cursor {
                    Some(c) if out.len() < MAX_ROWS => q.cursor = Some(c),
                    _ => break ViewData::Enterprises(out),
                }
            }
        }
        View::Officers { park, unit } => {
            let mut q = OfficerQuery {
                park: park.as_ref().map(|p| p.id),
                unit: unit.as_ref().map(|u| u.id),
                limit: Some(200),
                ..Default::default()
            };
            let mut out = Vec::new();
            loop {
                let page = client.officers(&q).await?;
                out.extend(page.items);
                match page.next_cursor {
                    Some(c) if out.len() < MAX_ROWS => q.cursor = Some(c),
                    _ => break ViewData::Officers(out),
                }
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

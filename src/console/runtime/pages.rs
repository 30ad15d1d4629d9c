//! The reads of lists and views: further pages of a list, fetched on demand in a background
//! task (the query of each list's page at a cursor; the first page asks for the server's
//! count), answered as `Msg::Page`; and the first page or the record of a view, the overdue
//! list and the escalated queue, for the poller and the snapshot.

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::mpsc;

use crate::api::client::{ApiClient, ClientError};
use crate::api::types::{EnterpriseQuery, OfficerQuery, OverdueQuery, OverdueReport, ProblemQuery};

use crate::console::message::Msg;
use crate::console::model::{ListRef, PageRows, Paged, ProblemList, View, ViewData};

/// Rows asked for in one page of a list (the API's most).
pub(crate) const PAGE: i64 = 200;

/// The query of a page of the overdue reports in `scope` (`province`, `city:ID`, `county:ID`;
/// `None`: the top of the data) of `date` (`None`: the latest day past its deadline, else the
/// past day viewed); the first page asks for the count.
pub(crate) fn overdue_query(cursor: Option<String>, scope: Option<String>, date: Option<NaiveDate>) -> OverdueQuery {
    OverdueQuery {
        limit: Some(PAGE),
        total: cursor.is_none().then_some(true),
        cursor,
        scope,
        date,
        ..Default::default()
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
        ListRef::Overdue(scope, date) => {
            let p = client.overdue(&overdue_query(cursor, scope.map(|s| s.to_string()), *date)).await?;
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

/// The unresolved problems due next after `after`, soonest first (the alerts' deadline watch),
/// sent as [`Msg::Deadlines`]; a failure is logged and sent as the error.
pub(crate) fn spawn_deadlines(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, after: DateTime<Utc>) {
    tokio::spawn(async move {
        let q = ProblemQuery {
            state: Some("unresolved".into()),
            sort: Some("due".into()),
            due_after: Some(after.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            limit: Some(PAGE),
            ..Default::default()
        };
        let result = client.problems(&q).await.map(|page| Paged::first(page.items, page.total, page.next_cursor));
        if let Err(e) = &result {
            tracing::warn!(error = %e, "the deadline watch failed; asking again after the next poll");
        }
        let _ = tx.send(Msg::Deadlines { at: Utc::now(), result: result.map_err(|e| e.to_string()) });
    });
}

/// The first page of today's overdue reports in `scope` (as the dashboard's query spells it),
/// longest first, with the server's count.
pub(crate) async fn overdue(
    client: &ApiClient,
    scope: Option<String>,
    date: Option<NaiveDate>,
) -> Result<Paged<OverdueReport>, ClientError> {
    let page = client.overdue(&overdue_query(None, scope, date)).await?;
    Ok(Paged::first(page.items, page.total, page.next_cursor))
}

/// The first page of the escalated queue (level ≥ 1, not resolved), most urgent first, with
/// the server's count.
pub(crate) async fn escalated(client: &ApiClient) -> Result<ProblemList, ClientError> {
    match fetch_view(client, &View::problems(None, true)).await? {
        ViewData::Problems(list) => Ok(list),
        _ => Ok(ProblemList::default()),
    }
}

/// Fetches the data of a drill-down view: one record, or the first page of a list.
pub(crate) async fn fetch_view(client: &ApiClient, view: &View) -> Result<ViewData, ClientError> {
    Ok(match view {
        View::Dashboard | View::Parks | View::Units | View::Place(_) | View::Chart => {
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
        View::Handover { since, scope } => {
            let q = crate::api::types::HandoverQuery {
                since: Some(since.to_rfc3339()),
                until: None,
                scope: scope.clone(),
                limit: None,
            };
            ViewData::Handover(Box::new(client.handover(&q).await?))
        }
    })
}

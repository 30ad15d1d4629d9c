//! Carries out the console's writes and one-off reads in background tasks and sends the
//! answers back as messages: a triage POST goes exactly once with the `Idempotency-Key` and
//! `If-Match` the update logic chose (no automatic retries); on 412 the problem's timeline is
//! fetched so the dialog can say who changed what since the version the user saw. Also the
//! picker's directory: every officer (pages of 200) and each department's open load.

use tokio::sync::mpsc;
use uuid::Uuid;

use crate::api::client::{ApiClient, ClientError};
use crate::api::triage::TriageRequest;
use crate::api::types::{OfficerQuery, ProblemQuery};

use crate::console::message::Msg;
use crate::console::model::triage::{TriageFailure, events_since};

/// Officers the picker loads at most (until it searches the server).
const MAX_ROWS: usize = 2000;

/// One triage action to send.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outgoing {
    /// Its number, echoed in [`Msg::Triaged`].
    pub seq: u64,
    /// The id of the problem acted on.
    pub problem_id: i64,
    /// The problem's version the user last saw, sent as `If-Match`.
    pub version: i64,
    /// The action with its input.
    pub request: TriageRequest,
    /// The action's `Idempotency-Key`: the session's seed mixed with `seq`, so new for every send.
    pub key: Uuid,
}

/// Sends one triage action and reports the answer as [`Msg::Triaged`].
pub(crate) async fn triage(client: &ApiClient, out: Outgoing) -> Msg {
    let sent = client.triage(out.problem_id, &out.request, out.version, out.key).await;
    tracing::info!(problem = out.problem_id, action = out.request.path(), ok = sent.is_ok(), "triage answered");
    let result = match sent {
        Ok(p) => Ok(Box::new(p)),
        Err(e) => Err(match TriageFailure::from_client(e) {
            TriageFailure::Stale { current, .. } => {
                let events = match client.timeline(out.problem_id).await {
                    Ok(all) => events_since(&all, out.version, current.version),
                    Err(e) => {
                        tracing::warn!(error = %e, "timeline after 412 failed");
                        Vec::new()
                    }
                };
                TriageFailure::Stale { current, events }
            }
            other => other,
        }),
    };
    Msg::Triaged { seq: out.seq, result }
}

/// Spawns [`triage`], sending its answer on `tx`.
pub(crate) fn spawn_triage(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, out: Outgoing) {
    tokio::spawn(async move {
        let msg = triage(&client, out).await;
        let _ = tx.send(msg);
    });
}

/// Every officer and the open load of each department, as [`Msg::Assignees`].
pub(crate) async fn assignees(client: &ApiClient, departments: &[i64]) -> Msg {
    match fetch_assignees(client, departments).await {
        Ok((officers, dept_load)) => Msg::Assignees { officers, dept_load },
        Err(e) => Msg::AssigneesFailed(e.to_string()),
    }
}

async fn fetch_assignees(
    client: &ApiClient,
    departments: &[i64],
) -> Result<(Vec<crate::api::types::Officer>, Vec<(i64, i64)>), ClientError> {
    let mut q = OfficerQuery { limit: Some(200), ..Default::default() };
    let mut officers = Vec::new();
    loop {
        let page = client.officers(&q).await?;
        officers.extend(page.items);
        match page.next_cursor {
            Some(c) if officers.len() < MAX_ROWS => q.cursor = Some(c),
            _ => break,
        }
    }
    let mut load = Vec::new();
    for &id in departments {
        let q = ProblemQuery {
            assignee: Some(format!("department:{id}")),
            state: Some("unresolved".into()),
            total: Some(true),
            limit: Some(1),
            ..Default::default()
        };
        // A department's load is a nicety: a refusal leaves it unknown.
        if let Ok(page) = client.problems(&q).await
            && let Some(n) = page.total
        {
            load.push((id, n));
        }
    }
    Ok((officers, load))
}

/// Spawns [`assignees`], sending its answer on `tx`.
pub(crate) fn spawn_assignees(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, departments: Vec<i64>) {
    tokio::spawn(async move {
        let msg = assignees(&client, &departments).await;
        let _ = tx.send(msg);
    });
}

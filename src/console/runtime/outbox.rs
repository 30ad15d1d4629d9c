//! Carries out the console's writes and one-off reads in background tasks and sends the
//! answers back as messages: a triage POST goes exactly once with the `Idempotency-Key` and
//! `If-Match` the update logic chose (no automatic retries); on 412 the problem's timeline is
//! fetched so the dialog can say who changed what since the version the user saw. Also the
//! picker's department loads (its officers come from `runtime::search`).

use tokio::sync::mpsc;
use uuid::Uuid;

use crate::api::client::ApiClient;
use crate::api::triage::TriageRequest;
use crate::api::types::ProblemQuery;

use crate::console::message::Msg;
use crate::console::model::triage::{TriageFailure, events_since};

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

/// The open load of each department, as [`Msg::DepartmentLoads`]: one one-row page with the
/// count per department. A department's load is a nicety: a refused count leaves it unknown.
pub(crate) async fn department_loads(client: &ApiClient, departments: &[i64]) -> Msg {
    let mut load = Vec::new();
    for &id in departments {
        let q = ProblemQuery {
            assignee: Some(format!("department:{id}")),
            state: Some("unresolved".into()),
            total: Some(true),
            limit: Some(1),
            ..Default::default()
        };
        match client.problems(&q).await {
            Ok(page) => load.extend(page.total.map(|n| (id, n))),
            Err(e) => tracing::warn!(department = id, error = %e, "department load refused"),
        }
    }
    Msg::DepartmentLoads(load)
}

/// Spawns [`department_loads`], sending its answer on `tx`.
pub(crate) fn spawn_department_loads(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, departments: Vec<i64>) {
    tokio::spawn(async move {
        let msg = department_loads(&client, &departments).await;
        let _ = tx.send(msg);
    });
}

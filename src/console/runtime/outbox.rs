//! The outbox's edge: every confirmed triage action is written to the journal (fsynced, in
//! `runtime::journal`) before its first try, then sent with its `Idempotency-Key` and
//! `If-Match` and tried again, with exponential backoff and jitter (`backon`), until a
//! definite answer: 2xx, or a 4xx (on 412 the problem's timeline is fetched so the dialog can
//! say who changed what). A try without one (a timeout, a refused connection, a 5xx, an answer
//! lost) is reported as unknown and retried with the same key, so the server applies it once.
//! Only a definite answer or the user's drop takes it off the disk; at start the actions a
//! previous run left for this API and user are resent. One task owns the journal; each action's
//! tries run in a task of their own. Also the picker's department loads (its officers come from
//! `runtime::search`).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use chrono::Utc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::api::client::ApiClient;
use crate::api::types::ProblemQuery;

use super::journal::Journal;
use crate::console::message::{Msg, OutboxNews};
use crate::console::model::outbox::{Pending, unknown_outcome};
use crate::console::model::triage::{TriageFailure, events_since};

/// The first wait before a try again; the waits double, with jitter, up to [`MAX_WAIT`].
const FIRST_WAIT: Duration = Duration::from_secs(1);

/// The longest wait between two tries.
const MAX_WAIT: Duration = Duration::from_secs(15);

/// How a write awaiting a definite answer is tried again (triage actions and reminders): from
/// [`FIRST_WAIT`], doubling with jitter up to [`MAX_WAIT`], without end.
pub(crate) fn delivery_backoff() -> ExponentialBuilder {
    ExponentialBuilder::new().with_min_delay(FIRST_WAIT).with_max_delay(MAX_WAIT).with_jitter().without_max_times()
}

/// What the journal's task is asked to do.
enum Cmd {
    /// Keep this action and send it.
    Send(Pending),
    /// Drop this action.
    Drop(Uuid),
    /// A try of this action had no definite answer (kept on disk for `:outbox` after a restart).
    Noted { key: Uuid, attempts: u32, error: String },
    /// This action has its definite answer: off the disk, then the answer to `update`.
    Done { key: Uuid, msg: Msg },
}

/// The handle of the outbox's task.
#[derive(Clone)]
pub(crate) struct Outbox {
    cmd: mpsc::UnboundedSender<Cmd>,
}

impl Outbox {
    /// Keeps `p` on disk, then sends it until a definite answer.
    pub(crate) fn send(&self, p: Pending) {
        let _ = self.cmd.send(Cmd::Send(p));
    }

    /// Stops trying the action with `key` and forgets it.
    pub(crate) fn drop_action(&self, key: Uuid) {
        let _ = self.cmd.send(Cmd::Drop(key));
    }
}

/// Starts the outbox over `journal` (`None`: not kept on disk, e.g. no state directory): the
/// actions it holds are announced ([`OutboxNews::Restored`]) and resent at once.
pub(crate) fn spawn(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, journal: Option<Journal>) -> Outbox {
    let (cmd, mut rx) = mpsc::unbounded_channel();
    let outbox = Outbox { cmd: cmd.clone() };
    tokio::spawn(async move {
        let mut kept: Vec<Pending> = Vec::new();
        let mut tries: HashMap<Uuid, JoinHandle<()>> = HashMap::new();
        if let Some(j) = &journal {
            match j.load() {
                Ok(list) => kept = list,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox file unreadable");
                    let _ = tx.send(Msg::Outbox(OutboxNews::Unreadable(e)));
                }
            }
        }
        if !kept.is_empty() {
            tracing::info!(actions = kept.len(), "resending the outbox of the last run");
            let _ = tx.send(Msg::Outbox(OutboxNews::Restored(kept.clone())));
            for p in &kept {
                tries.insert(p.key, spawn_tries(client.clone(), tx.clone(), cmd.clone(), p.clone()));
            }
        }
        let save = |kept: &[Pending]| match &journal {
            Some(j) => j.save(kept).map_err(|e| format!("{}: {e}", j.path().display())),
            None => Ok(()),
        };
        while let Some(c) = rx.recv().await {
            match c {
                Cmd::Send(p) => {
                    if kept.iter().any(|x| x.key == p.key) {
                        continue;
                    }
                    kept.push(p.clone());
                    // On disk before the first try.
                    if let Err(error) = save(&kept) {
                        tracing::error!(%error, "outbox not saved");
                        let _ = tx.send(Msg::Outbox(OutboxNews::Unsaved { key: p.key, error }));
                    }
                    tries.insert(p.key, spawn_tries(client.clone(), tx.clone(), cmd.clone(), p));
                }
                Cmd::Drop(key) => {
                    if let Some(t) = tries.remove(&key) {
                        t.abort();
                    }
                    kept.retain(|x| x.key != key);
                    if let Err(error) = save(&kept) {
                        tracing::error!(%error, "outbox not saved after a drop");
                    }
                    tracing::info!(%key, "outbox action dropped by the user");
                    let _ = tx.send(Msg::Outbox(OutboxNews::Dropped { key }));
                }
                Cmd::Noted { key, attempts, error } => {
                    if let Some(p) = kept.iter_mut().find(|x| x.key == key) {
                        p.attempts = attempts;
                        p.last_error = Some(error);
                        let _ = save(&kept);
                    }
                }
                Cmd::Done { key, msg } => {
                    tries.remove(&key);
                    // A drop that came first wins: the answer is still worth showing.
                    kept.retain(|x| x.key != key);
                    if let Err(error) = save(&kept) {
                        tracing::error!(%error, "outbox not saved after an answer");
                    }
                    let _ = tx.send(msg);
                }
            }
        }
    });
    outbox
}

fn spawn_tries(
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    cmd: mpsc::UnboundedSender<Cmd>,
    p: Pending,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let key = p.key;
        let msg = deliver(&client, &p, |attempts, error, wait| {
            let next_at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
            let _ = cmd.send(Cmd::Noted { key, attempts, error: error.clone() });
            let _ = tx.send(Msg::Outbox(OutboxNews::Retrying { key, attempts, error, next_at }));
        })
        .await;
        let _ = cmd.send(Cmd::Done { key, msg });
    })
}

/// Sends `p` until a definite answer, calling `retrying(attempts, error, wait)` after each try
/// without one; the answer as [`Msg::Triaged`].
pub(crate) async fn deliver(client: &ApiClient, p: &Pending, retrying: impl Fn(u32, String, Duration)) -> Msg {
    let request = p.op.request();
    let (id, version) = (p.seen.id, p.seen.version);
    let attempts = Arc::new(AtomicU32::new(p.attempts));
    let backoff = delivery_backoff();
    let sent = (|| client.triage(id, &request, version, p.key))
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(unknown_outcome)
        .notify(|e, wait| {
            let n = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            tracing::warn!(problem = id, key = %p.key, attempt = n, error = %e, "triage: no definite answer, retrying");
            retrying(n, e.to_string(), wait);
        })
        .await;
    tracing::info!(problem = id, action = request.path(), key = %p.key, ok = sent.is_ok(), "triage answered");
    let result = match sent {
        Ok(problem) => Ok(Box::new(problem)),
        Err(e) => Err(match TriageFailure::from_client(e) {
            TriageFailure::Stale { current, .. } => {
                let events = match client.timeline(id).await {
                    Ok(all) => events_since(&all, version, current.version),
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
    Msg::Triaged { key: p.key, result }
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

//! Reminders' edge: every confirmed reminder is written to its journal (beside the triage
//! outbox's, `runtime::journal`) before its first try, then sent with its `Idempotency-Key`
//! and tried again with backoff (`backon`) until a definite answer, exactly as triage actions
//! are (`runtime::outbox`, whose classification of failures it shares), so a reminder is never
//! lost and the server records it once. At start the reminders a previous run left are resent.
//! Also the count a park's or a unit's confirmation shows: the overdue list's total there.

use backon::Retryable;
use tokio::sync::mpsc;

use crate::api::client::ApiClient;
use crate::api::types::OverdueQuery;

use super::journal::Journal;
use crate::console::message::Msg;
use crate::console::model::outbox::unknown_outcome;
use crate::console::model::reminders::{PendingReminder, RemindChoice};

/// The handle of the reminders' task.
#[derive(Clone)]
pub(crate) struct Reminders {
    send: mpsc::UnboundedSender<PendingReminder>,
}

impl Reminders {
    /// Keeps `p` on disk, then sends it until a definite answer.
    pub(crate) fn send(&self, p: PendingReminder) {
        let _ = self.send.send(p);
    }
}

/// Starts the reminders' task over `journal` (`None`: not kept on disk); what it holds from a
/// previous run is resent at once.
pub(crate) fn spawn(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, journal: Option<Journal>) -> Reminders {
    let (send, mut rx) = mpsc::unbounded_channel::<PendingReminder>();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<uuid::Uuid>();
    tokio::spawn(async move {
        let mut kept: Vec<PendingReminder> = match &journal {
            Some(j) => j.load().unwrap_or_else(|e| {
                tracing::warn!(error = %e, "reminders file unreadable");
                Vec::new()
            }),
            None => Vec::new(),
        };
        let save = |kept: &[PendingReminder]| {
            if let Some(j) = &journal
                && let Err(e) = j.save(kept)
            {
                tracing::error!(error = %e, file = %j.path().display(), "reminders not saved");
            }
        };
        for p in &kept {
            spawn_tries(client.clone(), tx.clone(), done_tx.clone(), p.clone());
        }
        loop {
            tokio::select! {
                Some(p) = rx.recv() => {
                    if kept.iter().any(|x| x.key == p.key) {
                        continue;
                    }
                    kept.push(p.clone());
                    // On disk before the first try.
                    save(&kept);
                    spawn_tries(client.clone(), tx.clone(), done_tx.clone(), p);
                }
                Some(key) = done_rx.recv() => {
                    kept.retain(|x| x.key != key);
                    save(&kept);
                }
                else => break,
            }
        }
    });
    Reminders { send }
}

fn spawn_tries(
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    done: mpsc::UnboundedSender<uuid::Uuid>,
    p: PendingReminder,
) {
    tokio::spawn(async move {
        let msg = deliver(&client, &p).await;
        let _ = done.send(p.key);
        let _ = tx.send(msg);
    });
}

/// Sends `p` until a definite answer, as [`Msg::Reminded`].
pub(crate) async fn deliver(client: &ApiClient, p: &PendingReminder) -> Msg {
    let backoff = super::outbox::delivery_backoff();
    let sent = (|| client.remind(&p.request, p.key))
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(unknown_outcome)
        .notify(|e, wait| tracing::warn!(key = %p.key, error = %e, ?wait, "reminder: no definite answer, retrying"))
        .await;
    tracing::info!(key = %p.key, ok = sent.is_ok(), "reminder answered");
    Msg::Reminded { key: p.key, result: sent.map(Box::new).map_err(|e| e.to_string()) }
}

/// The overdue list's total for a park's or a unit's reminder, as [`Msg::RemindCount`].
pub(crate) fn spawn_count(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, choice: RemindChoice) {
    tokio::spawn(async move {
        let q = OverdueQuery {
            park: choice.request.park,
            unit: choice.request.unit,
            date: choice.request.date,
            limit: Some(1),
            total: Some(true),
            ..Default::default()
        };
        let result = match client.overdue(&q).await {
            Ok(page) => page.total.ok_or_else(|| "the server sent no total".to_string()),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(Msg::RemindCount { choice, result });
    });
}

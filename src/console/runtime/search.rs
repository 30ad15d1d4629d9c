//! The reassign picker's officer search on the server, debounced: a task keyed by the latest
//! query typed. It waits until the typing has paused for [`DEBOUNCE`], asks
//! `GET /officers?q=&limit=20` for the query then latest, and sends the answer back as
//! [`Msg::Officers`] with the query it answers (`update` drops an answer to an older query). A
//! query typed while a search is out abandons it and starts the wait again; an empty query
//! asks nothing.

use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::api::client::ApiClient;
use crate::api::types::{Officer, OfficerQuery};

use crate::console::message::Msg;
use crate::console::model::assignees::SEARCH_LIMIT;

/// How long the typing must pause before the query goes out.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(150);

/// The handle to the search task; the task ends when this is dropped or `tx` closes.
#[derive(Debug)]
pub(crate) struct OfficerSearch {
    latest: watch::Sender<String>,
}

impl OfficerSearch {
    /// The query typed now (it replaces any query not yet sent).
    pub(crate) fn search(&self, query: String) {
        let _ = self.latest.send(query);
    }
}

/// Starts the search task.
pub(crate) fn spawn(client: ApiClient, tx: mpsc::UnboundedSender<Msg>) -> OfficerSearch {
    let (latest, rx) = watch::channel(String::new());
    tokio::spawn(run(client, tx, rx));
    OfficerSearch { latest }
}

async fn run(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, mut rx: watch::Receiver<String>) {
    // A query arrived during the last search and is still to be waited on.
    let mut pending = false;
    loop {
        if !pending && rx.changed().await.is_err() {
            return;
        }
        pending = false;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(DEBOUNCE) => break,
                changed = rx.changed() => if changed.is_err() { return },
            }
        }
        let query = rx.borrow_and_update().clone();
        if query.is_empty() {
            continue;
        }
        tokio::select! {
            result = search(&client, &query) => {
                if tx.send(Msg::Officers { query, result }).is_err() {
                    return;
                }
            }
            // A newer query: this answer would be dropped; wait for the typing to pause again.
            changed = rx.changed() => {
                if changed.is_err() {
                    return;
                }
                pending = true;
            }
        }
    }
}

/// One search: the first page of the server's ranking for `query`.
pub(crate) async fn search(client: &ApiClient, query: &str) -> Result<Vec<Officer>, String> {
    let q = OfficerQuery { q: Some(query.to_string()), limit: Some(SEARCH_LIMIT), ..Default::default() };
    match client.officers(&q).await {
        Ok(page) => Ok(page.items),
        Err(e) => {
            tracing::warn!(error = %e, "officer search failed");
            Err(e.to_string())
        }
    }
}

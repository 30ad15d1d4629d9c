//! The morning burst: writers that post check-ins through the API as admins on behalf of
//! officers, paced to a total rate, each answer timed and classified.

use std::time::{Duration, Instant};

use reqwest::Method;
use tokio::sync::watch;

use crate::api::client::ApiClient;
use crate::api::types::{NewCheckin, OfficerQuery};
use crate::api::write_outcome::WriteOutcome;

/// What one writer saw.
#[derive(Debug, Default, Clone)]
pub struct WriterReport {
    /// Latency of each accepted check-in.
    pub latencies: Vec<Duration>,
    /// Answers that were not a success, by kind (`429`, `503`, `409 …`, `failed …`), counted.
    pub refused: Vec<(String, u64)>,
}

impl WriterReport {
    fn refuse(&mut self, kind: String) {
        match self.refused.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.refused.push((kind, 1)),
        }
    }
}

/// (officer, enterprise) pairs to check in with: the first `pages` pages of `/officers`.
pub async fn liaisons(client: &ApiClient, pages: usize) -> anyhow::Result<Vec<(i64, i64)>> {
    let mut q = OfficerQuery { limit: Some(200), ..Default::default() };
    let mut out = Vec::new();
    for _ in 0..pages {
        let page = client.officers(&q).await?;
        out.extend(page.items.iter().filter_map(|o| o.enterprises.first().map(|e| (o.id, e.id))));
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    anyhow::ensure!(!out.is_empty(), "no officer with an enterprise: is the database seeded?");
    Ok(out)
}

/// Posts check-ins at `per_sec` (one at a time, the next due on a fixed beat; a slow answer
/// delays the beat, so the achieved rate shows) until `stop` turns true. Writer `index` of
/// `of` takes every `of`-th pair.
pub async fn run(
    client: ApiClient,
    pairs: Vec<(i64, i64)>,
    index: usize,
    of: usize,
    per_sec: f64,
    mut stop: watch::Receiver<bool>,
) -> WriterReport {
    let mut report = WriterReport::default();
    let mut beat = tokio::time::interval(Duration::from_secs_f64(1.0 / per_sec.max(0.01)));
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mine: Vec<(i64, i64)> = pairs.into_iter().skip(index).step_by(of.max(1)).collect();
    for (officer, enterprise) in mine.iter().copied().cycle() {
        tokio::select! {
            _ = beat.tick() => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
        let body = NewCheckin { enterprise_id: enterprise, officer_id: Some(officer) };
        let sent = Instant::now();
        match client.write(Method::POST, "checkins", &body, None, Some(uuid::Uuid::new_v4())).await {
            WriteOutcome::Done(_) => report.latencies.push(sent.elapsed()),
            WriteOutcome::Busy(_) => report.refuse("429/503 busy".into()),
            WriteOutcome::Refused(status, why) => report.refuse(format!("{status} {why}")),
            WriteOutcome::Stale(_) => report.refuse("412".into()),
            WriteOutcome::Failed(why) => report.refuse(format!("failed {}", why.chars().take(80).collect::<String>())),
        }
    }
    report
}

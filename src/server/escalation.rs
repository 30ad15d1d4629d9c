//! The escalation policy's task (`[server.escalation]`): it sleeps until the next open problem
//! falls due by the policy, escalates what is due as the system, and looks again. A deadline can
//! also appear sooner than the one it sleeps for (a person escalating a problem already past its
//! deadline), so it never sleeps longer than [`LOOK_AGAIN`].

use std::sync::Arc;
use std::time::Duration;

use crate::domain::escalation::EscalationPolicy;
use crate::store::StoreResult;

use super::state::AppState;

/// The longest the task sleeps between two looks at the deadlines.
pub const LOOK_AGAIN: Duration = Duration::from_secs(15);

/// Escalates what the policy says is due now; returns how many problems went up a level.
pub async fn sweep(state: &AppState, policy: &EscalationPolicy) -> StoreResult<usize> {
    let escalated = state.store.escalate_due(policy, state.now()).await?;
    for p in &escalated {
        tracing::info!(problem = p.id, level = p.level, "escalated by the policy: SLA passed unacknowledged");
    }
    Ok(escalated.len())
}

/// How long to sleep until the next escalation falls due (at most [`LOOK_AGAIN`]).
async fn until_next(state: &AppState, policy: &EscalationPolicy) -> StoreResult<Duration> {
    let next = state.store.next_escalation(policy).await?;
    let wait = next.map_or(LOOK_AGAIN, |at| (at - state.now()).to_std().unwrap_or(Duration::ZERO));
    Ok(wait.min(LOOK_AGAIN))
}

/// Runs the policy until aborted: a sweep, then a sleep until the next deadline. A store
/// error is logged and the task looks again after [`LOOK_AGAIN`].
pub fn spawn(state: AppState, policy: Arc<EscalationPolicy>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let (escalated, wait) = match sweep(&state, &policy).await {
                Ok(n) => (n, until_next(&state, &policy).await),
                Err(e) => (0, Err(e)),
            };
            let wait = wait.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the escalation policy could not read the deadlines");
                LOOK_AGAIN
            });
            // A deadline due now that nothing could escalate (a person's write in between) is
            // looked at again after a second, not in a busy loop.
            let least = if escalated > 0 { Duration::from_millis(10) } else { Duration::from_secs(1) };
            tokio::time::sleep(wait.max(least)).await;
        }
    })
}

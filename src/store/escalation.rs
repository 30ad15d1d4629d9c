//! The escalation policy's store side: the open problems whose SLA deadline plus the policy's
//! delay has passed, each escalated one level as the system (`actor` "system", `via` system),
//! and when the next one falls due. Each escalation is the ordinary compare-and-swap triage
//! write, so a person acting on the problem at the same moment wins, a second server replica
//! sweeping at once escalates nothing twice, and the figures, the change feed and the timeline
//! follow as for any escalation. The reads use `problems_open_level_due` (migration 0010).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::triage::TriageError;
use super::{Store, StoreError, StoreResult, from_ms, ms};
use crate::api::triage::TriageRequest;
use crate::api::types::{Problem, SYSTEM_ACTOR, Via};
use crate::domain::escalation::EscalationPolicy;
use crate::domain::lifecycle::MAX_LEVEL;

/// The open problems at `level` of `priority`, due at or before `due_by`, in deadline order.
const DUE_SQL: &str = "SELECT id, version FROM problems WHERE state = 'open' AND level = $1 AND priority = $2 \
                       AND due_at <= $3 ORDER BY due_at, id";

/// The earliest deadline among the open problems at `level` of `priority`.
const NEXT_SQL: &str = "SELECT MIN(due_at) FROM problems WHERE state = 'open' AND level = $1 AND priority = $2";

impl Store {
    /// Escalates every open problem the policy says is due by `now`, as the system, lowest level
    /// first (so a problem past two steps goes up twice, one event each); returns the problems
    /// as escalated. A problem someone changed meanwhile is left to them.
    pub async fn escalate_due(&self, policy: &EscalationPolicy, now: DateTime<Utc>) -> StoreResult<Vec<Problem>> {
        let mut escalated = Vec::new();
        for level in 0..MAX_LEVEL {
            for (priority, _, delay) in policy.steps().filter(|s| s.1 == level) {
                let due = sqlx::query(DUE_SQL)
                    .bind(level)
                    .bind(priority.as_str())
                    .bind(ms(now - delay))
                    .fetch_all(&self.pool)
                    .await?;
                for row in due {
                    let (id, version): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
                    let request = TriageRequest::Escalate { note: None };
                    match self.triage_as(id, version, &request, (SYSTEM_ACTOR, None), Via::System, now).await {
                        Ok(p) => escalated.push(p),
                        // Changed, acknowledged or resolved since the read: a person acted first.
                        Err(TriageError::Stale { .. } | TriageError::Rule(_) | TriageError::NotFound(_)) => {}
                        Err(TriageError::Store(e)) => return Err(e),
                        Err(e @ TriageError::Invalid { .. }) => return Err(StoreError::Corrupt(e.to_string())),
                    }
                }
            }
        }
        Ok(escalated)
    }

    /// The first instant at which [`Store::escalate_due`] would escalate something, if any
    /// open problem is on the policy's path (it may be in the past: then at once).
    pub async fn next_escalation(&self, policy: &EscalationPolicy) -> StoreResult<Option<DateTime<Utc>>> {
        let mut next: Option<DateTime<Utc>> = None;
        for (priority, level, delay) in policy.steps() {
            let row = sqlx::query(NEXT_SQL).bind(level).bind(priority.as_str()).fetch_one(&self.pool).await?;
            if let Some(due) = row.try_get::<Option<i64>, _>(0)? {
                let at = from_ms(due) + delay;
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        }
        Ok(next)
    }
}

//! A past day's open problems: each problem's state, level and due time at the end of that day,
//! replayed from its timeline (`problem_events`), then counted per park as the live figures are.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sqlx::{AnyConnection, Row};

use super::super::{StoreError, StoreResult, from_ms, ms};
use crate::api::types::ProblemCounts;
use crate::domain::calendar::{Calendar, SlaHours, due_at};
use crate::domain::lifecycle::{Action, Priority, ProblemState, is_escalated};

/// The first instant after local day `date`: its end.
pub fn end_of_day(cal: &Calendar, date: NaiveDate) -> DateTime<Utc> {
    cal.instant(date + Duration::days(1), NaiveTime::MIN)
}

/// One event of a problem's timeline, as the replay needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineStep {
    /// The action's stored spelling (`raise`, `escalate`, …).
    pub action: String,
    /// The state after it.
    pub to_state: ProblemState,
    /// The priority it set (raise, set_priority), if any.
    pub priority: Option<Priority>,
    /// When it happened.
    pub at: DateTime<Utc>,
}

/// Rows of `problem_id, action, to_state, payload, at` (in `seq` order) as each problem's steps.
pub(crate) fn timeline_steps(rows: &[sqlx::any::AnyRow]) -> StoreResult<HashMap<i64, Vec<TimelineStep>>> {
    let mut steps: HashMap<i64, Vec<TimelineStep>> = HashMap::new();
    for r in rows {
        let to: String = r.try_get("to_state")?;
        let payload: String = r.try_get("payload")?;
        let priority = serde_json::from_str::<serde_json::Value>(&payload)
            .ok()
            .and_then(|v| v.get("priority").and_then(|p| p.as_str()).and_then(Priority::parse));
        steps.entry(r.try_get("problem_id")?).or_default().push(TimelineStep {
            action: r.try_get("action")?,
            to_state: ProblemState::parse(&to).ok_or_else(|| StoreError::Corrupt(format!("state {to:?}")))?,
            priority,
            at: from_ms(r.try_get("at")?),
        });
    }
    Ok(steps)
}

/// A problem as it stood at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoodAt {
    /// Its state.
    pub state: ProblemState,
    /// Its escalation level.
    pub level: i64,
    /// Its SLA due time.
    pub due: DateTime<Utc>,
}

/// A problem raised at `created` with `steps` (in order) as it stood at `end`, or `None` if it
/// was raised later. The due time is the one stored when nothing re-set it since `end` (exact
/// whatever rule set it); else the one the last raise, re-prioritisation or reopen before
/// `end` set, by the SLA hours.
pub fn stood_at(
    created: DateTime<Utc>,
    stored_due: DateTime<Utc>,
    steps: &[TimelineStep],
    end: DateTime<Utc>,
    sla: &SlaHours,
) -> Option<StoodAt> {
    if created >= end {
        return None;
    }
    let sets_due = |a: &str| [Action::Raise, Action::SetPriority, Action::Reopen].iter().any(|x| x.as_str() == a);
    let (mut state, mut level, mut priority, mut due) = (ProblemState::Open, 0, Priority::Normal, None);
    let mut due_reset_later = false;
    for s in steps {
        if s.at >= end {
            due_reset_later |= sets_due(&s.action);
            continue;
        }
        if let Some(p) = s.priority {
            priority = p;
        }
        if s.action == Action::Escalate.as_str() {
            level += 1;
        }
        if sets_due(&s.action) {
            due = Some(due_at(s.at, priority, sla));
        }
        state = s.to_state;
    }
    let due = if due_reset_later { due.unwrap_or(stored_due) } else { stored_due };
    Some(StoodAt { state, level, due })
}

/// Adds a problem as it stood at `end` into its park's counts.
pub fn count_at(c: &mut ProblemCounts, created: DateTime<Utc>, stood: StoodAt, end: DateTime<Utc>) {
    match stood.state {
        ProblemState::Resolved => return,
        ProblemState::Open => c.open += 1,
        ProblemState::Acknowledged => c.acknowledged += 1,
    }
    if is_escalated(stood.state, stood.level) {
        c.escalated += 1;
    }
    if stood.due < end {
        c.sla_breached += 1;
    }
    c.oldest_open_at = Some(c.oldest_open_at.map_or(created, |o| o.min(created)));
}

/// Which problems a replay reads: only those that may be unresolved at the day's end (raised
/// before it, and not resolved for good before it), or every problem (the recount's way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidates {
    /// Raised before the end and not resolved before it with no reopening since.
    MaybeOpen,
    /// Every problem.
    All,
}

/// Unresolved problems per park at the end of `date`, replayed from their timelines.
pub async fn problems_at_end_of(
    conn: &mut AnyConnection,
    cal: &Calendar,
    sla: &SlaHours,
    date: NaiveDate,
    which: Candidates,
) -> StoreResult<HashMap<i64, ProblemCounts>> {
    let end = end_of_day(cal, date);
    let filter = match which {
        Candidates::MaybeOpen => {
            "p.created_at < $1 AND NOT (p.state = 'resolved' AND COALESCE(p.resolved_at, $1) < $1)"
        }
        Candidates::All => "$1 = $1",
    };
    let problems =
        sqlx::query(&format!("SELECT p.id, p.park_id, p.created_at, p.due_at FROM problems p WHERE {filter}"))
            .bind(ms(end))
            .fetch_all(&mut *conn)
            .await?;
    let events = sqlx::query(&format!(
        "SELECT e.problem_id, e.action, e.to_state, e.payload, e.at FROM problem_events e \
         JOIN problems p ON p.id = e.problem_id WHERE {filter} ORDER BY e.problem_id, e.seq"
    ))
    .bind(ms(end))
    .fetch_all(&mut *conn)
    .await?;
    let steps = timeline_steps(&events)?;
    let mut by_park: HashMap<i64, ProblemCounts> = HashMap::new();
    for r in problems {
        let id: i64 = r.try_get("id")?;
        let created = from_ms(r.try_get("created_at")?);
        let steps = steps.get(&id).map(Vec::as_slice).unwrap_or_default();
        if let Some(stood) = stood_at(created, from_ms(r.try_get("due_at")?), steps, end, sla) {
            count_at(by_park.entry(r.try_get("park_id")?).or_default(), created, stood, end);
        }
    }
    Ok(by_park)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn step(action: Action, to: ProblemState, priority: Option<Priority>, t: &str) -> TimelineStep {
        TimelineStep { action: action.as_str().into(), to_state: to, priority, at: at(t) }
    }

    #[test]
    fn a_problem_resolved_after_the_day_was_open_at_its_end() {
        use ProblemState::*;
        let sla = SlaHours::default();
        let steps = [
            step(Action::Raise, Open, Some(Priority::Normal), "2026-02-15T02:00:00Z"),
            step(Action::Escalate, Open, None, "2026-02-15T03:00:00Z"),
            step(Action::Acknowledge, Acknowledged, None, "2026-02-15T04:00:00Z"),
            step(Action::SetPriority, Acknowledged, Some(Priority::Urgent), "2026-02-16T01:00:00Z"),
            step(Action::Resolve, Resolved, None, "2026-02-16T02:00:00Z"),
        ];
        let (created, stored_due) = (at("2026-02-15T02:00:00Z"), at("2026-02-16T03:00:00Z"));
        let end = at("2026-02-15T16:00:00Z");
        let s = stood_at(created, stored_due, &steps, end, &sla).unwrap();
        // At the end of 02-15: acknowledged at level 1, due 24 h after the raise (the urgent
        // re-prioritisation came later).
        assert_eq!(s, StoodAt { state: Acknowledged, level: 1, due: at("2026-02-16T02:00:00Z") });
        assert_eq!(stood_at(created, stored_due, &steps, at("2026-02-15T02:00:00Z"), &sla), None, "not raised yet");
        // Nothing re-set the due time after the end: the stored one stands.
        let now = stood_at(created, stored_due, &steps, at("2026-02-17T00:00:00Z"), &sla).unwrap();
        assert_eq!((now.state, now.due), (Resolved, stored_due));
        let mut c = ProblemCounts::default();
        count_at(&mut c, created, s, end);
        count_at(&mut c, created, now, end);
        assert_eq!((c.open, c.acknowledged, c.escalated, c.sla_breached), (0, 1, 1, 0));
        assert_eq!(c.oldest_open_at, Some(created));
    }
}

//! The handover's problems as they stood: those whose SLA deadline fell in the window while
//! unresolved (a range on `problems_due`), and those unresolved at the window's end. The end's
//! standing is today's for every problem no event touched since (the unresolved ones read by
//! `problems_unresolved_created`), and replayed from the timeline for the few touched after
//! the end (`problem_events_at`), so an end in the past costs what changed since, not a replay
//! of every problem.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::Row;

use super::super::dashboard::past::{stood_at, timeline_steps};
use super::super::sql::SqlBuf;
use super::super::{Store, StoreError, StoreResult, from_ms, ms};
use super::{HandoverWindow, push_scope};
use crate::api::types::{HandoverList, HandoverProblem, NamedRef, Scope};
use crate::domain::lifecycle::{Priority, ProblemState, is_escalated};

/// Ids bound in one `IN (…)` list (well below either engine's parameter limit).
const ID_CHUNK: usize = 500;

const PROBLEM_COLUMNS: &str = "SELECT p.id, p.title, p.park_id, pk.name AS park_name, p.state, p.level, p.priority, \
     p.created_at, p.due_at FROM problems p JOIN parks pk ON pk.id = p.park_id";

/// A problem row as stored now.
fn problem_of(r: &sqlx::any::AnyRow) -> StoreResult<HandoverProblem> {
    let state: String = r.try_get("state")?;
    let priority: String = r.try_get("priority")?;
    Ok(HandoverProblem {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        park: NamedRef { id: r.try_get("park_id")?, name: r.try_get("park_name")? },
        state: ProblemState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("state {state:?}")))?,
        level: r.try_get("level")?,
        priority: Priority::parse(&priority).ok_or_else(|| StoreError::Corrupt(format!("priority {priority:?}")))?,
        created_at: from_ms(r.try_get("created_at")?),
        due_at: from_ms(r.try_get("due_at")?),
    })
}

/// The first `limit` of `all` and its total.
fn top(all: Vec<HandoverProblem>, limit: i64) -> HandoverList<HandoverProblem> {
    let total = all.len() as i64;
    HandoverList { total, items: all.into_iter().take(usize::try_from(limit).unwrap_or(0)).collect() }
}

impl Store {
    /// Problems whose SLA deadline fell in the window while they were unresolved (not resolved,
    /// or resolved after it), earliest deadline first.
    pub(super) async fn past_sla(
        &self,
        w: &HandoverWindow,
        scope: Scope,
    ) -> StoreResult<HandoverList<HandoverProblem>> {
        let filter = |select: &str| {
            let mut sql = SqlBuf::new(select);
            sql.push(" WHERE p.due_at >= ")
                .int(ms(w.since))
                .push(" AND p.due_at < ")
                .int(ms(w.until))
                .push(" AND (p.state <> 'resolved' OR p.resolved_at > p.due_at)");
            push_scope(&mut sql, "p.park_id", scope);
            sql
        };
        let count = filter("SELECT COUNT(*) AS n FROM problems p");
        let total: i64 = count.query().fetch_one(self.pool()).await?.try_get("n")?;
        let mut rows = filter(PROBLEM_COLUMNS);
        rows.push(" ORDER BY p.due_at, p.id LIMIT ").int(w.limit);
        let items = rows.query().fetch_all(self.pool()).await?.iter().map(problem_of).collect::<StoreResult<_>>()?;
        Ok(HandoverList { total, items })
    }

    /// The problems unresolved at the window's end, and of them the escalated ones, each
    /// highest level first, then oldest.
    pub(super) async fn standing_at_end(
        &self,
        w: &HandoverWindow,
        scope: Scope,
    ) -> StoreResult<(HandoverList<HandoverProblem>, HandoverList<HandoverProblem>)> {
        let until = ms(w.until);
        let mut now = SqlBuf::new(PROBLEM_COLUMNS);
        now.push(" WHERE p.state <> 'resolved' AND p.created_at < ").int(until);
        push_scope(&mut now, "p.park_id", scope);
        let mut stood: BTreeMap<i64, HandoverProblem> = BTreeMap::new();
        for r in now.query().fetch_all(self.pool()).await? {
            let p = problem_of(&r)?;
            stood.insert(p.id, p);
        }
        // A range of problem_events_at (no DISTINCT or ORDER BY, which would read the whole
        // timeline in problem order); the few ids are deduplicated here.
        let touched: BTreeSet<i64> = sqlx::query("SELECT problem_id FROM problem_events WHERE at >= $1")
            .bind(until)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| r.try_get("problem_id"))
            .collect::<Result<_, _>>()?;
        let touched: Vec<i64> = touched.into_iter().collect();
        for ids in touched.chunks(ID_CHUNK) {
            self.replay_touched(ids, w, scope, &mut stood).await?;
        }
        let mut open: Vec<HandoverProblem> = stood.into_values().collect();
        open.sort_by_key(|p| (-p.level, p.created_at, p.id));
        let escalated: Vec<HandoverProblem> = open.iter().filter(|p| is_escalated(p.state, p.level)).cloned().collect();
        Ok((top(open, w.limit), top(escalated, w.limit)))
    }

    /// Puts each of `ids` (problems changed after the window's end) into `stood` as it stood
    /// at the end, replayed from its timeline, or takes it out if it was resolved or not yet
    /// raised then, or is outside the scope.
    async fn replay_touched(
        &self,
        ids: &[i64],
        w: &HandoverWindow,
        scope: Scope,
        stood: &mut BTreeMap<i64, HandoverProblem>,
    ) -> StoreResult<()> {
        let mut sql = SqlBuf::new(PROBLEM_COLUMNS);
        sql.push(" WHERE p.id IN (").int_list(ids).push(")");
        push_scope(&mut sql, "p.park_id", scope);
        let problems = sql.query().fetch_all(self.pool()).await?;
        let mut events =
            SqlBuf::new("SELECT problem_id, action, to_state, payload, at FROM problem_events WHERE problem_id IN (");
        events.int_list(ids).push(") ORDER BY problem_id, seq");
        let steps = timeline_steps(&events.query().fetch_all(self.pool()).await?)?;
        for id in ids {
            stood.remove(id);
        }
        for r in &problems {
            let mut p = problem_of(r)?;
            let timeline = steps.get(&p.id).map(Vec::as_slice).unwrap_or_default();
            let Some(then) = stood_at(p.created_at, p.due_at, timeline, w.until, &self.sla) else { continue };
            if then.state == ProblemState::Resolved {
                continue;
            }
            (p.state, p.level, p.due_at) = (then.state, then.level, then.due);
            stood.insert(p.id, p);
        }
        Ok(())
    }
}

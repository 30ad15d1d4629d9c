//! Changes from the change feed merged into what the console holds, without re-reading the
//! lists: each changed problem replaces its row, leaves a queue it no longer belongs to, or
//! enters one at its place in the urgency order (when that place is among the rows loaded);
//! the counts are the server's. The screens take them as other data does (held while frozen);
//! the escalated queue kept for `E` and the alerts takes them at once. A re-read first page of an enterprise or officer list
//! refreshes the loaded rows it covers and keeps the rest.

use chrono::{DateTime, Utc};

use crate::api::types::{AssigneeKind, Problem};
use crate::domain::lifecycle::ProblemState;

use crate::console::message::Effect;
use crate::console::model::{Paged, ProblemList, State, View, ViewData};

use super::triage;

/// The server's urgency order: highest level, most urgent priority, soonest due, then id.
fn urgency(p: &Problem) -> (i64, i64, i64, i64) {
    (-p.level, p.priority.rank(), p.due_at.timestamp_millis(), p.id)
}

/// Whether a problem belongs to a problem queue's filters, as the server applies them.
pub(crate) fn belongs(view: &View, p: &Problem) -> bool {
    let View::Problems { park, escalated, filter } = view else {
        return false;
    };
    let state = match filter.state.as_deref().unwrap_or("unresolved") {
        "unresolved" => p.state != ProblemState::Resolved,
        s => p.state.as_str() == s,
    };
    let level = p.level >= filter.min_level.or(escalated.then_some(1)).unwrap_or(0);
    let assignee = filter.assignee.as_ref().is_none_or(|(q, _)| match q.split_once(':') {
        Some(("department", id)) => p.assignee.kind == AssigneeKind::Department && p.assignee.id.to_string() == id,
        Some(("officer", id)) => p.assignee.kind == AssigneeKind::Officer && p.assignee.id.to_string() == id,
        _ => q == "desk" && p.assignee.kind == AssigneeKind::Desk,
    });
    park.as_ref().is_none_or(|r| r.id == p.park.id)
        && state
        && level
        && filter.priority.as_deref().is_none_or(|q| p.priority.as_str() == q)
        && assignee
}

/// Merges changed problems into a queue's loaded rows; `total` is the server's new count.
pub(crate) fn merge(list: &mut ProblemList, view: &View, changed: &[Problem], total: Option<i64>) {
    for p in changed {
        list.rows.retain(|q| q.id != p.id);
        if belongs(view, p) {
            let at = list.rows.partition_point(|q| urgency(q) < urgency(p));
            // Past the last row loaded it comes with a later page.
            if at < list.rows.len() || !list.has_more() {
                list.rows.insert(at, p.clone());
            }
        }
    }
    if total.is_some() {
        list.total = total;
    }
}

/// Changed problems arrived: merged at once into the escalated queue the poller keeps (for
/// `E` and the alerts, which follow the server even while frozen); the screens take them
/// through [`super::incoming`] (held while frozen), as [`merge_changed`].
pub(crate) fn escalated_changed(
    s: &mut State,
    at: DateTime<Utc>,
    changed: &[Problem],
    totals: &[(View, i64)],
) -> Vec<Effect> {
    let escalated = View::problems(None, true);
    let total = totals.iter().find(|(t, _)| *t == escalated).map(|t| t.1);
    match s.escalated.clone() {
        Some(mut list) => {
            merge(&mut list, &escalated, changed, total);
            triage::escalated(s, at, list)
        }
        None => Vec::new(),
    }
}

/// Merges changed problems into every queue on the stack (rows loaded beyond the first page
/// stay) and into an open problem detail.
pub(crate) fn merge_changed(s: &mut State, changed: &[Problem], totals: &[(View, i64)]) {
    let total = |v: &View| totals.iter().find(|(t, _)| t == v).map(|t| t.1);
    for sc in &mut s.stack {
        match &mut sc.data {
            Some(ViewData::Problems(list)) => merge(list, &sc.view, changed, total(&sc.view)),
            Some(ViewData::Problem(p, _)) => {
                if let Some(new) = changed.iter().find(|c| c.id == p.id) {
                    **p = new.clone();
                }
            }
            _ => {}
        }
    }
}

/// A re-read first page of a list: the loaded rows it covers take its values, the others stay
/// (rows loaded beyond the first page are not dropped); a list of one page is replaced.
pub(crate) fn refresh_rows<T: Clone>(held: &mut Paged<T>, fresh: Paged<T>, id: impl Fn(&T) -> i64) {
    if held.rows.len() <= fresh.rows.len() {
        *held = fresh;
        return;
    }
    for row in fresh.rows {
        if let Some(slot) = held.rows.iter_mut().find(|h| id(h) == id(&row)) {
            *slot = row;
        }
    }
    held.total = fresh.total.or(held.total);
}

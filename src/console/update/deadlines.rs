//! SLA deadlines passing, for the alerts: by the clock between polls, with the changed
//! problems, and (with `[console] alert_sla = "all"`) through the deadline watch the console
//! asks the server for after a poll when it needs it (`Effect::WatchDeadlines`, answered as
//! `Msg::Deadlines`).

use chrono::{DateTime, Utc};

use crate::api::types::Problem;
use crate::console::message::Effect;
use crate::console::model::alerts::Alert;
use crate::console::model::{ProblemList, State};

/// The bell for new alerts, when it is on.
pub(crate) fn ring(s: &State, fresh: &[Alert]) -> Vec<Effect> {
    if s.bell && !fresh.is_empty() { vec![Effect::Bell] } else { Vec::new() }
}

/// The clock moved: deadlines passed since the last look alert.
pub(crate) fn tick(s: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let fresh = s.alerts.tick(now);
    ring(s, &fresh)
}

/// Changed problems arrived: the watched deadlines follow them.
pub(crate) fn changed(s: &mut State, changed: &[Problem], at: DateTime<Utc>) -> Vec<Effect> {
    let fresh = s.alerts.changed(changed, at);
    ring(s, &fresh)
}

/// After a poll: the deadline watch to ask for, if the alerts need it and none is on its way.
pub(crate) fn after_poll(s: &mut State, at: DateTime<Utc>) -> Vec<Effect> {
    if s.deadline_watch_asked {
        return Vec::new();
    }
    match s.alerts.watch_due(at) {
        Some(after) => {
            s.deadline_watch_asked = true;
            vec![Effect::WatchDeadlines { after }]
        }
        None => Vec::new(),
    }
}

/// The deadline watch answered (or failed, to be asked again after the next poll).
pub(crate) fn answered(s: &mut State, at: DateTime<Utc>, result: Result<ProblemList, String>) -> Vec<Effect> {
    s.deadline_watch_asked = false;
    match result {
        Ok(list) => {
            let fresh = s.alerts.watched(&list.rows, !list.has_more(), at);
            ring(s, &fresh)
        }
        // The runtime logged why; the watch is asked again after the next poll.
        Err(_) => Vec::new(),
    }
}

//! When the screen next changes by the clock alone: the run loop draws a frame only after a
//! message or at this instant, so an idle console writes nothing between them. Pure: a
//! function of the state, tested by drawing the state at every second up to the instant it
//! names.
//!
//! What moves by the clock on screen, and when it next reads otherwise:
//! - the status line's local time (`HH:MM`, and the date at midnight): the next whole minute;
//! - the data's freshness: LIVE turning STALE after two poll intervals, the age (whole
//!   minutes while LIVE, seconds once STALE or OFFLINE), the retry countdown (seconds);
//! - the toast, until it expires; a flashing alert row, by the second while it flashes; an
//!   SLA deadline the alerts watch passing (the alert counter);
//! - the check-in cutoff (attendance stops saying "not yet");
//! - problems shown on the top screen passing their SLA due time (the `✗` and the count);
//! - every other relative time in a table (ages, time to the SLA) is drawn by the minute clock
//!   of [`TableContext`](crate::console::tables::TableContext), so it moves at the whole minute.

use chrono::{DateTime, Duration, Utc};

use crate::api::types::Problem;
use crate::console::look::format::{coarse_duration_changes_at, duration_changes_at};
use crate::console::model::link::stale_after;
use crate::console::model::{Freshness, State, ViewData};
use crate::domain::lifecycle::ProblemState;

/// The first instant after `state.now` at which drawing `state` may give another screen
/// without any message. Never later than the next whole minute; never at or before `now`.
pub(crate) fn next_change(state: &State) -> DateTime<Utc> {
    let now = state.now;
    let next_minute = DateTime::from_timestamp((now.timestamp().div_euclid(60) + 1) * 60, 0).unwrap_or(now);
    let candidates = [
        Some(next_minute),
        freshness_change(state),
        state.toast.as_ref().map(|t| t.1),
        state.alerts.next_flash_change(now),
        // An SLA deadline the alerts watch (it alerts once the clock reaches it).
        state.alerts.next_deadline(),
        cutoff(state),
        shown_problems(state)
            .filter(|p| p.state != ProblemState::Resolved && p.due_at >= now)
            // Past due once the clock is beyond `due_at` (`due_at < now`).
            .map(|p| p.due_at + Duration::milliseconds(1))
            .min(),
    ];
    let earliest = candidates.into_iter().flatten().filter(|t| *t > now).min().unwrap_or(next_minute);
    earliest.max(now + Duration::milliseconds(1))
}

/// When the freshness word or the age beside it next reads otherwise.
fn freshness_change(state: &State) -> Option<DateTime<Utc>> {
    let now = state.now;
    let since_ok = |t: DateTime<Utc>| (now - t).num_seconds();
    match state.freshness() {
        Freshness::Connecting => None,
        Freshness::Live => {
            let t = state.link.last_ok?;
            let stale = t + Duration::seconds(stale_after(state.settings.poll_secs)) + Duration::milliseconds(1);
            let age = t + Duration::seconds(coarse_duration_changes_at(since_ok(t)));
            Some(stale.min(age))
        }
        Freshness::Stale => state.link.last_ok.map(|t| t + Duration::seconds(duration_changes_at(since_ok(t)))),
        Freshness::Offline { retry_in } => {
            let (_, retry_at) = state.link.offline?;
            // The countdown shows the seconds left rounded up, then `retrying…` from `retry_at`.
            let countdown = (retry_at > now && retry_in > 0).then(|| retry_at - Duration::seconds(retry_in - 1));
            let age = state.link.last_ok.map(|t| t + Duration::seconds(duration_changes_at(since_ok(t))));
            countdown.into_iter().chain(age).min()
        }
    }
}

/// Today's check-in cutoff while it is still ahead.
fn cutoff(state: &State) -> Option<DateTime<Utc>> {
    let local = state.local_now();
    let at = local.date_naive().and_time(state.settings.checkin_cutoff);
    let at = at.and_local_timezone(state.settings.tz).earliest()?.with_timezone(&Utc);
    (at > state.now).then_some(at)
}

/// The problems the top screen shows (their due times move a `✗` and the breach count).
fn shown_problems(state: &State) -> Box<dyn Iterator<Item = &Problem> + '_> {
    match &state.top().data {
        Some(ViewData::Problems(list)) => Box::new(list.iter()),
        Some(ViewData::Enterprise(d)) => Box::new(d.problems.iter()),
        Some(ViewData::Problem(p, _)) => Box::new(std::iter::once(&**p)),
        _ => Box::new(std::iter::empty()),
    }
}

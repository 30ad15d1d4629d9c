//! Alerts: a problem newly at level ≥ 1 (or escalated further) in successive polls of the
//! escalated queue, or one whose SLA deadline passed: an escalated one's always, a level-0
//! one's with `[console] alert_sla = "all"` (the console then watches the soonest deadlines,
//! `GET /problems?sort=due`, and follows them through the changed problems). Deadlines pass by
//! the clock, between polls too. Each alert flashes its row for a while and adds to the
//! counter in the status line; `!` lists the last [`KEEP`]; the optional bell rings through
//! the terminal writer.

use chrono::{DateTime, Duration, Utc};

use crate::api::types::{NamedRef, Problem};
pub(crate) use crate::config::AlertSla;
use crate::domain::lifecycle::ProblemState;

/// How many alerts the list keeps (the newest); older ones are dropped.
pub(crate) const KEEP: usize = 50;
/// How long an alerted row flashes.
pub(crate) const FLASH_SECS: i64 = 10;

/// Why a problem raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// Newly escalated (to this level).
    Escalated(i64),
    /// Its SLA deadline passed.
    SlaPassed,
}

/// One alert: a problem newly escalated or past its SLA deadline, as one poll noticed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// When it was noticed.
    pub at: DateTime<Utc>,
    /// Why it was raised: escalated to a level, or its SLA deadline passed.
    pub kind: AlertKind,
    /// The problem (id and title).
    pub problem: NamedRef,
    /// The name of the problem's park.
    pub park: String,
}

/// A deadline the alerts watch: an unresolved problem and when its SLA passes.
#[derive(Debug, Clone, PartialEq)]
struct Deadline {
    problem: NamedRef,
    park: String,
    level: i64,
    due_at: DateTime<Utc>,
}

impl Deadline {
    fn of(p: &Problem) -> Self {
        Self {
            problem: NamedRef { id: p.id, name: p.title.clone() },
            park: p.park.name.clone(),
            level: p.level,
            due_at: p.due_at,
        }
    }
}

/// The alerts and what the last poll saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alerts {
    /// Newest first, at most [`KEEP`].
    pub list: Vec<Alert>,
    /// Alerts since the list was last opened (the status line counter).
    pub unseen: usize,
    /// Which deadlines alert.
    pub sla: AlertSla,
    /// (id, level) of every problem in the last escalated queue.
    seen: Vec<(i64, i64)>,
    /// The deadlines not yet passed: the escalated queue's and, with [`AlertSla::All`], those
    /// the deadline watch brought ([`Alerts::watched`]).
    deadlines: Vec<Deadline>,
    /// Deadlines are checked up to here (none before the first poll: nothing is "new" then).
    checked: Option<DateTime<Utc>>,
    /// When the deadline watch last answered, and up to which deadline it holds every one
    /// (`None`: all of them; the watch asks again once the clock passes it).
    watch: Option<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

/// How long a deadline watch is trusted before it is asked again (it follows the changed
/// problems in between; this catches what a gap in the change feed missed).
pub(crate) const WATCH_FOR_MINUTES: i64 = 15;

impl Alerts {
    /// Compares a fresh escalated queue (seen at `at`) with the previous one; returns the
    /// new alerts (also recorded): newly escalated problems and deadlines passed since the
    /// last check.
    pub fn observe(&mut self, queue: &[Problem], at: DateTime<Utc>) -> Vec<Alert> {
        let mut fresh = Vec::new();
        if self.checked.is_some() {
            for p in queue.iter().filter(|p| p.state != ProblemState::Resolved) {
                let before = self.seen.iter().find(|(id, _)| *id == p.id).map(|s| s.1);
                if p.level >= 1 && before.is_none_or(|l| l < p.level) {
                    fresh.push(Alert {
                        at,
                        kind: AlertKind::Escalated(p.level),
                        problem: NamedRef { id: p.id, name: p.title.clone() },
                        park: p.park.name.clone(),
                    });
                }
            }
        }
        self.seen = queue.iter().map(|p| (p.id, p.level)).collect();
        // The queue's rows replace the escalated deadlines; the watched level-0 ones stay.
        let queued: Vec<i64> = queue.iter().map(|p| p.id).collect();
        self.deadlines.retain(|d| d.level == 0 && !queued.contains(&d.problem.id));
        self.deadlines.extend(queue.iter().filter(|p| p.state != ProblemState::Resolved).map(Deadline::of));
        fresh.extend(self.pass(at));
        self.record(fresh)
    }

    /// Problems changed (at `at`): a watched deadline moves with its problem (or goes, once
    /// resolved); with [`AlertSla::All`] a new or reopened level-0 problem is watched.
    pub fn changed(&mut self, changed: &[Problem], at: DateTime<Utc>) -> Vec<Alert> {
        for p in changed {
            let watched = self.deadlines.iter().any(|d| d.problem.id == p.id);
            self.deadlines.retain(|d| d.problem.id != p.id);
            let wanted = watched || (self.sla == AlertSla::All && p.level == 0);
            if wanted && p.state != ProblemState::Resolved {
                self.deadlines.push(Deadline::of(p));
            }
        }
        let fresh = self.pass(at);
        self.record(fresh)
    }

    /// The deadline watch answered at `at`: the unresolved problems due next, soonest first;
    /// `complete` when there are no more after them.
    pub fn watched(&mut self, due_next: &[Problem], complete: bool, at: DateTime<Utc>) -> Vec<Alert> {
        for p in due_next.iter().filter(|p| p.level == 0 && p.state != ProblemState::Resolved) {
            self.deadlines.retain(|d| d.problem.id != p.id);
            self.deadlines.push(Deadline::of(p));
        }
        let held_until = if complete { None } else { due_next.last().map(|p| p.due_at) };
        self.watch = Some((at, held_until));
        let fresh = self.pass(at);
        self.record(fresh)
    }

    /// The clock moved to `now`: deadlines passed since the last check alert.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Alert> {
        if self.checked.is_none() {
            return Vec::new();
        }
        let fresh = self.pass(now);
        self.record(fresh)
    }

    /// With [`AlertSla::All`], whether the deadline watch should be asked at `now` (never
    /// asked, the clock past the deadlines it holds, or older than [`WATCH_FOR_MINUTES`]), and
    /// from which instant.
    pub fn watch_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.sla != AlertSla::All {
            return None;
        }
        let from = self.checked.unwrap_or(now);
        match self.watch {
            None => Some(from),
            Some((asked, held)) => {
                let stale = now - asked >= Duration::minutes(WATCH_FOR_MINUTES);
                (stale || held.is_some_and(|h| now >= h)).then_some(from)
            }
        }
    }

    /// The next deadline still to pass, for the run loop to wake at.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        self.deadlines.iter().map(|d| d.due_at).min()
    }

    /// The deadlines passed after the last check and up to `now` (the first check is the
    /// baseline: nothing passes then); passed ones are no longer watched.
    fn pass(&mut self, now: DateTime<Utc>) -> Vec<Alert> {
        let Some(checked) = self.checked.replace(self.checked.map_or(now, |c| c.max(now))) else {
            self.deadlines.retain(|d| d.due_at > now);
            return Vec::new();
        };
        let mut passed: Vec<&Deadline> =
            self.deadlines.iter().filter(|d| d.due_at > checked && d.due_at <= now).collect();
        passed.sort_by_key(|d| (d.due_at, d.problem.id));
        let fresh = passed
            .into_iter()
            .map(|d| Alert { at: now, kind: AlertKind::SlaPassed, problem: d.problem.clone(), park: d.park.clone() })
            .collect();
        self.deadlines.retain(|d| d.due_at > now);
        fresh
    }

    /// Keeps `fresh` at the head of the list (at most [`KEEP`]) and counts them unseen.
    fn record(&mut self, fresh: Vec<Alert>) -> Vec<Alert> {
        for a in fresh.iter().rev() {
            self.list.insert(0, a.clone());
        }
        self.list.truncate(KEEP);
        self.unseen = (self.unseen + fresh.len()).min(KEEP);
        fresh
    }

    /// Whether the row of problem `id` flashes at `now` (on for even seconds).
    pub fn flashing(&self, id: i64, now: DateTime<Utc>) -> bool {
        use chrono::Timelike;
        now.second().is_multiple_of(2)
            && self.list.iter().take_while(|a| now - a.at < Duration::seconds(FLASH_SECS)).any(|a| a.problem.id == id)
    }

    /// The next instant after `now` at which a row's flashing may change by the clock alone:
    /// the next whole second (the flash turns on and off by the second) or the end of a flash,
    /// whichever is first, while any alert flashes; `None` when none does.
    pub fn next_flash_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let flash = Duration::seconds(FLASH_SECS);
        let end = self.list.iter().take_while(|a| now - a.at < flash).map(|a| a.at + flash).min()?;
        let next_second = DateTime::from_timestamp(now.timestamp() + 1, 0).unwrap_or(end);
        Some(end.min(next_second))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::tests::fixtures::{now, problem};
    use crate::domain::lifecycle::Priority;

    #[test]
    fn new_escalations_and_deadlines_passing() {
        let mut a = Alerts::default();
        let p1 = problem(1, "a", 1, ProblemState::Open, Priority::High, 30);
        assert!(a.observe(std::slice::from_ref(&p1), now()).is_empty(), "the first poll is the baseline");
        let p2 = problem(2, "b", 1, ProblemState::Open, Priority::High, 120);
        let mut p1b = p1.clone();
        p1b.level = 2;
        let later = now() + Duration::minutes(31);
        let got = a.observe(&[p1b, p2], later);
        let kinds: Vec<_> = got.iter().map(|x| (x.problem.id, x.kind)).collect();
        assert_eq!(kinds, vec![(1, AlertKind::Escalated(2)), (2, AlertKind::Escalated(1)), (1, AlertKind::SlaPassed)]);
        assert_eq!(a.unseen, 3);
        assert!(a.flashing(2, later) || a.flashing(2, later + Duration::seconds(1)));
        assert!(!a.flashing(2, later + Duration::seconds(20)));
        for i in 0..60 {
            let p = problem(100 + i, "x", 1, ProblemState::Open, Priority::Normal, 600);
            a.observe(&[p], later + Duration::minutes(i + 1));
        }
        assert_eq!(a.list.len(), KEEP);
    }

    #[test]
    fn deadlines_pass_by_the_clock_between_polls() {
        let mut a = Alerts::default();
        let p = problem(1, "a", 1, ProblemState::Open, Priority::High, 30);
        a.observe(std::slice::from_ref(&p), now());
        assert_eq!(a.next_deadline(), Some(p.due_at));
        assert!(a.tick(p.due_at - Duration::milliseconds(1)).is_empty());
        let got = a.tick(p.due_at);
        assert_eq!(got.iter().map(|x| (x.problem.id, x.kind)).collect::<Vec<_>>(), vec![(1, AlertKind::SlaPassed)]);
        assert!(a.tick(p.due_at + Duration::minutes(5)).is_empty(), "once");
        assert!(a.observe(std::slice::from_ref(&p), p.due_at + Duration::minutes(6)).is_empty(), "not again by a poll");
        assert_eq!(a.next_deadline(), None);
    }

    #[test]
    fn level_zero_deadlines_alert_only_with_all() {
        let zero = problem(7, "z", 0, ProblemState::Open, Priority::Normal, 10);
        for (sla, want) in [(AlertSla::Escalated, 0), (AlertSla::All, 1)] {
            let mut a = Alerts { sla, ..Alerts::default() };
            a.observe(&[], now());
            assert_eq!(a.watch_due(now()).is_some(), sla == AlertSla::All);
            if sla == AlertSla::All {
                a.watched(std::slice::from_ref(&zero), true, now());
            } else {
                a.changed(std::slice::from_ref(&zero), now());
            }
            assert_eq!(a.tick(now() + Duration::minutes(11)).len(), want, "{sla:?}");
        }
    }

    #[test]
    fn a_resolved_or_moved_deadline_follows_the_change() {
        let mut a = Alerts { sla: AlertSla::All, ..Alerts::default() };
        a.observe(&[], now());
        let p = problem(7, "z", 0, ProblemState::Open, Priority::Normal, 10);
        let q = problem(8, "y", 0, ProblemState::Open, Priority::Normal, 20);
        a.watched(&[p.clone(), q.clone()], true, now());
        let mut resolved = p.clone();
        resolved.state = ProblemState::Resolved;
        let mut later = q.clone();
        later.due_at = now() + Duration::hours(3);
        a.changed(&[resolved, later.clone()], now() + Duration::minutes(1));
        assert!(a.tick(now() + Duration::minutes(30)).is_empty(), "resolved, and moved on");
        assert_eq!(a.tick(later.due_at).len(), 1);
    }

    #[test]
    fn the_watch_is_asked_again_past_what_it_holds_or_when_old() {
        let mut a = Alerts { sla: AlertSla::All, ..Alerts::default() };
        a.observe(&[], now());
        assert_eq!(a.watch_due(now()), Some(now()), "never asked");
        let p = problem(7, "z", 0, ProblemState::Open, Priority::Normal, 10);
        a.watched(std::slice::from_ref(&p), false, now());
        assert_eq!(a.watch_due(now() + Duration::minutes(5)), None, "holds every deadline up to p's");
        assert!(a.watch_due(p.due_at).is_some(), "the clock passed what it holds");
        a.watched(&[], true, now() + Duration::minutes(11));
        assert_eq!(a.watch_due(now() + Duration::minutes(20)), None, "complete");
        assert!(a.watch_due(now() + Duration::minutes(11 + WATCH_FOR_MINUTES)).is_some(), "old");
    }
}

//! Alerts from successive polls of the escalated queue: a problem newly at level ≥ 1 (or
//! escalated further), or one whose SLA deadline passed since the previous poll. Each flashes
//! its row for a while and adds to the counter in the status line; `!` lists the last
//! [`KEEP`]; the optional bell rings through the terminal writer.

use chrono::{DateTime, Duration, Utc};

use crate::api::types::{NamedRef, Problem};
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

/// The alerts and what the last poll saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alerts {
    /// Newest first, at most [`KEEP`].
    pub list: Vec<Alert>,
    /// Alerts since the list was last opened (the status line counter).
    pub unseen: usize,
    /// (id, level) of every problem in the last escalated queue.
    seen: Vec<(i64, i64)>,
    /// When the last queue was seen (none before the first poll: nothing is "new" then).
    last: Option<DateTime<Utc>>,
}

impl Alerts {
    /// Compares a fresh escalated queue (seen at `at`) with the previous one; returns the
    /// new alerts (also recorded).
    pub fn observe(&mut self, queue: &[Problem], at: DateTime<Utc>) -> Vec<Alert> {
        let mut fresh = Vec::new();
        if let Some(last) = self.last {
            for p in queue.iter().filter(|p| p.state != ProblemState::Resolved) {
                let before = self.seen.iter().find(|(id, _)| *id == p.id).map(|s| s.1);
                let alert = |kind| Alert {
                    at,
                    kind,
                    problem: NamedRef { id: p.id, name: p.title.clone() },
                    park: p.park.name.clone(),
                };
                if p.level >= 1 && before.is_none_or(|l| l < p.level) {
                    fresh.push(alert(AlertKind::Escalated(p.level)));
                }
                if p.due_at > last && p.due_at <= at {
                    fresh.push(alert(AlertKind::SlaPassed));
                }
            }
        }
        self.seen = queue.iter().map(|p| (p.id, p.level)).collect();
        self.last = Some(at);
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
        assert_eq!(kinds, vec![(1, AlertKind::Escalated(2)), (1, AlertKind::SlaPassed), (2, AlertKind::Escalated(1))]);
        assert_eq!(a.unseen, 3);
        assert!(a.flashing(2, later) || a.flashing(2, later + Duration::seconds(1)));
        assert!(!a.flashing(2, later + Duration::seconds(20)));
        for i in 0..60 {
            let p = problem(100 + i, "x", 1, ProblemState::Open, Priority::Normal, 600);
            a.observe(&[p], later + Duration::minutes(i + 1));
        }
        assert_eq!(a.list.len(), KEEP);
    }
}

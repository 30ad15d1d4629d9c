//! The escalation policy: when the server itself escalates an unacknowledged problem past its
//! SLA deadline, one level at a time, as PagerDuty's and Grafana OnCall's escalation chains do.
//!
//! A problem that is `open` (nobody has acknowledged it at its level) at level `L` is escalated
//! to `L + 1` once the clock reaches its SLA deadline plus the policy's delay for its priority
//! and level `L`. Each level is passed once: the escalation moves the problem to the next
//! level, whose own delay then applies; an acknowledgement stops the chain.

use chrono::{DateTime, Duration, Utc};

use super::lifecycle::{MAX_LEVEL, Priority};

/// The delays of the policy, per priority: `delays[p][L]` is how long after its SLA deadline an
/// open problem of priority `p` at level `L` is escalated to `L + 1`; a priority with fewer
/// delays than levels stops at the last level it names (none: never escalated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationPolicy {
    delays: [Vec<Duration>; 3],
}

impl EscalationPolicy {
    /// A policy from the delays of each priority (urgent, high, normal), each list at most
    /// [`MAX_LEVEL`] long, every delay zero or more and none shorter than the one before it;
    /// the error says which list is wrong and why.
    pub fn new(urgent: Vec<Duration>, high: Vec<Duration>, normal: Vec<Duration>) -> Result<Self, String> {
        let delays = [urgent, high, normal];
        for (p, list) in Priority::ALL.iter().zip(&delays) {
            let name = p.as_str();
            if list.len() > MAX_LEVEL as usize {
                return Err(format!(
                    "{name}: {} delays given, but a problem can be escalated only {MAX_LEVEL} times",
                    list.len()
                ));
            }
            if list.iter().any(|d| *d < Duration::zero()) {
                return Err(format!("{name}: a delay cannot be negative"));
            }
            if list.windows(2).any(|w| w[1] < w[0]) {
                return Err(format!("{name}: each level's delay must be at least the one before it"));
            }
        }
        Ok(Self { delays })
    }

    /// The delay after the deadline at which an open problem of `priority` at `level` is
    /// escalated, or `None` when the policy leaves it at that level.
    pub fn delay(&self, priority: Priority, level: i64) -> Option<Duration> {
        let level = usize::try_from(level).ok()?;
        self.delays[priority.rank() as usize].get(level).copied()
    }

    /// When an open problem of `priority` at `level` due at `due_at` is escalated, if ever.
    pub fn escalates_at(&self, priority: Priority, level: i64, due_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.delay(priority, level).map(|d| due_at + d)
    }

    /// Every (priority, level, delay) the policy escalates from, most urgent first.
    pub fn steps(&self) -> impl Iterator<Item = (Priority, i64, Duration)> + '_ {
        Priority::ALL.into_iter().flat_map(move |p| {
            self.delays[p.rank() as usize].iter().enumerate().map(move |(level, d)| (p, level as i64, *d))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(h: &[i64]) -> Vec<Duration> {
        h.iter().map(|h| Duration::hours(*h)).collect()
    }

    #[test]
    fn each_level_escalates_once_after_its_delay() {
        let p = EscalationPolicy::new(hours(&[0, 2]), hours(&[1]), vec![]).unwrap();
        let due = DateTime::from_timestamp(1_000_000, 0).unwrap();
        assert_eq!(p.escalates_at(Priority::Urgent, 0, due), Some(due));
        assert_eq!(p.escalates_at(Priority::Urgent, 1, due), Some(due + Duration::hours(2)));
        assert_eq!(p.escalates_at(Priority::Urgent, 2, due), None, "the top level stays");
        assert_eq!(p.escalates_at(Priority::High, 1, due), None, "high stops at level 1");
        assert_eq!(p.escalates_at(Priority::Normal, 0, due), None, "normal is never escalated");
        assert_eq!(p.steps().count(), 3);
    }

    #[test]
    fn bad_delays_are_refused_with_the_priority() {
        let err = EscalationPolicy::new(hours(&[0, 1, 2]), vec![], vec![]).unwrap_err();
        assert!(err.starts_with("urgent:"), "{err}");
        let err = EscalationPolicy::new(vec![], hours(&[-1]), vec![]).unwrap_err();
        assert!(err.starts_with("high:") && err.contains("negative"), "{err}");
        let err = EscalationPolicy::new(vec![], vec![], hours(&[4, 2])).unwrap_err();
        assert!(err.starts_with("normal:"), "{err}");
    }
}

//! How the poller comes back after the API went away: the wait before each try follows
//! backon's exponential schedule (1 s doubling, capped at 10 s) with full jitter (a uniform
//! draw between zero and the schedule's delay, so consoles that lost the same server do not
//! return in step), a `Retry-After` the server sent is honoured (up to a minute), and while
//! OFFLINE each try is a cheap `GET /healthz` before the whole poll. With the cap at 10 s a
//! console is LIVE within about 10 s of the API coming back, after any outage. A poll the API
//! refuses (401, 403: a wrong or revoked token) is tried again slowly, 15 s doubling to 5
//! minutes, so a wrong token does not hammer the server (nor run into its limit on failed
//! authentications); the refresh key tries at once.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use rand::Rng;

/// The reconnect schedule's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Policy {
    /// The first delay before jitter.
    pub(crate) min: Duration,
    /// The cap of every delay.
    pub(crate) max: Duration,
    /// The longest `Retry-After` honoured.
    pub(crate) max_retry_after: Duration,
    /// The `/healthz` probe's timeout (short, so a hung probe does not hold a recovered link).
    pub(crate) probe_timeout: Duration,
    /// The wait after the first refused poll (401, 403), doubling after each further one.
    pub(crate) refused: Duration,
    /// The cap of the waits after refused polls.
    pub(crate) refused_max: Duration,
}

impl Default for Policy {
    /// 1 s doubling to 10 s, `Retry-After` up to 60 s, a 3 s probe; after refusals 15 s
    /// doubling to 5 minutes.
    fn default() -> Self {
        Policy {
            min: Duration::from_secs(1),
            max: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            probe_timeout: Duration::from_secs(3),
            refused: Duration::from_secs(15),
            refused_max: Duration::from_secs(300),
        }
    }
}

/// The delays of one outage: started at its first failure, reset by a whole poll.
#[derive(Debug)]
pub(crate) struct Backoff {
    policy: Policy,
    schedule: Option<ExponentialBackoff>,
    /// Polls refused in a row.
    refusals: u32,
}

impl Backoff {
    /// A schedule with these bounds, not started.
    pub(crate) fn new(policy: Policy) -> Backoff {
        Backoff { policy, schedule: None, refusals: 0 }
    }

    /// The bounds.
    pub(crate) fn policy(&self) -> Policy {
        self.policy
    }

    /// The wait before the next try: the schedule's next delay with full jitter, or the
    /// server's `Retry-After` (seconds, capped) when it asks for longer.
    pub(crate) fn next_delay(&mut self, retry_after: Option<u64>) -> Duration {
        let policy = self.policy;
        let schedule = self.schedule.get_or_insert_with(|| {
            ExponentialBuilder::default()
                .with_min_delay(policy.min)
                .with_max_delay(policy.max)
                .with_factor(2.0)
                .without_max_times()
                .build()
        });
        let ceiling = schedule.next().unwrap_or(policy.max).min(policy.max);
        let jittered = rand::thread_rng().gen_range(Duration::ZERO..=ceiling);
        let asked = retry_after.map(|s| Duration::from_secs(s).min(policy.max_retry_after));
        asked.map_or(jittered, |a| a.max(jittered))
    }

    /// The wait after a refused poll: [`Policy::refused`] doubled for each refusal before it
    /// in a row, at most [`Policy::refused_max`], or the server's `Retry-After` when longer.
    pub(crate) fn next_refused_delay(&mut self, retry_after: Option<u64>) -> Duration {
        let doubled = self.policy.refused.saturating_mul(1 << self.refusals.min(16));
        self.refusals = self.refusals.saturating_add(1);
        let asked = retry_after.map(|s| Duration::from_secs(s).min(self.policy.max_retry_after));
        doubled.min(self.policy.refused_max).max(asked.unwrap_or_default())
    }

    /// The outage (or the refusals) is over: the next one starts from the first delay.
    pub(crate) fn reset(&mut self) {
        self.schedule = None;
        self.refusals = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_are_jittered_and_never_pass_the_cap() {
        let mut b = Backoff::new(Policy::default());
        let delays: Vec<Duration> = (0..400).map(|_| b.next_delay(None)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(10)), "capped at 10 s");
        // After the schedule reached its cap the draws spread over (0, 10 s].
        let late = &delays[10..];
        assert!(late.iter().any(|d| *d > Duration::from_secs(5)), "{late:?}");
        assert!(late.iter().any(|d| *d < Duration::from_secs(5)), "jittered, not fixed: {late:?}");
        b.reset();
        assert!(b.next_delay(None) <= Duration::from_secs(1), "a new outage starts at the first delay");
    }

    #[test]
    fn refusals_wait_longer_and_longer_up_to_the_cap() {
        let mut b = Backoff::new(Policy::default());
        let waits: Vec<u64> = (0..7).map(|_| b.next_refused_delay(None).as_secs()).collect();
        assert_eq!(waits, [15, 30, 60, 120, 240, 300, 300]);
        b.reset();
        assert_eq!(b.next_refused_delay(None), Duration::from_secs(15), "a new refusal starts again");
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_minute() {
        let mut b = Backoff::new(Policy::default());
        assert!(b.next_delay(Some(7)) >= Duration::from_secs(7));
        assert_eq!(b.next_delay(Some(3600)), Duration::from_secs(60));
    }
}

//! The link to the API: when the last poll succeeded, since when it is unreachable, and what
//! that means for the status line (LIVE, STALE, OFFLINE).

use chrono::{DateTime, Duration, Utc};

/// The state of the link to the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    /// When the last poll succeeded; `None` before the first.
    pub last_ok: Option<DateTime<Utc>>,
    /// Unreachable since, with the next retry.
    pub offline: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The last poll's error; `None` since the last success.
    pub error: Option<String>,
}

/// How fresh the data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Nothing received yet and no failure.
    Connecting,
    /// Polled within three intervals.
    Live,
    /// Older than three poll intervals.
    Stale,
    /// The API is unreachable; seconds until the next retry.
    Offline {
        /// Seconds to the retry.
        retry_in: i64,
    },
}

impl Link {
    /// The freshness at `now` with the poll interval in effect.
    pub fn freshness(&self, now: DateTime<Utc>, poll_secs: u64) -> Freshness {
        if let Some((_, retry_at)) = self.offline {
            return Freshness::Offline { retry_in: (retry_at - now).num_seconds().max(0) };
        }
        match self.last_ok {
            None => Freshness::Connecting,
            Some(t) if now - t > Duration::seconds(3 * poll_secs.max(1) as i64) => Freshness::Stale,
            Some(_) => Freshness::Live,
        }
    }
}

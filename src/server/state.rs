//! Shared server state: the store, settings, a clock (fixed in tests), the dashboard cache,
//! the rate limiter and metrics.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::dashboard_cache::DashboardCache;
use crate::config::ServerConfig;
use crate::domain::escalation::EscalationPolicy;
use crate::store::Store;

/// Where the server gets "now": the system clock, or a settable one for tests.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that says `at` until set otherwise.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(Arc::new(Mutex::new(at))) }
    }

    /// The current instant: the fixed one for a test clock, else the system's.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(t) => *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            None => Utc::now(),
        }
    }

    /// Sets a fixed clock (no effect on the system clock).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(t) = &self.fixed {
            *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }
}

/// Labels of the request counter.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The request's HTTP method, e.g. `GET`.
    pub method: String,
    /// The route template that matched, e.g. `/api/v1/problems/{id}`, or `unmatched`.
    pub route: String,
    /// The response's HTTP status code.
    pub status: u16,
}

/// Prometheus metrics of the server.
pub struct Metrics {
    /// The registry `/metrics` encodes.
    pub registry: Registry,
    /// Requests by method, route and status.
    pub requests: Family<RequestLabels, Counter>,
    /// Request durations in seconds.
    pub duration: Histogram,
    /// Dashboards computed (cache misses).
    pub dashboards_computed: Counter,
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("dutydesk");
        let requests = Family::<RequestLabels, Counter>::default();
        let duration = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        let dashboards_computed = Counter::default();
        registry.register("http_requests", "HTTP requests by method, route and status", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request durations", duration.clone());
        registry.register("dashboards_computed", "Dashboards computed (cache misses)", dashboards_computed.clone());
        Self { registry, requests, duration, dashboards_computed }
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

/// A token bucket per key (an API token's id, a client address): `per_minute` requests,
/// refilled evenly over a minute.
#[derive(Debug)]
pub struct RateLimiter<K = i64> {
    buckets: Mutex<std::collections::HashMap<K, (f64, DateTime<Utc>)>>,
}

impl<K> Default for RateLimiter<K> {
    fn default() -> Self {
        Self { buckets: Mutex::new(std::collections::HashMap::new()) }
    }
}

/// Buckets kept before full ones are forgotten (a full bucket is the same as none).
const KEEP_BUCKETS: usize = 10_000;

impl<K: std::hash::Hash + Eq + Clone> RateLimiter<K> {
    /// Takes one request for `key` at `now`; `Err(seconds)` to wait when the bucket is empty.
    pub fn take(&self, key: K, per_minute: u32, now: DateTime<Utc>) -> Result<(), u64> {
        self.meter(key, per_minute, now, true)
    }

    /// Whether `key` has a request left at `now`, without taking it; `Err(seconds)` to wait.
    pub fn check(&self, key: K, per_minute: u32, now: DateTime<Utc>) -> Result<(), u64> {
        self.meter(key, per_minute, now, false)
    }

    fn meter(&self, key: K, per_minute: u32, now: DateTime<Utc>, take: bool) -> Result<(), u64> {
        if per_minute == 0 {
            return Ok(());
        }
        let capacity = per_minute as f64;
        let per_sec = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let refilled = |(tokens, last): (f64, DateTime<Utc>)| {
            let elapsed = (now - last).num_milliseconds().max(0) as f64 / 1000.0;
            (tokens + elapsed * per_sec).min(capacity)
        };
        if buckets.len() > KEEP_BUCKETS {
            buckets.retain(|_, b| refilled(*b) < capacity);
        }
        let Some(bucket) = buckets.get_mut(&key) else {
            if take {
                buckets.insert(key, (capacity - 1.0, now));
            }
            return Ok(());
        };
        let tokens = refilled(*bucket);
        *bucket = (tokens, now);
        if tokens >= 1.0 {
            if take {
                bucket.0 -= 1.0;
            }
            Ok(())
        } else {
            Err(((1.0 - tokens) / per_sec).ceil().max(1.0) as u64)
        }
    }
}

/// Everything handlers share.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database every handler reads and writes through.
    pub store: Store,
    /// The `[server]` settings the server was started with (after flags and environment).
    pub config: Arc<ServerConfig>,
    /// Where handlers get the current instant (the system clock, or a fixed one in tests).
    pub clock: Clock,
    /// Last dashboard per date.
    pub dashboard_cache: Arc<DashboardCache>,
    /// The Prometheus metrics `/metrics` serves.
    pub metrics: Arc<Metrics>,
    /// The per-token rate limiter behind `[server.rate_limits]` (429 with `Retry-After` past it).
    pub rate: Arc<RateLimiter>,
    /// Failed authentications per client address (`[server.rate_limits] failed_auth`).
    pub failed_auth: Arc<RateLimiter<Option<std::net::IpAddr>>>,
    /// The escalation policy [`super::serve`] runs, when it runs one (`[server.escalation]`).
    pub escalation: Option<Arc<EscalationPolicy>>,
}

impl AppState {
    /// State over a store with settings and a clock.
    pub fn new(store: Store, config: ServerConfig, clock: Clock) -> Self {
        Self {
            store,
            config: Arc::new(config),
            clock,
            dashboard_cache: Arc::new(DashboardCache::default()),
            metrics: Arc::new(Metrics::new()),
            rate: Arc::new(RateLimiter::default()),
            failed_auth: Arc::new(RateLimiter::default()),
            escalation: None,
        }
    }

    /// The same state running `policy` while served (none: escalation is left to people).
    pub fn with_escalation(mut self, policy: Option<EscalationPolicy>) -> Self {
        self.escalation = policy.map(Arc::new);
        self
    }

    /// Now, by the state's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the command center's zone.
    pub fn today(&self) -> NaiveDate {
        self.store.calendar.local_date(self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_refills() {
        let r = RateLimiter::default();
        let t0: DateTime<Utc> = "2026-02-16T00:00:00Z".parse().unwrap();
        for _ in 0..60 {
            assert!(r.take(1, 60, t0).is_ok());
        }
        assert_eq!(r.take(1, 60, t0), Err(1));
        assert!(r.take(2, 60, t0).is_ok(), "buckets are per token");
        assert!(r.take(1, 60, t0 + chrono::Duration::seconds(1)).is_ok());
        assert!(r.take(1, 0, t0).is_ok(), "0 turns the limit off");
    }

    #[test]
    fn check_does_not_take() {
        let r = RateLimiter::<&str>::default();
        let t0: DateTime<Utc> = "2026-02-16T00:00:00Z".parse().unwrap();
        assert!((0..5).all(|_| r.check("a", 2, t0).is_ok()), "checking never empties a bucket");
        assert!(r.take("a", 2, t0).is_ok() && r.take("a", 2, t0).is_ok());
        assert_eq!(r.check("a", 2, t0), Err(30));
        assert!(r.check("a", 2, t0 + chrono::Duration::seconds(30)).is_ok());
    }
}

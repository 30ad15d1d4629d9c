//! The dashboard cache: the last computed dashboard of each date, reused while no write has
//! happened (same change sequence) and the clock has not reached the moment its figures
//! change by time alone (a cutoff, a deadline, a due time).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use prometheus_client::metrics::counter::Counter;

use super::http::content_etag;
use crate::api::types::Dashboard;
use crate::store::{Store, StoreResult};

/// Dates kept at once (the oldest computed goes first).
const DATES_KEPT: usize = 8;

/// A computed dashboard and how long it stays true without new data.
#[derive(Debug, Clone)]
pub struct CachedDashboard {
    /// The date it is for.
    pub date: NaiveDate,
    /// The change sequence it reflects.
    pub change_seq: i64,
    /// True until then, by the clock alone.
    pub valid_until: DateTime<Utc>,
    /// The dashboard's figures, shared with every request served from the cache.
    pub dashboard: Arc<Dashboard>,
    /// Its entity tag, from the figures only (not `as_of`), so replicas agree on it.
    pub etag: String,
}

/// The last dashboard per date, shared by the handlers of one server.
#[derive(Debug, Default)]
pub struct DashboardCache {
    entries: Mutex<Vec<CachedDashboard>>,
}

impl DashboardCache {
    /// The dashboard of `date` at `now`: the cached one while still true, else computed
    /// (counted in `computed`) and kept.
    pub async fn get(
        &self,
        store: &Store,
        date: NaiveDate,
        now: DateTime<Utc>,
        city: &str,
        computed: &Counter,
    ) -> StoreResult<CachedDashboard> {
        let seq = store.change_seq().await?;
        if let Some(hit) = self.lookup(date, seq, now) {
            return Ok(hit);
        }
        let (d, valid_until) = store.dashboard(date, now, city).await?;
        computed.inc();
        // The tag depends on the figures only, so replicas agree and `as_of` alone never
        // defeats a 304.
        let mut stable = d.clone();
        stable.as_of = DateTime::<Utc>::UNIX_EPOCH;
        let etag = content_etag(&serde_json::to_vec(&stable).unwrap_or_default());
        let entry = CachedDashboard { date, change_seq: d.change_seq, valid_until, dashboard: Arc::new(d), etag };
        self.keep(entry.clone());
        Ok(entry)
    }

    fn lookup(&self, date: NaiveDate, seq: i64, now: DateTime<Utc>) -> Option<CachedDashboard> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.iter().find(|c| c.date == date && c.change_seq == seq && now < c.valid_until).cloned()
    }

    fn keep(&self, entry: CachedDashboard) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.retain(|c| c.date != entry.date);
        entries.push(entry);
        if entries.len() > DATES_KEPT {
            entries.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, seq: i64, until: &str) -> CachedDashboard {
        let date: NaiveDate = date.parse().unwrap();
        let dashboard = Dashboard {
            date,
            as_of: DateTime::<Utc>::UNIX_EPOCH,
            change_seq: seq,
            totals: serde_json::from_value(serde_json::json!({
                "park_id": 0, "park_name": "", "enterprises": {"num": 0, "den": 0}, "suspended": 0,
                "employees": {"num": 0, "den": 0}, "trend": [], "problems": {"open": 0, "acknowledged": 0,
                "escalated": 0, "sla_breached": 0, "oldest_open_at": null},
                "attendance": {"expected": 0, "present": 0, "late": 0, "absent": 0, "not_yet": 0},
                "reports": {"expected": 0, "submitted": 0, "on_time": 0, "overdue": 0}
            }))
            .unwrap(),
            parks: Vec::new(),
            units: Vec::new(),
        };
        CachedDashboard {
            date,
            change_seq: seq,
            valid_until: until.parse().unwrap(),
            dashboard: Arc::new(dashboard),
            etag: format!("\"{seq}\""),
        }
    }

    #[test]
    fn a_hit_needs_the_same_date_and_sequence_before_it_expires() {
        let cache = DashboardCache::default();
        cache.keep(entry("2026-02-16", 5, "2026-02-16T12:00:00Z"));
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let day: NaiveDate = "2026-02-16".parse().unwrap();
        assert!(cache.lookup(day, 5, at("2026-02-16T11:59:59Z")).is_some());
        assert!(cache.lookup(day, 6, at("2026-02-16T11:00:00Z")).is_none(), "a write since");
        assert!(cache.lookup(day, 5, at("2026-02-16T12:00:00Z")).is_none(), "expired by the clock");
        assert!(cache.lookup(day.succ_opt().unwrap(), 5, at("2026-02-16T11:00:00Z")).is_none());
    }

    #[test]
    fn one_entry_per_date_and_at_most_eight_dates() {
        let cache = DashboardCache::default();
        cache.keep(entry("2026-02-01", 1, "2030-01-01T00:00:00Z"));
        cache.keep(entry("2026-02-01", 2, "2030-01-01T00:00:00Z"));
        assert_eq!(cache.entries.lock().unwrap().len(), 1);
        for d in 2..=9 {
            cache.keep(entry(&format!("2026-02-{d:02}"), 3, "2030-01-01T00:00:00Z"));
        }
        let entries = cache.entries.lock().unwrap();
        assert_eq!(entries.len(), DATES_KEPT);
        assert_eq!(entries[0].date.to_string(), "2026-02-02", "the oldest computed went first");
    }
}

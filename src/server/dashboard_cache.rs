//! The dashboard cache: the last computed dashboard of each date and scope, reused while no
//! write has happened (same change sequence) and the clock has not reached the moment its
//! figures change by time alone (a cutoff, a deadline, a due time).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use prometheus_client::metrics::counter::Counter;

use super::http::content_etag;
use crate::api::types::{Dashboard, Scope};
use crate::store::{Store, StoreResult};

/// Dashboards (a date and a scope each) kept at once (the oldest computed goes first): room
/// for a province's 14 cities and a few counties on two dates.
const ENTRIES_KEPT: usize = 32;

/// A computed dashboard and how long it stays true without new data.
#[derive(Debug, Clone)]
pub struct CachedDashboard {
    /// The date it is for.
    pub date: NaiveDate,
    /// The scope asked for (`None`: the top of the data).
    pub scope: Option<Scope>,
    /// The change sequence it reflects.
    pub change_seq: i64,
    /// True until then, by the clock alone.
    pub valid_until: DateTime<Utc>,
    /// The dashboard's figures, shared with every request served from the cache.
    pub dashboard: Arc<Dashboard>,
    /// Its entity tag, from the figures only (not `as_of`), so replicas agree on it.
    pub etag: String,
}

/// The last dashboard per date and scope, shared by the handlers of one server.
#[derive(Debug, Default)]
pub struct DashboardCache {
    entries: Mutex<Vec<CachedDashboard>>,
}

impl DashboardCache {
    /// The dashboard of `date` and `scope` at `now`: the cached one while still true, else
    /// computed (counted in `computed`) and kept.
    pub async fn get(
        &self,
        store: &Store,
        date: NaiveDate,
        scope: Option<Scope>,
        now: DateTime<Utc>,
        computed: &Counter,
    ) -> StoreResult<CachedDashboard> {
        let seq = store.change_seq().await?;
        if let Some(hit) = self.lookup(date, scope, seq, now) {
            return Ok(hit);
        }
        let (d, valid_until) = store.dashboard(date, now, scope).await?;
        computed.inc();
        // The tag depends on the figures only, so replicas agree and `as_of` alone never
        // defeats a 304.
        let mut stable = d.clone();
        stable.as_of = DateTime::<Utc>::UNIX_EPOCH;
        let etag = content_etag(&serde_json::to_vec(&stable).unwrap_or_default());
        let entry =
            CachedDashboard { date, scope, change_seq: d.change_seq, valid_until, dashboard: Arc::new(d), etag };
        self.keep(entry.clone());
        Ok(entry)
    }

    fn lookup(&self, date: NaiveDate, scope: Option<Scope>, seq: i64, now: DateTime<Utc>) -> Option<CachedDashboard> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries
            .iter()
            .find(|c| c.date == date && c.scope == scope && c.change_seq == seq && now < c.valid_until)
            .cloned()
    }

    fn keep(&self, entry: CachedDashboard) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.retain(|c| (c.date, c.scope) != (entry.date, entry.scope));
        entries.push(entry);
        if entries.len() > ENTRIES_KEPT {
            entries.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, scope: Option<Scope>, seq: i64, until: &str) -> CachedDashboard {
        let date: NaiveDate = date.parse().unwrap();
        let place = serde_json::json!({"level": "city", "id": 1, "name": "娄底市"});
        let dashboard = serde_json::from_value(serde_json::json!({
            "date": date, "as_of": DateTime::<Utc>::UNIX_EPOCH, "change_seq": seq,
            "scope": place, "path": [place], "rows_level": "county", "rows": [], "units": [],
            "totals": {
                "id": 1, "name": "娄底市", "enterprises": {"num": 0, "den": 0}, "suspended": 0,
                "employees": {"num": 0, "den": 0}, "trend": [], "problems": {"open": 0, "acknowledged": 0,
                "escalated": 0, "sla_breached": 0, "oldest_open_at": null},
                "attendance": {"expected": 0, "present": 0, "late": 0, "absent": 0, "not_yet": 0},
                "reports": {"expected": 0, "submitted": 0, "on_time": 0, "overdue": 0}
            }
        }))
        .unwrap();
        CachedDashboard {
            date,
            scope,
            change_seq: seq,
            valid_until: until.parse().unwrap(),
            dashboard: Arc::new(dashboard),
            etag: format!("\"{seq}\""),
        }
    }

    #[test]
    fn a_hit_needs_the_same_date_scope_and_sequence_before_it_expires() {
        let cache = DashboardCache::default();
        cache.keep(entry("2026-02-16", None, 5, "2026-02-16T12:00:00Z"));
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let day: NaiveDate = "2026-02-16".parse().unwrap();
        assert!(cache.lookup(day, None, 5, at("2026-02-16T11:59:59Z")).is_some());
        assert!(cache.lookup(day, Some(Scope::County(1)), 5, at("2026-02-16T11:59:59Z")).is_none(), "another scope");
        assert!(cache.lookup(day, None, 6, at("2026-02-16T11:00:00Z")).is_none(), "a write since");
        assert!(cache.lookup(day, None, 5, at("2026-02-16T12:00:00Z")).is_none(), "expired by the clock");
        assert!(cache.lookup(day.succ_opt().unwrap(), None, 5, at("2026-02-16T11:00:00Z")).is_none());
    }

    #[test]
    fn one_entry_per_date_and_scope_and_a_bounded_number() {
        let cache = DashboardCache::default();
        cache.keep(entry("2026-02-01", None, 1, "2030-01-01T00:00:00Z"));
        cache.keep(entry("2026-02-01", None, 2, "2030-01-01T00:00:00Z"));
        cache.keep(entry("2026-02-01", Some(Scope::City(1)), 2, "2030-01-01T00:00:00Z"));
        assert_eq!(cache.entries.lock().unwrap().len(), 2, "one per date and scope");
        for county in 1..=ENTRIES_KEPT as i64 {
            cache.keep(entry("2026-02-02", Some(Scope::County(county)), 3, "2030-01-01T00:00:00Z"));
        }
        let entries = cache.entries.lock().unwrap();
        assert_eq!(entries.len(), ENTRIES_KEPT);
        assert_eq!(entries[0].scope, Some(Scope::County(1)), "the oldest computed went first");
    }
}

//! The dashboard cache: per date and scope, the last computed dashboard as the bytes of its JSON body and
//! its entity tag, reused while no write has happened (its change sequence is current) and the
//! clock has not reached the first instant its figures change by time alone (a cutoff, a
//! deadline, a due time passing, the day ending: `store::dashboard::valid_until`, exact). One
//! computation at a time per date and scope: concurrent misses wait for it and share its result. The
//! serialisation and hashing run on the blocking pool, off the async workers.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use prometheus_client::metrics::counter::Counter;
use sha2::{Digest, Sha256};

use super::error::ApiProblem;
use super::http::etag_from_digest;
use crate::api::types::{Dashboard, Scope};
use crate::store::Store;

/// Dashboards (a date and a scope each) kept at once (the oldest asked for first goes first):
/// room for a province's 14 cities and a few counties on two dates.
const ENTRIES_KEPT: usize = 32;

/// A computed dashboard, encoded, and how long it stays true without new data.
#[derive(Debug, Clone)]
pub struct CachedDashboard {
    /// The date it is for.
    pub date: NaiveDate,
    /// The change sequence it reflects.
    pub change_seq: i64,
    /// True until then, by the clock alone.
    pub valid_until: DateTime<Utc>,
    /// The JSON body, shared by every 200 served from the cache.
    pub body: Bytes,
    /// The same body gzip-compressed once, for clients that accept gzip (the compression layer
    /// passes a response that already has a `Content-Encoding` through).
    pub gzip: Bytes,
    /// Its entity tag, from the figures only (not `as_of`), so replicas agree on it.
    pub etag: String,
}

impl CachedDashboard {
    /// Whether it may answer a request that saw change sequence `seq` at `now`.
    fn serves(&self, seq: i64, now: DateTime<Utc>) -> bool {
        self.change_seq >= seq && now < self.valid_until
    }
}

/// Feeds what serde writes into a hash, so the tag costs no second buffer.
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A dashboard encoded for the cache.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// The JSON body.
    pub body: Bytes,
    /// The JSON body, gzip-compressed.
    pub gzip: Bytes,
    /// The entity tag of the figures.
    pub etag: String,
}

/// The body, its gzip form and the tag of a dashboard: the tag hashes the figures with `as_of`
/// left out, so a recomputation that finds the same figures keeps the tag (and its 304s).
pub fn encode(dashboard: &Dashboard) -> std::io::Result<Encoded> {
    let body = serde_json::to_vec(dashboard)?;
    let mut stable = HashWriter(Sha256::new());
    let mut without_time = dashboard.clone();
    without_time.as_of = DateTime::<Utc>::UNIX_EPOCH;
    serde_json::to_writer(&mut stable, &without_time)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 6), flate2::Compression::default());
    gz.write_all(&body)?;
    let gzip = Bytes::from(gz.finish()?);
    Ok(Encoded { body: Bytes::from(body), gzip, etag: etag_from_digest(&stable.0.finalize()) })
}

/// One date's and scope's entry; its lock is held while the entry is recomputed.
#[derive(Debug)]
struct Slot {
    date: NaiveDate,
    scope: Option<Scope>,
    entry: tokio::sync::Mutex<Option<CachedDashboard>>,
}

/// The last dashboard per date and scope, shared by the handlers of one server.
#[derive(Debug, Default)]
pub struct DashboardCache {
    slots: Mutex<Vec<Arc<Slot>>>,
}

impl DashboardCache {
    /// The dashboard of `date` and `scope` (`None`: the top of the data) at `now`: the cached
    /// one while still true, else computed once (counted in `computed`) for every request
    /// waiting on this date and scope, and kept.
    pub async fn get(
        &self,
        store: &Store,
        date: NaiveDate,
        scope: Option<Scope>,
        now: DateTime<Utc>,
        computed: &Counter,
    ) -> Result<CachedDashboard, ApiProblem> {
        let seq = store.change_seq().await?;
        let slot = self.slot(date, scope);
        let mut entry = slot.entry.lock().await;
        if let Some(hit) = entry.as_ref().filter(|e| e.serves(seq, now)) {
            return Ok(hit.clone());
        }
        let (dashboard, valid_until) = store.dashboard(date, now, scope).await?;
        computed.inc();
        let change_seq = dashboard.change_seq;
        let Encoded { body, gzip, etag } = tokio::task::spawn_blocking(move || encode(&dashboard))
            .await
            .map_err(|e| ApiProblem::internal(&e))?
            .map_err(|e| ApiProblem::internal(&e))?;
        let fresh = CachedDashboard { date, change_seq, valid_until, body, gzip, etag };
        *entry = Some(fresh.clone());
        Ok(fresh)
    }

    /// The slot of `date` and `scope`, made (and the oldest beyond [`ENTRIES_KEPT`] dropped) if
    /// missing.
    fn slot(&self, date: NaiveDate, scope: Option<Scope>) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = slots.iter().find(|s| s.date == date && s.scope == scope) {
            return s.clone();
        }
        let slot = Arc::new(Slot { date, scope, entry: tokio::sync::Mutex::new(None) });
        slots.push(slot.clone());
        if slots.len() > ENTRIES_KEPT {
            slots.remove(0);
        }
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, until: &str) -> CachedDashboard {
        CachedDashboard {
            date: "2026-02-16".parse().unwrap(),
            change_seq: seq,
            valid_until: until.parse().unwrap(),
            body: Bytes::new(),
            gzip: Bytes::new(),
            etag: format!("\"{seq}\""),
        }
    }

    #[test]
    fn an_entry_serves_its_sequence_and_later_ones_before_it_expires() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let e = entry(5, "2026-02-16T12:00:00Z");
        assert!(e.serves(5, at("2026-02-16T11:59:59Z")));
        assert!(e.serves(4, at("2026-02-16T11:00:00Z")), "a request that saw less waits for nothing newer");
        assert!(!e.serves(6, at("2026-02-16T11:00:00Z")), "a write since");
        assert!(!e.serves(5, at("2026-02-16T12:00:00Z")), "expired by the clock");
    }

    #[test]
    fn one_slot_per_date_and_scope_and_a_bounded_number() {
        let cache = DashboardCache::default();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 2, d).unwrap();
        let first = cache.slot(day(1), None);
        assert!(Arc::ptr_eq(&first, &cache.slot(day(1), None)), "one slot per date and scope");
        assert!(!Arc::ptr_eq(&first, &cache.slot(day(1), Some(Scope::City(1)))), "another scope");
        for county in 1..=ENTRIES_KEPT as i64 {
            cache.slot(day(2), Some(Scope::County(county)));
        }
        let slots = cache.slots.lock().unwrap();
        assert_eq!(slots.len(), ENTRIES_KEPT);
        assert_eq!(slots[0].scope, Some(Scope::County(1)), "the oldest asked for went first");
    }

    #[test]
    fn the_tag_ignores_as_of_and_the_body_keeps_it() {
        let d: Dashboard = serde_json::from_value(serde_json::json!({
            "date": "2026-02-16", "as_of": "2026-02-16T06:00:00Z", "change_seq": 3,
            "scope": {"level": "city", "id": 1, "name": "娄底市"}, "path": [], "rows_level": "county",
            "totals": {"id": 1, "name": "娄底市", "enterprises": {"num": 0, "den": 0}, "suspended": 0,
                "employees": {"num": 0, "den": 0}, "trend": [], "problems": {"open": 0, "acknowledged": 0,
                "escalated": 0, "sla_breached": 0, "oldest_open_at": null},
                "attendance": {"expected": 0, "present": 0, "late": 0, "absent": 0, "not_yet": 0},
                "reports": {"expected": 0, "submitted": 0, "on_time": 0, "overdue": 0}},
            "rows": [], "units": []
        }))
        .unwrap();
        let Encoded { body, gzip, etag: tag } = encode(&d).unwrap();
        let mut later = d.clone();
        later.as_of = "2026-02-16T06:00:05Z".parse().unwrap();
        let later_encoded = encode(&later).unwrap();
        assert_eq!(tag, later_encoded.etag);
        assert_ne!(body, later_encoded.body);
        assert_eq!(serde_json::from_slice::<Dashboard>(&body).unwrap(), d);
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut unzipped).unwrap();
        assert_eq!(unzipped, body, "the gzip form is the same body");
        later.change_seq = 4;
        assert_ne!(encode(&later).unwrap().etag, tag, "other figures, another tag");
    }
}

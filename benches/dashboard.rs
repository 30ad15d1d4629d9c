//! How long the server takes to compute the dashboard (from the figures kept on write), the
//! same dashboard recounted from the raw rows (the old way, for comparison), the dashboard
//! right after a write (a check-in, then the read: the cost of a poll after a write), and the
//! overdue list, for the `loudi` and `changsha` presets on SQLite.

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use dutydesk::config::Config;
use dutydesk::seed::{Preset, generate};
use dutydesk::store::Store;
use dutydesk::store::overdue::OverdueFilter;
use dutydesk::store::page::PageRequest;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let now: DateTime<Utc> = "2026-02-16T13:30:00Z".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for preset in [Preset::Loudi, Preset::Changsha] {
        let path = dir.path().join(format!("{}.db", preset.as_str()));
        let store = rt.block_on(async {
            let config = Config::builtin();
            let store = Store::open(path.to_str().unwrap(), &config.server).await.unwrap();
            store.load_seed(&generate(preset, 7, now, &store.calendar, &store.sla)).await.unwrap();
            store
        });
        let today = store.calendar.local_date(now);
        c.bench_function(&format!("dashboard {}", preset.as_str()), |b| {
            b.iter(|| rt.block_on(store.dashboard(today, now, None)).unwrap());
        });
        c.bench_function(&format!("dashboard recount {}", preset.as_str()), |b| {
            b.iter(|| rt.block_on(store.recount_dashboard(today, now, None)).unwrap());
        });
        c.bench_function(&format!("dashboard after a write {}", preset.as_str()), |b| {
            b.iter(|| {
                rt.block_on(async {
                    store.checkin(1, 1, "bench", now).await.unwrap();
                    store.dashboard(today, now, None).await.unwrap()
                })
            });
        });
        c.bench_function(&format!("overdue {}", preset.as_str()), |b| {
            let first = OverdueFilter { date: Some(today), page: PageRequest::first(200), ..Default::default() };
            b.iter(|| rt.block_on(store.overdue(&first, now)).unwrap());
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Loading generated data into a real SQLite database: the Loudi preset in a test, and every
//! preset with timings in a measurement run by hand.

use chrono::Utc;

use super::{at, check_org, check_timelines};
use crate::config::Config;
use crate::seed::{Preset, generate};
use crate::store::Store;

#[tokio::test]
async fn loudi_loads_into_a_new_sqlite_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.db");
    let config = Config::builtin();
    let store = Store::open(db.to_str().expect("utf-8 path"), &config.server).await.expect("open");
    assert!(!store.has_data().await.expect("query"));
    let cal = config.server.calendar().expect("calendar");
    let d = generate(Preset::Loudi, 42, Utc::now(), &cal, &config.server.sla_hours);
    store.load_seed(&d).await.expect("load");
    assert!(store.has_data().await.expect("query"));
    for (table, n) in [
        ("cities", d.cities.len()),
        ("districts", d.districts.len()),
        ("enterprises", d.enterprises.len()),
        ("officers", d.officers.len()),
        ("checkins", d.checkins.len()),
        ("daily_reports", d.reports.len()),
        ("problems", d.problems.len()),
        ("problem_events", d.events.len()),
    ] {
        let row: (i64,) =
            sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(store.pool()).await.expect("count");
        assert_eq!(row.0 as usize, n, "{table}");
    }
    assert!(store.load_seed(&d).await.is_err(), "a second load is refused");
    store.close().await;
}

/// Generates and loads every preset into SQLite, printing the timings. The province takes
/// about a minute in a debug build: run by hand with
/// `cargo test --lib seed::tests::loading::presets_generate_and_load -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "about a minute in a debug build; a measurement run by hand"]
async fn presets_generate_and_load() {
    let config = Config::builtin();
    let cal = config.server.calendar().expect("calendar");
    let now = at("2026-02-16T21:00:00+08:00");
    for preset in Preset::ALL {
        let started = std::time::Instant::now();
        let d = generate(preset, 1, now, &cal, &config.server.sla_hours);
        let generated = started.elapsed();
        check_org(&d, preset);
        check_timelines(&d, now.timestamp_millis());
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("demo.db");
        let store = Store::open(db.to_str().expect("utf-8 path"), &config.server).await.expect("open");
        let started = std::time::Instant::now();
        store.load_seed(&d).await.expect("load");
        let loaded = started.elapsed();
        let row: (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM daily_reports").fetch_one(store.pool()).await.expect("count");
        assert_eq!(row.0 as usize, d.reports.len());
        eprintln!(
            "{preset}: {} enterprises, {} officers, {} check-ins, {} reports, {} problems, {} events; \
             generated in {generated:.2?}, loaded in {loaded:.2?}",
            d.enterprises.len(),
            d.officers.len(),
            d.checkins.len(),
            d.reports.len(),
            d.problems.len(),
            d.events.len()
        );
        store.close().await;
    }
}

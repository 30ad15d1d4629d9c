//! Each seed preset loads, and its dashboard agrees with a direct count of the rows, on
//! SQLite and PostgreSQL. (`province` runs with `--ignored`: it loads 2.7 million rows.)

mod common;

use chrono::{DateTime, Utc};
use dutydesk::config::Config;
use dutydesk::seed::{Preset, generate};
use dutydesk::store::Store;
use dutydesk::store::overdue::OverdueFilter;
use dutydesk::store::page::PageRequest;
use sqlx::Row;

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(store.pool()).await.unwrap().try_get::<i64, _>(0).unwrap()
}

/// Seeds `preset` as of `now` into `url` and checks the dashboard against direct counts.
async fn seeded_dashboard_matches_direct_counts(url: &str, preset: Preset, now: DateTime<Utc>) {
    let config = Config::builtin();
    let store = Store::open(url, &config.server).await.unwrap();
    let data = generate(preset, 7, now, &store.calendar, &store.sla);
    store.load_seed(&data).await.unwrap();
    let today = store.calendar.local_date(now);
    let (d, _) = store.dashboard(today, now, None).await.unwrap();
    let t = &d.totals;
    assert_eq!(t.enterprises.den, count(&store, "SELECT COUNT(*) FROM enterprises").await);
    assert_eq!(t.enterprises.num, count(&store, "SELECT COUNT(*) FROM enterprises WHERE status = 'resumed'").await);
    assert_eq!(t.suspended, count(&store, "SELECT COUNT(*) FROM enterprises WHERE status = 'suspended'").await);
    assert_eq!(t.employees.num, count(&store, "SELECT CAST(SUM(employees_on_site) AS BIGINT) FROM enterprises").await);
    assert_eq!(t.employees.den, count(&store, "SELECT CAST(SUM(employees_baseline) AS BIGINT) FROM enterprises").await);
    // The total is the sum of the rows (cities or counties)' numerators and denominators.
    let parks_num: i64 = d.rows.iter().map(|p| p.enterprises.num).sum();
    let parks_den: i64 = d.rows.iter().map(|p| p.enterprises.den).sum();
    assert_eq!((parks_num, parks_den), (t.enterprises.num, t.enterprises.den));
    let rate = t.enterprises.rate().unwrap();
    assert!((0.3..=0.98).contains(&rate), "return-to-work rate {rate} of {}", preset.as_str());
    // A past day of the trend: enterprises reporting "resumed" out of those reporting.
    let past = &t.trend[5];
    let day5 = past.date.format("%Y-%m-%d").to_string();
    assert_eq!(
        past.resumed.den,
        count(&store, &format!("SELECT COUNT(*) FROM daily_reports WHERE date = '{day5}'")).await
    );
    assert_eq!(
        past.resumed.num,
        count(&store, &format!("SELECT COUNT(*) FROM daily_reports WHERE date = '{day5}' AND status = 'resumed'"))
            .await
    );
    // Attendance today.
    let day = today.format("%Y-%m-%d").to_string();
    assert_eq!(t.attendance.expected, count(&store, "SELECT COUNT(*) FROM officers WHERE active = 1").await);
    let present = count(&store, &format!("SELECT COUNT(DISTINCT c.officer_id) FROM checkins c JOIN officers o ON o.id = c.officer_id WHERE o.active = 1 AND c.date = '{day}'")).await;
    assert_eq!(t.attendance.present, present);
    assert_eq!(t.attendance.expected, t.attendance.present + t.attendance.absent + t.attendance.not_yet);
    // Reports today: expected = enterprises with an officer; submitted = reports of those.
    let expected = count(&store, "SELECT COUNT(DISTINCT enterprise_id) FROM assignments").await;
    assert_eq!(t.reports.expected, expected);
    let submitted = count(&store, &format!("SELECT COUNT(*) FROM daily_reports r WHERE r.date = '{day}' AND EXISTS (SELECT 1 FROM assignments a WHERE a.enterprise_id = r.enterprise_id)")).await;
    assert_eq!(t.reports.submitted, submitted);
    let all = OverdueFilter {
        date: Some(today),
        page: PageRequest { count_total: true, ..Default::default() },
        ..Default::default()
    };
    let overdue = store.overdue(&all, now).await.unwrap();
    assert_eq!(Some(t.reports.overdue), overdue.total);
    // Problems.
    assert_eq!(t.problems.open, count(&store, "SELECT COUNT(*) FROM problems WHERE state = 'open'").await);
    assert_eq!(
        t.problems.acknowledged,
        count(&store, "SELECT COUNT(*) FROM problems WHERE state = 'acknowledged'").await
    );
    assert_eq!(
        t.problems.escalated,
        count(&store, "SELECT COUNT(*) FROM problems WHERE state <> 'resolved' AND level >= 1").await
    );
    let breached = count(
        &store,
        &format!("SELECT COUNT(*) FROM problems WHERE state <> 'resolved' AND due_at < {}", now.timestamp_millis()),
    )
    .await;
    assert_eq!(t.problems.sla_breached, breached);
    assert!(t.problems.escalated > 0 && breached > 0, "the preset has escalations and breaches");
    // Units cover every active officer.
    let unit_expected: i64 = d.units.iter().map(|u| u.attendance.expected).sum();
    assert_eq!(unit_expected, t.attendance.expected);
    // Every figure the seed's rebuild kept equals the recount from the rows, today and a past day.
    let started = std::time::Instant::now();
    let recount = store.recount_dashboard(today, now, None).await.unwrap();
    let recounted_in = started.elapsed();
    assert_eq!(d, recount);
    let past = today - chrono::Duration::days(3);
    let started = std::time::Instant::now();
    let (kept_past, _) = store.dashboard(past, now, None).await.unwrap();
    let past_in = started.elapsed();
    assert_eq!(kept_past, store.recount_dashboard(past, now, None).await.unwrap());
    let started = std::time::Instant::now();
    store.dashboard(today, now, None).await.unwrap();
    eprintln!(
        "{}: dashboard from kept figures {:?}, a past day {:?}, recount from the rows {:?} (this build, not a benchmark)",
        preset.as_str(),
        started.elapsed(),
        past_in,
        recounted_in
    );
    store.close().await;
}

fn evening() -> DateTime<Utc> {
    // 2026-02-16 21:30 Shanghai: after the deadline, reports overdue.
    "2026-02-16T13:30:00Z".parse().unwrap()
}

fn morning() -> DateTime<Utc> {
    // 2026-02-16 08:40 Shanghai: check-ins arriving, cutoff ahead.
    "2026-02-16T00:40:00Z".parse().unwrap()
}

#[tokio::test]
async fn loudi_on_sqlite_in_the_evening() {
    let dir = tempfile::tempdir().unwrap();
    seeded_dashboard_matches_direct_counts(dir.path().join("l.db").to_str().unwrap(), Preset::Loudi, evening()).await;
}

#[tokio::test]
async fn changsha_on_sqlite_in_the_morning() {
    let dir = tempfile::tempdir().unwrap();
    seeded_dashboard_matches_direct_counts(dir.path().join("c.db").to_str().unwrap(), Preset::Changsha, morning())
        .await;
}

#[tokio::test]
async fn loudi_on_postgres() {
    if let Some((url, name)) = common::fresh_pg_url().await {
        seeded_dashboard_matches_direct_counts(&url, Preset::Loudi, evening()).await;
        common::drop_pg_db(&name).await;
    }
}

#[tokio::test]
#[ignore = "loads 2.7 million rows (about a minute on SQLite); run with --ignored"]
async fn province_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    seeded_dashboard_matches_direct_counts(dir.path().join("p.db").to_str().unwrap(), Preset::Province, evening())
        .await;
    eprintln!("province seeded and checked in {:.1}s", started.elapsed().as_secs_f64());
}

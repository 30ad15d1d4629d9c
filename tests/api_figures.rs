//! The figures kept on write, on SQLite and PostgreSQL: after any sequence of writes the
//! dashboard read from them equals a recount from the raw rows (a proptest); a past day's
//! dashboard is that day's throughout; an upgraded database gets its figures; concurrent
//! cache misses compute once.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use dutydesk::api::triage::{Reassignee, TriageRequest};
use dutydesk::api::types::{DailyReportBody, EnterpriseStatus, Role, Scope, Via};
use dutydesk::domain::lifecycle::Priority;
use dutydesk::store::tokens::Principal;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

use common::{Engine, Harness, world, world_now};

/// One write of the random sequence, at the clock after `advance_min` minutes (or at an exact
/// boundary: the cutoff, the deadline, or one millisecond after either).
#[derive(Debug, Clone)]
enum Op {
    Checkin { assignment: usize },
    Report { enterprise: i64, yesterday: bool, status: u8, on_site: i64 },
    Raise { enterprise: i64, priority: u8 },
    Triage { problem: usize, action: u8, priority: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..7).prop_map(|assignment| Op::Checkin { assignment }),
        (1i64..=6, any::<bool>(), 0u8..3, 0i64..100).prop_map(|(enterprise, yesterday, status, on_site)| Op::Report {
            enterprise,
            yesterday,
            status,
            on_site
        }),
        (1i64..=6, 0u8..3).prop_map(|(enterprise, priority)| Op::Raise { enterprise, priority }),
        (0usize..16, 0u8..7, 0u8..3).prop_map(|(problem, action, priority)| Op::Triage { problem, action, priority }),
    ]
}

/// When an op happens: minutes after the previous one, or a boundary of the day.
#[derive(Debug, Clone, Copy)]
enum When {
    After(i64),
    Boundary(u8),
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![4 => (0i64..150).prop_map(When::After), 1 => (0u8..4).prop_map(When::Boundary)]
}

/// The world's assignments (officer, enterprise), as `world::data` has them.
const ASSIGNMENTS: [(i64, i64); 7] = [(1, 1), (1, 2), (2, 1), (3, 3), (3, 4), (4, 5), (5, 4)];

fn priority(p: u8) -> Priority {
    [Priority::Urgent, Priority::High, Priority::Normal][p as usize % 3]
}

/// Compares the kept figures' dashboard with the recount for `date` at `now`, for the top of
/// the data and for every city and county (the served read sums each scope in SQL; the recount
/// groups park by park in Rust).
async fn same(h: &Harness, date: NaiveDate, now: DateTime<Utc>, after: &str) -> Result<(), TestCaseError> {
    let tree = h.store.org_tree().await.expect("tree");
    let scopes = [None, Some(Scope::Province)]
        .into_iter()
        .chain(tree.cities.iter().map(|c| Some(Scope::City(c.id))))
        .chain(tree.districts.iter().map(|d| Some(Scope::County(d.id))));
    for scope in scopes {
        let (kept, _) = h.store.dashboard(date, now, scope).await.expect("dashboard");
        let recount = h.store.recount_dashboard(date, now, scope).await.expect("recount");
        prop_assert_eq!(kept, recount, "{} at {} for {} in {:?}", after, now, date, scope);
    }
    Ok(())
}

async fn run_case(h: &Harness, ops: &[(When, Op)]) -> Result<(), TestCaseError> {
    let cal = h.store.calendar;
    let who = Principal { token_id: 2, name: "值班员 张敏".into(), role: Role::Dispatcher, officer_id: None };
    // 07:00 local on 2026-02-16, before the cutoff; ops may run past midnight into the 17th.
    let mut now: DateTime<Utc> = "2026-02-15T23:00:00Z".parse().unwrap();
    let mut problems = 5usize;
    for (i, (at, op)) in ops.iter().enumerate() {
        now = match *at {
            When::After(m) => now + Duration::minutes(m),
            When::Boundary(b) => {
                let date = cal.local_date(now);
                let t = if b % 2 == 0 { cal.cutoff(date) } else { cal.deadline(date) };
                (if b >= 2 { t + Duration::milliseconds(1) } else { t }).max(now)
            }
        };
        let today = cal.local_date(now);
        match op {
            Op::Checkin { assignment } => {
                let (o, e) = ASSIGNMENTS[*assignment];
                h.store.checkin(o, e, "test", now).await.expect("checkin");
            }
            Op::Report { enterprise, yesterday, status, on_site } => {
                let date = if *yesterday { today - Duration::days(1) } else { today };
                let status = [EnterpriseStatus::Resumed, EnterpriseStatus::NotResumed, EnterpriseStatus::Suspended]
                    [*status as usize % 3];
                let body =
                    DailyReportBody { status, employees_on_site: *on_site, notes: String::new(), officer_id: None };
                h.store.put_report(*enterprise, date, 1, &body, "test", now).await.expect("report");
            }
            Op::Raise { enterprise, priority: p } => {
                h.store
                    .raise_problem(*enterprise, 1, "测试问题", "说明", "policy", priority(*p), "test", Via::Api, now)
                    .await
                    .expect("raise");
                problems += 1;
            }
            Op::Triage { problem, action, priority: p } => {
                let id = (*problem % problems) as i64 + 1;
                let version = h.store.problem(id).await.expect("problem").expect("exists").version;
                let request = match action {
                    0 => TriageRequest::Acknowledge { note: None },
                    1 => TriageRequest::Escalate { note: None },
                    2 => TriageRequest::Reassign(Reassignee::Department { department_id: 1 }),
                    3 => TriageRequest::Resolve { resolution: "已解决".into() },
                    4 => TriageRequest::Reopen { reason: "复发".into() },
                    5 => TriageRequest::Comment { text: "跟进".into() },
                    _ => TriageRequest::SetPriority { priority: priority(*p) },
                };
                // A rule broken (acknowledging a resolved problem, …) writes nothing: fine.
                let _ = h.store.triage(id, version, &request, &who, Via::Console, now).await;
            }
        }
        same(h, today, now, &format!("op {i} {op:?}")).await?;
    }
    // Every day the sequence touched, read at the end: today, yesterday, the world's days.
    let today = cal.local_date(now);
    for back in 0..4 {
        same(h, today - Duration::days(back), now, "the end").await?;
    }
    Ok(())
}

fn figures_equal_a_recount(engine: Engine, cases: u32) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let config = RunnerConfig { cases, failure_persistence: None, ..RunnerConfig::default() };
    let mut runner = TestRunner::new(config);
    let strategy = proptest::collection::vec((when(), op()), 1..14);
    let result = runner.run(&strategy, |ops| {
        rt.block_on(async {
            let Some(h) = Harness::new(engine).await else { return Ok(()) };
            run_case(&h, &ops).await
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn kept_figures_equal_a_recount_after_random_writes_sqlite() {
    figures_equal_a_recount(Engine::Sqlite, 24);
}

#[test]
fn kept_figures_equal_a_recount_after_random_writes_postgres() {
    figures_equal_a_recount(Engine::Postgres, 8);
}

both_stores!(a_past_day_is_that_days_figures_throughout, |h| {
    let yesterday: NaiveDate = "2026-02-15".parse().unwrap();
    // Writes today: 正新 files suspended, 原材料运输受阻 is resolved, a new problem is raised.
    let body = DailyReportBody {
        status: EnterpriseStatus::Resumed,
        employees_on_site: 90,
        notes: String::new(),
        officer_id: None,
    };
    h.store.put_report(2, "2026-02-16".parse().unwrap(), 1, &body, "test", world_now()).await.unwrap();
    let who = Principal { token_id: 2, name: "值班员".into(), role: Role::Dispatcher, officer_id: None };
    let resolve = TriageRequest::Resolve { resolution: "已协调".into() };
    let v = h.store.problem(world::P_OPEN).await.unwrap().unwrap().version;
    h.store.triage(world::P_OPEN, v, &resolve, &who, Via::Console, world_now()).await.unwrap();
    let (_, _, d) = h.get("/api/v1/dashboard?date=2026-02-15", &h.viewer).await;
    let t = &d["totals"];
    // Enterprises as 02-15's reports said: 邦普, 文昌, 华洋茂 reported, all resumed.
    assert_eq!(t["enterprises"], serde_json::json!({"num": 3, "den": 3}));
    assert_eq!(t["employees"], serde_json::json!({"num": 830, "den": 1109}));
    assert_eq!(t["suspended"], 0);
    // Problems at the end of 02-15: only 原材料运输受阻 (resolved today, open then), not breached.
    assert_eq!(t["problems"]["open"], 1);
    assert_eq!(t["problems"]["acknowledged"], 0);
    assert_eq!(t["problems"]["escalated"], 0);
    assert_eq!(t["problems"]["sla_breached"], 0);
    assert_eq!(t["problems"]["oldest_open_at"], "2026-02-15T10:00:00Z");
    let (_, _, county) = h.get("/api/v1/dashboard?date=2026-02-15&scope=county:1", &h.viewer).await;
    assert_eq!(county["rows"][1]["name"], "娄底经济技术开发区");
    assert_eq!(county["rows"][1]["problems"]["open"], 1, "at 娄底经济技术开发区");
    // Attendance and reports of 02-15: nobody checked in; 3 of 5 reported, 华洋茂 late.
    assert_eq!(t["attendance"], serde_json::json!({"expected": 5, "present": 0, "late": 0, "absent": 5, "not_yet": 0}));
    assert_eq!(t["reports"], serde_json::json!({"expected": 5, "submitted": 3, "on_time": 2, "overdue": 2}));
    // Today differs where the data differ.
    let (_, _, today) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!(today["totals"]["enterprises"], serde_json::json!({"num": 4, "den": 6}));
    assert_eq!(today["totals"]["problems"]["open"], 2);
    assert_eq!(today["totals"]["problems"]["sla_breached"], 1);
    assert_eq!(today["totals"]["attendance"]["present"], 3);
    // And 02-15 equals a direct recount of that day from the rows.
    let recount = h.store.recount_dashboard(yesterday, world_now(), None).await.unwrap();
    let mut served: dutydesk::api::types::Dashboard = serde_json::from_value(d).unwrap();
    served.as_of = recount.as_of;
    assert_eq!(served, recount);
});

both_stores!(an_upgraded_database_rebuilds_its_figures_once, |h| {
    // As a database migrated to 0004 finds itself: empty figure tables, no calendar recorded.
    for t in ["park_figures", "unit_park_figures", "park_day_figures", "unit_day_figures"] {
        sqlx::query(&format!("DELETE FROM {t}")).execute(h.store.pool()).await.unwrap();
    }
    sqlx::query("DELETE FROM meta WHERE key = 'figures_calendar'").execute(h.store.pool()).await.unwrap();
    assert!(h.store.ensure_figures().await.unwrap(), "rebuilt");
    assert!(!h.store.ensure_figures().await.unwrap(), "once");
    let today = h.store.calendar.local_date(world_now());
    let (kept, _) = h.store.dashboard(today, world_now(), None).await.unwrap();
    assert_eq!(kept, h.store.recount_dashboard(today, world_now(), None).await.unwrap());
    assert_eq!(kept.totals.attendance.late, 1, "the figures are there, not zeros");
});

both_stores!(thirty_concurrent_misses_compute_once_and_a_304_never, |h| {
    let computed = || h.state.metrics.dashboards_computed.get();
    let before = computed();
    let answers = futures::future::join_all((0..30).map(|_| h.get("/api/v1/dashboard", &h.viewer))).await;
    assert_eq!(computed() - before, 1, "one computation for 30 concurrent misses");
    let etag = answers[0].1["etag"].to_str().unwrap().to_string();
    for (status, headers, body) in &answers {
        assert_eq!(*status, axum::http::StatusCode::OK);
        assert_eq!(headers["etag"].to_str().unwrap(), etag);
        assert_eq!(body, &answers[0].2);
    }
    let (s, _, _) =
        h.send(axum::http::Method::GET, "/api/v1/dashboard", Some(&h.viewer), None, &[("if-none-match", &etag)]).await;
    assert_eq!(s, axum::http::StatusCode::NOT_MODIFIED);
    assert_eq!(computed() - before, 1, "a 304 from the cache computes nothing");
    h.store.checkin(3, 3, "test", world_now()).await.unwrap();
    let again = futures::future::join_all((0..30).map(|_| h.get("/api/v1/dashboard", &h.viewer))).await;
    assert_eq!(computed() - before, 2, "a write: one more computation");
    assert_eq!(again[0].2["totals"]["attendance"]["present"], 4);
});

both_stores!(a_due_time_passing_ends_the_cached_dashboard_exactly, |h| {
    // 口罩库存仅够两天 is due at 09:00Z; 400名员工返岗需包车 is already breached.
    let due: DateTime<Utc> = "2026-02-16T09:00:00Z".parse().unwrap();
    let computed = || h.state.metrics.dashboards_computed.get();
    let breached = |d: &serde_json::Value| d["totals"]["problems"]["sla_breached"].as_i64().unwrap();
    h.clock.set(due - Duration::milliseconds(1));
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!(breached(&d), 1);
    let before = computed();
    h.clock.set(due);
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!((breached(&d), computed() - before), (1, 0), "at the due time itself: not breached, still cached");
    h.clock.set(due + Duration::milliseconds(1));
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    assert_eq!((breached(&d), computed() - before), (2, 1), "a millisecond later: breached, recomputed, no lag");
});

both_stores!(a_client_that_accepts_gzip_gets_the_body_compressed_once, |h| {
    use tower::ServiceExt;
    let get = |gzip: bool| {
        let mut req = axum::http::Request::builder()
            .uri("/api/v1/dashboard")
            .header("authorization", format!("Bearer {}", h.viewer));
        if gzip {
            req = req.header("accept-encoding", "gzip");
        }
        h.app.clone().oneshot(req.body(axum::body::Body::empty()).unwrap())
    };
    let before = h.state.metrics.dashboards_computed.get();
    let zipped = get(true).await.unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_eq!(zipped.headers()["vary"], "accept-encoding");
    let etag = zipped.headers()["etag"].clone();
    let zipped = axum::body::to_bytes(zipped.into_body(), usize::MAX).await.unwrap();
    let plain = get(false).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.headers()["etag"], etag, "one tag for both encodings of one body");
    let plain = axum::body::to_bytes(plain.into_body(), usize::MAX).await.unwrap();
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, plain.to_vec());
    assert!(zipped.len() * 3 < plain.len(), "compressed: {} of {} bytes", zipped.len(), plain.len());
    assert_eq!(h.state.metrics.dashboards_computed.get() - before, 1, "both answers from one computation");
});

both_stores!(the_trend_carries_staff_attendance_and_on_time_reports_per_day, |h| {
    let (_, _, d) = h.get("/api/v1/dashboard", &h.viewer).await;
    let t = &d["totals"];
    let trend = t["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 14);
    // 02-15 by hand (as its dashboard says above): 邦普, 文昌, 华洋茂 reported, all resumed, 830 of
    // their 1,109 staff on site; nobody checked in of 5 officers; 2 of 5 expected reports on time.
    let day = &trend[12];
    assert_eq!(day["date"], "2026-02-15");
    assert_eq!(day["resumed"], serde_json::json!({"num": 3, "den": 3}));
    assert_eq!(day["employees"], serde_json::json!({"num": 830, "den": 1109}));
    assert_eq!(day["attendance"], serde_json::json!({"num": 0, "den": 5}));
    assert_eq!(day["on_time"], serde_json::json!({"num": 2, "den": 5}));
    // Today's point is the live figures: the totals' own counts.
    let today = &trend[13];
    assert_eq!(today["resumed"], t["enterprises"]);
    assert_eq!(today["employees"], t["employees"]);
    let (att, rep) = (&t["attendance"], &t["reports"]);
    assert_eq!(today["attendance"], serde_json::json!({"num": att["present"], "den": att["expected"]}));
    assert_eq!(today["on_time"], serde_json::json!({"num": rep["on_time"], "den": rep["expected"]}));
    assert_eq!(today["attendance"]["num"], 3, "three officers checked in today");
    // A past day's last point is that day's figures; and every scope equals the recount.
    let (_, _, past) = h.get("/api/v1/dashboard?date=2026-02-15&scope=county:1", &h.viewer).await;
    let last = past["totals"]["trend"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["attendance"]["den"], past["totals"]["attendance"]["expected"]);
    assert_eq!(last["on_time"]["num"], past["totals"]["reports"]["on_time"]);
    same(&h, "2026-02-15".parse().unwrap(), world_now(), "the world").await.unwrap();
    same(&h, "2026-02-16".parse().unwrap(), world_now(), "the world").await.unwrap();
});

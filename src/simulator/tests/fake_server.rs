//! The simulator against a fake server on a loopback port: it must act within seconds, speak
//! the contract (bearer token, `X-Dutydesk-Via`, `Idempotency-Key` on POST, `If-Match` on
//! triage), take the current version from a 412, and stop promptly on shutdown.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use serde_json::json;

use crate::api::headers;
use crate::api::types::*;
use crate::config::Config;
use crate::domain::calendar::Attendance;
use crate::domain::lifecycle::{Priority, ProblemState};

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    auth: Option<String>,
    idempotency: Option<String>,
    if_match: Option<String>,
    via: Option<String>,
    body: serde_json::Value,
}

type Log = Arc<Mutex<Vec<Seen>>>;

fn named(id: i64, name: &str) -> NamedRef {
    NamedRef { id, name: name.to_string() }
}

fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

fn problem(id: i64, state: ProblemState, level: i64, version: i64) -> Problem {
    let now = Utc::now();
    Problem {
        id,
        enterprise: named(id, "光华机械厂"),
        park: named(1, "万宝新区"),
        title: "口罩缺口".into(),
        description: String::new(),
        category: "protective_supplies".into(),
        state,
        level,
        priority: Priority::High,
        assignee: Assignee { kind: AssigneeKind::Desk, id: level, name: "园区服务台".into() },
        raised_by: named(1, "王磊"),
        created_at: now,
        updated_at: now,
        due_at: now,
        resolved_at: None,
        version,
    }
}

fn page<T>(items: Vec<T>) -> Page<T> {
    Page { items, next_cursor: None, total: None }
}

async fn write(State(log): State<Log>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    let header = |n: &str| parts.headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
    let path = parts.uri.path().trim_start_matches("/api/v1").to_string();
    let seen = Seen {
        method: parts.method.to_string(),
        path: path.clone(),
        auth: header("authorization"),
        idempotency: header("idempotency-key"),
        if_match: header("if-match"),
        via: header(headers::VIA),
        body: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    };
    log.lock().expect("log").push(seen.clone());
    if path.starts_with("/problems/") {
        let id: i64 = path.split('/').nth(2).and_then(|s| s.parse().ok()).unwrap_or(0);
        let version: i64 = seen.if_match.as_deref().unwrap_or("\"0\"").trim_matches('"').parse().unwrap_or(0);
        if id == 2 && version < 9 {
            let current = problem(2, ProblemState::Acknowledged, 0, 9);
            let body = json!({"type": "about:blank", "title": "stale", "status": 412, "detail": "changed", "code": "STALE_VERSION", "current": current});
            return (StatusCode::PRECONDITION_FAILED, Json(body)).into_response();
        }
        return Json(problem(id, ProblemState::Acknowledged, 0, version + 1)).into_response();
    }
    if path == "/problems" {
        return (StatusCode::CREATED, Json(problem(100, ProblemState::Open, 0, 1))).into_response();
    }
    (StatusCode::CREATED, Json(json!({}))).into_response()
}

async fn fake_server(log: Log) -> String {
    let settings = Config::builtin().server.settings();
    let s2 = settings.clone();
    let app = axum::Router::new()
        .route(
            "/api/v1/me",
            get(move || async move {
                Json(Me { token_id: 1, name: "admin".into(), role: Role::Admin, officer_id: None, settings: s2 })
            }),
        )
        .route(
            "/api/v1/org",
            get(move || async move {
                let departments = (1..=12)
                    .map(|id| Department {
                        id,
                        name: format!("部门{id}"),
                        short_name: format!("部{id}"),
                        aliases: vec![],
                    })
                    .collect();
                Json(Org {
                    city: "娄底市".into(),
                    province: "湖南省".into(),
                    cities: vec![],
                    districts: vec![],
                    parks: vec![],
                    departments,
                    units: vec![],
                    settings,
                })
            }),
        )
        .route(
            "/api/v1/officers",
            get(|| async {
                Json(page(
                    (1..=30)
                        .map(|id| Officer {
                            id,
                            name: format!("官{id}"),
                            phone: None,
                            unit: named(1, "市发改委"),
                            park: named(1, "万宝新区"),
                            enterprises: vec![named(id, "企业")],
                            today: OfficerToday {
                                date: today(),
                                first_checkin_at: None,
                                attendance: Attendance::NotYet,
                            },
                            open_problems: 0,
                        })
                        .collect(),
                ))
            }),
        )
        .route(
            "/api/v1/enterprises",
            get(|| async {
                Json(page(
                    (1..=30)
                        .map(|id| Enterprise {
                            id,
                            name: format!("企业{id}"),
                            park: named(1, "万宝新区"),
                            class: "四上企业".into(),
                            status: EnterpriseStatus::NotResumed,
                            employees_baseline: 100,
                            employees_on_site: 0,
                            officers: vec![named(id, "官")],
                            latest_report_date: None,
                            open_problems: 0,
                        })
                        .collect(),
                ))
            }),
        )
        .route(
            "/api/v1/problems",
            get(|| async {
                Json(page(vec![
                    problem(1, ProblemState::Open, 0, 1),
                    problem(2, ProblemState::Open, 0, 3),
                    problem(3, ProblemState::Acknowledged, 1, 4),
                ]))
            })
            .post(write),
        )
        .route("/api/v1/reports/overdue", get(|| async { Json(page(Vec::<OverdueReport>::new())) }))
        .fallback(write)
        .with_state(log);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn simulator_speaks_the_contract_and_stops_promptly() {
    let log: Log = Arc::default();
    let url = fake_server(log.clone()).await;
    let (tx, rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move { crate::simulator::run(&url, "tok123", 10.0, rx).await });
    tokio::time::sleep(Duration::from_millis(2500)).await;
    tx.send(true).expect("send");
    let stopping = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(2), task).await.expect("stops promptly").expect("no panic");
    assert!(result.is_ok(), "{result:?}");
    assert!(stopping.elapsed() < Duration::from_secs(2));

    let seen = log.lock().expect("log").clone();
    let kinds: std::collections::HashSet<String> = seen
        .iter()
        .map(|s| match s.path.split('/').nth(1) {
            Some("problems") if s.path.matches('/').count() == 3 => s.path.rsplit('/').next().unwrap_or("").to_string(),
            Some(p) => p.to_string(),
            None => String::new(),
        })
        .collect();
    assert!(kinds.contains("checkins") && kinds.contains("daily-reports"), "{kinds:?}");
    assert!(kinds.len() >= 3, "{kinds:?}");
    assert!(seen.iter().all(|s| s.auth.as_deref() == Some("Bearer tok123")));
    assert!(seen.iter().all(|s| s.via.as_deref() == Some("simulator")), "every write names the simulator");
    let mut keys = std::collections::HashSet::new();
    for s in seen.iter().filter(|s| s.method == "POST") {
        let key = s.idempotency.as_deref().expect("every POST has an Idempotency-Key");
        assert!(uuid::Uuid::parse_str(key).is_ok_and(|u| u.get_version_num() == 4), "{key}");
        assert!(keys.insert(key.to_string()), "a fresh key per POST");
    }
    for s in seen.iter().filter(|s| s.path.starts_with("/problems/")) {
        let v = s.if_match.as_deref().expect("triage carries If-Match");
        assert!(v.starts_with('"') && v.ends_with('"'), "{v}");
    }
    let officers: Vec<i64> =
        seen.iter().filter(|s| s.path == "/checkins").filter_map(|s| s.body["officer_id"].as_i64()).collect();
    let distinct: std::collections::HashSet<_> = officers.iter().collect();
    assert_eq!(distinct.len(), officers.len(), "no officer checks in twice in a day");
    // After a 412 on problem 2 the simulator uses the current version (9) next time.
    let p2: Vec<&str> =
        seen.iter().filter(|s| s.path.starts_with("/problems/2/")).filter_map(|s| s.if_match.as_deref()).collect();
    if p2.len() >= 2 {
        assert!(p2[1..].iter().all(|v| *v != "\"3\""), "{p2:?}");
    }
}

#[tokio::test]
async fn a_non_admin_token_is_refused_with_a_clear_error() {
    let settings = Config::builtin().server.settings();
    let app = axum::Router::new().route(
        "/api/v1/me",
        get(move || async move {
            Json(Me { token_id: 2, name: "night".into(), role: Role::Viewer, officer_id: None, settings })
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let err = crate::simulator::run(&format!("http://{addr}"), "t", 1.0, rx).await.expect_err("viewer refused");
    assert!(err.to_string().contains("admin"), "{err}");
}

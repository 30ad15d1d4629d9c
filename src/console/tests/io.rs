//! The poller and `snapshot` against a small API server on a loopback port serving the
//! fixtures, and against a dead port (OFFLINE with a retry time).

use std::time::Duration;

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::mpsc;

use crate::api::client::{ApiClient, Cause};
use crate::api::types::Page;
use crate::console::message::Msg;
use crate::console::model::link::Reason;
use crate::console::runtime::poller;
use crate::console::runtime::setup::ConsoleOptions;
use crate::console::runtime::snapshot::{SnapshotOptions, snapshot};
use crate::console::tests::fixtures;

fn page<T>(items: Vec<T>) -> Page<T> {
    Page { items, next_cursor: None, total: None }
}

/// Requests the fake server saw (path and query), in order.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

async fn serve() -> String {
    serve_logged().await.0
}

/// The fake server, logging every request; its change feed has one change (problem 101, at
/// sequence 4243) after the dashboard's 4242, then none (each empty answer after a 1 s wait).
pub(crate) async fn serve_logged() -> (String, Seen) {
    let seen: Seen = Default::default();
    let log = seen.clone();
    let app = Router::new()
        .route(
            "/api/v1/changes",
            get(|q: axum::extract::Query<std::collections::HashMap<String, String>>| async move {
                let since: i64 = q.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
                if since < 4243 {
                    let at = fixtures::now();
                    let change = crate::api::types::Change {
                        seq: 4243,
                        kind: "problem".into(),
                        id: 101,
                        op: "upsert".into(),
                        at,
                    };
                    return Json(crate::api::types::Changes { changes: vec![change], next_since: 4243, more: false });
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                Json(crate::api::types::Changes { changes: vec![], next_since: since, more: false })
            }),
        )
        .route("/api/v1/me", get(|| async { Json(fixtures::me()) }))
        .route("/api/v1/org", get(|| async { Json(fixtures::org()) }))
        .route(
            "/api/v1/dashboard",
            get(|h: HeaderMap| async move {
                if h.get("if-none-match").is_some_and(|v| v == "\"d1\"") {
                    return (StatusCode::NOT_MODIFIED, [("X-Poll-Interval", "2")]).into_response();
                }
                ([("ETag", "\"d1\""), ("X-Poll-Interval", "2")], Json(fixtures::dashboard())).into_response()
            }),
        )
        .route("/api/v1/reports/overdue", get(|| async { Json(page(fixtures::overdue())) }))
        .route(
            "/api/v1/problems",
            get(|q: axum::extract::Query<std::collections::HashMap<String, String>>| async move {
                // A queue longer than the rows served: the count only when asked for; a second
                // page at the cursor `p2`.
                let total = (q.get("total").map(String::as_str) == Some("true")).then_some(3_597);
                if q.get("cursor").map(String::as_str) == Some("p2") {
                    return Json(Page { total, ..page(fixtures::problems()[2..].to_vec()) });
                }
                Json(Page { total, next_cursor: Some("p2".into()), ..page(fixtures::problems()[..2].to_vec()) })
            }),
        )
        .route(
            "/api/v1/problems/{id}",
            get(|Path(id): Path<i64>| async move { Json(fixtures::problems().into_iter().find(|p| p.id == id)) }),
        )
        .route(
            "/api/v1/problems/{id}/{action}",
            axum::routing::post(|Path((_, action)): Path<(i64, String)>, h: HeaderMap, body: String| async move {
                let header = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let seen = format!(
                    "{action} {} {} {} {body}",
                    header("if-match"),
                    header("x-dutydesk-via"),
                    header("idempotency-key")
                );
                let mut current = fixtures::problems().remove(0);
                current.title = seen;
                let err = crate::api::types::ApiError {
                    kind: "about:blank".into(),
                    title: "Precondition Failed".into(),
                    status: 412,
                    detail: "changed".into(),
                    code: "STALE_VERSION".into(),
                    errors: Vec::new(),
                    current: Some(Box::new(current)),
                };
                (StatusCode::PRECONDITION_FAILED, Json(err)).into_response()
            }),
        )
        .route(
            "/api/v1/problems/{id}/timeline",
            get(|| async {
                match fixtures::problem_detail() {
                    crate::console::model::ViewData::Problem(_, t) => Json(t),
                    _ => unreachable!(),
                }
            }),
        );
    let app = app.layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
        let log = log.clone();
        async move {
            let q = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            log.lock().unwrap().push(format!("{}{q}", req.uri().path().trim_start_matches("/api/v1/")));
            next.run(req).await
        }
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

/// The next message but the end-of-poll ones (`Msg::Polled`).
pub(crate) async fn next(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    loop {
        let msg =
            tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("a message in time").expect("open");
        if !matches!(msg, Msg::Polled { .. }) {
            return msg;
        }
    }
}

#[tokio::test]
async fn poller_sends_me_org_data_then_not_modified() {
    let base = serve().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let p = poller::spawn(ApiClient::new(&base, "t").unwrap(), tx, 5);
    assert!(matches!(next(&mut rx).await, Msg::Me(_)));
    assert!(matches!(next(&mut rx).await, Msg::Org(_)));
    match next(&mut rx).await {
        Msg::Data { poll_secs, fresh: Some(f), .. } => {
            assert_eq!(poll_secs, Some(2));
            assert_eq!(f.1.as_ref().map(|o| o.len()), Some(5));
        }
        other => panic!("{other:?}"),
    }
    // The queue's count is the server's, asked for with the first page.
    assert!(
        matches!(next(&mut rx).await, Msg::Escalated { problems, .. } if problems.len() == 2 && problems.total == Some(3_597))
    );
    // The watched view comes at once and first, before the dashboard's lists.
    p.watch(Some(crate::console::model::View::Problem(fixtures::r(101, "x"))));
    match next(&mut rx).await {
        Msg::Loaded { data: crate::console::model::ViewData::Problem(p, t), .. } => {
            assert_eq!(p.id, 101);
            assert_eq!(t.len(), 3);
        }
        other => panic!("{other:?}"),
    }
    // Then the change feed's change, and the dashboard unchanged (304).
    assert!(matches!(next(&mut rx).await, Msg::Changed { .. }));
    assert!(matches!(next(&mut rx).await, Msg::Data { fresh: None, poll_secs: Some(2), .. }));
}

#[tokio::test]
async fn a_change_re_reads_that_problem_and_an_unchanged_cycle_makes_only_the_long_poll() {
    let (base, seen) = serve_logged().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let _p = poller::spawn(ApiClient::new(&base, "t").unwrap(), tx, 5);
    // The full read, then the change: the changed problems and the counts, not the list.
    loop {
        if let Msg::Changed { problems, totals, .. } = next(&mut rx).await {
            assert!(problems.iter().any(|p| p.id == 101));
            assert_eq!(totals.first().map(|t| t.1), Some(3_597));
            break;
        }
    }
    let mark = seen.lock().unwrap().len();
    // One unchanged cycle: the long poll that times out empty, and the dashboard's 304.
    loop {
        if let Msg::Data { fresh: None, .. } = next(&mut rx).await {
            let after: Vec<String> = seen.lock().unwrap()[mark..].to_vec();
            if after.iter().any(|r| r.starts_with("changes?since=4243")) {
                let lists: Vec<&String> =
                    after.iter().filter(|r| !r.starts_with("changes") && !r.starts_with("dashboard")).collect();
                assert!(lists.is_empty(), "an unchanged cycle read {lists:?}");
                break;
            }
        }
    }
    let log = seen.lock().unwrap().clone();
    let since =
        log.iter().position(|r| r.contains("since=4242") && r.starts_with("problems")).expect("the changed problems");
    assert!(
        log[since..].iter().all(|r| !(r.starts_with("problems?") && r.contains("limit=200") && !r.contains("since="))),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_further_page_is_fetched_at_its_cursor() {
    use crate::console::model::{ListRef, PageRows, View};
    let base = serve().await;
    let client = ApiClient::new(&base, "t").unwrap();
    let list = ListRef::View(View::problems(None, false));
    match crate::console::runtime::pages::page_msg(&client, list.clone(), "p2".into()).await {
        Msg::Page { list: l, cursor, rows: PageRows::Problems(rows), next } => {
            assert_eq!((&l, cursor.as_str(), next), (&list, "p2", None));
            assert_eq!(rows.iter().map(|p| p.id).collect::<Vec<_>>(), [103, 104]);
        }
        other => panic!("{other:?}"),
    }
    let dead = ApiClient::new("http://127.0.0.1:9", "t").unwrap();
    assert!(matches!(crate::console::runtime::pages::page_msg(&dead, list, "p2".into()).await, Msg::PageFailed { .. }));
}

#[tokio::test]
async fn an_unreachable_api_is_offline_with_its_reason_and_a_retry_time() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let _p = poller::spawn(ApiClient::new("http://127.0.0.1:9", "t").unwrap(), tx, 5);
    for _ in 0..2 {
        match next(&mut rx).await {
            Msg::Failed { at, retry_at, error } => {
                assert!(error.offline());
                assert_eq!(error.reason, Reason::Unreachable(Cause::Refused), "{error:?}");
                let wait = (retry_at - at).num_milliseconds();
                assert!((0..=10_000).contains(&wait), "full jitter within the cap: {wait} ms");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn snapshot_renders_a_view_as_text() {
    let base = serve().await;
    let mut console = ConsoleOptions::new(&base, "t");
    console.lang = Some("en".into());
    let escalated =
        |full| SnapshotOptions { console: console.clone(), view: "escalated".into(), width: 100, height: 20, full };
    let full = snapshot(escalated(true)).await.unwrap();
    assert!(full.contains("Escalated") && full.contains("#101"), "{full}");
    assert!(!full.contains('\u{1b}'));
    assert_eq!(full.lines().count(), 20, "--full pads to the height: {full}");
    assert!(full.lines().last().unwrap().contains("? help"), "--full has the key hints: {full}");
    assert!(full.contains("▶ "), "--full marks the selected row: {full}");
    // Only the view: no hint bar, no marker, no padding; the same rows otherwise.
    let view = snapshot(escalated(false)).await.unwrap();
    assert!(view.contains("Escalated") && view.contains("#101"), "{view}");
    assert!(!view.contains("? help") && !view.contains('▶'), "{view}");
    assert!(view.lines().count() < 20 && !view.ends_with("\n\n"), "{view}");
    assert!(view.lines().all(|l| !l.ends_with(' ')), "{view}");
    let row = |t: &str| t.lines().find(|l| l.contains("#101")).map(|l| l.trim_start_matches(['▶', ' ']).to_string());
    assert_eq!(row(&view), row(&full), "the same row without its marker");
    let text = snapshot(SnapshotOptions {
        console: console.clone(),
        view: "overdue".into(),
        width: 80,
        height: 24,
        full: false,
    })
    .await
    .unwrap();
    assert!(text.contains("[4 Overdue reports]"), "{text}");
    console.lang = Some("zh-CN".into());
    let text = snapshot(SnapshotOptions {
        console: console.clone(),
        view: "problem:101".into(),
        width: 80,
        height: 24,
        full: false,
    })
    .await
    .unwrap();
    assert!(text.contains("升级") || text.contains("escalate"), "{text}");
    let err = snapshot(SnapshotOptions { console, view: "nonsense".into(), width: 80, height: 24, full: false })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("unknown view"));
}

#[test]
fn start_up_problems_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.toml");
    std::fs::write(
        &keys,
        "[[normal]]\nkeys = [\"Nope-x\"]\naction = \"quit\"\n[[normal]]\nkeys = [\"z\"]\naction = \"fly\"\n",
    )
    .unwrap();
    let mut opts = ConsoleOptions::new("http://127.0.0.1:1", "t");
    opts.keymap_override = Some(keys);
    opts.theme = Some("no-such-theme".into());
    opts.lang = Some("zh-CN".into());
    opts.demo = true;
    let (s, theme) = crate::console::runtime::setup::initial_state(&opts, "127.0.0.1:1", fixtures::now());
    assert_eq!(theme.name, "dark");
    assert!(s.notices.iter().any(|n| n.contains("no-such-theme")), "{:?}", s.notices);
    assert!(s.notices.iter().any(|n| n.contains("Nope-x")), "{:?}", s.notices);
    assert!(s.notices.iter().any(|n| n.contains("fly")), "{:?}", s.notices);
    assert_eq!(s.lang, crate::console::look::i18n::Lang::Zh);
    assert!(s.demo);
}

#[tokio::test]
async fn a_triage_post_carries_its_key_and_version_and_a_412_brings_the_changes() {
    use crate::console::model::outbox::Pending;
    use crate::console::model::triage::{Op, Target, TriageFailure};
    use crate::console::runtime::outbox::deliver;
    let base = serve().await;
    let client = ApiClient::new(&base, "t").unwrap();
    let key = uuid::Uuid::from_u128(0x42);
    let mut seen = fixtures::problems()[0].clone();
    seen.version = 1;
    let op =
        Op::Reassign(Target { kind: crate::matcher::CandidateKind::Department, id: 5, name: "交通运输局".into() });
    let p = Pending::new(key, op, seen, fixtures::now());
    match deliver(&client, &p, |_, e, _| panic!("a 412 is definite, not retried: {e}")).await {
        Msg::Triaged { key: k, result: Err(TriageFailure::Stale { current, events }) } if k == key => {
            let want = format!("reassign \"1\" console {key} {{\"department_id\":5}}");
            assert_eq!(current.title, want);
            // The fixture is at version 3: the two events after version 1.
            let actors: Vec<&str> = events.iter().map(|e| e.actor.as_str()).collect();
            assert_eq!(actors, ["园区服务台", "张敏"]);
        }
        other => panic!("{other:?}"),
    }
}

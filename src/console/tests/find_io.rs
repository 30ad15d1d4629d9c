//! `:problem N` at the edge: the real client and poller against a small API server serving
//! the fixtures and problem #1020, resolved (in no open queue), every message through the real
//! update function and the effects carried out as the run loop does. The resolved problem
//! opens with its timeline; a number the server does not know answers 404 and the console
//! shows "no problem #N", back on the screen it came from.

use std::time::Duration;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::mpsc;

use crate::api::client::ApiClient;
use crate::api::types::{ApiError, Changes, Page};
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{State, ViewData};
use crate::console::runtime::poller::{self, Poller};
use crate::console::tests::findcopy::{palette, resolved_1020, screen_text};
use crate::console::tests::fixtures;
use crate::console::update::update;
use crate::domain::lifecycle::ProblemState;

fn page<T: serde::Serialize>(items: Vec<T>) -> axum::response::Response {
    Json(Page { total: Some(items.len() as i64), items, next_cursor: None }).into_response()
}

fn not_found(id: i64) -> axum::response::Response {
    let body = ApiError {
        kind: "about:blank".into(),
        title: "Not Found".into(),
        status: 404,
        detail: format!("problem {id} not found"),
        code: "NOT_FOUND".into(),
        errors: Vec::new(),
        current: None,
    };
    (StatusCode::NOT_FOUND, [("content-type", "application/problem+json")], Json(body)).into_response()
}

/// The fake API: the fixtures, and of single problems only #1020 (resolved) and the open ones.
async fn serve() -> String {
    let known = |id: i64| fixtures::problems().into_iter().chain([resolved_1020()]).find(|p| p.id == id);
    let app = Router::new()
        .route("/api/v1/me", get(|| async { Json(fixtures::me()) }))
        .route("/api/v1/org", get(|| async { Json(fixtures::org()) }))
        .route("/api/v1/dashboard", get(|| async { Json(fixtures::dashboard()) }))
        .route("/api/v1/reports/overdue", get(|| async { page(fixtures::overdue()) }))
        .route("/api/v1/problems", get(|| async { page(fixtures::problems()) }))
        .route(
            "/api/v1/changes",
            get(|q: axum::extract::Query<std::collections::HashMap<String, String>>| async move {
                let since = q.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(300)).await;
                Json(Changes { changes: vec![], next_since: since, more: false })
            }),
        )
        .route(
            "/api/v1/problems/{id}",
            get(move |Path(id): Path<i64>| async move {
                match known(id) {
                    Some(p) => Json(p).into_response(),
                    None => not_found(id),
                }
            }),
        )
        .route(
            "/api/v1/problems/{id}/timeline",
            get(move |Path(id): Path<i64>| async move {
                match known(id) {
                    Some(_) => Json(Vec::<crate::api::types::TimelineEvent>::new()).into_response(),
                    None => not_found(id),
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// A console fed by the real poller, its effects carried out like the run loop's.
struct Console {
    state: State,
    rx: mpsc::UnboundedReceiver<Msg>,
    poller: Poller,
}

impl Console {
    async fn start(lang: Lang) -> Console {
        let (tx, rx) = mpsc::unbounded_channel();
        let poller = poller::spawn(ApiClient::new(&serve().await, "t").expect("a client"), tx, 1);
        let mut c = Console { state: fixtures::state(80, 24, lang), rx, poller };
        c.until("the first poll", |s| s.me.is_some() && s.org.is_some()).await;
        c
    }

    fn carry_out(&self, effects: Vec<Effect>) {
        for fx in effects {
            match fx {
                Effect::Watch(v) => self.poller.watch(v),
                Effect::Refresh => self.poller.refresh(),
                _ => {}
            }
        }
    }

    fn command(&mut self, line: &str) {
        let fx = palette(&mut self.state, line);
        self.carry_out(fx);
    }

    /// Applies messages until `done` holds, or panics after 20 s (never a measure of speed).
    async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !done(&self.state) {
            let msg = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("{what}: not reached; top {:?}", self.state.top()))
                .expect("the poller runs");
            let fx = update(&mut self.state, msg);
            self.carry_out(fx);
        }
    }
}

#[tokio::test]
async fn problem_1020_opens_though_resolved_and_in_no_queue() {
    let mut c = Console::start(Lang::En).await;
    c.command("problem 1020");
    c.until("problem #1020 loaded", |s| matches!(&s.top().data, Some(ViewData::Problem(p, _)) if p.id == 1020)).await;
    let Some(ViewData::Problem(p, _)) = &c.state.top().data else { unreachable!() };
    assert_eq!(p.state, ProblemState::Resolved);
    let text = screen_text(&c.state, &Theme::default_theme());
    assert!(text.contains("#1020 复工备案材料咨询") && text.contains("resolved"), "{text}");
    // `#101` of the open queue too, from the same palette.
    c.command("#101");
    c.until("problem #101 loaded", |s| matches!(&s.top().data, Some(ViewData::Problem(p, _)) if p.id == 101)).await;
    assert_eq!(c.state.stack.len(), 3);
}

#[tokio::test]
async fn an_unknown_number_says_no_problem_and_goes_back() {
    for (lang, text) in [(Lang::En, "no problem #4711"), (Lang::Zh, "没有问题 #4711")] {
        let mut c = Console::start(lang).await;
        c.command("#4711");
        assert_eq!(c.state.stack.len(), 2, "the screen opens while the server is asked");
        c.until("the notice", |s| !s.notices.is_empty()).await;
        assert_eq!(c.state.notices, [text]);
        assert_eq!(c.state.stack.len(), 1, "back on the dashboard");
        assert!(c.state.stack.iter().all(|sc| sc.error.is_none()));
        let screen = screen_text(&c.state, &Theme::default_theme());
        assert!(screen.contains(&format!("⚠ {text}")), "{screen}");
    }
}

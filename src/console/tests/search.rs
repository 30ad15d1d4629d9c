//! The picker's officer search at the edge: the runtime task sends only the query typed last
//! once the typing pauses (three keys at once, one request), says why a search failed, and,
//! against the real server on a `changsha` store (3,815 officers, more than the 2,000 the
//! console used to load), finds an officer far beyond the first 2,000 from what is typed in
//! the picker.

use std::time::Duration;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::mpsc;

use crate::api::client::ApiClient;
use crate::api::types::{Page, Role};
use crate::config::Config;
use crate::console::message::{Effect, Msg};
use crate::console::model::Modal;
use crate::console::runtime::search;
use crate::console::tests::fixtures;
use crate::console::tests::triage::{key, ready};
use crate::console::update::update;
use crate::seed::{Preset, generate};
use crate::server::{self, Clock, state::AppState};
use crate::store::Store;

type Seen = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// A fake `/officers` that logs each `q` and answers 503 to `boom`.
async fn fake() -> (String, Seen) {
    let seen: Seen = Default::default();
    let log = seen.clone();
    let app = Router::new().route(
        "/api/v1/officers",
        get(|q: Query<std::collections::HashMap<String, String>>| async move {
            let text = q.get("q").cloned().unwrap_or_default();
            log.lock().unwrap().push(format!("q={text} limit={}", q.get("limit").cloned().unwrap_or_default()));
            if text == "boom" {
                return (StatusCode::SERVICE_UNAVAILABLE, "overloaded").into_response();
            }
            let items = fixtures::officers().into_iter().filter(|o| o.name.contains(&text)).collect();
            Json(Page { items, next_cursor: None, total: None }).into_response()
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.expect("an answer in time").expect("a message")
}

#[tokio::test]
async fn the_last_query_typed_goes_out_once_and_a_failure_says_why() {
    let (url, seen) = fake().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let s = search::spawn(ApiClient::new(&url, "t").unwrap(), tx);
    for q in ["周", "", "周强"] {
        s.search(q.to_string());
    }
    match next(&mut rx).await {
        Msg::Officers { query, result: Ok(found) } => {
            assert_eq!(query, "周强");
            assert_eq!(found.iter().map(|o| o.id).collect::<Vec<_>>(), [3]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(*seen.lock().unwrap(), ["q=周强 limit=20"], "one request, for the last query");
    s.search("boom".into());
    match next(&mut rx).await {
        Msg::Officers { query, result: Err(e) } => assert!(query == "boom" && e.contains("503"), "{e}"),
        other => panic!("{other:?}"),
    }
    s.search(String::new());
    s.search("李".into());
    assert!(matches!(next(&mut rx).await, Msg::Officers { query, .. } if query == "李"));
    assert_eq!(seen.lock().unwrap().len(), 3, "an empty query asks nothing");
}

/// The real server on a temporary SQLite store seeded with the `changsha` preset; its URL
/// and a dispatcher token.
async fn changsha_server(dir: &tempfile::TempDir) -> (String, String, crate::store::bulk::SeedData) {
    let config = Config::builtin();
    let store = Store::open(&dir.path().join("c.db").display().to_string(), &config.server).await.unwrap();
    let now = fixtures::now();
    let data = generate(Preset::Changsha, 2020, now, &store.calendar, &store.sla);
    store.load_seed(&data).await.unwrap();
    let (_, token) = store.create_token("值班员", Role::Dispatcher, None).await.unwrap();
    let state = AppState::new(store, config.server.clone(), Clock::fixed(now));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { server::serve(listener, state, std::future::pending()).await });
    (url, token, data)
}

#[tokio::test]
async fn the_picker_finds_an_officer_beyond_the_first_two_thousand_on_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let (url, token, data) = changsha_server(&dir).await;
    assert!(data.officers.len() > 3_000, "changsha has {} officers", data.officers.len());
    // An officer past the first 2,000 by id (the old preload's order) whose name is theirs alone.
    let far = data
        .officers
        .iter()
        .filter(|o| o.id > 3_000 && o.active)
        .find(|o| data.officers.iter().filter(|p| p.name.contains(&o.name)).count() == 1)
        .expect("a far officer with a name of their own");
    let mut s = ready(crate::console::look::i18n::Lang::En);
    key(&mut s, crossterm::event::KeyCode::Char('E'));
    key(&mut s, crossterm::event::KeyCode::Char('r'));
    let fx = update(&mut s, Msg::Paste(far.name.clone()));
    let Some(Effect::SearchOfficers { query }) = fx.into_iter().next() else { panic!("no search asked") };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let searcher = search::spawn(ApiClient::new(&url, &token).unwrap(), tx);
    searcher.search(query);
    let answer = next(&mut rx).await;
    assert!(matches!(&answer, Msg::Officers { result: Ok(_), .. }), "{answer:?}");
    update(&mut s, answer);
    let Modal::Picker { query, .. } = &s.modal else { panic!("the picker is open") };
    let choices = s.assignees.choices(query.value());
    let found = choices.iter().find(|c| c.target.id == far.id).expect("the far officer is a choice");
    assert_eq!(found.target.name, far.name);
    assert!(found.info.place.contains(" · "), "with the unit and park: {}", found.info.place);
}

#[tokio::test]
async fn the_picker_finds_a_far_officer_by_pinyin_initials_on_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let (url, token, data) = changsha_server(&dir).await;
    // An officer past the first 2,000 whose initials few other names share (the picker shows
    // the server's first 20).
    let (far, initials) = data
        .officers
        .iter()
        .filter(|o| o.id > 3_000 && o.active)
        .find_map(|o| {
            let (_, initials) = crate::matcher::readings(&o.name).into_iter().next()?;
            let sharing = data.officers.iter().filter(|p| crate::matcher::contains(&p.name, &initials)).count();
            (initials.len() >= 3 && sharing <= 10).then_some((o, initials))
        })
        .expect("a far officer with rare initials");
    let mut s = ready(crate::console::look::i18n::Lang::En);
    key(&mut s, crossterm::event::KeyCode::Char('E'));
    key(&mut s, crossterm::event::KeyCode::Char('r'));
    let fx = update(&mut s, Msg::Paste(initials.clone()));
    let Some(Effect::SearchOfficers { query }) = fx.into_iter().next() else { panic!("no search asked") };
    assert_eq!(query, initials);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let searcher = search::spawn(ApiClient::new(&url, &token).unwrap(), tx);
    searcher.search(query);
    let answer = next(&mut rx).await;
    update(&mut s, answer);
    let Modal::Picker { query, .. } = &s.modal else { panic!("the picker is open") };
    let choices = s.assignees.choices(query.value());
    assert!(choices.iter().any(|c| c.target.id == far.id), "{} ({initials}) among {choices:?}", far.name);
}

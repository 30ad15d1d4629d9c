//! The simulator against the real server on a loopback port: within seconds it checks officers
//! in, files reports and raises and triages problems through the API, attributed to the admin
//! acting for named officers; and it refuses a token that is not an admin's.

mod common;

use std::time::Duration;

use chrono::Utc;
use dutydesk::api::types::Role;
use dutydesk::config::Config;
use dutydesk::seed::{Preset, generate};
use dutydesk::server::{self, Clock, state::AppState};
use dutydesk::store::Store;
use sqlx::Row;
use tokio::sync::watch;

async fn seeded_server(dir: &std::path::Path) -> (Store, String, watch::Sender<bool>) {
    let config = Config::builtin();
    let store = Store::open(dir.join("sim.db").to_str().unwrap(), &config.server).await.unwrap();
    store.load_seed(&generate(Preset::Loudi, 3, Utc::now(), &store.calendar, &store.sla)).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let (stop, mut stopped) = watch::channel(false);
    let state = AppState::new(store.clone(), config.server.clone(), Clock::system());
    tokio::spawn(server::serve(listener, state, async move {
        let _ = stopped.wait_for(|s| *s).await;
    }));
    (store, api, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulator_drives_a_day_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let (store, api, stop_server) = seeded_server(dir.path()).await;
    let (_, admin) = store.create_token("模拟器", Role::Admin, None).await.unwrap();
    let (stop, stopped) = watch::channel(false);
    let sim = tokio::spawn({
        let api = api.clone();
        async move { dutydesk::simulator::run(&api, &admin, 4.0, stopped).await }
    });
    // Wait (bounded) until check-ins, reports and problem changes have all arrived.
    let mut kinds = Vec::new();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let rows = sqlx::query("SELECT DISTINCT kind FROM changes").fetch_all(store.pool()).await.unwrap();
        kinds = rows.iter().map(|r| r.try_get::<String, _>(0).unwrap()).collect();
        if ["checkin", "report", "problem"].iter().all(|k| kinds.iter().any(|x| x == k)) {
            break;
        }
    }
    stop.send(true).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), sim).await.expect("the simulator stops promptly");
    result.unwrap().unwrap();
    for k in ["checkin", "report", "problem"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} change in {kinds:?}");
    }
    // Intake is recorded as the admin acting for an officer.
    let row = sqlx::query("SELECT recorded_by FROM checkins WHERE recorded_by <> 'seed' LIMIT 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>(0).unwrap(), "模拟器 (admin)");
    stop_server.send(true).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulator_refuses_a_token_that_is_not_admin() {
    let dir = tempfile::tempdir().unwrap();
    let (store, api, stop_server) = seeded_server(dir.path()).await;
    let (_, viewer) = store.create_token("夜班", Role::Viewer, None).await.unwrap();
    let (_stop, stopped) = watch::channel(false);
    let err = tokio::time::timeout(Duration::from_secs(10), dutydesk::simulator::run(&api, &viewer, 1.0, stopped))
        .await
        .expect("answers promptly")
        .unwrap_err();
    assert!(err.to_string().contains("admin"), "{err}");
    stop_server.send(true).unwrap();
}

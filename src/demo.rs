//! The embedded demo: the reference server in-process on a loopback port, on a demo database
//! in the user's data directory (seeded with the `loudi` preset, and re-seeded when its
//! history no longer ends today), with the live simulator driving it. The console then polls
//! it over HTTP like any central API.

use std::path::PathBuf;

use chrono::{Duration, Utc};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api::types::Role;
use crate::config::{Config, data_dir};
use crate::seed::{Preset, generate};
use crate::server::{self, Clock, state::AppState};
use crate::store::Store;

/// Names of the demo's own tokens (revoked and re-created at each start).
const DEMO_TOKEN_PREFIX: &str = "demo ";

/// A running demo.
#[derive(Debug)]
pub struct Demo {
    /// The API base URL on loopback.
    pub api_url: String,
    /// A dispatcher token for the console.
    pub token: String,
    /// Where the demo database is.
    pub db_path: PathBuf,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The demo database could not be opened, migrated or seeded.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Could not bind a loopback port.
    #[error("cannot open a loopback port for the demo server: {0}")]
    Bind(std::io::Error),
}

/// The demo database path.
pub fn demo_db_path() -> PathBuf {
    data_dir().join("demo.db")
}

/// Opens the demo database, seeding it when empty, reset, or out of date.
pub async fn prepare(config: &Config, reset: bool) -> Result<Store, DemoError> {
    let path = demo_db_path();
    if reset {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let store = Store::open(&path.display().to_string(), &config.server).await?;
    let today = store.calendar.local_date(Utc::now());
    let current = matches!(store.campaign_start().await?, Some(start) if start + Duration::days(13) == today);
    if !current {
        if store.has_data().await? {
            tracing::info!("the demo's history does not end today: seeding it afresh");
            store.wipe().await?;
        }
        let data = generate(Preset::Loudi, 2020, Utc::now(), &store.calendar, &store.sla);
        store.load_seed(&data).await?;
    }
    Ok(store)
}

/// Starts the demo: server on 127.0.0.1 (a free port) plus the simulator.
pub async fn start(config: &Config, reset: bool, speed: f64) -> Result<Demo, DemoError> {
    let store = prepare(config, reset).await?;
    store.revoke_tokens_named(DEMO_TOKEN_PREFIX).await?;
    let (_, admin) = store.create_token("demo simulator", Role::Admin, None).await?;
    let (_, token) = store.create_token("demo 值班员", Role::Dispatcher, None).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(DemoError::Bind)?;
    let addr = listener.local_addr().map_err(DemoError::Bind)?;
    let api_url = format!("http://{addr}");
    let (stop, stopped) = watch::channel(false);
    let policy = config.server.escalation.policy_for(true);
    let state = AppState::new(store, config.server.clone(), Clock::system()).with_escalation(policy);
    let mut server_stop = stopped.clone();
    let server_task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = server_stop.wait_for(|s| *s).await;
        };
        if let Err(e) = server::serve(listener, state, shutdown).await {
            tracing::error!(error = %e, "demo server stopped");
        }
    });
    let sim_api = api_url.clone();
    let sim_task = tokio::spawn(async move {
        if let Err(e) = crate::simulator::run(&sim_api, &admin, speed, stopped).await {
            tracing::error!(error = %e, "demo simulator stopped");
        }
    });
    Ok(Demo { api_url, token, db_path: demo_db_path(), stop, tasks: vec![server_task, sim_task] })
}

impl Demo {
    /// Stops the simulator and the server and waits for them.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), t).await;
        }
    }
}

//! What each subcommand does: load settings, open the store, run, and map failures to one
//! clear line and an exit status (2 for bad input or an unreachable database).

use std::process::ExitCode;

use crate::api::types::Role;
use crate::cli::{DbArg, RoleArg, ServeArgs, TokenCommand};
use crate::config::{Config, ServerConfig, data_dir};
use crate::server::{self, Clock, state::AppState};
use crate::store::Store;

/// A failure to report on one line, with its exit status.
#[derive(Debug)]
pub struct Failure {
    /// Exit status.
    pub code: u8,
    /// The line.
    pub message: String,
}

impl Failure {
    /// Bad input (status 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self { code: 2, message: message.into() }
    }

    /// Failed while running (status 1).
    pub fn runtime(message: impl Into<String>) -> Self {
        Self { code: 1, message: message.into() }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Failure::usage(e.to_string())
    }
}

/// Prints a failure and turns it into an exit code.
pub fn report(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("dutydesk: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// The database `--db` names, or the default file in the data directory.
pub fn db_url(db: &DbArg) -> String {
    db.db.clone().unwrap_or_else(|| data_dir().join("dutydesk.db").display().to_string())
}

/// Opens the store for a command.
pub async fn open_store(db: &DbArg, server: &ServerConfig) -> Result<Store, Failure> {
    Ok(Store::open(&db_url(db), server).await?)
}

/// Applies `serve`'s flags over the `[server]` settings and validates the result.
pub fn server_config(config: &Config, args: &ServeArgs) -> Result<ServerConfig, Failure> {
    let mut s = config.server.clone();
    if let Some(v) = &args.city {
        s.city = v.clone();
    }
    if let Some(v) = &args.time_zone {
        s.time_zone = v.clone();
    }
    if let Some(v) = &args.report_deadline {
        s.report_deadline = v.clone();
    }
    if let Some(v) = &args.checkin_cutoff {
        s.checkin_cutoff = v.clone();
    }
    if let Some(v) = args.poll_interval {
        if v == 0 {
            return Err(Failure::usage("--poll-interval must be at least 1 second"));
        }
        s.poll_interval_secs = v;
    }
    s.calendar().map_err(Failure::usage)?;
    Ok(s)
}

/// `dutydesk serve`.
pub async fn serve(config: &Config, args: &ServeArgs) -> Result<(), Failure> {
    let settings = server_config(config, args)?;
    let store = open_store(&args.db, &settings).await?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| Failure::usage(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener.local_addr().map_err(|e| Failure::runtime(e.to_string()))?;
    if !store.has_data().await? {
        eprintln!("dutydesk: the database is empty; fill it with `dutydesk seed --preset loudi` (same --db)");
    }
    eprintln!("dutydesk: serving http://{addr}/api/v1 (OpenAPI at /api/v1/openapi.json); Ctrl-C stops");
    let state = AppState::new(store.clone(), settings, Clock::system());
    server::serve(listener, state, server::shutdown_signal()).await.map_err(|e| Failure::runtime(e.to_string()))?;
    store.close().await;
    eprintln!("dutydesk: stopped");
    Ok(())
}

/// `dutydesk token …`.
pub async fn token(config: &Config, cmd: &TokenCommand) -> Result<(), Failure> {
    match cmd {
        TokenCommand::Create { db, role, name, officer } => {
            let store = open_store(db, &config.server).await?;
            let role = match role {
                RoleArg::Viewer => Role::Viewer,
                RoleArg::Dispatcher => Role::Dispatcher,
                RoleArg::Officer => Role::Officer,
                RoleArg::Admin => Role::Admin,
            };
            if name.trim().is_empty() {
                return Err(Failure::usage("--name must not be blank: it is who every write is attributed to"));
            }
            let (id, secret) = store.create_token(name.trim(), role, *officer).await?;
            println!("created token {id} ({}) for {}; it is shown once:", role.as_str(), name.trim());
            println!("{secret}");
        }
        TokenCommand::List { db } => {
            let store = open_store(db, &config.server).await?;
            println!("{:>5}  {:<10}  {:<8}  {:<25}  {:<25}  name", "id", "role", "officer", "created", "revoked");
            for t in store.list_tokens().await? {
                println!(
                    "{:>5}  {:<10}  {:<8}  {:<25}  {:<25}  {}",
                    t.id,
                    t.role,
                    t.officer_id.map(|o| o.to_string()).unwrap_or_else(|| "-".into()),
                    t.created_at,
                    t.revoked_at.unwrap_or_else(|| "-".into()),
                    t.name
                );
            }
        }
        TokenCommand::Revoke { db, id } => {
            let store = open_store(db, &config.server).await?;
            if !store.revoke_token(*id).await? {
                return Err(Failure::usage(format!("no live token with id {id}")));
            }
            println!("revoked token {id}");
        }
    }
    Ok(())
}

/// `dutydesk seed`.
pub async fn seed(config: &Config, args: &crate::cli::SeedArgs) -> Result<(), Failure> {
    use crate::cli::PresetArg;
    use crate::sim::Preset;
    let store = open_store(&args.db, &config.server).await?;
    if args.reset {
        store.wipe().await?;
    }
    let preset = match args.preset {
        PresetArg::Loudi => Preset::Loudi,
        PresetArg::Changsha => Preset::Changsha,
        PresetArg::Province => Preset::Province,
    };
    let started = std::time::Instant::now();
    let data = crate::sim::generate(preset, args.seed, chrono::Utc::now(), &store.calendar, &store.sla);
    let generated = started.elapsed();
    store.load_seed(&data).await?;
    println!(
        "seeded {} ({}): {} parks, {} enterprises, {} officers, {} check-ins, {} reports, {} problems in {:.1}s (generate {:.1}s)",
        preset.as_str(),
        preset.city(),
        data.parks.len(),
        data.enterprises.len(),
        data.officers.len(),
        data.checkins.len(),
        data.reports.len(),
        data.problems.len(),
        started.elapsed().as_secs_f64(),
        generated.as_secs_f64()
    );
    Ok(())
}

/// `dutydesk simulate`: runs until Ctrl-C or SIGTERM.
pub async fn simulate(args: &crate::cli::SimulateArgs) -> Result<(), Failure> {
    if !(args.speed > 0.0 && args.speed <= 100.0) {
        return Err(Failure::usage("--speed must be above 0 and at most 100"));
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        server::shutdown_signal().await;
        let _ = stop.send(true);
    });
    eprintln!("dutydesk: simulating against {} at speed {}; Ctrl-C stops", args.api, args.speed);
    crate::sim::run(&args.api, &args.token, args.speed, stopped).await.map_err(|e| Failure::usage(format!("{e:#}")))
}

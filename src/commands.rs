//! What each subcommand does: load settings, open the store, run, and map failures to one
//! clear line and an exit status (`failure`: one status per kind of failure).

pub mod config;
mod failure;
mod handover;
mod import;
mod shell_docs;

use std::process::ExitCode;

use crate::api::types::Role;
use crate::cli::{DbArg, RoleArg, ServeArgs, TokenCommand};
use crate::config::{Config, ServerConfig, data_dir, permissions};
use crate::server::{self, Clock, state::AppState};
use crate::store::Store;
pub use failure::{EXIT_STATUS_HELP, Failure, exit};
pub use handover::handover;
pub use import::import;
pub use shell_docs::{completions, man, page as man_page};

/// Prints a failure and turns it into an exit code.
pub fn report(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // Not `eprintln!`, which panics when stderr is gone (a console after a hang-up).
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "dutydesk: {}", f.message);
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

/// `dutydesk serve`: opens and migrates the database, then serves the API until Ctrl-C or SIGTERM.
pub async fn serve(config: &Config, args: &ServeArgs) -> Result<(), Failure> {
    let settings = server_config(config, args)?;
    let store = open_store(&args.db, &settings).await?;
    let url = db_url(&args.db);
    if let Some(warning) = permissions::sqlite_file(&url).and_then(|f| permissions::exposed(f, "database file")) {
        permissions::warn(&warning);
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| Failure::usage(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener.local_addr().map_err(|e| Failure::runtime(e.to_string()))?;
    let shutdown = server::shutdown_signal();
    if !store.has_data().await? {
        eprintln!("dutydesk: the database is empty; fill it with `dutydesk seed --preset loudi` (same --db)");
    }
    eprintln!("dutydesk: serving http://{addr}/api/v1 (OpenAPI at /api/v1/openapi.json); Ctrl-C stops");
    let policy = settings.escalation.policy_for(false);
    if policy.is_some() {
        eprintln!("dutydesk: the escalation policy is on ([server.escalation] run = \"on\")");
    }
    let state = AppState::new(store.clone(), settings, Clock::system()).with_escalation(policy);
    server::serve(listener, state, shutdown).await.map_err(|e| Failure::runtime(e.to_string()))?;
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

/// `dutydesk seed`: generates a preset and loads it into an empty (or `--reset`) database.
pub async fn seed(config: &Config, args: &crate::cli::SeedArgs) -> Result<(), Failure> {
    use crate::cli::PresetArg;
    use crate::seed::Preset;
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
    let data = crate::seed::generate(preset, args.seed, chrono::Utc::now(), &store.calendar, &store.sla);
    let generated = started.elapsed();
    store.load_seed(&data).await?;
    println!(
        "seeded {} ({}): {} cities, {} counties and districts, {} parks, {} enterprises, {} officers, {} check-ins, {} reports, {} problems in {:.1}s (generate {:.1}s)",
        preset.as_str(),
        preset.city(),
        data.cities.len(),
        data.districts.len(),
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
    crate::simulator::run(&args.api, &args.token, args.speed, stopped)
        .await
        .map_err(|e| Failure::from_chain(&e, Failure::usage))
}

/// The API and token the console options name, or the embedded demo started for them (kept
/// running while the returned demo lives).
pub(crate) async fn api_or_demo(
    config: &Config,
    console: &crate::cli::ConsoleArgs,
) -> Result<(String, String, Option<crate::demo::Demo>), Failure> {
    Ok(match console_target(config, console)? {
        Some((api, token)) => (api, token, None),
        None => {
            let demo = crate::demo::start(config, console.reset_demo, 1.0)
                .await
                .map_err(|e| Failure::usage(format!("cannot start the demo: {e}")))?;
            (demo.api_url.clone(), demo.token.clone(), Some(demo))
        }
    })
}

/// Where the console points: an API and token from flags, environment or config; or none,
/// for the embedded demo.
pub fn console_target(config: &Config, args: &crate::cli::ConsoleArgs) -> Result<Option<(String, String)>, Failure> {
    let api = args.api.clone().unwrap_or_else(|| config.console.api.clone());
    if api.trim().is_empty() {
        return Ok(None);
    }
    let token_file = args
        .token_file
        .clone()
        .or_else(|| (!config.console.token_file.is_empty()).then(|| config.console.token_file.clone().into()));
    let token = match (&args.token, token_file) {
        (Some(t), _) => t.clone(),
        (None, Some(path)) => {
            if let Some(warning) = permissions::exposed(&path, "token file") {
                permissions::warn(&warning);
            }
            std::fs::read_to_string(&path)
                .map_err(|e| Failure::usage(format!("cannot read the token file {}: {e}", path.display())))?
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        }
        (None, None) => config.console.token.clone(),
    };
    if token.is_empty() {
        return Err(Failure::usage(format!(
            "--api {api} needs a token: --token, --token-file, DUTYDESK_TOKEN or [console] token"
        )));
    }
    Ok(Some((api.trim().trim_end_matches('/').to_string(), token)))
}

pub(crate) fn console_options(
    config: &Config,
    args: &crate::cli::ConsoleArgs,
    api: &str,
    token: &str,
    demo: bool,
) -> crate::console::ConsoleOptions {
    let mut opts = crate::console::ConsoleOptions::new(api, token);
    opts.demo = demo;
    opts.theme = args.theme.clone();
    opts.lang = args.lang.clone();
    opts.readonly = args.readonly || config.console.readonly;
    opts.config = config.clone();
    opts.keymap_override = args.keymap.clone();
    opts.ca_cert = args
        .ca_cert
        .clone()
        .or_else(|| (!config.console.ca_cert.is_empty()).then(|| config.console.ca_cert.clone().into()));
    opts
}

/// The console: against the configured API, or the embedded demo.
pub async fn console(config: &Config, args: &crate::cli::ConsoleArgs) -> Result<(), Failure> {
    let target = console_target(config, args)?;
    let (api, token, demo) = match target {
        Some((api, token)) => (api, token, None),
        None => {
            let demo = crate::demo::start(config, args.reset_demo, 1.0)
                .await
                .map_err(|e| Failure::usage(format!("cannot start the demo: {e}")))?;
            (demo.api_url.clone(), demo.token.clone(), Some(demo))
        }
    };
    let opts = console_options(config, args, &api, &token, demo.is_some());
    let result = crate::console::run(opts).await;
    if let Some(demo) = demo {
        demo.stop().await;
    }
    result.map_err(|e| Failure::from_chain(&e, Failure::runtime))
}

/// `dutydesk snapshot`: one frame of a view as text.
pub async fn snapshot(config: &Config, args: &crate::cli::SnapshotArgs) -> Result<(), Failure> {
    let (api, token, demo) = api_or_demo(config, &args.console).await?;
    let opts = crate::console::SnapshotOptions {
        console: console_options(config, &args.console, &api, &token, demo.is_some()),
        view: args.view.clone(),
        width: args.width,
        height: args.height,
        full: args.full,
    };
    let result = crate::console::snapshot(opts).await;
    if let Some(demo) = demo {
        demo.stop().await;
    }
    let text = result.map_err(|e| Failure::from_chain(&e, Failure::usage))?;
    print!("{text}");
    Ok(())
}

/// `dutydesk export`: a view's table, every row, to a CSV or XLSX file (or CSV to standard
/// output); says on stderr where it went and how many rows. Bad options and an existing file
/// are status 2, a failure while reading or writing status 1.
pub async fn export(config: &Config, args: &crate::cli::ExportArgs) -> Result<(), Failure> {
    let mut opts = crate::console::ExportOptions {
        console: crate::console::ConsoleOptions::new("", ""),
        view: args.view.clone(),
        park: args.park.clone(),
        unit: args.unit.clone(),
        scope: args.scope.clone(),
        filter: args.filter.clone(),
        format: args.format.clone(),
        out: args.out.clone(),
        force: args.force,
    };
    crate::console::check_export(&opts).map_err(|e| Failure::usage(e.to_string()))?;
    let (api, token, demo) = api_or_demo(config, &args.console).await?;
    opts.console = console_options(config, &args.console, &api, &token, demo.is_some());
    let result = crate::console::export(opts).await;
    if let Some(demo) = demo {
        demo.stop().await;
    }
    match result {
        Ok((path, rows)) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "dutydesk: exported {rows} rows to {path}");
            Ok(())
        }
        Err(crate::console::ExportError::Usage(m)) => Err(Failure::usage(m)),
        Err(crate::console::ExportError::Api(e)) => Err(Failure::from_client(&api, &e)),
        Err(crate::console::ExportError::Failed(m)) => Err(Failure::runtime(m)),
    }
}

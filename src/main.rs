//! The `dutydesk` binary: parse the command line, load settings, dispatch.

use std::process::ExitCode;

use clap::Parser;
use dutydesk::cli::{Cli, Command};
use dutydesk::commands::{self, Failure};
use dutydesk::config::{Config, permissions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Generated from the command line alone, before the settings are loaded: `config --defaults`
    // works whatever the user file holds.
    match &cli.command {
        Some(Command::Config(args)) => return commands::report(commands::config::run(&cli, args)),
        Some(Command::Completions(args)) => return commands::report(commands::completions(args)),
        Some(Command::Man(args)) => return commands::report(commands::man(args)),
        _ => {}
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return commands::report(Err(Failure::from(e))),
    };
    for warning in commands::config::unknown_variables() {
        permissions::warn(&warning);
    }
    if let Some(warning) = Config::file(cli.config.as_deref()).and_then(|f| permissions::exposed_config(&f)) {
        permissions::warn(&warning);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return commands::report(Err(Failure::runtime(format!("cannot start the runtime: {e}")))),
    };
    let result = runtime.block_on(async {
        match &cli.command {
            Some(Command::Serve(args)) => {
                init_stderr_logging();
                commands::serve(&config, args).await
            }
            Some(Command::Token { action }) => commands::token(&config, action).await,
            Some(Command::Seed(args)) => commands::seed(&config, args).await,
            Some(Command::Import(args)) => commands::import(&config, args).await,
            Some(Command::Simulate(args)) => {
                init_stderr_logging();
                commands::simulate(args).await
            }
            Some(Command::Loadtest(args)) => dutydesk::loadtest::command(args).await,
            // Answered before the settings were loaded.
            Some(Command::Config(_)) => Ok(()),
            Some(Command::Completions(args)) => commands::completions(args),
            Some(Command::Man(args)) => commands::man(args),
            Some(Command::Export(args)) => {
                let _guard = dutydesk::console::init_file_logging(&config.console).ok();
                commands::export(&config, args).await
            }
            Some(Command::Snapshot(args)) => {
                let _guard = dutydesk::console::init_file_logging(&config.console).ok();
                commands::snapshot(&config, args).await
            }
            Some(Command::Handover(args)) => {
                let _guard = dutydesk::console::init_file_logging(&config.console).ok();
                commands::handover(&config, args).await
            }
            None => {
                let _guard = dutydesk::console::init_file_logging(&config.console).ok();
                let _ = color_eyre::install();
                commands::console(&config, &cli.console).await
            }
        }
    });
    commands::report(result)
}

/// Logs to stderr, in colour only on a terminal (and without `NO_COLOR`): a log redirected to
/// a file or a journal holds no escape codes.
fn init_stderr_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("DUTYDESK_LOG").unwrap_or_else(|_| "info".into());
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi).try_init();
}

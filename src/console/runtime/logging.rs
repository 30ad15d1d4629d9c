//! Logs go to a daily rolling file in the XDG state directory, never to the terminal the
//! console draws on.

use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// The log directory (`<state dir>/logs`).
pub(crate) fn log_dir() -> PathBuf {
    crate::config::state_dir().join("logs")
}

/// Sends `tracing` output to `<state dir>/logs/dutydesk.log.YYYY-MM-DD` (filter from
/// `DUTYDESK_LOG`, default `info`). Keep the guard alive until exit so the last lines are
/// written.
pub fn init_file_logging() -> anyhow::Result<WorkerGuard> {
    let dir = log_dir();
    std::fs::create_dir_all(&dir)?;
    let appender = tracing_appender::rolling::daily(&dir, "dutydesk.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("DUTYDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|e| anyhow::anyhow!("logging already set up: {e}"))?;
    Ok(guard)
}

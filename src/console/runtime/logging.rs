//! Logs go to a daily rolling file in the XDG state directory, never to the terminal the
//! console draws on.

use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// The log directory (`<state dir>/logs`).
pub(crate) fn log_dir() -> PathBuf {
    crate::config::state_dir().join("logs")
}

/// How many daily log files are kept; the oldest beyond them is deleted as a new day starts.
pub(crate) const KEEP_LOG_FILES: usize = 14;

/// A daily rolling appender in `dir` keeping [`KEEP_LOG_FILES`] files.
pub(crate) fn appender(dir: &std::path::Path) -> anyhow::Result<tracing_appender::rolling::RollingFileAppender> {
    Ok(tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("dutydesk")
        .filename_suffix("log")
        .max_log_files(KEEP_LOG_FILES)
        .build(dir)?)
}

/// Sends `tracing` output to `<state dir>/logs/dutydesk.YYYY-MM-DD.log` (filter from
/// `DUTYDESK_LOG`, default `info`), without escape codes, the last 14 days
/// kept. Keep the guard alive until exit so the last lines are written.
pub fn init_file_logging() -> anyhow::Result<WorkerGuard> {
    let dir = log_dir();
    std::fs::create_dir_all(&dir)?;
    let appender = appender(&dir)?;
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn old_log_files_beyond_the_limit_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        // Twenty old days of logs, then a new file starts.
        for day in 1..=20 {
            std::fs::write(dir.path().join(format!("dutydesk.2026-01-{day:02}.log")), "old\n").unwrap();
        }
        std::fs::write(dir.path().join("other.txt"), "not a log").unwrap();
        let mut appender = appender(dir.path()).unwrap();
        writeln!(appender, "today").unwrap();
        let logs = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("dutydesk."))
            .count();
        assert!(logs <= KEEP_LOG_FILES, "{logs} log files kept");
        assert!(dir.path().join("other.txt").exists(), "only log files are pruned");
    }
}

//! Logs go to a file per local day in the XDG state directory, never to the terminal the
//! console draws on: `<state dir>/logs/dutydesk.YYYY-MM-DD.log`, the date in the command
//! center's zone (`[console] time_zone`, the zone of the console's clocks; the machine's own
//! zone if that names none), so a file holds one day as the duty desk counts it, not a UTC day
//! that turns at 08:00 in Beijing. The last `[console] log_keep_days` days are kept: older
//! files are deleted at start and when a new day's file begins. (tracing-appender's rolling
//! files turn at UTC midnight, hence this small writer; the lines inside keep their UTC
//! timestamps, which say their offset.)

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// The log directory (`<state dir>/logs`).
pub(crate) fn log_dir() -> PathBuf {
    crate::config::state_dir().join("logs")
}

/// The zone whose dates name the log files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Zone {
    /// An IANA zone (the console's `time_zone`).
    Named(Tz),
    /// The machine's local zone (`TZ`, `/etc/localtime`).
    Machine,
}

impl Zone {
    /// The zone `name` names, or the machine's when it names none.
    pub(crate) fn parse(name: &str) -> Zone {
        name.trim().parse().map_or(Zone::Machine, Zone::Named)
    }

    /// The local date of `at` in this zone.
    pub(crate) fn date(self, at: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Named(tz) => at.with_timezone(&tz).date_naive(),
            Zone::Machine => at.with_timezone(&chrono::Local).date_naive(),
        }
    }
}

/// The log file of `day`: `dutydesk.YYYY-MM-DD.log`.
pub(crate) fn file_name(day: NaiveDate) -> String {
    format!("dutydesk.{}.log", day.format("%Y-%m-%d"))
}

/// The day a log file is of, when `name` is one of ours.
fn day_of(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix("dutydesk.")?.strip_suffix(".log")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// Deletes the log files in `dir` of days before the last `keep_days` ending on `today`
/// (nothing else in it); returns how many it deleted.
pub(crate) fn prune(dir: &Path, today: NaiveDate, keep_days: u16) -> usize {
    let oldest_kept = today - Duration::days(i64::from(keep_days.max(1)) - 1);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().and_then(day_of).is_some_and(|day| day < oldest_kept))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// A writer appending to the file of the current local day: the first write of a new day
/// opens that day's file and prunes the old ones.
pub(crate) struct DailyFile {
    dir: PathBuf,
    zone: Zone,
    keep_days: u16,
    now: Box<dyn Fn() -> DateTime<Utc> + Send>,
    day: NaiveDate,
    file: File,
}

impl DailyFile {
    /// Opens today's file in `dir` (created if needed) after pruning, the time read from `now`.
    pub(crate) fn open(
        dir: &Path,
        zone: Zone,
        keep_days: u16,
        now: Box<dyn Fn() -> DateTime<Utc> + Send>,
    ) -> std::io::Result<DailyFile> {
        std::fs::create_dir_all(dir)?;
        let day = zone.date(now());
        prune(dir, day, keep_days);
        let file = append(&dir.join(file_name(day)))?;
        Ok(DailyFile { dir: dir.to_path_buf(), zone, keep_days, now, day, file })
    }
}

fn append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl Write for DailyFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let day = self.zone.date((self.now)());
        if day != self.day {
            self.file = append(&self.dir.join(file_name(day)))?;
            self.day = day;
            prune(&self.dir, day, self.keep_days);
        }
        self.file.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Sends `tracing` output to today's file in `<state dir>/logs` (filter from `DUTYDESK_LOG`,
/// default `info`), without escape codes, the settings' `[console] time_zone` naming the day and
/// `log_keep_days` days kept. Keep the guard alive until exit so the last lines are written.
pub fn init_file_logging(config: &crate::config::ConsoleConfig) -> anyhow::Result<WorkerGuard> {
    let file =
        DailyFile::open(&log_dir(), Zone::parse(&config.time_zone), config.log_keep_days.get(), Box::new(Utc::now))?;
    let (writer, guard) = tracing_appender::non_blocking(file);
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
    use std::sync::{Arc, Mutex};

    use chrono::TimeZone;

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
        names.sort();
        names
    }

    #[test]
    fn files_are_named_by_the_local_date_of_the_command_center() {
        let shanghai = Zone::parse("Asia/Shanghai");
        assert_eq!(shanghai, Zone::Named(chrono_tz::Asia::Shanghai));
        // 16:30 UTC on 1 December is 00:30 on 2 December in Beijing.
        let after_midnight = Utc.with_ymd_and_hms(2026, 12, 1, 16, 30, 0).unwrap();
        assert_eq!(file_name(shanghai.date(after_midnight)), "dutydesk.2026-12-02.log");
        let before = Utc.with_ymd_and_hms(2026, 12, 1, 15, 59, 0).unwrap();
        assert_eq!(file_name(shanghai.date(before)), "dutydesk.2026-12-01.log");
        assert_eq!(Zone::parse("Mars/Olympus"), Zone::Machine, "no such zone: the machine's");
        assert_eq!(day_of("dutydesk.2026-12-02.log"), NaiveDate::from_ymd_opt(2026, 12, 2));
        assert_eq!(day_of("dutydesk.log"), None);
        assert_eq!(day_of("other.2026-12-02.log"), None);
    }

    #[test]
    fn only_the_last_days_are_kept_and_a_new_day_opens_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        for day in 1..=20 {
            std::fs::write(dir.path().join(format!("dutydesk.2026-11-{day:02}.log")), "old\n").unwrap();
        }
        std::fs::write(dir.path().join("other.txt"), "not a log").unwrap();
        std::fs::write(dir.path().join("dutydesk.notadate.log"), "not ours").unwrap();
        // 23:50 on 20 November in Beijing; three days kept: the 18th, 19th and 20th.
        let clock = Arc::new(Mutex::new(Utc.with_ymd_and_hms(2026, 11, 20, 15, 50, 0).unwrap()));
        let now = {
            let clock = clock.clone();
            Box::new(move || *clock.lock().unwrap())
        };
        let mut log = DailyFile::open(dir.path(), Zone::parse("Asia/Shanghai"), 3, now).unwrap();
        writeln!(log, "late evening").unwrap();
        let kept = ["dutydesk.2026-11-18.log", "dutydesk.2026-11-19.log", "dutydesk.2026-11-20.log"];
        let others = ["dutydesk.notadate.log", "other.txt"];
        assert_eq!(names(dir.path()), [&kept[..], &others[..]].concat());
        // Twenty minutes later it is the 21st in Beijing (still the 20th in UTC).
        *clock.lock().unwrap() += Duration::minutes(20);
        writeln!(log, "after midnight").unwrap();
        log.flush().unwrap();
        let kept = ["dutydesk.2026-11-19.log", "dutydesk.2026-11-20.log", "dutydesk.2026-11-21.log"];
        assert_eq!(names(dir.path()), [&kept[..], &others[..]].concat());
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("dutydesk.2026-11-20.log"), "old\nlate evening\n");
        assert_eq!(read("dutydesk.2026-11-21.log"), "after midnight\n");
    }
}

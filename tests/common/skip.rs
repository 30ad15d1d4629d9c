//! Skipping a test whose outside requirement is missing (a PostgreSQL server, tmux, man), so that
//! `cargo test` on a fresh machine is green and still says what it did not run:
//! - [`Requirement::skip`] prints one notice per requirement and test binary on stderr (written
//!   past libtest's output capture, so it shows in a plain `cargo test`) and leaves a marker
//!   file under the target directory; with the requirement's `DUTYDESK_REQUIRE_*=1` (as in
//!   `.ci/run`) it fails the test instead.
//! - `tests/zz_skipped.rs`, the last test binary cargo runs, prints this run's markers as one
//!   line per requirement ([`summary_lines`]) and removes them.
//!
//! A run is told apart by the process that starts the test binaries (`cargo test`): its pid and
//! start time name the run's marker directory, so markers left by an older run, or by a run
//! that stopped before the summary, are never reported as this one's.
//!
//! Test files include this file by path (`#[path = …] mod skip;`), so it depends on std only.

#![allow(dead_code)] // Each test binary uses a different part.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Something a test needs from outside the crate, which a fresh machine may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Requirement {
    /// What the tests that need it are called in notices and the summary: "PostgreSQL", "tmux".
    pub kind: &'static str,
    /// The variable that, set to `1`, turns a skip into a failure.
    pub require_var: &'static str,
    /// How to provide it, for the notice.
    pub hint: &'static str,
}

/// A PostgreSQL server at `DUTYDESK_TEST_PG`, for the API and seed suites on PostgreSQL.
pub(crate) const POSTGRES: Requirement =
    Requirement { kind: "PostgreSQL", require_var: "DUTYDESK_REQUIRE_PG", hint: "point DUTYDESK_TEST_PG at a server" };

/// tmux on `PATH`, for the end-to-end tests that drive the console in a pseudo-terminal.
pub(crate) const TMUX: Requirement =
    Requirement { kind: "tmux", require_var: "DUTYDESK_REQUIRE_TMUX", hint: "install tmux (apt-get install tmux)" };

/// `man` on `PATH` (man-db), for the test that renders the manual pages with `man -l`.
pub(crate) const MAN: Requirement =
    Requirement { kind: "man", require_var: "DUTYDESK_REQUIRE_MAN", hint: "install man-db (apt-get install man-db)" };

/// Every requirement, in the order the summary lists them.
pub(crate) const ALL: [Requirement; 3] = [POSTGRES, TMUX, MAN];

/// The requirements this binary has already printed a notice for.
static NOTICED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
/// Numbers this binary's marker files.
static SEQUENCE: AtomicUsize = AtomicUsize::new(0);

impl Requirement {
    /// Whether its `DUTYDESK_REQUIRE_*` variable is `1`.
    pub(crate) fn is_required(&self) -> bool {
        std::env::var(self.require_var).as_deref() == Ok("1")
    }

    /// Skips the calling test because `reason` (e.g. "tmux not on PATH"): the first skip of this
    /// kind in the binary prints a notice, every skip leaves a marker for the summary. The
    /// caller returns from the test right after. Panics instead when the requirement is
    /// required.
    pub(crate) fn skip(&self, reason: &str) {
        let Requirement { kind, require_var, hint } = *self;
        if self.is_required() {
            panic!("{kind} is required ({require_var}=1) but {reason}");
        }
        let first = {
            let mut noticed = NOTICED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let first = !noticed.contains(&kind);
            if first {
                noticed.push(kind);
            }
            first
        };
        if first {
            // `io::stderr()` directly, not `eprintln!`: libtest captures only the macros.
            let binary = env!("CARGO_CRATE_NAME");
            let notice = format!(
                "\nNOTICE: skipping the {kind} tests of {binary}: {reason}; {hint}, or set {require_var}=1 to fail instead\n"
            );
            let _ = std::io::stderr().write_all(notice.as_bytes());
        }
        let marker =
            Marker { kind: kind.to_string(), binary: env!("CARGO_CRATE_NAME").to_string(), reason: reason.into() };
        if let Err(e) = marker.write(&run_dir()) {
            let _ = writeln!(std::io::stderr(), "NOTICE: cannot record the skip for the summary: {e}");
        }
    }
}

/// One skipped test, as recorded for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The requirement's [`Requirement::kind`].
    pub kind: String,
    /// The test binary (`api_read`, `e2e_console` …).
    pub binary: String,
    /// Why it was skipped.
    pub reason: String,
}

impl Marker {
    /// Writes the marker as a new file in `dir` (created if needed): one line, tab-separated.
    pub(crate) fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
        let file = dir.join(format!("{}-{}-{n}.skip", self.binary, std::process::id()));
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        std::fs::write(file, format!("{}\t{}\t{}\n", clean(&self.kind), clean(&self.binary), clean(&self.reason)))
    }

    fn parse(line: &str) -> Option<Marker> {
        let mut fields = line.trim_end_matches('\n').splitn(3, '\t');
        let (kind, binary, reason) = (fields.next()?, fields.next()?, fields.next()?);
        Some(Marker { kind: kind.into(), binary: binary.into(), reason: reason.into() })
    }
}

/// Where every run keeps its markers: `<target>/tmp/dutydesk-skipped`.
pub(crate) fn marker_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dutydesk-skipped")
}

/// This run's marker directory, named after the process that started this test binary.
pub(crate) fn run_dir() -> PathBuf {
    marker_root().join(run_name(parent_pid()))
}

#[cfg(unix)]
fn parent_pid() -> u32 {
    std::os::unix::process::parent_id()
}

#[cfg(not(unix))]
fn parent_pid() -> u32 {
    0
}

/// `run-<pid>-<start time>`: the start time (from `/proc`, 0 where there is none) keeps a
/// reused pid from naming an older run.
pub(crate) fn run_name(pid: u32) -> String {
    format!("run-{pid}-{}", start_time(pid).unwrap_or_else(|| "0".into()))
}

/// The start time of a process in clock ticks since boot (`/proc/PID/stat`, field 22).
fn start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`: after the last `)`, the start time is the 20th field.
    Some(stat.rsplit_once(')')?.1.split_whitespace().nth(19)?.to_string())
}

/// Whether the run named `name` may still be going: its process exists with the same start
/// time. Without `/proc` nothing can be told, and every run counts as going.
fn run_may_be_going(name: &str) -> bool {
    let Some(pid) = name.strip_prefix("run-").and_then(|r| r.split('-').next()).and_then(|p| p.parse::<u32>().ok())
    else {
        return false;
    };
    match start_time(pid) {
        Some(started) => name == format!("run-{pid}-{started}"),
        None => !Path::new("/proc/self/stat").exists(),
    }
}

/// The markers in `dir`, in file-name order (none when it does not exist).
pub(crate) fn read_markers(dir: &Path) -> Vec<Marker> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(std::result::Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "skip"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).filter_map(|s| Marker::parse(&s)).collect()
}

/// One line per kind of skipped test, known requirements first: `skipped: 14 PostgreSQL tests
/// in api_read, api_write (cannot connect to …; set DUTYDESK_REQUIRE_PG=1 to fail instead)`. Empty
/// when nothing was skipped.
pub(crate) fn summary_lines(markers: &[Marker]) -> Vec<String> {
    let mut kinds: Vec<&str> = ALL.iter().map(|r| r.kind).filter(|k| markers.iter().any(|m| m.kind == *k)).collect();
    for m in markers {
        if !kinds.contains(&m.kind.as_str()) {
            kinds.push(&m.kind);
        }
    }
    kinds
        .into_iter()
        .map(|kind| {
            let of_kind: Vec<&Marker> = markers.iter().filter(|m| m.kind == kind).collect();
            let mut binaries: Vec<&str> = of_kind.iter().map(|m| m.binary.as_str()).collect();
            binaries.sort_unstable();
            binaries.dedup();
            let mut reasons: Vec<&str> = Vec::new();
            for m in &of_kind {
                if !reasons.contains(&m.reason.as_str()) {
                    reasons.push(&m.reason);
                }
            }
            let n = of_kind.len();
            let tests = if n == 1 { "test" } else { "tests" };
            let mut why = reasons.join("; ");
            if let Some(r) = ALL.iter().find(|r| r.kind == kind) {
                why.push_str(&format!("; set {}=1 to fail instead", r.require_var));
            }
            format!("skipped: {n} {kind} {tests} in {} ({why})", binaries.join(", "))
        })
        .collect()
}

/// Removes the run directory `done` (its markers were reported) and those of runs whose
/// process has ended (a run stopped before its summary, or one from before a reboot).
pub(crate) fn clear(root: &Path, done: &Path) {
    let _ = std::fs::remove_dir_all(done);
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !run_may_be_going(&name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

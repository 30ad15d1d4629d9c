//! Skipping a test whose outside requirement is missing (a PostgreSQL server, tmux), so that
//! `cargo test` on a fresh machine is green: [`Requirement::skip`] prints one notice per
//! requirement and test binary on stderr (written past libtest's output capture, so it shows in
//! a plain `cargo test`); with the requirement's `DUTYDESK_REQUIRE_*=1` (as in `.ci/run`) it
//! fails the test instead.
//!
//! Test files include this file by path (`#[path = …] mod skip;`), so it depends on std only.

#![allow(dead_code)] // Each test binary uses a different part.

use std::io::Write;
use std::sync::Mutex;

/// Something a test needs from outside the crate, which a fresh machine may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// What the tests that need it are called in notices and the summary: "PostgreSQL", "tmux".
    pub kind: &'static str,
    /// The variable that, set to `1`, turns a skip into a failure.
    pub require_var: &'static str,
    /// How to provide it, for the notice.
    pub hint: &'static str,
}

/// A PostgreSQL server at `DUTYDESK_TEST_PG`, for the API and seed suites on PostgreSQL.
pub const POSTGRES: Requirement =
    Requirement { kind: "PostgreSQL", require_var: "DUTYDESK_REQUIRE_PG", hint: "point DUTYDESK_TEST_PG at a server" };

/// tmux on `PATH`, for the end-to-end tests that drive the console in a pseudo-terminal.
pub const TMUX: Requirement =
    Requirement { kind: "tmux", require_var: "DUTYDESK_REQUIRE_TMUX", hint: "install tmux (apt-get install tmux)" };

/// Every requirement, in the order the summary lists them.
pub const ALL: [Requirement; 2] = [POSTGRES, TMUX];

/// The requirements this binary has already printed a notice for.
static NOTICED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

impl Requirement {
    /// Whether its `DUTYDESK_REQUIRE_*` variable is `1`.
    pub fn is_required(&self) -> bool {
        std::env::var(self.require_var).as_deref() == Ok("1")
    }

    /// Skips the calling test because `reason` (e.g. "tmux not on PATH"): the first skip of this
    /// kind in the binary prints a notice. The caller returns from the test right after. Panics instead when the requirement is
    /// required.
    pub fn skip(&self, reason: &str) {
        let Requirement { kind, require_var, hint } = *self;
        if self.is_required() {
            panic!("{kind} is required ({require_var}=1) but {reason}");
        }
        let first = {
            let mut noticed = NOTICED.lock().unwrap_or_else(|e| e.into_inner());
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
    }
}

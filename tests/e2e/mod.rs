//! Shared pieces of the end-to-end tests of the real binary: a sandbox directory (data, state
//! and config homes), a seeded `dutydesk serve` on a loopback port, tokens, and a [`Tmux`]
//! session that runs the console in a pseudo-terminal. Everything started here is killed when
//! its owner is dropped, also when a test fails. Every test that uses tmux starts with
//! `if skip_without_tmux() { return; }`, so a machine without tmux skips it (with a notice and
//! a line in the summary at the end of `cargo test`) unless `DUTYDESK_REQUIRE_TMUX=1`.

#![allow(dead_code)] // Each test file uses a different part.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "../common/fault_proxy.rs"]
pub(crate) mod fault_proxy;
#[path = "../common/skip.rs"]
pub(crate) mod skip;
pub(crate) mod tmux;

#[allow(unused_imports)] // Each test file uses a different part.
pub(crate) use tmux::{Tmux, descendants, kill_pid, process_alive, skip_without_tmux, tmux_version, wait_gone};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");

/// How often [`Tmux::wait_for`] looks at the screen.
const POLL: Duration = Duration::from_millis(100);

/// A temporary directory holding the database, the server's log and the XDG homes of every
/// process started for one test.
pub(crate) struct Sandbox {
    dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    /// A fresh, empty sandbox.
    pub(crate) fn new() -> Sandbox {
        let dir = tempfile::Builder::new().prefix("dutydesk-e2e").tempdir().expect("temp dir");
        for sub in ["data", "state", "config", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Sandbox { dir }
    }

    /// The directory.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The environment every process started for the test gets (XDG homes inside the
    /// sandbox, English UTF-8 locale unless a test says otherwise).
    pub(crate) fn env(&self) -> Vec<(&'static str, String)> {
        let p = |s: &str| self.path().join(s).display().to_string();
        vec![
            ("HOME", self.path().display().to_string()),
            ("XDG_DATA_HOME", p("data")),
            ("XDG_STATE_HOME", p("state")),
            ("XDG_CONFIG_HOME", p("config")),
            ("XDG_CACHE_HOME", p("cache")),
            ("LANG", "C.UTF-8".into()),
        ]
    }

    /// Variables removed from every process started for the test, so the developer's own
    /// settings cannot leak in.
    pub(crate) const REMOVED_ENV: &'static [&'static str] = &[
        "DUTYDESK_API",
        "DUTYDESK_TOKEN",
        "DUTYDESK_TOKEN_FILE",
        "DUTYDESK_DB",
        "DUTYDESK_CONFIG",
        "DUTYDESK_THEME",
        "DUTYDESK_LANG",
        "DUTYDESK_READONLY",
        "DUTYDESK_LOG",
        "DUTYDESK_LISTEN",
        "DUTYDESK_POLL_INTERVAL",
        "LC_ALL",
        "NO_COLOR",
        "TMUX",
        "TMUX_PANE",
    ];

    /// `dutydesk ARGS` with the sandbox's environment.
    pub(crate) fn dutydesk(&self) -> Command {
        let mut c = Command::new(BIN);
        self.apply_env(&mut c);
        c
    }

    fn apply_env(&self, c: &mut Command) {
        for v in Self::REMOVED_ENV {
            c.env_remove(v);
        }
        c.envs(self.env());
    }

    /// The console's log (`<state>/dutydesk/logs/*`), all files concatenated.
    pub(crate) fn console_log(&self) -> String {
        let dir = self.path().join("state/dutydesk/logs");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(std::result::Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect()
    }
}

/// Runs a command to completion, panicking with its output when it fails.
fn run_ok(mut c: Command, what: &str) -> Output {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: cannot run {BIN}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A `dutydesk serve` process over a database seeded with the `loudi` preset, listening on a
/// free loopback port (the kernel picks it: `--listen 127.0.0.1:0`). Killed when dropped.
pub(crate) struct Server {
    child: Option<Child>,
    /// The database file.
    pub db: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The address it listens on.
    pub addr: SocketAddr,
    log: PathBuf,
    sandbox_env: Vec<(&'static str, String)>,
}

impl Server {
    /// Seeds `sandbox/dutydesk.db` with `loudi`, starts the server with `serve_args` added,
    /// and waits (at most 20 s) until `/healthz` answers.
    pub(crate) fn start_seeded(sandbox: &Sandbox, serve_args: &[&str]) -> Server {
        let db = sandbox.path().join("dutydesk.db");
        let mut seed = sandbox.dutydesk();
        seed.args(["seed", "--db", db.to_str().unwrap(), "--preset", "loudi"]);
        run_ok(seed, "dutydesk seed");
        Server::start_on(sandbox, &db, serve_args)
    }

    /// Starts the server on an existing database `db` (e.g. again after [`Server::kill`]),
    /// with `serve_args` added, and waits (at most 20 s) until `/healthz` answers. Its stderr
    /// goes to `serve.log`, a restart's after the earlier run's.
    pub(crate) fn start_on(sandbox: &Sandbox, db: &Path, serve_args: &[&str]) -> Server {
        let db = db.to_path_buf();
        let log = sandbox.path().join("serve.log");
        if log.exists() {
            let old = std::fs::read_to_string(&log).unwrap_or_default();
            let _ = std::fs::write(sandbox.path().join("serve.earlier.log"), old);
        }
        let mut serve = sandbox.dutydesk();
        serve
            .args(["serve", "--db", db.to_str().unwrap(), "--listen", "127.0.0.1:0"])
            .args(serve_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        let child = serve.spawn().expect("cannot start dutydesk serve");
        let mut server = Server {
            child: Some(child),
            db,
            url: String::new(),
            addr: "127.0.0.1:0".parse().unwrap(),
            log,
            sandbox_env: sandbox.env(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        // The kernel's port, from `serving http://ADDR/api/v1` on stderr.
        server.addr = loop {
            let text = server.log_text();
            if let Some(addr) = text.split("serving http://").nth(1).and_then(|r| r.split("/api/v1").next()) {
                break addr.parse().unwrap_or_else(|e| panic!("bad address {addr:?} ({e}) in:\n{text}"));
            }
            server.assert_running("before listening");
            assert!(Instant::now() < deadline, "dutydesk serve did not start listening in 20 s:\n{text}");
            std::thread::sleep(POLL);
        };
        server.url = format!("http://{}", server.addr);
        while !server.healthy() {
            server.assert_running("before /healthz answered");
            assert!(Instant::now() < deadline, "/healthz did not answer in 20 s:\n{}", server.log_text());
            std::thread::sleep(POLL);
        }
        server
    }

    /// What the server wrote on stderr so far.
    pub(crate) fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn assert_running(&mut self, when: &str) {
        if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
            panic!("dutydesk serve exited {when} ({status}):\n{}", self.log_text());
        }
    }

    /// Whether `GET /healthz` answers 200 now.
    pub(crate) fn healthy(&self) -> bool {
        http_status(self.addr, "/healthz") == Some(200)
    }

    /// Creates a token with `role` (viewer, dispatcher, admin) and returns its secret.
    pub(crate) fn token(&self, role: &str, name: &str) -> String {
        let mut c = Command::new(BIN);
        for v in Sandbox::REMOVED_ENV {
            c.env_remove(v);
        }
        c.envs(self.sandbox_env.clone());
        c.args(["token", "create", "--db", self.db.to_str().unwrap(), "--role", role, "--name", name]);
        let out = run_ok(c, "dutydesk token create");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let secret = stdout.trim().lines().last().unwrap_or_default().trim().to_string();
        assert!(secret.starts_with("dd_"), "no token in:\n{stdout}");
        secret
    }

    /// Kills the server (SIGKILL) and waits for it.
    pub(crate) fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The status code of a plain `GET path` (HTTP/1.1, connection closed), or `None` when the
/// server does not answer within a second.
pub(crate) fn http_status(addr: SocketAddr, path: &str) -> Option<u16> {
    let t = Duration::from_secs(1);
    let mut s = TcpStream::connect_timeout(&addr, t).ok()?;
    s.set_read_timeout(Some(t)).ok()?;
    s.set_write_timeout(Some(t)).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head).ok()?.strip_prefix("HTTP/1.1 ")?.trim().parse().ok()
}

/// `sh` script running `command`, then showing its exit status as `EXIT=<status>` on the
/// (restored) screen and keeping the pane open until tmux goes.
pub(crate) fn then_show_exit(command: &str) -> String {
    format!("{command}; echo EXIT=$?; exec cat >/dev/null")
}

/// Quotes a word for `sh`.
pub(crate) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The console's command line against `server` as a `sh` word list: `BIN --api URL --token T
/// EXTRA…`.
pub(crate) fn console_command(server: &Server, token: &str, extra: &[&str]) -> String {
    console_command_at(&server.url, token, extra)
}

/// The console's command line against the API at `url` (a proxy, say).
pub(crate) fn console_command_at(url: &str, token: &str, extra: &[&str]) -> String {
    let mut words = vec![sh_quote(BIN), "--api".into(), sh_quote(url), "--token".into(), sh_quote(token)];
    words.extend(extra.iter().map(|w| sh_quote(w)));
    words.join(" ")
}

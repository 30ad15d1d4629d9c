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
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[path = "../common/skip.rs"]
pub mod skip;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");

/// How often [`Tmux::wait_for`] looks at the screen.
const POLL: Duration = Duration::from_millis(100);

/// A temporary directory holding the database, the server's log and the XDG homes of every
/// process started for one test.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    /// A fresh, empty sandbox.
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new().prefix("dutydesk-e2e").tempdir().expect("temp dir");
        for sub in ["data", "state", "config"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Sandbox { dir }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The environment every process started for the test gets (XDG homes inside the
    /// sandbox, English UTF-8 locale unless a test says otherwise).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let p = |s: &str| self.path().join(s).display().to_string();
        vec![
            ("HOME", self.path().display().to_string()),
            ("XDG_DATA_HOME", p("data")),
            ("XDG_STATE_HOME", p("state")),
            ("XDG_CONFIG_HOME", p("config")),
            ("LANG", "C.UTF-8".into()),
        ]
    }

    /// Variables removed from every process started for the test, so the developer's own
    /// settings cannot leak in.
    pub const REMOVED_ENV: &'static [&'static str] = &[
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
    pub fn dutydesk(&self) -> Command {
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
    pub fn console_log(&self) -> String {
        let dir = self.path().join("state/dutydesk/logs");
        let mut files: Vec<_> =
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
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
pub struct Server {
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
    pub fn start_seeded(sandbox: &Sandbox, serve_args: &[&str]) -> Server {
        let db = sandbox.path().join("dutydesk.db");
        let mut seed = sandbox.dutydesk();
        seed.args(["seed", "--db", db.to_str().unwrap(), "--preset", "loudi"]);
        run_ok(seed, "dutydesk seed");
        let log = sandbox.path().join("serve.log");
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
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn assert_running(&mut self, when: &str) {
        if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
            panic!("dutydesk serve exited {when} ({status}):\n{}", self.log_text());
        }
    }

    /// Whether `GET /healthz` answers 200 now.
    pub fn healthy(&self) -> bool {
        http_status(self.addr, "/healthz") == Some(200)
    }

    /// Creates a token with `role` (viewer, dispatcher, admin) and returns its secret.
    pub fn token(&self, role: &str, name: &str) -> String {
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
    pub fn kill(&mut self) {
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
pub fn http_status(addr: SocketAddr, path: &str) -> Option<u16> {
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
pub fn then_show_exit(command: &str) -> String {
    format!("{command}; echo EXIT=$?; exec cat >/dev/null")
}

/// Quotes a word for `sh`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The console's command line against `server` as a `sh` word list: `BIN --api URL --token T
/// EXTRA…`.
pub fn console_command(server: &Server, token: &str, extra: &[&str]) -> String {
    let mut words = vec![sh_quote(BIN), "--api".into(), sh_quote(&server.url), "--token".into(), sh_quote(token)];
    words.extend(extra.iter().map(|w| sh_quote(w)));
    words.join(" ")
}

/// `tmux -V`, or why tmux cannot be run (asked once per test binary).
pub fn tmux_version() -> Result<&'static str, &'static str> {
    static VERSION: OnceLock<Result<String, String>> = OnceLock::new();
    let version = VERSION.get_or_init(|| match Command::new("tmux").arg("-V").stdin(Stdio::null()).output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).trim().to_string()),
        Ok(o) => Err(format!("`tmux -V` failed ({}): {}", o.status, String::from_utf8_lossy(&o.stderr).trim())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err("tmux not on PATH".to_string()),
        Err(e) => Err(format!("cannot run tmux: {e}")),
    });
    version.as_deref().map_err(String::as_str)
}

/// Whether the calling test must be skipped because tmux cannot be run; the skip is recorded
/// ([`skip::TMUX`]). Panics instead when `DUTYDESK_REQUIRE_TMUX=1` (as in `.ci/run`).
pub fn skip_without_tmux() -> bool {
    match tmux_version() {
        Ok(_) => false,
        Err(reason) => {
            skip::TMUX.skip(reason);
            true
        }
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A detached tmux session on its own server (`tmux -L <unique socket> -f /dev/null`), running
/// `sh -c SCRIPT` in a window of a given size. The whole tmux server is killed when dropped.
pub struct Tmux {
    socket: String,
    session: String,
    killed: bool,
    /// The server's socket file, removed when dropped (`kill-server` leaves it).
    socket_path: Option<PathBuf>,
    /// The pane's processes when the server was killed, swept when dropped.
    leftovers: Vec<u32>,
}

impl Tmux {
    /// Starts `sh -c script` in a `width`×`height` window with the sandbox's environment.
    /// Panics when tmux cannot be run: the test should have started with
    /// [`skip_without_tmux`].
    pub fn start(sandbox: &Sandbox, width: u16, height: u16, script: &str) -> Tmux {
        if let Err(reason) = tmux_version() {
            panic!("{reason}: a tmux test starts with `if skip_without_tmux() {{ return; }}`");
        }
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut tmux = Tmux {
            socket: format!("dutydesk-e2e-{}-{n}", std::process::id()),
            session: format!("e2e{n}"),
            killed: false,
            socket_path: None,
            leftovers: Vec::new(),
        };
        // A fresh tmux server takes its global environment from the process that starts it.
        let mut c = tmux.command();
        for v in Sandbox::REMOVED_ENV {
            c.env_remove(v);
        }
        c.envs(sandbox.env());
        c.args(["new-session", "-d", "-s", &tmux.session, "-x", &width.to_string(), "-y", &height.to_string()])
            .args(["sh", "-c", script]);
        let out = c.output().expect("tmux new-session");
        assert!(out.status.success(), "tmux new-session failed: {}", String::from_utf8_lossy(&out.stderr));
        tmux.socket_path = tmux.try_tmux(&["display-message", "-p", "#{socket_path}"]).ok().map(|p| p.trim().into());
        tmux
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.env_remove("TMUX").args(["-u", "-L", &self.socket, "-f", "/dev/null"]);
        c.stdin(Stdio::null());
        c
    }

    /// Runs `tmux ARGS` on this server; its stdout, or the error.
    pub fn try_tmux(&self, args: &[&str]) -> Result<String, String> {
        let out = self.command().args(args).output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!("tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        self.try_tmux(args).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Sends keys in tmux's notation (`Enter`, `Escape`, `Tab`, `C-l`, `q` …), one per item.
    pub fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The visible screen as plain text (no colours), one line per row.
    pub fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.session])
    }

    /// A tmux format (`#{cursor_flag}` …) for the pane.
    pub fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.session, format]).trim().to_string()
    }

    /// The pid of the pane's first process.
    pub fn pane_pid(&self) -> u32 {
        let pid = self.display("#{pane_pid}");
        pid.parse().unwrap_or_else(|_| panic!("bad pane pid {pid:?}"))
    }

    /// Waits (polling every 100 ms, at most `timeout`) until the screen contains `text`; returns
    /// that screen. Panics with the last screen otherwise.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| s.contains(text))
    }

    /// Waits (polling every 100 ms, at most `timeout`) until `ok(screen)`; returns that screen.
    /// Panics with `what` and the last screen otherwise.
    pub fn wait_until(&self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.try_tmux(&["capture-pane", "-p", "-t", &self.session]);
            if let Ok(s) = &screen
                && ok(s)
            {
                return screen.unwrap();
            }
            if Instant::now() >= deadline {
                let last = screen.unwrap_or_else(|e| format!("(no screen: {e})"));
                panic!("timed out after {timeout:?} waiting for {what}; the screen was:\n{last}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Resizes the window (as a terminal emulator would: the program gets SIGWINCH).
    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&["resize-window", "-t", &self.session, "-x", &width.to_string(), "-y", &height.to_string()]);
    }

    /// Kills the whole tmux server: the pane's terminal hangs up (its processes get SIGHUP).
    pub fn kill(&mut self) {
        if !self.killed {
            if let Ok(pid) = self.display("#{pane_pid}").parse::<u32>() {
                self.leftovers = descendants(pid);
                self.leftovers.push(pid);
            }
            self.killed = true;
            let _ = self.try_tmux(&["kill-server"]);
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill();
        if let Some(p) = self.socket_path.take() {
            let _ = std::fs::remove_file(p);
        }
        // Whatever ignored the hang-up (a broken console) is killed, so no test leaks processes.
        for pid in std::mem::take(&mut self.leftovers) {
            if !wait_gone(pid, Duration::from_secs(3)) {
                kill_pid(pid);
            }
        }
    }
}

/// The processes whose parent chain leads to `pid` (Linux: reads `/proc`).
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // `pid (comm) state ppid …`
        if let Some(ppid) = stat.rsplit_once(')').and_then(|(_, r)| r.split_whitespace().nth(1)?.parse::<u32>().ok()) {
            parent_of.push((child, ppid));
        }
    }
    let mut out = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        for &(c, pp) in &parent_of {
            if pp == p && !out.contains(&c) {
                out.push(c);
                todo.push(c);
            }
        }
    }
    out
}

/// Whether a process is still running (a zombie counts as gone). Linux: reads `/proc`.
pub fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // `pid (comm) S …`: the state follows the last `)`.
        Ok(stat) => stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) != Some("Z"),
        Err(_) => false,
    }
}

/// Waits (at most `timeout`) until the process `pid` is gone; whether it went.
pub fn wait_gone(pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while process_alive(pid) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// Kills a process left over by a failed test (SIGKILL through `kill(1)`).
pub fn kill_pid(pid: u32) {
    let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).stderr(Stdio::null()).status();
}

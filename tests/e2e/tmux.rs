//! The tmux side of the end-to-end tests: whether tmux can be run (and the skip when it
//! cannot), a [`Tmux`] session running the console in a pseudo-terminal, and the `/proc`
//! helpers that make sure nothing a test started outlives it.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{POLL, Sandbox, skip};

/// `tmux -V`, or why tmux cannot be run (asked once per test binary).
pub(crate) fn tmux_version() -> Result<&'static str, &'static str> {
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
pub(crate) fn skip_without_tmux() -> bool {
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
pub(crate) struct Tmux {
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
    pub(crate) fn start(sandbox: &Sandbox, width: u16, height: u16, script: &str) -> Tmux {
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
    pub(crate) fn try_tmux(&self, args: &[&str]) -> Result<String, String> {
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
    pub(crate) fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The visible screen as plain text (no colours), one line per row.
    pub(crate) fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.session])
    }

    /// A tmux format (`#{cursor_flag}` …) for the pane.
    pub(crate) fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.session, format]).trim().to_string()
    }

    /// The pid of the pane's first process.
    pub(crate) fn pane_pid(&self) -> u32 {
        let pid = self.display("#{pane_pid}");
        pid.parse().unwrap_or_else(|_| panic!("bad pane pid {pid:?}"))
    }

    /// Waits (polling every 100 ms, at most `timeout`) until the screen contains `text`; returns
    /// that screen. Panics with the last screen otherwise.
    pub(crate) fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| s.contains(text))
    }

    /// Waits (polling every 100 ms, at most `timeout`) until `ok(screen)`; returns that screen.
    /// Panics with `what` and the last screen otherwise.
    pub(crate) fn wait_until(&self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
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
    pub(crate) fn resize(&self, width: u16, height: u16) {
        self.tmux(&["resize-window", "-t", &self.session, "-x", &width.to_string(), "-y", &height.to_string()]);
    }

    /// Kills the whole tmux server: the pane's terminal hangs up (its processes get SIGHUP).
    pub(crate) fn kill(&mut self) {
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
pub(crate) fn descendants(pid: u32) -> Vec<u32> {
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
pub(crate) fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // `pid (comm) S …`: the state follows the last `)`.
        Ok(stat) => stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) != Some("Z"),
        Err(_) => false,
    }
}

/// Waits (at most `timeout`) until the process `pid` is gone; whether it went.
pub(crate) fn wait_gone(pid: u32, timeout: Duration) -> bool {
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
pub(crate) fn kill_pid(pid: u32) {
    let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).stderr(Stdio::null()).status();
}

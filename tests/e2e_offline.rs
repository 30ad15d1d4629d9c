//! End-to-end offline start: the real binary in tmux against a real seeded server; after a
//! good run the console's cache is on disk, and a console started with the server gone shows
//! the cached panes at once, marked cached and OFFLINE with the reason. Needs tmux: skipped
//! without it, unless `DUTYDESK_REQUIRE_TMUX=1` (as in `.ci/run`).

mod e2e;

use std::time::{Duration, Instant};

use e2e::{Sandbox, Server, Tmux, console_command, skip_without_tmux, then_show_exit};

const PANES: [&str; 4] = ["Return to work", "Open problems by", "Attendance", "Overdue reports"];
/// Long enough for a loaded CI machine to start the console and get the first dashboard.
const START: Duration = Duration::from_secs(15);

fn status_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

/// The cache files written under the sandbox's `XDG_CACHE_HOME`.
fn cache_files(sandbox: &Sandbox) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(sandbox.path().join("cache/dutydesk"))
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
        .unwrap_or_default()
}

#[test]
fn started_with_the_api_down_after_a_good_run_the_cached_panes_show_offline() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let mut server = Server::start_seeded(&sandbox, &[]);
    let token = server.token("dispatcher", "e2e dispatcher");
    let command = then_show_exit(&console_command(&server, &token, &[]));
    let mut tmux = Tmux::start(&sandbox, 160, 45, &command);
    let live = tmux.wait_until("the four panes with data and LIVE", START, |s| {
        PANES.iter().all(|t| s.contains(t)) && status_line(s).contains("LIVE") && s.contains('▶')
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while cache_files(&sandbox).is_empty() {
        assert!(Instant::now() < deadline, "no cache written after a good poll:\n{}", sandbox.console_log());
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.kill();
    server.kill();

    let tmux = Tmux::start(&sandbox, 160, 45, &command);
    let screen = tmux.wait_until("the cached panes, OFFLINE with the reason", START, |s| {
        PANES.iter().all(|t| s.contains(t))
            && s.contains('▶')
            && status_line(s).contains("OFFLINE · connection refused · cached")
    });
    // The panes hold the last run's rows, not `loading…`.
    let row = |s: &str| s.lines().find(|l| l.contains('▶')).map(str::to_string);
    assert_eq!(row(&screen).is_some(), row(&live).is_some(), "{screen}");
    assert!(!screen.contains("loading"), "{screen}");
}

//! End-to-end tests of the console: the real binary in a tmux pseudo-terminal against a real,
//! seeded `dutydesk serve` on a loopback port. Needs tmux: skipped without it, unless
//! `DUTYDESK_REQUIRE_TMUX=1` (as in `.ci/run`).

mod e2e;

use std::time::Duration;

use e2e::{Sandbox, Server, Tmux, console_command, skip_without_tmux, then_show_exit};

const PANES: [&str; 4] = ["Return to work", "Open problems by", "Attendance", "Overdue reports"];
const PANES_ZH: [&str; 4] = ["复工率", "未结问题", "考勤", "逾期日报"];

/// Long enough for a loaded CI machine to start the console and get the first dashboard.
const START: Duration = Duration::from_secs(15);
/// A key press or a resize to show on screen.
const REACT: Duration = Duration::from_secs(5);

fn all_panes(screen: &str, titles: &[&str]) -> bool {
    titles.iter().all(|t| screen.contains(t))
}

/// The status line (the screen's first row).
fn status_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

/// A seeded server and a dispatcher's console on it, in a `width`×`height` tmux window.
fn console(sandbox: &Sandbox, extra: &[&str], width: u16, height: u16) -> (Server, Tmux) {
    let server = Server::start_seeded(sandbox, &[]);
    let token = server.token("dispatcher", "e2e dispatcher");
    let tmux = Tmux::start(sandbox, width, height, &then_show_exit(&console_command(&server, &token, extra)));
    (server, tmux)
}

/// Waits for the 2×2 dashboard with data and a LIVE link.
fn wait_live_dashboard(tmux: &Tmux) -> String {
    tmux.wait_until("the four panes with data and LIVE", START, |s| {
        all_panes(s, &PANES) && status_line(s).contains("LIVE") && s.contains('▶')
    })
}

#[test]
fn console_shows_four_panes_drills_into_a_park_and_back() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let (_server, tmux) = console(&sandbox, &[], 160, 45);
    wait_live_dashboard(&tmux);

    // Pane keys move the focus (the focused pane has the thick border).
    tmux.send_keys(&["2"]);
    tmux.wait_for("┏ 2 Open problems by", REACT);
    tmux.send_keys(&["1"]);
    let screen = tmux.wait_for("┏ 1 Return to work", REACT);

    // The selected row of the Return to work pane is a county of the city (the first one);
    // Enter scopes the dashboard to its parks, and the status line names both levels.
    let county = selected_row(&screen);
    tmux.send_keys(&["Enter"]);
    let scoped = format!("娄底市 › {county}");
    let screen = tmux.wait_until(&format!("{scoped:?} in the status line"), REACT, |s| {
        status_line(s).contains(&scoped) && s.contains("┃▶ ")
    });
    let park = selected_row(&screen);
    tmux.send_keys(&["Enter"]);
    // The breadcrumb is the path taken: the dashboard (its scope is in the status line), the
    // pane whose row was opened, the screen.
    let crumb = format!("Dashboard › Return to work › {park} enterprises");
    let screen = tmux.wait_until(&format!("the breadcrumb {crumb:?} over the park's enterprises"), REACT, |s| {
        s.lines().nth(1).is_some_and(|l| l.trim() == crumb) && s.contains(" enterprises  resumed ")
    });
    assert!(!screen.contains("Open problems by"), "the drill-down replaces the dashboard:\n{screen}");
    assert!(status_line(&screen).contains("LIVE"), "{screen}");

    tmux.send_keys(&["Escape"]);
    let screen =
        tmux.wait_until("the county's dashboard again", REACT, |s| all_panes(s, &PANES) && !s.contains(&crumb));
    assert!(screen.contains("┏ 1 Return to work"), "the focus stays on the pane:\n{screen}");
    assert!(screen.contains(&format!("┃▶ {park} ")), "the selection stays on the park:\n{screen}");
    // Esc on the dashboard goes up a level: the city's counties again.
    tmux.send_keys(&["Escape"]);
    tmux.wait_until("the city's dashboard again", REACT, |s| {
        !status_line(s).contains(&scoped) && s.contains(&format!("┃▶ {county} "))
    });
}

/// The name in the selected row of the Return to work pane.
fn selected_row(screen: &str) -> String {
    let row = screen
        .lines()
        .find_map(|l| l.strip_prefix("┃▶ "))
        .unwrap_or_else(|| panic!("no selected row in the Return to work pane:\n{screen}"));
    let name = row.split("  ").next().unwrap().trim().to_string();
    assert!(!name.is_empty(), "{row}");
    name
}

#[test]
fn resizing_relays_out_and_quitting_restores_the_terminal() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let (_server, tmux) = console(&sandbox, &[], 160, 45);
    wait_live_dashboard(&tmux);
    assert_eq!(tmux.display("#{alternate_on} #{cursor_flag}"), "1 0", "running: alternate screen, cursor hidden");

    tmux.resize(80, 24);
    let screen = tmux.wait_until("the narrow layout: a tab bar and one pane", REACT, |s| {
        s.lines().nth(1).is_some_and(|l| l.contains("[1 Return to work]") && l.contains(" 4 Overdue"))
    });
    assert!(!screen.contains('┏') && !screen.contains('┌'), "no bordered panes when narrow:\n{screen}");
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
    assert!(screen.contains('▶'), "the focused pane's rows are shown:\n{screen}");

    tmux.resize(160, 45);
    let screen = tmux.wait_until("the 2×2 grid again", REACT, |s| {
        ["┏ 1 Return to work", "┌ 2 Open problems by", "┌ 3 Attendance", "┌ 4 Overdue reports"]
            .iter()
            .all(|t| s.contains(t))
    });
    assert!(!screen.contains("[1 Return to work]"), "no tab bar when wide:\n{screen}");

    tmux.send_keys(&["q"]);
    let screen = tmux.wait_for("EXIT=", REACT);
    assert!(screen.contains("EXIT=0"), "the console exits with status 0:\n{screen}");
    assert!(!screen.contains("Return to work"), "the alternate screen is left:\n{screen}");
    assert_eq!(
        tmux.display("#{alternate_on} #{cursor_flag}"),
        "0 1",
        "after quitting: the normal screen, cursor visible"
    );
    // Raw mode is off: the shell's `cat` gets cooked input, echoed by the terminal.
    tmux.send_keys(&["-l", "typed-after-quit"]);
    tmux.wait_for("typed-after-quit", REACT);
}

#[test]
fn hang_up_ends_the_console() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &[]);
    let token = server.token("dispatcher", "e2e dispatcher");
    let pidfile = sandbox.path().join("console.pid");
    let script = format!(
        "echo $$ > {}; exec {}",
        e2e::sh_quote(pidfile.to_str().unwrap()),
        console_command(&server, &token, &[])
    );
    let mut tmux = Tmux::start(&sandbox, 160, 45, &script);
    wait_live_dashboard(&tmux);
    let pid: u32 = std::fs::read_to_string(&pidfile).unwrap().trim().parse().unwrap();
    assert_eq!(tmux.pane_pid(), pid, "the console is the pane's process");
    assert!(e2e::process_alive(pid));

    tmux.kill();
    assert!(e2e::wait_gone(pid, Duration::from_secs(5)), "the console outlived its terminal by 5 s");
    let log = sandbox.console_log();
    assert!(log.contains("console quitting"), "the console left through its run loop:\n{log}");
    assert!(!log.contains("panic"), "the console panicked after the hang-up:\n{log}");
}

#[test]
fn offline_when_the_server_stops() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    // Poll every second so losing the server shows at once.
    let mut server = Server::start_seeded(&sandbox, &["--poll-interval", "1"]);
    let token = server.token("dispatcher", "e2e dispatcher");
    let en = Tmux::start(&sandbox, 160, 45, &then_show_exit(&console_command(&server, &token, &[])));
    let zh = Tmux::start(&sandbox, 160, 45, &then_show_exit(&console_command(&server, &token, &["--lang", "zh-CN"])));
    wait_live_dashboard(&en);
    zh.wait_until("实时 (LIVE) in the status line", START, |s| status_line(s).contains("实时"));

    server.kill();
    assert!(!server.healthy());
    let timeout = Duration::from_secs(8);
    let screen = en.wait_until("OFFLINE in the status line", timeout, |s| status_line(s).contains("OFFLINE"));
    assert!(!status_line(&screen).contains("LIVE"), "{screen}");
    assert!(all_panes(&screen, &PANES), "the last data stays on screen:\n{screen}");
    let screen = zh.wait_until("离线 (OFFLINE) in the status line", timeout, |s| status_line(s).contains("离线"));
    assert!(!status_line(&screen).contains("实时"), "{screen}");
}

#[test]
fn chinese_labels() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let (_server, tmux) = console(&sandbox, &["--lang", "zh-CN"], 160, 45);
    let screen = tmux.wait_until("the four Chinese pane titles and 实时", START, |s| {
        all_panes(s, &PANES_ZH) && status_line(s).contains("实时")
    });
    for t in PANES {
        assert!(!screen.contains(t), "English title {t:?} in the Chinese console:\n{screen}");
    }
}

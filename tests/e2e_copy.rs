//! End-to-end find by number and copy: the real console in tmux at 80×24 against a real seeded
//! server (skipped without tmux, unless `DUTYDESK_REQUIRE_TMUX=1`). `:problem N` opens a
//! resolved problem (in no open queue), an unknown number says "no problem #N", and `y` on
//! the escalated queue's first row and on the detail writes an OSC 52 sequence (recorded from
//! the pane's output with `tmux pipe-pane -o`) whose decoded text is the problem's summary;
//! with `set-clipboard on`, tmux keeps it as its paste buffer too.

mod e2e;

use std::time::{Duration, Instant};

use base64::Engine;
use chrono::{DateTime, Utc};
use e2e::{Sandbox, Server, Tmux, console_command, sh_quote, skip_without_tmux, then_show_exit};
use serde_json::Value;

const START: Duration = Duration::from_secs(15);
const REACT: Duration = Duration::from_secs(8);

/// A blocking GET of the API as `token`.
fn get(server: &Server, token: &str, path: &str) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let r =
            reqwest::Client::new().get(format!("{}/api/v1{path}", server.url)).bearer_auth(token).send().await.unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    })
}

/// The summary `y` copies of a problem (as the API sends it), in English.
fn summary(p: &Value) -> String {
    let due: DateTime<Utc> = p["due_at"].as_str().unwrap().parse().unwrap();
    let due = due.with_timezone(&chrono_tz::Asia::Shanghai).format("%m-%d %H:%M");
    format!(
        "#{} {} · {} · {} · {} · {} · due {due}",
        p["id"],
        p["title"].as_str().unwrap(),
        p["enterprise"]["name"].as_str().unwrap(),
        p["park"]["name"].as_str().unwrap(),
        p["state"].as_str().unwrap(),
        p["assignee"]["name"].as_str().unwrap(),
    )
}

/// Every OSC 52 text in the recording, decoded.
fn copies(recording: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = recording;
    while let Some(at) = rest.windows(7).position(|w| w == b"\x1b]52;c;") {
        let body = &rest[at + 7..];
        let Some(end) = body.iter().position(|&b| b == 0x07) else { break };
        let text = base64::engine::general_purpose::STANDARD.decode(&body[..end]).expect("base64 in OSC 52");
        out.push(String::from_utf8(text).expect("UTF-8 in OSC 52"));
        rest = &body[end..];
    }
    out
}

/// Waits until the recording holds `n` copies; returns them.
fn wait_copies(path: &std::path::Path, n: usize, tmux: &Tmux) -> Vec<String> {
    let deadline = Instant::now() + REACT;
    loop {
        let found = copies(&std::fs::read(path).unwrap_or_default());
        if found.len() >= n {
            return found;
        }
        assert!(Instant::now() < deadline, "no OSC 52 #{n} in the recording ({found:?}):\n{}", tmux.capture());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn problem_by_number_and_y_copies_the_summary_by_osc_52() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &["--poll-interval", "60"]);
    let token = server.token("dispatcher", "e2e 值班员");
    let resolved = get(&server, &token, "/problems?state=resolved&limit=1")["items"][0].clone();
    let top = get(&server, &token, "/problems?state=unresolved&level=1&sort=urgency&limit=1")["items"][0].clone();
    let (rid, tid) = (resolved["id"].as_i64().expect("a resolved problem"), top["id"].as_i64().expect("escalated"));

    let tmux = Tmux::start(&sandbox, 80, 24, &then_show_exit(&console_command(&server, &token, &[])));
    let recording = sandbox.path().join("pane.out");
    tmux.try_tmux(&["set-option", "-g", "set-clipboard", "on"]).expect("set-clipboard");
    tmux.try_tmux(&["pipe-pane", "-o", &format!("cat >> {}", sh_quote(&recording.display().to_string()))])
        .expect("pipe-pane");
    tmux.wait_until("the dashboard, LIVE", START, |s| {
        s.lines().next().unwrap_or("").contains("LIVE") && s.contains('▶')
    });

    // `y` on the escalated queue's first row, the number column on screen at 80 columns.
    tmux.send_keys(&["E"]);
    let screen = tmux.wait_for(&format!("#{tid}"), REACT);
    assert!(screen.lines().any(|l| l.contains('▶') && l.contains(&format!("#{tid}"))), "{screen}");
    tmux.send_keys(&["y"]);
    assert_eq!(wait_copies(&recording, 1, &tmux)[0], summary(&top));
    tmux.wait_for(&format!("copied #{tid}"), REACT);
    let buffer = tmux.try_tmux(&["show-buffer"]).expect("tmux kept the copy as a buffer");
    assert_eq!(buffer, summary(&top));

    // `:problem N` opens a resolved problem; `y` there copies it.
    tmux.send_keys(&[":"]);
    tmux.send_keys(&["-l", &format!("problem {rid}")]);
    tmux.send_keys(&["Enter"]);
    let screen = tmux.wait_for(&format!("#{rid} "), REACT);
    tmux.wait_until("the resolved problem's detail", REACT, |s| s.contains("resolved") && s.contains("raise"));
    assert!(screen.contains(resolved["title"].as_str().unwrap().chars().take(4).collect::<String>().as_str()));
    tmux.send_keys(&["y"]);
    assert_eq!(wait_copies(&recording, 2, &tmux)[1], summary(&resolved));

    // A number no problem has: the notice, back on the queue.
    tmux.send_keys(&[":"]);
    tmux.send_keys(&["-l", "#99999999"]);
    tmux.send_keys(&["Enter"]);
    let screen = tmux.wait_for("no problem #99999999", REACT);
    assert!(screen.contains(&format!("#{rid}")), "back on the problem it came from:\n{screen}");
    tmux.send_keys(&["q"]);
    tmux.wait_for("EXIT=0", REACT);
}

//! End-to-end outbox: the real console in tmux, talking to a real seeded `dutydesk serve`
//! through a fault-injecting proxy in the test process (skipped without tmux, unless
//! `DUTYDESK_REQUIRE_TMUX=1`). A comment confirmed while the API hangs is on disk before it is
//! sent; `q` then asks first; the console is SIGKILLed, started again on a working link, and
//! the server's timeline has the comment exactly once. An answer lost after the server applied
//! the comment: the console says it is unknown and retries, and the timeline has it once.

mod e2e;

use std::time::{Duration, Instant};

use e2e::fault_proxy::{Fault, FaultProxy};
use e2e::{Sandbox, Server, Tmux, console_command_at, sh_quote, skip_without_tmux, then_show_exit};
use serde_json::Value;

const START: Duration = Duration::from_secs(15);
const REACT: Duration = Duration::from_secs(8);
/// Long enough for several tries of the outbox's backoff (at most 15 s apart, with jitter).
const RETRY: Duration = Duration::from_secs(45);

/// A small blocking JSON client for the test's own API calls (straight to the server).
struct Api {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    fn new(server: &Server, token: String) -> Api {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        Api { rt, http: reqwest::Client::new(), base: format!("{}/api/v1", server.url), token }
    }

    fn get(&self, path: &str) -> Value {
        self.rt.block_on(async {
            let r = self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.token).send().await.unwrap();
            assert!(r.status().is_success(), "GET {path}: {}", r.status());
            r.json().await.unwrap()
        })
    }
}

/// The change feed's cursor now.
fn cursor(api: &Api) -> i64 {
    api.get("/changes?since=0&limit=1000")["next_since"].as_i64().unwrap()
}

/// The problems changed after `since` (no other writer runs: the console's).
fn changed(api: &Api, since: i64) -> Vec<i64> {
    let feed = api.get(&format!("/changes?since={since}"));
    feed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "problem")
        .filter_map(|c| c["id"].as_i64())
        .collect()
}

/// The one problem changed after `since`, once it is (waits at most `timeout`).
fn the_changed(api: &Api, since: i64, timeout: Duration, show: impl Fn() -> String) -> i64 {
    let mut ids = Vec::new();
    wait(
        "a problem changed on the server",
        timeout,
        || {
            ids = changed(api, since);
            !ids.is_empty()
        },
        show,
    );
    ids.dedup();
    assert_eq!(ids.len(), 1, "one problem changed: {ids:?}");
    ids[0]
}

/// How many comments with `text` the problem's timeline holds.
fn comments(api: &Api, id: i64, text: &str) -> usize {
    let t = api.get(&format!("/problems/{id}/timeline"));
    t.as_array().unwrap().iter().filter(|e| e["action"] == "comment" && e["payload"]["text"] == text).count()
}

fn wait(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool, show: impl Fn() -> String) {
    let deadline = Instant::now() + timeout;
    while !ok() {
        assert!(Instant::now() < deadline, "{what}: not within {timeout:?}\n{}", show());
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn status_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

/// The console against `proxy` in tmux, its pid written to `pidfile`; waits for LIVE data.
fn console(sandbox: &Sandbox, proxy: &FaultProxy, token: &str, pidfile: &std::path::Path) -> Tmux {
    // An inner shell that becomes the console, so the pane's shell shows its exit.
    let inner = format!(
        "echo $$ > {}; exec {}",
        sh_quote(pidfile.to_str().unwrap()),
        console_command_at(&proxy.url(), token, &[])
    );
    let tmux = Tmux::start(sandbox, 160, 45, &then_show_exit(&format!("sh -c {}", sh_quote(&inner))));
    tmux.wait_until("the dashboard with LIVE data", START, |s| {
        status_line(s).contains("LIVE") && s.contains("Return to work")
    });
    tmux
}

/// `E`, then `c` on the top escalated problem, typing `text` (not yet sent).
fn type_comment(tmux: &Tmux, text: &str) {
    tmux.send_keys(&["E"]);
    tmux.wait_for("Escalated", REACT);
    tmux.send_keys(&["c"]);
    tmux.wait_for("Comment", REACT);
    tmux.send_keys(&[text]);
    tmux.wait_for(text, REACT);
}

/// The outbox files' text (`<state>/dutydesk/outbox/*.json`).
fn outbox_files(sandbox: &Sandbox) -> String {
    let dir = sandbox.path().join("state/dutydesk/outbox");
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_action_confirmed_while_the_api_hangs_survives_sigkill_and_lands_once() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &["--poll-interval", "2"]);
    let token = server.token("dispatcher", "e2e 夜班");
    let admin = Api::new(&server, server.token("admin", "e2e admin"));
    let since = cursor(&admin);
    let proxy = FaultProxy::start(server.addr, Fault::Pass);
    let pidfile = sandbox.path().join("console.pid");
    let mut tmux = console(&sandbox, &proxy, &token, &pidfile);
    let text = "nightshift-called-the-plant";
    type_comment(&tmux, text);

    // The link hangs; the comment is confirmed: pending, and on disk.
    proxy.set(Fault::Hang);
    tmux.send_keys(&["Enter"]);
    tmux.wait_until("↑1 pending in the status line", REACT, |s| status_line(s).contains("↑1 pending"));
    wait("the comment in the outbox file", REACT, || outbox_files(&sandbox).contains(text), || outbox_files(&sandbox));
    assert!(!outbox_files(&sandbox).contains(&token), "the token is never written to the outbox");

    // q asks first; Esc stays.
    tmux.send_keys(&["q"]);
    let screen = tmux.wait_for("Quit?", REACT);
    assert!(screen.contains("not yet answered by the server"), "{screen}");
    tmux.send_keys(&["Escape"]);
    tmux.wait_until("the question gone", REACT, |s| !s.contains("Quit?"));

    // SIGKILL: nothing reached the server.
    let pid: u32 = std::fs::read_to_string(&pidfile).unwrap().trim().parse().unwrap();
    e2e::kill_pid(pid);
    assert!(e2e::wait_gone(pid, Duration::from_secs(5)), "SIGKILL did not end the console");
    tmux.wait_for("EXIT=137", REACT);
    tmux.kill();
    assert!(changed(&admin, since).is_empty(), "the hung link forwarded nothing");

    // Started again on a working link: resent with its key, applied once, answered.
    proxy.set(Fault::Pass);
    let tmux = console(&sandbox, &proxy, &token, &pidfile);
    let id = the_changed(&admin, since, RETRY, || tmux.capture());
    wait("the comment on the server", RETRY, || comments(&admin, id, text) == 1, || tmux.capture());
    tmux.wait_until("nothing pending any more", RETRY, |s| !status_line(s).contains("pending"));
    assert_eq!(comments(&admin, id, text), 1, "exactly once");
    wait("the outbox file emptied", REACT, || !outbox_files(&sandbox).contains(text), || outbox_files(&sandbox));
    tmux.send_keys(&["q"]);
    tmux.wait_for("EXIT=0", REACT);
    let log = sandbox.console_log();
    assert!(log.contains("resending the outbox of the last run"), "{log}");
}

#[test]
fn an_answer_lost_after_the_server_applied_it_is_retried_and_lands_once() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &["--poll-interval", "2"]);
    let token = server.token("dispatcher", "e2e 夜班");
    let admin = Api::new(&server, server.token("admin", "e2e admin"));
    let since = cursor(&admin);
    let proxy = FaultProxy::start(server.addr, Fault::Pass);
    let pidfile = sandbox.path().join("console.pid");
    let tmux = console(&sandbox, &proxy, &token, &pidfile);
    let text = "materials-arrived-0210";
    type_comment(&tmux, text);

    // The server applies it; its answer is lost on the way back.
    proxy.set(Fault::DropAnswers);
    let posts = proxy.posts_forwarded();
    tmux.send_keys(&["Enter"]);
    let screen = tmux.wait_until("unknown, retrying", RETRY, |s| status_line(s).contains("retrying"));
    assert!(!screen.contains("not sent"), "{screen}");
    let id = the_changed(&admin, since, REACT, || tmux.capture());
    assert_eq!(comments(&admin, id, text), 1, "applied by the server");

    // The link comes back: a retry with the same key gets the stored answer; still one comment.
    proxy.set(Fault::Pass);
    tmux.wait_until("nothing pending any more", RETRY, |s| !status_line(s).contains("pending"));
    assert!(proxy.posts_forwarded() >= posts + 2, "the console tried again");
    assert_eq!(comments(&admin, id, text), 1, "exactly once");
    tmux.send_keys(&["q"]);
    tmux.wait_for("EXIT=0", REACT);
}

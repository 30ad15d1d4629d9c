//! End-to-end triage: the real console in tmux against a real seeded server (skipped without
//! tmux, unless `DUTYDESK_REQUIRE_TMUX=1`). From the dashboard, `E r j t Enter` reassigns the
//! top escalated problem to 交通运输局 (checked on the server: the assignee, and exactly one
//! reassign by this user, via the console); then a colleague changes the problem first through
//! the API and the console shows the 412 dialog naming who changed what, and applies the
//! action to the new version only when asked.

mod e2e;

use std::time::Duration;

use e2e::{Sandbox, Server, Tmux, console_command, skip_without_tmux, then_show_exit};
use serde_json::{Value, json};

const START: Duration = Duration::from_secs(15);
const REACT: Duration = Duration::from_secs(8);

/// A small blocking JSON client for the test's own API calls.
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

    fn post(&self, path: &str, version: i64, body: Value) -> u16 {
        self.rt.block_on(async {
            let r = self
                .http
                .post(format!("{}{path}", self.base))
                .bearer_auth(&self.token)
                .header("If-Match", format!("\"{version}\""))
                .json(&body)
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        })
    }
}

fn timeline(api: &Api, id: i64) -> Vec<Value> {
    api.get(&format!("/problems/{id}/timeline")).as_array().unwrap().clone()
}

#[test]
fn five_keys_reassign_then_a_colleague_first_brings_the_412_dialog() {
    if skip_without_tmux() {
        return;
    }
    let sandbox = Sandbox::new();
    // A long poll interval: the console must learn of the colleague's change only through 412.
    let server = Server::start_seeded(&sandbox, &["--poll-interval", "60"]);
    let token = server.token("dispatcher", "e2e 值班员");
    let admin = Api::new(&server, server.token("admin", "e2e 同事"));
    let since = admin.get("/changes?since=0&limit=1000")["next_since"].as_i64().unwrap();
    let tmux = Tmux::start(&sandbox, 160, 45, &then_show_exit(&console_command(&server, &token, &[])));
    tmux.wait_until("the dashboard with LIVE data", START, |s| {
        s.lines().next().unwrap_or("").contains("LIVE") && s.contains("Return to work") && s.contains('▶')
    });

    // Five keys: E r j t Enter.
    tmux.send_keys(&["E"]);
    tmux.wait_for("Escalated", REACT);
    tmux.send_keys(&["r"]);
    tmux.wait_for("Reassign to", REACT);
    tmux.send_keys(&["j", "t"]);
    tmux.wait_until("交通运输局 first in the picker", REACT, |s| {
        s.lines().find(|l| l.contains('▶') && l.contains("交通运输局")).is_some()
    });
    tmux.send_keys(&["Enter"]);

    // On the server: exactly one problem changed, now with 交通运输局, and one reassign by us.
    let mut changed = Vec::new();
    let deadline = std::time::Instant::now() + REACT;
    while changed.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let feed = admin.get(&format!("/changes?since={since}"));
        changed = feed["changes"].as_array().unwrap().iter().filter(|c| c["kind"] == "problem").cloned().collect();
    }
    assert_eq!(changed.len(), 1, "one problem changed: {changed:?}\n{}", tmux.capture());
    let id = changed[0]["id"].as_i64().unwrap();
    let p = admin.get(&format!("/problems/{id}"));
    assert_eq!(p["assignee"]["name"], "交通运输局", "{p}");
    assert!(p["level"].as_i64().unwrap() >= 1, "it was an escalated problem: {p}");
    let ours: Vec<Value> = timeline(&admin, id).into_iter().filter(|e| e["actor"] == "e2e 值班员").collect();
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert_eq!(ours[0]["action"], "reassign");
    assert_eq!(ours[0]["via"], "console");
    tmux.wait_for("交通运输局", REACT);

    // A colleague changes the same problem first (priority), through the API.
    std::thread::sleep(Duration::from_millis(500));
    let version = p["version"].as_i64().unwrap();
    assert_eq!(admin.post(&format!("/problems/{id}/priority"), version, json!({"priority": "urgent"})), 200);
    // The console still holds the old version: acknowledging gets 412 and the dialog.
    tmux.send_keys(&["a"]);
    let screen = tmux.wait_for("Changed meanwhile", REACT);
    assert!(screen.contains("e2e 同事"), "the dialog names who changed it:\n{screen}");
    assert!(screen.contains("set_priority") || screen.contains("priority"), "and what:\n{screen}");
    // Nothing was re-sent on its own: still no acknowledge on the server.
    assert!(timeline(&admin, id).iter().all(|e| e["action"] != "acknowledge" || e["actor"] != "e2e 值班员"));
    // Asked again, the user applies it to the new version.
    tmux.send_keys(&["y"]);
    let deadline = std::time::Instant::now() + REACT;
    loop {
        let acked = timeline(&admin, id).iter().any(|e| e["action"] == "acknowledge" && e["actor"] == "e2e 值班员");
        if acked {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no acknowledge after Apply:\n{}", tmux.capture());
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(admin.get(&format!("/problems/{id}"))["state"], "acknowledged");
    tmux.send_keys(&["q"]);
    tmux.wait_for("EXIT=0", REACT);
}

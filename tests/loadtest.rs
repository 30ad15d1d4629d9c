//! `dutydesk loadtest` against the reference server on a loopback port (the small test world,
//! a 1 s poll interval): its consoles poll through their proxies, the idle polls are answered
//! 304, the writers' check-ins are accepted, and the report counts all of it. Counts only,
//! never timings.

mod common;

use std::time::Duration;

use common::{Engine, Harness};
use dutydesk::config::Config;
use dutydesk::loadtest::{Plan, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consoles_poll_through_counting_proxies_and_writers_check_in() {
    let mut config = Config::builtin();
    config.server.poll_interval_secs = 1;
    let h = Harness::with_config(Engine::Sqlite, config).await.expect("SQLite is always there");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(dutydesk::server::serve(listener, h.state.clone(), async {
        let _ = stopped.await;
    }));
    let plan = Plan {
        api: api.clone(),
        tokens: vec![h.dispatcher.clone(), h.viewer.clone()],
        writer_tokens: vec![h.admin.clone()],
        consoles: 2,
        view: "dashboard".into(),
        warmup: Duration::from_millis(1500),
        idle: Duration::from_secs(3),
        busy: Duration::from_secs(3),
        writers: 1,
        rate: 4.0,
        server_pid: Some(std::process::id()),
    };
    let report = run(&plan).await.expect("the load test runs");
    let _ = stop.send(());
    let _ = server.await;

    assert_eq!(report.poll_secs, 1, "the interval the server advertises");
    assert_eq!(report.consoles.len(), 2);
    let (idle, busy) = report.pooled();
    assert!(idle.len() >= 2 && busy.len() >= 2, "every console cycles in both phases: {idle:?} {busy:?}");
    assert!(idle.iter().chain(&busy).all(|c| c.up > 0 && c.down > 0), "each cycle asked and was answered");
    for c in &report.consoles {
        assert!(c.data >= 1, "console {} got the figures once at least", c.n);
        assert!(c.not_modified >= 1, "console {}: an idle poll is a 304", c.n);
        assert_eq!(c.failed, 0, "console {}: {:?}", c.n, c.first_error);
    }
    assert!(!report.burst.latencies.is_empty(), "check-ins were accepted");
    assert!(report.burst.refused.is_empty(), "{:?}", report.burst.refused);
    assert!(report.usage.idle_cpu_secs.is_some() && report.usage.rss_max.is_some(), "read from /proc");
    let text = report.render();
    assert!(text.contains("2 consoles") && text.contains("check-ins: "), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("idle ") || l.starts_with("busy ")).count(), 2, "{text}");
}

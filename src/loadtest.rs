//! `dutydesk loadtest` (hidden; run by `scripts/province-load.sh`): simulated consoles polling
//! a running server as the real console does (its poller and update function, headless, each
//! behind a counting proxy), then a check-in burst; it reports per console the cycle times
//! against the poll interval and the bytes per cycle, idle and while data changes, the
//! burst's rate and latency, and the server's CPU and memory from `/proc`.

pub mod procstat;
pub mod proxy;
pub mod report;
pub mod writers;

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};

use self::proxy::Traffic;
use self::report::{ConsoleReport, Phases, Report, ServerUsage};
use self::writers::WriterReport;
use crate::api::client::ApiClient;
use crate::cli::LoadtestArgs;
use crate::commands::Failure;
use crate::console::support::{Received, run_headless};

/// What to run: the settings of a load test, checked.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The server's API base URL.
    pub api: String,
    /// Console tokens; console N uses token N modulo their number.
    pub tokens: Vec<String>,
    /// Admin tokens of the check-in writers (writer N uses token N modulo their number).
    pub writer_tokens: Vec<String>,
    /// How many consoles poll.
    pub consoles: usize,
    /// The view each console watches (`dashboard` for none).
    pub view: String,
    /// Start-up not measured.
    pub warmup: Duration,
    /// Measured without writes.
    pub idle: Duration,
    /// Measured while the writers post.
    pub busy: Duration,
    /// Concurrent writers in the busy phase.
    pub writers: usize,
    /// Check-ins a second, all writers together.
    pub rate: f64,
    /// The server's process, for `/proc`.
    pub server_pid: Option<u32>,
}

fn lines(path: &std::path::Path) -> Result<Vec<String>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read the token file {}: {e}", path.display())))?;
    Ok(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
}

impl Plan {
    /// A plan from the command line, refusing what cannot run.
    pub fn from_args(args: &LoadtestArgs) -> Result<Plan, Failure> {
        let mut tokens = match &args.token_file {
            Some(p) => lines(p)?,
            None => Vec::new(),
        };
        tokens.extend(args.token.clone());
        if tokens.is_empty() {
            return Err(Failure::usage("loadtest needs console tokens: --token or --token-file"));
        }
        if args.consoles == 0 {
            return Err(Failure::usage("--consoles must be at least 1"));
        }
        let writer_tokens = match &args.writer_token_file {
            Some(p) => lines(p)?,
            None => Vec::new(),
        };
        let writing = args.rate > 0.0 && args.busy_secs > 0;
        if writing && (args.writers == 0 || writer_tokens.is_empty()) {
            return Err(Failure::usage("a busy phase with --rate above 0 needs --writers and --writer-token-file"));
        }
        if !(args.rate >= 0.0 && args.rate.is_finite()) {
            return Err(Failure::usage("--rate must be 0 or more check-ins a second"));
        }
        Ok(Plan {
            api: args.api.trim().trim_end_matches('/').to_string(),
            tokens,
            writer_tokens,
            consoles: args.consoles,
            view: args.view.trim().to_string(),
            warmup: Duration::from_secs(args.warmup_secs),
            idle: Duration::from_secs(args.idle_secs),
            busy: Duration::from_secs(args.busy_secs),
            writers: if writing { args.writers } else { 0 },
            rate: args.rate,
            server_pid: args.server_pid,
        })
    }
}

/// `dutydesk loadtest`: runs the plan and prints the report.
pub async fn command(args: &LoadtestArgs) -> Result<(), Failure> {
    let plan = Plan::from_args(args)?;
    let report = run(&plan).await.map_err(|e| Failure::runtime(format!("{e:#}")))?;
    print!("{}", report.render());
    Ok(())
}

/// The `host:port` of a base URL, for the proxies to connect to.
fn authority(api: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(api).map_err(|e| anyhow::anyhow!("--api {api:?}: {e}"))?;
    anyhow::ensure!(url.scheme() == "http", "--api must be plain http:// (the proxies count bytes in clear)");
    let host = url.host_str().ok_or_else(|| anyhow::anyhow!("--api {api:?} has no host"))?;
    Ok(format!("{host}:{}", url.port_or_known_default().unwrap_or(80)))
}

/// Samples the server's resident memory once a second until `stop`; the largest seen.
async fn sample_rss(pid: u32, mut stop: watch::Receiver<bool>) -> u64 {
    let mut max = 0;
    loop {
        max = max.max(procstat::rss_bytes(pid).unwrap_or(0));
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => return max,
        }
    }
}

/// Runs the plan: consoles through proxies, the warm-up, the idle phase, the busy phase.
pub async fn run(plan: &Plan) -> anyhow::Result<Report> {
    let target = authority(&plan.api)?;
    let probe = ApiClient::new(&plan.api, &plan.tokens[0])?;
    let poll_secs = probe.me().await?.settings.poll_interval_secs;
    let (stop, stopped) = watch::channel(false);
    let mut consoles = Vec::new();
    for i in 0..plan.consoles {
        let (url, traffic) = proxy::start(target.clone()).await?;
        let (tx, rx) = mpsc::unbounded_channel();
        let (token, view, stopped) = (plan.tokens[i % plan.tokens.len()].clone(), plan.view.clone(), stopped.clone());
        let task = tokio::spawn(async move { run_headless(&url, &token, &view, tx, stopped).await });
        consoles.push((traffic, rx, task));
    }
    let rss = plan.server_pid.map(|pid| tokio::spawn(sample_rss(pid, stopped.clone())));
    let started = Instant::now();
    tokio::time::sleep(plan.warmup).await;
    let cpu = |_: ()| plan.server_pid.and_then(procstat::cpu_seconds);
    let (idle_at, cpu_idle) = (Instant::now(), cpu(()));
    tokio::time::sleep(plan.idle).await;
    let (busy_at, cpu_busy) = (Instant::now(), cpu(()));
    let (stop_writers, writers_stopped) = watch::channel(false);
    let mut writer_tasks = Vec::new();
    if plan.writers > 0 {
        let pairs = writers::liaisons(&ApiClient::new(&plan.api, &plan.writer_tokens[0])?, 10).await?;
        for w in 0..plan.writers {
            let client = ApiClient::new(&plan.api, &plan.writer_tokens[w % plan.writer_tokens.len()])?;
            let per = plan.rate / plan.writers as f64;
            let (pairs, rx) = (pairs.clone(), writers_stopped.clone());
            writer_tasks.push(tokio::spawn(writers::run(client, pairs, w, plan.writers, per, rx)));
        }
    }
    let busy_from = Instant::now();
    tokio::time::sleep(plan.busy.saturating_sub(busy_from - busy_at)).await;
    let _ = stop_writers.send(true);
    let (end_at, cpu_end) = (Instant::now(), cpu(()));
    let mut burst = WriterReport::default();
    for t in writer_tasks {
        let r = t.await?;
        burst.latencies.extend(r.latencies);
        for (k, n) in r.refused {
            match burst.refused.iter_mut().find(|(kk, _)| *kk == k) {
                Some((_, m)) => *m += n,
                None => burst.refused.push((k, n)),
            }
        }
    }
    let _ = stop.send(true);
    let mut reports = Vec::new();
    for (i, (traffic, mut rx, task)) in consoles.into_iter().enumerate() {
        let ended = task.await?;
        let mut received: Vec<Received> = Vec::new();
        while let Ok(r) = rx.try_recv() {
            received.push(r);
        }
        reports.push(console_report(i + 1, &traffic, &received, ended.err().map(|e| format!("{e:#}"))));
    }
    let rss_max = match rss {
        Some(t) => Some(t.await?),
        None => None,
    };
    let usage = ServerUsage {
        idle_cpu_secs: cpu_idle.zip(cpu_busy).map(|(a, b)| b - a),
        busy_cpu_secs: cpu_busy.zip(cpu_end).map(|(a, b)| b - a),
        rss_max,
        rss_end: plan.server_pid.and_then(procstat::rss_bytes),
    };
    let phases = Phases { start: started, idle: idle_at, busy: busy_at, end: end_at };
    Ok(Report { plan: plan.clone(), poll_secs, phases, consoles: reports, burst, usage })
}

fn console_report(n: usize, traffic: &Arc<Traffic>, received: &[Received], ended: Option<String>) -> ConsoleReport {
    let count = |what: &str| received.iter().filter(|r| r.what == what).count();
    let mut errors: Vec<String> = received.iter().filter_map(|r| r.error.clone()).collect();
    errors.extend(ended);
    errors.dedup();
    ConsoleReport {
        n,
        cycles: traffic.cycles(),
        data: count("data"),
        not_modified: count("not-modified"),
        failed: count("failed") + count("view-failed"),
        first_error: errors.into_iter().next(),
        arrivals: received.iter().filter(|r| r.error.is_none()).map(|r| r.at).collect(),
    }
}

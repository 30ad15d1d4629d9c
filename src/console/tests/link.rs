//! The link state against the fault server (`faults`): the real client and poller, every
//! message through the real update function, each fault ending in its documented state with
//! its reason (LIVE, STALE or OFFLINE, `model::link`), and back to LIVE when the fault ends;
//! a long outage on a short reconnect schedule (the production one scaled down 50 times), so
//! it runs in seconds and asserts the schedule, not the wall clock.

use std::time::Duration;

use tokio::sync::mpsc;

use crate::api::client::{ApiClient, Cause, ClientOptions};
use crate::console::look::i18n::Lang;
use crate::console::message::Msg;
use crate::console::model::link::Reason;
use crate::console::model::{Freshness, State};
use crate::console::runtime::poller::{self, Poller};
use crate::console::runtime::reconnect::Policy;
use crate::console::tests::faults::{Fault, FaultServer};
use crate::console::tests::fixtures;
use crate::console::update::update;

/// How long any expected state may take to arrive: generous, never a measure of speed.
const PATIENCE: Duration = Duration::from_secs(30);

/// The production schedule scaled down 50 times: 20 ms doubling to 200 ms.
fn short_policy() -> Policy {
    Policy {
        min: Duration::from_millis(20),
        max: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(60),
        probe_timeout: Duration::from_millis(500),
        refused: Duration::from_millis(20),
        refused_max: Duration::from_millis(200),
    }
}

/// A console's state fed by the real poller against the fault server.
struct Console {
    state: State,
    rx: mpsc::UnboundedReceiver<Msg>,
    _poller: Poller,
    /// Every `Failed` seen: (`retry_at - at` in ms, offline).
    failures: Vec<(i64, bool)>,
}

impl Console {
    fn start(server: &FaultServer, opts: ClientOptions, policy: Policy) -> Console {
        let client = ApiClient::with_options(&server.url(), "t", opts).expect("a client");
        let (tx, rx) = mpsc::unbounded_channel();
        let poller = poller::spawn_with(client, tx, 1, policy);
        let mut state = fixtures::state(160, 48, Lang::En);
        state.link = Default::default();
        Console { state, rx, _poller: poller, failures: Vec::new() }
    }

    /// Applies messages until `done` holds of the state (at its own clock), or panics.
    async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !done(&self.state) {
            let msg = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("{what}: not reached; link {:?}", self.state.link))
                .expect("the poller runs");
            if let Msg::Failed { at, retry_at, error } = &msg {
                self.failures.push(((*retry_at - *at).num_milliseconds(), error.offline()));
            }
            update(&mut self.state, msg);
        }
    }

    async fn live(&mut self) {
        self.until("LIVE", |s| s.freshness() == Freshness::Live).await;
    }
}

fn quick() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(800),
        connect_timeout: Duration::from_millis(500),
        ..Default::default()
    }
}

fn offline(s: &State) -> bool {
    matches!(s.freshness(), Freshness::Offline { .. })
}

/// Each fault, from LIVE, ends in its state with its reason; then LIVE again.
#[tokio::test]
async fn every_fault_ends_in_its_documented_state_with_its_reason() {
    let server = FaultServer::start().await;
    let mut c = Console::start(&server, quick(), short_policy());
    c.live().await;
    let cases: Vec<(Fault, bool, Reason)> = vec![
        (Fault::Refused, true, Reason::Unreachable(Cause::Refused)),
        (Fault::Hang, true, Reason::Unreachable(Cause::Timeout)),
        (Fault::Text(503), true, Reason::Server(503)),
        (Fault::Problem(503), true, Reason::Server(503)),
        (Fault::Text(500), true, Reason::Server(500)),
        (Fault::Malformed, false, Reason::BadResponse),
        (Fault::Truncated, false, Reason::BadResponse),
        (Fault::WrongType, false, Reason::BadResponse),
        (Fault::Problem(401), false, Reason::Unauthorized),
        (Fault::Problem(403), false, Reason::Forbidden),
        (Fault::Text(403), false, Reason::Forbidden),
    ];
    for (fault, is_offline, reason) in cases {
        server.set(fault.clone()).await;
        let what = format!("{fault:?}");
        c.until(&what, |s| {
            s.link.error.as_ref().is_some_and(|e| e.reason == reason)
                && if is_offline { offline(s) } else { s.freshness() == Freshness::Stale }
        })
        .await;
        let text = c.state.link.error.as_ref().map(|e| (e.text(Lang::En), e.text(Lang::Zh)));
        let (en, zh) = text.expect("a reason");
        let line = fixtures::status_text(&c.state);
        assert!(line.contains(&en), "{what}: the status line says why: {line}");
        assert_ne!(en, zh, "{what}: both languages");
        server.set(Fault::Healthy).await;
        c.live().await;
    }
    // A slow answer within the timeout is still LIVE.
    server.set(Fault::Slow(Duration::from_millis(300))).await;
    c.failures.clear();
    c.until("a slow cycle", |s| s.freshness() == Freshness::Live).await;
    assert!(c.failures.is_empty(), "{:?}", c.failures);
}

/// The escalated queue truncated while the dashboard works: STALE naming the queue, not LIVE.
#[tokio::test]
async fn a_partly_failed_poll_is_stale_and_names_the_part() {
    let server = FaultServer::start().await;
    server.set(Fault::EscalatedTruncated).await;
    let mut c = Console::start(&server, quick(), short_policy());
    c.until("STALE for the escalated queue", |s| {
        s.link.last_ok.is_some() && s.freshness() == Freshness::Stale && s.link.error.is_some()
    })
    .await;
    let e = c.state.link.error.clone().expect("a reason");
    assert_eq!((e.reason, e.part), (Reason::BadResponse, Some(crate::console::model::link::Part::Escalated)));
    assert!(fixtures::status_text(&c.state).contains("STALE · escalated queue: bad response"));
    server.set(Fault::Healthy).await;
    c.live().await;
}

/// 429 with `Retry-After: 2`: STALE (rate limited) and the next try no sooner than asked.
#[tokio::test]
async fn retry_after_is_honoured() {
    let server = FaultServer::start().await;
    let mut c = Console::start(&server, quick(), short_policy());
    c.live().await;
    server.set(Fault::RateLimited(2)).await;
    c.until("rate limited", |s| {
        s.link.error.as_ref().is_some_and(|e| e.reason == Reason::RateLimited && e.part.is_none())
    })
    .await;
    assert_eq!(c.state.freshness(), Freshness::Stale);
    let (wait, off) = *c.failures.last().unwrap_or_else(|| panic!("a failure: {:?}", c.state.link));
    assert!(!off && wait >= 2_000, "waits as the server asks: {wait} ms");
    server.set(Fault::Healthy).await;
    c.live().await;
}

/// A body over the cap fails at the cap (32 MB) with its reason, without reading the rest.
#[tokio::test]
async fn an_oversized_body_is_refused_at_the_cap() {
    let server = FaultServer::start().await;
    let mut c = Console::start(&server, quick(), short_policy());
    c.live().await;
    server.set(Fault::Oversized(40 * 1024 * 1024)).await;
    c.until("too large", |s| s.link.error.as_ref().is_some_and(|e| e.reason == Reason::TooLarge)).await;
    assert_eq!(c.state.freshness(), Freshness::Stale);
    assert!(fixtures::status_text(&c.state).contains("response over 32 MB"));
    server.set(Fault::Healthy).await;
    c.live().await;
}

/// A 60 s outage on the schedule scaled down 50 times (1.2 s, the cap 200 ms): every wait
/// within the cap, each retry a `/healthz` probe, and the first try after the API is back
/// makes the console LIVE; at full scale, within 10 s plus one poll of its return.
#[tokio::test]
async fn after_a_long_outage_the_first_try_after_the_return_is_live() {
    let server = FaultServer::start().await;
    let policy = short_policy();
    let mut c = Console::start(&server, quick(), policy);
    c.live().await;
    server.set(Fault::Refused).await;
    c.until("OFFLINE", offline).await;
    // The outage: 60 s scaled, long past the point where the schedule reaches its cap.
    let end = tokio::time::Instant::now() + Duration::from_millis(1_200);
    while tokio::time::Instant::now() < end {
        if let Ok(Some(msg)) = tokio::time::timeout_at(end, c.rx.recv()).await {
            if let Msg::Failed { at, retry_at, error } = &msg {
                c.failures.push(((*retry_at - *at).num_milliseconds(), error.offline()));
            }
            update(&mut c.state, msg);
        }
    }
    assert!(offline(&c.state));
    let cap = policy.max.as_millis() as i64;
    assert!(c.failures.len() >= 6, "retried all along: {:?}", c.failures);
    assert!(c.failures.iter().all(|(w, off)| *off && *w <= cap), "within the cap: {:?}", c.failures);
    let before = c.failures.len();
    server.set(Fault::Healthy).await;
    c.live().await;
    // At most the one try already under way when the API came back failed.
    assert!(c.failures.len() - before <= 1, "{:?}", &c.failures[before..]);
}

/// A wrong token from the first poll: the status line says the token was refused and where it
/// comes from (not CONNECTING), in both languages; the next try waits the refusal's long
/// delay instead of a poll interval, and the refresh key tries at once.
#[tokio::test]
async fn a_wrong_token_says_so_and_is_tried_again_slowly_or_on_refresh() {
    let server = FaultServer::start().await;
    server.set(Fault::Problem(401)).await;
    let slow = Policy { refused: Duration::from_secs(120), refused_max: Duration::from_secs(600), ..short_policy() };
    let mut c = Console::start(&server, quick(), slow);
    c.until("refused", |s| s.link.error.as_ref().is_some_and(|e| e.reason == Reason::Unauthorized)).await;
    assert_eq!((c.state.freshness(), c.state.link.last_ok), (Freshness::Stale, None));
    let line = fixtures::status_text(&c.state);
    assert!(line.contains("STALE · token refused (401): check --token, --token-file or DUTYDESK_TOKEN"), "{line}");
    assert!(!line.contains("CONNECTING"), "{line}");
    c.state.lang = Lang::Zh;
    let line = fixtures::status_text(&c.state);
    assert!(line.contains("令牌被拒绝 (401)：请检查 --token"), "{line}");
    c.state.lang = Lang::En;
    let (wait, off) = c.failures[0];
    assert!(!off && wait >= 120_000, "a refused poll waits long, not a poll interval: {wait} ms");
    // The token is fixed on the server's side; the refresh key does not wait the two minutes.
    server.set(Fault::Healthy).await;
    c._poller.refresh();
    c.live().await;
    assert_eq!(c.failures.len(), 1, "one try, then the refresh: {:?}", c.failures);
}

/// A view the server refuses while it is open shows why; once the API serves again it is read
/// again and its rows replace the error, without a key.
#[tokio::test]
async fn a_refused_view_is_read_again_and_its_error_goes_when_it_is_served() {
    let server = FaultServer::start().await;
    let mut c = Console::start(&server, quick(), short_policy());
    c.live().await;
    let view = crate::console::model::View::problems(None, false);
    server.set(Fault::Problem(429)).await;
    crate::console::update::push(&mut c.state, view.clone());
    c._poller.watch(Some(view.clone()));
    c.until("the view's error", |s| s.top().view == view && s.top().error.is_some()).await;
    server.set(Fault::Healthy).await;
    c.until("the view served", |s| {
        s.freshness() == Freshness::Live && s.top().error.is_none() && s.top().data.is_some()
    })
    .await;
}

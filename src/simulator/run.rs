//! The simulator's run loop: drives a realistic day through the HTTP API with an admin token
//! and the shared [`ApiClient`], acting for named officers (check-ins, daily reports, new
//! problems) and for park desks and departments (acknowledge, escalate, reassign, resolve,
//! comment). Tolerates every error and stops promptly when the shutdown flag flips.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use chrono_tz::Tz;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tokio::sync::watch;

use super::actions::{SimAction, request_for};
use super::planner::plan_tick;
use super::world::World;
use crate::api::client::ApiClient;
use crate::api::types::{EnterpriseQuery, Me, OfficerQuery, OverdueQuery, Problem, ProblemQuery, Role};
use crate::api::write_outcome::WriteOutcome;

/// The simulator's name in `X-Dutydesk-Via` and its `User-Agent` (the server records its
/// writes as `api`).
const VIA: &str = "simulator";
/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Items per page of every list the simulator reads.
const PAGE: i64 = 200;

/// Ticks between refreshes of the unresolved problems, and of the overdue reports.
const PROBLEMS_EVERY: u64 = 10;
const OVERDUE_EVERY: u64 = 15;
/// Ticks between full re-reads of officers and enterprises (changes made by others).
const RELOAD_EVERY: u64 = 600;

/// How often to tick and how many actions per tick: `speed` 1.0 is three actions a second.
pub fn pace(speed: f64) -> (Duration, usize) {
    let per_sec = 3.0 * speed.clamp(0.01, 1000.0);
    if per_sec >= 1.0 {
        (Duration::from_secs(1), (per_sec.round() as usize).clamp(1, 200))
    } else {
        (Duration::from_secs_f64(1.0 / per_sec), 1)
    }
}

/// Resolves when the flag is set; never, if the sender is gone without setting it.
async fn stopped(rx: &mut watch::Receiver<bool>) {
    if rx.wait_for(|v| *v).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Paging state of one list.
#[derive(Debug, Default)]
struct Cursor {
    next: Option<String>,
    done: bool,
}

impl Cursor {
    fn advance(&mut self, next: Option<String>) {
        self.done = next.is_none();
        self.next = next;
    }
}

struct Sim {
    api: ApiClient,
    tz: Tz,
    world: World,
    officers: Cursor,
    enterprises: Cursor,
    tick: u64,
    counts: BTreeMap<&'static str, u64>,
}

/// Runs the simulator against the API at `api` (base URL) with an admin `token` until
/// `shutdown` becomes true. `speed` scales the pace (1.0 is about three actions a second).
pub async fn run(api: &str, token: &str, speed: f64, mut shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    anyhow::ensure!(speed.is_finite() && speed > 0.0, "speed must be a positive number such as 1.0, not {speed}");
    let api = ApiClient::with_via(api, token, VIA, REQUEST_TIMEOUT)
        .map_err(|e| anyhow::anyhow!("{api:?} is not a URL like http://127.0.0.1:8080 ({e})"))?;
    let Some(me) = wait_for_server(&api, &mut shutdown).await else {
        return Ok(());
    };
    anyhow::ensure!(
        me.role == Role::Admin,
        "simulate needs an admin token (it acts on behalf of officers); this token is {}",
        me.role.as_str()
    );
    let tz: Tz = me
        .settings
        .time_zone
        .parse()
        .map_err(|_| anyhow::anyhow!("the server's time zone {:?} is not an IANA zone", me.settings.time_zone))?;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let mut sim = Sim {
        api,
        tz,
        world: World::new(today),
        officers: Cursor::default(),
        enterprises: Cursor::default(),
        tick: 0,
        counts: BTreeMap::new(),
    };
    let seed = Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (interval, budget) = pace(speed);
    tracing::info!(city = %me.settings.city, speed, ?interval, budget, "simulator started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        tokio::select! {
            _ = sim.sync() => {}
            _ = stopped(&mut shutdown) => break,
        }
        let local = Utc::now().with_timezone(&sim.tz);
        let actions = plan_tick(&sim.world, local.time(), budget, &mut rng);
        let mut pause = interval;
        for action in actions {
            let req = request_for(&action);
            let key = req.needs_idempotency_key().then(uuid::Uuid::new_v4);
            let outcome = tokio::select! {
                o = sim.api.write(req.method.clone(), &req.path, &req.body, req.if_match, key) => o,
                _ = stopped(&mut shutdown) => return Ok(()),
            };
            if let Some(wait) = sim.apply(&action, outcome) {
                pause = wait;
                break;
            }
        }
        sim.tick += 1;
        if sim.tick.is_multiple_of(60) {
            tracing::info!(counts = ?sim.counts, problems = sim.world.problems.len(), overdue = sim.world.overdue.len(), "simulator progress");
        }
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stopped(&mut shutdown) => break,
        }
    }
    tracing::info!(counts = ?sim.counts, "simulator stopped");
    Ok(())
}

/// `GET /me` until the server answers (it may still be starting); `None` on shutdown.
async fn wait_for_server(api: &ApiClient, shutdown: &mut watch::Receiver<bool>) -> Option<Me> {
    let mut delay = Duration::from_millis(200);
    loop {
        let attempt = tokio::select! {
            r = api.me() => r,
            _ = stopped(shutdown) => return None,
        };
        match attempt {
            Ok(me) => return Some(me),
            Err(e) => tracing::warn!(error = %e, "simulator waiting for the server"),
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = stopped(shutdown) => return None,
        }
        delay = (delay * 2).min(Duration::from_secs(10));
    }
}

impl Sim {
    /// Reads what the planner needs, a little each tick so actions start at once even when
    /// there are 90,000 officers to page through.
    async fn sync(&mut self) {
        let today = Utc::now().with_timezone(&self.tz).date_naive();
        if today != self.world.today {
            tracing::info!(%today, "new local day");
            self.world.new_day(today);
            self.restart_lists();
        }
        if self.tick.is_multiple_of(RELOAD_EVERY) {
            self.restart_lists();
            match self.api.org().await {
                Ok(org) => self.world.departments = org.departments.iter().map(|d| d.id).collect(),
                Err(e) => tracing::warn!(error = %e, "cannot read /org"),
            }
        }
        if !self.officers.done {
            let query = OfficerQuery { cursor: self.officers.next.clone(), limit: Some(PAGE), ..Default::default() };
            match self.api.officers(&query).await {
                Ok(page) => {
                    self.world.upsert_officers(&page.items);
                    self.officers.advance(page.next_cursor);
                }
                Err(e) => tracing::warn!(error = %e, "cannot list officers"),
            }
        }
        if !self.enterprises.done {
            let query =
                EnterpriseQuery { cursor: self.enterprises.next.clone(), limit: Some(PAGE), ..Default::default() };
            match self.api.enterprises(&query).await {
                Ok(page) => {
                    self.world.upsert_enterprises(&page.items);
                    self.enterprises.advance(page.next_cursor);
                }
                Err(e) => tracing::warn!(error = %e, "cannot list enterprises"),
            }
        }
        if self.tick.is_multiple_of(PROBLEMS_EVERY) {
            let query = ProblemQuery { state: Some("unresolved".into()), limit: Some(PAGE), ..Default::default() };
            match self.api.problems(&query).await {
                Ok(page) => self.world.set_problems(&page.items),
                Err(e) => tracing::warn!(error = %e, "cannot list problems"),
            }
        }
        if self.tick.is_multiple_of(OVERDUE_EVERY) {
            match self.api.overdue(&OverdueQuery { limit: Some(PAGE), ..Default::default() }).await {
                Ok(page) => self.world.set_overdue(&page.items),
                Err(e) => tracing::warn!(error = %e, "cannot list overdue reports"),
            }
        }
    }

    fn restart_lists(&mut self) {
        self.officers = Cursor::default();
        self.enterprises = Cursor::default();
    }

    /// Updates the world after a request; returns how long to pause when the server is busy.
    fn apply(&mut self, action: &SimAction, outcome: WriteOutcome) -> Option<Duration> {
        let kind = action.kind();
        match outcome {
            WriteOutcome::Done(body) => {
                *self.counts.entry(kind).or_default() += 1;
                tracing::debug!(kind, "simulated");
                self.record_done(action, body);
            }
            WriteOutcome::Stale(current) => {
                tracing::debug!(kind, "stale version; taking the current one");
                match (current, action.problem_id()) {
                    (Some(p), _) => self.world.upsert_problem(&p),
                    (None, Some(id)) => self.world.forget_problem(id),
                    (None, None) => {}
                }
            }
            WriteOutcome::Refused(status, why) => {
                if status == 409 {
                    tracing::debug!(kind, %why, "refused by a rule");
                } else {
                    tracing::warn!(kind, status, %why, "simulated request refused");
                }
                // Never retry the same thing in a loop: treat it as handled until the next refresh.
                match action {
                    SimAction::Checkin { officer_id, .. } => self.world.mark_checked_in(*officer_id),
                    SimAction::Report { enterprise_id, date, body } => {
                        self.world.mark_reported(*enterprise_id, *date, body);
                    }
                    _ => {}
                }
                if let Some(id) = action.problem_id() {
                    self.world.forget_problem(id);
                }
            }
            WriteOutcome::Busy(wait) => {
                tracing::warn!(kind, ?wait, "server busy; pausing");
                return Some(wait);
            }
            WriteOutcome::Failed(why) => tracing::warn!(kind, %why, "simulated request failed"),
        }
        None
    }

    fn record_done(&mut self, action: &SimAction, body: serde_json::Value) {
        match action {
            SimAction::Checkin { officer_id, .. } => self.world.mark_checked_in(*officer_id),
            SimAction::Report { enterprise_id, date, body } => self.world.mark_reported(*enterprise_id, *date, body),
            _ => match serde_json::from_value::<Problem>(body) {
                Ok(p) => self.world.upsert_problem(&p),
                Err(_) => {
                    if let Some(id) = action.problem_id() {
                        self.world.forget_problem(id);
                    }
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_scales_with_speed() {
        assert_eq!(pace(1.0), (std::time::Duration::from_secs(1), 3));
        assert_eq!(pace(10.0).1, 30);
        let (slow, n) = pace(0.1);
        assert_eq!(n, 1);
        assert!(slow > std::time::Duration::from_secs(3));
    }
}

//! Measuring support, for the benches (`benches/console.rs`) and `dutydesk loadtest`: the
//! smallest door into the console's crate-private state. A [`Console`] is a state built from
//! API values exactly as the poller and `snapshot` build it, that draws one frame and merges
//! one message; [`run_headless`] runs the real poller and update function without a terminal.
//! Not a stable interface: re-exported hidden as `dutydesk::console::support`.

use std::time::Instant;

use chrono::Utc;
use ratatui::Frame;
use tokio::sync::{mpsc, watch};

use crate::api::client::ApiClient;
use crate::api::types::{Dashboard, OverdueReport};

use super::poller;
use super::setup::{ConsoleOptions, initial_state};
use super::snapshot::select_view;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::pane::PaneTable;
use crate::console::model::{Place, ProblemList, State};
use crate::console::update::update;
use crate::console::views;

/// A console's state and theme, loaded from an API, ready to draw and to merge messages into.
#[derive(Debug, Clone)]
pub struct Console {
    state: State,
    theme: Theme,
    client: ApiClient,
}

impl Console {
    /// Loads `/me`, `/org`, the dashboard, the overdue list and the escalated queue as the
    /// poller does, into a console of `width`×`height` on the dashboard.
    pub async fn load(api_url: &str, token: &str, width: u16, height: u16) -> anyhow::Result<Console> {
        let opts = ConsoleOptions::new(api_url, token);
        let client = ApiClient::new(api_url, token)?;
        let (mut state, theme) = initial_state(&opts, &client.host(), Utc::now());
        update(&mut state, Msg::Resize(width, height));
        let q = crate::api::types::DashboardQuery::default();
        let (me, org, dash) = tokio::try_join!(client.me(), client.org(), client.dashboard(&q, None))?;
        update(&mut state, Msg::Me(Box::new(me)));
        update(&mut state, Msg::Org(Box::new(org)));
        let poll_secs = dash.poll_interval();
        let dash = dash.into_value().ok_or_else(|| anyhow::anyhow!("the dashboard answered 304 to a plain GET"))?;
        let overdue = poller::overdue(&client, None, None).await?;
        update(&mut state, Msg::Data { at: Utc::now(), poll_secs, fresh: Some(Box::new((dash, Some(overdue)))) });
        let problems = poller::escalated(&client).await?;
        update(&mut state, Msg::Escalated { at: Utc::now(), problems });
        Ok(Console { state, theme, client })
    }

    /// The views `open` takes without an argument: every place and every pane table.
    pub fn plain_views() -> Vec<&'static str> {
        Place::ALL.into_iter().map(Place::name).chain(PaneTable::names()).collect()
    }

    /// One drill-down of each kind, named from the loaded data (its first park, unit, overdue
    /// enterprise and officer, escalated problem), as `snapshot --view` spells them.
    pub fn drill_downs(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = self.state.org.as_ref().and_then(|o| o.parks.first()) {
            for kind in ["park", "park-problems", "park-officers"] {
                out.push(format!("{kind}:{}", p.id));
            }
        }
        if let Some(u) = self.state.dash.as_ref().and_then(|d| d.units.first()) {
            out.push(format!("unit:{}", u.unit_id));
        }
        if let Some(r) = self.state.overdue.first() {
            out.push(format!("enterprise:{}", r.enterprise.id));
            if let Some(o) = r.officers.first() {
                out.push(format!("officer:{}", o.id));
            }
        }
        if let Some(p) = self.state.escalated.as_ref().and_then(|l| l.rows.first()) {
            out.push(format!("problem:{}", p.id));
        }
        out
    }

    /// A copy of this console showing `spec` (a name of [`Console::plain_views`] or
    /// [`Console::drill_downs`]), with its data fetched from the API when it needs any.
    pub async fn open(&self, spec: &str) -> anyhow::Result<Console> {
        let mut c = self.clone();
        if let Some(view) = select_view(&mut c.state, spec)? {
            let data = poller::fetch_view(&c.client, &view).await?;
            update(&mut c.state, Msg::Loaded { view, data, at: Utc::now() });
        }
        Ok(c)
    }

    /// Draws the whole console into a ratatui frame (`Terminal::draw` over any backend).
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        views::render(&self.state, &self.theme, frame, area);
    }

    /// The frame as plain text (what `dutydesk snapshot` prints).
    pub fn text(&self) -> String {
        super::snapshot::render_text(&self.state, &self.theme)
    }

    /// The dashboard and overdue list the console holds (to build a changed copy to merge).
    pub fn figures(&self) -> Option<(Dashboard, Vec<OverdueReport>)> {
        self.state.dash.clone().map(|d| (d, self.state.overdue.rows.clone()))
    }

    /// Merges a new dashboard and overdue list, as one successful poll delivers them.
    pub fn merge_figures(&mut self, dash: Dashboard, overdue: Vec<OverdueReport>) {
        let fresh = Some(Box::new((dash, Some(overdue.into()))));
        update(&mut self.state, Msg::Data { at: Utc::now(), poll_secs: None, fresh });
    }

    /// The escalated queue the console holds: its rows and the server's count.
    pub fn escalated(&self) -> Option<(Vec<crate::api::types::Problem>, Option<i64>)> {
        self.state.escalated.as_ref().map(|l| (l.rows.clone(), l.total))
    }

    /// Merges an escalated queue, as one poll delivers it (alerts compare it with the last).
    pub fn merge_escalated(&mut self, rows: Vec<crate::api::types::Problem>, total: Option<i64>) {
        let problems = ProblemList { total, ..ProblemList::from(rows) };
        update(&mut self.state, Msg::Escalated { at: Utc::now(), problems });
    }
}

/// What a headless console received from its poller, and when.
#[derive(Debug, Clone)]
pub struct Received {
    /// When the message arrived.
    pub at: Instant,
    /// Which message: `data` (new figures), `not-modified`, `escalated`, `loaded`,
    /// `view-failed`, `failed` or `other`.
    pub what: &'static str,
    /// The error of `failed` and `view-failed`.
    pub error: Option<String>,
}

fn describe(msg: &Msg) -> Received {
    let (what, error) = match msg {
        Msg::Data { fresh: Some(_), .. } => ("data", None),
        Msg::Data { fresh: None, .. } => ("not-modified", None),
        Msg::Escalated { .. } => ("escalated", None),
        Msg::Loaded { .. } => ("loaded", None),
        Msg::ViewFailed { error, .. } => ("view-failed", Some(error.clone())),
        Msg::Failed { error, .. } => ("failed", Some(error.detail.clone())),
        _ => ("other", None),
    };
    Received { at: Instant::now(), what, error }
}

/// Runs one console without a terminal until `stop` turns true: the real poller against
/// `api_url`, every message through the real update function, and the poller steered by its
/// effects (watch, refresh), on `view` (a name as `snapshot --view` takes, `dashboard` for none).
/// Each message is reported on `events`. Nothing is drawn.
pub async fn run_headless(
    api_url: &str,
    token: &str,
    view: &str,
    events: mpsc::UnboundedSender<Received>,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let opts = ConsoleOptions::new(api_url, token);
    let client = ApiClient::new(api_url, token)?;
    let (mut state, _theme) = initial_state(&opts, &client.host(), Utc::now());
    update(&mut state, Msg::Resize(160, 48));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let poller = poller::spawn(client, tx, state.settings.poll_secs);
    let mut wanted = (view != "dashboard").then(|| view.to_string());
    loop {
        let msg = tokio::select! {
            m = rx.recv() => match m { Some(m) => m, None => return Ok(()) },
            _ = stop.changed() => return Ok(()),
        };
        let _ = events.send(describe(&msg));
        let has_data = matches!(msg, Msg::Data { fresh: Some(_), .. });
        let mut effects = update(&mut state, msg);
        if has_data && let Some(spec) = wanted.take() {
            // The view can be chosen once the parks and units are known, as a user would.
            if let Some(v) = select_view(&mut state, &spec)? {
                effects.push(Effect::Watch(Some(v)));
            }
        }
        for fx in effects {
            match fx {
                Effect::Watch(v) => poller.watch(v),
                Effect::Refresh => poller.refresh(),
                _ => {}
            }
        }
    }
}

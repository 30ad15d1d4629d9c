//! Everything the console knows: data from the API, where the user is (the view stack, the
//! focused pane, per-table selection, filter and sort), the link's freshness, modal layers.
//! Plain data; changed only by `update`, read by the views.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::api::types::*;
use crate::console::look::i18n::Lang;

use super::assignees::Assignees;
use super::link::{Freshness, Link};
use super::modal::Modal;
use super::paged::Paged;
use super::pane::{Pane, PaneTable};
use super::view::{Nav, ProblemList, Screen, View, ViewData};
use crate::console::model::alerts::Alerts;
use crate::console::model::keymap::Keymap;
use crate::console::model::outbox::Pending;
use crate::console::model::settings::Settings;

/// The frozen view and what arrived meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Frozen {
    /// The clock when the user froze the view.
    pub since: DateTime<Utc>,
    /// Data that arrived meanwhile (the latest of each kind), applied on resume.
    pub held: Vec<Held>,
}

/// Data held back while frozen.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// New dashboard figures, and the overdue list's first page when it was re-read.
    Figures(Box<(Dashboard, Option<Paged<OverdueReport>>)>),
    /// A drill-down view's data.
    View {
        /// For which view.
        view: View,
        /// Its data as fetched, shown on resume.
        data: Box<ViewData>,
    },
    /// Problems changed (the change feed), merged into the queues and the problem detail on
    /// resume: every problem once, as it last changed, with the latest count of each queue.
    Changed {
        /// The changed problems, oldest change first; a problem that changed again appears
        /// once, as it is now.
        problems: Vec<Problem>,
        /// The server's latest count of each queue it was asked about.
        totals: Vec<(View, i64)>,
    },
}

/// The whole state of the console: built by `initial_state`, changed only by `update`.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Label language, from `--lang`, the config or `LC_ALL`/`LANG`; `:lang` changes it.
    pub lang: Lang,
    /// Theme name in effect.
    pub theme: String,
    /// The keymap in effect: the built-in one, or the user's keymap file laid over it.
    pub keymap: Keymap,
    /// The clock, from the last tick.
    pub now: DateTime<Utc>,
    /// Terminal size in cells, (columns, rows); 80×24 until the first resize.
    pub size: (u16, u16),
    /// Showing the embedded demo.
    pub demo: bool,
    /// Triage keys hidden (`--readonly` or `readonly` in the config).
    pub readonly: bool,
    /// Ring the bell on new escalations.
    pub bell: bool,
    /// A deadline watch was asked for and has not answered yet (`update::deadlines`).
    pub deadline_watch_asked: bool,
    /// API host for the status line.
    pub api_host: String,
    /// Settings in effect: the console config's until `GET /me` and `GET /org` bring the server's.
    pub settings: Settings,
    /// The signed-in user, from `GET /me`; `None` until it answers.
    pub me: Option<Me>,
    /// Parks, districts, departments and units, from `GET /org`; `None` until it answers.
    pub org: Option<Org>,
    /// The dashboard's scope asked of the server (`None`: the top of the data); the dashboard
    /// shown says the scope it answers for in its `scope` and `path`.
    pub scope: Option<Scope>,
    /// The day the dashboard is asked for: `None` for today (live), else a past day chosen
    /// with `[`, `]` or `:date` (`model::days`).
    pub date: Option<chrono::NaiveDate>,
    /// The dashboard figures of the last poll that brought new ones; `None` until the first.
    pub dash: Option<Dashboard>,
    /// Overdue reports, longest first, as far as they are loaded, with the server's count.
    pub overdue: Paged<OverdueReport>,
    /// The link to the API: last successful poll, offline since, last error.
    pub link: Link,
    /// Screens; the first is the dashboard.
    pub stack: Vec<Screen>,
    /// Focused pane of the dashboard.
    pub focus: Pane,
    /// Attendance by dispatching unit instead of by park.
    pub by_unit: bool,
    /// Navigation of the dashboard's tables, by [`PaneTable::slot`].
    pub panes: Vec<Nav>,
    /// The modal layer.
    pub modal: Modal,
    /// Set while the view is frozen (data held back until resume); `None` when live.
    pub frozen: Option<Frozen>,
    /// Triage actions awaiting a definite answer (`inflight.len()`).
    pub pending: usize,
    /// The outbox: triage actions confirmed and not yet answered definitely (kept on disk by
    /// the runtime, resent after a restart), oldest first.
    pub inflight: Vec<Pending>,
    /// Reminders (催报) confirmed and not yet answered definitely (kept on disk by the runtime).
    pub reminding: Vec<crate::console::model::reminders::PendingReminder>,
    /// The server refused triage for this token (403).
    pub forbidden: bool,
    /// A short confirmation and until when it shows.
    pub toast: Option<(String, DateTime<Utc>)>,
    /// Alerts from the polls.
    pub alerts: Alerts,
    /// The last escalated queue the poller brought (opens `E` at once).
    pub escalated: Option<ProblemList>,
    /// Departments and officers for the reassign picker.
    pub assignees: Assignees,
    /// Seed of this session's `Idempotency-Key`s (one per action sent).
    pub session: Uuid,
    /// Actions sent in this session.
    pub sent: u64,
    /// Messages to show (warnings at start, errors); cleared by the next key.
    pub notices: Vec<String>,
    /// Messages tied to a cause, shown after the notices: gone when the cause is, or at the next key.
    pub(crate) banners: crate::console::model::banners::Banners,
    /// Set once the console quits (the run loop itself stops on `Effect::Quit`).
    pub quit: bool,
    /// The frame has its chrome: the key-hint bar, toasts and the selected row's marker.
    /// Only `dutydesk snapshot` without `--full` draws without (only the view).
    pub chrome: bool,
}

impl State {
    /// A fresh state at `now`: only the dashboard on the stack, nothing fetched, an 80×24 terminal.
    pub fn new(
        lang: Lang,
        theme: &str,
        keymap: Keymap,
        settings: Settings,
        api_host: &str,
        now: DateTime<Utc>,
    ) -> State {
        State {
            lang,
            theme: theme.to_string(),
            keymap,
            now,
            size: (80, 24),
            demo: false,
            readonly: false,
            bell: false,
            deadline_watch_asked: false,
            api_host: api_host.to_string(),
            settings,
            me: None,
            org: None,
            scope: None,
            date: None,
            dash: None,
            overdue: Paged::default(),
            link: Link::default(),
            stack: vec![Screen::new(View::Dashboard)],
            focus: Pane::first(),
            by_unit: false,
            panes: vec![Nav::default(); PaneTable::count()],
            modal: Modal::None,
            frozen: None,
            pending: 0,
            inflight: Vec::new(),
            reminding: Vec::new(),
            forbidden: false,
            toast: None,
            alerts: Alerts::default(),
            escalated: None,
            assignees: Assignees::default(),
            session: Uuid::nil(),
            sent: 0,
            notices: Vec::new(),
            banners: Default::default(),
            quit: false,
            chrome: true,
        }
    }

    /// The screen on top.
    pub fn top(&self) -> &Screen {
        self.stack.last().expect("the dashboard is always there")
    }

    /// The table a pane shows now (attendance by park or by unit).
    pub fn pane_table(&self, pane: Pane) -> PaneTable {
        pane.table(self.by_unit)
    }

    /// Every park by id and name: from `/org` (every park of the data), else the dashboard's
    /// rows when they are parks.
    pub(crate) fn park_refs(&self) -> Vec<NamedRef> {
        match (&self.org, &self.dash) {
            (Some(o), _) => o.parks.iter().map(|p| NamedRef { id: p.id, name: p.name.clone() }).collect(),
            (None, Some(d)) if d.rows_level == Level::Park => {
                d.rows.iter().map(|p| NamedRef { id: p.id, name: p.name.clone() }).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Every city and county of `/org` as a place the dashboard can be scoped to, cities
    /// first; a county's name is followed by its city's (岳麓区 长沙市) when there are several.
    pub(crate) fn scope_places(&self) -> Vec<(String, PlaceRef)> {
        let Some(o) = &self.org else { return Vec::new() };
        let several = o.cities.len() > 1;
        let mut out: Vec<(String, PlaceRef)> = o
            .cities
            .iter()
            .map(|c| (c.name.clone(), PlaceRef { level: Level::City, id: c.id, name: c.name.clone() }))
            .collect();
        for d in &o.districts {
            let city = o.cities.iter().find(|c| c.id == d.city_id).map(|c| c.name.as_str()).unwrap_or("");
            let label = if several { format!("{} {city}", d.name) } else { d.name.clone() };
            out.push((label, PlaceRef { level: Level::County, id: d.id, name: d.name.clone() }));
        }
        out
    }

    /// The name of where the console looks, from the data: the dashboard's path (湖南省 › 长沙市
    /// › 岳麓区), else `/org`'s top, else the configured city.
    pub fn place_name(&self) -> String {
        match (&self.dash, &self.org) {
            (Some(d), _) if !d.path.is_empty() => {
                d.path.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" › ")
            }
            (_, Some(o)) => o.city.clone(),
            _ => self.settings.city.clone(),
        }
    }

    /// The title key of a pane: its own, except that the problem pane names the level of the
    /// dashboard's rows (by city, by county, by park).
    pub fn pane_title_key(&self, pane: Pane) -> &'static str {
        match (pane, self.dash.as_ref().map(|d| d.rows_level)) {
            (Pane::Problems, Some(Level::City)) => "pane.problems.city",
            (Pane::Problems, Some(Level::County)) => "pane.problems.county",
            _ => pane.title_key(),
        }
    }

    /// How fresh the data is now (LIVE, STALE, OFFLINE), for the status line.
    pub fn freshness(&self) -> Freshness {
        self.link.freshness(self.now, self.settings.poll_secs)
    }

    /// Whether the dashboard is drawn as a 2×2 grid (else one pane with a tab bar).
    pub fn wide(&self) -> bool {
        self.size.0 >= 120 && self.size.1 >= 30
    }

    /// The local time now in the configured zone.
    pub fn local_now(&self) -> chrono::DateTime<Tz> {
        self.now.with_timezone(&self.settings.tz)
    }

    /// Whether triage keys are offered: not `--readonly`, not a viewer, not refused (403).
    pub fn can_triage(&self) -> bool {
        !self.readonly && !self.forbidden && self.me.as_ref().is_none_or(|m| m.role.can_triage())
    }

    /// Before today's check-in cutoff (attendance shows "not yet").
    pub fn before_cutoff(&self) -> bool {
        self.local_now().time() < self.settings.checkin_cutoff
    }
}

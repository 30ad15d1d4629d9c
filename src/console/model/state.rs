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
use super::pane::{Pane, PaneTable};
use super::view::{Nav, Screen, View, ViewData};
use crate::console::model::alerts::Alerts;
use crate::console::model::keymap::Keymap;
use crate::console::model::settings::Settings;
use crate::console::model::triage::Pending;

/// The frozen view and what arrived meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Frozen {
    /// When frozen.
    pub since: DateTime<Utc>,
    /// Data that arrived meanwhile (the latest of each kind), applied on resume.
    pub held: Vec<Held>,
}

/// Data held back while frozen.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// New dashboard figures and the overdue list.
    Figures(Box<(Dashboard, Vec<OverdueReport>)>),
    /// A drill-down view's data.
    View {
        /// For which view.
        view: View,
        /// The data.
        data: ViewData,
    },
}

/// The whole state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Label language.
    pub lang: Lang,
    /// Theme name in effect.
    pub theme: String,
    /// The keymap.
    pub keymap: Keymap,
    /// The clock, from the last tick.
    pub now: DateTime<Utc>,
    /// Terminal size.
    pub size: (u16, u16),
    /// Showing the embedded demo.
    pub demo: bool,
    /// Triage hidden.
    pub readonly: bool,
    /// Ring the bell on new escalations.
    pub bell: bool,
    /// API host for the status line.
    pub api_host: String,
    /// Settings in effect.
    pub settings: Settings,
    /// Who we are.
    pub me: Option<Me>,
    /// The organisation.
    pub org: Option<Org>,
    /// The dashboard figures.
    pub dash: Option<Dashboard>,
    /// Overdue reports, longest first.
    pub overdue: Vec<OverdueReport>,
    /// The link.
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
    /// Frozen view.
    pub frozen: Option<Frozen>,
    /// Triage actions sent and not yet confirmed (`inflight.len()`).
    pub pending: usize,
    /// Those actions.
    pub inflight: Vec<Pending>,
    /// The server refused triage for this token (403).
    pub forbidden: bool,
    /// A short confirmation and until when it shows.
    pub toast: Option<(String, DateTime<Utc>)>,
    /// Alerts from the polls.
    pub alerts: Alerts,
    /// The last escalated queue the poller brought (opens `E` at once).
    pub escalated: Option<Vec<Problem>>,
    /// Departments and officers for the reassign picker.
    pub assignees: Assignees,
    /// Seed of this session's `Idempotency-Key`s (one per action sent).
    pub session: Uuid,
    /// Actions sent in this session.
    pub sent: u64,
    /// Messages to show (warnings at start, errors); cleared by the next key.
    pub notices: Vec<String>,
    /// Quit requested.
    pub quit: bool,
}

impl State {
    /// A fresh state.
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
            api_host: api_host.to_string(),
            settings,
            me: None,
            org: None,
            dash: None,
            overdue: Vec::new(),
            link: Link::default(),
            stack: vec![Screen::new(View::Dashboard)],
            focus: Pane::first(),
            by_unit: false,
            panes: vec![Nav::default(); PaneTable::count()],
            modal: Modal::None,
            frozen: None,
            pending: 0,
            inflight: Vec::new(),
            forbidden: false,
            toast: None,
            alerts: Alerts::default(),
            escalated: None,
            assignees: Assignees::default(),
            session: Uuid::nil(),
            sent: 0,
            notices: Vec::new(),
            quit: false,
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

    /// Freshness now.
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

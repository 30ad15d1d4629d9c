//! Everything the console knows: data from the API, where the user is (the view stack, the
//! focused pane, per-table selection, filter and sort), the link's freshness, modal layers.
//! Plain data; changed only by `update`, read by the views.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::api::types::*;

use uuid::Uuid;

use super::alerts::Alerts;
use super::i18n::Lang;
use super::keymap::Keymap;
use super::msg::ViewData;
use super::picker::Directory;
pub use super::settings::Settings;
use super::triage::{Op, Pending, TextKind};

/// The dashboard's four panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// Return to work (复工率).
    Rtw,
    /// Open problems by park (园区未结问题).
    Problems,
    /// Attendance (考勤).
    Attendance,
    /// Overdue reports (逾期日报).
    Overdue,
}

impl Pane {
    /// In order.
    pub const ALL: [Pane; 4] = [Pane::Rtw, Pane::Problems, Pane::Attendance, Pane::Overdue];

    /// 0–3.
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The label key of the title.
    pub fn title_key(self) -> &'static str {
        match self {
            Pane::Rtw => "pane.rtw",
            Pane::Problems => "pane.problems",
            Pane::Attendance => "pane.attendance",
            Pane::Overdue => "pane.overdue",
        }
    }
}

/// Server-side filters of a problem queue, set with `:problems state=… level=… priority=…
/// assignee=… park=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProblemFilter {
    /// `open`, `acknowledged`, `resolved` or `unresolved` (default: unresolved).
    pub state: Option<String>,
    /// Minimum level.
    pub min_level: Option<i64>,
    /// `urgent`, `high` or `normal`.
    pub priority: Option<String>,
    /// The `assignee` query (`department:ID`, `officer:ID`, `desk`) and its display name.
    pub assignee: Option<(String, String)>,
}

impl ProblemFilter {
    /// The filters as `key=value` words, for the breadcrumb.
    pub fn describe(&self) -> String {
        let mut words = Vec::new();
        if let Some(s) = &self.state {
            words.push(format!("state={s}"));
        }
        if let Some(l) = self.min_level {
            words.push(format!("level≥{l}"));
        }
        if let Some(p) = &self.priority {
            words.push(format!("priority={p}"));
        }
        if let Some((_, name)) = &self.assignee {
            words.push(format!("assignee={name}"));
        }
        words.join(" ")
    }
}

/// A screen of the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// The four live panes.
    Dashboard,
    /// Every park's figures in one table.
    Parks,
    /// Every dispatching unit's figures.
    Units,
    /// A problem queue: all unresolved, a park's, or the escalated ones, narrowed by filters.
    Problems {
        /// Only this park.
        park: Option<NamedRef>,
        /// Only level ≥ 1.
        escalated: bool,
        /// State, level, priority and assignee filters (`:problems key=value …`).
        filter: ProblemFilter,
    },
    /// A park's enterprises.
    Enterprises {
        /// The park.
        park: NamedRef,
    },
    /// Officers of a park or of a dispatching unit, with today's check-ins.
    Officers {
        /// The park.
        park: Option<NamedRef>,
        /// The unit.
        unit: Option<NamedRef>,
    },
    /// One enterprise: officers, recent reports, problems.
    Enterprise(NamedRef),
    /// One officer: check-ins and reports.
    Officer(NamedRef),
    /// One problem: details and timeline.
    Problem(NamedRef),
}

impl View {
    /// A problem queue without filters.
    pub fn problems(park: Option<NamedRef>, escalated: bool) -> View {
        View::Problems { park, escalated, filter: ProblemFilter::default() }
    }

    /// Whether the view's data comes from a fetch of its own (not the dashboard).
    pub fn needs_fetch(&self) -> bool {
        !matches!(self, View::Dashboard | View::Parks | View::Units)
    }
}

/// Selection, scroll, filter and sort of one table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Nav {
    /// Selected row (index among the shown rows).
    pub selected: usize,
    /// First shown row.
    pub offset: usize,
    /// Filter text (rows not matching are hidden).
    pub filter: String,
    /// Sort column and descending, or the view's own order.
    pub sort: Option<(usize, bool)>,
    /// Key of the selected row, to keep it selected when data moves.
    pub selected_key: Option<String>,
}

/// A screen on the stack with its table state and data.
#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    /// What it shows.
    pub view: View,
    /// Its table's navigation.
    pub nav: Nav,
    /// Its data, once fetched.
    pub data: Option<ViewData>,
    /// The last fetch error.
    pub error: Option<String>,
}

impl Screen {
    /// A new screen, not yet loaded.
    pub fn new(view: View) -> Screen {
        Screen { view, nav: Nav::default(), data: None, error: None }
    }
}

/// The state of the link to the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    /// The last successful poll.
    pub last_ok: Option<DateTime<Utc>>,
    /// Unreachable since, with the next retry.
    pub offline: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The last error.
    pub error: Option<String>,
}

/// How fresh the data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Nothing received yet and no failure.
    Connecting,
    /// Polled within three intervals.
    Live,
    /// Older than three poll intervals.
    Stale,
    /// The API is unreachable; seconds until the next retry.
    Offline {
        /// Seconds to the retry.
        retry_in: i64,
    },
}

impl Link {
    /// The freshness at `now` with the poll interval in effect.
    pub fn freshness(&self, now: DateTime<Utc>, poll_secs: u64) -> Freshness {
        if let Some((_, retry_at)) = self.offline {
            return Freshness::Offline { retry_in: (retry_at - now).num_seconds().max(0) };
        }
        match self.last_ok {
            None => Freshness::Connecting,
            Some(t) if now - t > Duration::seconds(3 * poll_secs.max(1) as i64) => Freshness::Stale,
            Some(_) => Freshness::Live,
        }
    }
}

/// The layer on top that sees keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// None: the screens get keys.
    None,
    /// Typing a filter.
    Filter,
    /// The command palette with its input and the selected suggestion.
    Palette {
        /// The input.
        input: String,
        /// Selected suggestion.
        selected: usize,
    },
    /// Help, scrolled by this many lines.
    Help {
        /// Scroll.
        scroll: usize,
    },
    /// The reassign picker on a problem.
    Picker {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// What is typed.
        query: String,
        /// Selected choice.
        selected: usize,
    },
    /// A one-line editor for a resolution, reason or comment.
    Text {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// What the text is for.
        kind: TextKind,
        /// The text.
        text: String,
        /// An empty text was refused.
        refused: bool,
    },
    /// The priority chooser.
    Priority {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// 0 urgent, 1 high, 2 normal.
        selected: usize,
    },
    /// A confirmation (starts on Cancel).
    Confirm {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// What would be sent.
        op: Op,
        /// Apply is chosen.
        yes: bool,
    },
    /// 412: someone changed the problem first; apply to the new version?
    Stale {
        /// The problem as it is now.
        current: Box<Problem>,
        /// The version the user had seen.
        seen_version: i64,
        /// What changed meanwhile.
        events: Vec<TimelineEvent>,
        /// The action that was refused.
        op: Op,
        /// Apply is chosen.
        yes: bool,
    },
    /// The recent alerts.
    Alerts {
        /// Selected alert.
        selected: usize,
    },
}

/// The frozen view and what arrived meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Frozen {
    /// When frozen.
    pub since: DateTime<Utc>,
    /// Held messages (latest data per kind), applied on resume.
    pub held: Vec<super::msg::Msg>,
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
    /// Navigation of the dashboard's tables (4 panes + attendance by unit).
    pub panes: [Nav; 5],
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
    pub directory: Directory,
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
            focus: Pane::Rtw,
            by_unit: false,
            panes: Default::default(),
            modal: Modal::None,
            frozen: None,
            pending: 0,
            inflight: Vec::new(),
            forbidden: false,
            toast: None,
            alerts: Alerts::default(),
            escalated: None,
            directory: Directory::default(),
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

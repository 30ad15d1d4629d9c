//! What a screen shows: the view (which data, for which park, unit, enterprise, officer or
//! problem), its fetched data, and the navigation of its table (selection, scroll, filter,
//! sort).

use crate::api::types::*;

use super::paged::Paged;
use super::pane::Pane;

/// Server-side filters of a problem queue, set with `:problems state=… level=… priority=…
/// assignee=… park=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProblemFilter {
    /// `open`, `acknowledged`, `resolved` or `unresolved` (default: unresolved).
    pub state: Option<String>,
    /// Lowest escalation level shown (0 park desk, 1 district, 2 city; `level=` in the palette).
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

/// A screen of the console (serialisable for the offline cache, `runtime::cache`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum View {
    /// The four live panes.
    Dashboard,
    /// Every park's figures in one table.
    Parks,
    /// Every dispatching unit's figures.
    Units,
    /// A problem queue: all unresolved, a park's, or the escalated ones, narrowed by filters.
    Problems {
        /// Only this park's problems; `None` for every park.
        park: Option<NamedRef>,
        /// Only escalated problems (level ≥ 1), unless `filter` sets a level of its own.
        escalated: bool,
        /// State, level, priority and assignee filters (`:problems key=value …`).
        filter: ProblemFilter,
    },
    /// A park's enterprises.
    Enterprises {
        /// The park whose enterprises are listed.
        park: NamedRef,
    },
    /// Officers of a park or of a dispatching unit, with today's check-ins.
    Officers {
        /// The park whose officers are listed; `None` when the view is a unit's.
        park: Option<NamedRef>,
        /// The dispatching unit whose officers are listed; `None` when the view is a park's.
        unit: Option<NamedRef>,
    },
    /// One enterprise: officers, recent reports, problems.
    Enterprise(NamedRef),
    /// One officer: check-ins and reports.
    Officer(NamedRef),
    /// One problem: details and timeline.
    Problem(NamedRef),
    /// A city or county as the dashboard's scope: opening it scopes the dashboard to the place
    /// (its rows become the place's counties or parks) instead of pushing a screen.
    Place(PlaceRef),
    /// The scope's two-week chart (return to work, staff, attendance, on-time reports), drawn
    /// from the dashboard's trend.
    Chart,
    /// The shift handover from `since` to now, for `scope` (`None`: the top of the data).
    Handover {
        /// The shift's start.
        since: chrono::DateTime<chrono::Utc>,
        /// The scope it covers, as the API spells it (`county:3`; `None`: the top of the data).
        scope: Option<String>,
    },
}

impl View {
    /// A problem queue without filters.
    pub fn problems(park: Option<NamedRef>, escalated: bool) -> View {
        View::Problems { park, escalated, filter: ProblemFilter::default() }
    }

    /// Whether `other` is the same place as this view: the same screen of the same thing (a
    /// problem, enterprise or officer by its id, whatever name it was opened with).
    pub fn same_place(&self, other: &View) -> bool {
        match (self, other) {
            (View::Problem(a), View::Problem(b))
            | (View::Enterprise(a), View::Enterprise(b))
            | (View::Officer(a), View::Officer(b)) => a.id == b.id,
            _ => self == other,
        }
    }

    /// Whether the view's data comes from a fetch of its own (not the dashboard).
    pub fn needs_fetch(&self) -> bool {
        !matches!(self, View::Dashboard | View::Parks | View::Units | View::Place(_) | View::Chart)
    }
}

/// Selection, scroll, filter and sort of one table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Nav {
    /// Selected row (index among the shown rows).
    pub selected: usize,
    /// Index of the first shown row (the scroll position).
    pub offset: usize,
    /// Filter text (rows not matching are hidden).
    pub filter: String,
    /// Sort column and descending, or the view's own order.
    pub sort: Option<(usize, bool)>,
    /// Key of the selected row, to keep it selected when data moves.
    pub selected_key: Option<String>,
    /// `End` was pressed on a list with more pages: each page that arrives moves the
    /// selection to the last row and asks for the next, until the end (any key stops it).
    pub to_end: bool,
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
    /// Why the last fetch of its data failed (404, 403 …); `None` once data arrives.
    pub error: Option<String>,
    /// The dashboard pane whose row opened it, when it was opened so (the breadcrumb names
    /// the pane between the dashboard and it); `None` for a screen opened by name or key.
    pub from_pane: Option<Pane>,
}

impl Screen {
    /// A new screen, not yet loaded.
    pub fn new(view: View) -> Screen {
        Screen { view, nav: Nav::default(), data: None, error: None, from_pane: None }
    }
}

/// The data of a drill-down view, as fetched.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ViewData {
    /// A problem queue, most urgent first, as far as it is loaded.
    Problems(ProblemList),
    /// Enterprises of a park, in the server's order, as far as they are loaded.
    Enterprises(Paged<Enterprise>),
    /// Officers of a park or unit, in the server's order, as far as they are loaded.
    Officers(Paged<Officer>),
    /// One enterprise with its reports of the last 14 days and its problems.
    Enterprise(Box<EnterpriseDetail>),
    /// One officer with their check-ins and reports, newest first.
    Officer(Box<OfficerDetail>),
    /// One problem and its timeline.
    Problem(Box<Problem>, Vec<TimelineEvent>),
    /// The shift handover.
    Handover(Box<crate::api::types::Handover>),
}

/// A screen reached by name: the palette's `:NAME`, the snapshot's `--view NAME` and the
/// keymap's `action = "NAME"` are the same word, from [`Place::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// The live panes.
    Dashboard,
    /// The whole unresolved problem queue.
    Problems,
    /// The escalated queue (level ≥ 1, not resolved, most urgent first).
    Escalated,
    /// Every park's figures.
    Parks,
    /// Every dispatching unit's figures.
    Units,
    /// The two-week chart of the dashboard's scope.
    Chart,
}

impl Place {
    /// Every place, in the palette's order.
    pub const ALL: [Place; 6] =
        [Place::Problems, Place::Escalated, Place::Parks, Place::Units, Place::Chart, Place::Dashboard];

    /// Its one name, as typed after `:`, given to `--view` and written in a keymap's `action`.
    pub fn name(self) -> &'static str {
        match self {
            Place::Dashboard => "dashboard",
            Place::Problems => "problems",
            Place::Escalated => "escalated",
            Place::Parks => "parks",
            Place::Units => "units",
            Place::Chart => "chart",
        }
    }

    /// The place of a name.
    pub fn parse(name: &str) -> Option<Place> {
        Place::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The view it opens.
    pub fn view(self) -> View {
        match self {
            Place::Dashboard => View::Dashboard,
            Place::Problems => View::problems(None, false),
            Place::Escalated => View::problems(None, true),
            Place::Parks => View::Parks,
            Place::Units => View::Units,
            Place::Chart => View::Chart,
        }
    }
}

/// The rows of a problem queue the console holds, with the server's count of every problem
/// that matches (`total`), which is more than the rows until every page is loaded: the summary
/// says both, never the rows' count as if it were the queue's.
pub(crate) type ProblemList = Paged<Problem>;

/// A list that pages: a screen's list (by its view) or the dashboard's overdue reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ListRef {
    /// The list of a problem, enterprise or officer view.
    View(View),
    /// The overdue reports (the fourth pane) of the dashboard's scope (`None`: the top) and
    /// day (`None`: today's latest, else the past day viewed).
    Overdue(Option<Scope>, Option<chrono::NaiveDate>),
}

/// The rows of one page, of whichever list asked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PageRows {
    /// Problems, in the queue's order.
    Problems(Vec<Problem>),
    /// Enterprises of a park.
    Enterprises(Vec<Enterprise>),
    /// Officers of a park or unit.
    Officers(Vec<Officer>),
    /// Overdue reports, longest first.
    Overdue(Vec<OverdueReport>),
}

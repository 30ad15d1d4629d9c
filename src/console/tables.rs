//! Tables as data: every pane and list view is turned into a [`Table`] of text cells with
//! meaning-bearing tones, sort keys and the view each row opens. Filter and sort work on this
//! model, so they are the same everywhere and testable without a terminal.
//!
//! This file picks the table of a pane or screen; the builders are in the submodules.

pub(crate) mod context;
mod dashboard;
mod details;
pub(crate) mod filter;
mod lists;
mod overview;
pub(crate) mod table;

pub(crate) use context::TableContext;
pub(crate) use filter::shown;
pub(crate) use table::{Col, Table, Tone};

use crate::console::model::pane::PaneTable;
use crate::console::model::{Nav, Pane, Screen, State, View, ViewData};

/// Which table of the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableRef {
    /// A pane of the dashboard.
    Pane(Pane),
    /// The top screen's table.
    Top,
}

/// The table in view: the focused pane on the dashboard, else the top screen's.
pub(crate) fn current(state: &State) -> TableRef {
    if state.top().view == View::Dashboard { TableRef::Pane(state.focus) } else { TableRef::Top }
}

/// The table a reference points to.
pub(crate) fn table(state: &State, r: TableRef) -> Table {
    match r {
        TableRef::Pane(p) => pane_table(state, state.pane_table(p)),
        TableRef::Top => screen_table(state, state.top()),
    }
}

/// The table of a screen: its builder with the state's context and the screen's data.
pub(crate) fn screen_table(state: &State, s: &Screen) -> Table {
    let cx = TableContext::of(state);
    match (&s.view, &s.data, &state.dash) {
        (View::Dashboard, _, _) => pane_table(state, state.pane_table(state.focus)),
        (View::Parks, _, Some(d)) => overview::parks(&cx, d),
        (View::Units, _, Some(d)) => overview::units(&cx, d),
        (View::Parks | View::Units, _, None) | (_, None, _) => Table::default(),
        (_, Some(ViewData::Problems(p)), _) => lists::problems(&cx, p),
        (_, Some(ViewData::Enterprises(e)), _) => lists::enterprises(&cx, e),
        (_, Some(ViewData::Officers(o)), _) => lists::officers(&cx, o),
        (_, Some(ViewData::Enterprise(e)), _) => details::enterprise(&cx, e),
        (_, Some(ViewData::Officer(o)), _) => details::officer(&cx, o),
        (_, Some(ViewData::Problem(p, t)), _) => details::problem(&cx, p, t),
    }
}

/// The table of a pane table (its navigation is `State::panes[table.slot()]`); empty until
/// the first dashboard arrives.
pub(crate) fn pane_table(state: &State, table: PaneTable) -> Table {
    let Some(d) = &state.dash else { return Table::default() };
    match state.scope_parks() {
        Some(parks) => {
            let overdue: Vec<_> = state.overdue.iter().filter(|o| parks.contains(&o.park.id)).cloned().collect();
            dashboard::pane_table(&TableContext::of(state), d, &overdue, table)
        }
        None => dashboard::pane_table(&TableContext::of(state), d, &state.overdue, table),
    }
}

/// The navigation of a table.
pub(crate) fn nav(state: &State, r: TableRef) -> &Nav {
    match r {
        TableRef::Pane(p) => &state.panes[state.pane_table(p).slot()],
        TableRef::Top => &state.top().nav,
    }
}

//! Tables as data: every pane and list view is turned into a [`Table`] of text cells with
//! meaning-bearing tones, sort keys and the view each row opens. Filter and sort work on this
//! model, so they are the same everywhere and testable without a terminal.
//!
//! This file picks the table of a pane or screen and the window of rows a list builds (those
//! that can be on screen around the scroll position and the selection); the builders are in
//! the submodules.

pub(crate) mod chart;
pub(crate) mod context;
mod dashboard;
pub(crate) mod details;
pub(crate) mod filter;
mod handover;
mod lists;
mod overview;
pub(crate) mod summary;
pub(crate) mod table;

pub(crate) use context::TableContext;
pub(crate) use filter::{needs_every_row, shown};
pub(crate) use table::{Col, Table, Tone};

use crate::console::model::pane::PaneTable;
use std::ops::Range;

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

/// The positions of a list's order that can be on screen: from the scroll position (or the
/// selection, if above it) for a terminal's height past the lower of the two; every position
/// when a filter or sort must see all rows.
pub(crate) fn window(nav: &Nav, height: u16) -> Range<usize> {
    if needs_every_row(nav) {
        return 0..usize::MAX;
    }
    let (lo, hi) = (nav.offset.min(nav.selected), nav.offset.max(nav.selected));
    lo..hi + usize::from(height) + 1
}

/// The table of a screen: its builder with the state's context and the screen's data.
pub(crate) fn screen_table(state: &State, s: &Screen) -> Table {
    screen_table_in(state, s, &window(&s.nav, state.size.1))
}

/// The table of a screen with every row built (to find a row that moved out of the window).
fn screen_table_in(state: &State, s: &Screen, w: &Range<usize>) -> Table {
    let cx = TableContext::of(state);
    match (&s.view, &s.data, &state.dash) {
        (View::Dashboard, _, _) => pane_table(state, state.pane_table(state.focus)),
        (View::Parks, _, Some(d)) => overview::parks(&cx, d),
        (View::Units, _, Some(d)) => overview::units(&cx, d),
        (View::Chart, _, Some(d)) => chart::chart(&cx, d),
        (View::Parks | View::Units | View::Chart, _, None) | (_, None, _) => Table::default(),
        (_, Some(ViewData::Problems(p)), _) => lists::problems(&cx, p, w),
        (_, Some(ViewData::Enterprises(e)), _) => lists::enterprises(&cx, e, w),
        (_, Some(ViewData::Officers(o)), _) => lists::officers(&cx, o, w),
        (_, Some(ViewData::Enterprise(e)), _) => details::enterprise(&cx, e),
        (_, Some(ViewData::Officer(o)), _) => details::officer(&cx, o),
        (_, Some(ViewData::Problem(p, t)), _) => details::problem(&cx, p, t),
        (_, Some(ViewData::Handover(h)), _) => handover::table(&cx, h),
    }
}

/// The table of a pane table (its navigation is `State::panes[table.slot()]`); empty until
/// the first dashboard arrives.
pub(crate) fn pane_table(state: &State, table: PaneTable) -> Table {
    pane_table_in(state, table, &window(&state.panes[table.slot()], state.size.1))
}

fn pane_table_in(state: &State, table: PaneTable, w: &Range<usize>) -> Table {
    match &state.dash {
        // The overdue list is the scope's: the poller asks the server for the scope's reports.
        Some(d) => dashboard::pane_table(&TableContext::of(state), d, &state.overdue, table, w),
        None => Table::default(),
    }
}

/// A pane table with every row built (see [`whole_table`]).
pub(crate) fn pane_table_whole(state: &State, table: PaneTable) -> Table {
    pane_table_in(state, table, &(0..usize::MAX))
}

/// The table a reference points to with every row built: for finding a row by its key when it
/// is not in the window (rare: the selected row moved far while data changed).
pub(crate) fn whole_table(state: &State, r: TableRef) -> Table {
    match r {
        TableRef::Pane(p) => pane_table_whole(state, state.pane_table(p)),
        TableRef::Top => screen_table_in(state, state.top(), &(0..usize::MAX)),
    }
}

/// The navigation of a table.
pub(crate) fn nav(state: &State, r: TableRef) -> &Nav {
    match r {
        TableRef::Pane(p) => &state.panes[state.pane_table(p).slot()],
        TableRef::Top => &state.top().nav,
    }
}

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
mod overdue;
mod overview;
pub(crate) mod summary;
pub(crate) mod table;
pub(crate) mod timeline;

pub(crate) use context::TableContext;
pub(crate) use filter::{needs_every_row, shown};
pub(crate) use table::{Col, Row, Table, Tone, Value};

use crate::console::model::pane::PaneTable;
use std::ops::Range;

use crate::api::types::{Dashboard, OverdueReport};
use crate::console::model::{Nav, Paged, Pane, Screen, State, View, ViewData};

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

/// The data a table is built from: what the console shows and what an export writes use the
/// same builders, so their columns are one list.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TableData<'a> {
    /// A pane table of the dashboard (the overdue one with its list of reports).
    Pane(&'a Dashboard, &'a Paged<OverdueReport>, PaneTable),
    /// Every place one level down of the dashboard's scope (`:parks`).
    Parks(&'a Dashboard),
    /// Every dispatching unit (`:units`).
    Units(&'a Dashboard),
    /// The scope's two-week chart's table of days (`:chart`).
    Chart(&'a Dashboard),
    /// A drill-down view's data: a list or a record.
    View(&'a ViewData),
}

/// Builds the table of `data` with the rows of `window` (every row of a table that is not
/// windowed).
pub(crate) fn build(cx: &TableContext, data: TableData, w: &Range<usize>) -> Table {
    match data {
        TableData::Pane(d, overdue, table) => pane_of(cx, d, overdue, table, w),
        TableData::Parks(d) => overview::parks(cx, d),
        TableData::Units(d) => overview::units(cx, d),
        TableData::Chart(d) => chart::chart(cx, d),
        TableData::View(ViewData::Problems(p)) => lists::problems(cx, p, w),
        TableData::View(ViewData::Enterprises(e)) => lists::enterprises(cx, e, w),
        TableData::View(ViewData::Officers(o)) => lists::officers(cx, o, w),
        TableData::View(ViewData::Enterprise(e)) => details::enterprise(cx, e),
        TableData::View(ViewData::Officer(o)) => details::officer(cx, o),
        TableData::View(ViewData::Problem(p, t)) => details::problem(cx, p, t),
        TableData::View(ViewData::Handover(h)) => handover::table(cx, h),
    }
}

/// The table of a screen with every row built (to find a row that moved out of the window).
fn screen_table_in(state: &State, s: &Screen, w: &Range<usize>) -> Table {
    let cx = TableContext::of(state);
    match (&s.view, &s.data, &state.dash) {
        (View::Dashboard, _, _) => pane_table(state, state.pane_table(state.focus)),
        (View::Parks, _, Some(d)) => build(&cx, TableData::Parks(d), w),
        (View::Units, _, Some(d)) => build(&cx, TableData::Units(d), w),
        (View::Chart, _, Some(d)) => build(&cx, TableData::Chart(d), w),
        (View::Parks | View::Units | View::Chart, _, None) | (_, None, _) => Table::default(),
        (_, Some(data), _) => build(&cx, TableData::View(data), w),
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
        Some(d) => build(&TableContext::of(state), TableData::Pane(d, &state.overdue, table), w),
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

/// The pane list is `model::pane::PANES`.
/// The table builder of each pane table; the overdue list builds only the rows in `window`.
fn pane_of(
    cx: &TableContext,
    d: &Dashboard,
    overdue_list: &Paged<OverdueReport>,
    table: PaneTable,
    window: &Range<usize>,
) -> Table {
    match table {
        PaneTable::Rtw => dashboard::rtw(cx, d),
        PaneTable::OpenProblems => dashboard::problems(cx, d),
        PaneTable::AttendanceByPark => dashboard::attendance_parks(cx, d),
        PaneTable::AttendanceByUnit => dashboard::attendance_units(cx, d),
        PaneTable::Overdue => overdue::overdue(cx, d, overdue_list, window),
    }
}

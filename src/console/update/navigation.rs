//! Moving around, the helpers every key handler shares: opening a screen, the selection of
//! a table (kept on its row by key when data moves), paging, and quitting.

use crate::api::types::{PlaceRef, Scope};
use crate::console::message::Effect;
use crate::console::model::pane::PaneTable;
use crate::console::model::{Modal, Nav, Place, Screen, State, View, ViewData};
use crate::console::tables::{self, TableRef};

/// Opens a view on top. A view already on the path is jumped back to (the screens above it
/// closed, its selection kept) rather than opened again, so the path never holds a place
/// twice; the view on top opens nothing.
pub(crate) fn push(s: &mut State, view: View) -> Vec<Effect> {
    if let Some(at) = s.stack.iter().position(|sc| sc.view.same_place(&view)) {
        if at + 1 == s.stack.len() {
            return Vec::new();
        }
        s.stack.truncate(at + 1);
        let v = s.top().view.clone();
        return vec![Effect::Watch(v.needs_fetch().then_some(v))];
    }
    let fetch = view.needs_fetch().then(|| view.clone());
    s.stack.push(Screen::new(view));
    vec![Effect::Watch(fetch)]
}

/// Opens the view a row of the dashboard's pane stands for, as the first screen over the
/// dashboard, remembering the pane (the breadcrumb shows it).
pub(crate) fn open_from_pane(s: &mut State, view: View) -> Vec<Effect> {
    let pane = s.focus;
    let fx = push(s, view);
    if s.stack.len() == 2 {
        s.stack[1].from_pane = Some(pane);
    }
    fx
}

/// The navigation of table `r`, to change.
pub(super) fn nav_mut(s: &mut State, r: TableRef) -> &mut Nav {
    match r {
        TableRef::Pane(p) => {
            let i = s.pane_table(p).slot();
            &mut s.panes[i]
        }
        TableRef::Top => &mut s.stack.last_mut().expect("dashboard").nav,
    }
}

/// Rows a page holds at the current size (an estimate; the view clamps the scroll).
pub(crate) fn page_rows(s: &State) -> usize {
    let h = s.size.1 as usize;
    let rows = if s.top().view == View::Dashboard && s.wide() {
        (h.saturating_sub(2) / 2).saturating_sub(4)
    } else {
        h.saturating_sub(6)
    };
    rows.max(1)
}

/// Moves the selection of table `r` to `to(selected, shown)`, scrolling to keep it in view.
pub(super) fn select(s: &mut State, r: TableRef, to: impl FnOnce(usize, usize) -> usize) {
    let t = tables::table(s, r);
    let shown = tables::shown(&t, tables::nav(s, r));
    let page = page_rows(s);
    let n = &mut *nav_mut(s, r);
    if shown.is_empty() {
        n.selected = 0;
        n.offset = 0;
        return;
    }
    n.selected = to(n.selected.min(shown.len() - 1), shown.len()).min(shown.len() - 1);
    if n.selected < n.offset {
        n.offset = n.selected;
    } else if n.selected >= n.offset + page {
        n.offset = n.selected + 1 - page;
    }
    let at = shown[n.selected];
    // A windowed list built the rows around the old selection: the new one's key comes from
    // the window around it.
    let key = match t.row(at) {
        Some(row) => Some(row.key.clone()),
        None => tables::table(s, r).row(at).map(|row| row.key.clone()),
    };
    nav_mut(s, r).selected_key = key;
}

/// Re-finds each selected row by its key after data changed, and clamps.
pub(super) fn resync(s: &mut State) {
    for table in PaneTable::all() {
        let t = tables::pane_table(s, table);
        let i = table.slot();
        let shown = tables::shown(&t, &s.panes[i]);
        let whole = || tables::pane_table_whole(s, table);
        let n = refind(&s.panes[i], &t, &shown, whole);
        s.panes[i] = n;
    }
    let top = s.top();
    let t = tables::screen_table(s, top);
    let shown = tables::shown(&t, &top.nav);
    let n = refind(&top.nav, &t, &shown, || tables::whole_table(s, TableRef::Top));
    s.stack.last_mut().expect("dashboard").nav = n;
}

/// The navigation with the selection on the row of its key (looked for in the window first,
/// among every row only when it moved out of the window), clamped to the rows shown.
fn refind(nav: &Nav, t: &tables::Table, shown: &[usize], whole: impl FnOnce() -> tables::Table) -> Nav {
    let mut n = nav.clone();
    if let Some(k) = &n.selected_key {
        let found = shown.iter().position(|&i| t.row(i).is_some_and(|r| &r.key == k));
        let found = match found {
            None if t.rows.len() < t.len() => {
                let all = whole();
                shown.iter().position(|&i| all.row(i).is_some_and(|r| &r.key == k))
            }
            found => found,
        };
        if let Some(pos) = found {
            n.selected = pos;
        }
    }
    n.selected = n.selected.min(shown.len().saturating_sub(1));
    n.offset = n.offset.min(n.selected);
    n
}

/// Scopes the dashboard to `scope` (a city's counties, a county's parks): the panes start at
/// their first row and the poller asks for the new scope at once. The figures shown stay until
/// the new ones arrive (their `path` names what they cover).
pub(crate) fn rescope(s: &mut State, scope: Option<Scope>) -> Vec<Effect> {
    if scope.is_none() || scope == s.scope {
        return Vec::new();
    }
    s.scope = scope;
    s.stack.truncate(1);
    for n in &mut s.panes {
        *n = Nav::default();
    }
    vec![Effect::Scope(scope), Effect::Watch(None)]
}

/// Goes one level up from the dashboard's scope (a county to its city, a city to the
/// province), by the path of the figures shown; nothing at the top of the data.
pub(crate) fn scope_up(s: &mut State) -> Vec<Effect> {
    let parent = s.dash.as_ref().and_then(|d| d.path.iter().rev().nth(1)).and_then(PlaceRef::scope);
    rescope(s, parent)
}

/// The user asks to quit: at once, or, with actions awaiting an answer, after asking.
pub(crate) fn quit(s: &mut State) -> Vec<Effect> {
    if s.inflight.is_empty() {
        return quit_now(s);
    }
    s.modal = Modal::Quit { yes: false };
    Vec::new()
}

/// Ends the console.
pub(crate) fn quit_now(s: &mut State) -> Vec<Effect> {
    s.quit = true;
    vec![Effect::Quit]
}

/// Opens a place by its name's meaning, from wherever the user is, as the first screen over
/// the dashboard (`Dashboard › Escalated`): the path starts again, or, when the place is
/// already that first screen, goes back to it. The escalated queue shows at once from the
/// poller's copy, its first row selected; the dashboard is the bottom of the stack.
pub(crate) fn go(s: &mut State, place: Place) -> Vec<Effect> {
    if place == Place::Dashboard {
        s.stack.truncate(1);
        return vec![Effect::Watch(None)];
    }
    let view = place.view();
    if s.stack.get(1).is_some_and(|sc| sc.view == view && sc.from_pane.is_none()) {
        if s.stack.len() == 2 {
            return Vec::new();
        }
        s.stack.truncate(2);
        return vec![Effect::Watch(view.needs_fetch().then_some(view))];
    }
    s.stack.truncate(1);
    let fx = push(s, view.clone());
    if place == Place::Escalated
        && let Some(list) = s.escalated.clone()
    {
        let sc = s.stack.last_mut().expect("dashboard");
        if sc.view == view && sc.data.is_none() {
            sc.data = Some(ViewData::Problems(list));
            sc.nav.selected = 0;
        }
    }
    fx
}

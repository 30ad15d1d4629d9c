//! Lists loaded page by page around what is on screen: the next page is asked for when the
//! selection comes within two screens of the end of what is loaded, `End` walks to the end
//! page by page (the selection follows each page as it arrives; any other key stops it), and
//! a page that arrives is appended to the list that waits on its cursor.

use crate::console::message::Effect;
use crate::console::model::banners::Cause;
use crate::console::model::pane::PaneTable;
use crate::console::model::{ListRef, PageRows, Pane, State, ViewData};
use crate::console::tables::{self, TableRef};

use super::navigation::{nav_mut, page_rows, resync, select};

/// The paged list behind table `r`: which list, and its next cursor and "asked" flag.
fn cursor_mut(s: &mut State, r: TableRef) -> Option<(ListRef, Option<String>, &mut bool)> {
    match r {
        TableRef::Pane(p) if s.pane_table(p) == PaneTable::Overdue => {
            Some((ListRef::Overdue(s.scope, s.date), s.overdue.next.clone(), &mut s.overdue.asked))
        }
        TableRef::Pane(_) => None,
        TableRef::Top => {
            let sc = s.stack.last_mut()?;
            let list = ListRef::View(sc.view.clone());
            match &mut sc.data {
                Some(ViewData::Problems(p)) => Some((list, p.next.clone(), &mut p.asked)),
                Some(ViewData::Enterprises(e)) => Some((list, e.next.clone(), &mut e.asked)),
                Some(ViewData::Officers(o)) => Some((list, o.next.clone(), &mut o.asked)),
                _ => None,
            }
        }
    }
}

/// Asks for the next page of table `r`'s list, unless it is loaded to the end or a request
/// for that page is already out.
fn more(s: &mut State, r: TableRef) -> Vec<Effect> {
    match cursor_mut(s, r) {
        Some((list, Some(cursor), asked)) if !*asked => {
            *asked = true;
            vec![Effect::LoadPage { list, cursor }]
        }
        _ => Vec::new(),
    }
}

/// After the selection of table `r` moved: the next page when the selection is within two
/// screens of the last row loaded.
pub(super) fn near_end(s: &mut State, r: TableRef) -> Vec<Effect> {
    let t = tables::table(s, r);
    let shown = tables::shown(&t, tables::nav(s, r)).len();
    if tables::nav(s, r).selected + 2 * page_rows(s) < shown {
        return Vec::new();
    }
    more(s, r)
}

/// `End`: the last row loaded, and, while the list has more, every further page in turn.
pub(super) fn to_end(s: &mut State, r: TableRef) -> Vec<Effect> {
    select(s, r, |_, n| n - 1);
    let fx = more(s, r);
    let walking = cursor_mut(s, r).is_some_and(|(_, next, _)| next.is_some());
    nav_mut(s, r).to_end = walking;
    fx
}

/// The table showing a list, if one does.
fn table_of(s: &State, list: &ListRef) -> Option<TableRef> {
    match list {
        ListRef::Overdue(..) => Some(TableRef::Pane(Pane::of_table(PaneTable::Overdue))),
        ListRef::View(v) => (s.top().view == *v).then_some(TableRef::Top),
    }
}

/// A page arrived: appended to the list waiting on its cursor (a page for another cursor, or
/// for a list no longer held, is dropped); a walk to the end moves on.
pub(super) fn arrived(s: &mut State, list: ListRef, cursor: &str, rows: PageRows, next: Option<String>) -> Vec<Effect> {
    s.banners.lower(|c| *c == Cause::Page(list.clone()));
    let appended = match (&list, rows) {
        // A page of another scope's or day's list is not this one's.
        (ListRef::Overdue(scope, date), PageRows::Overdue(rows)) if (*scope, *date) == (s.scope, s.date) => {
            s.overdue.append(cursor, rows, next)
        }
        (ListRef::View(v), rows) => {
            let mut appended = false;
            for sc in s.stack.iter_mut().filter(|sc| sc.view == *v) {
                appended |= match (&mut sc.data, rows.clone()) {
                    (Some(ViewData::Problems(p)), PageRows::Problems(r)) => p.append(cursor, r, next.clone()),
                    (Some(ViewData::Enterprises(e)), PageRows::Enterprises(r)) => e.append(cursor, r, next.clone()),
                    (Some(ViewData::Officers(o)), PageRows::Officers(r)) => o.append(cursor, r, next.clone()),
                    _ => false,
                };
            }
            appended
        }
        _ => false,
    };
    if !appended {
        return Vec::new();
    }
    resync(s);
    match table_of(s, &list) {
        Some(r) if tables::nav(s, r).to_end => to_end(s, r),
        Some(r) => near_end(s, r),
        None => Vec::new(),
    }
}

/// A page could not be fetched: the list may ask again, a walk to the end stops, and a banner
/// says why until the list loads again (or a whole poll succeeds).
pub(super) fn failed(s: &mut State, list: ListRef, error: String) {
    match &list {
        ListRef::Overdue(..) => s.overdue.asked = false,
        ListRef::View(v) => {
            for sc in s.stack.iter_mut().filter(|sc| sc.view == *v) {
                match &mut sc.data {
                    Some(ViewData::Problems(p)) => p.asked = false,
                    Some(ViewData::Enterprises(e)) => e.asked = false,
                    Some(ViewData::Officers(o)) => o.asked = false,
                    _ => {}
                }
            }
        }
    }
    if let Some(r) = table_of(s, &list) {
        nav_mut(s, r).to_end = false;
    }
    let text = format!("{}: {error}", s.lang.t("msg.page_failed"));
    s.banners.raise(Cause::Page(list), text);
}

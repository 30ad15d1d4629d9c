//! The keys of the screens (the normal layer): moving the selection, panes, drill-down and
//! back, filter, sort, the palette, the queues (`E`, `P`, `U`), freeze, refresh and help.

use crate::console::message::Effect;
use crate::console::model::keymap::KeyAction;
use crate::console::model::pane::PaneTable;
use crate::console::model::{Modal, Pane, Place, State, TextInput, View};
use crate::console::tables::{self, current};

use super::incoming::toggle_freeze;
use super::navigation::{go, nav_mut, open_from_pane, page_rows, push, quit, rescope, scope_up, select};
use super::{paging, triage};

/// Carries out a screen key (the normal layer).
pub(super) fn screen_action(s: &mut State, a: KeyAction) -> Vec<Effect> {
    let r = current(s);
    let page = page_rows(s);
    let on_dash = s.top().view == View::Dashboard;
    // A walk to the end (`End`) stops at any other key.
    nav_mut(s, r).to_end = false;
    match a {
        KeyAction::Up => select(s, r, |i, _| i.saturating_sub(1)),
        KeyAction::Down => {
            select(s, r, |i, _| i + 1);
            return paging::near_end(s, r);
        }
        KeyAction::PageUp => select(s, r, |i, _| i.saturating_sub(page)),
        KeyAction::PageDown => {
            select(s, r, |i, _| i + page);
            return paging::near_end(s, r);
        }
        KeyAction::Top => select(s, r, |_, _| 0),
        KeyAction::Bottom => return paging::to_end(s, r),
        KeyAction::NextPane if on_dash => s.focus = s.focus.next(),
        KeyAction::PrevPane if on_dash => s.focus = s.focus.prev(),
        KeyAction::Pane(i) => {
            if let Some(pane) = Pane::nth(usize::from(i)) {
                let fx = go(s, Place::Dashboard);
                s.focus = pane;
                return fx;
            }
        }
        KeyAction::ToggleUnits if on_dash => {
            s.by_unit = !s.by_unit;
            s.focus = Pane::of_table(PaneTable::AttendanceByUnit);
        }
        KeyAction::Open => {
            let t = tables::table(s, r);
            let shown = tables::shown(&t, tables::nav(s, r));
            let sel = tables::nav(s, r).selected;
            match shown.get(sel).and_then(|&i| t.row(i)).and_then(|row| row.target.clone()) {
                Some(View::Place(place)) => return rescope(s, place.scope()),
                Some(target) if on_dash => return open_from_pane(s, target),
                Some(target) => return push(s, target),
                None => {}
            }
        }
        KeyAction::Back => {
            if !tables::nav(s, r).filter.is_empty() {
                nav_mut(s, r).filter.clear();
            } else if s.stack.len() > 1 {
                s.stack.pop();
                let v = s.top().view.clone();
                return vec![Effect::Watch(v.needs_fetch().then_some(v))];
            } else {
                return scope_up(s);
            }
        }
        KeyAction::Filter => {
            let input = TextInput::from(tables::nav(s, r).filter.as_str());
            s.modal = Modal::Filter { input };
        }
        KeyAction::Sort => {
            let cols = tables::table(s, r).cols.len();
            let n = nav_mut(s, r);
            n.sort = match n.sort {
                None if cols > 0 => Some((0, false)),
                Some((c, d)) if c + 1 < cols => Some((c + 1, d)),
                _ => None,
            };
        }
        KeyAction::SortReverse => {
            let n = nav_mut(s, r);
            n.sort = Some(n.sort.map_or((0, true), |(c, d)| (c, !d)));
        }
        KeyAction::Palette => s.modal = Modal::Palette { input: TextInput::default(), selected: 0 },
        KeyAction::Alerts => triage::open_alerts(s),
        KeyAction::Handover => return super::handover::open(s, "").unwrap_or_default(),
        KeyAction::Go(place) => return go(s, place),
        KeyAction::DayBack => return super::days::step(s, -1),
        KeyAction::DayForward => return super::days::step(s, 1),
        KeyAction::Freeze => return toggle_freeze(s),
        KeyAction::Refresh => return vec![Effect::Refresh],
        KeyAction::Redraw => return vec![Effect::ClearScreen],
        KeyAction::Help => s.modal = Modal::Help { scroll: 0 },
        KeyAction::Copy => return super::find_copy::copy(s),
        KeyAction::Quit => return quit(s),
        _ => {}
    }
    Vec::new()
}

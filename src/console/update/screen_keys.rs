//! The keys of the screens (the normal layer): moving the selection, panes, drill-down and
//! back, filter, sort, the palette, the queues (`E`, `P`, `U`), freeze, refresh and help.

use crate::console::message::Effect;
use crate::console::model::keymap::Action;
use crate::console::model::pane::PaneTable;
use crate::console::model::{Modal, Pane, State, View};
use crate::console::tables::{self, current};

use super::incoming::toggle_freeze;
use super::navigation::{go, nav_mut, page_rows, push, quit, select};
use super::triage;

/// Carries out a screen key (the normal layer).
pub(super) fn screen_action(s: &mut State, a: Action) -> Vec<Effect> {
    let r = current(s);
    let page = page_rows(s);
    let on_dash = s.top().view == View::Dashboard;
    match a {
        Action::Up => select(s, r, |i, _| i.saturating_sub(1)),
        Action::Down => select(s, r, |i, _| i + 1),
        Action::PageUp => select(s, r, |i, _| i.saturating_sub(page)),
        Action::PageDown => select(s, r, |i, _| i + page),
        Action::Top => select(s, r, |_, _| 0),
        Action::Bottom => select(s, r, |_, n| n - 1),
        Action::NextPane if on_dash => s.focus = s.focus.next(),
        Action::PrevPane if on_dash => s.focus = s.focus.prev(),
        Action::Pane(i) => {
            if let Some(pane) = Pane::nth(usize::from(i)) {
                s.stack.truncate(1);
                s.focus = pane;
                return vec![Effect::Watch(None)];
            }
        }
        Action::ToggleUnits if on_dash => {
            s.by_unit = !s.by_unit;
            s.focus = Pane::of_table(PaneTable::AttendanceByUnit);
        }
        Action::Open => {
            let t = tables::table(s, r);
            let shown = tables::shown(&t, tables::nav(s, r));
            let sel = tables::nav(s, r).selected;
            if let Some(target) = shown.get(sel).and_then(|&i| t.rows[i].target.clone()) {
                return push(s, target);
            }
        }
        Action::Back => {
            if !tables::nav(s, r).filter.is_empty() {
                nav_mut(s, r).filter.clear();
            } else if s.stack.len() > 1 {
                s.stack.pop();
                let v = s.top().view.clone();
                return vec![Effect::Watch(v.needs_fetch().then_some(v))];
            }
        }
        Action::Filter => s.modal = Modal::Filter,
        Action::Sort => {
            let cols = tables::table(s, r).cols.len();
            let n = nav_mut(s, r);
            n.sort = match n.sort {
                None if cols > 0 => Some((0, false)),
                Some((c, d)) if c + 1 < cols => Some((c + 1, d)),
                _ => None,
            };
        }
        Action::SortReverse => {
            let n = nav_mut(s, r);
            n.sort = Some(n.sort.map_or((0, true), |(c, d)| (c, !d)));
        }
        Action::Palette => s.modal = Modal::Palette { input: String::new(), selected: 0 },
        Action::Alerts => triage::open_alerts(s),
        Action::Go(place) => return go(s, place),
        Action::Freeze => return toggle_freeze(s),
        Action::Refresh => return vec![Effect::Refresh],
        Action::Redraw => return vec![Effect::ClearScreen],
        Action::Help => s.modal = Modal::Help { scroll: 0 },
        Action::Quit => return quit(s),
        _ => {}
    }
    Vec::new()
}

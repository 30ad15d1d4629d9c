//! Fresh data arriving (dashboard figures, a view's rows): applied at once, or held while the
//! view is frozen and applied on resume (only the latest of each kind is kept).

use crate::console::message::Effect;
use crate::console::model::{Frozen, Held, State, ViewData};

use super::changes::refresh_rows;
use super::navigation::resync;

/// Applies fresh data, or holds it while frozen.
pub(super) fn hold_or_apply(s: &mut State, data: Held) -> Vec<Effect> {
    if let Some(f) = &mut s.frozen {
        // Keep only the latest of each kind.
        f.held.retain(|h| match (h, &data) {
            (Held::Figures(_), Held::Figures(_)) => false,
            (Held::View { view: a, .. }, Held::View { view: b, .. }) => a != b,
            _ => true,
        });
        f.held.push(data);
        return Vec::new();
    }
    apply(s, data)
}

fn apply(s: &mut State, data: Held) -> Vec<Effect> {
    let mut fx = Vec::new();
    match data {
        Held::Figures(f) => {
            let (dash, overdue) = *f;
            let before = s.dash.as_ref().map(|d| d.totals.problems.escalated);
            if s.bell && before.is_some_and(|b| dash.totals.problems.escalated > b) {
                fx.push(Effect::Bell);
            }
            s.dash = Some(dash);
            if let Some(list) = overdue {
                s.overdue = list;
            }
        }
        Held::View { view, data } => {
            for sc in s.stack.iter_mut().filter(|sc| sc.view == view) {
                match (&mut sc.data, (*data).clone()) {
                    (Some(ViewData::Enterprises(held)), ViewData::Enterprises(fresh)) => {
                        refresh_rows(held, fresh, |e| e.id);
                    }
                    (Some(ViewData::Officers(held)), ViewData::Officers(fresh)) => refresh_rows(held, fresh, |o| o.id),
                    (slot, fresh) => *slot = Some(fresh),
                }
                sc.error = None;
            }
        }
    }
    resync(s);
    fx
}

/// Freezes or resumes; resuming applies what arrived meanwhile.
pub(crate) fn toggle_freeze(s: &mut State) -> Vec<Effect> {
    match s.frozen.take() {
        None => {
            s.frozen = Some(Frozen { since: s.now, held: Vec::new() });
            Vec::new()
        }
        Some(f) => f.held.into_iter().flat_map(|h| apply(s, h)).collect(),
    }
}

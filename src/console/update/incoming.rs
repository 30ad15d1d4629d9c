//! Fresh data arriving (dashboard figures, a view's rows, changed problems): applied at once,
//! or held while the view is frozen and applied on resume, in the order it arrived (only the
//! latest of each kind is kept; changed problems are folded together).

use crate::console::message::Effect;
use crate::console::model::{Frozen, Held, State, ViewData};

use super::changes::{merge_changed, refresh_rows};
use super::navigation::resync;

/// Applies fresh data, or holds it while frozen.
pub(super) fn hold_or_apply(s: &mut State, data: Held) -> Vec<Effect> {
    if let Some(f) = &mut s.frozen {
        hold(&mut f.held, data);
        return Vec::new();
    }
    apply(s, data)
}

/// Adds one more arrival to what is held: only the latest of the figures and of each view's
/// data is kept, and changed problems next to each other in arrival order are folded into one
/// (a problem that changed again is kept once, as it is now; each queue's latest count), so
/// what is held stays bounded however long the view stays frozen, and applying it in order
/// gives what applying every arrival at once would have given.
fn hold(held: &mut Vec<Held>, data: Held) {
    held.retain(|h| match (h, &data) {
        (Held::Figures(_), Held::Figures(_)) => false,
        (Held::View { view: a, .. }, Held::View { view: b, .. }) => a != b,
        _ => true,
    });
    held.push(data);
    let mut folded: Vec<Held> = Vec::with_capacity(held.len());
    for h in held.drain(..) {
        match (folded.last_mut(), h) {
            (Some(Held::Changed { problems, totals }), Held::Changed { problems: newer, totals: counts }) => {
                for p in newer {
                    problems.retain(|q| q.id != p.id);
                    problems.push(p);
                }
                for (view, n) in counts {
                    totals.retain(|(v, _)| *v != view);
                    totals.push((view, n));
                }
            }
            (_, h) => folded.push(h),
        }
    }
    *held = folded;
}

fn apply(s: &mut State, data: Held) -> Vec<Effect> {
    let mut fx = Vec::new();
    match data {
        Held::Figures(f) => {
            let (dash, overdue) = *f;
            // Another day's figures are not news: the bell is for the same day's rising count.
            let before = s.dash.as_ref().filter(|d| d.date == dash.date).map(|d| d.totals.problems.escalated);
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
        Held::Changed { problems, totals } => merge_changed(s, &problems, &totals),
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

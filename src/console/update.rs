//! The pure heart of the console: `update(&mut State, Msg) -> Vec<Effect>`. No IO and no
//! clock: time arrives in messages, so navigation, filter, sort, freeze, the palette and the
//! LIVE/STALE/OFFLINE transitions are unit-tested without a terminal or a network.

use crossterm::event::KeyEventKind;

use super::keymap::{Action, Key, Layer};
use super::msg::{Effect, Msg};
use super::rows::{self, TableRef};
use super::state::{Frozen, Modal, Nav, Pane, Screen, State, View};
use super::update_input as input;
use super::update_triage as triage;

/// Applies one message; returns what the run loop must do.
pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) if k.kind == KeyEventKind::Release => Vec::new(),
        Msg::Key(k) => {
            s.notices.clear();
            key(s, Key::from_event(&k))
        }
        Msg::Resize(w, h) => {
            s.size = (w, h);
            clamp_all(s);
            Vec::new()
        }
        Msg::Tick(now) => {
            s.now = now;
            if s.toast.as_ref().is_some_and(|t| t.1 <= now) {
                s.toast = None;
            }
            Vec::new()
        }
        Msg::Me(me) => {
            s.settings.apply(&me.settings);
            s.me = Some(*me);
            Vec::new()
        }
        Msg::Org(org) => {
            s.settings.apply(&org.settings);
            s.org = Some(*org);
            triage::directory(s, None);
            Vec::new()
        }
        Msg::Escalated { at, problems } => {
            s.now = s.now.max(at);
            let fx = triage::escalated(s, at, problems);
            resync(s);
            fx
        }
        Msg::Directory { officers, dept_load } => {
            triage::directory(s, Some((officers, dept_load)));
            Vec::new()
        }
        Msg::DirectoryFailed(e) => {
            s.directory.officers_asked = false;
            s.notices.push(format!("{}: {e}", s.lang.t("tri.no_directory")));
            Vec::new()
        }
        Msg::Triaged { seq, result } => {
            let fx = triage::answered(s, seq, result);
            resync(s);
            fx
        }
        Msg::Paste(text) => {
            triage::paste(s, &text);
            Vec::new()
        }
        Msg::Data { at, poll_secs, fresh } => {
            s.now = s.now.max(at);
            s.link.last_ok = Some(at);
            s.link.offline = None;
            s.link.error = None;
            if let Some(p) = poll_secs {
                s.settings.poll_secs = p.max(1);
            }
            match fresh {
                None => Vec::new(),
                Some(f) => hold_or_apply(s, Msg::Data { at, poll_secs, fresh: Some(f) }),
            }
        }
        m @ Msg::Loaded { .. } => hold_or_apply(s, m),
        Msg::ViewFailed { view, error } => {
            if let Some(sc) = s.stack.iter_mut().find(|sc| sc.view == view) {
                sc.error = Some(error);
            }
            Vec::new()
        }
        Msg::Failed { at, error, retry_at, offline } => {
            s.now = s.now.max(at);
            if offline {
                let since = s.link.offline.map_or(at, |(since, _)| since);
                s.link.offline = Some((since, retry_at));
            } else if s.link.error.as_deref() != Some(&error) {
                s.link.offline = None;
                s.notices.push(error.clone());
            }
            s.link.error = Some(error);
            Vec::new()
        }
        Msg::Theme { name, error } => {
            s.theme = name;
            s.notices.extend(error);
            Vec::new()
        }
        Msg::Quit => {
            s.quit = true;
            vec![Effect::Quit]
        }
    }
}

fn hold_or_apply(s: &mut State, m: Msg) -> Vec<Effect> {
    if let Some(f) = &mut s.frozen {
        // Keep only the latest of each kind.
        f.held.retain(|h| match (h, &m) {
            (Msg::Data { .. }, Msg::Data { .. }) => false,
            (Msg::Loaded { view: a, .. }, Msg::Loaded { view: b, .. }) => a != b,
            _ => true,
        });
        f.held.push(m);
        return Vec::new();
    }
    apply(s, m)
}

fn apply(s: &mut State, m: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match m {
        Msg::Data { fresh: Some(f), .. } => {
            let (dash, overdue) = *f;
            let before = s.dash.as_ref().map(|d| d.totals.problems.escalated);
            if s.bell && before.is_some_and(|b| dash.totals.problems.escalated > b) {
                fx.push(Effect::Bell);
            }
            s.dash = Some(dash);
            s.overdue = overdue;
        }
        Msg::Loaded { view, data, .. } => {
            for sc in s.stack.iter_mut().filter(|sc| sc.view == view) {
                sc.data = Some(data.clone());
                sc.error = None;
            }
        }
        _ => {}
    }
    resync(s);
    fx
}

/// Freezes or resumes; resuming applies what arrived meanwhile.
pub fn toggle_freeze(s: &mut State) -> Vec<Effect> {
    match s.frozen.take() {
        None => {
            s.frozen = Some(Frozen { since: s.now, held: Vec::new() });
            Vec::new()
        }
        Some(f) => f.held.into_iter().flat_map(|m| apply(s, m)).collect(),
    }
}

/// Opens a view on top (unless it is already on top).
pub fn push(s: &mut State, view: View) -> Vec<Effect> {
    if s.top().view == view {
        return Vec::new();
    }
    let fetch = view.needs_fetch().then(|| view.clone());
    s.stack.push(Screen::new(view));
    vec![Effect::Watch(fetch)]
}

pub(super) fn current(s: &State) -> TableRef {
    if s.top().view == View::Dashboard { TableRef::Pane(s.focus) } else { TableRef::Top }
}

pub(super) fn nav_mut(s: &mut State, r: TableRef) -> &mut Nav {
    match r {
        TableRef::Pane(p) => {
            let i = rows::pane_nav_index(s, p);
            &mut s.panes[i]
        }
        TableRef::Top => &mut s.stack.last_mut().expect("dashboard").nav,
    }
}

/// Rows a page holds at the current size (an estimate; the view clamps the scroll).
pub fn page_rows(s: &State) -> usize {
    let h = s.size.1 as usize;
    let rows = if s.top().view == View::Dashboard && s.wide() {
        (h.saturating_sub(2) / 2).saturating_sub(4)
    } else {
        h.saturating_sub(6)
    };
    rows.max(1)
}

pub(super) fn select(s: &mut State, r: TableRef, to: impl FnOnce(usize, usize) -> usize) {
    let t = rows::table(s, r);
    let shown = rows::shown(&t, rows::nav(s, r));
    let page = page_rows(s);
    let n = &mut *nav_mut(s, r);
    if shown.is_empty() {
        n.selected = 0;
        n.offset = 0;
        return;
    }
    n.selected = to(n.selected.min(shown.len() - 1), shown.len()).min(shown.len() - 1);
    n.selected_key = Some(t.rows[shown[n.selected]].key.clone());
    if n.selected < n.offset {
        n.offset = n.selected;
    } else if n.selected >= n.offset + page {
        n.offset = n.selected + 1 - page;
    }
}

/// Re-finds each selected row by its key after data changed, and clamps.
fn resync(s: &mut State) {
    for i in 0..s.panes.len() {
        let t = rows::nav_table(s, i);
        let shown = rows::shown(&t, &s.panes[i]);
        refind(&mut s.panes[i], &t, &shown);
    }
    let top = s.top().clone();
    let t = rows::screen_table(s, &top);
    let shown = rows::shown(&t, &top.nav);
    refind(&mut s.stack.last_mut().expect("dashboard").nav, &t, &shown);
}

fn refind(n: &mut Nav, t: &rows::Table, shown: &[usize]) {
    if let Some(k) = &n.selected_key
        && let Some(pos) = shown.iter().position(|&i| &t.rows[i].key == k)
    {
        n.selected = pos;
    }
    n.selected = n.selected.min(shown.len().saturating_sub(1));
    n.offset = n.offset.min(n.selected);
}

fn clamp_all(s: &mut State) {
    resync(s);
}

fn key(s: &mut State, k: Key) -> Vec<Effect> {
    if let Some(fx) = triage::modal_key(s, k) {
        return fx;
    }
    match s.modal.clone() {
        Modal::Help { scroll } => match s.keymap.layer(Layer::Help).action(k) {
            Some(Action::Back) => {
                s.modal = Modal::None;
                Vec::new()
            }
            Some(Action::Up) => {
                s.modal = Modal::Help { scroll: scroll.saturating_sub(1) };
                Vec::new()
            }
            Some(Action::Down) => {
                s.modal = Modal::Help { scroll: scroll + 1 };
                Vec::new()
            }
            Some(Action::Quit) => quit(s),
            _ => Vec::new(),
        },
        Modal::Filter => input::filter_key(s, k),
        Modal::Palette { input, selected } => input::palette_key(s, k, input, selected),
        Modal::None => {
            let tri = s.keymap.layer(Layer::Triage).action(k).filter(|_| triage::on_problems(s));
            match tri.or_else(|| s.keymap.layer(Layer::Normal).action(k)) {
                Some(a) if a.is_triage() => triage::triage_action(s, a),
                Some(a) => action(s, a),
                None => Vec::new(),
            }
        }
        // The triage layers were handled above.
        _ => Vec::new(),
    }
}

pub(super) fn quit(s: &mut State) -> Vec<Effect> {
    s.quit = true;
    vec![Effect::Quit]
}

fn action(s: &mut State, a: Action) -> Vec<Effect> {
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
        Action::NextPane | Action::PrevPane if on_dash => {
            let i = s.focus.index() + if a == Action::NextPane { 1 } else { 3 };
            s.focus = Pane::ALL[i % 4];
        }
        Action::Pane(i) => {
            s.stack.truncate(1);
            s.focus = Pane::ALL[i as usize % 4];
            return vec![Effect::Watch(None)];
        }
        Action::ToggleUnits if on_dash => {
            s.by_unit = !s.by_unit;
            s.focus = Pane::Attendance;
        }
        Action::Open => {
            let t = rows::table(s, r);
            let shown = rows::shown(&t, rows::nav(s, r));
            let sel = rows::nav(s, r).selected;
            if let Some(target) = shown.get(sel).and_then(|&i| t.rows[i].target.clone()) {
                return push(s, target);
            }
        }
        Action::Back => {
            if !rows::nav(s, r).filter.is_empty() {
                nav_mut(s, r).filter.clear();
            } else if s.stack.len() > 1 {
                s.stack.pop();
                let v = s.top().view.clone();
                return vec![Effect::Watch(v.needs_fetch().then_some(v))];
            }
        }
        Action::Filter => s.modal = Modal::Filter,
        Action::Sort => {
            let cols = rows::table(s, r).cols.len();
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
        Action::Escalated => {
            let view = View::problems(None, true);
            let fx = push(s, view.clone());
            // The poller keeps the escalated queue: show it at once, first row selected.
            if let Some(list) = s.escalated.clone() {
                let sc = s.stack.last_mut().expect("dashboard");
                if sc.view == view && sc.data.is_none() {
                    sc.data = Some(super::msg::ViewData::Problems(list));
                    sc.nav.selected = 0;
                }
            }
            return fx;
        }
        Action::Alerts => triage::open_alerts(s),
        Action::Problems => {
            return push(s, View::problems(None, false));
        }
        Action::Units => return push(s, View::Units),
        Action::Freeze => return toggle_freeze(s),
        Action::Refresh => return vec![Effect::Refresh],
        Action::Redraw => return vec![Effect::ClearScreen],
        Action::Help => s.modal = Modal::Help { scroll: 0 },
        Action::Quit => return quit(s),
        _ => {}
    }
    Vec::new()
}

//! The pure heart of the console: `update(&mut State, Msg) -> Vec<Effect>`. No IO and no
//! clock: time arrives in messages, so navigation, filter, sort, freeze, the palette and the
//! LIVE/STALE/OFFLINE transitions are unit-tested without a terminal or a network.
//!
//! This file routes a message (and a key, layer by layer: triage dialogs, help, filter,
//! palette, then the screens); the work is in the submodules.

pub(crate) mod changes;
pub(crate) mod days;
pub(crate) mod deadlines;
pub(crate) mod dialogs;
pub(crate) mod export;
pub(crate) mod find_copy;
pub(crate) mod handover;
pub(crate) mod incoming;
pub(crate) mod input;
pub(crate) mod navigation;
pub(crate) mod outbox;
pub(crate) mod paging;
pub(crate) mod palette;
pub(crate) mod reminders;
pub(crate) mod screen_keys;
pub(crate) mod triage;

use crossterm::event::KeyEventKind;

use crate::console::message::{Effect, Msg};
use crate::console::model::banners::Cause;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::{Held, Modal, State, View, ViewData};

pub(crate) use navigation::push;
use navigation::{quit, resync};

/// Applies one message; returns what the run loop must do.
pub(crate) fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) if k.kind == KeyEventKind::Release => Vec::new(),
        Msg::Key(k) => {
            s.notices.clear();
            s.banners.clear();
            key(s, Key::from_event(&k))
        }
        Msg::Resize(w, h) => {
            s.size = (w, h);
            resync(s);
            Vec::new()
        }
        Msg::Tick(now) => {
            s.now = now;
            if s.toast.as_ref().is_some_and(|t| t.1 <= now) {
                s.toast = None;
            }
            deadlines::tick(s, now)
        }
        Msg::Me(me) => {
            s.settings.apply(&me.settings);
            s.me = Some(*me);
            Vec::new()
        }
        Msg::Org(org) => {
            s.settings.apply(&org.settings);
            s.org = Some(*org);
            triage::rebuild_departments(s, None);
            Vec::new()
        }
        Msg::Escalated { at, problems } => {
            s.now = s.now.max(at);
            let mut fx = triage::escalated(s, at, problems.clone());
            let data = Box::new(ViewData::Problems(problems));
            fx.extend(incoming::hold_or_apply(s, Held::View { view: View::problems(None, true), data }));
            resync(s);
            fx
        }
        Msg::DepartmentLoads(loads) => {
            triage::rebuild_departments(s, Some(loads));
            Vec::new()
        }
        Msg::Officers { query, result } => {
            triage::officers_found(s, &query, result);
            Vec::new()
        }
        Msg::Triaged { key, result } => {
            let fx = triage::answered(s, key, result);
            outbox::settle(s);
            resync(s);
            fx
        }
        Msg::Outbox(news) => {
            outbox::news(s, news);
            resync(s);
            Vec::new()
        }
        Msg::Paste(text) => input::paste(s, &text),
        Msg::Exporting { path, rows, total } => {
            export::progress(s, &path, rows, total);
            Vec::new()
        }
        Msg::Exported(result) => {
            export::done(s, result);
            Vec::new()
        }
        Msg::Data { at, poll_secs, fresh } => {
            s.now = s.now.max(at);
            s.link.last_ok = Some(at);
            s.link.offline = None;
            s.link.cached = false;
            // A whole-poll failure is over; a part's failure holds until the poll ends.
            if s.link.error.as_ref().is_some_and(|e| e.part.is_none()) {
                s.link.error = None;
            }
            if let Some(p) = poll_secs {
                s.settings.poll_secs = p.max(1);
            }
            match fresh {
                None => Vec::new(),
                Some(f) => incoming::hold_or_apply(s, Held::Figures(f)),
            }
        }
        Msg::Loaded { view, data, .. } => incoming::hold_or_apply(s, Held::View { view, data: Box::new(data) }),
        Msg::Changed { at, problems, totals } => {
            s.now = s.now.max(at);
            let mut fx = deadlines::changed(s, &problems, at);
            fx.extend(changes::escalated_changed(s, at, &problems, &totals));
            fx.extend(incoming::hold_or_apply(s, Held::Changed { problems, totals }));
            fx
        }
        Msg::Page { list, cursor, rows, next } => paging::arrived(s, list, &cursor, rows, next),
        Msg::PageFailed { list, error } => {
            paging::failed(s, list, error);
            Vec::new()
        }
        Msg::ViewFailed { view, error } => {
            if let Some(sc) = s.stack.iter_mut().find(|sc| sc.view == view) {
                sc.error = Some(error);
            }
            Vec::new()
        }
        Msg::NotFound { view, error } => find_copy::not_found(s, view, error),
        Msg::Failed { at, error, retry_at } => {
            s.now = s.now.max(at);
            s.link.offline =
                if error.offline() { Some((s.link.offline.map_or(at, |(since, _)| since), retry_at)) } else { None };
            s.link.error = Some(error);
            Vec::new()
        }
        Msg::Polled { at, partial } => {
            s.now = s.now.max(at);
            s.link.offline = None;
            if partial.is_none() {
                // The API answered a whole poll: a page that failed meanwhile may be asked again.
                s.banners.lower(|c| matches!(c, Cause::Page(_)));
            }
            s.link.error = partial;
            deadlines::after_poll(s, at)
        }
        Msg::Deadlines { at, result } => {
            s.now = s.now.max(at);
            deadlines::answered(s, at, result)
        }
        Msg::Theme { name, error } => {
            s.theme = name;
            s.notices.extend(error);
            Vec::new()
        }
        Msg::RemindCount { choice, result } => reminders::counted(s, choice, result),
        Msg::Reminded { key, result } => reminders::answered(s, key, result),
        // A signal: no question (the outbox is on disk; its actions are resent at the next start).
        Msg::Quit => navigation::quit_now(s),
    }
}

fn key(s: &mut State, k: Key) -> Vec<Effect> {
    if let Some(fx) = dialogs::modal_key(s, k) {
        return fx;
    }
    match s.modal.clone() {
        Modal::Help { scroll } => match s.keymap.layer(Layer::Help).action(k) {
            Some(KeyAction::Back) => {
                s.modal = Modal::None;
                Vec::new()
            }
            Some(KeyAction::Up) => {
                s.modal = Modal::Help { scroll: scroll.saturating_sub(1) };
                Vec::new()
            }
            Some(KeyAction::Down) => {
                s.modal = Modal::Help { scroll: scroll + 1 };
                Vec::new()
            }
            Some(KeyAction::Quit) => quit(s),
            _ => Vec::new(),
        },
        Modal::Filter { input } => input::filter_key(s, k, input),
        Modal::Palette { input, selected } => input::palette_key(s, k, input, selected),
        Modal::None => {
            let tri = s.keymap.layer(Layer::Triage).action(k).filter(|_| triage::on_problems(s));
            match tri.or_else(|| s.keymap.layer(Layer::Normal).action(k)) {
                Some(a) if a.is_triage() => triage::triage_action(s, a),
                Some(KeyAction::Remind) => reminders::remind_key(s),
                Some(a) => screen_keys::screen_action(s, a),
                None => triage::off_problems(s, k),
            }
        }
        // The triage layers were handled above.
        _ => Vec::new(),
    }
}

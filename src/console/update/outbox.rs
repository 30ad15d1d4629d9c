//! The pure outbox logic of `update`: what the runtime reports about deliveries (actions
//! restored from disk after a restart, a try without a definite answer, a disk that refused the
//! action, a drop done), the `:outbox` list (Up/Down, `d` asks whether to drop the selected
//! action, starting on Cancel) and the question when quitting with actions pending. A definite
//! answer is `update/triage.rs`'s ([`super::triage::answered`]).

use chrono::{DateTime, Utc};

use crate::console::look::format::duration;
use crate::console::message::{Effect, OutboxNews};
use crate::console::model::banners::Cause;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::outbox::{Delivery, Pending};
use crate::console::model::{Modal, State};

use super::navigation::quit_now;

/// Applies what the runtime says about the outbox.
pub(crate) fn news(s: &mut State, news: OutboxNews) {
    match news {
        OutboxNews::Restored(list) => {
            let mut added = 0;
            for p in list {
                if !s.inflight.iter().any(|x| x.key == p.key) {
                    s.inflight.push(p);
                    added += 1;
                }
            }
            if added > 0 {
                s.notices.push(format!("{added} {}", s.lang.t("ob.restored")));
            }
        }
        OutboxNews::Retrying { key, attempts, error, next_at } => {
            let lang = s.lang;
            if let Some(p) = s.inflight.iter_mut().find(|x| x.key == key) {
                if p.attempts == 0 {
                    let what = p.op.describe(lang);
                    let text = format!("#{} {what}: {} ({error})", p.seen.id, lang.t("ob.unknown"));
                    s.banners.raise(Cause::Delivery(key), text);
                }
                p.attempts = attempts;
                p.last_error = Some(error);
                p.delivery = Delivery::Retrying { next_at };
            }
        }
        OutboxNews::Unsaved { key, error } => {
            if let Some(p) = s.inflight.iter().find(|x| x.key == key) {
                let text = format!("#{} {}: {error}", p.seen.id, s.lang.t("ob.unsaved"));
                s.banners.raise(Cause::Delivery(key), text);
            }
        }
        OutboxNews::Unreadable(error) => s.notices.push(format!("{}: {error}", s.lang.t("ob.unreadable"))),
        OutboxNews::Dropped { key } => {
            if let Some(pos) = s.inflight.iter().position(|x| x.key == key) {
                let p = s.inflight.remove(pos);
                s.notices.push(format!("#{} {}: {}", p.seen.id, p.op.describe(s.lang), s.lang.t("ob.dropped")));
            }
        }
    }
    s.pending = s.inflight.len();
    settle(s);
    if let Modal::Outbox { selected, dropping } = &mut s.modal {
        *selected = (*selected).min(s.inflight.len().saturating_sub(1));
        *dropping &= !s.inflight.is_empty();
    }
}

/// Lowers the banners of actions that left the outbox (answered or dropped).
pub(crate) fn settle(s: &mut State) {
    let inflight: Vec<uuid::Uuid> = s.inflight.iter().map(|p| p.key).collect();
    s.banners.lower(|c| matches!(c, Cause::Delivery(k) if !inflight.contains(k)));
}

/// Opens `:outbox`.
pub(crate) fn open(s: &mut State) -> Vec<Effect> {
    s.modal = Modal::Outbox { selected: 0, dropping: false };
    Vec::new()
}

/// Whether any pending action is waiting to be tried again (no definite answer so far).
pub(crate) fn retrying(s: &State) -> bool {
    s.inflight.iter().any(|p| matches!(p.delivery, Delivery::Retrying { .. }))
}

/// One action of `:outbox` in words: the problem, what, how old, and how its delivery goes.
pub(crate) fn describe(s: &State, p: &Pending, now: DateTime<Utc>) -> String {
    let t = |k| s.lang.t(k);
    let state = match (&p.delivery, &p.last_error) {
        (Delivery::Retrying { next_at }, Some(e)) => {
            let wait = (*next_at - now).num_seconds().max(0);
            format!("{} ×{} · {e} · {} {wait}s", t("ob.retrying"), p.attempts, t("status.retry"))
        }
        (_, Some(e)) => format!("{} · {e}", t("ob.sending")),
        _ => t("ob.sending").to_string(),
    };
    let age = duration((now - p.queued_at).num_seconds().max(0), s.lang.is_zh());
    format!("#{} {} · {age} {} · {state}", p.seen.id, p.op.describe(s.lang), t("ob.ago"))
}

/// Keys of `:outbox` and of the question on quitting; `None` for other modals.
pub(crate) fn modal_key(s: &mut State, k: Key) -> Option<Vec<Effect>> {
    let action = s.keymap.layer(Layer::Dialog).action(k);
    Some(match s.modal.clone() {
        Modal::Outbox { selected, dropping: true } => match action {
            Some(KeyAction::Yes) => {
                s.modal = Modal::Outbox { selected, dropping: false };
                match s.inflight.get(selected) {
                    Some(p) => vec![Effect::DropPending { key: p.key }],
                    None => Vec::new(),
                }
            }
            Some(KeyAction::Accept | KeyAction::Cancel | KeyAction::No | KeyAction::Toggle) => {
                s.modal = Modal::Outbox { selected, dropping: false };
                Vec::new()
            }
            Some(KeyAction::Quit) => super::navigation::quit(s),
            _ => Vec::new(),
        },
        Modal::Outbox { selected, dropping: false } => {
            let last = s.inflight.len().saturating_sub(1);
            match action {
                Some(KeyAction::Up) => {
                    s.modal = Modal::Outbox { selected: selected.saturating_sub(1), dropping: false }
                }
                Some(KeyAction::Down) => {
                    s.modal = Modal::Outbox { selected: (selected + 1).min(last), dropping: false }
                }
                Some(KeyAction::Drop) if !s.inflight.is_empty() => {
                    s.modal = Modal::Outbox { selected, dropping: true };
                }
                Some(KeyAction::Cancel | KeyAction::No | KeyAction::Accept) => s.modal = Modal::None,
                Some(KeyAction::Quit) => return Some(super::navigation::quit(s)),
                _ => {}
            }
            Vec::new()
        }
        Modal::Quit { yes } => match action {
            Some(KeyAction::Toggle) => {
                s.modal = Modal::Quit { yes: !yes };
                Vec::new()
            }
            Some(KeyAction::Accept) if yes => quit_now(s),
            // Asked and pressed again: the user means it.
            Some(KeyAction::Yes | KeyAction::Quit) => quit_now(s),
            Some(KeyAction::Accept | KeyAction::Cancel | KeyAction::No) => {
                s.modal = Modal::None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        _ => return None,
    })
}

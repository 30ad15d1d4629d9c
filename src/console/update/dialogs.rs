//! The keys of the triage dialogs (the reassign picker, the one-line editor, the priority
//! chooser, the confirmation that starts on Cancel, the 412 "apply to the new version?" dialog
//! and the alert list). The picker's query and the editor's text are edited like every field
//! (`input::edit`); the query goes to the server's officer search as it changes. Each dialog
//! owns its keys; what it sends goes through [`super::triage::send`].

use crate::api::types::Problem;
use crate::console::message::Effect;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::triage;
use crate::console::model::triage::Op;
use crate::console::model::{Modal, State, View};
use crate::domain::lifecycle::Priority;

use super::input::edit;
use super::navigation::quit;
use super::triage::{note, search_officers, send};

/// Keys of the triage layers; `None` when the modal is not one of them.
pub(crate) fn modal_key(s: &mut State, k: Key) -> Option<Vec<Effect>> {
    if let Some(fx) = super::outbox::modal_key(s, k) {
        return Some(fx);
    }
    if let Some(fx) = super::reminders::modal_key(s, k) {
        return Some(fx);
    }
    let input = s.keymap.layer(Layer::Input).action(k);
    let dialog = s.keymap.layer(Layer::Dialog).action(k);
    Some(match s.modal.clone() {
        Modal::Picker { problem, mut query, mut selected } => {
            let choices = s.assignees.choices(query.value());
            match input {
                Some(KeyAction::Cancel) => s.modal = Modal::None,
                Some(KeyAction::Quit) => return Some(quit(s)),
                Some(KeyAction::Up) => selected = selected.saturating_sub(1),
                Some(KeyAction::Down) => selected = (selected + 1).min(choices.len().saturating_sub(1)),
                Some(KeyAction::Accept) => {
                    return Some(match choices.get(selected) {
                        Some(c) => send(s, &problem, Op::Reassign(c.target.clone())),
                        None => note(s, "tri.no_match"),
                    });
                }
                _ => {
                    if edit(&mut query, input, k) == Some(true) {
                        selected = 0;
                    }
                }
            }
            if !matches!(s.modal, Modal::Picker { .. }) {
                return Some(Vec::new());
            }
            let fx = search_officers(s, query.value());
            s.modal = Modal::Picker { problem, query, selected };
            fx
        }
        Modal::Text { problem, kind, mut text, .. } => {
            match input {
                Some(KeyAction::Cancel) => {
                    s.modal = Modal::None;
                    return Some(Vec::new());
                }
                Some(KeyAction::Quit) => return Some(quit(s)),
                Some(KeyAction::Accept) if text.value().trim().is_empty() => {
                    s.modal = Modal::Text { problem, kind, text, refused: true };
                    return Some(Vec::new());
                }
                Some(KeyAction::Accept) => {
                    let op = kind.op(text.value().trim().to_string());
                    if op.consequential() {
                        s.modal = Modal::Confirm { problem, op, yes: false };
                        return Some(Vec::new());
                    }
                    return Some(send(s, &problem, op));
                }
                _ => {
                    edit(&mut text, input, k);
                }
            }
            s.modal = Modal::Text { problem, kind, text, refused: false };
            Vec::new()
        }
        Modal::Priority { problem, selected } => match dialog {
            Some(KeyAction::Cancel | KeyAction::No) => {
                s.modal = Modal::None;
                Vec::new()
            }
            Some(KeyAction::Up) => {
                s.modal = Modal::Priority { problem, selected: selected.saturating_sub(1) };
                Vec::new()
            }
            Some(KeyAction::Down) => {
                s.modal = Modal::Priority { problem, selected: (selected + 1).min(2) };
                Vec::new()
            }
            Some(KeyAction::Accept | KeyAction::Yes) => send(s, &problem, Op::Priority(Priority::ALL[selected.min(2)])),
            Some(KeyAction::Quit) => quit(s),
            _ => Vec::new(),
        },
        Modal::Confirm { problem, op, yes } => match dialog {
            Some(KeyAction::Toggle) => {
                s.modal = Modal::Confirm { problem, op, yes: !yes };
                Vec::new()
            }
            Some(KeyAction::Accept) if yes => send(s, &problem, op),
            Some(KeyAction::Yes) => send(s, &problem, op),
            Some(KeyAction::Accept | KeyAction::Cancel | KeyAction::No) => {
                s.modal = Modal::None;
                note(s, "tri.cancelled")
            }
            Some(KeyAction::Quit) => quit(s),
            _ => Vec::new(),
        },
        Modal::Stale { current, seen_version, events, op, yes } => match dialog {
            Some(KeyAction::Toggle) => {
                s.modal = Modal::Stale { current, seen_version, events, op, yes: !yes };
                Vec::new()
            }
            Some(KeyAction::Accept) if yes => resend(s, &current, op),
            Some(KeyAction::Yes) => resend(s, &current, op),
            Some(KeyAction::Accept | KeyAction::Cancel | KeyAction::No) => {
                s.modal = Modal::None;
                note(s, "tri.cancelled")
            }
            Some(KeyAction::Quit) => quit(s),
            _ => Vec::new(),
        },
        Modal::Alerts { selected } => match dialog {
            Some(KeyAction::Cancel | KeyAction::No) => {
                s.modal = Modal::None;
                Vec::new()
            }
            Some(KeyAction::Up) => {
                s.modal = Modal::Alerts { selected: selected.saturating_sub(1) };
                Vec::new()
            }
            Some(KeyAction::Down) => {
                let last = s.alerts.list.len().saturating_sub(1);
                s.modal = Modal::Alerts { selected: (selected + 1).min(last) };
                Vec::new()
            }
            Some(KeyAction::Accept) => {
                s.modal = Modal::None;
                match s.alerts.list.get(selected).map(|a| a.problem.clone()) {
                    Some(r) => super::navigation::push(s, View::Problem(r)),
                    None => Vec::new(),
                }
            }
            Some(KeyAction::Quit) => quit(s),
            _ => Vec::new(),
        },
        _ => return None,
    })
}

/// After a 412, the user chose to apply the action to the new version: a new request (new
/// key, new `If-Match`), if the life cycle still allows it.
fn resend(s: &mut State, current: &Problem, op: Op) -> Vec<Effect> {
    if let Err(e) = triage::check(&op, current) {
        s.modal = Modal::None;
        let text = triage::rule_text(s.lang, e.code(), &e.to_string(), &op, Some(current));
        s.notices.push(text);
        return Vec::new();
    }
    send(s, current, op)
}

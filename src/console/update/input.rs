//! The keys of the text fields, for `update`: what every field shares (its editing keys of the
//! keymap's `[[input]]` layer, typed characters, pasted text, all through the one
//! [`TextInput`]) and the filter line's and the command palette's own keys. The triage
//! dialogs' fields (the picker's query, the one-line editor) keep their accept and cancel in
//! `dialogs` and edit through [`edit`] here.

use super::navigation::{nav_mut, quit, select};
use super::palette;
use super::triage::search_officers;
use crate::console::message::Effect;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::text_input::Edit;
use crate::console::model::{Modal, State, TextInput};
use crate::console::tables::current;

/// A key in a focused text field: its editing action, or the character typed. `None` when the
/// key is neither (it is the field's own: accept, cancel, complete, …); else whether the text
/// changed (a cursor move does not change it).
pub(crate) fn edit(input: &mut TextInput, action: Option<KeyAction>, k: Key) -> Option<bool> {
    match action {
        Some(KeyAction::Edit(e)) => Some(input.edit(e)),
        Some(_) => None,
        None => typed(k).map(|c| {
            input.insert(c);
            true
        }),
    }
}

/// A key while typing a filter: the rows are filtered as the text changes.
pub(crate) fn filter_key(s: &mut State, k: Key, mut input: TextInput) -> Vec<Effect> {
    let r = current(s);
    let action = s.keymap.layer(Layer::Input).action(k);
    match action {
        Some(KeyAction::Accept) => {
            s.modal = Modal::None;
            super::find_copy::number_not_loaded(s);
        }
        Some(KeyAction::Cancel) => {
            nav_mut(s, r).filter.clear();
            s.modal = Modal::None;
        }
        Some(KeyAction::Quit) => return quit(s),
        _ => {
            let changed = edit(&mut input, action, k) == Some(true);
            if changed {
                nav_mut(s, r).filter = input.value().to_string();
            }
            s.modal = Modal::Filter { input };
            if !changed {
                return Vec::new();
            }
        }
    }
    select(s, r, |_, _| 0);
    Vec::new()
}

/// A key in the command palette; Backspace in an empty palette closes it.
pub(crate) fn palette_key(s: &mut State, k: Key, mut input: TextInput, mut selected: usize) -> Vec<Effect> {
    let sugg = palette::suggestions(s, input.value());
    let action = s.keymap.layer(Layer::Input).action(k);
    match action {
        Some(KeyAction::Cancel) => {
            s.modal = Modal::None;
            return Vec::new();
        }
        Some(KeyAction::Quit) => return quit(s),
        Some(KeyAction::Up) => selected = selected.saturating_sub(1),
        Some(KeyAction::Down) => selected = (selected + 1).min(sugg.len().saturating_sub(1)),
        Some(KeyAction::Complete) => {
            if let Some(c) = sugg.get(selected).or(sugg.first()) {
                input = TextInput::from(c.as_str());
                selected = 0;
            }
        }
        Some(KeyAction::Accept) => {
            let typed = input.value();
            let line = if palette::is_complete(typed) {
                typed.to_string()
            } else {
                sugg.get(selected).cloned().unwrap_or_else(|| typed.to_string())
            };
            s.modal = Modal::None;
            return palette::execute(s, &line).unwrap_or_else(|e| {
                s.notices.push(e);
                Vec::new()
            });
        }
        Some(KeyAction::Edit(Edit::DeleteBack)) if input.is_empty() => {
            s.modal = Modal::None;
            return Vec::new();
        }
        _ => {
            if edit(&mut input, action, k) == Some(true) {
                selected = 0;
            }
        }
    }
    s.modal = Modal::Palette { input, selected };
    Vec::new()
}

/// Pasted text (bracketed paste; some input methods commit this way too) goes in at the
/// cursor of the focused field as one line, with what typing there does next: the filter
/// filters, the palette's and the picker's suggestions start again from the first, the picker
/// searches, the editor forgets an empty text's refusal. Ignored when no field has focus.
// The `if`s cannot become match guards: a guard may not borrow the field mutably to paste.
#[allow(clippy::collapsible_match)]
pub(crate) fn paste(s: &mut State, pasted: &str) -> Vec<Effect> {
    match &mut s.modal {
        Modal::Filter { input } => {
            if input.paste(pasted) {
                let text = input.value().to_string();
                let r = current(s);
                nav_mut(s, r).filter = text;
                select(s, r, |_, _| 0);
            }
        }
        Modal::Palette { input, selected } => {
            if input.paste(pasted) {
                *selected = 0;
            }
        }
        Modal::Picker { query, selected, .. } => {
            if query.paste(pasted) {
                *selected = 0;
                let query = query.value().to_string();
                return search_officers(s, &query);
            }
        }
        Modal::Text { text, refused, .. } => {
            text.paste(pasted);
            *refused = false;
        }
        _ => {}
    }
    Vec::new()
}

/// Text typed into an input (printable, no Ctrl/Alt); IME commits arrive as characters.
fn typed(k: Key) -> Option<char> {
    use crossterm::event::{KeyCode, KeyModifiers};
    match k.code {
        KeyCode::Char(c) if !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(c),
        _ => None,
    }
}

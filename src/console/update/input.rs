//! The keys of the filter line and the command palette (the input layer), for `update`.

use crossterm::event::KeyCode;

use super::navigation::{nav_mut, quit, select};
use super::palette;
use crate::console::message::Effect;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::{Modal, State};
use crate::console::tables::current;

/// A key while typing a filter.
pub(crate) fn filter_key(s: &mut State, k: Key) -> Vec<Effect> {
    let r = current(s);
    match s.keymap.layer(Layer::Input).action(k) {
        Some(KeyAction::Accept) => {
            s.modal = Modal::None;
            super::find_copy::number_not_loaded(s);
        }
        Some(KeyAction::Cancel) => {
            nav_mut(s, r).filter.clear();
            s.modal = Modal::None;
        }
        Some(KeyAction::Quit) => return quit(s),
        Some(_) => {}
        None if k.code == KeyCode::Backspace => {
            nav_mut(s, r).filter.pop();
        }
        None => {
            if let Some(c) = typed(k) {
                nav_mut(s, r).filter.push(c);
            }
        }
    }
    select(s, r, |_, _| 0);
    Vec::new()
}

/// A key in the command palette.
pub(crate) fn palette_key(s: &mut State, k: Key, mut input: String, mut selected: usize) -> Vec<Effect> {
    let sugg = palette::suggestions(s, &input);
    match s.keymap.layer(Layer::Input).action(k) {
        Some(KeyAction::Cancel) => {
            s.modal = Modal::None;
            return Vec::new();
        }
        Some(KeyAction::Quit) => return quit(s),
        Some(KeyAction::Up) => selected = selected.saturating_sub(1),
        Some(KeyAction::Down) => selected = (selected + 1).min(sugg.len().saturating_sub(1)),
        Some(KeyAction::Complete) => {
            if let Some(c) = sugg.get(selected).or(sugg.first()) {
                input = c.clone();
                selected = 0;
            }
        }
        Some(KeyAction::Accept) => {
            let line = if palette::is_complete(&input) {
                input.clone()
            } else {
                sugg.get(selected).cloned().unwrap_or(input.clone())
            };
            s.modal = Modal::None;
            return palette::execute(s, &line).unwrap_or_else(|e| {
                s.notices.push(e);
                Vec::new()
            });
        }
        Some(_) => {}
        None if k.code == KeyCode::Backspace => {
            if input.pop().is_none() {
                s.modal = Modal::None;
                return Vec::new();
            }
            selected = 0;
        }
        None => {
            if let Some(c) = typed(k) {
                input.push(c);
                selected = 0;
            }
        }
    }
    s.modal = Modal::Palette { input, selected };
    Vec::new()
}

/// Text typed into an input (printable, no Ctrl/Alt); IME commits arrive as characters.
pub(crate) fn typed(k: Key) -> Option<char> {
    use crossterm::event::KeyModifiers;
    match k.code {
        KeyCode::Char(c) if !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(c),
        _ => None,
    }
}

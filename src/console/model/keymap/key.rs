//! A key as the keymap names it: a terminal event normalised (Ctrl-letters lower-cased,
//! Shift folded into the character), and the names `config/keys.toml` uses (`q`, `Ctrl-l`,
//! `Enter`, `F1`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers (shift is part of the character for printable keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key pressed; a letter typed with Ctrl is lower-cased.
    pub code: KeyCode,
    /// Ctrl and Alt only: Shift is part of the character, and dropped from `BackTab`.
    pub mods: KeyModifiers,
}

impl Key {
    /// The normalised key of a terminal event.
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::BackTab => {
                mods = KeyModifiers::NONE;
                KeyCode::BackTab
            }
            c => c,
        };
        Key { code, mods }
    }

    /// Parses a key name such as `q`, `G`, `Enter`, `Shift-Tab`, `Ctrl-l`, `F1`.
    pub fn parse(name: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-").or_else(|| rest.strip_prefix("C-")) {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-").or_else(|| rest.strip_prefix("M-")) {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" | "Shift-Tab" => KeyCode::BackTab,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PgUp" | "PageUp" => KeyCode::PageUp,
            "PgDn" | "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Backspace" => KeyCode::Backspace,
            "Delete" | "Del" => KeyCode::Delete,
            "Space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('F') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(format!("bad key name {name:?}")),
            },
            s => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => {
                        if mods.contains(KeyModifiers::CONTROL) {
                            KeyCode::Char(c.to_ascii_lowercase())
                        } else {
                            KeyCode::Char(c)
                        }
                    }
                    _ => return Err(format!("bad key name {name:?}")),
                }
            }
        };
        Ok(Key { code, mods })
    }
}

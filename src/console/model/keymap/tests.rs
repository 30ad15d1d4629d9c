//! Tests of the keymap: the built-in file, key normalisation, user overrides and warnings.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn builtin_has_no_warnings() {
    let (k, w) = Keymap::load(None);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(k.normal.action(Key::parse("q").unwrap()), Some(KeyAction::Quit));
    assert_eq!(k.normal.action(Key::parse("Ctrl-l").unwrap()), Some(KeyAction::Redraw));
    assert_eq!(k.normal.action(Key::parse("Shift-Tab").unwrap()), Some(KeyAction::PrevPane));
    assert_eq!(k.input.action(Key::parse("Tab").unwrap()), Some(KeyAction::Complete));
}

#[test]
fn events_normalise() {
    let e = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&e), Key::parse("G").unwrap());
    let e = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&e), Key::parse("BackTab").unwrap());
    let e = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::CONTROL);
    assert_eq!(Key::from_event(&e), Key::parse("Ctrl-l").unwrap());
}

#[test]
fn user_file_overrides_and_problems_are_reported() {
    let user = r#"
[[normal]]
keys = ["x"]
action = "quit"
[[normal]]
keys = ["x"]
action = "help"
[[normal]]
keys = ["Hyper-q", "Enter"]
action = "freeze"
[[normal]]
keys = ["z"]
action = "launch_rockets"
"#;
    let (k, w) = Keymap::load(Some(("user.toml", user)));
    assert_eq!(k.normal.action(Key::parse("x").unwrap()), Some(KeyAction::Quit));
    assert_eq!(k.normal.action(Key::parse("Enter").unwrap()), Some(KeyAction::Freeze));
    assert!(w.iter().any(|m| m.contains("bound to both quit and help")), "{w:?}");
    assert!(w.iter().any(|m| m.contains("\"Hyper-q\"")), "{w:?}");
    assert!(w.iter().any(|m| m.contains("launch_rockets")), "{w:?}");
    // Enter no longer shows as `open` in help.
    let open = k.normal.entries.iter().find(|e| e.action == "open").unwrap();
    assert!(open.keys.is_empty());
    let (_, w) = Keymap::load(Some(("bad.toml", "[[normal]]\nkeys = 1")));
    assert_eq!(w.len(), 1);
}

#[test]
fn refresh_keys_mean_refresh_on_every_screen() {
    let k = Keymap::builtin();
    let refresh = k.normal.entries.iter().find(|e| e.action == "refresh").unwrap();
    assert_eq!(refresh.keys, ["Ctrl-r", "F5"]);
    assert!(refresh.hint, "the hint bar shows it");
    // The triage layer, seen first on problems, takes none of them.
    for name in &refresh.keys {
        assert_eq!(k.triage.action(Key::parse(name).unwrap()), None, "{name}");
    }
    // Plain `r` is reassign only, and nothing on the other screens.
    assert_eq!(k.normal.action(Key::parse("r").unwrap()), None);
    assert_eq!(k.triage.action(Key::parse("r").unwrap()), Some(KeyAction::Reassign));
}

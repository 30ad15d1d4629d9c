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
    assert_eq!(
        w,
        [
            "keymap bad.toml:2:8: [normal] entry 1: keys is a list of key names, e.g. keys = [\"q\", \"Ctrl-c\"]",
            "keymap bad.toml:1:1: [normal] entry 1: no action (e.g. action = \"quit\")",
        ]
    );
}

/// A file with several problems, two of them in one entry and one in an entry of the wrong
/// type: each is reported with its line, column, layer and entry, and the valid rest is used.
#[test]
fn every_problem_of_a_keymap_file_is_reported_where_it_is() {
    let user = r#"# my keys
[[normal]]
keys = ["Hyper-q", "Q"]
action = "launch_rockets"

[[normal]]
keys = ["F5", "Ctrl-"]
action = "refresh"
hint = "yes"
colour = "red"

[[triage]]
keys = [7]

[[dialogs]]
keys = ["y"]
action = "yes"
"#;
    let (k, w) = Keymap::load(Some(("/home/u/.config/dutydesk/keys.toml", user)));
    let f = "keymap /home/u/.config/dutydesk/keys.toml";
    let expected = [
        format!("{f}:15:3: unknown layer `dialogs` (the layers are normal, input, help, triage, dialog)"),
        format!("{f}:9:8: [normal] refresh: hint is true or false"),
        format!("{f}:10:1: [normal] refresh: unknown field `colour` (an entry has keys, action, desc, desc_zh, hint)"),
        format!("{f}:13:9: [triage] entry 1: a key name is a quoted string, not 7"),
        format!("{f}:12:1: [triage] entry 1: no action (e.g. action = \"quit\")"),
        format!("{f}:4:10: [normal] unknown action \"launch_rockets\""),
        format!("{f}:3:9: [normal] launch_rockets: bad key name \"Hyper-q\""),
        format!("{f}:7:15: [normal] refresh: bad key name \"Ctrl-\""),
    ];
    assert_eq!(w, expected);
    assert!(!w.iter().any(|m| m.contains("built-in")), "never the built-in file: {w:?}");
    // The valid rest is used: F5 refreshes; Q of the unknown action is not bound to it.
    assert_eq!(k.normal.action(Key::parse("F5").unwrap()), Some(KeyAction::Refresh));
    assert_eq!(k.normal.action(Key::parse("Q").unwrap()), None);
    let (_, w) = Keymap::load(Some(("k.toml", "[[normal]]\nkeys = [\"q\"\naction = \"quit\"\n")));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("keymap k.toml:3:1: "), "a syntax error where the parser found it: {w:?}");
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

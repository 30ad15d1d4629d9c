//! Reading a keymap file (the layout of `config/keys.toml`) field by field instead of all at
//! once, so that every problem is found and placed: a syntax error at its line and column, and
//! in a file that parses, each unknown layer, each entry without an action or keys, each field
//! of a wrong type or an unknown name, each key name of an entry, also when the entry has
//! another problem. What is valid is kept; the bindings check actions and key names after
//! (`Keymap::add`), with the places recorded here.

use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::config::located::{Position, key_on_line, one_line};
use crate::console::look::i18n::Lang;

/// One entry of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The keys bound, as named in the file (`q`, `Ctrl-c`, `Enter`, `F1`; see `Key::parse`).
    pub keys: Vec<String>,
    /// The action's name (`quit`, `pane_1`, `escalated`, …; see `KeyAction::parse`).
    pub action: String,
    /// What the key does, in English, for the help screen and the hint bar.
    pub desc: String,
    /// What the key does, in Chinese; the English one is shown when this is empty.
    pub desc_zh: String,
    /// Shown in the hint bar.
    pub hint: bool,
}

impl Entry {
    /// The description in `lang`.
    pub fn describe(&self, lang: Lang) -> &str {
        if lang.is_zh() && !self.desc_zh.is_empty() { &self.desc_zh } else { &self.desc }
    }
}

/// The layers a keymap file may have, in the order they are read.
pub(super) const LAYERS: [&str; 5] = ["normal", "input", "help", "triage", "dialog"];

/// An entry as read, with where its parts are (`file:line:column`) for messages.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    /// The entry's fields that were valid (keys whose names are yet to be checked).
    pub(super) entry: Entry,
    /// What messages call it: its action, or `entry N` without one.
    pub(super) name: String,
    /// Where its action's value is.
    pub(super) action_at: String,
    /// Where each of `entry.keys` is.
    pub(super) keys_at: Vec<String>,
}

/// The entries of each layer of a keymap file (`LAYERS` order), with a message for each
/// problem found reading them.
pub(super) fn read(origin: &str, text: &str, warnings: &mut Vec<String>) -> Vec<(&'static str, Vec<Placed>)> {
    let at =
        |span: Option<std::ops::Range<usize>>| format!("{origin}:{}", Position::of(text, span.map_or(0, |s| s.start)));
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = Position::of(text, e.span().map_or(0, |s| s.start));
            let key = key_on_line(text, pos.line).map(|k| format!("{k}: ")).unwrap_or_default();
            warnings.push(format!("keymap {origin}:{pos}: {key}{}", one_line(e.message())));
            return Vec::new();
        }
    };
    let root = doc.as_table();
    for (name, _) in root.iter().filter(|(n, _)| !LAYERS.contains(n)) {
        let place = at(root.key(name).and_then(toml_edit::Key::span));
        warnings.push(format!("keymap {place}: unknown layer `{name}` (the layers are {})", LAYERS.join(", ")));
    }
    let mut out = Vec::new();
    for layer in LAYERS {
        let Some(item) = root.get(layer) else {
            continue;
        };
        let tables: Vec<(&dyn TableLike, Option<std::ops::Range<usize>>)> = match item {
            Item::ArrayOfTables(a) => a.iter().map(|t| (t as &dyn TableLike, t.span())).collect(),
            Item::Value(Value::Array(a)) => {
                let mut tables = Vec::new();
                for v in a {
                    match v.as_inline_table() {
                        Some(t) => tables.push((t as &dyn TableLike, v.span())),
                        None => warnings.push(format!(
                            "keymap {}: [{layer}]: an entry is a table of keys and action",
                            at(v.span())
                        )),
                    }
                }
                tables
            }
            _ => {
                warnings.push(format!(
                    "keymap {}: [{layer}] is a list of entries: write [[{layer}]] before each",
                    at(item.span())
                ));
                continue;
            }
        };
        let entries = tables
            .into_iter()
            .enumerate()
            .map(|(n, (table, span))| entry(layer, n + 1, table, at(span), &at, warnings))
            .collect();
        out.push((layer, entries));
    }
    out
}

/// One entry, every field checked and every problem reported; an entry without an action
/// keeps its keys so that their names are checked too (`Keymap::add` binds none of them).
fn entry(
    layer: &str,
    n: usize,
    table: &dyn TableLike,
    place: String,
    at: &dyn Fn(Option<std::ops::Range<usize>>) -> String,
    warnings: &mut Vec<String>,
) -> Placed {
    let action = table.get("action").and_then(Item::as_str).unwrap_or_default().to_string();
    let name = if action.is_empty() { format!("entry {n}") } else { action.clone() };
    let mut warn = |where_: &str, what: &str| warnings.push(format!("keymap {where_}: [{layer}] {name}: {what}"));
    let mut placed = Placed {
        entry: Entry { keys: Vec::new(), action, desc: String::new(), desc_zh: String::new(), hint: false },
        name: name.clone(),
        action_at: place.clone(),
        keys_at: Vec::new(),
    };
    for (field, item) in table.iter() {
        let here = at(item.span());
        match (field, item.as_value()) {
            ("keys", Some(Value::Array(list))) => {
                for v in list {
                    match v.as_str() {
                        Some(k) => {
                            placed.entry.keys.push(k.to_string());
                            placed.keys_at.push(at(v.span()));
                        }
                        None => {
                            warn(
                                &at(v.span()),
                                &format!("a key name is a quoted string, not {}", v.to_string().trim()),
                            );
                        }
                    }
                }
            }
            ("keys", _) => warn(&here, "keys is a list of key names, e.g. keys = [\"q\", \"Ctrl-c\"]"),
            ("action", Some(Value::String(_))) => placed.action_at = here,
            ("desc", Some(Value::String(s))) => placed.entry.desc = s.value().clone(),
            ("desc_zh", Some(Value::String(s))) => placed.entry.desc_zh = s.value().clone(),
            ("action" | "desc" | "desc_zh", _) => warn(&here, &format!("{field} is a quoted string")),
            ("hint", Some(Value::Boolean(b))) => placed.entry.hint = *b.value(),
            ("hint", _) => warn(&here, "hint is true or false"),
            (other, _) => {
                let key = at(table.key(other).and_then(toml_edit::Key::span));
                warn(&key, &format!("unknown field `{other}` (an entry has keys, action, desc, desc_zh, hint)"));
            }
        }
    }
    if !table.contains_key("action") {
        warn(&place, "no action (e.g. action = \"quit\")");
    }
    if !table.contains_key("keys") {
        warn(&place, "no keys (e.g. keys = [\"q\"])");
    }
    placed
}

//! The keymap as data: `config/keys.toml` (built in) plus an optional user file, per layer
//! (`normal`, `triage`, `input`, `dialog`, `help`), each entry `{keys, action, desc, desc_zh, hint}`. The same
//! entries drive key dispatch, the hint bar and the `?` help. Every problem of a file (syntax,
//! unknown layers, actions and fields, wrong types, bad key names, clashes) is collected as a
//! warning with its `file:line:column` (`keymap/file`), never silently ignored, and the rest of
//! the file is used.

pub(crate) use file::Entry;

use crate::console::model::pane::PANES;
use crate::console::model::text_input::Edit;
use crate::console::model::view::Place;

/// The built-in keymap: `config/keys.toml`, compiled into the binary.
pub(crate) const BUILTIN_KEYS: &str = include_str!("../../../config/keys.toml");

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAction {
    /// Open what the selected row stands for.
    Open,
    /// Go back (or clear the filter, close a layer).
    Back,
    /// Select the row above (in the palette and pickers, the suggestion above).
    Up,
    /// Select the row below (in the palette and pickers, the suggestion below).
    Down,
    /// Move the selection up by a page (the rows the table shows).
    PageUp,
    /// Move the selection down by a page (the rows the table shows).
    PageDown,
    /// Select the table's first shown row.
    Top,
    /// Select the table's last shown row.
    Bottom,
    /// Focus the next dashboard pane, wrapping round (dashboard only).
    NextPane,
    /// Focus the previous dashboard pane, wrapping round (dashboard only).
    PrevPane,
    /// The pane at this position of the pane list (`pane_1` is 0).
    Pane(u8),
    /// Attendance by park or by dispatching unit.
    ToggleUnits,
    /// Start the filter input.
    Filter,
    /// Sort by the next column.
    Sort,
    /// Reverse the sort.
    SortReverse,
    /// Open the command palette.
    Palette,
    /// Go to a screen by its name (`escalated`, `problems`, `units`, `parks`, `chart`, `dashboard`).
    Go(Place),
    /// The dashboard one day back (a past day); `DayForward` one day on, up to today.
    DayBack,
    /// The dashboard one day forward, up to today (live again).
    DayForward,
    /// Freeze or resume.
    Freeze,
    /// Poll the API now instead of waiting for the next interval.
    Refresh,
    /// Redraw the whole screen.
    Redraw,
    /// Open the help screen (every binding of every layer).
    Help,
    /// Leave the console (also from the input and dialog layers, with `Ctrl-c`).
    Quit,
    /// Accept the input.
    Accept,
    /// Cancel the input.
    Cancel,
    /// Complete the input.
    Complete,
    /// The list of recent alerts.
    Alerts,
    /// The shift handover since the last report deadline (`:handover [HH:MM]`).
    Handover,
    /// Triage: acknowledge the selected problem.
    Acknowledge,
    /// Triage: escalate it one level (confirmed).
    Escalate,
    /// Triage: reassign it to a department or officer (the picker).
    Reassign,
    /// Triage: resolve it with a resolution text (confirmed).
    Resolve,
    /// Triage: reopen it with a reason.
    Reopen,
    /// Triage: add a comment.
    Comment,
    /// Triage: set its priority.
    SetPriority,
    /// Remind (催报) the officers of the selected overdue row, enterprise, park or unit.
    Remind,
    /// Dialogs: move between Cancel and Apply.
    Toggle,
    /// Dialogs: answer yes.
    Yes,
    /// Dialogs: answer no.
    No,
    /// The outbox (`:outbox`): drop the selected action (asks first).
    Drop,
    /// Copy the selected row's one-line summary to the clipboard (OSC 52).
    Copy,
    /// Text fields: move the cursor or delete (`cursor_left`, `delete_word_back`, …).
    Edit(Edit),
}

impl KeyAction {
    /// Whether this is a triage action (hidden and refused when read-only).
    pub fn is_triage(self) -> bool {
        use KeyAction::*;
        matches!(self, Acknowledge | Escalate | Reassign | Resolve | Reopen | Comment | SetPriority)
    }

    /// Parses an action name of the keymap file.
    pub fn parse(s: &str) -> Option<KeyAction> {
        use KeyAction::*;
        if let Some(place) = Place::parse(s) {
            return Some(Go(place));
        }
        if let Some(edit) = crate::console::model::text_input::Edit::parse(s) {
            return Some(KeyAction::Edit(edit));
        }
        Some(match s {
            "open" => Open,
            "back" => Back,
            "up" => Up,
            "down" => Down,
            "page_up" => PageUp,
            "page_down" => PageDown,
            "top" => Top,
            "bottom" => Bottom,
            "next_pane" => NextPane,
            "prev_pane" => PrevPane,
            pane if pane.starts_with("pane_") => {
                let n: usize = pane["pane_".len()..].parse().ok()?;
                let index = n.checked_sub(1).filter(|&i| i < PANES.len())?;
                Pane(u8::try_from(index).ok()?)
            }
            "toggle_units" => ToggleUnits,
            "day_back" => DayBack,
            "day_forward" => DayForward,
            "filter" => Filter,
            "sort" => Sort,
            "sort_reverse" => SortReverse,
            "palette" => Palette,
            "freeze" => Freeze,
            "refresh" => Refresh,
            "redraw" => Redraw,
            "help" => Help,
            "quit" => Quit,
            "accept" => Accept,
            "cancel" => Cancel,
            "complete" => Complete,
            "alerts" => Alerts,
            "handover" => Handover,
            "acknowledge" => Acknowledge,
            "escalate" => Escalate,
            "reassign" => Reassign,
            "resolve" => Resolve,
            "reopen" => Reopen,
            "comment" => Comment,
            "remind" => Remind,
            "set_priority" => SetPriority,
            "toggle" => Toggle,
            "yes" => Yes,
            "no" => No,
            "drop" => Drop,
            "copy" => Copy,
            _ => return None,
        })
    }
}

/// A modal layer of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The screens: moving, panes, drill-down, filter, sort, queues (`[[normal]]`).
    Normal,
    /// Filter and palette input.
    Input,
    /// The help screen.
    Help,
    /// On a selected problem, before `Normal`: the triage keys.
    Triage,
    /// Confirmations, the 412 dialog, the priority chooser and the alerts list.
    Dialog,
}

/// Bound keys of one layer, in file order, for dispatch and display.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bindings {
    /// Entries as written (the user's after the built-in ones).
    pub entries: Vec<Entry>,
    bound: Vec<(Key, KeyAction)>,
}

impl Bindings {
    /// The action of a key.
    pub fn action(&self, key: Key) -> Option<KeyAction> {
        self.bound.iter().find(|(k, _)| *k == key).map(|b| b.1)
    }

    /// Entries that still have at least one key, for help and hints.
    pub fn visible(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.keys.is_empty())
    }
}

/// The keymap: five layers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    /// The screens' keys (`[[normal]]`).
    pub normal: Bindings,
    /// Keys of the filter and palette input (`[[input]]`).
    pub input: Bindings,
    /// Keys of the help screen (`[[help]]`).
    pub help: Bindings,
    /// Triage on a selected problem (seen before `normal`).
    pub triage: Bindings,
    /// Keys of confirmations, the 412 dialog, the priority chooser and the alerts list (`[[dialog]]`).
    pub dialog: Bindings,
}

impl Keymap {
    /// The built-in keymap.
    pub fn builtin() -> Keymap {
        let (k, w) = Keymap::load(None);
        debug_assert!(w.is_empty(), "{w:?}");
        k
    }

    /// The built-in keymap plus a user file `(origin, text)`, with every problem found, each
    /// with its `file:line:column`, layer and entry.
    pub fn load(user: Option<(&str, &str)>) -> (Keymap, Vec<String>) {
        let mut warnings = Vec::new();
        let mut map = Keymap::default();
        let builtin = file::read("built-in keys", BUILTIN_KEYS, &mut warnings);
        map.add(builtin, &mut warnings);
        if let Some((origin, text)) = user {
            let layers = file::read(origin, text, &mut warnings);
            map.add(layers, &mut warnings);
        }
        (map, warnings)
    }

    /// The bindings of a layer.
    pub fn layer(&self, l: Layer) -> &Bindings {
        match l {
            Layer::Normal => &self.normal,
            Layer::Input => &self.input,
            Layer::Help => &self.help,
            Layer::Triage => &self.triage,
            Layer::Dialog => &self.dialog,
        }
    }

    fn add(&mut self, layers: Vec<(&'static str, Vec<file::Placed>)>, warnings: &mut Vec<String>) {
        for (name, placed) in layers {
            let layer = match name {
                "normal" => &mut self.normal,
                "input" => &mut self.input,
                "help" => &mut self.help,
                "triage" => &mut self.triage,
                _ => &mut self.dialog,
            };
            let mut seen_here: Vec<(Key, String)> = Vec::new();
            for p in placed {
                let mut entry = p.entry;
                // Without an action (reported when read) the keys are still checked, not bound.
                let action = (!entry.action.is_empty()).then(|| KeyAction::parse(&entry.action)).flatten();
                if action.is_none() && !entry.action.is_empty() {
                    warnings.push(format!("keymap {}: [{name}] unknown action {:?}", p.action_at, entry.action));
                }
                let mut keys = Vec::new();
                for (k, at) in entry.keys.iter().zip(&p.keys_at) {
                    let key = match Key::parse(k) {
                        Err(e) => {
                            warnings.push(format!("keymap {at}: [{name}] {}: {e}", p.name));
                            continue;
                        }
                        Ok(key) => key,
                    };
                    let Some(action) = action else {
                        continue;
                    };
                    if let Some((_, other)) = seen_here.iter().find(|(s, a)| *s == key && *a != entry.action) {
                        warnings
                            .push(format!("keymap {at}: [{name}] {k} is bound to both {other} and {}", entry.action));
                        continue;
                    }
                    seen_here.push((key, entry.action.clone()));
                    // A later file takes the key from whatever it did before.
                    layer.bound.retain(|(b, _)| *b != key);
                    for e in &mut layer.entries {
                        e.keys.retain(|n| Key::parse(n).ok() != Some(key));
                    }
                    layer.bound.push((key, action));
                    keys.push(k.clone());
                }
                if action.is_some() {
                    entry.keys = keys;
                    layer.entries.push(entry);
                }
            }
        }
    }
}

mod file;
mod key;
#[cfg(test)]
mod tests;

pub(crate) use key::Key;

//! The modal layer that sees keys before the screens: filter, palette, help, the triage
//! dialogs (picker, text editor, priority, confirmation, 412), the outbox, the question on
//! quitting with actions pending, and the alert list. Every text field among them (filter,
//! palette, the picker's query, the editor's text) is a [`TextInput`].

use crate::api::types::{Problem, TimelineEvent};

use crate::console::model::text_input::TextInput;
use crate::console::model::triage::{Op, TextKind};

/// The layer on top that sees keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// None: the screens get keys.
    None,
    /// Typing a filter (the screen's filter follows the text as it changes).
    Filter {
        /// The filter being edited, with its cursor.
        input: TextInput,
    },
    /// The command palette with its input and the selected suggestion.
    Palette {
        /// The command line typed so far, without the leading `:`.
        input: TextInput,
        /// Index of the selected suggestion among the completions of `input`.
        selected: usize,
    },
    /// Help, scrolled by this many lines.
    Help {
        /// Lines scrolled down from the top of the help text.
        scroll: usize,
    },
    /// The reassign picker on a problem.
    Picker {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// What is typed.
        query: TextInput,
        /// Index of the selected choice among the ranked matches of `query`.
        selected: usize,
    },
    /// A one-line editor for a resolution, reason or comment.
    Text {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// What the text is for.
        kind: TextKind,
        /// The text typed so far; sent trimmed, and refused when empty.
        text: TextInput,
        /// An empty text was refused.
        refused: bool,
    },
    /// The priority chooser.
    Priority {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// 0 urgent, 1 high, 2 normal.
        selected: usize,
    },
    /// A reminder to a park's or a unit's overdue enterprises: the server's count, to confirm
    /// (starts on Cancel).
    Remind {
        /// What it would send.
        choice: crate::console::model::reminders::RemindChoice,
        /// How many enterprises the overdue list holds there.
        count: i64,
        /// Apply is chosen.
        yes: bool,
    },
    /// A confirmation (starts on Cancel).
    Confirm {
        /// The problem as the user saw it.
        problem: Box<Problem>,
        /// What would be sent.
        op: Op,
        /// Apply is chosen.
        yes: bool,
    },
    /// 412: someone changed the problem first; apply to the new version?
    Stale {
        /// The problem as it is now.
        current: Box<Problem>,
        /// The version the user had seen.
        seen_version: i64,
        /// What changed meanwhile.
        events: Vec<TimelineEvent>,
        /// The action that was refused.
        op: Op,
        /// Apply is chosen.
        yes: bool,
    },
    /// `:outbox`: the actions awaiting a definite answer, with their age and last error.
    Outbox {
        /// Index of the selected action (oldest first).
        selected: usize,
        /// Asking whether to drop the selected action (Cancel first).
        dropping: bool,
    },
    /// Quit while actions await an answer: asks first (starts on Cancel).
    Quit {
        /// Quit is chosen.
        yes: bool,
    },
    /// The recent alerts.
    Alerts {
        /// Index of the selected alert in the list (newest first).
        selected: usize,
    },
}

//! The console's model: plain data that `update` changes and the views read. The state
//! ([`state::State`]), what a screen shows ([`view`]), the dashboard's panes ([`pane`]), the
//! link's freshness ([`link`]), the banners that go when their cause does ([`banners`]), the modal layer ([`modal`]), triage ([`triage`]), the actions awaiting a definite answer
//! ([`outbox`]),
//! alerts, the reassign candidates ([`assignees`]), the one editable line of every text field
//! ([`text_input`]), the keymap and the settings.

pub(crate) mod alerts;
pub(crate) mod assignees;
pub(crate) mod banners;
pub(crate) mod days;
pub(crate) mod export;
pub(crate) mod keymap;
pub(crate) mod link;
pub(crate) mod modal;
pub(crate) mod outbox;
pub(crate) mod paged;
pub(crate) mod pane;
pub(crate) mod reminders;
pub(crate) mod settings;
pub(crate) mod state;
pub(crate) mod text_input;
pub(crate) mod triage;
pub(crate) mod view;

pub(crate) use link::Freshness;
pub(crate) use modal::Modal;
pub(crate) use paged::Paged;
pub(crate) use pane::Pane;
pub(crate) use state::{Frozen, Held, State};
pub(crate) use text_input::TextInput;
pub(crate) use view::{ListRef, Nav, PageRows, Place, ProblemFilter, ProblemList, Screen, View, ViewData};

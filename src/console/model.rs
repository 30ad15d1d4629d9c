//! The console's model: plain data that `update` changes and the views read. The state
//! ([`state::State`]), what a screen shows ([`view`]), the dashboard's panes ([`pane`]), the
//! link's freshness ([`link`]), the modal layer ([`modal`]), triage in flight ([`triage`]),
//! alerts, the reassign candidates ([`assignees`]), the keymap and the settings.

pub mod alerts;
pub mod assignees;
pub mod keymap;
pub mod link;
pub mod modal;
pub mod pane;
pub mod settings;
pub mod state;
pub mod triage;
pub mod view;

pub use link::{Freshness, Link};
pub use modal::Modal;
pub use pane::Pane;
pub use state::{Frozen, Held, State};
pub use view::{Nav, Place, ProblemFilter, Screen, View, ViewData};

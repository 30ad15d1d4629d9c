//! The terminal console: a pure `update` over `model::State`, views that only draw, and IO
//! at the edge (the poller, the outbox and the run loop).
//!
//! Layers, each a folder; imports point only down this list (see `docs/architecture.md`):
//! - `look`: labels in both languages, width-aware formatting, themes;
//! - `model`: the state (views, panes, modals, pending triage, alerts, keymap, settings);
//! - `message`: what flows into `update` and the effects that come out;
//! - `tables`: every pane and list as a table of cells, with filter and sort;
//! - `update`: the pure update function (dispatch, navigation, input, palette, triage, dialogs);
//! - `views`: drawing the state with ratatui;
//! - `runtime`: the edge: run loop, poller, outbox, set-up, logging, snapshot.
//!
//! Entry points for `main.rs`: [`run`] (the live console), [`snapshot()`] (one frame as text)
//! and [`init_file_logging`].

pub(crate) mod look;
pub(crate) mod message;
pub(crate) mod model;
pub(crate) mod runtime;
pub(crate) mod tables;
pub(crate) mod update;
pub(crate) mod views;

#[cfg(test)]
mod tests;

pub use runtime::export::command::{ExportError, ExportOptions, check as check_export, export};
pub use runtime::logging::init_file_logging;
pub use runtime::run_loop::{restore_terminal, run};
pub use runtime::setup::{ConsoleOptions, initial_state, user_keymap_path};
pub use runtime::snapshot::{SnapshotOptions, snapshot};
/// Measuring support for the benches and `dutydesk loadtest`; not a stable interface.
#[doc(hidden)]
pub use runtime::support;

//! The console's edge, where IO happens: the run loop (terminal, events, redraws), the poller,
//! the outbox and the reminders (HTTP, and their journals on disk), the picker's officer search (HTTP), the offline
//! cache (disk), the set-up from options and config, file logging, and the one-frame snapshot.

pub(crate) mod cache;
pub(crate) mod clipboard;
pub(crate) mod cycle;
pub(crate) mod export;
pub(crate) mod journal;
pub(crate) mod logging;
pub(crate) mod outbox;
pub(crate) mod pages;
pub(crate) mod poller;
pub(crate) mod reconnect;
pub(crate) mod reminders;
pub(crate) mod run_loop;
pub(crate) mod search;
pub(crate) mod setup;
pub(crate) mod snapshot;
pub mod support;

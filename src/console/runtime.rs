//! The console's edge, where IO happens: the run loop (terminal, events, redraws), the poller
//! and the outbox (HTTP), the set-up from options and config, file logging, and the one-frame
//! snapshot.

pub mod logging;
pub mod outbox;
pub mod poller;
pub mod run_loop;
pub mod setup;
pub mod snapshot;

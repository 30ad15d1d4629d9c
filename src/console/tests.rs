//! The console's multi-file test suites: `update` (navigation, filter, sort, freeze, palette,
//! freshness), triage and the reassign picker, insta snapshots of every view, and IO against a loopback fake, over the
//! shared test data in [`fixtures`].

mod changsha;
pub(crate) mod fixtures;
mod io;
mod paging;
mod picker;
mod search;
pub(crate) mod triage;
mod update;
mod views;
mod views_triage;

//! The console's multi-file test suites: `update` (navigation, filter, sort, freeze, palette,
//! freshness), the dashboard's scope (city, county, park rows; breadcrumbs), triage and the
//! reassign picker (its server search in `search`), the outbox, insta snapshots of every view,
//! IO against a loopback fake, and the link states against a fault-injecting server (`link`,
//! `faults`), over the shared test data in [`fixtures`] (with [`province`] and [`details`]).

mod changsha;
mod chart;
mod clock;
mod days;
mod deadlines;
mod details;
mod editing;
mod export;
mod faults;
mod find_io;
mod findcopy;
pub(crate) mod fixtures;
mod handover;
pub(crate) mod io;
mod link;
mod offline;
mod outbox;
mod outbox_io;
mod paging;
mod paths;
mod picker;
pub(crate) mod province;
mod reminders;
mod scope;
mod search;
mod severity;
mod timeline;
pub(crate) mod triage;
mod update;
mod views;
mod views_triage;

//! Demo data and live activity: [`seed::generate`] builds a whole campaign (organisation,
//! 14 days of history, problems) for a preset; [`simulate::run`] drives a realistic day through
//! the HTTP API as officers and park desks would.

pub mod client;
pub mod geo;
pub mod history;
pub mod names;
pub mod org;
pub mod orgunits;
pub mod plan;
pub mod planner;
pub mod seed;
pub mod simulate;
pub mod texts;
pub mod timeline;

#[cfg(test)]
mod load_tests;
#[cfg(test)]
mod planner_tests;
#[cfg(test)]
mod simulate_tests;
#[cfg(test)]
mod tests;

pub use plan::{SimAction, World};
pub use planner::plan_tick;
pub use seed::{Preset, generate};
pub use simulate::run;

//! Demo data and live activity: [`seed::generate`] builds a whole campaign (organisation,
//! 14 days of history, problems) for a preset; [`simulate::run`] drives a realistic day through
//! the HTTP API as officers and park desks would.

pub mod geo;
pub mod history;
pub mod names;
pub mod org;
pub mod seed;
pub mod texts;
pub mod timeline;

#[cfg(test)]
mod tests;

pub use seed::{Preset, generate};

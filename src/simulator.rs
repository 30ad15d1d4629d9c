//! The live simulator: drives a realistic day through the HTTP API as officers, park desks and
//! departments would. [`world`] is what it knows, [`actions`] what it can do, [`planner`]
//! (pure) picks the next actions, and [`run()`] is the loop that reads, plans and sends through
//! [`crate::api::client::ApiClient`].

pub mod actions;
pub mod planner;
pub mod run;
pub mod world;

#[cfg(test)]
mod tests;

pub use actions::SimAction;
pub use planner::plan_tick;
pub use run::run;
pub use world::World;

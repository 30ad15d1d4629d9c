//! Serde types of the reporting API (`/api/v1`): what the server sends and what clients post.
//! Times are RFC 3339 instants; days are local dates (`YYYY-MM-DD`) in the configured zone.

mod figures;
mod handover;
mod org;
mod people;
mod problems;
mod reminders;
mod requests;
mod scope;

pub use figures::*;
pub use handover::*;
pub use org::*;
pub use people::*;
pub use problems::*;
pub use reminders::*;
pub use requests::*;
pub use scope::*;

//! The wire contract shared by the server and its clients, and the HTTP client.

pub mod client;
pub mod handover_text;
pub mod headers;
pub mod sanitize;
pub mod triage;
pub mod types;
pub mod write_outcome;

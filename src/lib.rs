//! dutydesk: the operations console of a return-to-work command center, and the reference
//! reporting API server it polls (with demo data and a live simulator).

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod demo;
pub mod domain;
pub mod loadtest;
pub mod matcher;
pub mod roster;
pub mod seed;
pub mod server;
pub mod simulator;
pub mod store;

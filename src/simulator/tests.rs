//! Suites of the live simulator: [`planner`] (the pure planner on a hand-made world, at every
//! hour) and [`fake_server`] (the whole run loop against a fake API on a loopback port).

mod fake_server;
mod planner;

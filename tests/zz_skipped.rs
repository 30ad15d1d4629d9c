//! The last test binary of `cargo test` (cargo runs test targets in name order): prints what
//! this run skipped and why, one line per kind, from the markers the skipped tests left
//! (`tests/common/skip.rs`), then removes them. Without a test harness (`harness = false` in
//! Cargo.toml), so it prints straight to stdout.

#[path = "common/skip.rs"]
mod skip;

fn main() {
    // `cargo test -- --list` asks every binary for its tests; this one has none.
    if std::env::args().skip(1).any(|a| a == "--list") {
        return;
    }
    let run = skip::run_dir();
    let lines = skip::summary_lines(&skip::read_markers(&run));
    println!();
    if lines.is_empty() {
        println!("skipped: none (no test in this run lacked PostgreSQL or tmux)");
    }
    for line in lines {
        println!("{line}");
    }
    println!();
    skip::clear(&skip::marker_root(), &run);
}

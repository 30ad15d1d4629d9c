//! The skip markers and the end-of-run summary (`tests/common/skip.rs`): one line per kind with
//! the count, the binaries and the reasons; markers of an ended run are cleared, a live run's
//! are kept.

#[path = "common/skip.rs"]
mod skip;

use skip::{Marker, clear, read_markers, run_name, summary_lines};

fn marker(kind: &str, binary: &str, reason: &str) -> Marker {
    Marker { kind: kind.into(), binary: binary.into(), reason: reason.into() }
}

#[test]
fn one_line_per_kind_known_kinds_first() {
    let pg = "cannot connect to postgres://postgres@127.0.0.1:1/postgres: connection refused";
    let markers = vec![
        marker("spreadsheet reader", "export", "ssconvert not on PATH"),
        marker("tmux", "e2e_triage", "tmux not on PATH"),
        marker("PostgreSQL", "seed_presets", pg),
        marker("PostgreSQL", "api_write", pg),
        marker("tmux", "e2e_console", "tmux not on PATH"),
        marker("PostgreSQL", "api_write", pg),
    ];
    assert_eq!(
        summary_lines(&markers),
        vec![
            format!("skipped: 3 PostgreSQL tests in api_write, seed_presets ({pg}; set DUTYDESK_REQUIRE_PG=1 to fail instead)"),
            "skipped: 2 tmux tests in e2e_console, e2e_triage (tmux not on PATH; set DUTYDESK_REQUIRE_TMUX=1 to fail instead)"
                .to_string(),
            "skipped: 1 spreadsheet reader test in export (ssconvert not on PATH)".to_string(),
        ]
    );
}

#[test]
fn different_reasons_are_all_named_and_nothing_skipped_is_no_line() {
    let markers = [marker("tmux", "e2e_console", "tmux not on PATH"), marker("tmux", "e2e_triage", "`tmux -V` failed")];
    assert_eq!(
        summary_lines(&markers),
        [
            "skipped: 2 tmux tests in e2e_console, e2e_triage (tmux not on PATH; `tmux -V` failed; set DUTYDESK_REQUIRE_TMUX=1 to fail instead)"
        ]
    );
    assert!(summary_lines(&[]).is_empty());
}

#[test]
fn markers_round_trip_through_files_and_other_files_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let odd = marker("PostgreSQL", "api_read", "line one\nline\ttwo");
    odd.write(&run).unwrap();
    marker("tmux", "e2e_console", "tmux not on PATH").write(&run).unwrap();
    std::fs::write(run.join("notes.txt"), "PostgreSQL\tx\ty\n").unwrap();
    let read = read_markers(&run);
    assert_eq!(read.len(), 2, "{read:?}");
    assert!(read.contains(&marker("PostgreSQL", "api_read", "line one line two")), "{read:?}");
    assert!(read.contains(&marker("tmux", "e2e_console", "tmux not on PATH")), "{read:?}");
    assert!(read_markers(&dir.path().join("missing")).is_empty());
}

#[test]
fn clearing_removes_the_reported_run_and_ended_runs_but_keeps_a_live_one() {
    let root = tempfile::tempdir().unwrap();
    // A process that has ended: its pid names no running process now.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let ended_pid = child.id();
    child.wait().unwrap();
    let live = root.path().join(run_name(std::process::id()));
    let ended = root.path().join(run_name(ended_pid));
    let reported = root.path().join(run_name(std::os::unix::process::parent_id()));
    let stranger = root.path().join("run-not-a-pid");
    for dir in [&live, &ended, &reported, &stranger] {
        marker("tmux", "e2e_console", "tmux not on PATH").write(dir).unwrap();
    }
    assert_ne!(live, ended, "the two runs have different names");

    clear(root.path(), &reported);
    assert!(live.exists(), "a live run's markers stay");
    assert!(!reported.exists(), "the reported run is cleared");
    assert!(!ended.exists(), "an ended run's markers go");
    assert!(!stranger.exists(), "what is not a run goes");
}

#[test]
fn a_reused_pid_names_another_run() {
    let me = std::process::id();
    let name = run_name(me);
    assert_eq!(name, run_name(me), "a run's name is stable while it goes");
    let started = name.rsplit('-').next().unwrap();
    assert_ne!(started, "0", "the start time comes from /proc: {name}");
    assert!(skip::run_dir().starts_with(skip::marker_root()));
}

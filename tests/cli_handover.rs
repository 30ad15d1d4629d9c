//! `dutydesk handover` on the embedded demo: `--since` spellings, markdown and JSON output,
//! and bad values refused on one line with exit status 2.

use std::process::Command;

use chrono::{DateTime, NaiveTime, Utc};
use dutydesk::api::handover_text::last_before;

/// The binary with a home of its own (its demo database is fresh) and no API configured.
fn run(home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dutydesk"))
        .args(["handover", "--lang", "en"])
        .args(args)
        .env_remove("DUTYDESK_API")
        .env_remove("DUTYDESK_TOKEN")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", home)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn bad_values_are_one_line_and_status_2() {
    let home = tempfile::tempdir().unwrap();
    for (args, says) in [
        (vec!["--since", "25:00"], "is not a time: use HH:MM"),
        (vec!["--since", "2026-13-01"], "is not a time"),
        (vec!["--since", "20:00", "--until", "later"], "--until"),
        (vec!["--since", "20:00", "--format", "pdf"], "use text, markdown or json"),
        (vec!["--since", "20:00", "--limit", "0"], "--limit 0"),
        (vec!["--since", "20:00", "--scope", "county:9999"], "scope"),
    ] {
        let (code, out, err) = run(home.path(), &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn since_a_time_of_day_is_the_last_one_before_now_and_markdown_pastes() {
    let home = tempfile::tempdir().unwrap();
    let before = Utc::now();
    let (code, out, err) = run(home.path(), &["--since", "20:00", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let since: DateTime<Utc> = json["since"].as_str().unwrap().parse().unwrap();
    let twenty = NaiveTime::from_hms_opt(20, 0, 0).unwrap();
    let after = Utc::now();
    // The last 20:00 in Shanghai before the run (the same at its start and end but for a run
    // across 20:00 itself).
    let expected = [before, after].map(|t| last_before(twenty, t, chrono_tz::Asia::Shanghai));
    assert!(expected.contains(&since), "{since} not in {expected:?}");
    for list in ["raised", "escalated", "past_sla", "resolved", "reopened", "desk", "still_open", "overdue"] {
        let total = json[list]["total"].as_i64().unwrap();
        assert!(json[list]["items"].as_array().unwrap().len() as i64 <= total.min(20), "{list}");
    }

    let (code, md, err) = run(home.path(), &["--since", "2026-01-01 20:00", "--until", "now", "--format", "markdown"]);
    // A window over 31 days is the server's 422: refused, exit 2.
    assert_eq!(code, 2, "{md}{err}");
    assert!(err.contains("31 days"), "{err}");
    let since = last_before(twenty, Utc::now(), chrono_tz::Asia::Shanghai)
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let (code, md, err) = run(home.path(), &["--since", &since, "--format", "markdown", "--limit", "2"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("## Shift handover · 娄底市 · "), "{md}");
    assert!(
        md.contains("| raised | escalated | past SLA | resolved | reopened | still open | still escalated |\n|---:|"),
        "{md}"
    );
    assert!(md.contains("\n### Raised ("), "{md}");
    assert!(md.contains("\n### Overdue reports of "), "{md}");
    assert!(md.lines().any(|l| l.starts_with("- **")), "{md}");
}

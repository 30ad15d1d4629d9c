//! The binary's command line: clear one-line errors with a distinct exit status per kind of
//! failure (2 usage, 78 config, 69 unavailable, 77 auth), the token commands, `--version`, the
//! shell completions and the manual pages (rendered by `man -l`: skipped without `man`, unless
//! `DUTYDESK_REQUIRE_MAN=1` as in `.ci/run`).

#[path = "common/skip.rs"]
mod skip;

use std::process::Command;

fn dutydesk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dutydesk"));
    c.env_remove("DUTYDESK_API")
        .env_remove("DUTYDESK_TOKEN")
        .env_remove("DUTYDESK_DB")
        .env("HOME", std::env::temp_dir());
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = dutydesk().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn unsupported_db_scheme_is_one_line_and_status_2() {
    let (code, _, err) = run(&["token", "list", "--db", "mysql://root@localhost/x"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("unsupported database scheme"), "{err}");
}

#[test]
fn unreachable_postgres_is_one_line_and_status_69() {
    let (code, _, err) = run(&["serve", "--db", "postgres://nobody@127.0.0.1:1/none", "--listen", "127.0.0.1:0"]);
    assert_eq!(code, 69, "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("cannot open database postgres://nobody@127.0.0.1:1/none"), "{err}");
}

#[test]
fn bad_config_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "[server]\nreport_dedline = \"20:00\"\n").unwrap();
    let (code, _, err) = run(&["--config", file.to_str().unwrap(), "token", "list", "--db", "x.db"]);
    assert_eq!(code, 78, "the config status: {err}");
    assert!(err.contains("server.report_dedline"), "{err}");
}

#[test]
fn bad_serve_flags_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let (code, _, err) = run(&["serve", "--db", db.to_str().unwrap(), "--time-zone", "Mars/Olympus"]);
    assert_eq!(code, 2);
    assert!(err.contains("Mars/Olympus"), "{err}");
    let (code, _, err) = run(&["serve", "--db", db.to_str().unwrap(), "--listen", "not-an-address"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot listen"), "{err}");
}

#[test]
fn token_create_list_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let (code, out, err) = run(&["token", "create", "--db", db, "--role", "viewer", "--name", "夜班 刘洋"]);
    assert_eq!(code, 0, "{err}");
    let secret = out.trim().lines().last().unwrap();
    assert!(secret.starts_with("dd_") && secret.len() > 40, "{out}");
    let (_, out, _) = run(&["token", "list", "--db", db]);
    assert!(out.contains("夜班 刘洋") && out.contains("viewer"), "{out}");
    assert!(!out.contains(secret), "the secret is never listed");
    let (code, out, _) = run(&["token", "revoke", "--db", db, "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("revoked token 1"));
    let (code, _, err) = run(&["token", "revoke", "--db", db, "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("no live token"), "{err}");
    let (code, _, err) = run(&["token", "create", "--db", db, "--role", "officer", "--name", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--officer"), "{err}");
    let (code, _, _) = run(&["token", "create", "--db", db, "--role", "emperor", "--name", "x"]);
    assert_eq!(code, 2, "clap rejects an unknown role");
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut child = dutydesk()
        .args(["serve", "--db", db.to_str().unwrap(), "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    // Wait (bounded) for the "serving" line before signalling.
    let mut seen = String::new();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 256];
    while !seen.contains("serving http://") && started.elapsed() < std::time::Duration::from_secs(20) {
        use std::io::Read;
        let n = stderr.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("serving http://"), "{seen}");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    use std::io::Read;
    stderr.read_to_string(&mut rest).unwrap();
    let code = child.wait().unwrap();
    assert!(code.success(), "{code:?}");
    assert!(rest.contains("stopped"), "{rest}");
}

#[test]
fn loadtest_refuses_a_plan_that_cannot_run() {
    let (code, _, err) = run(&["loadtest", "--api", "http://127.0.0.1:1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("needs console tokens"), "{err}");
    let (code, _, err) = run(&["loadtest", "--api", "http://127.0.0.1:1", "--token", "t", "--rate", "150"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--writer-token-file"), "{err}");
    let (code, _, err) = run(&["loadtest", "--api", "http://127.0.0.1:1", "--token", "t", "--consoles", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--consoles must be at least 1"), "{err}");
}

/// `serve` with its stderr in a file: a database file and a config file holding a token that
/// others can read are each named with the chmod to run, and the log holds no escape codes.
#[cfg(unix)]
#[test]
fn serve_warns_about_readable_secrets_and_logs_without_ansi() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let (code, _, err) =
        run(&["token", "create", "--db", fresh.to_str().unwrap(), "--role", "admin", "--name", "管理员"]);
    assert_eq!(code, 0, "{err}");
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a new database file is its owner's only");
    let db = dir.path().join("open.db");
    std::fs::write(&db, "").unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[console]\napi = \"http://127.0.0.1:1\"\ntoken = \"s3cret\"\n").unwrap();
    for f in [&db, &config] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let log = dir.path().join("serve.log");
    let mut child = dutydesk()
        .args(["--config", config.to_str().unwrap(), "serve", "--db", db.to_str().unwrap(), "--listen", "127.0.0.1:0"])
        .env("DUTYDESK_LOG", "debug")
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap();
        if text.contains("serving http://") || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(text.contains("serving http://"), "{text}");
    for (what, path) in [("database file", &db), ("config file (it holds a token)", &config)] {
        let line = format!(
            "the {what} {} is readable by others (mode 644); run: chmod 600 {}",
            path.display(),
            path.display()
        );
        assert!(text.contains(&line), "{line:?} in {text}");
    }
    assert!(text.contains("WARN"), "the warning is logged too: {text}");
    assert!(!text.contains('\u{1b}'), "no escape codes in a log that is not a terminal: {text:?}");
}

fn run_env(args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = dutydesk();
    for (k, v) in vars {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The line of `dutydesk config`'s output that sets `key` (within its section, first match).
fn line_of<'t>(text: &'t str, section: &str, key: &str) -> &'t str {
    let start = text.find(&format!("\n[{section}]\n")).unwrap_or_else(|| panic!("[{section}] in {text}"));
    text[start..].lines().find(|l| l.starts_with(&format!("{key} = "))).unwrap_or_else(|| panic!("{key} in {text}"))
}

#[test]
fn config_prints_the_settings_in_effect_with_where_each_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "[console]\ntheme = \"light\"\n\n[server.sla_hours]\nhigh = 6\n").unwrap();
    let f = file.to_str().unwrap();
    let vars = [("DUTYDESK_CONSOLE__BELL", "true"), ("DUTYDESK_TOKEN", "dd_secret"), ("DUTYDESK_THEMES", "x")];
    let (code, out, err) = run_env(&["--config", f, "--lang", "zh-CN", "config"], &vars);
    assert_eq!(code, 0, "{err}");
    let parsed: toml::Table = toml::from_str(&out).unwrap_or_else(|e| panic!("TOML: {e}\n{out}"));
    assert_eq!(parsed["console"]["theme"].as_str(), Some("light"));
    assert_eq!(parsed["console"]["bell"].as_bool(), Some(true));
    assert_eq!(parsed["console"]["lang"].as_str(), Some("zh-CN"));
    assert_eq!(parsed["server"]["sla_hours"]["high"].as_integer(), Some(6));
    assert!(line_of(&out, "console", "theme").ends_with(&format!("# {f}:2")), "{out}");
    assert!(line_of(&out, "server.sla_hours", "high").ends_with(&format!("# {f}:5")), "{out}");
    assert!(line_of(&out, "console", "bell").ends_with("# DUTYDESK_CONSOLE__BELL"), "{out}");
    assert!(line_of(&out, "console", "lang").ends_with("# --lang"), "{out}");
    assert!(line_of(&out, "console", "token").ends_with("# DUTYDESK_TOKEN (--token)"), "{out}");
    assert!(line_of(&out, "server", "city").ends_with("# built-in"), "{out}");
    assert!(!out.contains("dd_secret"), "the token is hidden: {out}");
    assert!(out.contains(&format!("# The user file: {f}")), "{out}");
    assert!(out.contains("# warning: DUTYDESK_THEMES is not a dutydesk variable"), "{out}");
}

#[test]
fn config_defaults_prints_the_documented_built_in_file_whatever_the_user_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "[console]\nbell = tru\n").unwrap();
    let (code, out, err) = run(&["--config", file.to_str().unwrap(), "config", "--defaults"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, include_str!("../config/default.toml"));
}

#[test]
fn a_config_mistake_names_the_file_line_column_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "[console]\nbell = tru\n").unwrap();
    let f = file.to_str().unwrap();
    for args in [vec!["--config", f, "config"], vec!["--config", f, "token", "list", "--db", "x.db"]] {
        let (code, _, err) = run(&args);
        assert_ne!(code, 0);
        assert!(
            err.starts_with(&format!("dutydesk: {f}:2:8: console.bell: ")) && err.contains("takes true or false"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("built-in") && !err.contains("default.toml"), "{err}");
    }
    let (code, _, err) = run_env(&["config"], &[("DUTYDESK_SERVER__SLA_HOURS__URGENT", "two")]);
    assert_ne!(code, 0);
    assert!(
        err.contains("environment variable DUTYDESK_SERVER__SLA_HOURS__URGENT: server.sla_hours.urgent: invalid type"),
        "{err}"
    );
}

/// Each kind of failure has its own status: a config file that is not TOML (78), an API
/// nothing listens on (69), a token a real server refuses (77), an unknown flag (2, clap's).
#[test]
fn each_kind_of_failure_exits_with_its_own_status() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[console]\nbell = tru\n").unwrap();
    let (code, _, err) = run(&["--config", config.to_str().unwrap(), "snapshot"]);
    assert_eq!(code, 78, "{err}");
    assert!(err.contains(config.to_str().unwrap()), "names the file: {err}");
    let (code, _, err) = run(&["snapshot", "--api", "http://127.0.0.1:1", "--token", "t"]);
    assert_eq!(code, 69, "{err}");
    assert!(err.contains("unreachable") && err.trim().lines().count() == 1, "{err}");
    let (code, _, err) = run(&["handover", "--since", "20:00", "--api", "http://127.0.0.1:1", "--token", "t"]);
    assert_eq!(code, 69, "{err}");
    let (code, _, err) = run(&["snapshot", "--no-such-flag"]);
    assert_eq!(code, 2, "{err}");

    let db = dir.path().join("t.db");
    let (mut server, api) = serve(db.to_str().unwrap());
    let refused = run(&["snapshot", "--api", &api, "--token", "dd_not_a_token"]);
    let export_out = dir.path().join("p.csv");
    let export =
        run(&["export", "--view", "problems", "--out", export_out.to_str().unwrap(), "--api", &api, "--token", "x"]);
    let _ = server.kill();
    let _ = server.wait();
    let (code, _, err) = refused;
    assert_eq!(code, 77, "{err}");
    assert!(err.contains("401"), "{err}");
    assert_eq!(export.0, 77, "{}", export.2);
}

/// `dutydesk serve` on `db` at a free loopback port: the child and the API's base URL, read
/// from its "serving" line (bounded wait).
fn serve(db: &str) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = dutydesk()
        .args(["serve", "--db", db, "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    for line in stderr.lines() {
        let line = line.unwrap();
        if let Some(rest) = line.split_once("serving ").map(|(_, r)| r) {
            let url = rest.split_whitespace().next().unwrap().to_string();
            return (child, url);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server ended before serving");
}

#[test]
fn version_names_the_commit_and_the_build_date() {
    let (code, out, err) = run(&["--version"]);
    assert_eq!(code, 0, "{err}");
    let line = out.trim();
    let rest =
        line.strip_prefix(&format!("dutydesk {} (", env!("CARGO_PKG_VERSION"))).unwrap_or_else(|| panic!("{line}"));
    let (commit, date) = rest.trim_end_matches(')').split_once(", built ").unwrap_or_else(|| panic!("{line}"));
    let hash = commit.trim_end_matches("-dirty");
    assert!(commit == "unknown" || (hash.len() == 9 && hash.chars().all(|c| c.is_ascii_hexdigit())), "{line}");
    assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "{line}");
}

#[test]
fn completions_are_valid_scripts_that_name_the_subcommands() {
    let (code, bash, err) = run(&["completions", "bash"]);
    assert_eq!(code, 0, "{err}");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("dutydesk.bash");
    std::fs::write(&script, &bash).unwrap();
    let check = Command::new("bash").arg("-n").arg(&script).output().unwrap();
    assert!(check.status.success(), "bash -n: {}", String::from_utf8_lossy(&check.stderr));
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in ["serve", "snapshot", "handover", "export", "completions", "token-file"] {
            assert!(out.contains(word), "{shell} completes {word}");
        }
    }
    let (code, _, _) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is bad usage");
}

/// `man -l` of a page: its text, or None after recording the skip when `man` cannot run.
fn man_l(page: &std::path::Path) -> Option<String> {
    let out = match Command::new("man").args(["-P", "cat", "-l"]).arg(page).env("MANWIDTH", "100").output() {
        Ok(out) => out,
        Err(e) => {
            skip::MAN.skip(&format!("cannot run man: {e}"));
            return None;
        }
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.trim().is_empty(), "man -l {}: {err}", page.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_manual_pages_render_with_man() {
    let (code, roff, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(roff.starts_with(".ie") || roff.contains(".TH dutydesk"), "roff: {}", &roff[..roff.len().min(200)]);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("stdout.1");
    std::fs::write(&page, &roff).unwrap();
    let Some(text) = man_l(&page) else {
        return;
    };
    for words in ["dutydesk", "SUBCOMMANDS", "serve", "Exit status:", "77  refused"] {
        assert!(text.contains(words), "{words:?} in the rendered page:\n{text}");
    }
    let out = dir.path().join("pages");
    let (code, _, err) = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let serve = man_l(&out.join("dutydesk-serve.1")).unwrap();
    assert!(serve.contains("--listen"), "{serve}");
    let create = man_l(&out.join("dutydesk-token-create.1")).unwrap();
    assert!(create.contains("--role"), "{create}");
    assert!(out.join("dutydesk.1").is_file() && !out.join("dutydesk-loadtest.1").exists());
}

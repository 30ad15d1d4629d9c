//! `dutydesk config`: the settings in effect as TOML, each value with where it came from
//! (built-in, the user file's `path:line`, a `DUTYDESK_SECTION__KEY` variable, a flag or the
//! variable of a flag), in the order and sections of `config/default.toml`; the token is
//! hidden. `dutydesk config --defaults` prints the built-in file itself, with its comments.
//! Also the check of the environment for `DUTYDESK_…` variables dutydesk does not read.

use std::collections::BTreeMap;
use std::io::Write;

use clap::CommandFactory;
use clap::parser::ValueSource;
use unicode_width::UnicodeWidthStr;

use super::Failure;
use crate::cli::{Cli, ConfigArgs};
use crate::config::{Config, DEFAULT_TOML, env, user_config_path};

/// The flags of the console (before any subcommand) that set a setting: clap's id, the key.
const CONSOLE_FLAGS: [(&str, &str); 7] = [
    ("api", "console.api"),
    ("token", "console.token"),
    ("token_file", "console.token_file"),
    ("theme", "console.theme"),
    ("lang", "console.lang"),
    ("readonly", "console.readonly"),
    ("ca_cert", "console.ca_cert"),
];

/// The flags of `dutydesk serve` that override a `[server]` setting: clap's id, the key. Only
/// their variables can reach `dutydesk config`.
const SERVE_FLAGS: [(&str, &str); 5] = [
    ("city", "server.city"),
    ("time_zone", "server.time_zone"),
    ("report_deadline", "server.report_deadline"),
    ("checkin_cutoff", "server.checkin_cutoff"),
    ("poll_interval", "server.poll_interval_secs"),
];

/// `dutydesk config [--defaults]`.
pub fn run(cli: &Cli, args: &ConfigArgs) -> Result<(), Failure> {
    let text = if args.defaults { DEFAULT_TOML.to_string() } else { effective(cli)? };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).map_err(|e| Failure::runtime(format!("cannot write the settings: {e}")))
}

/// The settings in effect with their sources, as the TOML text `dutydesk config` prints.
fn effective(cli: &Cli) -> Result<String, Failure> {
    let vars = env::settings(std::env::vars_os()).map_err(Failure::usage)?;
    let traced = Config::load_traced(cli.config.as_deref(), &vars).map_err(|e| Failure::usage(e.to_string()))?;
    let mut values = table(&traced.config).map_err(Failure::runtime)?;
    let mut sources: BTreeMap<String, String> =
        traced.sources.iter().map(|(k, s)| (k.clone(), s.to_string())).collect();
    let matches = Cli::command().try_get_matches_from(std::env::args_os()).ok();
    for (id, key) in CONSOLE_FLAGS {
        if let Some((value, source)) = console_flag(cli, matches.as_ref(), id) {
            put(&mut values, key, value);
            sources.insert(key.to_string(), source);
        }
    }
    let serve = Cli::command().find_subcommand("serve").cloned();
    for (id, key) in SERVE_FLAGS {
        let Some(var) = serve
            .as_ref()
            .and_then(|c| c.get_arguments().find(|a| a.get_id() == id)?.get_env().map(std::ffi::OsStr::to_os_string))
        else {
            continue;
        };
        if let Some(value) = std::env::var(&var).ok().filter(|v| !v.is_empty()) {
            let value = value.parse::<i64>().map_or(toml::Value::String(value), toml::Value::Integer);
            put(&mut values, key, value);
            sources.insert(key.to_string(), format!("{} (dutydesk serve)", var.to_string_lossy()));
        }
    }
    let file = match Config::file(cli.config.as_deref()) {
        Some(path) => format!("# The user file: {}", path.display()),
        None => format!(
            "# No user file ({} does not exist; --config FILE names one).",
            user_config_path().map_or_else(|| "the user's config file".into(), |p| p.display().to_string())
        ),
    };
    let mut text = format!(
        "# The settings in effect, each with where it came from: built-in (the defaults, with their\n\
         # meaning in `dutydesk config --defaults`), the user file (path:line), a DUTYDESK_SECTION__KEY\n\
         # variable, or a flag (or the variable of a flag). The token is hidden.\n{file}\n"
    );
    text.push_str(&render(&values, &sources));
    let warnings = unknown_variables();
    if !warnings.is_empty() {
        text.push('\n');
        text.extend(warnings.iter().map(|w| format!("# {w}\n")));
    }
    Ok(text)
}

/// The settings as a TOML table.
fn table(config: &Config) -> Result<toml::Table, String> {
    match toml::Value::try_from(config) {
        Ok(toml::Value::Table(t)) => Ok(t),
        Ok(_) => Err("the settings are not a table".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// The value and source of a console flag given on the command line or by its variable.
fn console_flag(cli: &Cli, matches: Option<&clap::ArgMatches>, id: &str) -> Option<(toml::Value, String)> {
    let c = &cli.console;
    let path = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let value = match id {
        "api" => c.api.clone().map(toml::Value::String),
        "token" => c.token.clone().map(toml::Value::String),
        "token_file" => path(&c.token_file).map(toml::Value::String),
        "theme" => c.theme.clone().map(toml::Value::String),
        "lang" => c.lang.clone().map(toml::Value::String),
        "readonly" => c.readonly.then_some(toml::Value::Boolean(true)),
        _ => path(&c.ca_cert).map(toml::Value::String),
    }?;
    let arg = Cli::command().get_arguments().find(|a| a.get_id() == id).cloned()?;
    let flag = format!("--{}", arg.get_long().unwrap_or(id));
    let source = match (matches.and_then(|m| m.value_source(id)), arg.get_env()) {
        (Some(ValueSource::EnvVariable), Some(var)) => format!("{} ({flag})", var.to_string_lossy()),
        _ => flag,
    };
    Some((value, source))
}

/// Sets a dotted key of a table (every key named here exists in the settings).
fn put(table: &mut toml::Table, key: &str, value: toml::Value) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let Some(last) = parts.pop() else {
        return;
    };
    let mut t = table;
    for p in parts {
        match t.get_mut(p).and_then(toml::Value::as_table_mut) {
            Some(next) => t = next,
            None => return,
        }
    }
    t.insert(last.to_string(), value);
}

/// The settings as TOML in the built-in file's order and sections, a comment after each value
/// saying its source, aligned within a section.
fn render(values: &toml::Table, sources: &BTreeMap<String, String>) -> String {
    let order = toml_edit::ImDocument::parse(DEFAULT_TOML).expect("the built-in config is valid TOML");
    let mut out = String::new();
    section(order.as_table(), values, &mut Vec::new(), sources, &mut out);
    out
}

fn section(
    order: &toml_edit::Table,
    values: &toml::Table,
    path: &mut Vec<String>,
    sources: &BTreeMap<String, String>,
    out: &mut String,
) {
    let mut lines: Vec<(String, String)> = Vec::new();
    for (key, item) in order.iter().filter(|(_, i)| !i.is_table()) {
        path.push(key.to_string());
        let dotted = path.join(".");
        let value = match values.get(key) {
            Some(toml::Value::String(s)) if dotted == "console.token" && !s.is_empty() => "\"<hidden>\"".to_string(),
            Some(v) => v.to_string(),
            None => item.to_string().trim().to_string(),
        };
        lines.push((format!("{key} = {value}"), sources.get(&dotted).cloned().unwrap_or_else(|| "built-in".into())));
        path.pop();
    }
    if !path.is_empty() {
        out.push_str(&format!("\n[{}]\n", path.join(".")));
    }
    let width = lines.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    for (line, source) in lines {
        out.push_str(&format!("{line}{}  # {source}\n", " ".repeat(width - line.width())));
    }
    for (key, item) in order {
        if let (Some(sub), Some(toml::Value::Table(v))) = (item.as_table(), values.get(key)) {
            path.push(key.to_string());
            section(sub, v, path, sources, out);
            path.pop();
        }
    }
}

/// Every variable a flag of the command line reads (`DUTYDESK_TOKEN` for `--token`, …).
fn flag_variables() -> Vec<String> {
    fn walk(c: &clap::Command, out: &mut Vec<String>) {
        out.extend(c.get_arguments().filter_map(|a| a.get_env()).map(|e| e.to_string_lossy().into_owned()));
        for sub in c.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out
}

/// A warning for each `DUTYDESK_…` variable of the environment that dutydesk does not read.
pub fn unknown_variables() -> Vec<String> {
    let names: Vec<String> = std::env::vars_os().filter_map(|(n, _)| n.into_string().ok()).collect();
    env::unknown(names.iter().map(String::as_str), &flag_variables())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_render_as_toml_in_the_built_in_order_with_their_sources() {
        let mut values = table(&Config::builtin()).unwrap();
        put(&mut values, "console.token", toml::Value::String("secret".into()));
        put(&mut values, "console.bell", toml::Value::Boolean(true));
        let mut sources = BTreeMap::new();
        sources.insert("console.bell".to_string(), "u.toml:3".to_string());
        let text = render(&values, &sources);
        let back: Config = toml::from_str::<toml::Table>(&text).unwrap().try_into().unwrap();
        assert!(back.console.bell, "the output is the settings' TOML");
        assert_eq!(back.console.token, "<hidden>", "never the token");
        assert!(text.find("[server]").unwrap() < text.find("[server.rate_limits]").unwrap());
        assert!(text.find("[server.escalation]").unwrap() < text.find("[console]").unwrap());
        assert!(text.contains("bell = true  "), "{text}");
        assert!(text.lines().any(|l| l.starts_with("bell = true") && l.ends_with("# u.toml:3")), "{text}");
        assert!(text.lines().any(|l| l.starts_with("city = \"娄底市\"") && l.ends_with("# built-in")), "{text}");
    }
}

//! Every setting from an environment variable: `DUTYDESK_` then the dotted key with `__` for
//! each dot (`DUTYDESK_CONSOLE__BELL=true`,
//! `DUTYDESK_SERVER__SLA_HOURS__URGENT=2`, `DUTYDESK_SERVER__ESCALATION__HIGH="[0, 8]"`). A
//! string setting takes the value as it is; any other value is read as TOML (`true`, `2`,
//! `[0, 8]`), and as a string when it is not TOML, so the setting's own check says what is
//! wrong. These variables sit between the user file and the flags.
//!
//! The other `DUTYDESK_…` variables (one `_` between words) are the flags' own
//! (`DUTYDESK_TOKEN` is `--token`, as `--help` shows) and a few of the tools' and tests'; any
//! other is reported ([`unknown`]), so a typo does not pass unseen.

use std::ffi::OsString;

/// What every variable of dutydesk starts with.
pub const PREFIX: &str = "DUTYDESK_";

/// The variables read outside the settings and the flags: the log filter, the tests' and the
/// benches' switches, the scripts' binary. `*` ends a family.
pub const OTHER_VARIABLES: &[&str] = &[
    "DUTYDESK_LOG",
    "DUTYDESK_TEST_PG",
    "DUTYDESK_REQUIRE_*",
    "DUTYDESK_BENCH_*",
    "DUTYDESK_BIN",
    "DUTYDESK_UPDATE_OPENAPI",
];

/// Whether `name` is a variable of the settings' scheme (`DUTYDESK_` and a `__` after it).
pub fn is_setting(name: &str) -> bool {
    name.strip_prefix(PREFIX).is_some_and(|rest| rest.contains("__"))
}

/// A value read as one TOML value, or as a string when it is not one.
pub fn scalar(text: &str) -> toml::Value {
    match toml::from_str::<toml::Table>(&format!("v = {text}")) {
        Ok(t) if t.len() == 1 => t.into_iter().next().map(|(_, v)| v).unwrap_or_else(|| text.into()),
        _ => toml::Value::String(text.to_string()),
    }
}

/// The settings' variables among `vars` (name and value), sorted by name; one whose name or
/// value is not UTF-8 is an error naming it.
pub fn settings(vars: impl IntoIterator<Item = (OsString, OsString)>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (name, value) in vars {
        let Some(name) = name.to_str().filter(|n| is_setting(n)).map(str::to_string) else {
            continue;
        };
        let value = value.into_string().map_err(|_| format!("environment variable {name}: the value is not UTF-8"))?;
        out.push((name, value));
    }
    out.sort();
    Ok(out)
}

/// The `DUTYDESK_…` variables among `names` that dutydesk does not read: not of the settings'
/// scheme, not in `flags` (the flags' variables) nor in [`OTHER_VARIABLES`]. Each with what
/// to do about it.
pub fn unknown<'n>(names: impl IntoIterator<Item = &'n str>, flags: &[String]) -> Vec<String> {
    let other = |n: &str| {
        OTHER_VARIABLES.iter().any(|o| match o.strip_suffix('*') {
            Some(family) => n.starts_with(family),
            None => n == *o,
        })
    };
    let mut out: Vec<String> = names
        .into_iter()
        .filter(|n| n.starts_with(PREFIX) && !is_setting(n) && !other(n) && !flags.iter().any(|f| f == n))
        .map(|n| {
            format!(
                "warning: {n} is not a dutydesk variable and is ignored; a setting is DUTYDESK_SECTION__KEY \
                 (e.g. DUTYDESK_CONSOLE__THEME), a flag's variable is in --help"
            )
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_toml_or_else_strings() {
        assert_eq!(scalar("true"), toml::Value::Boolean(true));
        assert_eq!(scalar("2"), toml::Value::Integer(2));
        assert_eq!(scalar("[0, 8]"), toml::Value::Array(vec![0.into(), 8.into()]));
        assert_eq!(scalar("tru"), toml::Value::String("tru".into()));
        assert_eq!(scalar("20:00"), toml::Value::String("20:00".into()));
        assert_eq!(scalar("1\nx = 2"), toml::Value::String("1\nx = 2".into()), "one value, never two keys");
    }

    #[test]
    fn the_scheme_and_the_other_variables() {
        assert!(is_setting("DUTYDESK_CONSOLE__BELL"));
        assert!(!is_setting("DUTYDESK_TOKEN"));
        let flags = vec!["DUTYDESK_TOKEN".to_string()];
        let names = ["DUTYDESK_TOKEN", "DUTYDESK_TEST_PG", "DUTYDESK_REQUIRE_TMUX", "DUTYDESK_THEMES", "PATH"];
        let found = unknown(names, &flags);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("DUTYDESK_THEMES"), "{found:?}");
    }
}

//! The layers of settings put one over another: the built-in `config/default.toml`, then the
//! user file, then each `DUTYDESK_…__…` variable (`config::env`). Every setting a layer gives
//! is checked on its own, over the built-in defaults, so a problem names the layer, the place
//! in it (`path:line:column` of a file, the variable's name) and the key, and says what the key
//! takes; every problem of every layer is reported, not only the first. What is left records
//! where each setting came from (`dutydesk config`).

use std::collections::BTreeMap;
use std::fmt;

use toml_edit::{ImDocument, TableLike};

use super::located::{Position, key_on_line, one_line, takes};
use super::{Config, ConfigError, DEFAULT_TOML};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The built-in defaults (`dutydesk config --defaults`).
    Builtin,
    /// A user file, at the line of the key.
    File {
        /// The file as it was named.
        path: String,
        /// The line of the key, from 1.
        line: usize,
    },
    /// A `DUTYDESK_…__…` environment variable of the settings' scheme.
    Env(String),
    /// A command-line flag, or the variable the flag reads, as named (`--theme`, `DUTYDESK_THEME`).
    Flag(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Builtin => f.write_str("built-in"),
            Source::File { path, line } => write!(f, "{path}:{line}"),
            Source::Env(name) | Source::Flag(name) => f.write_str(name),
        }
    }
}

/// The settings, with where each came from.
#[derive(Debug, Clone)]
pub struct Traced {
    /// The settings after every layer.
    pub config: Config,
    /// Each setting's dotted key (`console.bell`, `server.sla_hours.urgent`) to the layer
    /// that gave its value.
    pub sources: BTreeMap<String, Source>,
}

/// One layer over the ones before it.
#[derive(Debug, Clone, Copy)]
pub enum Layer<'a> {
    /// A TOML file's text, named as the user named it.
    File {
        /// The file's name in messages.
        origin: &'a str,
        /// Its text.
        text: &'a str,
    },
    /// One environment variable (`DUTYDESK_CONSOLE__BELL=true`).
    Env {
        /// The variable's name.
        name: &'a str,
        /// Its value, as TOML (a string setting takes it as it is).
        value: &'a str,
    },
}

/// One setting a layer gives: its key, its value, whence, and where to point at its value in a
/// message.
struct Given {
    key: Vec<String>,
    value: toml::Value,
    source: Source,
    value_at: String,
}

/// The built-in defaults as a table.
pub(super) fn builtin_table() -> toml::Table {
    toml::from_str(DEFAULT_TOML).expect("the built-in config is valid TOML")
}

/// Puts `layers` over the built-in defaults in order; every problem found, or the settings
/// with where each came from.
pub(super) fn layered(layers: &[Layer<'_>]) -> Result<Traced, ConfigError> {
    let builtin = builtin_table();
    let mut merged = builtin.clone();
    let mut sources = BTreeMap::new();
    for key in leaves(&builtin) {
        sources.insert(key, Source::Builtin);
    }
    let mut problems = Vec::new();
    for layer in layers {
        let (given, found) = match *layer {
            Layer::File { origin, text } => read_file(&builtin, origin, text),
            Layer::Env { name, value } => read_env(&builtin, name, value),
        };
        problems.extend(found);
        for g in given {
            match check(&builtin, &g) {
                Ok(()) => {
                    set(&mut merged, &g.key, g.value);
                    sources.insert(g.key.join("."), g.source);
                }
                Err(p) => problems.push(p),
            }
        }
    }
    if !problems.is_empty() {
        return Err(ConfigError::of(problems));
    }
    let config: Config = toml::Value::Table(merged)
        .try_into()
        .map_err(|e: toml::de::Error| invalid("the settings together", one_line(e.message())))?;
    config.validate().map_err(|m| invalid("the settings together", m))?;
    Ok(Traced { config, sources })
}

fn invalid(origin: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { origin: origin.into(), message: message.into() }
}

/// A file's settings and the problems of its keys; a syntax error is its one problem.
fn read_file(builtin: &toml::Table, origin: &str, text: &str) -> (Vec<Given>, Vec<ConfigError>) {
    let parsed = ImDocument::parse(text).map_err(|e| (e.span(), e.message().to_string())).and_then(|doc| {
        toml::from_str::<toml::Table>(text).map(|t| (doc, t)).map_err(|e| (e.span(), e.message().to_string()))
    });
    let (doc, table) = match parsed {
        Ok(p) => p,
        Err((span, message)) => {
            let pos = Position::of(text, span.map_or(0, |s| s.start));
            let mut message = one_line(&message);
            if let Some(key) = key_on_line(text, pos.line) {
                let hint = lookup(builtin, &split(&key)).map(|b| format!("; {}", takes(&key, b))).unwrap_or_default();
                message = format!("{key}: {message}{hint}");
            }
            return (Vec::new(), vec![invalid(format!("{origin}:{pos}"), message)]);
        }
    };
    let at = |span: Option<std::ops::Range<usize>>| {
        let pos = Position::of(text, span.map_or(0, |s| s.start));
        (format!("{origin}:{pos}"), pos.line)
    };
    let place = |key: &[String]| {
        let (k, v) = spans(&doc, key);
        let ((key_at, line), (value_at, _)) = (at(k), at(v));
        (Source::File { path: origin.to_string(), line }, key_at, value_at)
    };
    let mut out = (Vec::new(), Vec::new());
    walk(builtin, &table, &mut Vec::new(), &place, &mut out);
    out
}

/// One `DUTYDESK_SECTION__KEY` variable's setting, or why it gives none.
fn read_env(builtin: &toml::Table, name: &str, value: &str) -> (Vec<Given>, Vec<ConfigError>) {
    let origin = format!("environment variable {name}");
    let key: Vec<String> =
        name.strip_prefix(super::env::PREFIX).unwrap_or(name).split("__").map(str::to_lowercase).collect();
    if key.iter().any(String::is_empty) {
        let message =
            "an empty part between `__`: the scheme is DUTYDESK_SECTION__KEY, e.g. DUTYDESK_CONSOLE__BELL=true";
        return (Vec::new(), vec![invalid(origin, message)]);
    }
    let value = match lookup(builtin, &key) {
        // A string setting takes the text as it is: a token of digits stays a string.
        Some(toml::Value::String(_)) => toml::Value::String(value.to_string()),
        _ => super::env::scalar(value),
    };
    let mut table = toml::Table::new();
    set(&mut table, &key, value);
    let place = |_: &[String]| (Source::Env(name.to_string()), origin.clone(), origin.clone());
    let mut out = (Vec::new(), Vec::new());
    walk(builtin, &table, &mut Vec::new(), &place, &mut out);
    out
}

type Place<'p> = dyn Fn(&[String]) -> (Source, String, String) + 'p;

/// The settings of `given` against the built-in `known` (a table at `path`): a leaf for each
/// known key, a problem for each unknown one and for a value where a section belongs.
fn walk(
    known: &toml::Table,
    given: &toml::Table,
    path: &mut Vec<String>,
    place: &Place<'_>,
    out: &mut (Vec<Given>, Vec<ConfigError>),
) {
    for (name, value) in given {
        path.push(name.clone());
        let dotted = path.join(".");
        let (source, key_at, value_at) = place(path);
        match (known.get(name), value) {
            (None, _) => {
                out.1.push(invalid(key_at, format!("{dotted}: unknown key; {}", known_keys(known, name, path))));
            }
            (Some(toml::Value::Table(k)), toml::Value::Table(g)) => walk(k, g, path, place, out),
            (Some(toml::Value::Table(k)), _) => {
                let keys: Vec<&str> = k.keys().map(String::as_str).collect();
                let message = format!("{dotted}: a section, not a value: write [{dotted}] with {}", keys.join(", "));
                out.1.push(invalid(value_at, message));
            }
            (Some(_), _) => out.0.push(Given { key: path.clone(), value: value.clone(), source, value_at }),
        }
        path.pop();
    }
}

/// What to say of an unknown key: the known key it is closest to, or the keys of its section.
fn known_keys(known: &toml::Table, name: &str, path: &[String]) -> String {
    if let Some(close) = known.keys().find(|k| near(k, name)) {
        return format!("did you mean `{close}`?");
    }
    let keys: Vec<&str> = known.keys().map(String::as_str).collect();
    let section = &path[..path.len() - 1];
    let place =
        if section.is_empty() { "the sections are".to_string() } else { format!("[{}] has", section.join(".")) };
    format!("{place} {} (`dutydesk config --defaults` explains each)", keys.join(", "))
}

/// Whether two keys are at most two edits apart (a typo), and not both very short.
fn near(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = if ca == cb { prev } else { prev + 1 };
            prev = row[j + 1];
            row[j + 1] = cost.min(row[j] + 1).min(prev + 1);
        }
    }
    row[b.len()] <= 2.min(a.len().min(b.len()) / 2)
}

/// A given setting over the built-in defaults: it must deserialise and make a valid whole.
fn check(builtin: &toml::Table, g: &Given) -> Result<(), ConfigError> {
    let dotted = g.key.join(".");
    let mut table = builtin.clone();
    set(&mut table, &g.key, g.value.clone());
    let hint = lookup(builtin, &g.key).map(|b| format!("; {}", takes(&dotted, b))).unwrap_or_default();
    let config: Config = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| invalid(&g.value_at, format!("{dotted}: {}{hint}", one_line(e.message()))))?;
    config.validate().map_err(|m| invalid(&g.value_at, format!("{dotted}: {}", without_key(&m, &g.key))))
}

/// A validation message without the key it starts with (the message says the key already).
fn without_key<'m>(message: &'m str, key: &[String]) -> &'m str {
    (0..key.len())
        .find_map(|i| message.strip_prefix(key[i..].join(".").as_str()))
        .map_or(message, |rest| rest.trim_start_matches([':', ' ']))
}

/// The key and value spans of `key` in a parsed file.
fn spans(doc: &ImDocument<&str>, key: &[String]) -> (Option<std::ops::Range<usize>>, Option<std::ops::Range<usize>>) {
    let mut table: &dyn TableLike = doc.as_table();
    for part in &key[..key.len() - 1] {
        match table.get(part).and_then(|i| i.as_table_like()) {
            Some(t) => table = t,
            None => return (None, None),
        }
    }
    let last = &key[key.len() - 1];
    (table.key(last).and_then(toml_edit::Key::span), table.get(last).and_then(toml_edit::Item::span))
}

/// A dotted key's parts.
fn split(key: &str) -> Vec<String> {
    key.split('.').map(str::to_string).collect()
}

/// The value at `key` of a table.
pub(super) fn lookup<'t>(table: &'t toml::Table, key: &[String]) -> Option<&'t toml::Value> {
    let (last, parents) = key.split_last()?;
    let mut t = table;
    for p in parents {
        t = t.get(p)?.as_table()?;
    }
    t.get(last)
}

/// Sets `key` of a table, making the tables on the way.
fn set(table: &mut toml::Table, key: &[String], value: toml::Value) {
    let Some((last, parents)) = key.split_last() else {
        return;
    };
    let mut t = table;
    for p in parents {
        let entry = t.entry(p.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        t = entry.as_table_mut().expect("a table was just put there");
    }
    t.insert(last.clone(), value);
}

/// The dotted keys of every setting (every value that is not a table).
fn leaves(table: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in table {
        match v {
            toml::Value::Table(t) => out.extend(leaves(t).into_iter().map(|l| format!("{k}.{l}"))),
            _ => out.push(k.clone()),
        }
    }
    out
}

//! Where a problem of a settings or keymap file is: a byte offset of the text as the
//! `line:column` an editor shows (both from 1, the column in characters, so a line with
//! Chinese in it points where the eye looks), the key written on a line (for a syntax error,
//! which TOML reports without one), and what a known key takes.

use std::fmt;

/// A place in a text: line and column, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` of `text` (clamped to its end, moved back to a character
    /// boundary).
    pub fn of(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A parser's message on one line: TOML's own messages come in several
/// (`invalid string` / ``expected `"`, `'` ``).
pub fn one_line(message: &str) -> String {
    message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ")
}

/// The dotted key assigned on `line` (from 1) of a TOML text, with the table header above it:
/// `bell = tru` under `[console]` is `console.bell`. For a line that assigns nothing, the
/// header on it, or `None`.
pub fn key_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?.trim();
    if let Some(header) = header(here) {
        return Some(header);
    }
    let (key, _) = here.split_once('=')?;
    let key = unquoted(key);
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    let section = lines[..line - 1].iter().rev().find_map(|l| header(l.trim()));
    Some(match section {
        Some(s) => format!("{s}.{key}"),
        None => key,
    })
}

/// The table named by a header line (`[server.sla_hours]`, `[[normal]]`).
fn header(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?;
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let end = inner.find(']')?;
    Some(unquoted(&inner[..end]))
}

/// A key as written, without spaces around its dots or quotes around its parts.
fn unquoted(key: &str) -> String {
    key.split('.').map(|p| p.trim().trim_matches('"').trim_matches('\'')).collect::<Vec<_>>().join(".")
}

/// What a setting takes, from its built-in value: ``true or false, e.g. `bell = false` ``.
pub fn takes(key: &str, builtin: &toml::Value) -> String {
    let kind = match builtin {
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Integer(_) => "a whole number",
        toml::Value::Float(_) => "a number",
        toml::Value::String(_) => "a quoted string",
        toml::Value::Array(_) => "a list",
        toml::Value::Datetime(_) => "a date or time",
        toml::Value::Table(_) => "a table",
    };
    let name = key.rsplit('.').next().unwrap_or(key);
    format!("{key} takes {kind}, e.g. `{name} = {builtin}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "[console]\ntheme = \"暗色\" x\n";
        assert_eq!(Position::of(text, 0), Position { line: 1, column: 1 });
        let x = text.find(" x").unwrap() + 1;
        assert_eq!(Position::of(text, x).to_string(), "2:14");
        assert_eq!(Position::of(text, 10_000).line, 3, "clamped to the end");
    }

    #[test]
    fn the_key_of_a_line_has_its_section() {
        let text = "# settings\n[console]\nbell = tru\n\n[server.sla_hours]\n\"urgent\" = x\n";
        assert_eq!(key_on_line(text, 3).as_deref(), Some("console.bell"));
        assert_eq!(key_on_line(text, 6).as_deref(), Some("server.sla_hours.urgent"));
        assert_eq!(key_on_line(text, 5).as_deref(), Some("server.sla_hours"));
        assert_eq!(key_on_line(text, 1), None);
        assert_eq!(key_on_line(text, 99), None);
    }

    #[test]
    fn a_known_key_says_what_it_takes() {
        assert_eq!(
            takes("console.bell", &toml::Value::Boolean(false)),
            "console.bell takes true or false, e.g. `bell = false`"
        );
        assert_eq!(one_line("invalid string\nexpected `\"`, `'`\n"), "invalid string, expected `\"`, `'`");
    }
}

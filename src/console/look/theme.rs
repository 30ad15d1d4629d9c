//! Themes as semantic style slots, read from TOML. The four built-ins in `themes/` are embedded;
//! a user theme is `<config dir>/themes/NAME.toml`. A broken theme reports its error and the
//! caller falls back to the default.

use std::path::PathBuf;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The default theme's name.
pub(crate) const DEFAULT_THEME: &str = "dark";

/// Built-in themes: name and TOML text.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../../themes/dark.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    ("high-contrast", include_str!("../../../themes/high-contrast.toml")),
    ("mono", include_str!("../../../themes/mono.toml")),
];

/// Styles by meaning; views never name a colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// Text and background of everything no other slot styles (`Tone::Normal` cells).
    pub base: Style,
    /// The borders of unfocused panes.
    pub border: Style,
    /// The focused pane's border.
    pub border_focus: Style,
    /// The focused pane's title, and the titles of overlays and dialogs.
    pub title: Style,
    /// Column headers, unfocused pane titles and key names in the help.
    pub header: Style,
    /// The selected row (a background, plus the `▶` marker).
    pub selected: Style,
    /// Good news: `Tone::Ok` cells (present, resumed) and LIVE in the status line.
    pub ok: Style,
    /// Needs attention (SLA breaches, late).
    pub warn: Style,
    /// Act now (overdue, escalations, OFFLINE).
    pub critical: Style,
    /// Secondary text: `Tone::Muted` cells and empty-table notes.
    pub muted: Style,
    /// Highlights: `Tone::Accent` cells, prompts and the input cursor.
    pub accent: Style,
    /// The status line.
    pub status: Style,
    /// Banners (frozen, notices).
    pub banner: Style,
    /// The tabs of the panes not shown, in the narrow layout's tab bar.
    pub tab: Style,
    /// The active tab.
    pub tab_active: Style,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    slots: Slots,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Slots {
    base: String,
    border: String,
    border_focus: String,
    title: String,
    header: String,
    selected: String,
    ok: String,
    warn: String,
    critical: String,
    muted: String,
    accent: String,
    status: String,
    banner: String,
    tab: String,
    tab_active: String,
}

/// Parses a style like `white on #264f78 bold`.
pub(crate) fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::default();
    let mut words = spec.split_whitespace();
    while let Some(w) = words.next() {
        let lw = w.to_ascii_lowercase();
        let m = match lw.as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underlined" | "underline" => Some(Modifier::UNDERLINED),
            "reversed" | "reverse" => Some(Modifier::REVERSED),
            _ => None,
        };
        if let Some(m) = m {
            style = style.add_modifier(m);
        } else if lw == "on" {
            let c = words.next().ok_or_else(|| format!("`on` without a colour in {spec:?}"))?;
            style = style.bg(color(c)?);
        } else {
            style = style.fg(color(w)?);
        }
    }
    Ok(style)
}

fn color(s: &str) -> Result<Color, String> {
    Color::from_str(s).map_err(|_| format!("unknown colour {s:?}"))
}

impl Theme {
    /// Parses a theme file.
    pub fn parse(fallback_name: &str, text: &str) -> Result<Theme, String> {
        let f: ThemeFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let s = &f.slots;
        let p = |slot: &str, v: &str| parse_style(v).map_err(|e| format!("slot {slot}: {e}"));
        Ok(Theme {
            name: f.name.unwrap_or_else(|| fallback_name.to_string()),
            base: p("base", &s.base)?,
            border: p("border", &s.border)?,
            border_focus: p("border_focus", &s.border_focus)?,
            title: p("title", &s.title)?,
            header: p("header", &s.header)?,
            selected: p("selected", &s.selected)?,
            ok: p("ok", &s.ok)?,
            warn: p("warn", &s.warn)?,
            critical: p("critical", &s.critical)?,
            muted: p("muted", &s.muted)?,
            accent: p("accent", &s.accent)?,
            status: p("status", &s.status)?,
            banner: p("banner", &s.banner)?,
            tab: p("tab", &s.tab)?,
            tab_active: p("tab_active", &s.tab_active)?,
        })
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| Theme::parse(n, text).expect("built-in themes are valid"))
    }

    /// The default theme.
    pub fn default_theme() -> Theme {
        Theme::builtin(DEFAULT_THEME).expect("the default theme exists")
    }

    /// Loads `name`: a built-in, else `<themes dir>/NAME.toml`. On any error returns the
    /// default theme and the message to show.
    pub fn load(name: &str) -> (Theme, Option<String>) {
        if let Some(t) = Theme::builtin(name) {
            return (t, None);
        }
        let path = user_themes_dir().join(format!("{name}.toml"));
        let result = std::fs::read_to_string(&path)
            .map_err(|e| format!("theme {name:?}: cannot read {}: {e}", path.display()))
            .and_then(|text| Theme::parse(name, &text).map_err(|e| format!("theme {}: {e}", path.display())));
        match result {
            Ok(t) => (t, None),
            Err(e) => (Theme::default_theme(), Some(format!("{e}; using {DEFAULT_THEME}"))),
        }
    }

    /// Which theme to start with: the flag, else `mono` when `NO_COLOR` is set, else the
    /// config.
    pub fn choose(flag: Option<&str>, no_color: bool, config: &str) -> String {
        match flag {
            Some(f) if !f.is_empty() => f.to_string(),
            _ if no_color => "mono".to_string(),
            _ if config.is_empty() => DEFAULT_THEME.to_string(),
            _ => config.to_string(),
        }
    }
}

/// `<config dir>/themes`, where user themes live.
pub(crate) fn user_themes_dir() -> PathBuf {
    crate::config::project_dirs().map(|d| d.config_dir().join("themes")).unwrap_or_else(|| PathBuf::from("themes"))
}

/// Names of the built-in themes (for completion).
pub(crate) fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        for name in builtin_names() {
            let t = Theme::builtin(name).unwrap();
            assert_eq!(t.name, name);
        }
        let mono = Theme::builtin("mono").unwrap();
        assert_eq!(mono.critical.fg, None);
        assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn styles_parse() {
        let s = parse_style("white on #264f78 bold").unwrap();
        assert_eq!(s.fg, Some(Color::White));
        assert_eq!(s.bg, Some(Color::Rgb(0x26, 0x4f, 0x78)));
        assert!(parse_style("blurple").is_err());
        assert!(parse_style("red on").is_err());
    }

    #[test]
    fn broken_theme_falls_back_with_its_error() {
        let err = Theme::parse("x", "[slots]\nbase = \"reset\"\n").unwrap_err();
        assert!(err.contains("missing field"), "{err}");
        let (t, e) = Theme::load("no-such-theme-xyz");
        assert_eq!(t.name, DEFAULT_THEME);
        assert!(e.unwrap().contains("no-such-theme-xyz"));
    }

    #[test]
    fn no_color_selects_mono_unless_a_flag_says_otherwise() {
        assert_eq!(Theme::choose(None, true, "dark"), "mono");
        assert_eq!(Theme::choose(Some("light"), true, "dark"), "light");
        assert_eq!(Theme::choose(None, false, "high-contrast"), "high-contrast");
    }
}

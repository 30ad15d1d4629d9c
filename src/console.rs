//! The terminal console: a pure `update` over [`state::State`], views that only draw, and IO at
//! the edge (the poller and the run loop).
//!
//! Entry points for `main.rs`: [`run`] (the live console), [`snapshot`] (one frame as text)
//! and [`init_file_logging`].

pub mod alerts;
pub mod app;
pub mod i18n;
pub mod keymap;
pub mod logging;
pub mod msg;
pub mod outbox;
pub mod palette;
pub mod picker;
pub mod poller;
pub mod rows;
pub mod settings;
pub mod snapshot;
pub mod state;
pub mod text;
pub mod theme;
pub mod triage;
pub mod update;
pub mod update_input;
pub mod update_triage;
pub mod views;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests_io;
#[cfg(test)]
mod tests_triage;
#[cfg(test)]
mod tests_update;
#[cfg(test)]
mod tests_views;
#[cfg(test)]
mod tests_views_triage;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

pub use app::{restore_terminal, run};
pub use logging::init_file_logging;
pub use snapshot::{SnapshotOptions, snapshot};

use i18n::Lang;
use keymap::Keymap;
use state::{Settings, State};
use theme::Theme;

/// How to start the console (the command line is parsed in `main.rs`).
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// API base URL (e.g. the demo's loopback URL).
    pub api_url: String,
    /// Bearer token.
    pub token: String,
    /// Showing the embedded demo (DEMO in the status line).
    pub demo: bool,
    /// `--theme`, which wins over `NO_COLOR` and the config.
    pub theme: Option<String>,
    /// `--lang`, which wins over the config and `LANG`.
    pub lang: Option<String>,
    /// Hide triage actions (also `console.readonly` in the config).
    pub readonly: bool,
    /// The loaded configuration.
    pub config: crate::config::Config,
    /// A keymap file instead of `<config dir>/keys.toml`.
    pub keymap_override: Option<PathBuf>,
}

impl ConsoleOptions {
    /// Options for `api_url` and `token` with the built-in configuration.
    pub fn new(api_url: &str, token: &str) -> ConsoleOptions {
        ConsoleOptions {
            api_url: api_url.to_string(),
            token: token.to_string(),
            demo: false,
            theme: None,
            lang: None,
            readonly: false,
            config: crate::config::Config::builtin(),
            keymap_override: None,
        }
    }
}

/// `<config dir>/keys.toml`, where user key bindings live.
pub fn user_keymap_path() -> Option<PathBuf> {
    crate::config::project_dirs().map(|d| d.config_dir().join("keys.toml"))
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The starting state and theme: language, theme, keymap and settings from the options, the
/// config and the environment; problems found are in `state.notices`.
pub fn initial_state(opts: &ConsoleOptions, api_host: &str, now: DateTime<Utc>) -> (State, Theme) {
    let c = &opts.config.console;
    let env_lang = env_nonempty("LC_ALL").or_else(|| env_nonempty("LANG"));
    let lang = Lang::choose(opts.lang.as_deref(), &c.lang, env_lang.as_deref());
    let name = Theme::choose(opts.theme.as_deref(), env_nonempty("NO_COLOR").is_some(), &c.theme);
    let (theme, theme_error) = Theme::load(&name);
    let mut notices: Vec<String> = theme_error.into_iter().collect();
    let user_keys = match &opts.keymap_override {
        Some(p) => Some(p.clone()),
        None => user_keymap_path().filter(|p| p.exists()),
    };
    let keymap = match user_keys {
        None => Keymap::builtin(),
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => {
                let (k, warnings) = Keymap::load(Some((&path.display().to_string(), &text)));
                notices.extend(warnings);
                k
            }
            Err(e) => {
                notices.push(format!("keymap {}: {e}", path.display()));
                Keymap::builtin()
            }
        },
    };
    let settings = Settings::from_config(c, &opts.config.server.city);
    let mut state = State::new(lang, &theme.name, keymap, settings, api_host, now);
    state.demo = opts.demo;
    state.readonly = opts.readonly || c.readonly;
    state.bell = c.bell;
    state.session = uuid::Uuid::new_v4();
    state.notices = notices;
    (state, theme)
}

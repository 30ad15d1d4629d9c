//! Setting the console up: the options `main.rs` passes, and the starting state (language,
//! theme, keymap, settings) from the options, the config file and the environment.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::model::State;
use crate::console::model::keymap::Keymap;
use crate::console::model::settings::Settings;

/// How to start the console (the command line is parsed in `main.rs`).
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// API base URL (e.g. the demo's loopback URL).
    pub api_url: String,
    /// Bearer token for the API, from `--token`, `--token-file`, `DUTYDESK_TOKEN` or the config.
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
    /// A PEM file of CA certificates to trust besides the system's (`--ca-cert`).
    pub ca_cert: Option<PathBuf>,
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
            ca_cert: None,
        }
    }

    /// The API client these options ask for (the console's timeouts and body cap, the
    /// extra CA file).
    pub fn client(&self) -> Result<crate::api::client::ApiClient, crate::api::client::ClientError> {
        let opts = crate::api::client::ClientOptions { ca_cert: self.ca_cert.clone(), ..Default::default() };
        crate::api::client::ApiClient::with_options(&self.api_url, &self.token, opts)
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
    state.alerts.sla = c.alert_sla;
    state.session = uuid::Uuid::new_v4();
    state.notices = notices;
    (state, theme)
}

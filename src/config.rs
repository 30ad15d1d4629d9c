//! Layered settings: the built-in `config/default.toml` < the user file < `DUTYDESK_…__…`
//! variables (`env`) < flags. Every problem is reported with its file, line, column and key
//! (`layers`, `located`); unknown keys too, never ignored.

pub mod env;
pub mod escalation;
mod layers;
pub mod located;
pub mod permissions;
pub mod severity;

use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::api::types::ServerSettings;
use crate::domain::calendar::{Calendar, SlaHours};
use escalation::EscalationConfig;
pub use layers::{Layer, Source, Traced};
use severity::SeverityConfig;

/// The built-in defaults, documented key by key.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Every setting, after layering: the `[server]` and `[console]` sections of `config/default.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Settings of the reporting API server.
    pub server: ServerConfig,
    /// Settings of the console.
    pub console: ConsoleConfig,
}

/// The `[server]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// The name of the top of the data when the database names none (an empty or pre-hierarchy
    /// database), e.g. 娄底市; seeded data names its province and cities itself.
    pub city: String,
    /// The command center's IANA time zone, e.g. `Asia/Shanghai`; local days are dates there.
    pub time_zone: String,
    /// Report deadline, local `HH:MM`.
    pub report_deadline: String,
    /// Check-in cutoff, local `HH:MM`.
    pub checkin_cutoff: String,
    /// Advertised poll interval, seconds.
    pub poll_interval_secs: u64,
    /// How many change-feed entries are kept; a client asking from before them gets 410 and re-lists.
    pub change_retention: i64,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Requests per minute per token, by the token's role (`[server.rate_limits]`).
    pub rate_limits: RateLimits,
    /// SLA hours per priority.
    pub sla_hours: SlaHours,
    /// The escalation policy (`[server.escalation]`).
    pub escalation: EscalationConfig,
}

/// Requests per minute allowed to one token of each role (0: no limit for that role); a
/// minute's worth may come at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    /// A read-only token (a night-shift monitor's console).
    pub viewer: u32,
    /// A dispatcher's console: polls and triage.
    pub dispatcher: u32,
    /// An officer's own intake.
    pub officer: u32,
    /// An admin token, which also carries intake on behalf of officers (a morning's check-ins).
    pub admin: u32,
    /// Failed authentications (an unknown or revoked token) a minute from one client address;
    /// past it, every request with a token from that address is 429 until the allowance refills.
    pub failed_auth: u32,
    /// Whether the client address is the last one of `X-Forwarded-For` (set this behind a
    /// reverse proxy that appends it) instead of the connection's peer.
    pub trust_forwarded_for: bool,
}

/// The `[console]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleConfig {
    /// API base URL; empty for the embedded demo.
    pub api: String,
    /// The API's bearer token, used when neither `--token` nor a token file gives one (a file is safer).
    pub token: String,
    /// File with the token.
    pub token_file: String,
    /// A PEM file of CA certificates trusted besides the system's (`--ca-cert`); empty: none.
    #[serde(default)]
    pub ca_cert: String,
    /// `dark`, `light`, `high-contrast`, `mono`, or the name of a file in the user's themes folder.
    pub theme: String,
    /// Language; empty means from `LANG`.
    pub lang: String,
    /// Terminal bell on alerts.
    pub bell: bool,
    /// Which SLA deadlines alert: escalated problems' only, or every unresolved problem's.
    pub alert_sla: AlertSla,
    /// Hide triage actions.
    pub readonly: bool,
    /// Poll interval until the server says its own.
    pub poll_interval_secs: u64,
    /// Time zone until the server says its own; also the zone whose dates name the log files.
    pub time_zone: String,
    /// When a row is a warning or critical (`[console.severity]`).
    pub severity: SeverityConfig,
    /// Days of log files kept (today's included); older ones are deleted at start and as a
    /// new day's file begins.
    pub log_keep_days: std::num::NonZeroU16,
}

/// Which SLA deadlines alert (`[console] alert_sla`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertSla {
    /// Only escalated problems' (level 1 and up, the escalated queue the console follows).
    #[default]
    Escalated,
    /// Every unresolved problem's, level 0 too (the console watches the soonest deadlines).
    All,
}

/// A setting that cannot be used, with what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The config file that could not be read.
        path: PathBuf,
        /// The I/O error reading it.
        source: std::io::Error,
    },
    /// A setting is malformed, unknown, of a wrong type or not a valid value.
    #[error("{origin}: {message}")]
    Invalid {
        /// Where it is: `path:line:column` of a file, `environment variable DUTYDESK_…`.
        origin: String,
        /// The dotted key and what is wrong with it (and what it takes, for a known key).
        message: String,
    },
    /// More than one setting is wrong: each, in the order found.
    #[error("{} problems in the settings:{}", .0.len(), .0.iter().map(|e| format!("\n  {e}")).collect::<String>())]
    Several(Vec<ConfigError>),
}

impl ConfigError {
    /// One error for the problems found (at least one).
    fn of(mut problems: Vec<ConfigError>) -> ConfigError {
        if problems.len() == 1 { problems.remove(0) } else { ConfigError::Several(problems) }
    }
}

impl Config {
    /// The built-in defaults alone.
    pub fn builtin() -> Config {
        Self::from_layers(&[]).expect("built-in config is valid")
    }

    /// Loads the defaults, then the user file (`explicit` if given, which must exist, else the
    /// XDG config file if present), then the `DUTYDESK_…__…` variables of the environment.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let vars = env::settings(std::env::vars_os())
            .map_err(|message| ConfigError::Invalid { origin: "the environment".into(), message })?;
        Self::load_traced(explicit, &vars).map(|t| t.config)
    }

    /// [`Config::load`] with the settings' variables given (`env::settings`), and where each
    /// setting came from.
    pub fn load_traced(explicit: Option<&Path>, vars: &[(String, String)]) -> Result<Traced, ConfigError> {
        let file = match Self::file(explicit) {
            None => None,
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
                Some((path.display().to_string(), text))
            }
        };
        let mut layers: Vec<Layer<'_>> = file.iter().map(|(origin, text)| Layer::File { origin, text }).collect();
        layers.extend(vars.iter().map(|(name, value)| Layer::Env { name, value }));
        layers::layered(&layers)
    }

    /// The user file [`Config::load`] reads: `explicit` (`--config`), else the user's config
    /// file when it exists.
    pub fn file(explicit: Option<&Path>) -> Option<PathBuf> {
        match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => user_config_path().filter(|p| p.exists()),
        }
    }

    /// Puts TOML files `(name, text)` over the built-in defaults in order (later wins, tables
    /// merge key by key) and validates; every problem is reported.
    pub fn from_layers(layers: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let layers: Vec<Layer<'_>> = layers.iter().map(|(origin, text)| Layer::File { origin, text }).collect();
        layers::layered(&layers).map(|t| t.config)
    }

    /// What is wrong with settings that deserialised: the calendar and the escalation policy.
    fn validate(&self) -> Result<(), String> {
        self.server.calendar()?;
        self.server.escalation.policy()?;
        self.console.severity.check()?;
        Ok(())
    }
}

impl ServerConfig {
    /// The calendar these settings describe, or what is wrong with them.
    pub fn calendar(&self) -> Result<Calendar, String> {
        let tz = self
            .time_zone
            .parse()
            .map_err(|_| format!("time_zone {:?} is not an IANA zone like Asia/Shanghai", self.time_zone))?;
        Ok(Calendar {
            tz,
            report_deadline: parse_hhmm("report_deadline", &self.report_deadline)?,
            checkin_cutoff: parse_hhmm("checkin_cutoff", &self.checkin_cutoff)?,
        })
    }

    /// What clients are told in `/org` and `/me`.
    pub fn settings(&self) -> ServerSettings {
        ServerSettings {
            city: self.city.clone(),
            time_zone: self.time_zone.clone(),
            report_deadline: self.report_deadline.clone(),
            checkin_cutoff: self.checkin_cutoff.clone(),
            sla_hours: self.sla_hours,
            poll_interval_secs: self.poll_interval_secs,
        }
    }
}

/// Parses a local `HH:MM` setting.
pub fn parse_hhmm(key: &str, value: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(value, "%H:%M").map_err(|_| format!("{key} {value:?} is not a local time like 20:00"))
}

/// `$XDG_CONFIG_HOME/dutydesk/config.toml` (or the platform's equivalent).
pub fn user_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The platform directories for dutydesk's config, data and state.
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "dutydesk")
}

/// Data directory (demo database), created on demand by callers.
pub fn data_dir() -> PathBuf {
    project_dirs().map(|d| d.data_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from(".dutydesk"))
}

/// State directory (logs).
pub fn state_dir() -> PathBuf {
    project_dirs().and_then(|d| d.state_dir().map(Path::to_path_buf)).unwrap_or_else(|| data_dir().join("state"))
}

#[cfg(test)]
mod tests;

//! The one place a failure becomes an exit status: each subcommand's error (a config error, the
//! API client's classification, a store error) maps here to a [`Failure`] whose code tells a
//! script what kind of failure it was, sysexits-like (`man sysexits`):
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | success |
//! | 1 | any other failure while running |
//! | 2 | bad usage: an unknown flag or value (clap's own status), a bad argument |
//! | 69 | unavailable: the API or the database cannot be reached, or cannot serve (5xx) |
//! | 77 | refused: the API answered 401 or 403 (a wrong, revoked or too weak token) |
//! | 78 | configuration: the settings file or a setting cannot be used |

use crate::api::client::ClientError;
use crate::store::StoreError;

/// The exit statuses, as documented in `--help`, the man page and the README.
pub mod exit {
    /// Any other failure while running.
    pub const FAILURE: u8 = 1;
    /// Bad usage: clap's own status for an unknown flag or value, and a bad argument.
    pub const USAGE: u8 = 2;
    /// The API or the database cannot be reached or cannot serve (sysexits' `EX_UNAVAILABLE`).
    pub const UNAVAILABLE: u8 = 69;
    /// The API refused the token: 401 or 403 (sysexits' `EX_NOPERM`).
    pub const AUTH: u8 = 77;
    /// The settings cannot be used (sysexits' `EX_CONFIG`).
    pub const CONFIG: u8 = 78;
}

/// The exit statuses as `--help` and the man page print them (after the options).
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0   success
  1   any other failure while running
  2   bad usage: an unknown flag or value, a bad argument
  69  unavailable: the API or the database cannot be reached, or cannot serve (5xx)
  77  refused: the API answered 401 or 403 (a wrong, revoked or too weak token)
  78  configuration: the settings file or a setting cannot be used";

/// A failure to report on one line, with its exit status.
#[derive(Debug)]
pub struct Failure {
    /// The process's exit status, one of [`exit`].
    pub code: u8,
    /// The one line printed to stderr, after `dutydesk: `.
    pub message: String,
}

impl Failure {
    /// Bad input (status 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self { code: exit::USAGE, message: message.into() }
    }

    /// Failed while running (status 1).
    pub fn runtime(message: impl Into<String>) -> Self {
        Self { code: exit::FAILURE, message: message.into() }
    }

    /// The settings cannot be used (status 78).
    pub fn config(message: impl Into<String>) -> Self {
        Self { code: exit::CONFIG, message: message.into() }
    }

    /// The API or the database cannot be reached (status 69).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self { code: exit::UNAVAILABLE, message: message.into() }
    }

    /// The API refused the token (status 77).
    pub fn auth(message: impl Into<String>) -> Self {
        Self { code: exit::AUTH, message: message.into() }
    }

    /// The failure a client error is, its message after `context` (the API's URL): unreachable
    /// or 5xx is unavailable, 401/403 refused, the client's own settings a config error, a bad
    /// URL or another 4xx bad usage, anything else a failure.
    pub fn from_client(context: &str, e: &ClientError) -> Self {
        let message = if context.is_empty() { e.to_string() } else { format!("{context}: {e}") };
        match e {
            _ if e.is_offline() => Self::unavailable(message),
            _ if matches!(e.status(), Some(401 | 403)) => Self::auth(message),
            ClientError::Config(_) => Self::config(message),
            ClientError::BadUrl(_) => Self::usage(message),
            _ if matches!(e.status(), Some(400..=499)) => Self::usage(message),
            _ => Self::runtime(message),
        }
    }

    /// The failure of an error chain: the first client or store error in it decides the
    /// status (see [`Failure::from_client`], [`From<StoreError>`]); `fallback` makes the
    /// failure of a chain that has neither. The message is the whole chain.
    pub fn from_chain(e: &anyhow::Error, fallback: fn(String) -> Failure) -> Self {
        let message = format!("{e:#}");
        for cause in e.chain() {
            if let Some(c) = cause.downcast_ref::<ClientError>() {
                return Self { message, ..Self::from_client("", c) };
            }
            if let Some(StoreError::Connect { .. }) = cause.downcast_ref::<StoreError>() {
                return Self::unavailable(message);
            }
        }
        fallback(message)
    }
}

impl From<crate::config::ConfigError> for Failure {
    fn from(e: crate::config::ConfigError) -> Self {
        Failure::config(e.to_string())
    }
}

impl From<StoreError> for Failure {
    /// A database that cannot be reached or opened is unavailable; input the store cannot use
    /// (a bad `--db`, a name or value it refuses) is bad usage; anything else a failure.
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Connect { .. } => Failure::unavailable(e.to_string()),
            StoreError::Invalid(_) | StoreError::Query(_) => Failure::usage(e.to_string()),
            _ => Failure::runtime(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::client::Cause;

    #[test]
    fn each_kind_of_failure_has_its_own_status() {
        let unreachable = ClientError::Unreachable(Cause::Refused, "refused".into());
        assert_eq!(Failure::from_client("api", &unreachable).code, exit::UNAVAILABLE);
        assert_eq!(Failure::from_client("api", &ClientError::Status(503)).code, exit::UNAVAILABLE);
        assert_eq!(Failure::from_client("api", &ClientError::Status(401)).code, exit::AUTH);
        assert_eq!(Failure::from_client("api", &ClientError::Status(403)).code, exit::AUTH);
        assert_eq!(Failure::from_client("api", &ClientError::Status(404)).code, exit::USAGE);
        assert_eq!(Failure::from_client("api", &ClientError::Config("no file".into())).code, exit::CONFIG);
        assert_eq!(Failure::from_client("api", &ClientError::Decode("bad".into())).code, exit::FAILURE);
        let chained = anyhow::Error::new(ClientError::Status(401)).context("reading /me");
        let f = Failure::from_chain(&chained, Failure::runtime);
        assert_eq!((f.code, f.message.as_str()), (exit::AUTH, "reading /me: HTTP 401"));
        assert_eq!(Failure::from_chain(&anyhow::anyhow!("no park"), Failure::usage).code, exit::USAGE);
        let codes = [exit::FAILURE, exit::USAGE, exit::UNAVAILABLE, exit::AUTH, exit::CONFIG];
        for (i, c) in codes.iter().enumerate() {
            assert!(!codes[..i].contains(c), "status {c} means one thing");
            assert!(EXIT_STATUS_HELP.contains(&format!("  {c} ")), "status {c} is documented");
        }
    }
}

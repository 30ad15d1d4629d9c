//! The link to the API: when data last arrived, since when the API is unreachable and when
//! the next try is, and why the last poll (or a part of it) failed; what that means for the
//! status line:
//! - LIVE: the whole last poll succeeded and the data is at most two poll intervals old;
//! - STALE: the API answered but a part of the poll failed (the escalated queue refused, a
//!   malformed body, 401/403, 429), with the reason, or the data is older than two intervals;
//! - OFFLINE: the API cannot be reached or cannot serve (refused, DNS, TLS, timeout,
//!   connection lost, 5xx), with the reason and the retry countdown (`retrying…` while the
//!   retry runs).
//!
//! A reason is classified once from the client's error ([`LinkError::from_client`]), whose
//! [`ClientError::is_offline`] is the one rule for OFFLINE.

use chrono::{DateTime, Duration, Utc};

use crate::api::client::{Cause, ClientError, TlsCause};
use crate::console::look::i18n::Lang;

/// Why a poll (or a part of it) failed, as the status line says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No answer: refused, DNS, TLS, timeout, connection lost.
    Unreachable(Cause),
    /// A 5xx.
    Server(u16),
    /// 401: the token is not (or no longer) valid.
    Unauthorized,
    /// 403: the token may not read this.
    Forbidden,
    /// 429: too many requests; the server's `Retry-After` is honoured.
    RateLimited,
    /// Another error status.
    Http(u16),
    /// The body broke the contract (malformed or truncated JSON, a wrong content type).
    BadResponse,
    /// The body was over the size cap.
    TooLarge,
    /// The API URL or the client's settings are not usable.
    Setup,
}

/// The part of a poll that failed while the rest succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The escalated queue's first page.
    Escalated,
}

/// A failed poll: why, which part (`None`: the poll as a whole), and the error's own words
/// (for the log).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    /// Why.
    pub reason: Reason,
    /// The part that failed, when the rest of the poll succeeded.
    pub part: Option<Part>,
    /// The client error's text.
    pub detail: String,
}

impl LinkError {
    /// Classifies a client error, for `part` of a poll (or the whole poll).
    pub fn from_client(e: &ClientError, part: Option<Part>) -> LinkError {
        let reason = match e {
            ClientError::Unreachable(cause, _) => Reason::Unreachable(*cause),
            ClientError::Decode(_) => Reason::BadResponse,
            ClientError::TooLarge(_) => Reason::TooLarge,
            ClientError::BadUrl(_) | ClientError::Config(_) => Reason::Setup,
            _ => match e.status().unwrap_or(0) {
                s if e.is_offline() => Reason::Server(s),
                401 => Reason::Unauthorized,
                403 => Reason::Forbidden,
                429 => Reason::RateLimited,
                s => Reason::Http(s),
            },
        };
        LinkError { reason, part, detail: e.to_string() }
    }

    /// Whether the API is unreachable (OFFLINE) rather than answering with an error (STALE).
    pub fn offline(&self) -> bool {
        matches!(self.reason, Reason::Unreachable(_) | Reason::Server(_))
    }

    /// Whether the whole poll was refused for the token (401, 403): trying again soon would
    /// only be refused again.
    pub fn refused(&self) -> bool {
        self.part.is_none() && matches!(self.reason, Reason::Unauthorized | Reason::Forbidden)
    }

    /// The reason in `lang`, with the part that failed (`escalated queue: HTTP 500`).
    pub fn text(&self, lang: Lang) -> String {
        let reason = match self.reason {
            Reason::Unreachable(cause) => lang.t(cause_key(cause)).to_string(),
            Reason::Server(s) => format!("{} {s}", lang.t("link.server")),
            Reason::Unauthorized => lang.t("link.unauthorized").to_string(),
            Reason::Forbidden => lang.t("link.forbidden").to_string(),
            Reason::RateLimited => lang.t("link.rate_limited").to_string(),
            Reason::Http(s) => format!("HTTP {s}"),
            Reason::BadResponse => lang.t("link.bad_response").to_string(),
            Reason::TooLarge => lang.t("link.too_large").to_string(),
            Reason::Setup => lang.t("link.setup").to_string(),
        };
        match self.part {
            None => reason,
            Some(p) => {
                let part = lang.t(match p {
                    Part::Escalated => "link.part.escalated",
                });
                format!("{part}{} {reason}", if lang.is_zh() { "：" } else { ":" })
            }
        }
    }
}

fn cause_key(c: Cause) -> &'static str {
    match c {
        Cause::Refused => "link.refused",
        Cause::Dns => "link.dns",
        Cause::Tls(TlsCause::UnknownIssuer) => "link.tls.issuer",
        Cause::Tls(TlsCause::NameMismatch) => "link.tls.name",
        Cause::Tls(TlsCause::Expired) => "link.tls.expired",
        Cause::Tls(TlsCause::Other) => "link.tls",
        Cause::Timeout => "link.timeout",
        Cause::Reset => "link.reset",
        Cause::Other => "link.unreachable",
    }
}

/// The state of the link to the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    /// When the data shown last arrived (a poll, or the cache at start); `None` before any.
    pub last_ok: Option<DateTime<Utc>>,
    /// Unreachable since, with the next retry.
    pub offline: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Why the last poll, or a part of it, failed; `None` after a whole poll succeeded.
    pub error: Option<LinkError>,
    /// The data shown came from the cache of an earlier run, at `last_ok`; no poll has
    /// succeeded since.
    pub cached: bool,
}

/// How fresh the data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Nothing received yet and no failure.
    Connecting,
    /// The whole last poll succeeded, within two intervals.
    Live,
    /// A part of the last poll failed (see [`Link::error`]), or the data is older than two
    /// poll intervals.
    Stale,
    /// The API is unreachable; seconds until the next retry, 0 while the retry runs.
    Offline {
        /// Whole seconds to the retry, rounded up; 0: retrying now.
        retry_in: i64,
    },
}

/// After how many seconds without an answer LIVE data is STALE: two poll intervals.
pub(crate) fn stale_after(poll_secs: u64) -> i64 {
    2 * poll_secs.max(1) as i64
}

impl Link {
    /// The freshness at `now` with the poll interval in effect.
    pub fn freshness(&self, now: DateTime<Utc>, poll_secs: u64) -> Freshness {
        if let Some((_, retry_at)) = self.offline {
            let ms = (retry_at - now).num_milliseconds().max(0);
            return Freshness::Offline { retry_in: (ms + 999) / 1000 };
        }
        match self.last_ok {
            _ if self.error.is_some() || self.cached => Freshness::Stale,
            None => Freshness::Connecting,
            Some(t) if now - t > Duration::seconds(stale_after(poll_secs)) => Freshness::Stale,
            Some(_) => Freshness::Live,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_reads_in_both_languages() {
        let errors = [
            ClientError::Unreachable(Cause::Refused, String::new()),
            ClientError::Unreachable(Cause::Tls(TlsCause::UnknownIssuer), String::new()),
            ClientError::Status(503),
            ClientError::Status(401),
            ClientError::Busy { status: 429, retry_after: 3 },
            ClientError::Decode("eof".into()),
            ClientError::TooLarge(1),
        ];
        for e in &errors {
            let l = LinkError::from_client(e, Some(Part::Escalated));
            assert_eq!(l.offline(), e.is_offline(), "{e}");
            for lang in [Lang::En, Lang::Zh] {
                let text = l.text(lang);
                assert!(!text.contains("link."), "an untranslated key: {text}");
            }
        }
        assert_eq!(
            LinkError::from_client(&ClientError::Status(503), None).text(Lang::En),
            "server error 503",
            "a 5xx is offline with its status"
        );
    }
}

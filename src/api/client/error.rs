//! What went wrong with a request, classified once for every caller: why the API could not be
//! reached (refused, DNS, TLS with its cause, timeout, connection lost), an error status with
//! or without problem+json, a body that breaks the contract or the size cap. One rule,
//! [`status_is_offline`], says which statuses mean the API cannot serve (OFFLINE) whatever the
//! body's form; the console's link state and the poller's backoff both follow it.

use std::error::Error as StdError;

use crate::api::types::ApiError;

/// Why a TLS handshake failed, from the certificate verifier's error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsCause {
    /// The server's certificate chains to no trusted root (an internal CA not given with
    /// `--ca-cert` or `SSL_CERT_FILE`, or a self-signed certificate).
    UnknownIssuer,
    /// The certificate is not valid for the host name in the API URL.
    NameMismatch,
    /// The certificate has expired (or is not valid yet).
    Expired,
    /// Another handshake failure.
    Other,
}

/// Why the API could not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Nothing listens there (connection refused).
    Refused,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed.
    Tls(TlsCause),
    /// No answer within the connect or the request timeout.
    Timeout,
    /// The connection was reset or closed before a whole answer.
    Reset,
    /// Any other transport failure.
    Other,
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Cause::Refused => "connection refused",
            Cause::Dns => "DNS lookup failed",
            Cause::Tls(TlsCause::UnknownIssuer) => "TLS: certificate of an unknown issuer",
            Cause::Tls(TlsCause::NameMismatch) => "TLS: certificate not valid for this host name",
            Cause::Tls(TlsCause::Expired) => "TLS: certificate expired",
            Cause::Tls(TlsCause::Other) => "TLS handshake failed",
            Cause::Timeout => "timed out",
            Cause::Reset => "connection lost",
            Cause::Other => "transport error",
        })
    }
}

/// What went wrong with a request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The server could not be reached or did not answer in time: the cause, and the innermost
    /// error's words for the log.
    #[error("unreachable: {0}: {1}")]
    Unreachable(Cause, String),
    /// The server answered with a problem+json error.
    #[error("{} {}: {}", .0.status, .0.title, .0.detail)]
    Api(Box<ApiError>),
    /// The server answered with an error status and no problem+json body.
    #[error("HTTP {0}")]
    Status(u16),
    /// 429 or 503 with `Retry-After`: the server asks to wait this many seconds.
    #[error("HTTP {status}: busy, retry after {retry_after} s")]
    Busy {
        /// 429 or 503.
        status: u16,
        /// The `Retry-After` seconds (a date is read as the seconds until it).
        retry_after: u64,
    },
    /// The body did not match the contract (malformed or truncated JSON, a wrong content type).
    #[error("bad response: {0}")]
    Decode(String),
    /// The body was larger than the client's cap (bytes); reading stopped there.
    #[error("response larger than {0} bytes")]
    TooLarge(u64),
    /// The base URL is not usable.
    #[error("bad API URL: {0}")]
    BadUrl(String),
    /// The client's own settings are not usable (an unreadable `--ca-cert` file …).
    #[error("{0}")]
    Config(String),
}

/// The one classification of error statuses: a 5xx means the API cannot serve (OFFLINE),
/// whether its body is text or problem+json; anything else is an answer (STALE at worst).
pub fn status_is_offline(status: u16) -> bool {
    status >= 500
}

impl ClientError {
    /// Whether the server answered 410 Gone (a change-feed cursor older than what it keeps).
    pub fn is_gone(&self) -> bool {
        self.status() == Some(410)
    }

    /// The HTTP status the server answered with, if it answered with an error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Status(s) | Self::Busy { status: s, .. } => Some(*s),
            _ => None,
        }
    }

    /// The seconds the server asked to wait (`Retry-After` on 429 or 503).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Busy { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// Whether the API is unreachable or cannot serve (the console shows OFFLINE and
    /// reconnects with backoff): no answer, or a 5xx ([`status_is_offline`]).
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Unreachable(..)) || self.status().is_some_and(status_is_offline)
    }
}

/// A reqwest error as a client error: a timeout, or the cause found by walking its source
/// chain (an I/O error's kind, rustls's certificate error, the connector's DNS failure).
pub(super) fn transport(e: reqwest::Error) -> ClientError {
    if e.is_decode() {
        return ClientError::Decode(e.to_string());
    }
    if e.is_builder() {
        return ClientError::BadUrl(e.to_string());
    }
    let cause = if e.is_timeout() { Cause::Timeout } else { cause_of(&e) };
    ClientError::Unreachable(cause, innermost(&e))
}

/// The cause of a transport error, from the first source in its chain that says. An I/O
/// error may wrap another (the connector wraps the TLS stream's, which wraps rustls's), and
/// its `source` skips the one it wraps: those are walked by `get_ref`.
fn cause_of(e: &(dyn StdError + 'static)) -> Cause {
    let mut next: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(cause) = io_cause(err) {
            return cause;
        }
        let words = err.to_string().to_ascii_lowercase();
        if words.contains("dns error") || words.contains("failed to lookup address") {
            return Cause::Dns;
        }
        if words.contains("connection closed before message completed") || words.contains("incomplete message") {
            return Cause::Reset;
        }
        next = err.source();
    }
    Cause::Other
}

/// The cause said by `err` if it is rustls's error or an I/O error (through what it wraps).
fn io_cause(err: &(dyn StdError + 'static)) -> Option<Cause> {
    if let Some(tls) = err.downcast_ref::<rustls::Error>() {
        return Some(Cause::Tls(tls_cause(tls)));
    }
    let io = err.downcast_ref::<std::io::Error>()?;
    if let Some(inner) = io.get_ref()
        && let Some(cause) = io_cause(inner)
    {
        return Some(cause);
    }
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused => Some(Cause::Refused),
        K::TimedOut => Some(Cause::Timeout),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => Some(Cause::Reset),
        _ => None,
    }
}

fn tls_cause(e: &rustls::Error) -> TlsCause {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => TlsCause::UnknownIssuer,
            C::NotValidForName | C::NotValidForNameContext { .. } => TlsCause::NameMismatch,
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. } => TlsCause::Expired,
            _ => TlsCause::Other,
        },
        _ => TlsCause::Other,
    }
}

/// The innermost error's words (reqwest's own say only "error sending request").
fn innermost(e: &(dyn StdError + 'static)) -> String {
    let mut last = e;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_5xx_is_offline_in_either_form_and_a_4xx_is_not() {
        let problem = |status: u16| {
            let body =
                serde_json::json!({"type": "about:blank", "title": "x", "status": status, "detail": "", "code": "X"});
            ClientError::Api(Box::new(serde_json::from_value::<ApiError>(body).expect("a problem")))
        };
        assert!(ClientError::Status(503).is_offline());
        assert!(problem(503).is_offline(), "a problem+json 503 is offline like a text one");
        assert!(ClientError::Busy { status: 503, retry_after: 3 }.is_offline());
        assert!(!problem(403).is_offline() && !ClientError::Status(401).is_offline());
        assert!(!ClientError::Busy { status: 429, retry_after: 3 }.is_offline());
        assert!(ClientError::Unreachable(Cause::Refused, String::new()).is_offline());
        assert!(!ClientError::TooLarge(1).is_offline() && !ClientError::Decode(String::new()).is_offline());
        assert!(problem(410).is_gone() && ClientError::Status(410).is_gone());
    }
}

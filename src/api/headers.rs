//! The HTTP header names of the reporting API's contract that the HTTP standard does not define,
//! spelled once for the server, the console's client and the simulator. Lowercase, as HTTP/2
//! sends them and as `HeaderName::from_static` requires; HTTP/1.1 compares names without case,
//! so clients may write them either way. The standard ones (`ETag`, `If-Match`,
//! `If-None-Match`, `Retry-After`) come from `http::header`.

/// `Idempotency-Key`: a UUID a client sends with a POST; a repeat with the same key and body
/// replays the first answer instead of acting twice.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// `Idempotent-Replayed: true`: set on an answer the server replayed for a repeated
/// `Idempotency-Key`.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// `X-Poll-Interval`: on every answer, the seconds the server asks clients to leave between
/// polls.
pub const POLL_INTERVAL: &str = "x-poll-interval";

/// `X-Dutydesk-Via`: which client made a write. The server records `console` (see
/// [`crate::api::types::Via`]) for dutydesk's console and `api` for any other value.
pub const VIA: &str = "x-dutydesk-via";

/// A problem's version as an entity tag, the form of `ETag` and `If-Match`: `"7"`.
pub fn version_tag(version: i64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_header_names_and_tags_are_quoted() {
        for name in [IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, POLL_INTERVAL, VIA] {
            let parsed = reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("a header name");
            assert_eq!(parsed.as_str(), name, "stored lowercase, as from_static needs");
        }
        assert_eq!(version_tag(7), "\"7\"");
    }
}

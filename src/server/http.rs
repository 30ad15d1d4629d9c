//! HTTP plumbing shared by handlers: entity tags and 304, the advertised poll interval, and
//! request metrics (idempotency keys on POST are in `server::idempotency`).

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::ApiProblem;
use super::state::{AppState, RequestLabels};
use crate::api::headers::{POLL_INTERVAL, VIA};
use crate::api::types::Via;

/// How the request reached us.
pub fn via(headers: &HeaderMap) -> Via {
    match headers.get(VIA).and_then(|v| v.to_str().ok()) {
        Some("console") => Via::Console,
        _ => Via::Api,
    }
}

/// A strong entity tag from content.
pub fn content_etag(bytes: &[u8]) -> String {
    etag_from_digest(&Sha256::digest(bytes))
}

/// A strong entity tag from a SHA-256 digest of content (its first 12 bytes, in hex).
pub fn etag_from_digest(digest: &[u8]) -> String {
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == etag))
}

/// 200 with JSON and `etag`, or 304 when the client already has it.
pub fn json_with_etag<T: Serialize>(req_headers: &HeaderMap, value: &T, etag: Option<String>) -> Response {
    let body = match serde_json::to_vec(value) {
        Ok(b) => b,
        Err(e) => return ApiProblem::internal(&e).into_response(),
    };
    let etag = etag.unwrap_or_else(|| content_etag(&body));
    bytes_with_etag(req_headers, Bytes::from(body), &etag)
}

/// 200 with an already encoded JSON body and its `etag`, or 304 when the client already has
/// it: nothing is serialised (the dashboard's cached path).
pub fn bytes_with_etag(req_headers: &HeaderMap, body: Bytes, etag: &str) -> Response {
    let tag = HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"0\""));
    if matches_etag(req_headers, etag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    (StatusCode::OK, [(header::ETAG, tag), (header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body)
        .into_response()
}

/// Whether the request accepts a gzip-encoded body (`Accept-Encoding` names `gzip` or `*`
/// without `q=0`).
pub fn accepts_gzip(req_headers: &HeaderMap) -> bool {
    req_headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.replace(' ', "").trim_start_matches("q=").parse::<f32>() == Ok(0.0));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        },
    )
}

/// [`bytes_with_etag`] with a body encoded twice: the gzip form (with `Content-Encoding: gzip`)
/// when the client accepts it, else the identity form; both say `Vary: Accept-Encoding`.
pub fn encoded_with_etag(req_headers: &HeaderMap, identity: Bytes, gzip: Bytes, etag: &str) -> Response {
    let gz = accepts_gzip(req_headers);
    let mut resp = bytes_with_etag(req_headers, if gz { gzip } else { identity }, etag);
    resp.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gz && resp.status() == StatusCode::OK {
        resp.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    resp
}

/// Parses `If-Match` into a version: `"7"`, `W/"7"` or `7`. Missing: 428; malformed: 400.
pub fn if_match_version(headers: &HeaderMap) -> Result<i64, ApiProblem> {
    let Some(raw) = headers.get(header::IF_MATCH) else {
        return Err(ApiProblem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "IF_MATCH_REQUIRED",
            "triage needs If-Match with the problem's version as you saw it, e.g. If-Match: \"3\"",
        ));
    };
    raw.to_str()
        .ok()
        .map(|s| s.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or_else(|| ApiProblem::bad_request("If-Match must be the problem's version, e.g. \"3\""))
}

/// Adds `X-Poll-Interval` to every response and counts requests.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let mut resp = next.run(req).await;
    resp.headers_mut()
        .insert(HeaderName::from_static(POLL_INTERVAL), HeaderValue::from(state.config.poll_interval_secs));
    state.metrics.requests.get_or_create(&RequestLabels { method, route, status: resp.status().as_u16() }).inc();
    state.metrics.duration.observe(started.elapsed().as_secs_f64());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(if_match_version(&h).unwrap_err().status, StatusCode::PRECONDITION_REQUIRED);
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"7\""));
        assert_eq!(if_match_version(&h).unwrap(), 7);
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"8\""));
        assert_eq!(if_match_version(&h).unwrap(), 8);
        h.insert(header::IF_MATCH, HeaderValue::from_static("abc"));
        assert_eq!(if_match_version(&h).unwrap_err().status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn gzip_is_accepted_unless_refused() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip"));
        assert!(with("br, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br, deflate"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn etag_matching() {
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("W/\"abc\", \"def\""));
        assert!(matches_etag(&h, "\"abc\""));
        assert!(matches_etag(&h, "\"def\""));
        assert!(!matches_etag(&h, "\"xyz\""));
    }
}

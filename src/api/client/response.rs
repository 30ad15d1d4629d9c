//! Reading an answer: the body in chunks up to the client's cap (a 50 MB body is refused at
//! the cap, or at once by its `Content-Length`, never buffered whole), the content type checked
//! before JSON is decoded, a problem+json error told from a plain one, and `Retry-After` on
//! 429 and 503.

use reqwest::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::{ClientError, transport};
use crate::api::sanitize::Sanitize;
use crate::api::types::ApiError;

/// The default cap on a response body: 32 MB (a province dashboard is about 0.4 MB).
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// The body of `resp`, read chunk by chunk; [`ClientError::TooLarge`] as soon as it passes
/// `cap` bytes (after decompression, so a small gzip bomb is caught too).
pub(super) async fn read_capped(mut resp: reqwest::Response, cap: u64) -> Result<Vec<u8>, ClientError> {
    if resp.content_length().is_some_and(|n| n > cap) {
        return Err(ClientError::TooLarge(cap));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport)? {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(ClientError::TooLarge(cap));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `Retry-After` in seconds (delta-seconds, or an HTTP date as the seconds until it).
pub(super) fn retry_after(resp: &reqwest::Response) -> Option<u64> {
    let v = resp.headers().get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs);
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    Some((at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds().max(0) as u64)
}

/// Whether a content type is JSON (`application/json`, `application/problem+json`, …).
fn is_json(resp: &reqwest::Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .is_some_and(|t| t == "application/json" || (t.starts_with("application/") && t.ends_with("+json")))
}

/// The value of a successful answer, sanitised, or the error of a failed one: problem+json
/// as [`ClientError::Api`], 429/503 with `Retry-After` as [`ClientError::Busy`], any other
/// error status as [`ClientError::Status`].
pub(super) async fn decode<T: DeserializeOwned + Sanitize>(
    resp: reqwest::Response,
    cap: u64,
) -> Result<T, ClientError> {
    let status = resp.status();
    let json = is_json(&resp);
    if !status.is_success() {
        let wait = retry_after(&resp)
            .filter(|_| matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE));
        if let Some(retry_after) = wait {
            return Err(ClientError::Busy { status: status.as_u16(), retry_after });
        }
        let bytes = read_capped(resp, cap).await.unwrap_or_default();
        return Err(match serde_json::from_slice::<ApiError>(&bytes) {
            Ok(mut e) if json => {
                e.sanitize();
                ClientError::Api(Box::new(e))
            }
            _ => ClientError::Status(status.as_u16()),
        });
    }
    if !json {
        let kind = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("none");
        return Err(ClientError::Decode(format!("content type {kind}, not JSON")));
    }
    let bytes = read_capped(resp, cap).await?;
    let mut value: T = serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()))?;
    value.sanitize();
    Ok(value)
}

//! What became of a write sent with [`crate::api::client::ApiClient::write`], classified for a
//! client that must never stop on an error (the simulator): done, stale (412 with the problem
//! as it is now), refused by a rule or a check (4xx), busy (429 or 503 with `Retry-After`), or
//! failed (5xx, or no answer).

use std::time::Duration;

use reqwest::StatusCode;

use crate::api::types::{ApiError, Problem};

/// What became of a write.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome {
    /// 2xx, with the response body (JSON, or `Null` when empty or not JSON).
    Done(serde_json::Value),
    /// 412: someone changed the problem first; the problem as it is now, when the server sent it.
    Stale(Option<Box<Problem>>),
    /// Any other 4xx (409 for a rule, 404, 422 …): the status and the error's code and title.
    Refused(u16, String),
    /// 429 or 503: wait this long before the next request (`Retry-After`, 1 to 60 s, else 2 s).
    Busy(Duration),
    /// The server failed (5xx) or could not be reached: what happened, for the log.
    Failed(String),
}

/// The outcome of an answer from its status, its `Retry-After` seconds and its body text.
pub fn classify(status: StatusCode, retry_after: Option<u64>, body: &str) -> WriteOutcome {
    if status.is_success() {
        return WriteOutcome::Done(serde_json::from_str(body).unwrap_or(serde_json::Value::Null));
    }
    match status {
        StatusCode::PRECONDITION_FAILED => {
            WriteOutcome::Stale(serde_json::from_str::<ApiError>(body).ok().and_then(|e| e.current))
        }
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
            WriteOutcome::Busy(Duration::from_secs(retry_after.unwrap_or(2).clamp(1, 60)))
        }
        s if s.is_client_error() => WriteOutcome::Refused(s.as_u16(), error_summary(body)),
        s => WriteOutcome::Failed(format!("{s}: {}", error_summary(body))),
    }
}

/// The machine code and title of a problem+json body, or the start of any other body.
fn error_summary(body: &str) -> String {
    match serde_json::from_str::<ApiError>(body) {
        Ok(e) => format!("{} ({})", e.code, e.title),
        Err(_) => body.chars().take(200).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_classified() {
        assert!(matches!(classify(StatusCode::CREATED, None, "{\"id\":1}"), WriteOutcome::Done(v) if v["id"] == 1));
        assert_eq!(classify(StatusCode::PRECONDITION_FAILED, None, "not json"), WriteOutcome::Stale(None));
        assert!(matches!(classify(StatusCode::CONFLICT, None, ""), WriteOutcome::Refused(409, _)));
        assert_eq!(
            classify(StatusCode::TOO_MANY_REQUESTS, Some(3), ""),
            WriteOutcome::Busy(std::time::Duration::from_secs(3))
        );
        assert!(matches!(classify(StatusCode::INTERNAL_SERVER_ERROR, None, ""), WriteOutcome::Failed(_)));
    }
}

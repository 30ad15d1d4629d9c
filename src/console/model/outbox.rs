//! The outbox as data: a triage action the user confirmed, kept (on disk, by the runtime's
//! journal) until the server gives a definite answer, with how its delivery goes; and which
//! client errors are definite (2xx, a 4xx to show) and which leave it unknown whether the
//! server applied it (a timeout, a refused connection, a 5xx, a lost or garbled answer), so it
//! is retried with the same `Idempotency-Key` and `If-Match`. Pure: the update logic is in
//! `update/outbox.rs`, the disk and the network in `runtime/outbox.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::client::ClientError;
use crate::api::types::Problem;

use crate::console::model::triage::Op;

/// An action confirmed and not yet answered definitely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// Its `Idempotency-Key`, chosen when the user confirmed it; every try sends it.
    pub key: Uuid,
    /// The operation, shown as pending (the row's preview) until the server answers.
    pub op: Op,
    /// The problem as the user saw it (its version goes as `If-Match`).
    pub seen: Problem,
    /// When the user confirmed it.
    pub queued_at: DateTime<Utc>,
    /// Tries that got no definite answer so far.
    #[serde(default)]
    pub attempts: u32,
    /// Why the last try got no definite answer.
    #[serde(default)]
    pub last_error: Option<String>,
    /// How its delivery goes now (not kept on disk).
    #[serde(skip)]
    pub delivery: Delivery,
}

impl Pending {
    /// A new action on `seen` with `key`, confirmed at `now`.
    pub fn new(key: Uuid, op: Op, seen: Problem, now: DateTime<Utc>) -> Pending {
        Pending { key, op, seen, queued_at: now, attempts: 0, last_error: None, delivery: Delivery::Sending }
    }
}

/// Where an action's delivery is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Delivery {
    /// A try is under way (or about to be).
    #[default]
    Sending,
    /// The last try got no definite answer; the next one is at this instant.
    Retrying {
        /// When the next try goes.
        next_at: DateTime<Utc>,
    },
}

/// Whether a failed try leaves it unknown if the server applied the action, so it is tried
/// again with the same key: the server unreachable or silent (timeout), a 5xx, 408, 429, a key
/// another request holds (409 `IDEMPOTENCY_IN_FLIGHT`), a 429 or 503 asking to wait, or an
/// answer that did not parse or passed the size cap. Everything else (a 4xx) is the server's
/// definite answer; a client whose own settings are unusable never sent it.
pub(crate) fn unknown_outcome(e: &ClientError) -> bool {
    let retry_status = |s: u16| s >= 500 || s == 408 || s == 429;
    match e {
        ClientError::Unreachable(..) | ClientError::Decode(_) | ClientError::Busy { .. } | ClientError::TooLarge(_) => {
            true
        }
        ClientError::Status(s) => retry_status(*s),
        ClientError::Api(a) => retry_status(a.status) || (a.status == 409 && a.code == "IDEMPOTENCY_IN_FLIGHT"),
        ClientError::BadUrl(_) | ClientError::Config(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::ApiError;

    fn api(status: u16, code: &str) -> ClientError {
        ClientError::Api(Box::new(ApiError {
            kind: "about:blank".into(),
            title: String::new(),
            status,
            detail: String::new(),
            code: code.into(),
            errors: Vec::new(),
            current: None,
        }))
    }

    #[test]
    fn which_failures_leave_the_outcome_unknown() {
        for e in [
            ClientError::Unreachable(crate::api::client::Cause::Timeout, "timed out".into()),
            ClientError::Busy { status: 429, retry_after: 3 },
            ClientError::Decode("EOF while parsing".into()),
            ClientError::Status(502),
            ClientError::Status(429),
            api(503, "UNAVAILABLE"),
            api(409, "IDEMPOTENCY_IN_FLIGHT"),
        ] {
            assert!(unknown_outcome(&e), "{e}");
        }
        for e in [
            api(412, "STALE_VERSION"),
            api(409, "INVALID_STATE"),
            api(403, "FORBIDDEN"),
            api(422, "INVALID"),
            ClientError::Status(401),
            ClientError::BadUrl("x".into()),
        ] {
            assert!(!unknown_outcome(&e), "{e}");
        }
    }
}

//! One typed triage request: the action, its validated input, the last segment of its
//! endpoint (`POST /api/v1/problems/{id}/<path>`) and its JSON body, in one value.
//!
//! The server decodes a request body into a [`TriageRequest`] ([`TriageRequest::decode`]) and
//! the store applies it whole, so an action can never travel with another action's input.
//! A client builds one with the constructors ([`TriageRequest::acknowledge`],
//! [`TriageRequest::reassign_department`], …) and sends [`TriageRequest::body`] to
//! `problems/{id}/` + [`TriageRequest::path`], with `If-Match` and an `Idempotency-Key`.
//! Adding an action means one variant here, its arm in the store and its endpoint.

use serde::Serialize;

use super::types::{
    AssigneeKind, CommentBody, FieldError, NoteBody, PriorityBody, ReassignBody, ReopenBody, ResolveBody,
};
use crate::domain::lifecycle::{Action, Priority};

/// Longest note on acknowledge and escalate, resolution and reopen reason (characters).
pub const NOTE_MAX: usize = 2000;
/// Longest comment (characters).
pub const COMMENT_MAX: usize = 4000;

/// Who a reassigned problem goes to: exactly one department or one officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Reassignee {
    /// A department (`{"department_id": …}` on the wire).
    Department {
        /// The department's id.
        department_id: i64,
    },
    /// An officer (`{"officer_id": …}` on the wire).
    Officer {
        /// The officer's id.
        officer_id: i64,
    },
}

impl Reassignee {
    /// The kind of assignee and its id, as the store records them.
    pub fn kind_and_id(self) -> (AssigneeKind, i64) {
        match self {
            Self::Department { department_id } => (AssigneeKind::Department, department_id),
            Self::Officer { officer_id } => (AssigneeKind::Officer, officer_id),
        }
    }
}

/// A triage action with its input. Serialises as the action's JSON body (see [`Self::body`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TriageRequest {
    /// open → acknowledged, with an optional note.
    Acknowledge {
        /// Optional note (absent from the body when `None`).
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// One level up (→ open), with an optional note.
    Escalate {
        /// Optional note (absent from the body when `None`).
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// To a department or an officer (→ open, level kept).
    Reassign(Reassignee),
    /// → resolved, with how it was solved.
    Resolve {
        /// The resolution (required, not blank).
        resolution: String,
    },
    /// resolved → open, with why.
    Reopen {
        /// The reason (required, not blank).
        reason: String,
    },
    /// A note on the thread; the state and version stay.
    Comment {
        /// The comment (required, not blank).
        text: String,
    },
    /// A new priority; the due time is recomputed from the time raised.
    SetPriority {
        /// The new priority.
        priority: Priority,
    },
}

/// Why a triage body was refused, before any state was looked at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageDecodeError {
    /// The path segment names no triage action.
    #[error("{0:?} is not a triage action")]
    UnknownAction(String),
    /// An empty body for an action that needs one.
    #[error("send the action's JSON body (see /api/v1/openapi.json)")]
    MissingBody,
    /// The body is not JSON.
    #[error("the body is not valid JSON: {0}")]
    Syntax(String),
    /// JSON of the wrong shape: an unknown or missing field, a wrong type.
    #[error("{0}")]
    Shape(String),
    /// A field's value is not acceptable (blank, too long, neither or both assignees).
    #[error("{}: {}", .0.field, .0.message)]
    Field(FieldError),
}

/// Trims `value` and checks it: not blank when `required`, at most `max` characters, and no
/// control character but newline and tab, nor a bidi override ([`super::sanitize::unstorable`]).
/// Every text the server stores passes here.
pub fn checked_text(field: &str, value: &str, max: usize, required: bool) -> Result<String, FieldError> {
    let v = value.trim();
    let fault = |message: String| FieldError { field: field.to_string(), message };
    if let Some(why) = super::sanitize::unstorable(value) {
        return Err(fault(why));
    }
    if required && v.is_empty() {
        return Err(fault("is required and must not be blank".into()));
    }
    if v.chars().count() > max {
        return Err(fault(format!("is longer than {max} characters")));
    }
    Ok(v.to_string())
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8], empty: Option<T>) -> Result<T, TriageDecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return empty.ok_or(TriageDecodeError::MissingBody);
    }
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() { TriageDecodeError::Shape(e.to_string()) } else { TriageDecodeError::Syntax(e.to_string()) }
    })
}

impl TriageRequest {
    /// The last path segment of every triage endpoint, in the contract's order.
    pub const PATHS: [&'static str; 7] =
        ["acknowledge", "escalate", "reassign", "resolve", "reopen", "comment", "priority"];

    /// Acknowledge, with an optional note.
    pub fn acknowledge(note: Option<String>) -> Self {
        Self::Acknowledge { note }
    }

    /// Escalate one level, with an optional note.
    pub fn escalate(note: Option<String>) -> Self {
        Self::Escalate { note }
    }

    /// Reassign to the department `department_id`.
    pub fn reassign_department(department_id: i64) -> Self {
        Self::Reassign(Reassignee::Department { department_id })
    }

    /// Reassign to the officer `officer_id`.
    pub fn reassign_officer(officer_id: i64) -> Self {
        Self::Reassign(Reassignee::Officer { officer_id })
    }

    /// Resolve with a resolution text.
    pub fn resolve(resolution: impl Into<String>) -> Self {
        Self::Resolve { resolution: resolution.into() }
    }

    /// Reopen with a reason.
    pub fn reopen(reason: impl Into<String>) -> Self {
        Self::Reopen { reason: reason.into() }
    }

    /// Comment on the problem.
    pub fn comment(text: impl Into<String>) -> Self {
        Self::Comment { text: text.into() }
    }

    /// Set a new priority.
    pub fn set_priority(priority: Priority) -> Self {
        Self::SetPriority { priority }
    }

    /// The life-cycle action this request performs (what its timeline event records).
    pub fn action(&self) -> Action {
        match self {
            Self::Acknowledge { .. } => Action::Acknowledge,
            Self::Escalate { .. } => Action::Escalate,
            Self::Reassign(_) => Action::Reassign,
            Self::Resolve { .. } => Action::Resolve,
            Self::Reopen { .. } => Action::Reopen,
            Self::Comment { .. } => Action::Comment,
            Self::SetPriority { .. } => Action::SetPriority,
        }
    }

    /// The last segment of the endpoint: `POST /api/v1/problems/{id}/<path>`.
    pub fn path(&self) -> &'static str {
        match self {
            Self::Acknowledge { .. } => "acknowledge",
            Self::Escalate { .. } => "escalate",
            Self::Reassign(_) => "reassign",
            Self::Resolve { .. } => "resolve",
            Self::Reopen { .. } => "reopen",
            Self::Comment { .. } => "comment",
            Self::SetPriority { .. } => "priority",
        }
    }

    /// The JSON body to send: `{}` or `{"note": …}`, `{"department_id": …}` or
    /// `{"officer_id": …}`, `{"resolution": …}`, `{"reason": …}`, `{"text": …}`, `{"priority": …}`.
    pub fn body(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_else(|_| serde_json::json!({}))
    }

    /// Reads the body posted to the endpoint `path` and validates it ([`Self::validated`]).
    /// Acknowledge and escalate accept an empty body.
    pub fn decode(path: &str, body: &[u8]) -> Result<Self, TriageDecodeError> {
        let request = match path {
            "acknowledge" => Self::acknowledge(parse(body, Some(NoteBody::default()))?.note),
            "escalate" => Self::escalate(parse(body, Some(NoteBody::default()))?.note),
            "reassign" => {
                let b: ReassignBody = parse(body, None)?;
                match (b.department_id, b.officer_id) {
                    (Some(d), None) => Self::reassign_department(d),
                    (None, Some(o)) => Self::reassign_officer(o),
                    _ => {
                        return Err(TriageDecodeError::Field(FieldError {
                            field: "department_id".into(),
                            message: "give exactly one of department_id and officer_id".into(),
                        }));
                    }
                }
            }
            "resolve" => Self::resolve(parse::<ResolveBody>(body, None)?.resolution),
            "reopen" => Self::reopen(parse::<ReopenBody>(body, None)?.reason),
            "comment" => Self::comment(parse::<CommentBody>(body, None)?.text),
            "priority" => Self::set_priority(parse::<PriorityBody>(body, None)?.priority),
            other => return Err(TriageDecodeError::UnknownAction(other.to_string())),
        };
        request.validated().map_err(TriageDecodeError::Field)
    }

    /// The request with its texts trimmed, or the field at fault: a resolution, reason or
    /// comment must not be blank; notes, resolutions and reasons are at most [`NOTE_MAX`]
    /// characters, comments at most [`COMMENT_MAX`].
    pub fn validated(self) -> Result<Self, FieldError> {
        let note = |n: Option<String>| n.map(|n| checked_text("note", &n, NOTE_MAX, false)).transpose();
        Ok(match self {
            Self::Acknowledge { note: n } => Self::Acknowledge { note: note(n)? },
            Self::Escalate { note: n } => Self::Escalate { note: note(n)? },
            Self::Resolve { resolution } => {
                Self::Resolve { resolution: checked_text("resolution", &resolution, NOTE_MAX, true)? }
            }
            Self::Reopen { reason } => Self::Reopen { reason: checked_text("reason", &reason, NOTE_MAX, true)? },
            Self::Comment { text } => Self::Comment { text: checked_text("text", &text, COMMENT_MAX, true)? },
            same @ (Self::Reassign(_) | Self::SetPriority { .. }) => same,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn every_kind() -> Vec<TriageRequest> {
        vec![
            TriageRequest::acknowledge(None),
            TriageRequest::acknowledge(Some("收到".into())),
            TriageRequest::escalate(Some("请协调".into())),
            TriageRequest::reassign_department(3),
            TriageRequest::reassign_officer(7),
            TriageRequest::resolve("运输通道已协调"),
            TriageRequest::reopen("再次受阻"),
            TriageRequest::comment("跟进中"),
            TriageRequest::set_priority(Priority::Urgent),
        ]
    }

    #[test]
    fn body_and_path_decode_back_to_the_same_request() {
        for r in every_kind() {
            let bytes = serde_json::to_vec(&r.body()).unwrap();
            assert_eq!(TriageRequest::decode(r.path(), &bytes), Ok(r.clone()), "{r:?}");
            assert!(TriageRequest::PATHS.contains(&r.path()));
        }
    }

    #[test]
    fn bodies_are_the_wire_format_clients_send() {
        assert_eq!(TriageRequest::acknowledge(None).body(), json!({}));
        assert_eq!(TriageRequest::escalate(Some("n".into())).body(), json!({"note": "n"}));
        assert_eq!(TriageRequest::reassign_department(1).body(), json!({"department_id": 1}));
        assert_eq!(TriageRequest::reassign_officer(2).body(), json!({"officer_id": 2}));
        assert_eq!(TriageRequest::resolve("r").body(), json!({"resolution": "r"}));
        assert_eq!(TriageRequest::reopen("why").body(), json!({"reason": "why"}));
        assert_eq!(TriageRequest::comment("t").body(), json!({"text": "t"}));
        assert_eq!(TriageRequest::set_priority(Priority::High).body(), json!({"priority": "high"}));
        assert_eq!(TriageRequest::set_priority(Priority::High).path(), "priority");
        assert_eq!(TriageRequest::set_priority(Priority::High).action(), Action::SetPriority);
        assert_eq!(TriageRequest::reassign_officer(2).action(), Action::Reassign);
    }

    #[test]
    fn decoding_refuses_what_the_server_refuses() {
        use TriageDecodeError::*;
        assert_eq!(TriageRequest::decode("acknowledge", b""), Ok(TriageRequest::acknowledge(None)));
        assert_eq!(
            TriageRequest::decode("escalate", b"  {\"note\": \" n \"}"),
            Ok(TriageRequest::escalate(Some("n".into())))
        );
        assert_eq!(TriageRequest::decode("resolve", b" "), Err(MissingBody));
        assert!(matches!(TriageRequest::decode("resolve", b"{"), Err(Syntax(_))));
        assert!(matches!(TriageRequest::decode("reassign", br#"{"team": 1}"#), Err(Shape(_))));
        let field = |r: Result<TriageRequest, TriageDecodeError>| match r {
            Err(Field(f)) => f.field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(TriageRequest::decode("reassign", br#"{"department_id": 1, "officer_id": 2}"#)),
            "department_id"
        );
        assert_eq!(field(TriageRequest::decode("reassign", b"{}")), "department_id");
        assert_eq!(field(TriageRequest::decode("resolve", br#"{"resolution": "  "}"#)), "resolution");
        let long = json!({"text": "长".repeat(COMMENT_MAX + 1)}).to_string();
        assert_eq!(field(TriageRequest::decode("comment", long.as_bytes())), "text");
        assert_eq!(TriageRequest::decode("delete", b"{}"), Err(UnknownAction("delete".into())));
    }
}

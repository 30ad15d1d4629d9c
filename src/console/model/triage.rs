//! Triage as data: the operations a duty officer applies to a problem, their wire form (path
//! and JSON body), their optimistic preview, the actions in flight, the server's answer
//! classified (done, changed meanwhile, rule broken, forbidden, other), and which timeline
//! events happened after the version the user saw. Pure: the update logic is in
//! `update/triage.rs`, the network in `runtime/outbox.rs`.

use serde::{Deserialize, Serialize};

use crate::api::client::ClientError;
use crate::api::triage::TriageRequest;
use crate::api::types::{Assignee, AssigneeKind, Problem, TimelineEvent};
use crate::domain::lifecycle::{self, Priority};
use crate::matcher::CandidateKind;

use crate::console::look::i18n::{Lang, action_key, prio_key, state_key};

/// Who a problem is reassigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Whether the target is a department or an officer.
    pub kind: CandidateKind,
    /// The department's or officer's id.
    pub id: i64,
    /// Its display name (a department's short name), shown in the picker and the preview.
    pub name: String,
}

/// One triage operation with its input (kept on disk in the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Take it (open → acknowledged).
    Acknowledge,
    /// Escalate one level (park desk → district → city command center); open again there.
    Escalate,
    /// Give it to a department or officer.
    Reassign(Target),
    /// Close it with this resolution.
    Resolve(String),
    /// Open it again for this reason.
    Reopen(String),
    /// Add this comment.
    Comment(String),
    /// Set this priority.
    Priority(Priority),
}

/// Which text a one-line editor collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// The resolution (then a confirmation).
    Resolution,
    /// The reason to reopen.
    Reason,
    /// A comment on the problem (no confirmation).
    Comment,
}

impl TextKind {
    /// The label key of the editor's title.
    pub fn title_key(self) -> &'static str {
        match self {
            TextKind::Resolution => "tri.resolution",
            TextKind::Reason => "tri.reason",
            TextKind::Comment => "tri.comment",
        }
    }

    /// The operation for a typed text.
    pub fn op(self, text: String) -> Op {
        match self {
            TextKind::Resolution => Op::Resolve(text),
            TextKind::Reason => Op::Reopen(text),
            TextKind::Comment => Op::Comment(text),
        }
    }
}

impl Op {
    /// The life-cycle action.
    pub fn action(&self) -> lifecycle::Action {
        use lifecycle::Action as A;
        match self {
            Op::Acknowledge => A::Acknowledge,
            Op::Escalate => A::Escalate,
            Op::Reassign(_) => A::Reassign,
            Op::Resolve(_) => A::Resolve,
            Op::Reopen(_) => A::Reopen,
            Op::Comment(_) => A::Comment,
            Op::Priority(_) => A::SetPriority,
        }
    }

    /// What goes over the wire: the typed request (its path segment and JSON body).
    pub(crate) fn request(&self) -> TriageRequest {
        match self {
            Op::Acknowledge => TriageRequest::acknowledge(None),
            Op::Escalate => TriageRequest::escalate(None),
            Op::Reassign(t) if t.kind == CandidateKind::Department => TriageRequest::reassign_department(t.id),
            Op::Reassign(t) => TriageRequest::reassign_officer(t.id),
            Op::Resolve(text) => TriageRequest::resolve(text.clone()),
            Op::Reopen(text) => TriageRequest::reopen(text.clone()),
            Op::Comment(text) => TriageRequest::comment(text.clone()),
            Op::Priority(p) => TriageRequest::set_priority(*p),
        }
    }

    /// Whether it needs a confirmation that starts on Cancel.
    pub fn consequential(&self) -> bool {
        matches!(self, Op::Escalate | Op::Resolve(_))
    }

    /// What it does, in words: "reassign to 交通运输局", "升级".
    pub fn describe(&self, lang: Lang) -> String {
        let verb = lang.t(action_key(self.action()));
        let sp = if lang.is_zh() { "" } else { " " };
        match self {
            Op::Reassign(t) => format!("{}{sp}{}", lang.t("tri.reassign_to"), t.name),
            Op::Resolve(text) | Op::Reopen(text) | Op::Comment(text) => format!("{verb}: {text}"),
            Op::Priority(p) => format!("{verb}{sp}→{sp}{}", lang.t(prio_key(*p))),
            _ => verb.to_string(),
        }
    }

    /// The problem as it will be if the server agrees (the pending display).
    pub fn preview(&self, p: &Problem) -> Problem {
        let mut q = p.clone();
        if let Ok(t) = lifecycle::transition(self.action(), p.state, p.level) {
            q.state = t.to_state;
            q.level = t.to_level;
        }
        match self {
            Op::Reassign(t) => {
                let kind =
                    if t.kind == CandidateKind::Department { AssigneeKind::Department } else { AssigneeKind::Officer };
                q.assignee = Assignee { kind, id: t.id, name: t.name.clone() };
            }
            Op::Priority(pr) => q.priority = *pr,
            _ => {}
        }
        q
    }
}

/// Why the server did not do it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TriageFailure {
    /// 412: someone changed the problem first; it is now `current`, after `events`.
    Stale {
        /// The problem as it is now.
        current: Box<Problem>,
        /// What happened after the version the user saw.
        events: Vec<TimelineEvent>,
    },
    /// 409: a life-cycle rule was broken.
    Rule {
        /// The error code, e.g. `INVALID_STATE` or `CANNOT_ESCALATE`.
        code: String,
        /// The server's plain words.
        detail: String,
    },
    /// 403: this token may not triage.
    Forbidden,
    /// Anything else (unreachable, 422, 5xx …), as text.
    Other(String),
}

impl TriageFailure {
    /// Classifies a client error (a 412 without events yet; the outbox adds them).
    pub(crate) fn from_client(e: ClientError) -> TriageFailure {
        match e {
            ClientError::Api(a) if a.status == 412 => match a.current {
                Some(current) => TriageFailure::Stale { current, events: Vec::new() },
                None => TriageFailure::Other(format!("412 {}", a.detail)),
            },
            ClientError::Api(a) if a.status == 409 => TriageFailure::Rule { code: a.code, detail: a.detail },
            ClientError::Api(a) if a.status == 403 => TriageFailure::Forbidden,
            ClientError::Status(403) => TriageFailure::Forbidden,
            other => TriageFailure::Other(other.to_string()),
        }
    }
}

/// The rule broken, in plain words of `lang`: from the code and what we know of the problem.
pub(crate) fn rule_text(lang: Lang, code: &str, detail: &str, op: &Op, current: Option<&Problem>) -> String {
    let verb = lang.t(action_key(op.action()));
    match (code, current) {
        ("CANNOT_ESCALATE", _) => lang.t("tri.rule.top").to_string(),
        ("INVALID_STATE", Some(p)) => {
            let state = lang.t(state_key(p.state));
            let allowed: Vec<&str> = op.action().allowed_from().iter().map(|s| lang.t(state_key(*s))).collect();
            if lang.is_zh() {
                format!("问题当前为「{state}」，无法{verb}；仅可从 {} 状态{verb}", allowed.join("、"))
            } else {
                format!("cannot {verb} a problem that is {state}; only from {}", allowed.join(", "))
            }
        }
        _ if !detail.is_empty() => detail.to_string(),
        _ => format!("{} ({code})", lang.t("tri.rule.generic")),
    }
}

/// The timeline events after the version the user saw: every event but a comment adds one
/// to the version, so they are the last `current - seen` such events and the comments after
/// the first of them.
pub(crate) fn events_since(events: &[TimelineEvent], seen_version: i64, current_version: i64) -> Vec<TimelineEvent> {
    let mut need = (current_version - seen_version).max(0);
    let mut start = events.len();
    for (i, e) in events.iter().enumerate().rev() {
        if need == 0 {
            break;
        }
        if e.action != lifecycle::Action::Comment {
            need -= 1;
        }
        start = i;
    }
    events[start..].to_vec()
}

/// Whether `op` is allowed on `p` by the life cycle; the rule broken otherwise.
pub(crate) fn check(op: &Op, p: &Problem) -> Result<(), lifecycle::RuleError> {
    lifecycle::transition(op.action(), p.state, p.level).map(|_| ())
}

/// A problem that is pending shows this marker.
pub(crate) const PENDING_MARK: &str = "⋯";

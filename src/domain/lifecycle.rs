//! The problem life cycle: states, triage actions and the transitions the contract allows.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The highest escalation level: 0 park desk, 1 district, 2 city command center.
pub const MAX_LEVEL: i64 = 2;

/// Where a problem stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemState {
    /// Nobody owns it yet at its current level.
    Open,
    /// The current assignee has taken it.
    Acknowledged,
    /// Solved; may be reopened.
    Resolved,
}

impl ProblemState {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Acknowledged => "acknowledged",
            Self::Resolved => "resolved",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "acknowledged" => Some(Self::Acknowledged),
            "resolved" => Some(Self::Resolved),
            _ => None,
        }
    }
}

/// How urgent a problem is; sets its SLA deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Default SLA 2 h.
    Urgent,
    /// Default SLA 8 h.
    High,
    /// Default SLA 24 h.
    Normal,
}

impl Priority {
    /// All priorities, most urgent first.
    pub const ALL: [Priority; 3] = [Priority::Urgent, Priority::High, Priority::Normal];

    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Urgent => "urgent",
            Self::High => "high",
            Self::Normal => "normal",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Sort rank: 0 is the most urgent.
    pub fn rank(self) -> i64 {
        match self {
            Self::Urgent => 0,
            Self::High => 1,
            Self::Normal => 2,
        }
    }
}

/// The problem queue's urgency order as one ascending number: the highest level first, then
/// the most urgent priority (`(MAX_LEVEL - level) * 10 + priority rank`, so 0 is a city-level
/// urgent problem). The store keeps it as `problems.urgency_rank` for its index.
pub fn urgency_rank(level: i64, priority: Priority) -> i64 {
    (MAX_LEVEL - level) * 10 + priority.rank()
}

/// A triage or intake action on a problem, as recorded in its timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// An officer raised the problem.
    Raise,
    /// The assignee's side takes it.
    Acknowledge,
    /// Passed one level up.
    Escalate,
    /// Given to a department or officer.
    Reassign,
    /// Closed with a resolution.
    Resolve,
    /// Opened again with a reason.
    Reopen,
    /// A note on the thread.
    Comment,
    /// Priority changed; the due time is recomputed.
    SetPriority,
}

impl Action {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Raise => "raise",
            Self::Acknowledge => "acknowledge",
            Self::Escalate => "escalate",
            Self::Reassign => "reassign",
            Self::Resolve => "resolve",
            Self::Reopen => "reopen",
            Self::Comment => "comment",
            Self::SetPriority => "set_priority",
        }
    }

    /// The states this action may start from.
    pub fn allowed_from(self) -> &'static [ProblemState] {
        use ProblemState::*;
        match self {
            Self::Raise => &[],
            Self::Acknowledge => &[Open],
            Self::Escalate | Self::Reassign | Self::Resolve | Self::SetPriority => &[Open, Acknowledged],
            Self::Reopen => &[Resolved],
            Self::Comment => &[Open, Acknowledged, Resolved],
        }
    }
}

/// Why a transition was refused (answered with 409).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The action does not apply to the problem's current state.
    #[error("cannot {action} a problem that is {state}; allowed from: {allowed}")]
    WrongState {
        /// The action tried.
        action: &'static str,
        /// The problem's state.
        state: &'static str,
        /// The states it is allowed from.
        allowed: String,
    },
    /// Escalation at the city command center, the top level.
    #[error("the problem is already at the top level ({MAX_LEVEL}, city command center)")]
    CannotEscalate,
}

impl RuleError {
    /// The machine code sent in the problem+json body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongState { .. } => "INVALID_STATE",
            Self::CannotEscalate => "CANNOT_ESCALATE",
        }
    }
}

/// The state and level after an allowed action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The state after the action.
    pub to_state: ProblemState,
    /// The level after the action.
    pub to_level: i64,
}

/// Applies the life-cycle table to `(state, level)`; the only place the rules live.
pub fn transition(action: Action, state: ProblemState, level: i64) -> Result<Transition, RuleError> {
    if !action.allowed_from().contains(&state) {
        return Err(RuleError::WrongState {
            action: action.as_str(),
            state: state.as_str(),
            allowed: action.allowed_from().iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
        });
    }
    use ProblemState::*;
    let (to_state, to_level) = match action {
        Action::Raise => (Open, 0),
        Action::Acknowledge => (Acknowledged, level),
        Action::Escalate if level >= MAX_LEVEL => return Err(RuleError::CannotEscalate),
        Action::Escalate => (Open, level + 1),
        Action::Reassign | Action::Reopen => (Open, level),
        Action::Resolve => (Resolved, level),
        Action::Comment | Action::SetPriority => (state, level),
    };
    Ok(Transition { to_state, to_level })
}

/// A problem is escalated when its level is at least 1 and it is not resolved.
pub fn is_escalated(state: ProblemState, level: i64) -> bool {
    level >= 1 && state != ProblemState::Resolved
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProblemState::*;

    #[test]
    fn acknowledge_only_from_open() {
        assert_eq!(transition(Action::Acknowledge, Open, 0).unwrap().to_state, Acknowledged);
        assert!(matches!(transition(Action::Acknowledge, Acknowledged, 0), Err(RuleError::WrongState { .. })));
    }

    #[test]
    fn escalate_raises_level_and_reopens_until_top() {
        let t = transition(Action::Escalate, Acknowledged, 1).unwrap();
        assert_eq!((t.to_state, t.to_level), (Open, 2));
        assert_eq!(transition(Action::Escalate, Open, 2), Err(RuleError::CannotEscalate));
        assert_eq!(RuleError::CannotEscalate.code(), "CANNOT_ESCALATE");
    }

    #[test]
    fn reassign_keeps_level_and_opens() {
        let t = transition(Action::Reassign, Acknowledged, 2).unwrap();
        assert_eq!((t.to_state, t.to_level), (Open, 2));
        assert!(transition(Action::Reassign, Resolved, 2).is_err());
    }

    #[test]
    fn resolve_and_reopen() {
        assert_eq!(transition(Action::Resolve, Open, 0).unwrap().to_state, Resolved);
        assert_eq!(transition(Action::Reopen, Resolved, 1).unwrap().to_state, Open);
        assert!(transition(Action::Reopen, Open, 1).is_err());
        assert!(transition(Action::Resolve, Resolved, 1).is_err());
    }

    #[test]
    fn comment_any_state_unchanged() {
        for s in [Open, Acknowledged, Resolved] {
            assert_eq!(transition(Action::Comment, s, 1).unwrap().to_state, s);
        }
        assert!(transition(Action::SetPriority, Resolved, 0).is_err());
    }

    #[test]
    fn escalated_definition() {
        assert!(is_escalated(Open, 1));
        assert!(is_escalated(Acknowledged, 2));
        assert!(!is_escalated(Open, 0));
        assert!(!is_escalated(Resolved, 2));
    }

    #[test]
    fn spellings_round_trip() {
        for s in [Open, Acknowledged, Resolved] {
            assert_eq!(ProblemState::parse(s.as_str()), Some(s));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
    }
}

//! The handover's words in English and Simplified Chinese (the rendering is shared by the
//! command line and the console, below the console's own label tables).

use crate::api::types::{SYSTEM_ACTOR, Via};
use crate::domain::lifecycle::Action;

/// The language of a rendered handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HandoverLang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl HandoverLang {
    /// The language a code names as the console reads `--lang` and `LANG` (`en…`, `C` and
    /// `POSIX` English, `zh…` Chinese, any case), or `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("zh") {
            Some(Self::Zh)
        } else if code.starts_with("en") || code == "c" || code == "posix" {
            Some(Self::En)
        } else {
            None
        }
    }

    /// "none" (an empty list).
    pub fn none(self) -> &'static str {
        self.t(Word::None)
    }

    /// The word in this language.
    pub(super) fn t(self, w: Word) -> &'static str {
        let (en, zh) = w.pair();
        match self {
            Self::En => en,
            Self::Zh => zh,
        }
    }

    /// An action as a verb of this language.
    pub(super) fn action(self, a: Action) -> &'static str {
        let (en, zh) = match a {
            Action::Raise => ("raised", "上报"),
            Action::Acknowledge => ("acknowledged", "受理"),
            Action::Escalate => ("escalated", "升级"),
            Action::Reassign => ("reassigned", "转派"),
            Action::Resolve => ("resolved", "办结"),
            Action::Reopen => ("reopened", "重开"),
            Action::Comment => ("commented on", "备注"),
            Action::SetPriority => ("reprioritised", "调整优先级"),
        };
        if self == Self::En { en } else { zh }
    }

    /// How an action reached the server, in this language (as the console's timeline says it).
    pub(super) fn via(self, v: Via) -> &'static str {
        let (en, zh) = match v {
            Via::Console => ("console", "控制台"),
            Via::Api => ("api", "接口"),
            Via::System => ("system", "系统"),
        };
        if self == Self::En { en } else { zh }
    }

    /// Who did an event: the escalation policy by its name in this language (as the console's
    /// timeline names it), a person by the recorded name.
    pub(super) fn actor(self, actor: &str, via: Via) -> &str {
        match (via, actor) {
            (Via::System, SYSTEM_ACTOR) if self == Self::En => "SLA policy",
            (Via::System, SYSTEM_ACTOR) => "超时升级",
            _ => actor,
        }
    }

    /// "N days in a row".
    pub(super) fn days_in_a_row(self, n: i64) -> String {
        match self {
            Self::En if n == 1 => "1 day".into(),
            Self::En => format!("{n} days in a row"),
            Self::Zh => format!("连续 {n} 天"),
        }
    }

    /// "… and N more".
    pub fn and_more(self, n: i64) -> String {
        match self {
            Self::En => format!("… and {n} more"),
            Self::Zh => format!("… 另有 {n} 条"),
        }
    }
}

/// A word of the handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Word {
    Title,
    Raised,
    Escalated,
    PastSla,
    Resolved,
    Reopened,
    StillOpen,
    StillEscalated,
    Desk,
    StillOpenAt,
    StillEscalatedAt,
    ParksFell,
    CitiesFell,
    Overdue,
    Absent,
    LastCheckin,
    Never,
    WorstUnits,
    OverdueReports,
    AbsentOfficers,
    Unit,
    And,
    Level,
    Due,
    Open,
    Acknowledged,
    None,
}

impl Word {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Self::Title => ("Shift handover", "交接班"),
            Self::Raised => ("raised", "新上报"),
            Self::Escalated => ("escalated", "升级"),
            Self::PastSla => ("past SLA", "超时"),
            Self::Resolved => ("resolved", "办结"),
            Self::Reopened => ("reopened", "重开"),
            Self::StillOpen => ("still open", "仍未结"),
            Self::StillEscalated => ("still escalated", "仍升级"),
            Self::Desk => ("This desk did", "本席处理"),
            Self::StillOpenAt => ("Still open at", "未结问题，截至"),
            Self::StillEscalatedAt => ("Still escalated at", "升级未结，截至"),
            Self::ParksFell => ("Parks whose return to work fell", "复工率下降的园区"),
            Self::CitiesFell => ("Cities whose return to work fell", "复工率下降的市州"),
            Self::Overdue => ("Overdue reports of", "逾期日报"),
            Self::Absent => ("Officers absent on both", "连续两天缺勤"),
            Self::LastCheckin => ("last check-in", "上次签到"),
            Self::Never => ("never", "无"),
            Self::WorstUnits => ("worst dispatching units", "问题较多的派出单位"),
            Self::OverdueReports => ("overdue reports", "逾期日报"),
            Self::AbsentOfficers => ("absent", "缺勤"),
            Self::Unit => ("unit", "派出单位"),
            Self::And => ("and", "和"),
            Self::Level => ("level", "级别"),
            Self::Due => ("due", "时限"),
            Self::Open => ("open", "待受理"),
            Self::Acknowledged => ("acknowledged", "已受理"),
            Self::None => ("none", "无"),
        }
    }
}

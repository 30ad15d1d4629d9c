//! The two languages of the console: every label in English and Simplified Chinese.
//! `:lang` switches live; data (names) is never translated. Also the label keys of the domain's
//! values (problem states, priorities, enterprise statuses, life-cycle actions).

use crate::api::types::{EnterpriseStatus, SYSTEM_ACTOR, TimelineEvent, Via};
use crate::domain::lifecycle::{Action, Priority, ProblemState};

/// A language of the labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (`en`, also `C` and `POSIX`): the default when nothing else is set.
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`; any code starting with `zh`).
    Zh,
}

impl Lang {
    /// Parses `en`, `zh-CN`, `zh`, `zh_CN.UTF-8` …
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first of: the flag, the config, `LANG` (unknown values fall through), English.
    pub fn choose(flag: Option<&str>, config: &str, env_lang: Option<&str>) -> Lang {
        flag.and_then(Lang::parse)
            .or_else(|| Lang::parse(config))
            .or_else(|| env_lang.and_then(Lang::parse))
            .unwrap_or_default()
    }

    /// The code used by `:lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Whether this is Chinese.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// The label for `key` in this language (the key itself when unknown).
    pub fn t(self, key: &'static str) -> &'static str {
        label(key).map_or(key, |(en, zh)| if self.is_zh() { zh } else { en })
    }
}

/// Declares one table of labels: `label(key)` and, in tests, `LABELS`. Each file of `i18n/`
/// holds one table, and [`TABLES`] lists them.
macro_rules! labels {
    ($($key:literal => $en:literal, $zh:literal;)*) => {
        /// This table's label keys with their English and Chinese text.
        #[cfg(test)]
        pub(super) const LABELS: &[(&str, &str, &str)] = &[$(($key, $en, $zh)),*];

        /// The English and Chinese text of `key`, if this table has it.
        pub(super) fn label(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($en, $zh)),)*
                _ => None,
            }
        }
    };
}

mod base;
mod chart;
mod escalation;
mod export;
mod findcopy;
mod handover;
mod reminders;
mod timeline;

pub(crate) use timeline::{category_key, desk_key, role_key};

/// A label's English and Chinese text.
type Texts = (&'static str, &'static str);

/// The label tables, looked up in order: the base labels, then one table per feature.
const TABLES: &[fn(&str) -> Option<Texts>] = &[
    base::label,
    chart::label,
    escalation::label,
    export::label,
    findcopy::label,
    handover::label,
    reminders::label,
    timeline::label,
];

/// The English and Chinese text of `key`, from the first table that has it.
fn label(key: &str) -> Option<Texts> {
    TABLES.iter().find_map(|table| table(key))
}

/// Every label key with its English and Chinese text, from every table.
#[cfg(test)]
fn all_labels() -> Vec<(&'static str, &'static str, &'static str)> {
    [
        base::LABELS,
        chart::LABELS,
        escalation::LABELS,
        export::LABELS,
        findcopy::LABELS,
        handover::LABELS,
        reminders::LABELS,
        timeline::LABELS,
    ]
    .iter()
    .flat_map(|t| t.iter().copied())
    .collect()
}

// The label keys of domain values.

/// The label key of a problem state.
pub(crate) fn state_key(s: ProblemState) -> &'static str {
    match s {
        ProblemState::Open => "st.open",
        ProblemState::Acknowledged => "st.acknowledged",
        ProblemState::Resolved => "st.resolved",
    }
}

/// The label key of a priority.
pub(crate) fn prio_key(p: Priority) -> &'static str {
    match p {
        Priority::Urgent => "prio.urgent",
        Priority::High => "prio.high",
        Priority::Normal => "prio.normal",
    }
}

/// The label key of an enterprise status.
pub(crate) fn status_key(s: EnterpriseStatus) -> &'static str {
    match s {
        EnterpriseStatus::Resumed => "ent.resumed",
        EnterpriseStatus::NotResumed => "ent.not_resumed",
        EnterpriseStatus::Suspended => "ent.suspended",
    }
}

/// Who did a timeline event, as the console names it: the server's own actions (the
/// escalation policy's) in the UI language, a person by the name the server recorded.
pub(crate) fn actor_name(e: &TimelineEvent, lang: Lang) -> &str {
    if e.via == Via::System && e.actor == SYSTEM_ACTOR { lang.t("actor.system") } else { &e.actor }
}

/// The label key of a life-cycle action.
pub(crate) fn action_key(a: Action) -> &'static str {
    match a {
        Action::Raise => "act.raise",
        Action::Acknowledge => "act.acknowledge",
        Action::Escalate => "act.escalate",
        Action::Reassign => "act.reassign",
        Action::Resolve => "act.resolve",
        Action::Reopen => "act.reopen",
        Action::Comment => "act.comment",
        Action::SetPriority => "act.set_priority",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_order() {
        assert_eq!(Lang::choose(Some("zh-CN"), "en", Some("en_US.UTF-8")), Lang::Zh);
        assert_eq!(Lang::choose(None, "", Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::choose(None, "", Some("de_DE.UTF-8")), Lang::En);
        assert_eq!(Lang::choose(Some("xx"), "zh", None), Lang::Zh);
    }

    #[test]
    fn every_label_has_both_languages() {
        for (k, en, zh) in all_labels() {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
            assert_eq!(Lang::Zh.t(k), zh);
        }
        let labels = all_labels();
        let mut keys: Vec<_> = labels.iter().map(|l| l.0).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), labels.len(), "duplicate label key");
    }

    #[test]
    fn the_policys_actions_are_named_in_the_language() {
        let mut e = TimelineEvent {
            seq: 1,
            problem_id: 1,
            action: Action::Escalate,
            actor: SYSTEM_ACTOR.into(),
            via: Via::System,
            from_state: Some(ProblemState::Open),
            to_state: ProblemState::Open,
            payload: serde_json::json!({"note": null, "level": 1}),
            at: chrono::Utc::now(),
        };
        assert_eq!(actor_name(&e, Lang::En), "SLA policy");
        assert_eq!(actor_name(&e, Lang::Zh), "超时升级");
        let words = crate::console::tables::timeline::details(std::slice::from_ref(&e), Lang::En, &[]);
        assert_eq!(words, ["level 0 → 1"], "null left out");
        e.via = Via::Api;
        assert_eq!(actor_name(&e, Lang::Zh), "system", "a person who calls themselves system keeps the name");
    }
}

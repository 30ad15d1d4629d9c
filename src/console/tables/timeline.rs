//! A problem's timeline in words, in the console's language: what each event changed
//! (`工信局 → 交通运输局`, `high → urgent`, `level 1 → 2`, a resolution, a reason, a comment),
//! never the payload's JSON, every value of an enum by its label. The holder before a reassign
//! and the priority before a change come from the event when the server recorded them
//! (`from`), else from the events before it (the raise's desk and priority, each escalation's
//! desk, each reassign's assignee).

use serde_json::Value;

use crate::api::types::{AssigneeKind, Department, TimelineEvent};
use crate::console::look::i18n::{Lang, category_key, desk_key, prio_key};
use crate::domain::lifecycle::{Action, Priority};

/// Who holds a problem, as an event records it (`{"kind", "id", "name"}`).
#[derive(Debug, Clone, PartialEq)]
struct Holder {
    kind: AssigneeKind,
    id: i64,
    name: String,
}

impl Holder {
    fn desk(level: i64) -> Holder {
        Holder { kind: AssigneeKind::Desk, id: level, name: String::new() }
    }

    /// The holder an event's field names, if it is one.
    fn of(v: &Value) -> Option<Holder> {
        let kind = match v.get("kind")?.as_str()? {
            "desk" => AssigneeKind::Desk,
            "department" => AssigneeKind::Department,
            "officer" => AssigneeKind::Officer,
            _ => return None,
        };
        let id = v.get("id")?.as_i64()?;
        let name = v.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        Some(Holder { kind, id, name })
    }

    /// Its name as the console says it: a desk by its label, a department by the short name
    /// the organisation gives it (else the recorded one), an officer by the recorded name; an
    /// id nothing names as `部门 #5` / `department #5`.
    fn words(&self, lang: Lang, departments: &[Department]) -> String {
        let unnamed = |kind: &'static str| {
            if self.name.trim().is_empty() { format!("{} #{}", lang.t(kind), self.id) } else { self.name.clone() }
        };
        match self.kind {
            AssigneeKind::Desk => lang.t(desk_key(self.id)).to_string(),
            AssigneeKind::Department => match departments.iter().find(|d| d.id == self.id) {
                Some(d) if !d.short_name.is_empty() => d.short_name.clone(),
                Some(d) if !d.name.is_empty() => d.name.clone(),
                _ => unnamed("who.department"),
            },
            AssigneeKind::Officer => unnamed("who.officer"),
        }
    }
}

/// A text field of the payload, trimmed; `None` when absent, `null` or blank.
fn text<'a>(payload: &'a Value, field: &str) -> Option<&'a str> {
    payload.get(field).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
}

/// A priority by its label (a spelling this console does not know as written).
fn priority_words(lang: Lang, spelling: &str) -> String {
    Priority::parse(spelling).map_or_else(|| spelling.to_string(), |p| lang.t(prio_key(p)).to_string())
}

/// `before → after`, or `→ after` when the before is not known.
fn change(before: Option<String>, after: String) -> String {
    match before {
        Some(b) => format!("{b} → {after}"),
        None => format!("→ {after}"),
    }
}

/// Joins the non-empty parts with ` · `.
fn joined(parts: Vec<String>) -> String {
    parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// Each event's details in words, in the order given (oldest first). The holder and the
/// priority before the first event are not known unless it is the raise.
pub(crate) fn details(events: &[TimelineEvent], lang: Lang, departments: &[Department]) -> Vec<String> {
    let mut holder: Option<Holder> = None;
    let mut priority: Option<String> = None;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let p = &e.payload;
        let note = text(p, "note").unwrap_or_default().to_string();
        out.push(match e.action {
            Action::Raise => {
                holder = Some(Holder::desk(0));
                priority = text(p, "priority").map(str::to_string);
                let category = text(p, "category").map(|c| category_key(c).map_or(c, |k| lang.t(k)).to_string());
                let prio = priority.as_deref().map(|s| priority_words(lang, s));
                joined(vec![
                    text(p, "title").unwrap_or_default().to_string(),
                    category.unwrap_or_default(),
                    prio.unwrap_or_default(),
                ])
            }
            Action::Acknowledge => note,
            Action::Escalate => {
                let level = p.get("level").and_then(Value::as_i64);
                if let Some(l) = level {
                    holder = Some(Holder::desk(l));
                }
                let levels = level
                    .map(|l| format!("{} {}", lang.t("tl.level"), change(Some((l - 1).to_string()), l.to_string())));
                joined(vec![levels.unwrap_or_default(), note])
            }
            Action::Reassign => {
                let to = p.get("assignee").and_then(Holder::of);
                let from = p.get("from").and_then(Holder::of).or_else(|| holder.clone());
                let words = match &to {
                    Some(t) => change(from.map(|f| f.words(lang, departments)), t.words(lang, departments)),
                    None => String::new(),
                };
                holder = to.or(holder);
                words
            }
            Action::SetPriority => {
                let to = text(p, "priority").map(str::to_string);
                let from = text(p, "from").map(str::to_string).or_else(|| priority.clone());
                let words = match &to {
                    Some(t) => change(from.map(|f| priority_words(lang, &f)), priority_words(lang, t)),
                    None => String::new(),
                };
                priority = to.or(priority);
                words
            }
            Action::Resolve => text(p, "resolution").unwrap_or_default().to_string(),
            Action::Reopen => text(p, "reason").unwrap_or_default().to_string(),
            Action::Comment => text(p, "text").unwrap_or_default().to_string(),
        });
    }
    out
}

/// The past-tense verb of an action in the one-line form.
fn verb_key(a: Action) -> &'static str {
    match a {
        Action::Raise => "tl.raised",
        Action::Acknowledge => "tl.acknowledged",
        Action::Escalate => "tl.escalated",
        Action::Reassign => "tl.reassigned",
        Action::Resolve => "tl.resolved",
        Action::Reopen => "tl.reopened",
        Action::Comment => "tl.commented",
        Action::SetPriority => "tl.priority",
    }
}

/// An event in one line: its verb, then its details (`reassigned 工信局 → 交通运输局`,
/// `priority high → urgent`, `resolved: …`, `备注：…`).
pub(crate) fn phrase(action: Action, details: &str, lang: Lang) -> String {
    let verb = lang.t(verb_key(action));
    if details.is_empty() {
        return verb.to_string();
    }
    let text =
        matches!(action, Action::Raise | Action::Acknowledge | Action::Resolve | Action::Reopen | Action::Comment);
    match (text, lang.is_zh()) {
        (true, true) => format!("{verb}：{details}"),
        (true, false) => format!("{verb}: {details}"),
        (false, _) => format!("{verb} {details}"),
    }
}

//! The shift handover rendered for people, shared by `dutydesk handover` and the console's
//! handover view: plain text, markdown (headings, bullet lists and small tables, fit to paste
//! into a chat or print) and JSON, in English or Simplified Chinese, times local to the
//! command center's zone. Pure: a [`Handover`] in, a string out.

mod when;
mod words;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::api::types::{Handover, HandoverEvent, HandoverList, HandoverProblem, RateChange};
use crate::domain::lifecycle::ProblemState;
pub use when::{last_before, parse_when};
pub use words::HandoverLang;
use words::Word;

/// What `dutydesk handover --format` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverFormat {
    /// Plain text, one item a line.
    Text,
    /// Markdown for a chat or a printout.
    Markdown,
    /// The API's JSON, pretty-printed.
    Json,
}

impl std::str::FromStr for HandoverFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Self::Text),
            "markdown" | "md" => Ok(Self::Markdown),
            "json" => Ok(Self::Json),
            other => Err(format!("unknown format {other:?}: use text, markdown or json")),
        }
    }
}

/// One item of a section: a short lead (a problem's number, a name) and the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The lead: `#7`, an enterprise's, officer's, place's or unit's name.
    pub lead: String,
    /// The rest of the line.
    pub text: String,
    /// The problem the item is about (its number and title), if it is about one.
    pub problem: Option<(i64, String)>,
}

/// A section: a heading with the list's total, its items, and how many more there are.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading, without the total.
    pub title: String,
    /// How many rows the whole list has.
    pub total: i64,
    /// The rows the handover holds.
    pub items: Vec<Item>,
    /// How many rows it does not hold.
    pub more: i64,
    /// Drawn as a table of the worst units in markdown.
    units_table: bool,
}

/// The handover as `format` in `lang`.
pub fn render(h: &Handover, format: HandoverFormat, lang: HandoverLang) -> String {
    match format {
        HandoverFormat::Text => text(h, lang),
        HandoverFormat::Markdown => markdown(h, lang),
        HandoverFormat::Json => serde_json::to_string_pretty(h).unwrap_or_default() + "\n",
    }
}

/// The handover's zone (UTC when the server names one this build does not know).
fn zone(h: &Handover) -> Tz {
    h.time_zone.parse().unwrap_or(Tz::UTC)
}

/// An instant as local `MM-DD HH:MM`.
fn local(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%m-%d %H:%M").to_string()
}

/// The title line: scope, window and zone.
pub fn title(h: &Handover, lang: HandoverLang) -> String {
    let tz = zone(h);
    format!(
        "{} · {} · {} – {} ({})",
        lang.t(Word::Title),
        h.scope.name,
        local(tz, h.since),
        local(tz, h.until),
        tz.name()
    )
}

/// The counts of the window, label and number, in the summary's order.
pub fn counts(h: &Handover, lang: HandoverLang) -> Vec<(&'static str, i64)> {
    vec![
        (lang.t(Word::Raised), h.raised.total),
        (lang.t(Word::Escalated), h.escalated.total),
        (lang.t(Word::PastSla), h.past_sla.total),
        (lang.t(Word::Resolved), h.resolved.total),
        (lang.t(Word::Reopened), h.reopened.total),
        (lang.t(Word::StillOpen), h.still_open.total),
        (lang.t(Word::StillEscalated), h.still_escalated.total),
    ]
}

/// A list's name as a heading (English capitalised).
fn heading(lang: HandoverLang, w: Word) -> String {
    let word = lang.t(w);
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn section<T>(title: String, list: &HandoverList<T>, item: impl Fn(&T) -> Item) -> Section {
    Section {
        title,
        total: list.total,
        items: list.items.iter().map(item).collect(),
        more: list.more(),
        units_table: false,
    }
}

fn event_item(tz: Tz, lang: HandoverLang, e: &HandoverEvent, with_action: bool) -> Item {
    let mut text = format!("{} {}", local(tz, e.at), e.title);
    if with_action {
        text = format!("{} {} {}", local(tz, e.at), lang.action(e.action), e.title);
    }
    text.push_str(&format!(" · {} · {} ({})", e.park.name, lang.actor(&e.actor, e.via), lang.via(e.via)));
    if let Some(level) = e.level.filter(|_| e.action == crate::domain::lifecycle::Action::Escalate) {
        text.push_str(&format!(" → {} {level}", lang.t(Word::Level)));
    }
    Item { lead: format!("#{}", e.problem_id), text, problem: Some((e.problem_id, e.title.clone())) }
}

fn problem_item(tz: Tz, lang: HandoverLang, p: &HandoverProblem) -> Item {
    let state = if p.state == ProblemState::Acknowledged { lang.t(Word::Acknowledged) } else { lang.t(Word::Open) };
    Item {
        lead: format!("#{}", p.id),
        problem: Some((p.id, p.title.clone())),
        text: format!(
            "{} · {} · {state} · {} {} · {} {}",
            p.title,
            p.park.name,
            lang.t(Word::Level),
            p.level,
            lang.t(Word::Due),
            local(tz, p.due_at)
        ),
    }
}

fn rate_item(c: &RateChange) -> Item {
    let pct = |n: i64, d: i64| if d == 0 { 0.0 } else { 100.0 * n as f64 / d as f64 };
    Item {
        lead: c.place.name.clone(),
        problem: None,
        text: format!(
            "{:.1}% → {:.1}% (−{:.1}) · {}/{} → {}/{}",
            pct(c.from_resumed, c.from_reporting),
            pct(c.to_resumed, c.to_reporting),
            c.fall_points(),
            c.from_resumed,
            c.from_reporting,
            c.to_resumed,
            c.to_reporting
        ),
    }
}

/// Every section of the handover, in reading order.
pub fn sections(h: &Handover, lang: HandoverLang) -> Vec<Section> {
    let tz = zone(h);
    let short = |d: chrono::NaiveDate| d.format("%m-%d").to_string();
    let until = h.until.with_timezone(&tz).format("%H:%M").to_string();
    vec![
        section(heading(lang, Word::Raised), &h.raised, |e| event_item(tz, lang, e, false)),
        section(heading(lang, Word::Escalated), &h.escalated, |e| event_item(tz, lang, e, false)),
        section(heading(lang, Word::PastSla), &h.past_sla, |p| problem_item(tz, lang, p)),
        section(heading(lang, Word::Resolved), &h.resolved, |e| event_item(tz, lang, e, false)),
        section(heading(lang, Word::Reopened), &h.reopened, |e| event_item(tz, lang, e, false)),
        section(format!("{} ({})", lang.t(Word::Desk), h.desk_name), &h.desk, |e| event_item(tz, lang, e, true)),
        section(format!("{} {until}", lang.t(Word::StillOpenAt)), &h.still_open, |p| problem_item(tz, lang, p)),
        section(format!("{} {until}", lang.t(Word::StillEscalatedAt)), &h.still_escalated, |p| {
            problem_item(tz, lang, p)
        }),
        section(
            format!("{} {} → {}", lang.t(Word::ParksFell), short(h.rate_falls.from), short(h.rate_falls.to)),
            &h.rate_falls.parks,
            rate_item,
        ),
        section(
            format!("{} {} → {}", lang.t(Word::CitiesFell), short(h.rate_falls.from), short(h.rate_falls.to)),
            &h.rate_falls.cities,
            rate_item,
        ),
        section(format!("{} {}", lang.t(Word::Overdue), short(h.overdue_date)), &h.overdue, |o| Item {
            lead: o.enterprise.name.clone(),
            problem: None,
            text: format!(
                "{} · {} · {}",
                o.park.name,
                lang.days_in_a_row(o.days_in_a_row),
                o.officers.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(" ")
            ),
        }),
        section(
            format!(
                "{} {} {} {}",
                lang.t(Word::Absent),
                short(h.absent_days[0]),
                lang.t(Word::And),
                short(h.absent_days[1])
            ),
            &h.absent,
            |a| Item {
                lead: a.officer.name.clone(),
                problem: None,
                text: format!(
                    "{} · {} · {} {}",
                    a.unit.name,
                    a.park.name,
                    lang.t(Word::LastCheckin),
                    a.last_checkin.map_or_else(|| lang.t(Word::Never).to_string(), short)
                ),
            },
        ),
        Section {
            units_table: true,
            ..section(heading(lang, Word::WorstUnits), &h.worst_units, |u| Item {
                lead: u.unit_name.clone(),
                problem: None,
                text: format!(
                    "{} {} · {} {}",
                    lang.t(Word::OverdueReports),
                    u.reports.overdue,
                    lang.t(Word::AbsentOfficers),
                    u.attendance.absent
                ),
            })
        },
    ]
}

/// The plain text: a title, the counts on one line, then each section with its total, its
/// items indented and "… and N more" when the list is longer.
pub fn text(h: &Handover, lang: HandoverLang) -> String {
    let mut out = format!("{}\n", title(h, lang));
    let summary: Vec<String> = counts(h, lang).into_iter().map(|(label, n)| format!("{label} {n}")).collect();
    out.push_str(&summary.join(" · "));
    out.push('\n');
    for s in sections(h, lang) {
        out.push_str(&format!("\n{} ({})\n", s.title, s.total));
        if s.total == 0 {
            out.push_str(&format!("  {}\n", lang.t(Word::None)));
        }
        for i in &s.items {
            out.push_str(&format!("  {}  {}\n", i.lead, i.text));
        }
        if s.more > 0 {
            out.push_str(&format!("  {}\n", lang.and_more(s.more)));
        }
    }
    out
}

/// Escapes the characters markdown would read as formatting.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '#' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The markdown: a heading, the counts as a small table, then a subheading per section with a
/// bullet list, and the worst units as a table.
pub fn markdown(h: &Handover, lang: HandoverLang) -> String {
    let mut out = format!("## {}\n\n", md(&title(h, lang)));
    let counts = counts(h, lang);
    out.push_str(&format!("| {} |\n", counts.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(" | ")));
    out.push_str(&format!("|{}\n", "---:|".repeat(counts.len())));
    out.push_str(&format!("| {} |\n", counts.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join(" | ")));
    for s in sections(h, lang) {
        out.push_str(&format!("\n### {} ({})\n\n", md(&s.title), s.total));
        if s.total == 0 {
            out.push_str(&format!("- {}\n", lang.t(Word::None)));
            continue;
        }
        if s.units_table {
            out.push_str(&format!(
                "| {} | {} | {} |\n|---|---:|---:|\n",
                lang.t(Word::Unit),
                lang.t(Word::OverdueReports),
                lang.t(Word::AbsentOfficers)
            ));
            for u in &h.worst_units.items {
                out.push_str(&format!("| {} | {} | {} |\n", md(&u.unit_name), u.reports.overdue, u.attendance.absent));
            }
        } else {
            for i in &s.items {
                out.push_str(&format!("- **{}** {}\n", md(&i.lead), md(&i.text)));
            }
        }
        if s.more > 0 {
            out.push_str(&format!("\n{}\n", md(&lang.and_more(s.more))));
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! The command palette (`:`): commands, their completion, and what they do to the state.

use crate::api::types::Scope;
use crate::console::look::i18n::Lang;
use crate::console::look::theme::builtin_names;
use crate::console::message::Effect;
use crate::console::model::{Modal, Place, State, View};
use crate::matcher::{contains, find_name};

use super::navigation::{go, rescope};

/// A palette command: a place (named by [`Place::name`]; `problems` also takes filters), or
/// another command with the hint of its argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Command {
    /// Go to a place.
    Place(Place),
    /// Another command: its name and argument hint (empty when it takes none).
    Other(&'static str, &'static str),
}

impl Command {
    /// Its name as typed.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Command::Place(p) => p.name(),
            Command::Other(name, _) => name,
        }
    }

    /// The hint of its argument (empty when it takes none).
    pub(crate) fn arg(self) -> &'static str {
        match self {
            Command::Place(_) => "",
            Command::Other(_, arg) => arg,
        }
    }
}

/// The commands, in the order completion offers them.
pub(crate) const COMMANDS: &[Command] = &[
    Command::Place(Place::Problems),
    Command::Place(Place::Escalated),
    Command::Other("problem", "NUMBER"),
    Command::Other("park", "NAME"),
    Command::Other("scope", "NAME|province"),
    Command::Place(Place::Parks),
    Command::Place(Place::Units),
    Command::Place(Place::Chart),
    Command::Place(Place::Dashboard),
    Command::Other("date", "YYYY-MM-DD"),
    Command::Other("today", ""),
    Command::Other("theme", "NAME"),
    Command::Other("lang", "en|zh-CN"),
    Command::Other("export", "csv|xlsx [PATH]"),
    Command::Other("freeze", ""),
    Command::Other("refresh", ""),
    Command::Other("outbox", ""),
    Command::Other("handover", "[HH:MM]"),
    Command::Other("help", ""),
    Command::Other("quit", ""),
];

/// Complete command lines for what has been typed.
pub(crate) fn suggestions(state: &State, input: &str) -> Vec<String> {
    let input = input.trim_start();
    // A number (`1020`, `#1020`) is the problem of that number.
    if let Some(id) = super::find_copy::number(input.trim_end()) {
        return vec![format!("problem {id}")];
    }
    match input.split_once(' ') {
        None => COMMANDS
            .iter()
            .filter(|c| c.name().starts_with(input))
            .map(|c| if c.arg().is_empty() { c.name().to_string() } else { format!("{} ", c.name()) })
            .collect(),
        Some((cmd, arg)) => {
            let arg = arg.trim();
            let values: Vec<String> = match cmd {
                "park" => state.park_refs().into_iter().map(|p| p.name).filter(|n| contains(n, arg)).collect(),
                "scope" => std::iter::once("province".to_string())
                    .chain(state.scope_places().into_iter().map(|(label, _)| label))
                    .filter(|n| contains(n, arg))
                    .collect(),
                "theme" => builtin_names().filter(|n| n.starts_with(arg)).map(str::to_string).collect(),
                "lang" => ["en", "zh-CN"].into_iter().filter(|n| n.starts_with(arg)).map(str::to_string).collect(),
                "export" => ["csv", "xlsx"].into_iter().filter(|n| n.starts_with(arg)).map(str::to_string).collect(),
                _ => Vec::new(),
            };
            values.into_iter().map(|v| format!("{cmd} {v}")).collect()
        }
    }
}

/// Runs a command line; the error is shown as a notice.
pub(crate) fn execute(state: &mut State, line: &str) -> Result<Vec<Effect>, String> {
    let line = line.trim();
    let (cmd, arg) = line.split_once(' ').map_or((line, ""), |(c, a)| (c, a.trim()));
    let lang = state.lang;
    let unknown = || format!("{}: {line}", lang.t("msg.unknown_cmd"));
    // `1020` and `#1020`: the problem of that number.
    if let Some(id) = super::find_copy::number(cmd).filter(|_| arg.is_empty()) {
        return Ok(super::find_copy::open_problem(state, id));
    }
    // `problems` is a place that also takes filters (below).
    if let Some(place) = Place::parse(cmd).filter(|p| *p != Place::Problems) {
        return Ok(go(state, place));
    }
    Ok(match cmd {
        "problems" => {
            let view = problem_filter_view(state, arg)?;
            super::navigation::push(state, view)
        }
        "problem" => super::find_copy::problem_command(state, arg)?,
        "park" => {
            let parks = state.park_refs();
            let found = find_name(&parks, |p| &p.name, arg)
                .cloned()
                .ok_or_else(|| format!("{} {arg:?}", lang.t("msg.no_park")))?;
            super::navigation::push(state, View::Enterprises { park: found })
        }
        "scope" if arg == "province" => rescope(state, Some(Scope::Province)),
        "scope" => {
            let places = state.scope_places();
            let (_, place) = find_name(&places, |p| p.0.as_str(), arg)
                .ok_or_else(|| format!("{} {arg:?}", lang.t("msg.no_place")))?;
            let scope = place.scope();
            rescope(state, scope)
        }
        "date" => super::days::jump(state, arg)?,
        "today" => super::days::set_date(state, None),
        "theme" if !arg.is_empty() => vec![Effect::LoadTheme(arg.to_string())],
        "lang" => {
            state.lang = Lang::parse(arg).ok_or_else(unknown)?;
            Vec::new()
        }
        "export" => super::export::command(state, arg)?,
        "freeze" => super::incoming::toggle_freeze(state),
        "refresh" => vec![Effect::Refresh],
        "outbox" => super::outbox::open(state),
        "handover" => super::handover::open(state, arg)?,
        "help" => {
            state.modal = Modal::Help { scroll: 0 };
            Vec::new()
        }
        "quit" | "q" => super::navigation::quit(state),
        _ => return Err(unknown()),
    })
}

/// Whether a line is a complete command (runs on Enter as typed).
pub(crate) fn is_complete(line: &str) -> bool {
    let line = line.trim();
    let (cmd, arg) = line.split_once(' ').map_or((line, ""), |(c, a)| (c, a.trim()));
    let optional = |c: &Command| c.arg().starts_with('[');
    COMMANDS.iter().any(|c| c.name() == cmd && (c.arg().is_empty() || optional(c) || !arg.is_empty())) || cmd == "q"
}

/// `:problems state=open level=1 priority=urgent assignee=jt park=万宝新区`: the problem queue
/// narrowed on the server. An assignee is `desk` or a department, found like in the reassign
/// picker (Chinese, pinyin, initials, aliases); a park by name or pinyin.
pub(crate) fn problem_filter_view(state: &State, arg: &str) -> Result<View, String> {
    use crate::matcher::{Candidate, CandidateKind, rank};
    let mut filter = crate::console::model::ProblemFilter::default();
    let mut park = None;
    for word in arg.split_whitespace() {
        let (key, value) = word
            .split_once('=')
            .ok_or_else(|| format!("{word:?}: use key=value (state, level, priority, assignee, park)"))?;
        match key {
            "state" if ["open", "acknowledged", "resolved", "unresolved"].contains(&value) => {
                filter.state = Some(value.into());
            }
            "level" => {
                filter.min_level = Some(
                    value
                        .parse()
                        .ok()
                        .filter(|l| (0..=2).contains(l))
                        .ok_or_else(|| format!("level {value:?}: 0, 1 or 2"))?,
                );
            }
            "priority" if ["urgent", "high", "normal"].contains(&value) => filter.priority = Some(value.into()),
            "assignee" if value == "desk" => filter.assignee = Some(("desk".into(), value.into())),
            "assignee" => {
                let departments = state.org.as_ref().map(|o| o.departments.clone()).unwrap_or_default();
                let candidates: Vec<Candidate> = departments
                    .iter()
                    .map(|d| {
                        let mut aliases = d.aliases.clone();
                        aliases.push(d.name.clone());
                        Candidate::new(CandidateKind::Department, d.id, &d.short_name, &aliases)
                    })
                    .collect();
                let best = rank(value, &candidates)
                    .into_iter()
                    .next()
                    .ok_or_else(|| format!("no department like {value:?}"))?;
                let d = &departments[best.index];
                filter.assignee = Some((format!("department:{}", d.id), d.short_name.clone()));
            }
            "park" => {
                let parks = state.park_refs();
                park = Some(
                    find_name(&parks, |p| &p.name, value)
                        .cloned()
                        .ok_or_else(|| format!("{} {value:?}", state.lang.t("msg.no_park")))?,
                );
            }
            _ => {
                return Err(format!(
                    "{word:?}: state=open|acknowledged|resolved|unresolved, level=0-2, priority=urgent|high|normal, assignee=NAME|desk, park=NAME"
                ));
            }
        }
    }
    Ok(View::Problems { park, escalated: false, filter })
}

//! `dutydesk snapshot`: fetch once, render one frame of a view as plain text: only the view
//! (no key-hint bar, no toast, no selection marker, no trailing blank lines), or with `--full`
//! the whole frame as the terminal shows it.

use chrono::Utc;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::api::types::NamedRef;

use crate::console::message::Msg;
use crate::console::model::pane::PaneTable;
use crate::console::model::{Pane, Place, State, View};
use crate::console::runtime::poller;
use crate::console::runtime::setup::{ConsoleOptions, initial_state};
use crate::console::update::{push, update};
use crate::console::views;

/// What `dutydesk snapshot` renders: which view, on a frame of what size.
#[derive(Debug, Clone)]
pub struct SnapshotOptions {
    /// The console's options (API, token, language, theme, config).
    pub console: ConsoleOptions,
    /// `dashboard` (default), `return-to-work`, `open-problems`, `attendance`,
    /// `attendance-units`, `overdue`, `problems`, `escalated`, `parks`, `units`, `park:NAME`,
    /// `park-problems:NAME`, `park-officers:NAME`, `unit:NAME`, `enterprise:ID`, `officer:ID`,
    /// `problem:ID`.
    pub view: String,
    /// Frame width in terminal columns (`--width`, 120 by default).
    pub width: u16,
    /// Frame height in terminal rows (`--height`, 40 by default).
    pub height: u16,
    /// The whole frame (`--full`): the key-hint bar, the selection marker and every row to
    /// the frame's height, as the terminal shows it.
    pub full: bool,
}

/// The drill-down views `--view` accepts with an argument.
const DRILL_DOWNS: [&str; 7] =
    ["park:NAME", "park-problems:NAME", "park-officers:NAME", "unit:NAME", "enterprise:ID", "officer:ID", "problem:ID"];

/// The views `--view` accepts, for help text and errors: the places, the pane tables and the
/// drill-downs.
pub(crate) fn view_names() -> String {
    let places = Place::ALL.into_iter().map(Place::name);
    places.chain(PaneTable::names()).chain(DRILL_DOWNS).collect::<Vec<_>>().join(", ")
}

fn find(list: Vec<NamedRef>, q: &str, what: &str) -> anyhow::Result<NamedRef> {
    list.iter()
        .find(|r| r.id.to_string() == q)
        .or_else(|| crate::matcher::find_name(&list, |r| &r.name, q))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no {what} matches {q:?}"))
}

fn id(arg: &str) -> anyhow::Result<NamedRef> {
    let id = arg.parse().map_err(|_| anyhow::anyhow!("{arg:?} is not an id"))?;
    Ok(NamedRef { id, name: format!("#{id}") })
}

/// Chooses the view in `state` (pushing drill-downs); returns the view to fetch, if any.
pub(crate) fn select_view(state: &mut State, spec: &str) -> anyhow::Result<Option<View>> {
    let (kind, arg) = spec.split_once(':').map_or((spec, ""), |(k, a)| (k, a.trim()));
    let parks = || state.park_refs();
    let units = || -> Vec<NamedRef> {
        state
            .dash
            .as_ref()
            .map(|d| d.units.iter().map(|u| NamedRef { id: u.unit_id, name: u.unit_name.clone() }).collect())
            .unwrap_or_default()
    };
    let view = if let Some(place) = Place::parse(kind) {
        Some(place.view()).filter(|v| *v != View::Dashboard)
    } else if let Some(table) = PaneTable::by_name(kind) {
        state.focus = Pane::of_table(table);
        state.by_unit = table.is_alternative();
        None
    } else {
        match kind {
            "" => None,
            "park" => Some(View::Enterprises { park: find(parks(), arg, "park")? }),
            "park-problems" => Some(View::problems(Some(find(parks(), arg, "park")?), false)),
            "park-officers" => Some(View::Officers { park: Some(find(parks(), arg, "park")?), unit: None }),
            "unit" => Some(View::Officers { park: None, unit: Some(find(units(), arg, "unit")?) }),
            "enterprise" => Some(View::Enterprise(id(arg)?)),
            "officer" => Some(View::Officer(id(arg)?)),
            "problem" => Some(View::Problem(id(arg)?)),
            other => anyhow::bail!("unknown view {other:?}; one of: {}", view_names()),
        }
    };
    if let Some(v) = &view {
        push(state, v.clone());
    }
    Ok(view.filter(View::needs_fetch))
}

/// Renders a state into plain text of `width`×`height`.
pub(crate) fn render_text(state: &State, theme: &crate::console::look::theme::Theme) -> String {
    let area = Rect::new(0, 0, state.size.0, state.size.1);
    let mut buf = Buffer::empty(area);
    views::draw(state, theme, &mut buf, area);
    views::buffer_text(&buf)
}

/// Fetches once and renders one frame of a view as plain text.
pub async fn snapshot(opts: SnapshotOptions) -> anyhow::Result<String> {
    let client = opts.console.client()?;
    let (mut state, theme) = initial_state(&opts.console, &client.host(), Utc::now());
    update(&mut state, Msg::Resize(opts.width.max(20), opts.height.max(6)));
    let q = crate::api::types::DashboardQuery::default();
    let (me, org, dash) = tokio::try_join!(client.me(), client.org(), client.dashboard(&q, None))?;
    update(&mut state, Msg::Me(Box::new(me)));
    update(&mut state, Msg::Org(Box::new(org)));
    let overdue = poller::overdue(&client, None, None).await?;
    let poll_secs = dash.poll_interval();
    let dash = dash.into_value().ok_or_else(|| anyhow::anyhow!("the dashboard answered 304 to a plain GET"))?;
    update(&mut state, Msg::Data { at: Utc::now(), poll_secs, fresh: Some(Box::new((dash, Some(overdue)))) });
    if let Some(view) = select_view(&mut state, opts.view.trim())? {
        let data = poller::fetch_view(&client, &view).await?;
        update(&mut state, Msg::Loaded { view, data, at: Utc::now() });
    }
    state.chrome = opts.full;
    let text = render_text(&state, &theme);
    Ok(if opts.full { text } else { without_trailing_blank_lines(&text) })
}

/// `text` without the blank lines at its end (the rows below the view), each line ending in
/// a newline.
pub(crate) fn without_trailing_blank_lines(text: &str) -> String {
    let kept = text.trim_end_matches(['\n', ' ']);
    if kept.is_empty() { String::new() } else { format!("{kept}\n") }
}

#[cfg(test)]
mod tests {
    use super::without_trailing_blank_lines;

    #[test]
    fn trailing_blank_lines_go_and_the_rest_stays() {
        assert_eq!(without_trailing_blank_lines("a\n\n b\n\n\n  \n"), "a\n\n b\n");
        assert_eq!(without_trailing_blank_lines("\n\n"), "");
    }
}

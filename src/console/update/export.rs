//! `:export csv|xlsx [PATH]`: the request for the table in view (which data, its filter and
//! sort, the context its cells are written in), and the toasts of its progress and its end.
//! The runtime's task reads and writes (`runtime::export`); nothing here touches a file.

use chrono::Duration;

use crate::console::look::format::thousands;
use crate::console::message::Effect;
use crate::console::model::export::{ContextParts, ExportFormat, ExportRequest, ExportSource};
use crate::console::model::pane::PaneTable;
use crate::console::model::{ListRef, State, View, ViewData};
use crate::console::tables::{self, TableRef};

/// How long the toast of a finished export shows.
const DONE_SECS: i64 = 10;
/// How long a progress toast shows without news (the next page renews it).
const PROGRESS_SECS: i64 = 60;

/// `:export FORMAT [PATH]`: asks the runtime to write the table in view; an unknown format or
/// a view without data is an error for the palette to show.
pub(crate) fn command(s: &mut State, arg: &str) -> Result<Vec<Effect>, String> {
    let (word, path) = arg.split_once(char::is_whitespace).map_or((arg, ""), |(w, p)| (w, p.trim()));
    let format = ExportFormat::parse(word).ok_or_else(|| s.lang.t("export.usage").to_string())?;
    let path = (!path.is_empty()).then(|| std::path::PathBuf::from(path));
    let request = request(s, format, path).ok_or_else(|| s.lang.t("export.nothing").to_string())?;
    Ok(vec![Effect::Export(Box::new(request))])
}

/// The request for the table in view, or `None` when it has no data yet.
pub(crate) fn request(s: &State, format: ExportFormat, path: Option<std::path::PathBuf>) -> Option<ExportRequest> {
    let at = tables::current(s);
    let (source, name) = match at {
        TableRef::Pane(pane) => {
            s.dash.as_ref()?;
            match s.pane_table(pane) {
                PaneTable::Overdue => {
                    (ExportSource::List(ListRef::Overdue(s.scope, s.date)), PaneTable::Overdue.name().into())
                }
                table => (ExportSource::Pane(table), table.name().into()),
            }
        }
        TableRef::Top => {
            let top = s.top();
            match (&top.view, &top.data) {
                (View::Parks, _) => (ExportSource::Parks, "parks".into()),
                (View::Units, _) => (ExportSource::Units, "units".into()),
                (View::Chart, _) => (ExportSource::Chart, "chart".into()),
                (View::Problems { escalated, .. }, Some(_)) => {
                    let name = if *escalated { "escalated" } else { "problems" };
                    (ExportSource::List(ListRef::View(top.view.clone())), name.into())
                }
                (View::Enterprises { .. }, Some(_)) => {
                    (ExportSource::List(ListRef::View(top.view.clone())), "enterprises".into())
                }
                (View::Officers { .. }, Some(_)) => {
                    (ExportSource::List(ListRef::View(top.view.clone())), "officers".into())
                }
                (_, Some(data)) => (ExportSource::Record(Box::new(data.clone())), record_name(data)),
                (_, None) => return None,
            }
        }
    };
    if matches!(source, ExportSource::Parks | ExportSource::Units | ExportSource::Chart) {
        s.dash.as_ref()?;
    }
    Some(ExportRequest {
        format,
        path,
        name,
        source,
        dash: s.dash.clone().map(Box::new),
        parts: ContextParts::of(s),
        nav: tables::nav(s, at).clone(),
        exact: false,
    })
}

fn record_name(data: &ViewData) -> String {
    match data {
        ViewData::Enterprise(e) => format!("enterprise-{}", e.enterprise.id),
        ViewData::Officer(o) => format!("officer-{}", o.officer.id),
        ViewData::Problem(p, _) => format!("problem-{}", p.id),
        ViewData::Problems(_) => "problems".into(),
        ViewData::Enterprises(_) => "enterprises".into(),
        ViewData::Officers(_) => "officers".into(),
        ViewData::Handover(_) => "handover".into(),
    }
}

/// A page of an export was read: the toast says how far it is.
pub(crate) fn progress(s: &mut State, path: &str, rows: usize, total: Option<i64>) {
    let of = total.map(|t| format!("/{}", thousands(t))).unwrap_or_default();
    let text =
        format!("{} {}{of} {} → {path}", s.lang.t("export.running"), thousands(rows as i64), s.lang.t("export.rows"));
    s.toast = Some((text, s.now + Duration::seconds(PROGRESS_SECS)));
}

/// An export ended: the toast says where the file went and how many rows it holds, or why it
/// failed.
pub(crate) fn done(s: &mut State, result: Result<(String, usize), String>) {
    let text = match result {
        Ok((path, rows)) => format!(
            "{} {} {} {} {path}",
            s.lang.t("export.done"),
            thousands(rows as i64),
            s.lang.t("export.rows"),
            s.lang.t("export.to")
        ),
        Err(e) => format!("{}{e}", s.lang.t("export.failed")),
    };
    s.toast = Some((text, s.now + Duration::seconds(DONE_SECS)));
}

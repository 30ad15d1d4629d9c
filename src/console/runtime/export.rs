//! An export's task (`Effect::Export`): the file is created first (a bad path fails before any
//! reading), a list is read from the server page by page (each page reported, so the toast
//! shows progress and the console stays live), then its rows are built by the console's own
//! table builders (`tables::build`: the same columns and order as on screen, the typed values
//! of the cells) in windows of [`CHUNK`] rows and written off the async threads. A failed
//! export removes its half-written file.

pub(crate) mod command;
pub(crate) mod file;

use tokio::sync::mpsc;

use crate::api::client::ApiClient;
use crate::api::types::OverdueReport;
use crate::console::message::Msg;
use crate::console::model::alerts::Alerts;
use crate::console::model::export::{ExportRequest, ExportSource};
use crate::console::model::{ListRef, Nav, PageRows, Paged, ViewData};
use crate::console::runtime::pages::fetch_page;
use crate::console::tables::{self, TableContext, TableData, filter};

use file::{Destination, Sink};

/// Rows built and written at a time (a list of 100,000 is never held as cells at once).
const CHUNK: usize = 2_000;

/// Runs `req`: returns the path written (`-` for standard output) and the rows in it, or why
/// it failed. `progress` hears the path, the rows read so far and the server's count.
pub(crate) async fn run(
    client: &ApiClient,
    req: ExportRequest,
    force: bool,
    mut progress: impl FnMut(&str, usize, Option<i64>),
) -> Result<(String, usize), String> {
    let dest = file::create(&req, force)?;
    let shown = dest.shown();
    progress(&shown, 0, None);
    let lang = req.parts.lang;
    let read = match &req.source {
        ExportSource::List(list) => read_all(client, list, |rows, total| progress(&shown, rows, total))
            .await
            .map_err(|e| format!("{}: {e}", lang.t("export.cannot_read"))),
        _ => Ok(None),
    };
    let rows = match read {
        Ok(rows) => rows,
        Err(e) => {
            dest.discard();
            return Err(e);
        }
    };
    let written = tokio::task::spawn_blocking(move || {
        let result = write(&req, &dest, rows);
        if result.is_err() {
            dest.discard();
        }
        result
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|written| written)
    .map_err(|e| format!("{} {shown}: {e}", lang.t("export.cannot_write")))?;
    Ok((shown, written))
}

/// Spawns [`run`], reporting its progress and its end on `tx`.
pub(crate) fn spawn(client: ApiClient, tx: mpsc::UnboundedSender<Msg>, req: ExportRequest) {
    tokio::spawn(async move {
        let result = run(&client, req, false, |path, rows, total| {
            let _ = tx.send(Msg::Exporting { path: path.to_string(), rows, total });
        })
        .await;
        match &result {
            Ok((path, rows)) => tracing::info!(path, rows, "exported"),
            Err(e) => tracing::warn!(error = %e, "export failed"),
        }
        let _ = tx.send(Msg::Exported(result));
    });
}

/// Every row of a list, page after page from the first, with the server's count.
async fn read_all(
    client: &ApiClient,
    list: &ListRef,
    mut progress: impl FnMut(usize, Option<i64>),
) -> Result<Option<(PageRows, Option<i64>)>, String> {
    let fail = |e: crate::api::client::ClientError| e.to_string();
    let (mut all, total, mut next) = fetch_page(client, list, None).await.map_err(fail)?;
    progress(len(&all), total);
    while let Some(cursor) = next {
        let (page, _, after) = fetch_page(client, list, Some(cursor)).await.map_err(fail)?;
        append(&mut all, page)?;
        progress(len(&all), total);
        next = after;
    }
    Ok(Some((all, total)))
}

fn len(rows: &PageRows) -> usize {
    match rows {
        PageRows::Problems(r) => r.len(),
        PageRows::Enterprises(r) => r.len(),
        PageRows::Officers(r) => r.len(),
        PageRows::Overdue(r) => r.len(),
    }
}

fn append(all: &mut PageRows, page: PageRows) -> Result<(), String> {
    match (all, page) {
        (PageRows::Problems(a), PageRows::Problems(p)) => a.extend(p),
        (PageRows::Enterprises(a), PageRows::Enterprises(p)) => a.extend(p),
        (PageRows::Officers(a), PageRows::Officers(p)) => a.extend(p),
        (PageRows::Overdue(a), PageRows::Overdue(p)) => a.extend(p),
        _ => return Err("the server answered a page of another list".into()),
    }
    Ok(())
}

/// The data the table is built from, owned: a list read whole, or the request's own.
enum Held {
    View(ViewData),
    Overdue(Paged<OverdueReport>),
    Request,
}

/// Builds the table of `req` over `rows` and writes it to `dest`; returns the rows written.
fn write(req: &ExportRequest, dest: &Destination, rows: Option<(PageRows, Option<i64>)>) -> Result<usize, String> {
    let held = match rows {
        Some((PageRows::Problems(r), t)) => Held::View(ViewData::Problems(Paged::first(r, t, None))),
        Some((PageRows::Enterprises(r), t)) => Held::View(ViewData::Enterprises(Paged::first(r, t, None))),
        Some((PageRows::Officers(r), t)) => Held::View(ViewData::Officers(Paged::first(r, t, None))),
        Some((PageRows::Overdue(r), t)) => Held::Overdue(Paged::first(r, t, None)),
        None => Held::Request,
    };
    let no_dash = || req.parts.lang.t("export.nothing").to_string();
    let data = match (&held, &req.source, req.dash.as_deref()) {
        (Held::View(v), _, _) => TableData::View(v),
        (Held::Overdue(o), _, Some(d)) => TableData::Pane(d, o, crate::console::model::pane::PaneTable::Overdue),
        (Held::Request, ExportSource::Pane(t), Some(d)) => TableData::Pane(d, &EMPTY, *t),
        (Held::Request, ExportSource::Parks, Some(d)) => TableData::Parks(d),
        (Held::Request, ExportSource::Units, Some(d)) => TableData::Units(d),
        (Held::Request, ExportSource::Chart, Some(d)) => TableData::Chart(d),
        (Held::Request, ExportSource::Record(v), _) => TableData::View(v),
        _ => return Err(no_dash()),
    };
    let alerts = Alerts::default();
    let cx = TableContext::bare(&req.parts, &alerts);
    let mut sink = Sink::open(dest, req.format, &req.name, req.parts.tz)?;
    let written = write_rows(&cx, data, &req.nav, &mut sink)?;
    sink.finish()?;
    Ok(written)
}

/// An empty overdue list, for the pane tables that do not show it.
static EMPTY: Paged<OverdueReport> = Paged { rows: Vec::new(), total: None, next: None, asked: false };

/// Writes the header and the rows the table shows under `nav` (its filter and sort), built a
/// window at a time when unsorted; returns the rows written.
fn write_rows(cx: &TableContext, data: TableData, nav: &Nav, sink: &mut Sink) -> Result<usize, String> {
    let mut written = 0;
    if nav.sort.is_some() {
        // A sort orders every row: built at once.
        let table = tables::build(cx, data, &(0..usize::MAX));
        sink.header(&table.cols)?;
        for i in filter::shown(&table, nav) {
            if let Some(row) = table.row(i) {
                sink.row(row)?;
                written += 1;
            }
        }
        return Ok(written);
    }
    let mut start = 0;
    loop {
        let table = tables::build(cx, data, &(start..start + CHUNK));
        if start == 0 {
            sink.header(&table.cols)?;
        }
        for row in table.rows.iter().filter(|r| filter::matches(r, &nav.filter)) {
            sink.row(row)?;
            written += 1;
        }
        if table.after == 0 {
            return Ok(written);
        }
        start += CHUNK;
    }
}

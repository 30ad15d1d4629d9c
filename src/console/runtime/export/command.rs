//! `dutydesk export`: the table of a view written to a file for scripts, through the same
//! request and task as the console's `:export` (so the same columns, headers in the language
//! chosen, typed cells). The view is chosen as `snapshot --view` chooses it, after the
//! dashboard of the scope asked for has been read.

use std::path::PathBuf;

use chrono::Utc;

use crate::api::client::ClientError;
use crate::console::message::Msg;
use crate::console::model::export::ExportFormat;
use crate::console::runtime::setup::{ConsoleOptions, initial_state};
use crate::console::runtime::{pages, snapshot};
use crate::console::update::{palette, update};

/// What `dutydesk export` writes.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The console's options (API, token, language, config).
    pub console: ConsoleOptions,
    /// `problems`, `escalated`, `overdue`, `parks`, `units`, `enterprises` or `officers`.
    pub view: String,
    /// A park by name or pinyin (`enterprises` and `officers` need a park or a unit; narrows
    /// `problems`).
    pub park: Option<String>,
    /// A dispatching unit by name (`officers`).
    pub unit: Option<String>,
    /// The dashboard's scope: `province`, or a city or county by name.
    pub scope: Option<String>,
    /// The words of `:problems` (`state=open level=1 priority=urgent assignee=NAME`).
    pub filter: Option<String>,
    /// CSV or XLSX.
    pub format: String,
    /// The file written; `-` is standard output (CSV).
    pub out: PathBuf,
    /// Replace `out` if it exists (else an existing file is an error).
    pub force: bool,
}

/// The `snapshot --view` spelling of what to export, or why the options do not name one.
fn view_spec(o: &ExportOptions) -> anyhow::Result<String> {
    let park = o.park.as_deref();
    Ok(match (o.view.as_str(), park, o.unit.as_deref()) {
        ("problems", Some(p), _) => format!("park-problems:{p}"),
        ("problems" | "escalated" | "overdue" | "parks" | "units", _, _) => o.view.clone(),
        ("enterprises", Some(p), _) => format!("park:{p}"),
        ("officers", Some(p), None) => format!("park-officers:{p}"),
        ("officers", None, Some(u)) => format!("unit:{u}"),
        ("enterprises", None, _) => anyhow::bail!("--view enterprises needs --park NAME"),
        ("officers", _, _) => anyhow::bail!("--view officers needs --park NAME or --unit NAME (one of them)"),
        (other, _, _) => anyhow::bail!(
            "unknown view {other:?}; one of: problems, escalated, overdue, parks, units, enterprises, officers"
        ),
    })
}

/// Why `dutydesk export` failed: the options (exit status 2), the API's answer (its own
/// status: unreachable, refused …) or the run (status 1).
#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// The options name no view, park, unit or scope there is, a bad format or filter, or a
    /// file that exists.
    Usage(String),
    /// A request to the API failed, as the client classified it.
    Api(ClientError),
    /// The file failed, or the API while the rows were read, while exporting.
    Failed(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Usage(m) | ExportError::Failed(m) => f.write_str(m),
            ExportError::Api(e) => write!(f, "{e}"),
        }
    }
}

fn usage(e: impl std::fmt::Display) -> ExportError {
    ExportError::Usage(format!("{e:#}"))
}

fn failed(e: impl std::fmt::Display) -> ExportError {
    ExportError::Failed(format!("{e:#}"))
}

/// Checks the options that need no server: the view and its park or unit, the format, the
/// filter, and that `--out` is not a file already (unless `--force`).
pub fn check(opts: &ExportOptions) -> Result<(), ExportError> {
    if opts.out.as_os_str() == "-" && ExportFormat::parse(&opts.format) == Some(ExportFormat::Xlsx) {
        return Err(usage("an xlsx workbook goes to a file, not to standard output (--out FILE)"));
    }
    if !opts.force && opts.out.as_os_str() != "-" && opts.out.is_file() {
        return Err(usage(format!("{} exists (use --force to replace it)", opts.out.display())));
    }
    ExportFormat::parse(&opts.format).ok_or_else(|| usage("--format is csv or xlsx"))?;
    view_spec(opts).map_err(usage)?;
    if opts.filter.is_some() && opts.view != "problems" {
        return Err(usage("--filter narrows --view problems only"));
    }
    Ok(())
}

/// Reads the view's every row and writes the file; returns the path written and its rows.
pub async fn export(opts: ExportOptions) -> Result<(String, usize), ExportError> {
    check(&opts)?;
    let format = ExportFormat::parse(&opts.format).ok_or_else(|| usage("--format is csv or xlsx"))?;
    let spec = view_spec(&opts).map_err(usage)?;
    let client = opts.console.client().map_err(ExportError::Api)?;
    let (mut state, _) = initial_state(&opts.console, &client.host(), Utc::now());
    let (me, org) = tokio::try_join!(client.me(), client.org()).map_err(ExportError::Api)?;
    update(&mut state, Msg::Me(Box::new(me)));
    update(&mut state, Msg::Org(Box::new(org)));
    if let Some(scope) = &opts.scope {
        palette::execute(&mut state, &format!("scope {scope}")).map_err(usage)?;
    }
    let q = crate::api::types::DashboardQuery { scope: state.scope.map(|s| s.to_string()), ..Default::default() };
    let dash = client.dashboard(&q, None).await.map_err(ExportError::Api)?;
    let dash = dash.into_value().ok_or_else(|| failed("the dashboard answered 304 to a plain GET"))?;
    let overdue = pages::overdue(&client, q.scope.clone(), None).await.map_err(ExportError::Api)?;
    update(&mut state, Msg::Data { at: Utc::now(), poll_secs: None, fresh: Some(Box::new((dash, Some(overdue)))) });
    let view = match &opts.filter {
        Some(words) => {
            let words = match &opts.park {
                Some(p) => format!("{words} park={p}"),
                None => words.clone(),
            };
            let view = palette::problem_filter_view(&state, &words).map_err(usage)?;
            crate::console::update::push(&mut state, view.clone());
            Some(view)
        }
        None => snapshot::select_view(&mut state, &spec).map_err(usage)?,
    };
    if let Some(view) = view {
        // The first page, so the view has data as on screen; the task reads them all.
        let data = pages::fetch_view(&client, &view).await.map_err(ExportError::Api)?;
        update(&mut state, Msg::Loaded { view, data, at: Utc::now() });
    }
    let mut req = crate::console::update::export::request(&state, format, Some(opts.out.clone()))
        .ok_or_else(|| failed("the view has no data to export"))?;
    req.exact = true;
    super::run(&client, req, opts.force, |_, _, _| {})
        .await
        .map_err(|e| if e.contains(" exists (") { ExportError::Usage(e) } else { ExportError::Failed(e) })
}

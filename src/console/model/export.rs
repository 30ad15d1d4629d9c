//! An export of the table in view (`:export csv|xlsx [PATH]`, `dutydesk export`): the format,
//! where it goes, which data the table is built from, and what the table builders need of the
//! state. The runtime's task (`runtime::export`) reads a list's every page from the server,
//! builds the rows with the console's own table builders and writes the file.

use std::path::PathBuf;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::api::types::Dashboard;
use crate::config::severity::SeverityConfig;
use crate::console::look::i18n::Lang;

use super::pane::PaneTable;
use super::state::State;
use super::view::{ListRef, Nav, ViewData};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    /// Comma-separated values (UTF-8, a header row, ISO-8601 local times).
    Csv,
    /// An Excel workbook: numeric cells, rates with a percent format, datetime cells.
    Xlsx,
}

impl ExportFormat {
    /// The format of a word (`csv`, `xlsx`).
    pub(crate) fn parse(word: &str) -> Option<ExportFormat> {
        match word.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    /// The file name extension (without the dot).
    pub(crate) fn ext(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// Which data the exported table is built from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExportSource {
    /// A pane table of the dashboard held: what it holds (the overdue pane, a list that pages,
    /// is read whole from the server).
    Pane(PaneTable),
    /// Every place one level down of the scope (`:parks`).
    Parks,
    /// Every dispatching unit (`:units`).
    Units,
    /// The two-week chart's table of days (`T`).
    Chart,
    /// A problem, enterprise or officer list, read whole from the server.
    List(ListRef),
    /// A record's table (an enterprise, an officer, a problem), as held.
    Record(Box<ViewData>),
}

/// What the table builders need of the state, owned, to build a table away from it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContextParts {
    /// The language of titles and labels.
    pub lang: Lang,
    /// The clock.
    pub now: DateTime<Utc>,
    /// The zone of local times and days.
    pub tz: Tz,
    /// Today's check-in cutoff.
    pub checkin_cutoff: NaiveTime,
    /// The daily report deadline, `HH:MM`.
    pub report_deadline: String,
    /// When a row is a warning or critical.
    pub severity: SeverityConfig,
}

impl ContextParts {
    /// The parts of the state as it is.
    pub(crate) fn of(state: &State) -> ContextParts {
        ContextParts {
            lang: state.lang,
            now: state.now,
            tz: state.settings.tz,
            checkin_cutoff: state.settings.checkin_cutoff,
            report_deadline: state.settings.report_deadline.clone(),
            severity: state.settings.severity,
        }
    }
}

/// An export to carry out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExportRequest {
    /// The file format.
    pub format: ExportFormat,
    /// The path typed (a file or a directory); `None`: the user's download directory, else the
    /// current one.
    pub path: Option<PathBuf>,
    /// The view's name in the default file name (`dutydesk-<name>-<YYYYMMDD-HHMM>.<ext>`).
    pub name: String,
    /// The data of the table.
    pub source: ExportSource,
    /// The dashboard held (the pane tables' data and the overdue list's summary).
    pub dash: Option<Box<Dashboard>>,
    /// What the table builders need of the state.
    pub parts: ContextParts,
    /// The table's filter and sort in view: the rows written are the ones it shows.
    pub nav: Nav,
    /// Refuse to replace an existing file instead of choosing a free name (`-1`, `-2`, …): the
    /// command line's `--out FILE`, where a script names the file it wants.
    pub exact: bool,
}

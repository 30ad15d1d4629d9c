//! Where an export goes and how its cells are written: the file chosen (the path typed, a
//! directory, or the user's download directory; never an existing file replaced silently:
//! `-1`, `-2`, … are added), and the two writers. CSV: UTF-8 with a byte-order mark in a file
//! (so spreadsheet programs read the Chinese), numbers as numbers, rates as fractions, times as
//! ISO-8601 local. XLSX (`rust_xlsxwriter`, rows streamed in constant memory): numeric cells,
//! rates with a percent format, datetime cells in local time with a date format.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::console::model::export::{ExportFormat, ExportRequest};
use crate::console::tables::{Col, Row, Value};

/// Names tried after the one asked for (`name-1.csv` … `name-999.csv`) before giving up.
const MAX_SUFFIX: u32 = 999;

/// Where the rows go: a file created for this export, or standard output (`--out -`, CSV).
pub(crate) enum Destination {
    /// A new file and its path.
    File(File, PathBuf),
    /// Standard output.
    Stdout,
}

impl Destination {
    /// The path to tell the user (`-` for standard output).
    pub(crate) fn shown(&self) -> String {
        match self {
            Destination::File(_, p) => p.display().to_string(),
            Destination::Stdout => "-".into(),
        }
    }

    /// Removes a file left half written by a failed export; only a regular file (never a
    /// device such as `/dev/full`), and standard output has nothing to remove.
    pub(crate) fn discard(self) {
        if let Destination::File(f, p) = self {
            let regular = f.metadata().is_ok_and(|m| m.is_file());
            drop(f);
            if regular {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// The default file name: `dutydesk-<view>-<YYYYMMDD-HHMM>.<ext>`, in local time.
pub(crate) fn default_name(req: &ExportRequest) -> String {
    let at = req.parts.now.with_timezone(&req.parts.tz).format("%Y%m%d-%H%M");
    format!("dutydesk-{}-{at}.{}", req.name, req.format.ext())
}

/// The user's download directory, else the current directory.
fn default_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `~/…` as the home directory's.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::UserDirs::new()) {
        (Ok(rest), Some(u)) => u.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

/// `name.ext` as `name-n.ext` (`n` 0: unchanged).
fn with_suffix(path: &Path, n: u32) -> PathBuf {
    if n == 0 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// Creates the export's file: the path asked for (a directory gets the default name in it),
/// or a free name beside it; with `exact`, that path or an error if it exists. `-` is standard
/// output. The error says which path and why, in words.
pub(crate) fn create(req: &ExportRequest, force: bool) -> Result<Destination, String> {
    let t = |key| req.parts.lang.t(key);
    let asked = match &req.path {
        Some(p) if p.as_os_str() == "-" => {
            return match req.format {
                ExportFormat::Csv => Ok(Destination::Stdout),
                ExportFormat::Xlsx => Err("an xlsx workbook goes to a file, not to standard output".into()),
            };
        }
        Some(p) => expand_home(p),
        None => default_dir(),
    };
    let path = if asked.is_dir() { asked.join(default_name(req)) } else { asked };
    if req.exact || force {
        let mut open = OpenOptions::new();
        open.write(true);
        if force {
            open.create(true).truncate(true)
        } else {
            open.create_new(true)
        };
        return match open.open(&path) {
            Ok(f) => Ok(Destination::File(f, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(format!("{} {}", path.display(), t("export.exists")))
            }
            Err(e) => Err(format!("{} {}: {e}", t("export.cannot_create"), path.display())),
        };
    }
    for n in 0..=MAX_SUFFIX {
        let candidate = with_suffix(&path, n);
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(f) => return Ok(Destination::File(f, candidate)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{} {}: {e}", t("export.cannot_create"), candidate.display())),
        }
    }
    Err(format!("{} {}", path.display(), t("export.exists")))
}

/// A writer of rows in one format, local times in its zone.
pub(crate) struct Sink {
    tz: Tz,
    kind: SinkKind,
}

enum SinkKind {
    /// CSV rows.
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>),
    /// A workbook of one sheet, written out at the end.
    Xlsx(Box<XlsxSink>),
}

/// The workbook being written, where it goes, the next row and its cell formats.
struct XlsxSink {
    book: Workbook,
    out: File,
    row: u32,
    header: Format,
    percent: Format,
    time: Format,
    date: Format,
    duration: Format,
}

fn xlsx_error(e: XlsxError) -> String {
    e.to_string()
}

fn io_error(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Sink {
    /// A writer to `dest` in `format`, its sheet named `sheet`, local times in `tz`.
    pub(crate) fn open(dest: &Destination, format: ExportFormat, sheet: &str, tz: Tz) -> Result<Sink, String> {
        let kind = match (format, dest) {
            (ExportFormat::Csv, Destination::File(f, _)) => {
                let mut w = BufWriter::new(f.try_clone().map_err(io_error)?);
                w.write_all("\u{feff}".as_bytes()).map_err(io_error)?;
                SinkKind::Csv(Box::new(csv::Writer::from_writer(Box::new(w))))
            }
            (ExportFormat::Csv, Destination::Stdout) => {
                SinkKind::Csv(Box::new(csv::Writer::from_writer(Box::new(BufWriter::new(io::stdout())))))
            }
            (ExportFormat::Xlsx, Destination::Stdout) => return Err("an xlsx workbook goes to a file".into()),
            (ExportFormat::Xlsx, Destination::File(f, _)) => {
                let mut book = Workbook::new();
                let ws = book.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
                ws.set_name(sheet).map_err(xlsx_error)?;
                SinkKind::Xlsx(Box::new(XlsxSink {
                    book,
                    out: f.try_clone().map_err(io_error)?,
                    row: 0,
                    header: Format::new().set_bold().set_align(FormatAlign::Center),
                    percent: Format::new().set_num_format("0.0%"),
                    time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
                    date: Format::new().set_num_format("yyyy-mm-dd"),
                    duration: Format::new().set_num_format("[h]:mm"),
                }))
            }
        };
        Ok(Sink { tz, kind })
    }

    /// The header row: the columns' titles (in the console's language); in a workbook also the
    /// column widths, and the header kept in view.
    pub(crate) fn header(&mut self, cols: &[Col]) -> Result<(), String> {
        match &mut self.kind {
            SinkKind::Csv(w) => w.write_record(cols.iter().map(|c| c.title.as_str())).map_err(io_error),
            SinkKind::Xlsx(x) => {
                let ws = x.book.worksheet_from_index(0).map_err(xlsx_error)?;
                for (i, c) in cols.iter().enumerate() {
                    let title = unicode_width::UnicodeWidthStr::width(c.title.as_str());
                    let width = if c.weight > 0 { 30 } else { usize::from(c.min).max(title).max(6) + 2 };
                    ws.set_column_width(i as u16, width as f64).map_err(xlsx_error)?;
                }
                ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
                for (i, c) in cols.iter().enumerate() {
                    ws.write_string_with_format(0, i as u16, &c.title, &x.header).map_err(xlsx_error)?;
                }
                x.row = 1;
                Ok(())
            }
        }
    }

    /// One row: each cell's typed value (or its text). Errors of the sink are the file
    /// system's or the workbook's reason; the caller says which file.
    pub(crate) fn row(&mut self, row: &Row) -> Result<(), String> {
        let tz = self.tz;
        match &mut self.kind {
            SinkKind::Csv(w) => {
                w.write_record(row.cells.iter().map(|c| csv_text(&c.export_value(), tz))).map_err(io_error)
            }
            SinkKind::Xlsx(x) => {
                let XlsxSink { book, row: r, percent, time, date, duration, .. } = &mut **x;
                let ws = book.worksheet_from_index(0).map_err(xlsx_error)?;
                for (i, c) in row.cells.iter().enumerate() {
                    let col = i as u16;
                    match c.export_value() {
                        Value::Empty => continue,
                        Value::Text(t) => ws.write_string(*r, col, t),
                        Value::Int(n) => ws.write_number(*r, col, n as f64),
                        Value::Rate(f) => ws.write_number_with_format(*r, col, f, percent),
                        Value::Time(at) => {
                            ws.write_datetime_with_format(*r, col, at.with_timezone(&tz).naive_local(), time)
                        }
                        Value::Date(d) => ws.write_datetime_with_format(*r, col, d, date),
                        Value::Duration(secs) => ws.write_number_with_format(*r, col, secs as f64 / 86_400.0, duration),
                        Value::Ratio(n, d) => ws.write_string(*r, col, format!("{n}/{d}")),
                    }
                    .map_err(xlsx_error)?;
                }
                *r += 1;
                Ok(())
            }
        }
    }

    /// Writes what is left and closes the output (a workbook is assembled here).
    pub(crate) fn finish(self) -> Result<(), String> {
        match self.kind {
            SinkKind::Csv(mut w) => w.flush().map_err(io_error),
            SinkKind::Xlsx(x) => {
                let XlsxSink { mut book, out, .. } = *x;
                let mut out = BufWriter::new(out);
                book.save_to_writer(&mut out).map_err(xlsx_error)?;
                out.flush().map_err(io_error)?;
                out.get_ref().sync_all().map_err(io_error)
            }
        }
    }
}

/// A value as CSV text: numbers plain, rates as fractions, times as ISO-8601 local with the
/// offset, days as `YYYY-MM-DD`, lengths of time as `H:MM`; text that a spreadsheet would read
/// as a formula is guarded (`formula_safe`).
pub(crate) fn csv_text(value: &Value, tz: Tz) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(t) => formula_safe(t),
        Value::Int(n) => n.to_string(),
        Value::Rate(f) => format!("{f:.4}"),
        Value::Time(at) => local_iso(*at, tz),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Duration(secs) => format!("{}:{:02}", secs / 3600, (secs % 3600).abs() / 60),
        Value::Ratio(n, d) => format!("{n}/{d}"),
    }
}

/// Text from the API as a CSV cell that Excel, WPS and LibreOffice show as text: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be taken for a formula (a
/// problem titled `=HYPERLINK(…)` would become a link on the duty officer's machine), so it is
/// written with a leading `'`, as OWASP advises for CSV injection. XLSX cells are typed
/// strings and need no guard.
fn formula_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// An instant as ISO-8601 local time with its offset (`2026-02-16T14:32:00+08:00`).
fn local_iso(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_is_written_as_text() {
        let tz = chrono_tz::Asia::Shanghai;
        let text = |t: &str| csv_text(&Value::Text(t.to_string()), tz);
        assert_eq!(text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("口罩短缺 = 3 天"), "口罩短缺 = 3 天");
        assert_eq!(csv_text(&Value::Int(-4), tz), "-4");
    }
}

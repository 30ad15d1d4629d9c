//! Reading roster files into sheets of text cells: every worksheet of an xlsx (calamine), or a
//! CSV file (the csv crate) as one sheet. Numbers written as numbers come back as their digits
//! (a phone typed into a number cell is `13807381234`, not `1.3807381234e10`).

use std::path::Path;

use calamine::{Data, Reader};

use super::Problem;

/// One sheet as read: its headers (the first row) and its other rows, by spreadsheet row number.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file it came from, as named on the command line.
    pub file: String,
    /// The worksheet's name, or the CSV file's name.
    pub name: String,
    /// Whether it is a CSV (its kind may come from its headers).
    pub csv: bool,
    /// The header row's cells.
    pub headers: Vec<String>,
    /// The data rows: the 1-based row number and the cells.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads a file by its extension (`.xlsx`, `.xlsm`, `.xls`, `.ods` or `.csv`), or the problem
/// that stops it being read at all (boxed: a problem carries its whole location).
pub fn read(path: &Path) -> Result<Vec<Sheet>, Box<Problem>> {
    let file = path.display().to_string();
    let fail = |reason: String| Box::new(Problem::file(&file, reason));
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path, &file).map(|s| vec![s]).map_err(fail),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, &file).map_err(fail),
        _ => Err(fail("is neither a workbook (.xlsx) nor a .csv file".into())),
    }
}

fn read_csv(path: &Path, file: &str) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
        .map_err(|_| "is not UTF-8 text (save the CSV as UTF-8)".to_string())?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 1))?;
        records.push((i + 1, record.iter().map(str::to_string).collect::<Vec<_>>()));
    }
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or(file).to_string();
    Ok(into_sheet(file, name, true, records))
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<Sheet>, String> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| format!("cannot be read as a workbook: {e}"))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| format!("sheet {name}: {e}"))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![String::new(); left as usize];
                cells.extend(row.iter().map(text_of));
                (top as usize + i + 1, cells)
            })
            .collect();
        sheets.push(into_sheet(file, name, false, rows));
    }
    Ok(sheets)
}

/// The sheet of rows whose first non-empty one is the headers; empty rows are dropped.
fn into_sheet(file: &str, name: String, csv: bool, rows: Vec<(usize, Vec<String>)>) -> Sheet {
    let mut rows = rows.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let headers = rows.next().map(|(_, h)| h).unwrap_or_default();
    Sheet { file: file.to_string(), name, csv, headers, rows: rows.collect() }
}

/// A cell's text: numbers without a needless `.0` or exponent, errors as `#ERROR` text that
/// no column accepts as a value.
fn text_of(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map_or_else(|| d.as_f64().to_string(), |t| t.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e}"),
    }
}

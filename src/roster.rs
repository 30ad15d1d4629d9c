//! The roster import's pure half (`dutydesk import`): files read into sheets (`sheet`), sheets
//! and headers recognised in Chinese or English (`columns`), every row validated in one pass
//! into the store's [`RosterData`] or the list of every problem with its sheet, row and column
//! (`validate`), and the empty template workbook (`template`). No database here: the keys the
//! database already holds come in as [`KnownKeys`], the writes are `Store::import_roster`.

pub mod columns;
pub mod sheet;
pub mod template;
pub mod validate;

use std::fmt;
use std::path::PathBuf;

pub use columns::Kind;

use crate::store::roster::{KnownKeys, RosterData};

/// One problem of a roster, located as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as named on the command line.
    pub file: String,
    /// The worksheet (none for a CSV file, or a problem of the whole file).
    pub sheet: Option<String>,
    /// The 1-based row number, as the spreadsheet shows it.
    pub row: Option<usize>,
    /// The column's header (as written, or the expected one when it is missing).
    pub column: Option<String>,
    /// The column's letter (A, B, …), when the column exists.
    pub letter: Option<String>,
    /// What is wrong, and what would be right.
    pub reason: String,
}

impl Problem {
    /// A problem of the file as a whole (unreadable, of no known kind).
    pub fn file(file: &str, reason: impl Into<String>) -> Self {
        Problem { file: file.to_string(), sheet: None, row: None, column: None, letter: None, reason: reason.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet {s}")?;
        }
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        match (&self.letter, &self.column) {
            (Some(l), Some(c)) => write!(f, ", column {l} ({c})")?,
            (None, Some(c)) => write!(f, ", column {c}")?,
            _ => {}
        }
        write!(f, ": {}", self.reason)
    }
}

/// What reading and validating roster files gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The rows, ready for the store when `problems` is empty.
    pub data: RosterData,
    /// Every problem found, in reading order; nothing may be imported unless it is empty.
    pub problems: Vec<Problem>,
    /// What was read past without being a problem: sheets and columns that are no part of a roster.
    pub notes: Vec<String>,
}

/// Reads and validates `files` together (a reference in one may name a row of another) against
/// the keys the database holds.
pub fn parse(files: &[PathBuf], known: &KnownKeys) -> Parsed {
    let mut sheets = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        match sheet::read(f) {
            Ok(s) => sheets.extend(s),
            Err(p) => problems.push(*p),
        }
    }
    let mut parsed = validate::validate(&sheets, known);
    problems.append(&mut parsed.problems);
    parsed.problems = problems;
    parsed
}

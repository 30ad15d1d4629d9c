//! A table as data: text cells with meaning-bearing tones, columns that know their width and
//! which to drop first, rows with sort keys and the view each opens, summary lines above.

use crate::console::model::View;

/// What a piece of text means (the theme picks its style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tone {
    /// Plain.
    #[default]
    Normal,
    /// Good.
    Ok,
    /// Needs attention.
    Warn,
    /// Act now.
    Critical,
    /// Secondary.
    Muted,
    /// Highlight.
    Accent,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Cell {
    /// Text (sanitised data and labels).
    pub text: String,
    /// Its meaning.
    pub tone: Tone,
}

impl Cell {
    /// A plain cell.
    pub(crate) fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), tone: Tone::Normal }
    }

    /// A cell with a tone.
    pub(crate) fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell { text: text.into(), tone }
    }
}

/// A sort key of one cell.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub(crate) enum SortKey {
    /// Numbers (rates as per-mille, counts, seconds).
    Num(f64),
    /// Text.
    Text(String),
}

/// A column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Col {
    /// Title (translated).
    pub title: String,
    /// Width in columns; the flexible column takes what is left.
    pub width: u16,
    /// Takes the remaining width.
    pub flex: bool,
    /// Right aligned.
    pub right: bool,
    /// Dropped first when space is short (higher first); 0 never.
    pub drop: u8,
}

impl Col {
    /// A fixed column.
    pub(crate) fn fixed(title: &str, width: u16, right: bool, drop: u8) -> Col {
        Col { title: title.to_string(), width, flex: false, right, drop }
    }

    /// The flexible column with its minimum width.
    pub(crate) fn flex(title: &str, min: u16) -> Col {
        Col { title: title.to_string(), width: min, flex: true, right: false, drop: 0 }
    }
}

/// One row.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Row {
    /// Identity, to keep the selection on the same thing.
    pub key: String,
    /// Cells, one per column.
    pub cells: Vec<Cell>,
    /// Sort keys, one per column.
    pub sort: Vec<SortKey>,
    /// The row's meaning (drawn on its first cell and marker).
    pub tone: Tone,
    /// What `Enter` opens.
    pub target: Option<View>,
    /// Flashing (a fresh alert).
    pub flash: bool,
}

/// A line of summary text: spans with tones.
pub(crate) type Summary = Vec<(String, Tone)>;

/// A table with summary lines above it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Table {
    /// Summary lines (totals, details).
    pub summary: Vec<Summary>,
    /// Columns.
    pub cols: Vec<Col>,
    /// Rows in the view's own order (worst first).
    pub rows: Vec<Row>,
}

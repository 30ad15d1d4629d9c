//! A table as data: text cells with meaning-bearing tones (and shorter forms for narrow
//! columns), columns that know their minimum, weight and which to drop first, rows with sort
//! keys and the view each opens, summary lines above.
//! A long list builds only a window of its rows (those that can be on screen); the table
//! still knows how many it has. A cell may also carry its typed value (a number, a rate, a
//! time), which an export writes instead of the text drawn.

use chrono::{DateTime, NaiveDate, Utc};

use crate::console::model::View;
use crate::domain::rates::Ratio;

/// What a piece of text means (the theme picks its style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tone {
    /// Plain data, in the theme's `base` style (the default).
    #[default]
    Normal,
    /// Good news: present, resumed, reported today (`ok`).
    Ok,
    /// Needs attention: late, SLA breached, high priority (`warn`).
    Warn,
    /// Act now: absent, escalated, overdue (`critical`).
    Critical,
    /// Secondary text: zeros, not yet, placeholders (`muted`).
    Muted,
    /// Highlighted text: labels of a summary, sparklines, names in a detail header (`accent`).
    Accent,
}

/// What a cell holds, typed, for an export (`:export`, `dutydesk export`): the screen draws
/// the text, a spreadsheet gets the number, rate or time behind it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Nothing (a placeholder such as `—` on screen).
    Empty,
    /// Text as it is.
    Text(String),
    /// A whole number (an id, a count, a level).
    Int(i64),
    /// A rate as a fraction (0.782 is 78.2%).
    Rate(f64),
    /// An instant (written in the zone of the console, as a local date and time).
    Time(DateTime<Utc>),
    /// A local day.
    Date(NaiveDate),
    /// A length of time in seconds (shown as hours and minutes).
    Duration(i64),
    /// A part of a whole, `num` of `den` (written as `num/den` text).
    Ratio(i64, i64),
}

impl Value {
    /// A rate's value (empty without a denominator).
    pub(crate) fn rate(r: Ratio) -> Value {
        r.rate().map_or(Value::Empty, Value::Rate)
    }
}

/// One cell of a row: its text, what it means, and its typed value when the text is not the
/// value itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Cell {
    /// Text (sanitised data and labels).
    pub text: String,
    /// What the text means; the theme picks its style from it.
    pub tone: Tone,
    /// The typed value an export writes; `None`: the text.
    pub value: Option<Value>,
    /// A shorter form drawn when the text does not fit its column (a duration's largest unit,
    /// `19时` for `19时36分`), so a unit is never cut in the middle.
    pub short: Option<String>,
}

impl Cell {
    /// A plain cell.
    pub(crate) fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), tone: Tone::Normal, value: None, short: None }
    }

    /// A cell with a tone.
    pub(crate) fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell { text: text.into(), tone, value: None, short: None }
    }

    /// The cell with its typed value (what an export writes instead of the text).
    pub(crate) fn with(mut self, value: Value) -> Cell {
        self.value = Some(value);
        self
    }

    /// The cell with the shorter form drawn when its text does not fit.
    pub(crate) fn or_short(mut self, short: impl Into<String>) -> Cell {
        self.short = Some(short.into());
        self
    }

    /// The text drawn in `width` columns: the text when it fits, else the shorter form when
    /// there is one and it fits, else the text (to be shortened with `…`).
    pub(crate) fn text_in(&self, width: usize) -> &str {
        use crate::console::look::format::width as w;
        match &self.short {
            Some(short) if w(&self.text) > width && w(short) <= width => short,
            _ => &self.text,
        }
    }

    /// A cell of `n/N` (its text as drawn), valued as the ratio.
    pub(crate) fn ratio(r: Ratio, text: String) -> Cell {
        Cell::new(text).with(Value::Ratio(r.num, r.den))
    }

    /// The value an export writes: the typed one, else the text.
    pub(crate) fn export_value(&self) -> Value {
        self.value.clone().unwrap_or_else(|| Value::Text(self.text.clone()))
    }
}

/// A sort key of one cell.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub(crate) enum SortKey {
    /// Numbers (rates as per-mille, counts, seconds).
    Num(f64),
    /// Text, compared byte by byte (names, dates as `YYYY-MM-DD`).
    Text(String),
}

/// A column of a table: its title, the narrowest it may be drawn, its share of spare width,
/// alignment and when it is dropped. Its natural width is its content's, measured by the view
/// (`views::table::layout`): every column gets its minimum, then its natural width as far as
/// room allows, then the flexible ones share what is left by weight.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Col {
    /// Title in the console's language, shown in the header row.
    pub title: String,
    /// The narrowest it is drawn (text is shortened down to it); below that it is dropped.
    pub min: u16,
    /// Its share of the width left once every column has its natural width (0: never wider
    /// than its content); flexible columns also give width back first when room is short.
    pub weight: u16,
    /// Right aligned (numbers, rates, durations): its cells are never cut, a cell with a
    /// shorter form shows that instead, and the column is dropped before its text is cut.
    pub right: bool,
    /// Dropped first when space is short (higher first); 0 never.
    pub drop: u8,
}

impl Col {
    /// A column as wide as its content, at least `min`.
    pub(crate) fn fixed(title: &str, min: u16, right: bool, drop: u8) -> Col {
        Col { title: title.to_string(), min, weight: 0, right, drop }
    }

    /// A flexible column of weight 1 with its minimum width, never dropped.
    pub(crate) fn flex(title: &str, min: u16) -> Col {
        Col { title: title.to_string(), min, weight: 1, right: false, drop: 0 }
    }

    /// The column with its share of spare width (0: never wider than its content).
    pub(crate) fn weight(mut self, weight: u16) -> Col {
        self.weight = weight;
        self
    }

    /// The column with its priority for dropping (higher first; 0 never).
    pub(crate) fn drop(mut self, drop: u8) -> Col {
        self.drop = drop;
        self
    }
}

/// One row of a table: its cells, sort keys, tone and the view `Enter` opens.
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
    /// The columns, in the order cells are given in each row.
    pub cols: Vec<Col>,
    /// The rows built, in the view's own order (worst first): all of them, or for a windowed
    /// list only positions `first .. first + rows.len()`.
    pub rows: Vec<Row>,
    /// The position of `rows[0]` in the table's order (0 unless windowed).
    pub first: usize,
    /// Rows of the table after the built ones (0 unless windowed).
    pub after: usize,
}

impl Table {
    /// A table of `len` rows of which only the positions in `window` are built, by
    /// `row(position)`: a long list costs what is on screen, not what is loaded.
    pub(crate) fn windowed(
        summary: Vec<Summary>,
        cols: Vec<Col>,
        len: usize,
        window: &std::ops::Range<usize>,
        row: impl FnMut(usize) -> Row,
    ) -> Table {
        let start = window.start.min(len);
        let end = window.end.clamp(start, len);
        Table { summary, cols, rows: (start..end).map(row).collect(), first: start, after: len - end }
    }

    /// How many rows the table has, built or not.
    pub(crate) fn len(&self) -> usize {
        self.first + self.rows.len() + self.after
    }

    /// The row at a position of the table's order, if it was built.
    pub(crate) fn row(&self, position: usize) -> Option<&Row> {
        position.checked_sub(self.first).and_then(|i| self.rows.get(i))
    }
}

//! Tables as data: every pane and list view is turned into a [`Table`] of text cells with
//! meaning-bearing tones, sort keys and the view each row opens. Filter and sort work on this
//! model, so they are the same everywhere and testable without a terminal.

mod dashboard;
mod details;
mod lists;
mod overview;

pub use lists::{prio_key, state_key};
use pinyin::ToPinyin;

use super::i18n::Lang;
use super::msg::ViewData;
use super::state::{Nav, Pane, Screen, State, View};

/// What a piece of text means (the theme picks its style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
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
pub struct Cell {
    /// Text (sanitised data and labels).
    pub text: String,
    /// Its meaning.
    pub tone: Tone,
}

impl Cell {
    /// A plain cell.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), tone: Tone::Normal }
    }

    /// A cell with a tone.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell { text: text.into(), tone }
    }
}

/// A sort key of one cell.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortKey {
    /// Numbers (rates as per-mille, counts, seconds).
    Num(f64),
    /// Text.
    Text(String),
}

/// A column.
#[derive(Debug, Clone, PartialEq)]
pub struct Col {
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
    pub fn fixed(title: &str, width: u16, right: bool, drop: u8) -> Col {
        Col { title: title.to_string(), width, flex: false, right, drop }
    }

    /// The flexible column with its minimum width.
    pub fn flex(title: &str, min: u16) -> Col {
        Col { title: title.to_string(), width: min, flex: true, right: false, drop: 0 }
    }
}

/// One row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
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
pub type Summary = Vec<(String, Tone)>;

/// A table with summary lines above it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Summary lines (totals, details).
    pub summary: Vec<Summary>,
    /// Columns.
    pub cols: Vec<Col>,
    /// Rows in the view's own order (worst first).
    pub rows: Vec<Row>,
}

/// Which table of the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableRef {
    /// A pane of the dashboard.
    Pane(Pane),
    /// The top screen's table.
    Top,
}

/// The index into `State::panes` of a pane's table (attendance by unit has its own).
pub fn pane_nav_index(state: &State, pane: Pane) -> usize {
    if pane == Pane::Attendance && state.by_unit { 4 } else { pane.index() }
}

/// The table a reference points to.
pub fn table(state: &State, r: TableRef) -> Table {
    match r {
        TableRef::Pane(p) => dashboard::pane(state, p),
        TableRef::Top => screen_table(state, state.top()),
    }
}

/// The table of a screen.
pub fn screen_table(state: &State, s: &Screen) -> Table {
    match (&s.view, &s.data) {
        (View::Dashboard, _) => dashboard::pane(state, state.focus),
        (View::Parks, _) => overview::parks(state),
        (View::Units, _) => overview::units(state),
        (_, None) => Table::default(),
        (_, Some(ViewData::Problems(p))) => lists::problems(state, p),
        (_, Some(ViewData::Enterprises(e))) => lists::enterprises(state, e),
        (_, Some(ViewData::Officers(o))) => lists::officers(state, o),
        (_, Some(ViewData::Enterprise(e))) => details::enterprise(state, e),
        (_, Some(ViewData::Officer(o))) => details::officer(state, o),
        (_, Some(ViewData::Problem(p, t))) => details::problem(state, p, t),
    }
}

/// The table of `State::panes[idx]` (index 4: attendance by unit).
pub fn nav_table(state: &State, idx: usize) -> Table {
    match idx {
        2 => dashboard::attendance_parks(state),
        4 => dashboard::attendance_units(state),
        i => dashboard::pane(state, Pane::ALL[i.min(3)]),
    }
}

/// The navigation of a table.
pub fn nav(state: &State, r: TableRef) -> &Nav {
    match r {
        TableRef::Pane(p) => &state.panes[pane_nav_index(state, p)],
        TableRef::Top => &state.top().nav,
    }
}

/// Indices of the rows shown: those matching the filter, in the chosen order.
pub fn shown(t: &Table, nav: &Nav) -> Vec<usize> {
    let mut idx: Vec<usize> =
        (0..t.rows.len()).filter(|&i| nav.filter.is_empty() || matches(&t.rows[i], &nav.filter)).collect();
    if let Some((col, desc)) = nav.sort {
        idx.sort_by(|&a, &b| {
            let (ka, kb) = (t.rows[a].sort.get(col), t.rows[b].sort.get(col));
            let o = ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal);
            if desc { o.reverse() } else { o }
        });
    }
    idx
}

/// Whether a row matches a filter: case-insensitive text, or the pinyin (full or initials) of
/// its Chinese text, so `wbxq` finds 万宝新区 on any keyboard.
pub fn matches(row: &Row, filter: &str) -> bool {
    let f = filter.trim().to_lowercase();
    if f.is_empty() {
        return true;
    }
    row.cells.iter().any(|c| {
        let text = c.text.to_lowercase();
        if text.contains(&f) {
            return true;
        }
        if !text.chars().any(|ch| ch.to_pinyin().is_some()) {
            return false;
        }
        let (mut full, mut initials) = (String::new(), String::new());
        for ch in text.chars() {
            match ch.to_pinyin() {
                Some(p) => {
                    full.push_str(p.plain());
                    initials.push_str(p.first_letter());
                }
                None => {
                    full.push(ch);
                    initials.push(ch);
                }
            }
        }
        full.contains(&f) || initials.contains(&f)
    })
}

/// A label in the state's language.
pub fn t(state: &State, key: &'static str) -> &'static str {
    state.lang.t(key)
}

/// Formats an instant as local `MM-DD HH:MM`.
pub fn local_time(state: &State, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&state.settings.tz).format("%m-%d %H:%M").to_string()
}

/// An age (`now - at`) as a short duration.
pub fn age(state: &State, at: chrono::DateTime<chrono::Utc>) -> String {
    super::text::duration((state.now - at).num_seconds(), state.lang == Lang::Zh)
}

/// Names joined with spaces.
pub fn names(refs: &[crate::api::types::NamedRef]) -> String {
    refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, n: f64) -> Row {
        Row { key: name.into(), cells: vec![Cell::new(name)], sort: vec![SortKey::Num(n)], ..Row::default() }
    }

    #[test]
    fn filter_by_text_and_pinyin() {
        let r = row("万宝新区", 1.0);
        assert!(matches(&r, "万宝"));
        assert!(matches(&r, "wbxq"));
        assert!(matches(&r, "wanbao"));
        assert!(!matches(&r, "lianyuan"));
        assert!(matches(&row("Huayang 华洋", 0.0), "HUAYANG"));
    }

    #[test]
    fn sort_and_filter_indices() {
        let t = Table { rows: vec![row("a", 3.0), row("b", 1.0), row("c", 2.0)], ..Table::default() };
        let mut nav = Nav::default();
        assert_eq!(shown(&t, &nav), vec![0, 1, 2]);
        nav.sort = Some((0, false));
        assert_eq!(shown(&t, &nav), vec![1, 2, 0]);
        nav.sort = Some((0, true));
        assert_eq!(shown(&t, &nav), vec![0, 2, 1]);
        nav.filter = "c".into();
        assert_eq!(shown(&t, &nav), vec![2]);
    }
}

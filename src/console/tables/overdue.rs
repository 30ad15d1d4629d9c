//! The overdue reports pane (`GET /reports/overdue`): the server's order (most days in a row
//! first), the dashboard's count, "reminded 2h ago" once an enterprise's officers were reminded,
//! and a tone by the `[console.severity]` days in a row; only the rows in the window are built.

use std::ops::Range;

use crate::api::types::{Dashboard, OverdueReport};
use crate::console::look::format::{duration, short_duration, thousands};
use crate::console::model::reminders::reminded_ago;
use crate::console::model::{Paged, View};

use super::context::{TableContext, names};
use super::dashboard::num;
use super::table::{Cell, Col, Row, SortKey, Table, Tone, Value};

/// The enterprise's name, with "reminded 2h ago" once its officers were reminded (催报).
fn reminded_name(cx: &TableContext, o: &OverdueReport) -> String {
    match o.last_reminded_at {
        Some(at) => format!("{} · {}", o.enterprise.name, reminded_ago(cx.lang, at, cx.now)),
        None => o.enterprise.name.clone(),
    }
}

/// Overdue reports in the server's order (most days in a row first); the count is the
/// dashboard's, and "N loaded" says when fewer rows are held.
pub(super) fn overdue(
    cx: &TableContext,
    d: &Dashboard,
    overdue: &Paged<OverdueReport>,
    window: &Range<usize>,
) -> Table {
    let r = &d.totals.reports;
    let mut summary = vec![vec![
        (format!("{} {}/{}  ", cx.t("col.report"), thousands(r.submitted), thousands(r.expected)), Tone::Normal),
        (
            format!("{} {}  ", cx.t("pane.overdue.short"), thousands(r.overdue)),
            if r.overdue > 0 { Tone::Critical } else { Tone::Muted },
        ),
        (format!("{} {}  ", cx.t("det.late"), thousands(r.submitted - r.on_time)), Tone::Muted),
        (format!("· {} {}", cx.t("sum.deadline"), cx.report_deadline), Tone::Muted),
    ]];
    // Before tonight's deadline the list is yesterday's (what is overdue now): say which day.
    if let Some(first) = overdue.first().filter(|o| o.date != d.date) {
        summary[0].insert(2, (format!("{} {}  ", cx.t("sum.listed_for"), first.date.format("%m-%d")), Tone::Warn));
    }
    summary[0].splice(2..2, super::lists::loaded_note(cx, overdue));
    let cols = vec![
        Col::flex(cx.t("col.enterprise"), 10).weight(2),
        Col::flex(cx.t("col.officers"), 6).drop(1),
        Col::flex(cx.t("col.unit"), 6).drop(2),
        Col::fixed(cx.t("col.over"), 4, true, 0),
        Col::fixed(cx.t("col.days"), 4, true, 0),
    ];
    Table::windowed(summary, cols, overdue.len(), window, |i| {
        let o = &overdue[i];
        // One day late is a warning; days in a row past the threshold are critical.
        let tone = TableContext::tone(cx.severity.overdue(o.days_in_a_row));
        Row {
            key: format!("ent{}", o.enterprise.id),
            cells: vec![
                Cell::new(reminded_name(cx, o)),
                Cell::new(names(&o.officers)),
                Cell::new(names(&o.units)),
                Cell::new(duration(o.overdue_secs, cx.lang.is_zh()))
                    .or_short(short_duration(o.overdue_secs, cx.lang.is_zh()))
                    .with(Value::Duration(o.overdue_secs)),
                Cell::toned(o.days_in_a_row.to_string(), tone).with(Value::Int(o.days_in_a_row)),
            ],
            sort: vec![
                SortKey::Text(o.enterprise.name.clone()),
                SortKey::Text(names(&o.officers)),
                SortKey::Text(names(&o.units)),
                num(-o.overdue_secs),
                num(-o.days_in_a_row),
            ],
            tone,
            target: Some(View::Enterprise(o.enterprise.clone())),
            flash: false,
        }
    })
}

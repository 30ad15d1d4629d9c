//! The two-week chart's series and its table of values: one row per day of the dashboard's
//! trend, newest first, each series' rate and its count out of its total. The chart view
//! (`views::chart`) draws the same series, told apart by their marker as well as their tone.

use chrono::{Datelike, NaiveDate};

use crate::api::types::{Dashboard, TrendPoint};
use crate::console::look::format::{percent, thousands};
use crate::domain::rates::Ratio;

use super::TableContext;
use super::table::{Cell, Col, Row, SortKey, Table, Tone};

/// One line of the chart: its label, its marker (readable without colour), its tone and the
/// figure it takes from each day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Series {
    /// The label key of its name.
    pub key: &'static str,
    /// The label key of its short name (the table's header).
    pub short: &'static str,
    /// The one-column character of its points in the chart and of its column in the table.
    pub marker: char,
    /// What it is drawn with (the theme picks the style).
    pub tone: Tone,
    /// The day's count out of its total.
    pub of: fn(&TrendPoint) -> Ratio,
}

/// The four series, in legend order.
pub(crate) const SERIES: [Series; 4] = [
    Series {
        key: "chart.enterprises",
        short: "chart.enterprises.short",
        marker: '*',
        tone: Tone::Accent,
        of: |t| t.resumed,
    },
    Series { key: "chart.staff", short: "chart.staff.short", marker: '+', tone: Tone::Ok, of: |t| t.employees },
    Series {
        key: "chart.attendance",
        short: "chart.attendance.short",
        marker: 'x',
        tone: Tone::Warn,
        of: |t| t.attendance,
    },
    Series { key: "chart.on_time", short: "chart.on_time.short", marker: 'o', tone: Tone::Normal, of: |t| t.on_time },
];

/// A day as `MM-DD` and its weekday in the context's language (`02-20 Fri`, `02-20 周五`).
pub(crate) fn day_label(cx: &TableContext, d: NaiveDate) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let i = d.weekday().num_days_from_monday() as usize;
    let wd = if cx.lang.is_zh() { ZH[i].to_string() } else { d.format("%a").to_string() };
    format!("{} {wd}", d.format("%m-%d"))
}

/// The table under the chart: a row per day of the scope's trend, newest first; per series
/// the rate (dropped last) and `n/N` (dropped first when narrow).
pub(crate) fn chart(cx: &TableContext, d: &Dashboard) -> Table {
    let mut cols = vec![Col::flex(cx.t("chart.day"), 9)];
    for (i, s) in SERIES.iter().enumerate() {
        cols.push(Col::fixed(&format!("{} {}", s.marker, cx.t(s.short)), 9, true, 0));
        let width = if i == 1 { 15 } else { 13 };
        cols.push(Col::fixed("n/N", width, true, 2 + i as u8));
    }
    let rows = d
        .totals
        .trend
        .iter()
        .rev()
        .map(|t| {
            let mut cells = vec![Cell::new(day_label(cx, t.date))];
            let mut sort = vec![SortKey::Text(t.date.to_string())];
            for s in &SERIES {
                let r = (s.of)(t);
                let tone = if r.den == 0 { Tone::Muted } else { Tone::Normal };
                cells.push(Cell::toned(percent(r.percent()), tone));
                cells.push(Cell::toned(format!("{}/{}", thousands(r.num), thousands(r.den)), Tone::Muted));
                sort.push(SortKey::Num(r.rate().unwrap_or(-1.0)));
                sort.push(SortKey::Num(r.num as f64));
            }
            Row { key: t.date.to_string(), cells, sort, ..Row::default() }
        })
        .collect();
    Table { summary: Vec::new(), cols, rows, first: 0, after: 0 }
}

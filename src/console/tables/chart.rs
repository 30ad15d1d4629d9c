//! The two-week chart's series and its table of values: one row per day of the dashboard's
//! trend, newest first, each series' rate and its count out of its total. The chart view
//! (`views::chart`) draws the same series, told apart by their marker as well as their tone.

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::api::types::{Dashboard, TrendPoint};
use crate::console::look::format::{percent, thousands};
use crate::domain::rates::Ratio;

use super::context::TableContext;
use super::table::{Cell, Col, Row, SortKey, Table, Tone, Value};

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
    /// What ends a live day's count (attendance: the check-in cutoff; reports: the deadline);
    /// before it today's figure is only so far. `None`: the figure is live as it stands.
    pub settles: Option<Settles>,
}

/// When a day's figure of a series is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Settles {
    /// At the check-in cutoff (absent starts).
    AtCutoff,
    /// At the report deadline (overdue starts).
    AtDeadline,
}

impl Series {
    /// Whether its figure of `date` is still in progress at the context's clock: today, before
    /// the cutoff or deadline that settles it (drawn apart: not plotted, muted in the table).
    pub(crate) fn in_progress(&self, cx: &TableContext, date: NaiveDate) -> bool {
        let local = cx.local_now();
        if date != local.date_naive() {
            return false;
        }
        match self.settles {
            None => false,
            Some(Settles::AtCutoff) => local.time() < cx.checkin_cutoff,
            Some(Settles::AtDeadline) => {
                NaiveTime::parse_from_str(cx.report_deadline, "%H:%M").is_ok_and(|d| local.time() <= d)
            }
        }
    }
}

/// The four series, in legend order.
pub(crate) const SERIES: [Series; 4] = [
    Series {
        key: "chart.enterprises",
        short: "chart.enterprises.short",
        marker: '*',
        tone: Tone::Accent,
        of: |t| t.resumed,
        settles: None,
    },
    Series {
        key: "chart.staff",
        short: "chart.staff.short",
        marker: '+',
        tone: Tone::Ok,
        of: |t| t.employees,
        settles: None,
    },
    Series {
        key: "chart.attendance",
        short: "chart.attendance.short",
        marker: 'x',
        tone: Tone::Warn,
        of: |t| t.attendance,
        settles: Some(Settles::AtCutoff),
    },
    Series {
        key: "chart.on_time",
        short: "chart.on_time.short",
        marker: 'o',
        tone: Tone::Normal,
        of: |t| t.on_time,
        settles: Some(Settles::AtDeadline),
    },
];

/// A day as `MM-DD` and its weekday in the context's language (`02-20 Fri`, `02-20 周五`).
pub(crate) fn day_label(cx: &TableContext, d: NaiveDate) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let i = d.weekday().num_days_from_monday() as usize;
    let wd = if cx.lang.is_zh() { ZH[i].to_string() } else { d.format("%a").to_string() };
    format!("{} {wd}", d.format("%m-%d"))
}

/// The table under the chart: a row per day of the scope's trend, newest first; per series
/// the rate (dropped last) and `n/N` (dropped first when narrow). Today's attendance before the
/// cutoff and on-time reports before the deadline are so far: muted and marked `…`.
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
            let mut cells = vec![Cell::new(day_label(cx, t.date)).with(Value::Date(t.date))];
            let mut sort = vec![SortKey::Text(t.date.to_string())];
            for s in &SERIES {
                let r = (s.of)(t);
                let so_far = s.in_progress(cx, t.date);
                let tone = if r.den == 0 || so_far { Tone::Muted } else { Tone::Normal };
                let mark = if so_far { "…" } else { "" };
                let rate = r.rate().map_or(Value::Empty, Value::Rate);
                cells.push(Cell::toned(format!("{}{mark}", percent(r.percent())), tone).with(rate));
                cells.push(
                    Cell::toned(format!("{}/{}", thousands(r.num), thousands(r.den)), Tone::Muted)
                        .with(Value::Ratio(r.num, r.den)),
                );
                sort.push(SortKey::Num(r.rate().unwrap_or(-1.0)));
                sort.push(SortKey::Num(r.num as f64));
            }
            Row { key: t.date.to_string(), cells, sort, ..Row::default() }
        })
        .collect();
    Table { summary: Vec::new(), cols, rows, first: 0, after: 0 }
}

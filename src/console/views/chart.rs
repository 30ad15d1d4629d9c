//! The two-week chart of the dashboard's scope (`T`, `:chart`): a legend with each series'
//! marker and latest value, ratatui's `Chart` with the four series over the trend's 14 days
//! (y 0–100 %, x the days as `MM-DD`), and the table of every day's values under it. Each
//! series has a marker of its own (`*`, `+`, `x`, `o`), so the chart reads in `mono`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Widget};

use super::table::{self, tone_style};
use crate::api::types::{Dashboard, TrendPoint};
use crate::console::look::format::{percent, truncate, width};
use crate::console::look::theme::Theme;
use crate::console::model::State;
use crate::console::tables::chart::{SERIES, Series};
use crate::console::tables::{self as tables_mod, TableContext};

/// The y axis' label width (`100%`) plus the axis line: where the plot starts in the chart.
const Y_LABELS: u16 = 5;

/// Draws the chart screen into `area`.
pub(super) fn draw(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let top = state.top();
    let t = tables_mod::screen_table(state, top);
    let look = table::Look { focused: true, lang: state.lang, loading: state.dash.is_none(), selection: state.chrome };
    let Some(d) = state.dash.as_ref().filter(|d| !d.totals.trend.is_empty()) else {
        table::draw(buf, area, &t, &top.nav, theme, look);
        return;
    };
    let legend = legend_lines(state, theme, d, area.width);
    let rest = area.height.saturating_sub(legend.len() as u16);
    let table_h = (t.rows.len() as u16 + 1).min((rest * 2 / 5).max(4)).min(rest);
    let chart_h = rest - table_h;
    for (i, line) in legend.iter().enumerate() {
        buf.set_line(area.x + 1, area.y + i as u16, line, area.width.saturating_sub(1));
    }
    if chart_h >= 7 {
        // The y axis' name on a row of its own above it, where no point can hide it.
        let top = area.y + legend.len() as u16;
        let name = format!("{} %", state.lang.t("chart.y_title"));
        buf.set_string(area.x, top, truncate(&name, area.width as usize), theme.muted);
        plot(state, theme, buf, Rect { y: top + 1, height: chart_h - 1, ..area }, &d.totals.trend);
    }
    let table_area = Rect { y: area.y + legend.len() as u16 + chart_h, height: table_h, ..area };
    table::draw(buf, table_area, &t, &top.nav, theme, look);
}

/// The legend: each series' marker, name and latest settled value (with its day when that is
/// not the dashboard's: today's attendance before the cutoff is yesterday's), on as few lines
/// as fit `w`.
fn legend_lines(state: &State, theme: &Theme, d: &Dashboard, w: u16) -> Vec<Line<'static>> {
    let cx = TableContext::of(state);
    let entries: Vec<(String, Style)> = SERIES
        .iter()
        .map(|s| {
            let last = d.totals.trend.iter().rev().find(|t| !s.in_progress(&cx, t.date));
            let value = last.map(|t| percent((s.of)(t).percent())).unwrap_or_default();
            let day = last.filter(|t| t.date != d.date).map(|t| format!(" ({})", t.date.format("%m-%d")));
            let text = format!("{} {} {value}{}", s.marker, state.lang.t(s.key), day.unwrap_or_default());
            (text, tone_style(theme, s.tone))
        })
        .collect();
    let per_line = [4usize, 2, 1]
        .into_iter()
        .find(|n| entries.chunks(*n).all(|c| c.iter().map(|(e, _)| width(e) + 3).sum::<usize>() <= w as usize))
        .unwrap_or(1);
    entries
        .chunks(per_line)
        .map(|chunk| {
            let mut spans = Vec::new();
            for (i, (text, style)) in chunk.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::raw("   "));
                }
                spans.push(Span::styled(text.clone(), *style));
            }
            Line::from(spans)
        })
        .collect()
}

/// The points of a series: (day index, percent) for each day with a total whose figure is
/// settled (today's attendance before the cutoff is not a fall to nought).
fn points(cx: &TableContext, s: &Series, trend: &[TrendPoint]) -> Vec<(f64, f64)> {
    trend
        .iter()
        .enumerate()
        .filter(|(_, t)| !s.in_progress(cx, t.date))
        .filter_map(|(i, t)| (s.of)(t).percent().map(|p| (i as f64, p)))
        .collect()
}

/// A series as drawn: its style, its marker and its points.
type Plotted = (Style, char, Vec<(f64, f64)>);

/// The chart itself: a line per series (through the days that have a total) under its
/// markers, the y axis 0–100 % and the days below the x axis.
fn plot(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect, trend: &[TrendPoint]) {
    let cx = TableContext::of(state);
    let data: Vec<Plotted> =
        SERIES.iter().map(|s| (tone_style(theme, s.tone), s.marker, points(&cx, s, trend))).collect();
    // Lines first, markers on top: the markers are what tells the series apart without colour.
    let mut sets: Vec<Dataset> = data
        .iter()
        .map(|(style, _, pts)| {
            Dataset::default().data(pts).marker(Marker::Braille).graph_type(GraphType::Line).style(*style)
        })
        .collect();
    sets.extend(data.iter().map(|(style, marker, pts)| {
        Dataset::default().data(pts).marker(Marker::Custom(*marker)).graph_type(GraphType::Scatter).style(*style)
    }));
    let graph_h = area.height.saturating_sub(2);
    let y_labels: Vec<&str> =
        if graph_h >= 9 { vec!["0%", "25%", "50%", "75%", "100%"] } else { vec!["0%", "50%", "100%"] };
    let last = trend.len().saturating_sub(1).max(1) as f64;
    let chart = Chart::new(sets)
        .style(theme.base)
        .legend_position(None)
        .x_axis(
            Axis::default()
                .title(Span::styled(state.lang.t("chart.x_title"), theme.muted))
                .bounds([0.0, last])
                .labels(["", ""])
                .style(theme.border),
        )
        .y_axis(Axis::default().bounds([0.0, 100.0]).labels(y_labels).style(theme.border));
    chart.render(area, buf);
    day_labels(buf, area, trend, theme.header);
}

/// The days under the x axis at their points' columns (`MM-DD`): every day when they fit
/// (from about 90 columns), else every other (or third …) day counted back from the newest.
fn day_labels(buf: &mut Buffer, area: Rect, trend: &[TrendPoint], style: Style) {
    const LABEL: u16 = 5;
    let (left, graph_w) = (area.x + Y_LABELS, area.width.saturating_sub(Y_LABELS));
    let y = area.y + area.height - 1;
    let steps = trend.len().saturating_sub(1).max(1);
    let spacing = f64::from(graph_w.saturating_sub(1)) / steps as f64;
    let stride = (1..=steps).find(|k| spacing * *k as f64 >= f64::from(LABEL + 1)).unwrap_or(steps);
    // Newest first: a label pushed left by the edge hides the one it would touch.
    let mut free_until = area.right();
    for (i, t) in trend.iter().enumerate().rev().filter(|(i, _)| (steps - i).is_multiple_of(stride)) {
        let at = left + (i as f64 * spacing).round() as u16;
        let x = at.saturating_sub(LABEL / 2).max(area.x).min(area.right().saturating_sub(LABEL));
        if x + LABEL > free_until {
            continue;
        }
        buf.set_string(x, y, t.date.format("%m-%d").to_string(), style);
        free_until = x.saturating_sub(1);
    }
}

//! Tables of the dashboard's panes and of the full-screen place and unit views, built
//! from `GET /dashboard` (its rows are the places one level down of its scope: cities,
//! counties or parks); the overdue pane's is in `overdue`. Each is ordered worst first.

use crate::api::types::{AttendanceCounts, Dashboard, Level, NamedRef, PlaceFigures, PlaceRef, UnitFigures};
use crate::domain::rates::Ratio;

use super::context::TableContext;
use super::table::{Cell, Col, Row, SortKey, Summary, Table, Tone, Value};
use crate::console::look::format::{bar, percent, percent0, sparkline, thousands};
use crate::console::model::View;

pub(super) fn ratio_cell(r: Ratio) -> String {
    format!("{}/{}", thousands(r.num), thousands(r.den))
}

pub(super) fn rate_key(r: Ratio) -> SortKey {
    SortKey::Num(r.rate().unwrap_or(2.0))
}

pub(super) fn num(n: i64) -> SortKey {
    SortKey::Num(n as f64)
}

fn bar_cell(r: Ratio, w: usize) -> String {
    format!("{} {:>4}", bar(r.rate(), w), percent0(r.percent()))
}

/// Rows sorted by a key, worst (smallest) first, ties by name.
pub(super) fn worst_first(rows: &mut [Row], col: usize) {
    rows.sort_by(|a, b| {
        a.sort[col].partial_cmp(&b.sort[col]).unwrap_or(std::cmp::Ordering::Equal).then_with(|| a.key.cmp(&b.key))
    });
}

/// The label of the dashboard rows' name column: city, county or park.
pub(super) fn place_col(d: &Dashboard) -> &'static str {
    match d.rows_level {
        Level::Province | Level::City => "col.city",
        Level::County => "col.county",
        Level::Park => "col.park",
    }
}

/// The key of a dashboard row: its level and id (`park3`, `county12`, `city1`).
pub(super) fn row_key(d: &Dashboard, p: &PlaceFigures) -> String {
    format!("{}{}", d.rows_level.as_str(), p.id)
}

/// What a dashboard row opens: for a park, the view `park_view` makes of it; for a city or a
/// county, the dashboard scoped to it (its counties or its parks).
pub(super) fn row_target(d: &Dashboard, p: &PlaceFigures, park_view: impl FnOnce(NamedRef) -> View) -> View {
    match d.rows_level {
        Level::Park => park_view(park_ref(p)),
        level => View::Place(PlaceRef { level, id: p.id, name: p.name.clone() }),
    }
}

pub(super) fn rtw_summary(cx: &TableContext, tot: &PlaceFigures) -> Summary {
    vec![
        (format!("{} ", tot.name), Tone::Accent),
        (
            format!(
                "{} {} {}  ",
                cx.t("col.enterprises"),
                ratio_cell(tot.enterprises),
                percent(tot.enterprises.percent())
            ),
            Tone::Normal,
        ),
        (format!("{} {}  ", cx.t("col.staff"), percent(tot.employees.percent())), Tone::Normal),
        (
            format!("{} {}", cx.t("sum.suspended"), thousands(tot.suspended)),
            if tot.suspended > 0 { Tone::Warn } else { Tone::Muted },
        ),
    ]
}

pub(super) fn rtw_cols(cx: &TableContext, d: &Dashboard) -> Vec<Col> {
    vec![
        Col::flex(cx.t(place_col(d)), 10),
        Col::fixed(cx.t("col.enterprises"), 11, false, 0),
        Col::fixed("n/N", 11, true, 3),
        Col::fixed(cx.t("col.staff"), 11, false, 2),
        Col::fixed(cx.t("col.trend"), 14, false, 1),
        Col::fixed(cx.t("col.susp"), 4, true, 4),
    ]
}

pub(super) fn rtw_cells(p: &PlaceFigures) -> (Vec<Cell>, Vec<SortKey>) {
    let trend: Vec<Option<f64>> = p.trend.iter().map(|tp| tp.resumed.rate()).collect();
    let low = p.enterprises.rate().is_some_and(|r| r < 0.6);
    (
        vec![
            Cell::new(&p.name),
            Cell::toned(bar_cell(p.enterprises, 6), if low { Tone::Warn } else { Tone::Ok })
                .with(Value::rate(p.enterprises)),
            Cell::ratio(p.enterprises, ratio_cell(p.enterprises)),
            Cell::new(bar_cell(p.employees, 6)).with(Value::rate(p.employees)),
            Cell::toned(sparkline(&trend), Tone::Accent).with(Value::Text(trend_text(&trend))),
            Cell::toned(p.suspended.to_string(), if p.suspended > 0 { Tone::Warn } else { Tone::Muted })
                .with(Value::Int(p.suspended)),
        ],
        vec![
            SortKey::Text(p.name.clone()),
            rate_key(p.enterprises),
            num(p.enterprises.num),
            rate_key(p.employees),
            SortKey::Num(
                trend.last().copied().flatten().unwrap_or(0.0) - trend.first().copied().flatten().unwrap_or(0.0),
            ),
            num(p.suspended),
        ],
    )
}

/// The trend's daily rates as whole percents, oldest first (`—` for a day without data), the
/// values behind the sparkline.
fn trend_text(trend: &[Option<f64>]) -> String {
    let day = |r: &Option<f64>| r.map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
    trend.iter().map(day).collect::<Vec<_>>().join(" ")
}

pub(super) fn rtw(cx: &TableContext, d: &Dashboard) -> Table {
    let mut rows: Vec<Row> = d
        .rows
        .iter()
        .map(|p| {
            let (cells, sort) = rtw_cells(p);
            Row {
                key: row_key(d, p),
                cells,
                sort,
                tone: Tone::Normal,
                target: Some(row_target(d, p, |park| View::Enterprises { park })),
                flash: false,
            }
        })
        .collect();
    worst_first(&mut rows, 1);
    Table { summary: vec![rtw_summary(cx, &d.totals)], cols: rtw_cols(cx, d), rows, ..Table::default() }
}

/// A place's escalated problems: `3▲` in the normal colour, a muted `0`.
pub(super) fn escalated_cell(n: i64) -> Cell {
    if n > 0 { Cell::new(format!("{n}▲")) } else { Cell::toned("0 ", Tone::Muted) }.with(Value::Int(n))
}

pub(super) fn park_ref(p: &PlaceFigures) -> NamedRef {
    NamedRef { id: p.id, name: p.name.clone() }
}

pub(super) fn problems(cx: &TableContext, d: &Dashboard) -> Table {
    let tot = &d.totals.problems;
    let summary = vec![vec![
        (format!("{} ", d.totals.name), Tone::Accent),
        (
            format!(
                "{} {}  {} {}  ",
                cx.t("col.open"),
                thousands(tot.open),
                cx.t("col.ack"),
                thousands(tot.acknowledged)
            ),
            Tone::Normal,
        ),
        (
            format!("{} {}▲  ", cx.t("sum.escalated"), thousands(tot.escalated)),
            if tot.escalated > 0 { Tone::Normal } else { Tone::Muted },
        ),
        (
            format!("{} {}", cx.t("col.sla"), thousands(tot.sla_breached)),
            if tot.sla_breached > 0 { TableContext::tone(cx.severity.breached(tot.sla_breached)) } else { Tone::Muted },
        ),
    ]];
    let cols = vec![
        Col::flex(cx.t(place_col(d)), 10),
        Col::fixed(cx.t("col.open"), 6, true, 0),
        Col::fixed(cx.t("col.ack"), 6, true, 0),
        Col::fixed(cx.t("col.esc"), 6, true, 0),
        Col::fixed(cx.t("col.sla"), 5, true, 0),
        Col::fixed(cx.t("col.oldest"), 8, true, 1),
    ];
    let mut rows: Vec<Row> = d
        .rows
        .iter()
        .map(|p| {
            let c = &p.problems;
            // A place is as bad as its problems past their SLA deadline; an escalation is the
            // life cycle at work and is shown by its mark, in the normal colour.
            let tone = TableContext::tone(cx.severity.breached(c.sla_breached));
            let esc = escalated_cell(c.escalated);
            let sla = if c.sla_breached > 0 {
                Cell::toned(format!("{}✗", c.sla_breached), tone)
            } else {
                Cell::toned("0 ", Tone::Muted)
            }
            .with(Value::Int(c.sla_breached));
            let oldest = match c.oldest_open_at {
                Some(at) => Cell::new(cx.age(at)).or_short(cx.age_short(at)).with(Value::Time(at)),
                None => Cell::new("—").with(Value::Empty),
            };
            Row {
                key: row_key(d, p),
                cells: vec![
                    Cell::new(&p.name),
                    Cell::new(c.open.to_string()).with(Value::Int(c.open)),
                    Cell::new(c.acknowledged.to_string()).with(Value::Int(c.acknowledged)),
                    esc,
                    sla,
                    oldest,
                ],
                sort: vec![
                    SortKey::Text(p.name.clone()),
                    num(-c.open),
                    num(-c.acknowledged),
                    num(-c.escalated),
                    num(-c.sla_breached),
                    SortKey::Num(c.oldest_open_at.map_or(f64::MAX, |t| t.timestamp() as f64)),
                ],
                tone,
                target: Some(row_target(d, p, |park| View::problems(Some(park), false))),
                flash: false,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.sort[3], &a.sort[4], &a.sort[1])
            .partial_cmp(&(&b.sort[3], &b.sort[4], &b.sort[1]))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.key.cmp(&b.key))
    });
    Table { summary, cols, rows, ..Table::default() }
}

/// The attendance summary: the totals, the cutoff, and which rows are shown (`by_unit`, else
/// the places of `level`, the dashboard's rows: cities, counties or parks) with the key that
/// switches.
pub(super) fn attendance_summary(cx: &TableContext, a: &AttendanceCounts, by_unit: bool, level: Level) -> Summary {
    let present = Ratio::new(a.present, a.expected);
    let mut s = vec![
        (format!("{} {} {}  ", cx.t("att.present"), ratio_cell(present), percent(present.percent())), Tone::Normal),
        (format!("{} {}  ", cx.t("att.late"), thousands(a.late)), if a.late > 0 { Tone::Normal } else { Tone::Muted }),
    ];
    if cx.before_cutoff() {
        s.push((format!("{} {}  ", cx.t("att.not_yet"), thousands(a.not_yet)), Tone::Muted));
    } else {
        let tone = TableContext::tone(cx.severity.attendance(a.present, a.expected));
        s.push((
            format!("{} {}  ", cx.t("att.absent"), thousands(a.absent)),
            if a.absent > 0 { tone } else { Tone::Muted },
        ));
    }
    s.push((format!("· {} {} ", cx.t("sum.cutoff"), cx.checkin_cutoff.format("%H:%M")), Tone::Muted));
    let (by_place, toggle_place) = match level {
        Level::Province | Level::City => ("sum.by_city", "sum.toggle_city"),
        Level::County => ("sum.by_county", "sum.toggle_county"),
        Level::Park => ("sum.by_park", "sum.toggle_park"),
    };
    let mode = if by_unit { ("sum.by_unit", toggle_place) } else { (by_place, "sum.toggle_unit") };
    s.push((format!("· {} · {}", cx.t(mode.0), cx.t(mode.1)), Tone::Muted));
    s
}

pub(super) fn attendance_cols(cx: &TableContext, name: &'static str) -> Vec<Col> {
    let last = if cx.before_cutoff() { "att.not_yet" } else { "col.absent" };
    vec![
        Col::flex(cx.t(name), 10),
        Col::fixed(cx.t("col.present"), 11, true, 0),
        Col::fixed(cx.t("col.rate"), 6, true, 1),
        Col::fixed(cx.t("col.late"), 5, true, 0),
        Col::fixed(cx.t(last), 7, true, 0),
    ]
}

pub(super) fn attendance_row(cx: &TableContext, key: String, name: &str, a: &AttendanceCounts, target: View) -> Row {
    let present = Ratio::new(a.present, a.expected);
    // Before the cutoff nobody is absent yet; after it, the rate against the thresholds.
    let tone = if cx.before_cutoff() {
        Tone::Normal
    } else {
        TableContext::tone(cx.severity.attendance(a.present, a.expected))
    };
    let last = if cx.before_cutoff() {
        Cell::toned(a.not_yet.to_string(), Tone::Muted).with(Value::Int(a.not_yet))
    } else if a.absent > 0 {
        Cell::toned(a.absent.to_string(), tone).with(Value::Int(a.absent))
    } else {
        Cell::toned("0", Tone::Muted).with(Value::Int(0))
    };
    Row {
        key,
        cells: vec![
            Cell::new(name),
            Cell::ratio(present, ratio_cell(present)),
            Cell::toned(percent0(present.percent()), tone).with(Value::rate(present)),
            Cell::toned(a.late.to_string(), if a.late > 0 { Tone::Normal } else { Tone::Muted })
                .with(Value::Int(a.late)),
            last,
        ],
        sort: vec![
            SortKey::Text(name.to_string()),
            rate_key(present),
            rate_key(present),
            num(-a.late),
            num(-a.absent.max(a.not_yet)),
        ],
        tone,
        target: Some(target),
        flash: false,
    }
}

/// Attendance per place one level down (city, county or park).
pub(super) fn attendance_parks(cx: &TableContext, d: &Dashboard) -> Table {
    let mut rows: Vec<Row> = d
        .rows
        .iter()
        .map(|p| {
            attendance_row(
                cx,
                row_key(d, p),
                &p.name,
                &p.attendance,
                row_target(d, p, |park| View::Officers { park: Some(park), unit: None }),
            )
        })
        .collect();
    worst_first(&mut rows, 1);
    Table {
        summary: vec![attendance_summary(cx, &d.totals.attendance, false, d.rows_level)],
        cols: attendance_cols(cx, place_col(d)),
        rows,
        ..Table::default()
    }
}

pub(super) fn unit_ref(u: &UnitFigures) -> NamedRef {
    NamedRef { id: u.unit_id, name: u.unit_name.clone() }
}

/// Attendance per dispatching unit.
pub(super) fn attendance_units(cx: &TableContext, d: &Dashboard) -> Table {
    let mut rows: Vec<Row> = d
        .units
        .iter()
        .map(|u| {
            attendance_row(
                cx,
                format!("unit{}", u.unit_id),
                &u.unit_name,
                &u.attendance,
                View::Officers { park: None, unit: Some(unit_ref(u)) },
            )
        })
        .collect();
    worst_first(&mut rows, 1);
    Table {
        summary: vec![attendance_summary(cx, &d.totals.attendance, true, d.rows_level)],
        cols: attendance_cols(cx, "col.unit"),
        rows,
        ..Table::default()
    }
}

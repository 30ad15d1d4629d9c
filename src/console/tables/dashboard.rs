//! Tables of the dashboard's panes and of the full-screen park and unit views, built
//! from `GET /dashboard` and `GET /reports/overdue`. Each is ordered worst first.

use crate::api::types::{AttendanceCounts, ParkFigures, UnitFigures};
use crate::domain::rates::Ratio;

use super::context::{age, names, t};
use super::table::{Cell, Col, Row, SortKey, Summary, Table, Tone};
use crate::console::look::format::{bar, duration, percent, percent0, sparkline, thousands};
use crate::console::model::pane::PaneTable;
use crate::console::model::{State, View};

/// The table builder of each pane table (the pane list is `model::pane::PANES`).
pub fn pane_table(state: &State, table: PaneTable) -> Table {
    match table {
        PaneTable::Rtw => rtw(state),
        PaneTable::OpenProblems => problems(state),
        PaneTable::AttendanceByPark => attendance_parks(state),
        PaneTable::AttendanceByUnit => attendance_units(state),
        PaneTable::Overdue => overdue(state),
    }
}

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

pub(super) fn rtw_summary(state: &State, tot: &ParkFigures) -> Summary {
    vec![
        (format!("{} ", t(state, "sum.city")), Tone::Accent),
        (
            format!(
                "{} {} {}  ",
                t(state, "col.enterprises"),
                ratio_cell(tot.enterprises),
                percent(tot.enterprises.percent())
            ),
            Tone::Normal,
        ),
        (format!("{} {}  ", t(state, "col.staff"), percent(tot.employees.percent())), Tone::Normal),
        (
            format!("{} {}", t(state, "sum.suspended"), tot.suspended),
            if tot.suspended > 0 { Tone::Warn } else { Tone::Muted },
        ),
    ]
}

pub(super) fn rtw_cols(state: &State) -> Vec<Col> {
    vec![
        Col::flex(t(state, "col.park"), 10),
        Col::fixed(t(state, "col.enterprises"), 11, false, 0),
        Col::fixed("n/N", 11, true, 3),
        Col::fixed(t(state, "col.staff"), 11, false, 2),
        Col::fixed(t(state, "col.trend"), 14, false, 1),
        Col::fixed(t(state, "col.susp"), 4, true, 4),
    ]
}

pub(super) fn rtw_cells(p: &ParkFigures) -> (Vec<Cell>, Vec<SortKey>) {
    let trend: Vec<Option<f64>> = p.trend.iter().map(|tp| tp.resumed.rate()).collect();
    let low = p.enterprises.rate().is_some_and(|r| r < 0.6);
    (
        vec![
            Cell::new(&p.park_name),
            Cell::toned(bar_cell(p.enterprises, 6), if low { Tone::Warn } else { Tone::Ok }),
            Cell::new(ratio_cell(p.enterprises)),
            Cell::new(bar_cell(p.employees, 6)),
            Cell::toned(sparkline(&trend), Tone::Accent),
            Cell::toned(p.suspended.to_string(), if p.suspended > 0 { Tone::Warn } else { Tone::Muted }),
        ],
        vec![
            SortKey::Text(p.park_name.clone()),
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

fn rtw(state: &State) -> Table {
    let Some(d) = &state.dash else {
        return Table::default();
    };
    let mut rows: Vec<Row> = d
        .parks
        .iter()
        .map(|p| {
            let (cells, sort) = rtw_cells(p);
            Row {
                key: format!("park{}", p.park_id),
                cells,
                sort,
                tone: Tone::Normal,
                target: Some(View::Enterprises { park: park_ref(p) }),
                flash: false,
            }
        })
        .collect();
    worst_first(&mut rows, 1);
    Table { summary: vec![rtw_summary(state, &d.totals)], cols: rtw_cols(state), rows }
}

pub(super) fn park_ref(p: &ParkFigures) -> crate::api::types::NamedRef {
    crate::api::types::NamedRef { id: p.park_id, name: p.park_name.clone() }
}

fn problems(state: &State) -> Table {
    let Some(d) = &state.dash else {
        return Table::default();
    };
    let tot = &d.totals.problems;
    let summary = vec![vec![
        (format!("{} ", t(state, "sum.city")), Tone::Accent),
        (
            format!("{} {}  {} {}  ", t(state, "col.open"), tot.open, t(state, "col.ack"), tot.acknowledged),
            Tone::Normal,
        ),
        (
            format!("{} {}▲  ", t(state, "sum.escalated"), tot.escalated),
            if tot.escalated > 0 { Tone::Critical } else { Tone::Muted },
        ),
        (
            format!("{} {}", t(state, "col.sla"), tot.sla_breached),
            if tot.sla_breached > 0 { Tone::Warn } else { Tone::Muted },
        ),
    ]];
    let cols = vec![
        Col::flex(t(state, "col.park"), 10),
        Col::fixed(t(state, "col.open"), 6, true, 0),
        Col::fixed(t(state, "col.ack"), 6, true, 0),
        Col::fixed(t(state, "col.esc"), 6, true, 0),
        Col::fixed(t(state, "col.sla"), 5, true, 0),
        Col::fixed(t(state, "col.oldest"), 8, true, 1),
    ];
    let mut rows: Vec<Row> = d
        .parks
        .iter()
        .map(|p| {
            let c = &p.problems;
            let esc = if c.escalated > 0 {
                Cell::toned(format!("{}▲", c.escalated), Tone::Critical)
            } else {
                Cell::toned("0 ", Tone::Muted)
            };
            let sla = if c.sla_breached > 0 {
                Cell::toned(format!("{}✗", c.sla_breached), Tone::Warn)
            } else {
                Cell::toned("0 ", Tone::Muted)
            };
            let oldest = c.oldest_open_at.map(|at| age(state, at)).unwrap_or_else(|| "—".into());
            Row {
                key: format!("park{}", p.park_id),
                cells: vec![
                    Cell::new(&p.park_name),
                    Cell::new(c.open.to_string()),
                    Cell::new(c.acknowledged.to_string()),
                    esc,
                    sla,
                    Cell::new(oldest),
                ],
                sort: vec![
                    SortKey::Text(p.park_name.clone()),
                    num(-c.open),
                    num(-c.acknowledged),
                    num(-c.escalated),
                    num(-c.sla_breached),
                    SortKey::Num(c.oldest_open_at.map_or(f64::MAX, |t| t.timestamp() as f64)),
                ],
                tone: if c.escalated > 0 { Tone::Critical } else { Tone::Normal },
                target: Some(View::problems(Some(park_ref(p)), false)),
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
    Table { summary, cols, rows }
}

pub(super) fn attendance_summary(state: &State, a: &AttendanceCounts, by_unit: bool) -> Summary {
    let present = Ratio::new(a.present, a.expected);
    let mut s = vec![
        (format!("{} {} {}  ", t(state, "att.present"), ratio_cell(present), percent(present.percent())), Tone::Normal),
        (format!("{} {}  ", t(state, "att.late"), a.late), if a.late > 0 { Tone::Warn } else { Tone::Muted }),
    ];
    if state.before_cutoff() {
        s.push((format!("{} {}  ", t(state, "att.not_yet"), a.not_yet), Tone::Muted));
    } else {
        s.push((
            format!("{} {}  ", t(state, "att.absent"), a.absent),
            if a.absent > 0 { Tone::Critical } else { Tone::Muted },
        ));
    }
    s.push((format!("· {} {} ", t(state, "sum.cutoff"), state.settings.checkin_cutoff.format("%H:%M")), Tone::Muted));
    let mode = if by_unit { ("sum.by_unit", "sum.toggle_park") } else { ("sum.by_park", "sum.toggle_unit") };
    s.push((format!("· {} · {}", t(state, mode.0), t(state, mode.1)), Tone::Muted));
    s
}

pub(super) fn attendance_cols(state: &State, name: &'static str) -> Vec<Col> {
    let last = if state.before_cutoff() { "att.not_yet" } else { "col.absent" };
    vec![
        Col::flex(t(state, name), 10),
        Col::fixed(t(state, "col.present"), 11, true, 0),
        Col::fixed(t(state, "col.rate"), 6, true, 1),
        Col::fixed(t(state, "col.late"), 5, true, 0),
        Col::fixed(t(state, last), 7, true, 0),
    ]
}

pub(super) fn attendance_row(state: &State, key: String, name: &str, a: &AttendanceCounts, target: View) -> Row {
    let present = Ratio::new(a.present, a.expected);
    let last = if state.before_cutoff() {
        Cell::toned(a.not_yet.to_string(), Tone::Muted)
    } else if a.absent > 0 {
        Cell::toned(a.absent.to_string(), Tone::Critical)
    } else {
        Cell::toned("0", Tone::Muted)
    };
    Row {
        key,
        cells: vec![
            Cell::new(name),
            Cell::new(ratio_cell(present)),
            Cell::new(percent0(present.percent())),
            Cell::toned(a.late.to_string(), if a.late > 0 { Tone::Warn } else { Tone::Muted }),
            last,
        ],
        sort: vec![
            SortKey::Text(name.to_string()),
            rate_key(present),
            rate_key(present),
            num(-a.late),
            num(-a.absent.max(a.not_yet)),
        ],
        tone: if a.absent > 0 && !state.before_cutoff() { Tone::Critical } else { Tone::Normal },
        target: Some(target),
        flash: false,
    }
}

/// Attendance per park.
pub fn attendance_parks(state: &State) -> Table {
    let Some(d) = &state.dash else {
        return Table::default();
    };
    let mut rows: Vec<Row> = d
        .parks
        .iter()
        .map(|p| {
            attendance_row(
                state,
                format!("park{}", p.park_id),
                &p.park_name,
                &p.attendance,
                View::Officers { park: Some(park_ref(p)), unit: None },
            )
        })
        .collect();
    worst_first(&mut rows, 1);
    Table {
        summary: vec![attendance_summary(state, &d.totals.attendance, false)],
        cols: attendance_cols(state, "col.park"),
        rows,
    }
}

pub(super) fn unit_ref(u: &UnitFigures) -> crate::api::types::NamedRef {
    crate::api::types::NamedRef { id: u.unit_id, name: u.unit_name.clone() }
}

/// Attendance per dispatching unit.
pub fn attendance_units(state: &State) -> Table {
    let Some(d) = &state.dash else {
        return Table::default();
    };
    let mut rows: Vec<Row> = d
        .units
        .iter()
        .map(|u| {
            attendance_row(
                state,
                format!("unit{}", u.unit_id),
                &u.unit_name,
                &u.attendance,
                View::Officers { park: None, unit: Some(unit_ref(u)) },
            )
        })
        .collect();
    worst_first(&mut rows, 1);
    Table {
        summary: vec![attendance_summary(state, &d.totals.attendance, true)],
        cols: attendance_cols(state, "col.unit"),
        rows,
    }
}

fn overdue(state: &State) -> Table {
    let Some(d) = &state.dash else {
        return Table::default();
    };
    let r = &d.totals.reports;
    let mut summary = vec![vec![
        (format!("{} {}/{}  ", t(state, "col.report"), thousands(r.submitted), thousands(r.expected)), Tone::Normal),
        (
            format!("{} {}  ", t(state, "pane.overdue.short"), r.overdue),
            if r.overdue > 0 { Tone::Critical } else { Tone::Muted },
        ),
        (format!("{} {}  ", t(state, "det.late"), r.submitted - r.on_time), Tone::Muted),
        (format!("· {} {}", t(state, "sum.deadline"), state.settings.report_deadline), Tone::Muted),
    ]];
    // Before tonight's deadline the list is yesterday's (what is overdue now): say which day.
    if let Some(first) = state.overdue.first().filter(|o| o.date != d.date) {
        summary[0].insert(2, (format!("{} {}  ", t(state, "sum.listed_for"), first.date.format("%m-%d")), Tone::Warn));
    }
    let cols = vec![
        Col::flex(t(state, "col.enterprise"), 10),
        Col::fixed(t(state, "col.officers"), 12, false, 1),
        Col::fixed(t(state, "col.unit"), 10, false, 2),
        Col::fixed(t(state, "col.over"), 7, true, 0),
        Col::fixed(t(state, "col.days"), 4, true, 0),
    ];
    let mut rows: Vec<Row> = state
        .overdue
        .iter()
        .map(|o| Row {
            key: format!("ent{}", o.enterprise.id),
            cells: vec![
                Cell::toned(&o.enterprise.name, Tone::Critical),
                Cell::new(names(&o.officers)),
                Cell::new(names(&o.units)),
                Cell::toned(duration(o.overdue_secs, state.lang.is_zh()), Tone::Critical),
                Cell::toned(
                    o.days_in_a_row.to_string(),
                    if o.days_in_a_row > 1 { Tone::Critical } else { Tone::Normal },
                ),
            ],
            sort: vec![
                SortKey::Text(o.enterprise.name.clone()),
                SortKey::Text(names(&o.officers)),
                SortKey::Text(names(&o.units)),
                num(-o.overdue_secs),
                num(-o.days_in_a_row),
            ],
            tone: Tone::Critical,
            target: Some(View::Enterprise(o.enterprise.clone())),
            flash: false,
        })
        .collect();
    worst_first(&mut rows, 4);
    Table { summary, cols, rows }
}

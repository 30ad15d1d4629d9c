//! Full-screen overview tables: the figures of every place one level down of the dashboard's
//! scope (`:parks`: its parks, counties or cities) and every dispatching unit's attendance and
//! reports in the scope (`:units`), worst first.

use crate::api::types::Dashboard;
use crate::domain::rates::Ratio;

use super::context::TableContext;
use super::dashboard::{
    attendance_cols, attendance_row, attendance_summary, escalated_cell, num, rate_key, ratio_cell, row_key,
    row_target, rtw_cells, rtw_cols, rtw_summary, unit_ref, worst_first,
};
use super::table::{Cell, Col, Row, Table, Tone, Value};
use crate::console::model::View;

/// A count of overdue reports: in the normal colour (the overdue list colours each enterprise
/// by its days in a row), a muted 0.
fn count_cell(n: i64) -> Cell {
    Cell::toned(n.to_string(), if n > 0 { Tone::Normal } else { Tone::Muted }).with(Value::Int(n))
}

/// The figures of every place one level down of the scope in one table (`:parks`).
pub(super) fn parks(cx: &TableContext, d: &Dashboard) -> Table {
    let mut cols = rtw_cols(cx, d);
    cols.extend([
        Col::fixed(cx.t("col.open"), 6, true, 5),
        Col::fixed(cx.t("col.esc"), 6, true, 0),
        Col::fixed(cx.t("col.present"), 11, true, 6),
        Col::fixed(cx.t("col.ovd"), 4, true, 0),
    ]);
    let mut rows: Vec<Row> = d
        .rows
        .iter()
        .map(|p| {
            let (mut cells, mut sort) = rtw_cells(p);
            let c = &p.problems;
            cells.push(Cell::new((c.open + c.acknowledged).to_string()).with(Value::Int(c.open + c.acknowledged)));
            cells.push(escalated_cell(c.escalated));
            let present = Ratio::new(p.attendance.present, p.attendance.expected);
            cells.push(Cell::ratio(present, ratio_cell(present)));
            cells.push(count_cell(p.reports.overdue));
            sort.extend([
                num(-(c.open + c.acknowledged)),
                num(-c.escalated),
                rate_key(Ratio::new(p.attendance.present, p.attendance.expected)),
                num(-p.reports.overdue),
            ]);
            Row {
                key: row_key(d, p),
                cells,
                sort,
                tone: TableContext::tone(cx.severity.breached(c.sla_breached)),
                target: Some(row_target(d, p, |park| View::Enterprises { park })),
                flash: false,
            }
        })
        .collect();
    worst_first(&mut rows, 1);
    Table { summary: vec![rtw_summary(cx, &d.totals)], cols, rows, ..Table::default() }
}

/// Every dispatching unit's attendance and reports (`:units`).
pub(super) fn units(cx: &TableContext, d: &Dashboard) -> Table {
    let mut cols = attendance_cols(cx, "col.unit");
    cols.extend([Col::fixed(cx.t("col.report"), 11, true, 2), Col::fixed(cx.t("col.ovd"), 4, true, 0)]);
    let mut rows: Vec<Row> = d
        .units
        .iter()
        .map(|u| {
            let mut r = attendance_row(
                cx,
                format!("unit{}", u.unit_id),
                &u.unit_name,
                &u.attendance,
                View::Officers { park: None, unit: Some(unit_ref(u)) },
            );
            let submitted = Ratio::new(u.reports.submitted, u.reports.expected);
            r.cells.push(Cell::ratio(submitted, ratio_cell(submitted)));
            r.cells.push(count_cell(u.reports.overdue));
            r.sort.extend([rate_key(Ratio::new(u.reports.submitted, u.reports.expected)), num(-u.reports.overdue)]);
            r
        })
        .collect();
    worst_first(&mut rows, 1);
    Table {
        summary: vec![attendance_summary(cx, &d.totals.attendance, true, d.rows_level)],
        cols,
        rows,
        ..Table::default()
    }
}

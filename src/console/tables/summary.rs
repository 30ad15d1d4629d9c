//! The one-line summary of what is selected, for `y` (copy to the clipboard): the selected row
//! of the table in view as plain text, its fields joined by ` · `, labels in the console's
//! language and names as the API sent them (already sanitised at the boundary). A problem's
//! detail screen copies the problem whichever timeline row is selected; an enterprise's or an
//! officer's detail copies the selected problem, else the enterprise or officer.

use crate::api::types::{Dashboard, Enterprise, Officer, OverdueReport, PlaceFigures, Problem, UnitFigures};
use crate::domain::rates::Ratio;

use super::context::{TableContext, names};
use super::dashboard::row_key;
use super::lists::attendance;
use super::{TableRef, current, nav, shown, table};
use crate::console::look::format::{duration, percent, thousands};
use crate::console::look::i18n::{state_key, status_key};
use crate::console::model::pane::PaneTable;
use crate::console::model::{State, View, ViewData};

/// The fields of a summary, joined.
const SEP: &str = " · ";

/// The summary of the selected row of the table in view (or of the detail screen's subject);
/// `None` when nothing is selected (no rows, data not loaded yet).
pub(crate) fn selected(state: &State) -> Option<String> {
    let cx = TableContext::of(state);
    let r = current(state);
    let top = state.top();
    if let (TableRef::Top, Some(ViewData::Problem(p, _))) = (r, &top.data) {
        return Some(problem(&cx, p));
    }
    let t = table(state, r);
    let n = nav(state, r);
    let key = t.row(*shown(&t, n).get(n.selected)?)?.key.clone();
    let id = |prefix: &str| key.strip_prefix(prefix).and_then(|k| k.parse::<i64>().ok());
    let dash = state.dash.as_ref();
    match r {
        TableRef::Pane(p) => match state.pane_table(p) {
            PaneTable::Overdue => {
                state.overdue.iter().find(|o| Some(o.enterprise.id) == id("ent")).map(|o| overdue(&cx, o))
            }
            PaneTable::AttendanceByUnit => unit_by_key(&cx, dash?, id("unit")?),
            PaneTable::Rtw | PaneTable::OpenProblems | PaneTable::AttendanceByPark => place_by_key(&cx, dash?, &key),
        },
        TableRef::Top => match (&top.view, &top.data) {
            (View::Parks, _) => place_by_key(&cx, dash?, &key),
            (View::Units, _) => unit_by_key(&cx, dash?, id("unit")?),
            (_, Some(ViewData::Problems(list))) => {
                list.iter().find(|p| Some(p.id) == id("prob")).map(|p| problem(&cx, p))
            }
            (_, Some(ViewData::Enterprises(list))) => {
                list.iter().find(|e| Some(e.id) == id("ent")).map(|e| enterprise(&cx, e))
            }
            (_, Some(ViewData::Officers(list))) => {
                list.iter().find(|o| Some(o.id) == id("off")).map(|o| officer(&cx, o))
            }
            (_, Some(ViewData::Enterprise(d))) => Some(match d.problems.iter().find(|p| Some(p.id) == id("prob")) {
                Some(p) => problem(&cx, p),
                None => enterprise(&cx, &d.enterprise),
            }),
            (_, Some(ViewData::Officer(d))) => Some(officer(&cx, &d.officer)),
            _ => None,
        },
    }
}

fn place_by_key(cx: &TableContext, d: &Dashboard, key: &str) -> Option<String> {
    d.rows.iter().find(|p| row_key(d, p) == key).map(|p| place(cx, p))
}

fn unit_by_key(cx: &TableContext, d: &Dashboard, id: i64) -> Option<String> {
    d.units.iter().find(|u| u.unit_id == id).map(|u| unit(cx, u))
}

fn ratio(r: Ratio) -> String {
    format!("{}/{} {}", thousands(r.num), thousands(r.den), percent(r.percent()))
}

/// `#1020 复工备案材料咨询 · 娄底源兴食品 · 娄底经济技术开发区 · open · 交通运输局 · due 12-01 19:24`.
pub(crate) fn problem(cx: &TableContext, p: &Problem) -> String {
    [
        format!("#{} {}", p.id, p.title),
        p.enterprise.name.clone(),
        p.park.name.clone(),
        cx.t(state_key(p.state)).to_string(),
        p.assignee.name.clone(),
        format!("{} {}", cx.t("det.due"), cx.local_time(p.due_at)),
    ]
    .join(SEP)
}

/// An enterprise: its park, status, staff on site, officers and open problems.
pub(crate) fn enterprise(cx: &TableContext, e: &Enterprise) -> String {
    [
        e.name.clone(),
        e.park.name.clone(),
        cx.t(status_key(e.status)).to_string(),
        format!("{} {}/{}", cx.t("det.staff"), thousands(e.employees_on_site), thousands(e.employees_baseline)),
        format!("{} {}", cx.t("det.officers"), names(&e.officers)),
        format!("{} {}", cx.t("det.open_problems"), e.open_problems),
    ]
    .join(SEP)
}

/// An officer: unit, park, today's attendance and first check-in, enterprises, open problems.
pub(crate) fn officer(cx: &TableContext, o: &Officer) -> String {
    let checkin = o.today.first_checkin_at.map(|at| cx.local_time(at)).unwrap_or_else(|| "—".into());
    [
        o.name.clone(),
        o.unit.name.clone(),
        o.park.name.clone(),
        cx.t(attendance(o.today.attendance).0).to_string(),
        format!("{} {checkin}", cx.t("cp.check_in")),
        format!("{} {}", cx.t("det.enterprises"), names(&o.enterprises)),
        format!("{} {}", cx.t("det.open_problems"), o.open_problems),
    ]
    .join(SEP)
}

/// An overdue report: the enterprise, its park, how long overdue and for how many days, who
/// should have filed it.
pub(crate) fn overdue(cx: &TableContext, o: &OverdueReport) -> String {
    [
        o.enterprise.name.clone(),
        o.park.name.clone(),
        format!(
            "{} {} {}",
            cx.t("cp.report_overdue"),
            o.date.format("%m-%d"),
            duration(o.overdue_secs, cx.lang.is_zh())
        ),
        cx.t("cp.days_run").replace("{n}", &o.days_in_a_row.to_string()),
        format!("{} {}", cx.t("det.officers"), names(&o.officers)),
        format!("{} {}", cx.t("cp.units"), names(&o.units)),
    ]
    .join(SEP)
}

/// A city, county or park of the dashboard: return to work, problems, attendance, reports.
pub(crate) fn place(cx: &TableContext, p: &PlaceFigures) -> String {
    let c = &p.problems;
    let a = &p.attendance;
    [
        p.name.clone(),
        format!("{} {}", cx.t("col.enterprises"), ratio(p.enterprises)),
        format!("{} {}", cx.t("col.staff"), percent(p.employees.percent())),
        format!("{} {}", cx.t("ent.suspended"), thousands(p.suspended)),
        format!("{} {}", cx.t("col.open"), thousands(c.open)),
        format!("{} {}", cx.t("col.ack"), thousands(c.acknowledged)),
        format!("{} {}▲", cx.t("sum.escalated"), thousands(c.escalated)),
        format!("{} {}", cx.t("col.sla"), thousands(c.sla_breached)),
        format!("{} {}", cx.t("att.present"), ratio(Ratio::new(a.present, a.expected))),
        format!("{} {}", cx.t("att.absent"), thousands(a.absent)),
        format!("{} {}", cx.t("cp.overdue"), thousands(p.reports.overdue)),
    ]
    .join(SEP)
}

/// A dispatching unit: its officers' attendance and its enterprises' reports.
pub(crate) fn unit(cx: &TableContext, u: &UnitFigures) -> String {
    let a = &u.attendance;
    [
        u.unit_name.clone(),
        format!("{} {}", cx.t("att.present"), ratio(Ratio::new(a.present, a.expected))),
        format!("{} {}", cx.t("att.late"), thousands(a.late)),
        format!("{} {}", cx.t("att.absent"), thousands(a.absent)),
        format!("{} {}", cx.t("cp.reports"), ratio(Ratio::new(u.reports.submitted, u.reports.expected))),
        format!("{} {}", cx.t("cp.overdue"), thousands(u.reports.overdue)),
    ]
    .join(SEP)
}

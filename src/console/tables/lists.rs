//! Tables of the drill-down lists: a problem queue, a park's enterprises, officers of a park
//! or dispatching unit with today's check-ins. Each says the server's count and how many rows
//! are loaded, and builds only the rows of its window (see [`Table::windowed`]).

use crate::api::types::{Enterprise, EnterpriseStatus, Officer, Problem};
use crate::domain::calendar::Attendance;
use crate::domain::lifecycle::{Priority, ProblemState, is_escalated};

use super::context::{TableContext, names};
use super::table::{Cell, Col, Row, SortKey, Table, Tone, Value};
use crate::console::look::format::thousands;
use crate::console::look::i18n::{prio_key, state_key, status_key};
use crate::console::model::{Paged, ProblemList, View};

use std::ops::Range;

/// The label key and tone of today's attendance.
pub(super) fn attendance(a: Attendance) -> (&'static str, Tone) {
    match a {
        Attendance::Present => ("att.present", Tone::Ok),
        Attendance::Late => ("att.late", Tone::Warn),
        Attendance::Absent => ("att.absent", Tone::Critical),
        Attendance::NotYet => ("att.not_yet", Tone::Muted),
    }
}

/// Whether an unresolved problem is past its SLA deadline.
fn breached(cx: &TableContext, p: &Problem) -> bool {
    p.state != ProblemState::Resolved && p.due_at < cx.now
}

/// A problem's due cell: over SLA (critical by default, `[console.severity] breach_critical`)
/// or the time left, in minutes at the finest (the breach itself shows at the instant it
/// happens); a shorter form in the largest unit alone for a narrow column.
pub(super) fn due_cell(cx: &TableContext, p: &Problem) -> Cell {
    if p.state == ProblemState::Resolved {
        Cell::toned("—", Tone::Muted).with(Value::Empty)
    } else if breached(cx, p) {
        Cell::toned(format!("{}✗", cx.age(p.due_at)), TableContext::tone(cx.severity.problem(true, 0)))
            .or_short(format!("{}✗", cx.age_short(p.due_at)))
            .with(Value::Time(p.due_at))
    } else {
        Cell::new(cx.left(p.due_at)).or_short(cx.left_short(p.due_at)).with(Value::Time(p.due_at))
    }
}

/// One problem as a row (also used in the enterprise detail). While an action on it is in
/// flight the row shows the intended result, marked `⋯` and muted, until the answer.
pub(super) fn problem_row(cx: &TableContext, p: &Problem) -> Row {
    match cx.pending.iter().rev().find(|x| x.seen.id == p.id) {
        Some(pending) => {
            let mut row = plain_problem_row(cx, &pending.op.preview(p));
            let mark = crate::console::model::triage::PENDING_MARK;
            for i in [4, 8] {
                row.cells[i] = Cell::toned(format!("{mark}{}", row.cells[i].text), Tone::Muted);
            }
            row.cells[0] = Cell::toned(format!("{mark}#{}", p.id), Tone::Muted).with(Value::Int(p.id));
            row.tone = Tone::Muted;
            row
        }
        None => plain_problem_row(cx, p),
    }
}

/// How bad a problem is: past its SLA deadline, at its escalation level (a resolved one is
/// normal whatever its level).
pub(super) fn problem_tone(cx: &TableContext, p: &Problem) -> Tone {
    if p.state == ProblemState::Resolved {
        Tone::Normal
    } else {
        TableContext::tone(cx.severity.problem(breached(cx, p), p.level))
    }
}

fn plain_problem_row(cx: &TableContext, p: &Problem) -> Row {
    let escalated = is_escalated(p.state, p.level);
    let level = if escalated {
        Cell::toned(format!("{}▲", p.level), TableContext::tone(cx.severity.problem(false, p.level)))
    } else {
        Cell::new(p.level.to_string())
    }
    .with(Value::Int(p.level));
    let prio_tone = match p.priority {
        Priority::Urgent => Tone::Critical,
        Priority::High => Tone::Warn,
        Priority::Normal => Tone::Normal,
    };
    Row {
        key: format!("prob{}", p.id),
        cells: vec![
            Cell::toned(format!("#{}", p.id), Tone::Muted).with(Value::Int(p.id)),
            Cell::new(&p.title),
            Cell::new(&p.enterprise.name),
            Cell::new(&p.park.name),
            Cell::new(cx.t(state_key(p.state))),
            level,
            Cell::toned(cx.t(prio_key(p.priority)), prio_tone),
            due_cell(cx, p),
            Cell::new(&p.assignee.name),
        ],
        sort: vec![
            SortKey::Num(p.id as f64),
            SortKey::Text(p.title.clone()),
            SortKey::Text(p.enterprise.name.clone()),
            SortKey::Text(p.park.name.clone()),
            SortKey::Text(p.state.as_str().into()),
            SortKey::Num(-p.level as f64),
            SortKey::Num(p.priority.rank() as f64),
            SortKey::Num(p.due_at.timestamp() as f64),
            SortKey::Text(p.assignee.name.clone()),
        ],
        tone: problem_tone(cx, p),
        target: Some(View::Problem(crate::api::types::NamedRef { id: p.id, name: p.title.clone() })),
        flash: cx.alerts.flashing(p.id, cx.now),
    }
}

/// The columns of a problem row. The number, state, level and assignee are never dropped (a
/// caller asks for "#1020", and who has it): short of room the title, enterprise and park are
/// shortened first, then the park goes, then the enterprise, then the priority. The title takes
/// most of any spare width, the enterprise and park the rest.
pub(super) fn problem_cols(cx: &TableContext) -> Vec<Col> {
    vec![
        Col::fixed("#", 4, false, 0),
        Col::flex(cx.t("col.title"), 12).weight(4),
        Col::flex(cx.t("col.enterprise"), 8).weight(2).drop(2),
        Col::flex(cx.t("col.park"), 8).drop(3),
        Col::fixed(cx.t("col.state"), 6, false, 0),
        Col::fixed(cx.t("col.level"), 3, true, 0),
        Col::fixed(cx.t("col.prio"), 4, false, 1),
        Col::fixed(cx.t("col.due"), 6, true, 0),
        Col::fixed(cx.t("col.assignee"), 6, false, 0),
    ]
}

/// "N loaded" when the console holds fewer rows than the server counts.
pub(super) fn loaded_note<T>(cx: &TableContext, list: &Paged<T>) -> Option<(String, Tone)> {
    ((list.rows.len() as i64) < list.count())
        .then(|| (format!("{} {}  ", thousands(list.rows.len() as i64), cx.t("sum.loaded")), Tone::Warn))
}

/// A problem queue, in the server's urgency order. The count is the server's; when the console
/// holds fewer rows than that, the summary says how many are loaded (the escalated and SLA
/// counts are of those). Only the rows in `window` are built.
pub(super) fn problems(cx: &TableContext, list: &ProblemList, window: &Range<usize>) -> Table {
    let esc = list.iter().filter(|p| is_escalated(p.state, p.level)).count();
    let breached = list.iter().filter(|p| p.state != ProblemState::Resolved && p.due_at < cx.now).count();
    let mut summary = vec![vec![
        (format!("{} {}  ", thousands(list.count()), cx.t("view.problem_queue")), Tone::Normal),
        (
            format!("{} {}▲  ", cx.t("sum.escalated"), thousands(esc as i64)),
            if esc > 0 { Tone::Critical } else { Tone::Muted },
        ),
        (
            format!("{} {}", cx.t("col.sla"), thousands(breached as i64)),
            if breached > 0 { Tone::Warn } else { Tone::Muted },
        ),
    ]];
    // Counted over the rows loaded: say so when that is not all of the queue.
    if let Some(note) = loaded_note(cx, list) {
        summary[0].splice(1..1, [note, (format!("{} ", cx.t("sum.of_loaded")), Tone::Muted)]);
    }
    Table::windowed(summary, problem_cols(cx), list.len(), window, |i| problem_row(cx, &list[i]))
}

/// Positions of `rows` ordered by `rank` (stable: the server's order within a rank).
fn ranked<T>(rows: &[T], rank: impl Fn(&T) -> u8) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| rank(&rows[i]));
    order
}

fn status_rank(e: &Enterprise) -> u8 {
    match e.status {
        EnterpriseStatus::Suspended => 0,
        EnterpriseStatus::NotResumed => 1,
        EnterpriseStatus::Resumed => 2,
    }
}

/// A park's enterprises: suspended and not resumed first (of those loaded), the server's count
/// in the summary; only the rows in `window` are built.
pub(super) fn enterprises(cx: &TableContext, list: &Paged<Enterprise>, window: &Range<usize>) -> Table {
    let resumed = list.iter().filter(|e| e.status == EnterpriseStatus::Resumed).count();
    let mut summary = vec![vec![
        (format!("{} {}  ", thousands(list.count()), cx.t("view.enterprises")), Tone::Normal),
        (format!("{} {}", cx.t("ent.resumed"), resumed), Tone::Normal),
    ]];
    summary[0].splice(1..1, loaded_note(cx, list));
    let cols = vec![
        Col::flex(cx.t("col.name"), 12).weight(3),
        Col::fixed(cx.t("col.status"), 8, false, 0),
        Col::fixed(cx.t("col.staff"), 7, true, 2),
        Col::flex(cx.t("col.officers"), 8).drop(1),
        Col::fixed(cx.t("col.report"), 5, false, 3),
        Col::fixed(cx.t("col.problems"), 4, true, 0),
    ];
    let today = cx.local_now().date_naive();
    let order = ranked(list, status_rank);
    Table::windowed(summary, cols, list.len(), window, |i| {
        let e = &list[order[i]];
        {
            let tone = match e.status {
                EnterpriseStatus::Resumed => Tone::Ok,
                EnterpriseStatus::NotResumed => Tone::Normal,
                EnterpriseStatus::Suspended => Tone::Warn,
            };
            let report = match e.latest_report_date {
                Some(d) if d == today => Cell::toned(d.format("%m-%d").to_string(), Tone::Ok).with(Value::Date(d)),
                Some(d) => Cell::toned(d.format("%m-%d").to_string(), report_tone(cx, d)).with(Value::Date(d)),
                None => Cell::toned("—", Tone::Muted).with(Value::Empty),
            };
            Row {
                key: format!("ent{}", e.id),
                cells: vec![
                    Cell::new(&e.name),
                    Cell::toned(cx.t(status_key(e.status)), tone),
                    Cell::new(format!("{}/{}", thousands(e.employees_on_site), thousands(e.employees_baseline)))
                        .with(Value::Ratio(e.employees_on_site, e.employees_baseline)),
                    Cell::new(names(&e.officers)),
                    report,
                    Cell::toned(
                        e.open_problems.to_string(),
                        if e.open_problems > 0 { Tone::Warn } else { Tone::Muted },
                    )
                    .with(Value::Int(e.open_problems)),
                ],
                sort: vec![
                    SortKey::Text(e.name.clone()),
                    SortKey::Num(f64::from(status_rank(e))),
                    SortKey::Num(if e.employees_baseline > 0 {
                        e.employees_on_site as f64 / e.employees_baseline as f64
                    } else {
                        2.0
                    }),
                    SortKey::Text(names(&e.officers)),
                    SortKey::Text(e.latest_report_date.map(|d| d.to_string()).unwrap_or_default()),
                    SortKey::Num(-e.open_problems as f64),
                ],
                tone: Tone::Normal,
                target: Some(View::Enterprise(crate::api::types::NamedRef { id: e.id, name: e.name.clone() })),
                flash: false,
            }
        }
    })
}

/// The tone of an enterprise's latest report of `date`: normal while it is the last one due
/// (yesterday's before today's report deadline), else by the days missed since, against
/// the overdue thresholds.
fn report_tone(cx: &TableContext, date: chrono::NaiveDate) -> Tone {
    let now = cx.local_now();
    let past_deadline = chrono::NaiveTime::parse_from_str(cx.report_deadline, "%H:%M").is_ok_and(|t| now.time() >= t);
    let due = if past_deadline { now.date_naive() } else { now.date_naive() - chrono::Days::new(1) };
    TableContext::tone(cx.severity.overdue((due - date).num_days()))
}

fn attendance_rank(o: &Officer) -> u8 {
    match o.today.attendance {
        Attendance::Absent => 0,
        Attendance::Late => 1,
        Attendance::NotYet => 2,
        Attendance::Present => 3,
    }
}

/// Officers with today's check-in: absent first, then late, not yet, present (of those
/// loaded), the server's count in the summary; only the rows in `window` are built.
pub(super) fn officers(cx: &TableContext, list: &Paged<Officer>, window: &Range<usize>) -> Table {
    let count = |a: Attendance| list.iter().filter(|o| o.today.attendance == a).count();
    let mut summary = vec![vec![
        (format!("{} {}  ", thousands(list.count()), cx.t("view.officers")), Tone::Normal),
        (format!("{} {}  ", cx.t("att.present"), count(Attendance::Present) + count(Attendance::Late)), Tone::Ok),
        (format!("{} {}  ", cx.t("att.late"), count(Attendance::Late)), Tone::Warn),
        (format!("{} {}  ", cx.t("att.absent"), count(Attendance::Absent)), Tone::Critical),
        (format!("{} {}", cx.t("att.not_yet"), count(Attendance::NotYet)), Tone::Muted),
    ]];
    summary[0].splice(1..1, loaded_note(cx, list));
    let cols = vec![
        Col::fixed(cx.t("col.name"), 6, false, 0),
        Col::flex(cx.t("col.unit"), 8).drop(2),
        Col::flex(cx.t("col.park"), 8).drop(3),
        Col::fixed(cx.t("col.today"), 6, false, 0),
        Col::fixed(cx.t("col.checkin"), 5, false, 0),
        Col::flex(cx.t("det.enterprises"), 10).weight(2),
        Col::fixed(cx.t("col.problems"), 4, true, 1),
    ];
    let order = ranked(list, attendance_rank);
    Table::windowed(summary, cols, list.len(), window, |i| {
        let o = &list[order[i]];
        {
            let (label, tone) = attendance(o.today.attendance);
            let rank = f64::from(attendance_rank(o));
            Row {
                key: format!("off{}", o.id),
                cells: vec![
                    Cell::new(&o.name),
                    Cell::new(&o.unit.name),
                    Cell::new(&o.park.name),
                    Cell::toned(cx.t(label), tone),
                    Cell::new(
                        o.today
                            .first_checkin_at
                            .map(|at| cx.local_time(at)[6..].to_string())
                            .unwrap_or_else(|| "—".into()),
                    )
                    .with(o.today.first_checkin_at.map_or(Value::Empty, Value::Time)),
                    Cell::new(names(&o.enterprises)),
                    Cell::toned(
                        o.open_problems.to_string(),
                        if o.open_problems > 0 { Tone::Warn } else { Tone::Muted },
                    )
                    .with(Value::Int(o.open_problems)),
                ],
                sort: vec![
                    SortKey::Text(o.name.clone()),
                    SortKey::Text(o.unit.name.clone()),
                    SortKey::Text(o.park.name.clone()),
                    SortKey::Num(rank),
                    SortKey::Num(o.today.first_checkin_at.map_or(f64::MAX, |t| t.timestamp() as f64)),
                    SortKey::Text(names(&o.enterprises)),
                    SortKey::Num(-o.open_problems as f64),
                ],
                tone: if o.today.attendance == Attendance::Absent { Tone::Critical } else { Tone::Normal },
                target: Some(View::Officer(crate::api::types::NamedRef { id: o.id, name: o.name.clone() })),
                flash: false,
            }
        }
    })
}

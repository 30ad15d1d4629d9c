//! Tables of the detail views: an enterprise (officers, problems, recent reports), an officer
//! (check-ins and reports) and a problem (details and timeline).

use crate::api::types::{DailyReport, EnterpriseDetail, NamedRef, OfficerDetail, Problem, TimelineEvent, Via};

use crate::domain::lifecycle::Action;

use super::context::{TableContext, names};
use super::lists::{attendance, due_cell, problem_row};
use super::table::{Cell, Col, Row, SortKey, Summary, Table, Tone};
use crate::console::look::format::thousands;
use crate::console::look::i18n::{action_key, actor_name, prio_key, state_key, status_key};
use crate::console::model::View;

fn cols(cx: &TableContext) -> Vec<Col> {
    vec![
        Col::fixed(cx.t("col.kind"), 6, false, 0),
        Col::flex(cx.t("col.what"), 12).weight(2),
        Col::fixed(cx.t("col.when"), 11, false, 1),
        Col::flex(cx.t("col.info"), 12).drop(2),
    ]
}

fn row(
    key: String,
    kind: &str,
    what: Cell,
    when: Option<chrono::DateTime<chrono::Utc>>,
    info: Cell,
    cx: &TableContext,
    target: Option<View>,
) -> Row {
    Row {
        key,
        sort: vec![
            SortKey::Text(kind.to_string()),
            SortKey::Text(what.text.clone()),
            SortKey::Num(when.map_or(0.0, |w| -(w.timestamp() as f64))),
            SortKey::Text(info.text.clone()),
        ],
        tone: what.tone,
        cells: vec![
            Cell::toned(kind, Tone::Muted),
            what,
            Cell::new(when.map(|w| cx.local_time(w)).unwrap_or_default()),
            info,
        ],
        target,
        flash: false,
    }
}

fn report_info(cx: &TableContext, r: &DailyReport) -> Cell {
    let text = format!("{} {} {}", r.date.format("%m-%d"), cx.t(status_key(r.status)), thousands(r.employees_on_site));
    Cell::toned(
        format!("{text} {}", if r.on_time { cx.t("det.on_time") } else { cx.t("det.late") }),
        if r.on_time { Tone::Normal } else { Tone::Warn },
    )
}

fn line(parts: Vec<(String, Tone)>) -> Summary {
    parts
}

/// One enterprise: a summary of it above, then its officers, problems and recent reports as rows.
pub(super) fn enterprise(cx: &TableContext, d: &EnterpriseDetail) -> Table {
    let e = &d.enterprise;
    let summary = vec![
        line(vec![
            (format!("{}  ", e.name), Tone::Accent),
            (format!("{} · {} · ", e.park.name, e.class), Tone::Normal),
            (cx.t(status_key(e.status)).to_string(), Tone::Normal),
        ]),
        line(vec![(
            format!(
                "{} {}/{} · {} {} · {} {}",
                cx.t("det.staff"),
                thousands(e.employees_on_site),
                thousands(e.employees_baseline),
                cx.t("det.officers"),
                names(&e.officers),
                cx.t("det.open_problems"),
                e.open_problems
            ),
            Tone::Normal,
        )]),
    ];
    let mut rows = Vec::new();
    for o in &e.officers {
        rows.push(row(
            format!("off{}", o.id),
            cx.t("kind.officer"),
            Cell::new(&o.name),
            None,
            Cell::default(),
            cx,
            Some(View::Officer(o.clone())),
        ));
    }
    for p in &d.problems {
        let pr = problem_row(cx, p);
        let info = Cell::toned(format!("{} {}", pr.cells[4].text, due_cell(cx, p).text), pr.tone);
        let mut r = row(
            format!("prob{}", p.id),
            cx.t("kind.problem"),
            Cell::toned(format!("#{} {}", p.id, p.title), pr.tone),
            Some(p.created_at),
            info,
            cx,
            pr.target,
        );
        r.tone = pr.tone;
        r.flash = pr.flash;
        rows.push(r);
    }
    for r in &d.recent_reports {
        rows.push(row(
            format!("rep{}", r.date),
            cx.t("kind.report"),
            Cell::new(&r.officer.name),
            Some(r.submitted_at),
            report_info(cx, r),
            cx,
            Some(View::Officer(r.officer.clone())),
        ));
    }
    // Its officers' reminders (催报): who was chased, when, for which day, by whom.
    for m in &d.reminders {
        let info = format!("{} {}", m.date.format("%m-%d"), m.by);
        let (key, officer) = (format!("rem{}", m.id), Some(View::Officer(m.officer.clone())));
        rows.push(row(key, cx.t("rem.kind"), Cell::new(&m.officer.name), Some(m.at), Cell::new(info), cx, officer));
    }
    Table { summary, cols: cols(cx), rows, ..Table::default() }
}

/// One officer: today's attendance and where they serve above, then check-ins and reports as rows.
pub(super) fn officer(cx: &TableContext, d: &OfficerDetail) -> Table {
    let o = &d.officer;
    let (label, tone) = attendance(o.today.attendance);
    let summary = vec![
        line(vec![
            (format!("{}  ", o.name), Tone::Accent),
            (o.phone.as_ref().map(|p| format!("{p} · ")).unwrap_or_default(), Tone::Normal),
            (format!("{} · {} · ", o.unit.name, o.park.name), Tone::Normal),
            (cx.t(label).to_string(), tone),
        ]),
        line(vec![(
            format!(
                "{} {} · {} {} · {} {}",
                cx.t("det.first_checkin"),
                o.today.first_checkin_at.map(|a| cx.local_time(a)).unwrap_or_else(|| "—".into()),
                cx.t("det.enterprises"),
                names(&o.enterprises),
                cx.t("det.open_problems"),
                o.open_problems
            ),
            Tone::Normal,
        )]),
    ];
    let ent = |r: &NamedRef| Some(View::Enterprise(r.clone()));
    let mut rows = Vec::new();
    for c in &d.checkins {
        rows.push(row(
            format!("chk{}", c.id),
            cx.t("kind.checkin"),
            Cell::new(&c.enterprise.name),
            Some(c.at),
            Cell::new(c.date.format("%m-%d").to_string()),
            cx,
            ent(&c.enterprise),
        ));
    }
    for r in &d.reports {
        let name = o
            .enterprises
            .iter()
            .find(|e| e.id == r.enterprise_id)
            .cloned()
            .unwrap_or(NamedRef { id: r.enterprise_id, name: format!("#{}", r.enterprise_id) });
        rows.push(row(
            format!("rep{}-{}", r.enterprise_id, r.date),
            cx.t("kind.report"),
            Cell::new(&name.name),
            Some(r.submitted_at),
            report_info(cx, r),
            cx,
            ent(&name),
        ));
    }
    Table { summary, cols: cols(cx), rows, ..Table::default() }
}

/// The label key of how an action reached the server.
pub(crate) fn via_key(v: Via) -> &'static str {
    match v {
        Via::Console => "via.console",
        Via::Api => "via.api",
        Via::System => "via.system",
    }
}

/// One problem and its timeline (oldest first).
pub(super) fn problem(cx: &TableContext, p: &Problem, timeline: &[TimelineEvent]) -> Table {
    let pr = problem_row(cx, p);
    let due = due_cell(cx, p);
    let summary = vec![
        line(vec![
            (format!("#{} ", p.id), Tone::Muted),
            (p.title.clone(), if pr.tone == Tone::Critical { Tone::Critical } else { Tone::Accent }),
        ]),
        line(vec![(
            format!(
                "{} · {} · {} · {} {}{} · {}",
                p.enterprise.name,
                p.park.name,
                cx.t(state_key(p.state)),
                cx.t("det.level"),
                p.level,
                if crate::domain::lifecycle::is_escalated(p.state, p.level) { "▲" } else { "" },
                cx.t(prio_key(p.priority))
            ),
            Tone::Normal,
        )]),
        line(vec![
            (
                format!(
                    "{} {} · {} {} · {} ",
                    cx.t("det.assignee"),
                    p.assignee.name,
                    cx.t("det.raised_by"),
                    p.raised_by.name,
                    cx.t("det.due")
                ),
                Tone::Normal,
            ),
            (format!("{} ({})", cx.local_time(p.due_at), due.text), due.tone),
        ]),
        line(vec![(p.description.clone(), Tone::Muted)]),
    ];
    let mut summary = summary;
    if let Some(x) = cx.pending.iter().rev().find(|x| x.seen.id == p.id) {
        let text = format!(
            "{} {}: {}",
            crate::console::model::triage::PENDING_MARK,
            cx.t("status.pending"),
            x.op.describe(cx.lang)
        );
        summary.insert(0, line(vec![(text, Tone::Warn)]));
    }
    let cols = vec![
        Col::fixed(cx.t("col.when"), 11, false, 0),
        Col::fixed(cx.t("col.action"), 8, false, 0),
        Col::flex(cx.t("col.actor"), 6).drop(1),
        Col::fixed(cx.t("col.via"), 4, false, 3),
        Col::fixed(cx.t("col.change"), 10, false, 2),
        Col::flex(cx.t("col.info"), 10).weight(3),
    ];
    let details = super::timeline::details(timeline, cx.lang, cx.departments);
    let rows = timeline
        .iter()
        .zip(details)
        .map(|(e, details)| {
            let change = match e.from_state {
                Some(f) if f != e.to_state => format!("{}→{}", cx.t(state_key(f)), cx.t(state_key(e.to_state))),
                _ => cx.t(state_key(e.to_state)).to_string(),
            };
            let tone = if e.action == Action::Escalate { Tone::Critical } else { Tone::Normal };
            Row {
                key: format!("ev{}", e.seq),
                cells: vec![
                    Cell::new(cx.local_time(e.at)),
                    Cell::toned(cx.t(action_key(e.action)), tone),
                    Cell::new(actor_name(e, cx.lang)),
                    Cell::toned(cx.t(via_key(e.via)), Tone::Muted),
                    Cell::new(change),
                    Cell::new(details.clone()),
                ],
                sort: vec![
                    SortKey::Num(e.seq as f64),
                    SortKey::Text(e.action.as_str().into()),
                    SortKey::Text(e.actor.clone()),
                    SortKey::Text(e.via.as_str().into()),
                    SortKey::Text(e.to_state.as_str().into()),
                    SortKey::Text(details),
                ],
                tone,
                target: None,
                flash: false,
            }
        })
        .collect();
    Table { summary, cols, rows, ..Table::default() }
}

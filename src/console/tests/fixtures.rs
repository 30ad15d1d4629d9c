//! Test data: long Chinese names, emoji, mixed scripts and hostile strings (ESC sequences,
//! bidi overrides), passed through the sanitiser as the client would.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::api::sanitize::Sanitize;
use crate::api::types::*;
use crate::domain::calendar::{Attendance, SlaHours};
use crate::domain::lifecycle::{Action, Priority, ProblemState};
use crate::domain::rates::Ratio;

use crate::console::look::i18n::Lang;
use crate::console::message::Msg;
use crate::console::model::State;
use crate::console::model::ViewData;
use crate::console::model::keymap::Keymap;
use crate::console::model::settings::Settings;
use crate::console::update::update;

/// 2026-02-16 14:32 in Shanghai.
pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 16, 6, 32, 0).unwrap()
}

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 16).unwrap()
}

pub(crate) fn r(id: i64, name: &str) -> NamedRef {
    NamedRef { id, name: name.into() }
}

pub(crate) const HOSTILE: &str = "冷水江工业园\u{1b}[31m\u{202e}evil\u{9b}2J";

pub(crate) fn settings() -> ServerSettings {
    ServerSettings {
        city: "娄底市".into(),
        time_zone: "Asia/Shanghai".into(),
        report_deadline: "20:00".into(),
        checkin_cutoff: "09:00".into(),
        sla_hours: SlaHours::default(),
        poll_interval_secs: 5,
    }
}

pub(crate) fn me() -> Me {
    Me { token_id: 1, name: "值班员 张敏".into(), role: Role::Dispatcher, officer_id: None, settings: settings() }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn park(
    id: i64,
    name: &str,
    ent: (i64, i64),
    susp: i64,
    staff: (i64, i64),
    prob: (i64, i64, i64, i64, i64),
    att: (i64, i64, i64, i64),
    overdue: i64,
) -> PlaceFigures {
    let trend = (0..14)
        .map(|d| TrendPoint {
            date: today() - Duration::days(13 - d),
            resumed: Ratio::new(ent.0 * (10 + d + (d * id) % 7 - (id % 3) * (d % 4)) / 30, ent.1),
            employees: Ratio::new(staff.0 * (16 + d - (d * id) % 5) / 30, staff.1),
            attendance: Ratio::new((att.1 - (13 - d) * (id % 4) - (d % 3)).max(0), att.0),
            on_time: Ratio::new(((ent.1 - overdue - 2) * (20 + d / 2 + (d * id) % 3) / 30).max(0), ent.1),
        })
        .collect();
    PlaceFigures {
        id,
        name: name.into(),
        enterprises: Ratio::new(ent.0, ent.1),
        suspended: susp,
        employees: Ratio::new(staff.0, staff.1),
        trend,
        problems: ProblemCounts {
            open: prob.0,
            acknowledged: prob.1,
            escalated: prob.2,
            sla_breached: prob.3,
            oldest_open_at: (prob.4 > 0).then(|| now() - Duration::minutes(prob.4)),
        },
        attendance: AttendanceCounts { expected: att.0, present: att.1, late: att.2, absent: att.3, not_yet: 0 },
        reports: ReportCounts { expected: ent.1, submitted: ent.1 - overdue, on_time: ent.1 - overdue - 2, overdue },
    }
}

/// The dashboard of the county 娄星区 of 娄底市: six parks.
pub(crate) fn dashboard() -> Dashboard {
    let parks = vec![
        park(1, "万宝新区", (118, 160), 3, (9_120, 12_000), (12, 4, 3, 2, 3120), (124, 118, 6, 3), 4),
        park(2, "涟源经济开发区", (98, 161), 2, (5_800, 10_000), (9, 6, 1, 0, 540), (130, 121, 9, 5), 2),
        park(
            3,
            "湖南娄底经济技术开发区高新技术产业园区🏭",
            (233, 287),
            1,
            (20_100, 24_000),
            (4, 2, 0, 1, 1560),
            (250, 246, 3, 1),
            0,
        ),
        park(4, "Lianyuan 涟源 Mixed-Script Park ✨", (60, 81), 0, (3_900, 4_800), (0, 0, 0, 0, 0), (70, 70, 0, 0), 0),
        park(5, HOSTILE, (150, 180), 1, (8_000, 9_000), (2, 1, 1, 1, 200), (160, 150, 4, 10), 1),
        park(6, "双峰经济开发区", (362, 436), 0, (30_000, 36_000), (5, 3, 0, 0, 90), (504, 447, 19, 26), 3),
    ];
    let county = PlaceRef { level: Level::County, id: 1, name: "娄星区".into() };
    let path = vec![PlaceRef { level: Level::City, id: 1, name: "娄底市".into() }, county.clone()];
    let mut d = summed(
        county,
        path,
        Level::Park,
        park(1, "娄星区", (0, 0), 0, (0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0), 0),
        parks,
    );
    d.sanitize();
    d
}

/// A dashboard of `scope` whose totals are `totals` plus the sums of `rows`, with five units.
pub(crate) fn summed(
    scope: PlaceRef,
    path: Vec<PlaceRef>,
    rows_level: Level,
    mut totals: PlaceFigures,
    parks: Vec<PlaceFigures>,
) -> Dashboard {
    for p in &parks {
        for (t, q) in totals.trend.iter_mut().zip(&p.trend) {
            (t.resumed, t.employees) = (t.resumed + q.resumed, t.employees + q.employees);
            (t.attendance, t.on_time) = (t.attendance + q.attendance, t.on_time + q.on_time);
        }
        totals.enterprises += p.enterprises;
        totals.employees += p.employees;
        totals.suspended += p.suspended;
        totals.problems.open += p.problems.open;
        totals.problems.acknowledged += p.problems.acknowledged;
        totals.problems.escalated += p.problems.escalated;
        totals.problems.sla_breached += p.problems.sla_breached;
        totals.attendance.expected += p.attendance.expected;
        totals.attendance.present += p.attendance.present;
        totals.attendance.late += p.attendance.late;
        totals.attendance.absent += p.attendance.absent;
        totals.reports.expected += p.reports.expected;
        totals.reports.submitted += p.reports.submitted;
        totals.reports.on_time += p.reports.on_time;
        totals.reports.overdue += p.reports.overdue;
    }
    let unit = |id, name: &str, e, p, l, a, o| UnitFigures {
        unit_id: id,
        unit_name: name.into(),
        attendance: AttendanceCounts { expected: e, present: p, late: l, absent: a, not_yet: 0 },
        reports: ReportCounts { expected: e, submitted: e - o, on_time: e - o, overdue: o },
    };
    Dashboard {
        date: today(),
        as_of: now() - Duration::seconds(2),
        change_seq: 4242,
        scope,
        path,
        rows_level,
        totals,
        rows: parks,
        units: vec![
            unit(1, "市发改委", 220, 210, 8, 10, 2),
            unit(2, "市委编办", 96, 80, 6, 16, 4),
            unit(3, "长沙晚报", 40, 40, 1, 0, 0),
            unit(4, "市工信局🏛️", 310, 300, 12, 10, 3),
            unit(5, "市纪委监委 Discipline Inspection Commission", 150, 148, 2, 2, 1),
        ],
    }
}

/// Overdue reports in the server's order: most days in a row first.
pub(crate) fn overdue() -> Vec<OverdueReport> {
    let row = |id, name: &str, officers: Vec<NamedRef>, units: Vec<NamedRef>, mins: i64, days| OverdueReport {
        enterprise: r(id, name),
        park: r(1, "万宝新区"),
        officers,
        units,
        date: today(),
        deadline: now() - Duration::minutes(mins),
        overdue_secs: mins * 60,
        days_in_a_row: days,
        last_reminded_at: None,
        last_reminded_by: None,
    };
    let mut v = vec![
        row(
            11,
            "湖南华洋茂建设工程有限公司第二分公司",
            vec![r(1, "王立"), r(2, "李芳")],
            vec![r(1, "市发改委")],
            190,
            3,
        ),
        row(13, "文昌科技 🚀", vec![r(4, "陈静")], vec![r(4, "市工信局🏛️")], 50, 2),
        row(12, "光华机械厂", vec![r(3, "周强")], vec![r(2, "市委编办")], 165, 1),
        row(
            14,
            "Zhengxin 正新橡胶 Rubber Co.",
            vec![r(5, "刘洋"), r(6, "Ma Li 马丽")],
            vec![r(5, "市纪委监委")],
            20,
            1,
        ),
        row(15, "邦普\u{1b}]0;owned\u{7}循环\u{202e}", vec![r(7, "赵敏")], vec![r(1, "市发改委")], 5, 1),
    ];
    v.sanitize();
    v
}

pub(crate) fn problem(
    id: i64,
    title: &str,
    level: i64,
    state: ProblemState,
    prio: Priority,
    due_in_mins: i64,
) -> Problem {
    Problem {
        id,
        enterprise: r(11, "湖南华洋茂建设工程有限公司"),
        park: r(1, "万宝新区"),
        title: title.into(),
        description: "400 workers need bus transport from 涟源 to the plant; 口罩 stock for 2 days.".into(),
        category: "transport".into(),
        state,
        level,
        priority: prio,
        assignee: Assignee { kind: AssigneeKind::Department, id: 5, name: "交通运输局".into() },
        raised_by: r(1, "王立"),
        created_at: now() - Duration::hours(5),
        updated_at: now() - Duration::hours(1),
        due_at: now() + Duration::minutes(due_in_mins),
        resolved_at: None,
        version: 3,
    }
}

pub(crate) fn problems() -> Vec<Problem> {
    let mut v = vec![
        problem(101, "400 workers need bus transport 员工返岗包车", 2, ProblemState::Open, Priority::Urgent, -130),
        problem(102, "口罩库存仅够2天 🏭", 1, ProblemState::Acknowledged, Priority::High, 180),
        problem(103, "原材料未到货\u{1b}[2J", 0, ProblemState::Open, Priority::Normal, 600),
        problem(104, "隔离宿舍不足 isolation dorm", 0, ProblemState::Resolved, Priority::Normal, -30),
    ];
    v.sanitize();
    v
}

pub(crate) fn enterprises() -> Vec<Enterprise> {
    let e = |id, name: &str, status, on, base, report: Option<NaiveDate>, open| Enterprise {
        id,
        name: name.into(),
        park: r(1, "万宝新区"),
        class: "规模以上工业企业".into(),
        status,
        employees_baseline: base,
        employees_on_site: on,
        officers: vec![r(1, "王立"), r(2, "李芳")],
        latest_report_date: report,
        open_problems: open,
    };
    let mut v = vec![
        e(
            11,
            "湖南华洋茂建设工程有限公司第二分公司",
            EnterpriseStatus::NotResumed,
            40,
            109,
            Some(today() - Duration::days(3)),
            2,
        ),
        e(12, "光华机械厂", EnterpriseStatus::Resumed, 780, 800, Some(today()), 0),
        e(13, "文昌科技 🚀", EnterpriseStatus::Suspended, 0, 120, None, 1),
        e(14, "Zhengxin 正新橡胶 Rubber Co.", EnterpriseStatus::Resumed, 1200, 1300, Some(today()), 0),
    ];
    v.sanitize();
    v
}

pub(crate) fn officers() -> Vec<Officer> {
    let o = |id, name: &str, att, first: Option<i64>| Officer {
        id,
        name: name.into(),
        phone: Some(format!("1390738{id:04}")),
        unit: r(1, "市发改委"),
        park: r(1, "万宝新区"),
        enterprises: vec![r(11, "湖南华洋茂建设工程有限公司"), r(12, "光华机械厂")],
        today: OfficerToday {
            date: today(),
            first_checkin_at: first.map(|m| now() - Duration::minutes(m)),
            attendance: att,
        },
        open_problems: 1,
    };
    let mut v = vec![
        o(1, "王立", Attendance::Present, Some(400)),
        o(2, "李芳", Attendance::Late, Some(300)),
        o(3, "周强", Attendance::Absent, None),
        o(6, "Ma Li 马丽 👩‍💼", Attendance::Present, Some(390)),
    ];
    v.sanitize();
    v
}

/// One event of problem #101's timeline, `mins` minutes before the fixtures' clock.
pub(crate) fn timeline_event(
    seq: i64,
    action: Action,
    actor: &str,
    via: Via,
    states: (Option<ProblemState>, ProblemState),
    payload: serde_json::Value,
    mins: i64,
) -> TimelineEvent {
    TimelineEvent {
        seq,
        problem_id: 101,
        action,
        actor: actor.into(),
        via,
        from_state: states.0,
        to_state: states.1,
        payload,
        at: now() - Duration::minutes(mins),
    }
}

pub(crate) fn problem_detail() -> ViewData {
    let p = problems().remove(0);
    let ev = |seq, action, from, to, actor: &str, via, payload, mins| {
        timeline_event(seq, action, actor, via, (from, to), payload, mins)
    };
    let mut t = vec![
        ev(1, Action::Raise, None, ProblemState::Open, "王立", Via::Api, serde_json::json!({}), 300),
        ev(
            2,
            Action::Acknowledge,
            Some(ProblemState::Open),
            ProblemState::Acknowledged,
            "园区服务台",
            Via::Console,
            serde_json::json!({"note": "在协调"}),
            240,
        ),
        ev(
            3,
            Action::Escalate,
            Some(ProblemState::Acknowledged),
            ProblemState::Open,
            "张敏",
            Via::Console,
            serde_json::json!({"level": 2, "note": "需市级协调\u{1b}[5m"}),
            60,
        ),
    ];
    t.sanitize();
    ViewData::Problem(Box::new(p), t)
}

/// A state with everything loaded, at `now()`, of the given size and language.
pub(crate) fn state(w: u16, h: u16, lang: Lang) -> State {
    let mut s = State::new(
        lang,
        "dark",
        Keymap::builtin(),
        Settings::from_config(&crate::config::Config::builtin().console, "娄底市"),
        "10.0.0.5:8080",
        now(),
    );
    s.demo = true;
    update(&mut s, Msg::Resize(w, h));
    update(&mut s, Msg::Me(Box::new(me())));
    update(
        &mut s,
        Msg::Data {
            at: now() - Duration::seconds(2),
            poll_secs: Some(5),
            fresh: Some(Box::new((dashboard(), Some(overdue().into())))),
        },
    );
    s
}

pub(crate) fn org() -> Org {
    let d = dashboard();
    Org {
        city: "娄底市".into(),
        province: "湖南省".into(),
        cities: vec![r(1, "娄底市")],
        districts: vec![District { id: 1, name: "娄星区".into(), city_id: 1 }],
        parks: d.rows.iter().map(|p| Park { id: p.id, name: p.name.clone(), district_id: 1 }).collect(),
        departments: vec![Department {
            id: 5,
            name: "市交通运输局".into(),
            short_name: "交通运输局".into(),
            aliases: vec![],
        }],
        units: d.units.iter().map(|u| r(u.unit_id, &u.unit_name)).collect(),
        settings: settings(),
    }
}

/// The link error of a refused connection (OFFLINE).
pub(crate) fn refused() -> crate::console::model::link::LinkError {
    let e = crate::api::client::ClientError::Unreachable(crate::api::client::Cause::Refused, "refused".into());
    crate::console::model::link::LinkError::from_client(&e, None)
}

/// The link error of the escalated queue answering 500 while the rest of the poll worked.
pub(crate) fn escalated_failed() -> crate::console::model::link::LinkError {
    let e = crate::api::client::ClientError::Status(403);
    crate::console::model::link::LinkError::from_client(&e, Some(crate::console::model::link::Part::Escalated))
}

/// The status line (the first row) of `s` drawn in the dark theme at its size.
pub(crate) fn status_text(s: &State) -> String {
    let theme = crate::console::look::theme::Theme::builtin("dark").expect("the dark theme");
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::console::views::draw(s, &theme, &mut buf, area);
    crate::console::views::buffer_text(&buf).lines().next().unwrap_or_default().to_string()
}

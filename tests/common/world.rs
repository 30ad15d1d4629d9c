//! A small, hand-checked world for API tests; its figures are worked out in the comments so
//! tests can assert exact numbers. "Now" is 2026-02-16 14:00 Asia/Shanghai (06:00 UTC).

use chrono::{DateTime, NaiveDate, Utc};
use dutydesk::api::types::{AssigneeKind, EnterpriseStatus};
use dutydesk::domain::lifecycle::{Action, Priority, ProblemState};
use dutydesk::store::bulk::*;

/// 周强, the officer with an officer token (enterprises 1 and 2).
pub(crate) const OFFICER_ZHOU: i64 = 1;
/// The escalated, urgent, SLA-breached problem at level 2 (top).
pub(crate) const P_TOP: i64 = 1;
/// An acknowledged problem at level 1, assigned to 卫健委.
pub(crate) const P_ACK: i64 = 2;
/// An open problem at level 0.
pub(crate) const P_OPEN: i64 = 3;
/// A resolved problem.
pub(crate) const P_RESOLVED: i64 = 4;
/// Another open problem at level 0 at 周强's enterprise 1.
pub(crate) const P_OPEN2: i64 = 5;

fn t(s: &str) -> i64 {
    s.parse::<DateTime<Utc>>().unwrap().timestamp_millis()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ent(id: i64, park: i64, name: &str, status: EnterpriseStatus, base: i64, site: i64) -> SeedEnterprise {
    SeedEnterprise {
        id,
        park_id: park,
        name: name.into(),
        class: "规模以上工业企业".into(),
        status,
        employees_baseline: base,
        employees_on_site: site,
        updated_at: t("2026-02-15T10:00:00Z"),
        credit_code: None,
    }
}

fn off(id: i64, name: &str, unit: i64, park: i64) -> SeedOfficer {
    SeedOfficer { id, name: name.into(), unit_id: unit, park_id: park, active: true, phone: None }
}

fn ev(
    problem_id: i64,
    action: Action,
    from: Option<ProblemState>,
    to: ProblemState,
    payload: &str,
    at: &str,
) -> SeedEvent {
    SeedEvent {
        problem_id,
        action,
        actor: "seed".into(),
        via: "system".into(),
        from_state: from,
        to_state: to,
        payload: payload.into(),
        at: t(at),
    }
}

/// The world.
///
/// Enterprises (park): 1 邦普 (1, resumed 600/800), 2 光华 (1, not resumed 10/120),
/// 3 文昌 (2, resumed 180/200), 4 正新 (2, suspended 0/300), 5 华洋茂🏭 (3, resumed 50/109),
/// 6 无人联络 (3, not resumed 0/50, no officer: no report expected).
/// City: resumed 3/6, employees 840/1579, suspended 1.
/// Attendance today: 5 expected; 周强 08:30 present, 李芳 09:30 late, 王立 absent,
/// 陈静 08:59 present, 赵磊 absent → present 3, late 1, absent 2.
/// Reports 2026-02-15: 1 and 3 on time, 5 late, 2 and 4 missing → overdue 2;
/// 2 last reported 02-13 (2 days in a row), 4 never since 02-10 (6 days in a row).
pub(crate) fn data() -> SeedData {
    use EnterpriseStatus::*;
    let mut w = SeedData {
        meta: vec![
            ("province".into(), "湖南省".into()),
            ("city".into(), "娄底市".into()),
            ("preset".into(), "test".into()),
            ("campaign_start".into(), "2026-02-10".into()),
        ],
        cities: vec![(1, "娄底市".into())],
        districts: vec![
            SeedDistrict { id: 1, city_id: 1, name: "娄星区".into() },
            SeedDistrict { id: 2, city_id: 1, name: "涟源市".into() },
        ],
        parks: vec![
            SeedPark { id: 1, district_id: 1, name: "万宝新区".into() },
            SeedPark { id: 2, district_id: 1, name: "娄底经济技术开发区".into() },
            SeedPark { id: 3, district_id: 2, name: "涟源经济开发区".into() },
        ],
        departments: vec![
            SeedDepartment {
                id: 1,
                name: "市交通运输局".into(),
                short_name: "交通运输局".into(),
                aliases: vec!["交通局".into()],
            },
            SeedDepartment {
                id: 2,
                name: "市卫生健康委员会".into(),
                short_name: "卫健委".into(),
                aliases: vec!["卫健局".into()],
            },
            SeedDepartment {
                id: 3, name: "市工业和信息化局".into(), short_name: "工信局".into(), aliases: vec![]
            },
            SeedDepartment {
                id: 4,
                name: "市人力资源和社会保障局".into(),
                short_name: "人社局".into(),
                aliases: vec![],
            },
        ],
        units: vec![(1, "市发改委".into()), (2, "市委编办".into()), (3, "市工信局".into())],
        enterprises: vec![
            ent(1, 1, "湖南邦普循环", Resumed, 800, 600),
            ent(2, 1, "光华机械厂", NotResumed, 120, 10),
            ent(3, 2, "文昌科技", Resumed, 200, 180),
            ent(4, 2, "正新橡胶", Suspended, 300, 0),
            ent(5, 3, "湖南华洋茂建设工程有限公司🏭", Resumed, 109, 50),
            ent(6, 3, "无人联络企业", NotResumed, 50, 0),
        ],
        officers: vec![
            off(1, "周强", 1, 1),
            off(2, "李芳", 2, 1),
            off(3, "王立", 1, 2),
            off(4, "陈静", 3, 3),
            off(5, "赵磊", 2, 2),
        ],
        assignments: vec![(1, 1), (1, 2), (2, 1), (3, 3), (3, 4), (4, 5), (5, 4)],
        ..Default::default()
    };
    let checkin =
        |o: i64, e: i64, at: &str| SeedCheckin { officer_id: o, enterprise_id: e, date: d("2026-02-16"), at: t(at) };
    w.checkins = vec![
        checkin(1, 1, "2026-02-16T00:30:00Z"),
        checkin(2, 1, "2026-02-16T01:30:00Z"),
        checkin(4, 5, "2026-02-16T00:59:00Z"),
    ];
    let report = |e: i64, o: i64, date: &str, at: &str, status: EnterpriseStatus, site: i64| SeedReport {
        enterprise_id: e,
        date: d(date),
        submitted_at: t(at),
        officer_id: o,
        status,
        employees_on_site: site,
        notes: String::new(),
    };
    for day in 10..=15 {
        let date = format!("2026-02-{day}");
        let prev = format!("2026-02-{day}T10:00:00Z");
        w.reports.push(report(1, 1, &date, &prev, Resumed, 600));
        w.reports.push(report(3, 3, &date, &prev, Resumed, 180));
        let five = if day >= 12 { Resumed } else { NotResumed };
        let at = if day == 15 { "2026-02-15T13:00:00Z".to_string() } else { prev.clone() };
        w.reports.push(report(5, 4, &date, &at, five, 50));
        if day <= 13 {
            w.reports.push(report(2, 1, &date, &prev, NotResumed, 10));
        }
    }
    w.reports.push(report(1, 1, "2026-02-16", "2026-02-16T02:00:00Z", Resumed, 600));
    let problem = |id,
                   e,
                   park,
                   title: &str,
                   cat: &str,
                   state,
                   level,
                   pr,
                   kind,
                   aid,
                   created: &str,
                   due: &str,
                   version,
                   resolved: Option<&str>| SeedProblem {
        id,
        enterprise_id: e,
        park_id: park,
        title: title.into(),
        description: format!("{title}（测试）"),
        category: cat.into(),
        state,
        level,
        priority: pr,
        assignee_kind: kind,
        assignee_id: aid,
        raised_by: if e == 5 {
            4
        } else if e == 3 {
            3
        } else {
            1
        },
        created_at: t(created),
        updated_at: t(created),
        due_at: t(due),
        resolved_at: resolved.map(t),
        version,
    };
    use ProblemState::*;
    w.problems = vec![
        problem(
            P_TOP,
            1,
            1,
            "400名员工返岗需包车",
            "transport",
            Open,
            2,
            Priority::Urgent,
            AssigneeKind::Desk,
            2,
            "2026-02-16T02:00:00Z",
            "2026-02-16T04:00:00Z",
            3,
            None,
        ),
        problem(
            P_ACK,
            5,
            3,
            "口罩库存仅够两天",
            "protective_supplies",
            Acknowledged,
            1,
            Priority::High,
            AssigneeKind::Department,
            2,
            "2026-02-16T01:00:00Z",
            "2026-02-16T09:00:00Z",
            4,
            None,
        ),
        problem(
            P_OPEN,
            3,
            2,
            "原材料运输受阻",
            "raw_materials",
            Open,
            0,
            Priority::Normal,
            AssigneeKind::Desk,
            0,
            "2026-02-15T10:00:00Z",
            "2026-02-16T10:00:00Z",
            1,
            None,
        ),
        problem(
            P_RESOLVED,
            2,
            1,
            "流动资金紧张",
            "financing",
            Resolved,
            0,
            Priority::Normal,
            AssigneeKind::Desk,
            0,
            "2026-02-13T02:00:00Z",
            "2026-02-14T02:00:00Z",
            2,
            Some("2026-02-14T01:00:00Z"),
        ),
        problem(
            P_OPEN2,
            1,
            1,
            "复工政策咨询",
            "policy",
            Open,
            0,
            Priority::Normal,
            AssigneeKind::Desk,
            0,
            "2026-02-16T05:00:00Z",
            "2026-02-17T05:00:00Z",
            1,
            None,
        ),
    ];
    w.events = vec![
        ev(
            P_TOP,
            Action::Raise,
            None,
            Open,
            r#"{"title":"400名员工返岗需包车","category":"transport","priority":"urgent"}"#,
            "2026-02-16T02:00:00Z",
        ),
        ev(P_TOP, Action::Escalate, Some(Open), Open, r#"{"note":null,"level":1}"#, "2026-02-16T02:10:00Z"),
        ev(P_TOP, Action::Escalate, Some(Open), Open, r#"{"note":null,"level":2}"#, "2026-02-16T03:00:00Z"),
        ev(
            P_ACK,
            Action::Raise,
            None,
            Open,
            r#"{"title":"口罩库存仅够两天","category":"protective_supplies","priority":"high"}"#,
            "2026-02-16T01:00:00Z",
        ),
        ev(P_ACK, Action::Escalate, Some(Open), Open, r#"{"note":null,"level":1}"#, "2026-02-16T01:10:00Z"),
        ev(
            P_ACK,
            Action::Reassign,
            Some(Open),
            Open,
            r#"{"assignee":{"kind":"department","id":2,"name":"卫健委"}}"#,
            "2026-02-16T01:20:00Z",
        ),
        ev(P_ACK, Action::Acknowledge, Some(Open), Acknowledged, r#"{"note":null}"#, "2026-02-16T01:30:00Z"),
        ev(
            P_OPEN,
            Action::Raise,
            None,
            Open,
            r#"{"title":"原材料运输受阻","category":"raw_materials","priority":"normal"}"#,
            "2026-02-15T10:00:00Z",
        ),
        ev(
            P_RESOLVED,
            Action::Raise,
            None,
            Open,
            r#"{"title":"流动资金紧张","category":"financing","priority":"normal"}"#,
            "2026-02-13T02:00:00Z",
        ),
        ev(
            P_RESOLVED,
            Action::Resolve,
            Some(Open),
            Resolved,
            r#"{"resolution":"银行授信已落实"}"#,
            "2026-02-14T01:00:00Z",
        ),
        ev(
            P_OPEN2,
            Action::Raise,
            None,
            Open,
            r#"{"title":"复工政策咨询","category":"policy","priority":"normal"}"#,
            "2026-02-16T05:00:00Z",
        ),
    ];
    w
}

//! The handover's renderings of a small handover built by hand.

use chrono::NaiveDate;

use super::*;
use crate::api::types::{
    AttendanceCounts, HandoverEvent, Level, NamedRef, PlaceRef, RateFalls, ReportCounts, UnitFigures, Via,
};
use crate::domain::lifecycle::{Action, Priority};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn event(id: i64, action: Action, title: &str, when: &str) -> HandoverEvent {
    HandoverEvent {
        seq: id * 10,
        problem_id: id,
        title: title.into(),
        park: NamedRef { id: 1, name: "万宝新区".into() },
        action,
        actor: "值班员 张敏".into(),
        via: Via::Console,
        level: (action == Action::Escalate).then_some(1),
        at: at(when),
    }
}

fn handover() -> Handover {
    let list = |items: Vec<HandoverEvent>, total| HandoverList { total, items };
    Handover {
        since: at("2026-02-15T12:00:00Z"),
        until: at("2026-02-16T00:00:00Z"),
        time_zone: "Asia/Shanghai".into(),
        scope: PlaceRef { level: Level::City, id: 1, name: "娄底市".into() },
        desk_name: "值班员 张敏".into(),
        raised: list(vec![event(7, Action::Raise, "口罩*紧缺* | 急", "2026-02-15T12:30:00Z")], 4),
        escalated: list(vec![event(7, Action::Escalate, "口罩*紧缺* | 急", "2026-02-15T13:00:00Z")], 1),
        past_sla: HandoverList {
            total: 1,
            items: vec![HandoverProblem {
                id: 3,
                title: "原材料运输受阻".into(),
                park: NamedRef { id: 2, name: "娄底经济技术开发区".into() },
                state: ProblemState::Open,
                level: 0,
                priority: Priority::Normal,
                created_at: at("2026-02-15T10:00:00Z"),
                due_at: at("2026-02-15T18:00:00Z"),
            }],
        },
        resolved: HandoverList::default(),
        reopened: HandoverList::default(),
        desk: list(vec![event(7, Action::Escalate, "口罩*紧缺* | 急", "2026-02-15T13:00:00Z")], 1),
        still_open: HandoverList::default(),
        still_escalated: HandoverList::default(),
        rate_falls: RateFalls {
            from: d("2026-02-14"),
            to: d("2026-02-15"),
            parks: HandoverList {
                total: 1,
                items: vec![RateChange {
                    place: NamedRef { id: 1, name: "万宝新区".into() },
                    from_resumed: 4,
                    from_reporting: 5,
                    to_resumed: 1,
                    to_reporting: 2,
                }],
            },
            cities: HandoverList::default(),
        },
        overdue_date: d("2026-02-15"),
        overdue: HandoverList::default(),
        absent_days: [d("2026-02-14"), d("2026-02-15")],
        absent: HandoverList::default(),
        worst_units: HandoverList {
            total: 1,
            items: vec![UnitFigures {
                unit_id: 2,
                unit_name: "市委编办".into(),
                attendance: AttendanceCounts { absent: 1, ..Default::default() },
                reports: ReportCounts { overdue: 2, ..Default::default() },
            }],
        },
    }
}

#[test]
fn text_is_local_counts_every_list_and_says_how_many_more() {
    let t = text(&handover(), HandoverLang::En);
    // 12:00Z is 20:00 in Shanghai.
    assert!(t.starts_with("Shift handover · 娄底市 · 02-15 20:00 – 02-16 08:00 (Asia/Shanghai)\n"), "{t}");
    assert!(t.contains("raised 4 · escalated 1 · past SLA 1 · resolved 0"), "{t}");
    assert!(
        t.contains("  #7  02-15 20:30 口罩*紧缺* | 急 · 万宝新区 · 值班员 张敏 (console)\n  … and 3 more\n"),
        "{t}"
    );
    assert!(t.contains("→ level 1"), "{t}");
    assert!(t.contains("This desk did (值班员 张敏) (1)\n  #7  02-15 21:00 escalated 口罩"), "{t}");
    assert!(t.contains("  万宝新区  80.0% → 50.0% (−30.0) · 4/5 → 1/2"), "{t}");
    assert!(t.contains("Resolved (0)\n  none\n"), "{t}");
}

#[test]
fn chinese_uses_its_own_words() {
    let t = text(&handover(), HandoverLang::Zh);
    assert!(t.starts_with("交接班 · 娄底市"), "{t}");
    assert!(t.contains("新上报 4"), "{t}");
    assert!(t.contains("… 另有 3 条"), "{t}");
    assert!(!t.contains("raised"), "{t}");
}

#[test]
fn markdown_has_headings_bullets_tables_and_escapes_titles() {
    let m = markdown(&handover(), HandoverLang::En);
    assert!(m.starts_with("## Shift handover"), "{m}");
    assert!(
        m.contains("| raised | escalated | past SLA | resolved | reopened | still open | still escalated |\n|---:|"),
        "{m}"
    );
    assert!(m.contains("| 4 | 1 | 1 | 0 | 0 | 0 | 0 |"), "{m}");
    assert!(m.contains("### Raised (4)\n\n- **\\#7** 02-15 20:30 口罩\\*紧缺\\* \\| 急"), "{m}");
    assert!(m.contains("\n… and 3 more\n"), "{m}");
    assert!(m.contains("| unit | overdue reports | absent |\n|---|---:|---:|\n| 市委编办 | 2 | 1 |"), "{m}");
}

#[test]
fn json_round_trips_and_formats_parse() {
    let h = handover();
    let back: Handover = serde_json::from_str(&render(&h, HandoverFormat::Json, HandoverLang::En)).unwrap();
    assert_eq!(back, h);
    assert_eq!("MD".parse::<HandoverFormat>(), Ok(HandoverFormat::Markdown));
    assert!("pdf".parse::<HandoverFormat>().unwrap_err().contains("text, markdown or json"));
    assert_eq!(HandoverLang::from_code("zh-CN"), Some(HandoverLang::Zh));
}

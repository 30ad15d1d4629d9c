//! The reassign picker at the console level: departments matched here (Chinese, full pinyin,
//! initials, aliases), officers from the server's search (the typed query goes out as an
//! effect, the answer comes back with its query, an older query's answer is dropped), the two
//! merged by the quality of the match, and what the picker says while it searches and when
//! the search fails. No terminal, no network.

use crossterm::event::KeyCode;
use serde_json::json;

use crate::api::types::Officer;
use crate::console::look::i18n::Lang;
use crate::console::message::{Effect, Msg};
use crate::console::model::{Modal, State};
use crate::console::tests::triage::{key, keys, officers, ready};
use crate::console::update::update;
use crate::matcher::CandidateKind;

/// The escalated queue open and the picker on its first problem.
fn picker() -> State {
    let mut s = ready(Lang::En);
    key(&mut s, KeyCode::Char('E'));
    key(&mut s, KeyCode::Char('r'));
    assert!(matches!(s.modal, Modal::Picker { .. }));
    s
}

fn searches(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::SearchOfficers { query } => Some(query.clone()),
            _ => None,
        })
        .collect()
}

fn names(s: &State, query: &str) -> Vec<String> {
    s.assignees.choices(query).into_iter().map(|c| c.target.name).collect()
}

fn officer_names(s: &State, query: &str) -> Vec<String> {
    let choices = s.assignees.choices(query).into_iter();
    choices.filter(|c| c.target.kind == CandidateKind::Officer).map(|c| c.target.name).collect()
}

fn found(s: &mut State, query: &str, officers: Vec<Officer>) {
    update(s, Msg::Officers { query: query.into(), result: Ok(officers) });
}

fn picker_text(s: &State) -> String {
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    let theme = crate::console::look::theme::Theme::builtin("dark").unwrap();
    crate::console::views::draw(s, &theme, &mut buf, area);
    crate::console::views::buffer_text(&buf)
}

#[test]
fn the_picker_sends_the_typed_query_as_an_effect() {
    let mut s = picker();
    assert_eq!(searches(&keys(&mut s, "zq")), ["z", "zq"]);
    assert!(s.assignees.search.in_flight);
    assert!(searches(&key(&mut s, KeyCode::Down)).is_empty(), "moving asks nothing");
    assert_eq!(searches(&key(&mut s, KeyCode::Backspace)), ["z"]);
    assert_eq!(searches(&update(&mut s, Msg::Paste("hou\u{1b}".into()))), ["zhou"]);
    assert_eq!(searches(&keys(&mut s, " ")), Vec::<String>::new(), "a trailing space is the same query");
    for _ in 0..5 {
        key(&mut s, KeyCode::Backspace);
    }
    assert!(!s.assignees.search.in_flight, "an empty query searches nothing");
    assert_eq!(s.assignees.search.asked, "");
    // Reopening starts afresh: the same query is asked again.
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('r'));
    assert_eq!(searches(&keys(&mut s, "z")), ["z"]);
}

#[test]
fn departments_match_here_by_chinese_pinyin_initials_and_aliases() {
    let s = picker();
    let top = |q: &str| names(&s, q)[0].clone();
    assert_eq!(top("wjw"), "卫健委");
    assert_eq!(top("jiaotong"), "交通运输局");
    assert_eq!(top("卫健"), "卫健委");
    assert_eq!(top("JiaoTong"), "交通运输局");
    assert_eq!(top("交通局"), "交通运输局", "aliases count");
    assert_eq!(top("gongye"), "工信局", "the full name counts");
    assert_eq!(officer_names(&s, ""), Vec::<String>::new(), "an empty query lists the departments only");
    assert_eq!(names(&s, "").len(), 3);
}

#[test]
fn the_servers_officers_appear_merged_with_the_departments() {
    let mut s = picker();
    update(&mut s, Msg::DepartmentLoads(vec![(5, 3)]));
    keys(&mut s, "jt");
    assert!(picker_text(&s).contains("searching officers…"), "{}", picker_text(&s));
    let mut far = officers().remove(0);
    far.id = 85_000;
    far.name = "蒋婷".into();
    // The server's order is its ranking: 江涛 then 蒋婷, as it sent them.
    found(&mut s, "jt", vec![officers().pop().unwrap(), far]);
    assert_eq!(names(&s, "jt"), ["交通运输局", "江涛", "蒋婷"], "a department first for the same quality");
    let jt = &s.assignees.choices("jt")[1];
    assert_eq!((jt.info.place.as_str(), jt.info.load), ("市发改委 · 万宝新区 · 13907380001", Some(1)));
    assert_eq!(s.assignees.choices("jt")[0].info.load, Some(3), "the department's load");
    let text = picker_text(&s);
    assert!(text.contains("蒋婷") && !text.contains("searching"), "{text}");
    // An officer whose name starts with the query comes before a department that only contains it.
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Backspace);
    keys(&mut s, "ju");
    let mut ju = officers().remove(0);
    ju.id = 30;
    ju.name = "居伟".into();
    found(&mut s, "ju", vec![ju]);
    assert_eq!(names(&s, "ju")[0], "居伟", "{:?}", names(&s, "ju"));
    // Enter on an officer reassigns to the officer.
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Backspace);
    keys(&mut s, "jt");
    found(&mut s, "jt", vec![officers().pop().unwrap()]);
    key(&mut s, KeyCode::Down);
    let fx = key(&mut s, KeyCode::Enter);
    let body = fx.iter().find_map(|e| match e {
        Effect::Triage(p) => Some(p.op.request().body()),
        _ => None,
    });
    assert_eq!(body, Some(json!({ "officer_id": 20 })));
}

#[test]
fn an_answer_to_an_older_query_is_dropped() {
    let mut s = picker();
    keys(&mut s, "jia");
    found(&mut s, "ji", officers());
    assert_eq!(officer_names(&s, "jia"), Vec::<String>::new(), "the answer to `ji` is not shown for `jia`");
    assert!(s.assignees.search.in_flight, "still waiting for `jia`");
    found(&mut s, "jia", officers()[4..].to_vec());
    assert_eq!(names(&s, "jia")[..2], ["交通运输局", "江涛"]);
    // Typing on: the officers found that still match stay while the next answer is awaited.
    assert_eq!(searches(&keys(&mut s, "ng")), ["jian", "jiang"]);
    assert_eq!(officer_names(&s, "jiang"), ["江涛"]);
    assert_eq!(names(&s, "jiang")[0], "江涛", "a prefix match first");
    assert!(picker_text(&s).contains("searching officers…"));
    // An answer after the picker closed changes nothing.
    key(&mut s, KeyCode::Esc);
    found(&mut s, "jiang", Vec::new());
    assert!(s.assignees.search.in_flight);
}

#[test]
fn the_selection_stays_on_its_choice_when_officers_arrive() {
    let mut s = picker();
    keys(&mut s, "j");
    key(&mut s, KeyCode::Down);
    let selected = |s: &State| match &s.modal {
        Modal::Picker { query, selected, .. } => s.assignees.choices(query.value())[*selected].target.name.clone(),
        _ => panic!("the picker is open"),
    };
    let before = selected(&s);
    let mut first = officers().remove(0);
    first.name = "蒋军".into();
    first.id = 40;
    found(&mut s, "j", vec![first]);
    assert_eq!(selected(&s), before);
}

#[test]
fn a_failed_search_says_why_and_the_departments_still_work() {
    let mut s = picker();
    keys(&mut s, "jt");
    update(&mut s, Msg::Officers { query: "jt".into(), result: Err("HTTP 503: overloaded".into()) });
    let text = picker_text(&s);
    assert!(text.contains("officer search failed") && text.contains("503"), "{text}");
    assert_eq!(names(&s, "jt"), ["交通运输局"]);
    let fx = key(&mut s, KeyCode::Enter);
    let body = fx.iter().find_map(|e| match e {
        Effect::Triage(p) => Some(p.op.request().body()),
        _ => None,
    });
    assert_eq!(body, Some(json!({ "department_id": 5 })));
}

#[test]
fn the_picker_speaks_chinese_too() {
    let mut s = ready(Lang::Zh);
    key(&mut s, KeyCode::Char('E'));
    key(&mut s, KeyCode::Char('r'));
    assert!(picker_text(&s).contains("输入姓名、拼音或首字母查找联络员"));
    keys(&mut s, "jt");
    assert!(picker_text(&s).contains("正在搜索联络员…"));
    update(&mut s, Msg::Officers { query: "jt".into(), result: Err("HTTP 503".into()) });
    assert!(picker_text(&s).contains("联络员搜索失败（部门仍可选）: HTTP 503"));
}

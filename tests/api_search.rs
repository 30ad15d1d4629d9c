//! The officer search of `GET /officers?q=` at province scale (90,000 officers), on SQLite and
//! PostgreSQL: found by Chinese, full pinyin, initials and every polyphonic reading, exactly the
//! officers the console's matcher finds ([`dutydesk::matcher::contains`] is the oracle), best
//! match first, paged by cursor with `total`; and the stored keys filled for a database that
//! has none (an upgrade).

mod common;

use std::collections::BTreeSet;

use common::{Engine, Harness, world};
use dutydesk::config::Config;
use dutydesk::store::bulk::SeedOfficer;
use serde_json::Value;

/// How many officers the province world has.
const OFFICERS: i64 = 90_000;
/// 欧阳震霆: initials `oyzt`, which no generated name has.
const OUYANG: i64 = 85_000;
/// 曾乐: read zeng/ceng and le/yue.
const ZENG: i64 = 85_001;
/// 魏明: the only name whose pinyin starts with `wei`.
const WEI: i64 = 85_002;

/// The generated name of officer `i`: one of 1,000 three-character names.
fn generated(i: i64) -> String {
    const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    const MIDDLE: [&str; 10] = ["建", "志", "海", "小", "国", "文", "明", "永", "红", "金"];
    const LAST: [&str; 10] = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"];
    let i = i as usize;
    format!("{}{}{}", SURNAMES[i % 10], MIDDLE[(i / 10) % 10], LAST[(i / 100) % 10])
}

/// The small world's five officers, then generated ones up to [`OFFICERS`].
fn province_officers() -> dutydesk::store::bulk::SeedData {
    let mut data = world::data();
    let first = data.officers.len() as i64 + 1;
    for id in first..=OFFICERS {
        let name = match id {
            OUYANG => "欧阳震霆".to_string(),
            ZENG => "曾乐".to_string(),
            WEI => "魏明".to_string(),
            _ => generated(id),
        };
        data.officers.push(SeedOfficer {
            id,
            name,
            unit_id: 1 + id % 3,
            park_id: 1 + id % 3,
            active: true,
            phone: None,
        });
    }
    data
}

async fn province(engine: Engine) -> Option<Harness> {
    Harness::with_world(engine, Config::builtin(), province_officers()).await
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect()
}

/// Every page of a search, walked by cursor (200 at a time): the ids in order and the total
/// the first page said.
async fn walk(h: &Harness, query: &str) -> (Vec<i64>, i64) {
    let (s, _, first) = h.get(&format!("/api/v1/officers?q={query}&limit=200&total=true"), &h.viewer).await;
    assert_eq!(s, 200, "{first}");
    let total = first["total"].as_i64().unwrap();
    let mut all = ids(&first);
    let mut cursor = first["next_cursor"].as_str().map(str::to_string);
    while let Some(c) = cursor {
        let (s, _, page) = h.get(&format!("/api/v1/officers?q={query}&limit=200&cursor={c}"), &h.viewer).await;
        assert_eq!(s, 200, "{page}");
        all.extend(ids(&page));
        cursor = page["next_cursor"].as_str().map(str::to_string);
    }
    (all, total)
}

/// What the console's matcher finds among the province world's officers.
fn oracle(query: &str) -> BTreeSet<i64> {
    let data = province_officers();
    data.officers.iter().filter(|o| dutydesk::matcher::contains(&o.name, query)).map(|o| o.id).collect()
}

async fn finds_officers_the_matcher_finds(h: Harness) {
    // Officer 85,000, far past the first 2,000, by its initials, its pinyin and its Chinese.
    for q in ["oyzt", "ouyang", "zhenting", "%E6%AC%A7%E9%98%B3"] {
        let (s, _, page) = h.get(&format!("/api/v1/officers?q={q}&total=true"), &h.viewer).await;
        assert_eq!((s.as_u16(), ids(&page), page["total"].as_i64()), (200, vec![OUYANG], Some(1)), "{q}: {page}");
    }
    assert_eq!(h.get("/api/v1/officers?q=oyzt", &h.viewer).await.2["items"][0]["name"], "欧阳震霆");
    // Every reading of a polyphonic name, and the exact initials first among many prefixes.
    for q in ["zengle", "cengyue", "zengyue", "cy"] {
        let (_, _, page) = h.get(&format!("/api/v1/officers?q={q}"), &h.viewer).await;
        assert!(ids(&page).contains(&ZENG), "{q}: {page}");
    }
    let (_, _, page) = h.get("/api/v1/officers?q=zy&limit=5", &h.viewer).await;
    assert_eq!(ids(&page)[0], ZENG, "the exact initials rank first: {page}");
    // A name that starts with the query beats every name that only holds it.
    let (_, _, page) = h.get("/api/v1/officers?q=wei&limit=3", &h.viewer).await;
    assert_eq!(ids(&page)[0], WEI, "{page}");
    // Exactly the matcher's officers, each once, in pages that agree with the total.
    for q in ["wjw", "jianwei", "wangjian", "zhouhai", "cmq"] {
        let (found, total) = walk(&h, q).await;
        let expected = oracle(q);
        assert!(!expected.is_empty(), "{q} finds someone");
        assert_eq!(found.len() as i64, total, "{q}: total");
        assert_eq!(found.iter().copied().collect::<BTreeSet<_>>(), expected, "{q}");
        assert_eq!(found.len(), expected.len(), "{q}: no officer twice");
    }
    // The list's other filters still apply to a search; a cursor of the plain list is refused.
    let (_, _, page) = h.get("/api/v1/officers?q=wjw&park=2&limit=200", &h.viewer).await;
    assert!(!ids(&page).is_empty());
    assert!(page["items"].as_array().unwrap().iter().all(|o| o["park"]["id"] == 2), "{page}");
    let (_, _, plain) = h.get("/api/v1/officers?limit=1", &h.viewer).await;
    let cursor = plain["next_cursor"].as_str().unwrap();
    let (s, _, e) = h.get(&format!("/api/v1/officers?q=wjw&cursor={cursor}"), &h.viewer).await;
    assert_eq!((s.as_u16(), e["errors"][0]["field"].as_str()), (400, Some("cursor")), "{e}");
    let (_, _, none) = h.get("/api/v1/officers?q=xyzzy&total=true", &h.viewer).await;
    assert_eq!((ids(&none).len(), none["total"].as_i64()), (0, Some(0)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn province_search_sqlite() {
    finds_officers_the_matcher_finds(province(Engine::Sqlite).await.expect("sqlite")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn province_search_postgres() {
    if let Some(h) = province(Engine::Postgres).await {
        finds_officers_the_matcher_finds(h).await;
    }
}

both_stores!(keys_are_filled_for_officers_without_them, |h| {
    sqlx::query("UPDATE officers SET search_keys = NULL").execute(h.store.pool()).await.unwrap();
    let (_, _, page) = h.get("/api/v1/officers?q=zq", &h.viewer).await;
    assert!(ids(&page).is_empty(), "no keys, no candidates: {page}");
    assert_eq!(h.store.fill_search_keys().await.unwrap(), 5);
    let (_, _, page) = h.get("/api/v1/officers?q=zq", &h.viewer).await;
    assert_eq!(ids(&page), vec![world::OFFICER_ZHOU], "周强 by initials: {page}");
    assert_eq!(h.store.fill_search_keys().await.unwrap(), 0, "written once");
});

#[tokio::test]
async fn opening_an_old_database_fills_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db").display().to_string();
    let config = Config::builtin();
    let store = dutydesk::store::Store::open(&path, &config.server).await.unwrap();
    store.load_seed(&world::data()).await.unwrap();
    sqlx::query("UPDATE officers SET search_keys = NULL").execute(store.pool()).await.unwrap();
    store.close().await;
    let store = dutydesk::store::Store::open(&path, &config.server).await.unwrap();
    let row = sqlx::query("SELECT COUNT(*) FROM officers WHERE search_keys IS NULL").fetch_one(store.pool()).await;
    assert_eq!(sqlx::Row::get::<i64, _>(&row.unwrap(), 0), 0);
    let keys: String = sqlx::Row::get(
        &sqlx::query("SELECT search_keys FROM officers WHERE id = 1").fetch_one(store.pool()).await.unwrap(),
        0,
    );
    assert_eq!(keys, dutydesk::matcher::stored_keys("周强"));
    assert!(keys.split(' ').any(|k| k == "zq") && keys.starts_with("周强 "), "{keys}");
}

//! The dashboard of a scope against SQLite and PostgreSQL: the default is the top of the data,
//! each scope's rows are the places one level down and add up to the scope's totals, which are
//! the row of the level above; units count only the scope's officers; a bad scope is a 400
//! naming `scope`; `/org` and `/me` name the top from the data; an old database upgrades to one
//! city.

mod common;

use axum::http::StatusCode;
use serde_json::{Value, json};

/// The world made a province: district 2 (with park 3) moves to a second city, 长沙市.
async fn two_cities(h: &common::Harness) {
    for sql in [
        "INSERT INTO cities (id, name) VALUES (2, '长沙市')",
        "UPDATE districts SET city_id = 2, name = '岳麓区' WHERE id = 2",
    ] {
        sqlx::query(sql).execute(h.store.pool()).await.unwrap();
    }
}

/// The figures of a place without its id and name, to compare a row with a scope's totals.
fn figures(v: &Value) -> Value {
    let mut v = v.clone();
    let o = v.as_object_mut().unwrap();
    o.remove("id");
    o.remove("name");
    v
}

/// Sums the counts of rows (numerators, denominators and counts) field by field.
fn sum_rows(rows: &[Value]) -> Value {
    let mut total = json!({});
    for path in [
        "/enterprises/num",
        "/enterprises/den",
        "/employees/num",
        "/employees/den",
        "/suspended",
        "/problems/open",
        "/problems/acknowledged",
        "/problems/escalated",
        "/problems/sla_breached",
        "/attendance/expected",
        "/attendance/present",
        "/attendance/late",
        "/attendance/absent",
        "/attendance/not_yet",
        "/reports/expected",
        "/reports/submitted",
        "/reports/on_time",
        "/reports/overdue",
    ] {
        let n: i64 = rows.iter().map(|r| r.pointer(path).unwrap().as_i64().unwrap()).sum();
        total[path] = json!(n);
    }
    total
}

fn sums_of(totals: &Value) -> Value {
    sum_rows(std::slice::from_ref(totals))
}

/// Every officer belongs to one unit, so a scope's units' attendance adds up to its totals'.
fn units_expected(d: &Value) -> i64 {
    d["units"].as_array().unwrap().iter().map(|u| u["attendance"]["expected"].as_i64().unwrap()).sum()
}

async fn dashboard(h: &common::Harness, scope: &str) -> Value {
    let path =
        if scope.is_empty() { "/api/v1/dashboard".to_string() } else { format!("/api/v1/dashboard?scope={scope}") };
    let (s, _, d) = h.get(&path, &h.viewer).await;
    assert_eq!(s, StatusCode::OK, "{scope}: {d}");
    d
}

both_stores!(each_scope_adds_up_to_the_level_above, |h| {
    two_cities(&h).await;
    let top = dashboard(&h, "").await;
    assert_eq!(top["scope"], json!({"level": "province", "id": 0, "name": "湖南省"}), "several cities: the province");
    assert_eq!(top["path"], json!([{"level": "province", "id": 0, "name": "湖南省"}]));
    assert_eq!(top["rows_level"], "city");
    assert_eq!(top["totals"]["name"], "湖南省");
    assert_eq!(top["totals"]["enterprises"], json!({"num": 3, "den": 6}), "the world's totals");
    let cities = top["rows"].as_array().unwrap();
    let names: Vec<&str> = cities.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["娄底市", "长沙市"]);
    assert_eq!(sum_rows(cities), sums_of(&top["totals"]));
    assert_eq!(units_expected(&top), top["totals"]["attendance"]["expected"].as_i64().unwrap());
    assert_eq!(dashboard(&h, "province").await, top, "the default is the province");
    let mut parks_seen = 0;
    for city in cities {
        let scope = format!("city:{}", city["id"]);
        let c = dashboard(&h, &scope).await;
        assert_eq!(figures(&c["totals"]), figures(city), "{scope}: its totals are its row above");
        assert_eq!(c["totals"]["name"], city["name"]);
        assert_eq!(c["rows_level"], "county");
        assert_eq!(c["path"][0]["name"], "湖南省");
        assert_eq!(c["path"][1]["name"], city["name"]);
        let counties = c["rows"].as_array().unwrap();
        assert_eq!(sum_rows(counties), sums_of(&c["totals"]), "{scope}");
        assert_eq!(units_expected(&c), c["totals"]["attendance"]["expected"].as_i64().unwrap(), "{scope}");
        for county in counties {
            let scope = format!("county:{}", county["id"]);
            let k = dashboard(&h, &scope).await;
            assert_eq!(figures(&k["totals"]), figures(county), "{scope}");
            assert_eq!(k["rows_level"], "park");
            assert_eq!(k["path"].as_array().unwrap().len(), 3, "湖南省 › city › county");
            assert_eq!(k["path"][2]["name"], county["name"]);
            let parks = k["rows"].as_array().unwrap();
            parks_seen += parks.len();
            assert_eq!(sum_rows(parks), sums_of(&k["totals"]), "{scope}");
            assert_eq!(units_expected(&k), k["totals"]["attendance"]["expected"].as_i64().unwrap(), "{scope}");
        }
    }
    assert_eq!(parks_seen, 3, "every park once");
    // 长沙市 is park 3 alone: 陈静 (市工信局) is its only officer, present; enterprise 5 reports.
    let cs = dashboard(&h, "city:2").await;
    let units: Vec<&str> = cs["units"].as_array().unwrap().iter().map(|u| u["unit_name"].as_str().unwrap()).collect();
    assert_eq!(units, ["市工信局"], "only the units with officers in the scope");
    assert_eq!(cs["units"][0]["attendance"]["present"], 1);
    assert_eq!(cs["units"][0]["reports"]["expected"], 1);
});

both_stores!(one_city_is_the_top_and_names_the_title, |h| {
    let d = dashboard(&h, "").await;
    assert_eq!(d["scope"], json!({"level": "city", "id": 1, "name": "娄底市"}));
    assert_eq!(d["path"], json!([{"level": "city", "id": 1, "name": "娄底市"}]), "nothing above one city");
    assert_eq!(d["rows_level"], "county");
    let names: Vec<&str> = d["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["娄星区", "涟源市"]);
    let k = dashboard(&h, "county:1").await;
    assert_eq!(
        k["path"],
        json!([{"level": "city", "id": 1, "name": "娄底市"}, {"level": "county", "id": 1, "name": "娄星区"}])
    );
    let parks: Vec<&str> = k["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(parks, ["万宝新区", "娄底经济技术开发区"]);
    let (_, _, org) = h.get("/api/v1/org", &h.viewer).await;
    assert_eq!(org["city"], "娄底市");
    assert_eq!(org["province"], "湖南省");
    assert_eq!(org["cities"], json!([{"id": 1, "name": "娄底市"}]));
    assert_eq!(org["districts"][1], json!({"id": 2, "name": "涟源市", "city_id": 1}));
    // The name comes from the data, not from server.city.
    sqlx::query("UPDATE cities SET name = '长沙市'").execute(h.store.pool()).await.unwrap();
    let (_, _, me) = h.get("/api/v1/me", &h.viewer).await;
    assert_eq!(me["settings"]["city"], "长沙市");
    let (_, _, org) = h.get("/api/v1/org", &h.viewer).await;
    assert_eq!(org["city"], "长沙市");
});

both_stores!(a_bad_scope_is_a_400_naming_scope, |h| {
    for (scope, says) in [
        ("town:1", "not a level"),
        ("city:x", "not an id"),
        ("county:0", "not an id"),
        ("city", "not a scope"),
        ("city:99", "no city with id 99"),
        ("county:99", "no county or district with id 99"),
    ] {
        let (s, headers, e) = h.get(&format!("/api/v1/dashboard?scope={scope}"), &h.viewer).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{scope}: {e}");
        assert_eq!(headers["content-type"], "application/problem+json");
        assert_eq!(e["code"], "INVALID_QUERY", "{scope}");
        assert_eq!(e["errors"][0]["field"], "scope", "{scope}");
        assert!(e["detail"].as_str().unwrap().contains(says), "{scope}: {e}");
    }
});

/// A SQLite database made before the hierarchy (migrations up to 0004) upgrades on open: one
/// city named by its `city` meta row, every district in it.
#[tokio::test]
async fn an_old_database_upgrades_to_one_city() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    for f in std::fs::read_dir("migrations/sqlite").unwrap() {
        let f = f.unwrap();
        let name = f.file_name().into_string().unwrap();
        if name.as_str() < "0005" {
            std::fs::copy(f.path(), old.join(&name)).unwrap();
        }
    }
    let db = dir.path().join("old.db");
    let url = format!("sqlite://{}?mode=rwc", db.display());
    {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
        for sql in [
            "INSERT INTO meta (key, value) VALUES ('city', '娄底市')",
            "INSERT INTO districts (id, name) VALUES (1, '娄星区'), (2, '涟源市')",
            "INSERT INTO parks (id, district_id, name) VALUES (1, 1, '万宝新区'), (2, 2, '涟源经济开发区')",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    let store =
        dutydesk::store::Store::open(db.to_str().unwrap(), &dutydesk::config::Config::builtin().server).await.unwrap();
    let tree = store.org_tree().await.unwrap();
    assert_eq!(tree.cities.len(), 1);
    assert_eq!(tree.cities[0].name, "娄底市");
    assert!(tree.districts.iter().all(|d| d.city_id == 1));
    assert_eq!(tree.top_name(), "娄底市");
    let (d, _) = store.dashboard(common::world_now().date_naive(), common::world_now(), None).await.unwrap();
    assert_eq!(d.rows.len(), 2, "its two districts");
    store.close().await;
}

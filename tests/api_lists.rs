//! The problem queue and the overdue list are read from indexes in their order, O(page), on
//! SQLite and PostgreSQL: the query plan of a page uses the index that matches the sort and
//! sorts nothing (SQLite: no temporary b-tree; PostgreSQL, told to avoid sorts and full scans
//! where it can: no Sort node); the queue's order stays right after triage moves level and
//! priority; and the overdue list read from the enterprises' latest report dates equals the
//! list recounted from the reports, page by page, as reports arrive and the deadline passes.

mod common;

use chrono::NaiveDate;
use common::{Harness, world};
use dutydesk::api::types::{DailyReportBody, OverdueQuery, ProblemQuery};
use dutydesk::store::Backend;
use dutydesk::store::filters::FromQuery;
use dutydesk::store::overdue::OverdueFilter;
use dutydesk::store::problems::ProblemFilter;
use serde_json::{Value, json};

/// Whether a plan reads `index` (by a name containing it) and sorts nothing itself.
fn reads_in_order(h: &Harness, plan: &[String], index: &str) -> Result<(), String> {
    let text = plan.join("\n");
    let sorts = match h.store.backend() {
        Backend::Sqlite => text.contains("TEMP B-TREE"),
        Backend::Postgres => {
            plan.iter().any(|l| l.trim_start().trim_start_matches("->").trim_start().starts_with("Sort"))
        }
    };
    if sorts || !text.contains(index) { Err(text) } else { Ok(()) }
}

fn problem_filter(q: &str) -> ProblemFilter {
    let query: ProblemQuery = serde_json::from_value(serde_urlencoded(q)).unwrap();
    ProblemFilter::from_query(query).unwrap()
}

/// `a=1&b=x` as a JSON object of strings and numbers, for the query structs.
fn serde_urlencoded(q: &str) -> Value {
    let mut map = serde_json::Map::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap();
        let value = v.parse::<i64>().map(Value::from).unwrap_or_else(|_| match v {
            "true" => Value::Bool(true),
            _ => Value::String(v.to_string()),
        });
        map.insert(k.to_string(), value);
    }
    Value::Object(map)
}

both_stores!(queue_pages_read_an_index_in_order, |h| {
    for (q, index) in [
        ("", "problems_urgency"),
        ("state=unresolved", "urgency"),
        ("state=unresolved&level=1", "urgency"),
        ("sort=newest", "problems_created"),
        ("sort=oldest&state=unresolved", "created"),
        ("sort=newest&state=unresolved", "created"),
        ("sort=due", "problems_due"),
        ("sort=due&state=unresolved", "problems_unresolved_due_at"),
    ] {
        let mut f = problem_filter(&format!("{q}&limit=1"));
        reads_in_order(&h, &h.store.problems_plan(&f, None).await.unwrap(), index)
            .unwrap_or_else(|p| panic!("{q}: {p}"));
        // A later page starts inside the index, still without sorting.
        let first = h.store.problems(&f, None).await.unwrap();
        let cursor = first.next_cursor.expect("a second page");
        f = problem_filter(&format!("{q}&limit=1&cursor={cursor}"));
        reads_in_order(&h, &h.store.problems_plan(&f, None).await.unwrap(), index)
            .unwrap_or_else(|p| panic!("{q}: {p}"));
    }
});

both_stores!(overdue_pages_read_an_index_in_order, |h| {
    let date: NaiveDate = "2026-02-15".parse().unwrap();
    let f = OverdueFilter::from_query(OverdueQuery { limit: Some(2), ..Default::default() }).unwrap();
    let plans = h.store.overdue_plans(&f, date).await.unwrap();
    assert_eq!(plans.len(), 4);
    for plan in &plans {
        reads_in_order(&h, plan, "enterprises_").unwrap_or_else(|p| panic!("{p}"));
    }
});

/// Every page of the queue in urgency order, walked two at a time.
async fn urgency_walk(h: &Harness) -> Vec<Value> {
    let mut out = Vec::new();
    let mut path = "/api/v1/problems?limit=2".to_string();
    loop {
        let (s, _, page) = h.get(&path, &h.viewer).await;
        assert_eq!(s, 200, "{page}");
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/problems?limit=2&cursor={c}"),
            None => return out,
        }
    }
}

both_stores!(urgency_order_follows_triage, |h| {
    let tag = |v: i64| format!("\"{v}\"");
    let v = h.version(world::P_OPEN).await;
    let (s, _, p) = h
        .post(
            &format!("/api/v1/problems/{}/escalate", world::P_OPEN),
            &h.dispatcher,
            json!({}),
            &[("if-match", &tag(v))],
        )
        .await;
    assert_eq!(s, 200, "{p}");
    let v = h.version(world::P_OPEN2).await;
    let body = json!({"priority": "urgent"});
    let (s, _, p) = h
        .post(&format!("/api/v1/problems/{}/priority", world::P_OPEN2), &h.dispatcher, body, &[("if-match", &tag(v))])
        .await;
    assert_eq!(s, 200, "{p}");
    let walked = urgency_walk(&h).await;
    let rank = |p: &Value| match p["priority"].as_str() {
        Some("urgent") => 0,
        Some("high") => 1,
        _ => 2,
    };
    let key = |p: &Value| {
        (-p["level"].as_i64().unwrap(), rank(p), p["due_at"].as_str().unwrap().to_string(), p["id"].as_i64().unwrap())
    };
    let mut expected = walked.clone();
    expected.sort_by_key(key);
    let ids = |v: &[Value]| v.iter().map(|p| p["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(&walked), ids(&expected), "highest level, most urgent, soonest due first");
    assert_eq!(walked.len(), 5);
});

/// Both reads of the overdue list of `date`, walked one row at a time: (enterprise, days in a
/// row) in order, and the totals.
async fn both_reads(h: &Harness, date: Option<&str>, park: Option<i64>) -> [(Vec<(i64, i64)>, Option<i64>); 2] {
    let mut out = [(Vec::new(), None), (Vec::new(), None)];
    for (n, slot) in out.iter_mut().enumerate() {
        let mut cursor = None;
        loop {
            let q = OverdueQuery {
                date: date.map(|d| d.parse().unwrap()),
                park,
                limit: Some(1),
                cursor: cursor.clone(),
                total: Some(cursor.is_none()),
                ..Default::default()
            };
            let f = OverdueFilter::from_query(q).unwrap();
            let now = h.state.now();
            let page = if n == 0 { h.store.overdue(&f, now).await } else { h.store.overdue_by_scan(&f, now).await };
            let page = page.unwrap();
            slot.1 = slot.1.or(page.total);
            slot.0.extend(page.items.iter().map(|o| (o.enterprise.id, o.days_in_a_row)));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
    }
    out
}

async fn agree(h: &Harness, date: Option<&str>, park: Option<i64>, expected: &[(i64, i64)]) {
    let [indexed, scanned] = both_reads(h, date, park).await;
    assert_eq!(indexed, scanned, "{date:?} {park:?}: indexed, recounted");
    assert_eq!(indexed.0, expected, "{date:?} {park:?}");
    assert_eq!(indexed.1, Some(expected.len() as i64));
}

both_stores!(overdue_from_the_latest_report_dates_equals_the_recount, |h| {
    // 02-16 14:00: the list is 02-15's. 2 last reported on 02-13, 4 never (campaign from 02-10).
    agree(&h, None, None, &[(4, 6), (2, 2)]).await;
    let report = |status: &str| -> DailyReportBody {
        serde_json::from_value(json!({"status": status, "employees_on_site": 5})).unwrap()
    };
    let today: NaiveDate = "2026-02-16".parse().unwrap();
    // Reports of today move both latest dates; 02-15 is still overdue for both.
    h.store.put_report(2, today, 1, &report("resumed"), "test", h.state.now()).await.unwrap();
    h.store.put_report(4, today, 3, &report("suspended"), "test", h.state.now()).await.unwrap();
    agree(&h, None, None, &[(4, 6), (2, 2)]).await;
    agree(&h, None, Some(2), &[(4, 6)]).await;
    // A late report for 02-15 takes 2 off the list.
    h.store.put_report(2, "2026-02-15".parse().unwrap(), 1, &report("resumed"), "test", h.state.now()).await.unwrap();
    agree(&h, None, None, &[(4, 6)]).await;
    // After tonight's deadline the list is today's: 3 and 5 last reported on 02-15.
    h.clock.set("2026-02-16T13:00:00Z".parse().unwrap());
    agree(&h, None, None, &[(3, 1), (5, 1)]).await;
    // An older date cannot be read from the latest dates; both reads recount it.
    agree(&h, Some("2026-02-14"), None, &[(4, 5), (2, 1)]).await;
    // The list of the latest dates is read from the stored dates, not the reports.
    sqlx::query("UPDATE enterprises SET last_report_date = '', prev_report_date = '' WHERE id = 3")
        .execute(h.store.pool())
        .await
        .unwrap();
    let [indexed, scanned] = both_reads(&h, None, None).await;
    assert_eq!(indexed.0, vec![(3, 7), (5, 1)]);
    assert_eq!(scanned.0, vec![(3, 1), (5, 1)]);
});

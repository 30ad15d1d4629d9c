//! How a client follows the data, against SQLite and PostgreSQL. The change feed: a write
//! that records a change wakes waiters once it commits (the store signals it, not the
//! handlers), a refused write does not, and a long poll (`wait=`) returns the change written
//! while it waited. Keyset paging on a seeded preset: walking every page of a list in small
//! steps gives each row once, in the list's order, as many rows as its total (the overdue list
//! is paged in SQL like the others, most days in a row first).

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use common::world::*;
use dutydesk::api::types::Page;
use dutydesk::config::Config;
use dutydesk::seed::{Preset, generate};
use dutydesk::store::Store;
use dutydesk::store::overdue::OverdueFilter;
use dutydesk::store::page::PageRequest;
use dutydesk::store::problems::{ProblemFilter, ProblemSort};
use dutydesk::store::sql::decode_cursor;
use futures::FutureExt;
use serde_json::json;
use std::pin::Pin;
use tokio::sync::futures::Notified;

/// A registered waiter on the store's change signal (woken even if notified before polled).
fn waiter(h: &common::Harness) -> Pin<Box<Notified<'_>>> {
    let mut woken = Box::pin(h.store.change_signal().notified());
    woken.as_mut().enable();
    woken
}

both_stores!(changes_become_visible_in_the_order_of_their_sequence, |h| {
    // A write takes a sequence number before it commits; one that starts later and commits
    // first must not become visible ahead of it, or a follower's cursor would pass over it.
    let before = h.store.change_seq().await.unwrap();
    let mut first = h.store.begin_change().await.unwrap();
    let a = first.record("officer", 1, common::world_now()).await.unwrap();
    let store = h.store.clone();
    let second = tokio::spawn(async move {
        let mut tx = store.begin_change().await?;
        let b = tx.record("officer", 2, common::world_now()).await?;
        tx.commit().await?;
        Ok::<i64, dutydesk::store::StoreError>(b)
    });
    // Room for the second write to commit, were it not held back behind the first.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let page = h.store.changes_since(before, 100, None).await.unwrap();
    assert!(page.changes.is_empty(), "nothing is visible ahead of an uncommitted lower sequence: {:?}", page.changes);
    first.commit().await.unwrap();
    let b = second.await.unwrap().unwrap();
    let page = h.store.changes_since(before, 100, None).await.unwrap();
    let seqs: Vec<i64> = page.changes.iter().map(|c| c.seq).collect();
    assert_eq!(seqs, vec![a, b], "both, in sequence order");
});

both_stores!(writes_that_record_a_change_wake_waiters, |h| {
    // A check-in (intake) wakes.
    let woken = waiter(&h);
    let (s, _, _) = h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 1}), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(woken.now_or_never().is_some(), "a check-in wakes the feed");
    // A triage action wakes.
    let v = h.version(P_OPEN).await;
    let woken = waiter(&h);
    let path = format!("/api/v1/problems/{P_OPEN}/acknowledge");
    let (s, _, _) = h.post(&path, &h.dispatcher, json!({}), &[("if-match", &format!("\"{v}\""))]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(woken.now_or_never().is_some(), "a triage write wakes the feed");
    // A refused one (409: already acknowledged) records nothing and wakes nobody.
    let v = h.version(P_OPEN).await;
    let woken = waiter(&h);
    let (s, _, _) = h.post(&path, &h.dispatcher, json!({}), &[("if-match", &format!("\"{v}\""))]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(woken.now_or_never().is_none(), "a refused write does not wake the feed");
    // Raising a problem and filing a report wake too.
    let woken = waiter(&h);
    let body = json!({"enterprise_id": 1, "title": "口罩短缺", "category": "protective_supplies"});
    let (s, _, _) = h.post("/api/v1/problems", &h.officer, body, &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(woken.now_or_never().is_some(), "raising a problem wakes the feed");
    let woken = waiter(&h);
    let report = json!({"status": "resumed", "employees_on_site": 100});
    let (s, _, e) = h
        .send(axum::http::Method::PUT, "/api/v1/daily-reports/2/2026-02-16", Some(&h.officer), Some(report), &[])
        .await;
    assert!(s.is_success(), "{e}");
    assert!(woken.now_or_never().is_some(), "a daily report wakes the feed");
});

both_stores!(a_long_poll_returns_the_change_written_while_it_waits, |h| {
    let (_, _, c) = h.get("/api/v1/changes?since=0", &h.viewer).await;
    let since = c["next_since"].as_i64().unwrap();
    let long_poll = format!("/api/v1/changes?since={since}&wait=20");
    let poll = h.get(&long_poll, &h.viewer);
    let write = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        h.post("/api/v1/checkins", &h.officer, json!({"enterprise_id": 2}), &[]).await
    };
    let ((s, _, changes), (w, _, _)) = tokio::join!(poll, write);
    assert_eq!((s, w), (StatusCode::OK, StatusCode::CREATED));
    let kinds: Vec<&str> = changes["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["checkin"]);
    assert!(changes["next_since"].as_i64().unwrap() > since);
    // With nothing written, a short wait ends empty at its deadline.
    let next = changes["next_since"].as_i64().unwrap();
    let (s, _, empty) = h.get(&format!("/api/v1/changes?since={next}&wait=1"), &h.viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(empty["changes"].as_array().unwrap().len(), 0);
    assert_eq!(empty["next_since"], next);
});

/// 2026-02-16 21:30 Shanghai: after the deadline, so the day's reports are overdue.
fn evening() -> DateTime<Utc> {
    "2026-02-16T13:30:00Z".parse().unwrap()
}

/// The page after `page`, as a client would ask for it.
fn next(page: &PageRequest, cursor: &str, keys: usize) -> PageRequest {
    PageRequest { after: decode_cursor(cursor, keys), count_total: false, ..page.clone() }
}

/// Walks every page of a list, checking that only the first page was asked for a total.
async fn walk<T, F, Fut>(first: PageRequest, keys: usize, mut read: F) -> (Vec<T>, Option<i64>)
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Page<T>>,
{
    let mut all = Vec::new();
    let mut page = read(first.clone()).await;
    let total = page.total;
    loop {
        all.append(&mut page.items);
        match page.next_cursor.take() {
            Some(c) => page = read(next(&first, &c, keys)).await,
            None => return (all, total),
        }
    }
}

async fn pages_cover_each_row_once_in_order(url: &str) {
    let config = Config::builtin();
    let store = Store::open(url, &config.server).await.unwrap();
    let now = evening();
    store.load_seed(&generate(Preset::Loudi, 7, now, &store.calendar, &store.sla)).await.unwrap();
    let today = store.calendar.local_date(now);
    let first = PageRequest { count_total: true, ..PageRequest::first(7) };

    let filter = |page| OverdueFilter { date: Some(today), page, ..Default::default() };
    let (overdue, total) = walk(first.clone(), 2, |page| {
        let (store, f) = (&store, filter(page));
        async move { store.overdue(&f, now).await.unwrap() }
    })
    .await;
    assert!(overdue.len() > 7, "the preset has several pages of overdue reports: {}", overdue.len());
    assert_eq!(Some(overdue.len() as i64), total);
    let keys: Vec<(i64, i64)> = overdue.iter().map(|o| (-o.days_in_a_row, o.enterprise.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "most days in a row first, then by id, each once");
    assert!(overdue.iter().all(|o| o.date == today && !o.officers.is_empty() && !o.units.is_empty()));
    let (d, _) = store.dashboard(today, now, None).await.unwrap();
    assert_eq!(d.totals.reports.overdue, overdue.len() as i64);

    for sort in [ProblemSort::Urgency, ProblemSort::Newest] {
        let filter = |page| ProblemFilter { sort, page, ..Default::default() };
        let (problems, total) = walk(first.clone(), sort.key_count(), |page| {
            let (store, f) = (&store, filter(page));
            async move { store.problems(&f, None).await.unwrap() }
        })
        .await;
        assert_eq!(Some(problems.len() as i64), total);
        let mut ids: Vec<i64> = problems.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), problems.len(), "{sort:?}: each problem once");
    }
    store.close().await;
}

#[tokio::test]
async fn sqlite_pages_cover_each_row_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    pages_cover_each_row_once_in_order(dir.path().join("p.db").to_str().unwrap()).await;
}

#[tokio::test]
async fn postgres_pages_cover_each_row_once_in_order() {
    if let Some((url, name)) = common::fresh_pg_url().await {
        pages_cover_each_row_once_in_order(&url).await;
        common::drop_pg_db(&name).await;
    }
}

both_stores!(an_officer_token_follows_only_its_own_changes, |h| {
    use dutydesk::api::types::{DailyReportBody, Via};
    use dutydesk::domain::lifecycle::Priority;
    let now = h.state.now();
    let report: DailyReportBody = serde_json::from_value(json!({"status": "resumed", "employees_on_site": 5})).unwrap();
    let today = "2026-02-16".parse().unwrap();
    // 周强 (officer 1) liaises with enterprises 1 and 2; 王立 (3) with 3 and 4.
    h.store.checkin(OFFICER_ZHOU, 1, "test", now).await.unwrap();
    h.store.checkin(3, 3, "test", now).await.unwrap();
    h.store.put_report(2, today, OFFICER_ZHOU, &report, "test", now).await.unwrap();
    h.store.put_report(3, today, 3, &report, "test", now).await.unwrap();
    let theirs =
        h.store.raise_problem(3, 3, "缺口罩", "", "物资", Priority::High, "test", Via::Api, now).await.unwrap();
    let mine = h
        .store
        .raise_problem(1, OFFICER_ZHOU, "缺工人", "", "用工", Priority::High, "test", Via::Api, now)
        .await
        .unwrap();
    let seen = |page: &serde_json::Value| -> Vec<(String, i64)> {
        page["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["kind"].as_str().unwrap().to_string(), c["id"].as_i64().unwrap()))
            .collect()
    };
    let (s, _, all) = h.get("/api/v1/changes?since=0", &h.dispatcher).await;
    assert_eq!(s, StatusCode::OK);
    let head = all["next_since"].as_i64().unwrap();
    assert!(seen(&all).contains(&("problem".into(), theirs.id)), "a command role sees everything: {all}");
    assert!(seen(&all).contains(&("checkin".into(), 3)));
    let (s, _, own) = h.get("/api/v1/changes?since=0", &h.officer).await;
    assert_eq!(s, StatusCode::OK, "{own}");
    let own_seen = seen(&own);
    for expected in [("checkin".to_string(), OFFICER_ZHOU), ("report".into(), 2), ("problem".into(), mine.id)] {
        assert!(own_seen.contains(&expected), "{expected:?} in {own}");
    }
    assert!(
        own_seen.iter().all(|(kind, id)| match kind.as_str() {
            "checkin" => *id == OFFICER_ZHOU,
            "report" | "enterprise" => [1, 2].contains(id),
            "problem" => *id == mine.id,
            _ => false,
        }),
        "only its own: {own}"
    );
    assert_eq!(own["next_since"].as_i64(), Some(head), "hidden changes are passed over");
    // Paged one at a time, the officer's pages still hold only its own and end at the head.
    let mut since = 0;
    let mut walked = Vec::new();
    loop {
        let (_, _, page) = h.get(&format!("/api/v1/changes?since={since}&limit=1"), &h.officer).await;
        walked.extend(seen(&page));
        since = page["next_since"].as_i64().unwrap();
        if page["more"] != true {
            break;
        }
    }
    assert_eq!((walked, since), (own_seen, head));
    // Someone else's write: the officer's long poll gives nothing, yet moves past it.
    let path = format!("/api/v1/changes?since={head}&wait=1");
    let waited = h.get(&path, &h.officer);
    let write = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        h.store.checkin(3, 4, "test", now).await.unwrap();
    };
    let ((_, _, page), ()) = tokio::join!(waited, write);
    assert_eq!(page["changes"], json!([]), "{page}");
    assert_eq!(page["next_since"].as_i64(), Some(head + 1), "{page}");
});

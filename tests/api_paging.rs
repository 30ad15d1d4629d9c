//! Keyset paging on a seeded preset, SQLite and PostgreSQL: walking every page of a list in
//! small steps gives each row once, in the list's order, as many rows as its total (the
//! overdue list is paged in SQL like the others, most days in a row first).

mod common;

use chrono::{DateTime, Utc};
use dutydesk::api::types::Page;
use dutydesk::config::Config;
use dutydesk::sim::{Preset, generate};
use dutydesk::store::Store;
use dutydesk::store::filters::{OverdueFilter, ProblemFilter, ProblemSort};
use dutydesk::store::page::PageRequest;
use dutydesk::store::sql::decode_cursor;

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
    let (d, _) = store.dashboard(today, now, Preset::Loudi.city()).await.unwrap();
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

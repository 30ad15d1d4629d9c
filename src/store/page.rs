//! Keyset pagination: which page a list request asks for (decoded from its opaque cursor at
//! the edge), and reading that page with `(keys) > (cursor) ORDER BY keys LIMIT n + 1`.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::sql::{SqlBuf, decode_cursor, encode_cursor, page_size, push_after, push_before};
use super::{Store, StoreResult};
use crate::api::types::{FieldError, Page};

/// Which page of a list to read: after which keys, how many rows, and whether to count all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// The sort keys of the last row of the previous page (`None` for the first page).
    pub after: Option<Vec<i64>>,
    /// Rows per page, 1 to 200.
    pub limit: i64,
    /// Whether to count every matching row (`total=true`).
    pub count_total: bool,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::first(50)
    }
}

impl PageRequest {
    /// The first `limit` rows (clamped to 1..=200), without a total.
    pub fn first(limit: i64) -> Self {
        Self { after: None, limit: limit.clamp(1, 200), count_total: false }
    }

    /// Validates the paging part of a list query: a cursor of exactly `keys` sort keys that
    /// this server gave out (`stale` says what to do otherwise), a page size (default 50,
    /// clamped to 1..=200), and whether to count.
    pub fn parse(
        cursor: Option<&str>,
        keys: usize,
        limit: Option<i64>,
        total: Option<bool>,
        stale: &str,
    ) -> Result<Self, FieldError> {
        let after = match cursor {
            None => None,
            Some(c) => Some(
                decode_cursor(c, keys)
                    .ok_or_else(|| FieldError { field: "cursor".into(), message: stale.to_string() })?,
            ),
        };
        Ok(Self { after, limit: page_size(limit), count_total: total == Some(true) })
    }

    /// [`Self::parse`] for a list with one fixed sort order.
    pub fn parse_fixed(
        cursor: Option<&str>,
        keys: usize,
        limit: Option<i64>,
        total: Option<bool>,
    ) -> Result<Self, FieldError> {
        Self::parse(cursor, keys, limit, total, "not a cursor this server gave out; start without one")
    }
}

/// The rows of one page, read by [`Store::keyset_page`]: at most `limit` of them, whether more
/// follow, and the total when it was asked for.
pub struct Window {
    /// The page's rows, in order.
    pub rows: Vec<AnyRow>,
    /// Whether rows follow this page.
    more: bool,
    /// Every matching row, counted, when the request asked for it.
    total: Option<i64>,
}

impl Window {
    /// The page of `items` (made from [`Self::rows`], in order), with the cursor of its last
    /// item by `keys` (the same values, in the same order, as the SQL key expressions).
    pub fn into_page<T>(self, items: Vec<T>, keys: impl Fn(&T) -> Vec<i64>) -> Page<T> {
        let next_cursor = if self.more { items.last().map(|last| encode_cursor(&keys(last))) } else { None };
        Page { items, next_cursor, total: self.total }
    }

    /// An empty page (with a total of 0 when one was asked for).
    pub fn empty(page: &PageRequest) -> Self {
        Self { rows: Vec::new(), more: false, total: page.count_total.then_some(0) }
    }
}

/// The direction of a keyset order: every key ascending, or every key descending (one
/// direction for all, so the cursor condition is one row comparison an index can start from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Smallest keys first: `(keys) > (cursor) ORDER BY k1, k2`.
    Ascending,
    /// Largest keys first: `(keys) < (cursor) ORDER BY k1 DESC, k2 DESC`.
    Descending,
}

/// The query of one page: `sql` with the cursor's condition, the order and the limit (one row
/// more than the page, to know whether more follow).
pub fn page_sql(mut sql: SqlBuf, keys: &[&str], order: Order, page: &PageRequest) -> SqlBuf {
    match (&page.after, order) {
        (Some(after), Order::Ascending) => push_after(&mut sql, keys, after),
        (Some(after), Order::Descending) => push_before(&mut sql, keys, after),
        (None, _) => {}
    }
    let order_by = match order {
        Order::Ascending => keys.join(", "),
        Order::Descending => keys.iter().map(|k| format!("{k} DESC")).collect::<Vec<_>>().join(", "),
    };
    sql.push(" ORDER BY ").push(&order_by).push(" LIMIT ").int(page.limit + 1);
    sql
}

impl Store {
    /// Reads one page of `sql` (a SELECT whose filters end in a `WHERE` clause, with no
    /// `ORDER BY`) in the ascending order of the SQL expressions `keys`: counts every matching
    /// row if asked, then adds `AND (keys) > (cursor) ORDER BY keys LIMIT limit + 1`. Every
    /// list reads its pages through here or [`Self::keyset_page_in`].
    pub async fn keyset_page(&self, sql: SqlBuf, keys: &[&str], page: &PageRequest) -> StoreResult<Window> {
        self.keyset_page_in(sql, keys, Order::Ascending, page).await
    }

    /// [`Self::keyset_page`] in either direction ([`page_sql`]).
    pub async fn keyset_page_in(
        &self,
        sql: SqlBuf,
        keys: &[&str],
        order: Order,
        page: &PageRequest,
    ) -> StoreResult<Window> {
        let total = if page.count_total {
            let count = SqlBuf { text: format!("SELECT COUNT(*) FROM ({}) counted", sql.text), args: sql.args.clone() };
            Some(count.query().fetch_one(self.pool()).await?.try_get::<i64, _>(0)?)
        } else {
            None
        };
        let sql = page_sql(sql, keys, order, page);
        let mut rows = sql.query().fetch_all(self.pool()).await?;
        let more = rows.len() as i64 > page.limit;
        rows.truncate(page.limit as usize);
        Ok(Window { rows, more, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql::encode_cursor;

    #[test]
    fn cursor_limit_and_total_are_validated() {
        let c = encode_cursor(&[3, 9]);
        let p = PageRequest::parse_fixed(Some(&c), 2, Some(500), Some(true)).unwrap();
        assert_eq!(p, PageRequest { after: Some(vec![3, 9]), limit: 200, count_total: true });
        assert_eq!(PageRequest::parse_fixed(None, 2, None, None).unwrap(), PageRequest::first(50));
        let e = PageRequest::parse(Some(&c), 1, None, None, "start over").unwrap_err();
        assert_eq!((e.field.as_str(), e.message.as_str()), ("cursor", "start over"));
        assert_eq!(PageRequest::first(0).limit, 1);
    }
}

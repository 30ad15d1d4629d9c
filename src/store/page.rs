//! Keyset pagination: which page a list request asks for (decoded from its opaque cursor at
//! the edge), and reading that page with `(keys) > (cursor) ORDER BY keys LIMIT n + 1`.

use crate::api::types::FieldError;

use super::sql::{decode_cursor, page_size};

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

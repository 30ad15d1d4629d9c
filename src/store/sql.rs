//! A small builder for dynamic SQL with `$N` parameters (the spelling both engines accept),
//! and the opaque keyset cursors of list endpoints.

use base64::Engine;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use super::bulk::Val;

/// SQL text with its bound values, numbered as they are pushed.
#[derive(Debug, Default, Clone)]
pub struct SqlBuf {
    /// The SQL so far.
    pub text: String,
    /// Values for `$1`, `$2`, …
    pub args: Vec<Val>,
}

impl SqlBuf {
    /// Starts with `text`.
    pub fn new(text: &str) -> Self {
        Self { text: text.to_string(), args: Vec::new() }
    }

    /// Appends raw SQL (never untrusted text).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Binds a value and appends its placeholder.
    pub fn bind(&mut self, v: Val) -> &mut Self {
        self.args.push(v);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    /// Binds an integer.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.bind(Val::I(v))
    }

    /// Binds a comma-separated list of integers (for `IN (…)`).
    pub fn int_list(&mut self, ids: &[i64]) -> &mut Self {
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.int(*id);
        }
        self
    }

    /// Binds a string.
    pub fn str(&mut self, v: &str) -> &mut Self {
        self.bind(Val::S(v.to_string()))
    }

    /// The query, ready to run.
    pub fn query(&self) -> Query<'_, sqlx::Any, AnyArguments<'_>> {
        self.args.iter().fold(sqlx::query(&self.text), bind_val)
    }
}

/// Binds one value to a query (the one place a [`Val`] becomes a parameter).
pub fn bind_val<'q>(q: Query<'q, sqlx::Any, AnyArguments<'q>>, v: &Val) -> Query<'q, sqlx::Any, AnyArguments<'q>> {
    match v {
        Val::I(i) => q.bind(*i),
        Val::N(o) => q.bind(*o),
        Val::S(s) => q.bind(s.clone()),
        Val::NS(o) => q.bind(o.clone()),
    }
}

/// A `LIKE` pattern matching `q` anywhere, with `%`, `_` and `\` escaped (use `ESCAPE '\'`).
pub fn like_pattern(q: &str) -> String {
    let mut out = String::from("%");
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Encodes keyset values as an opaque cursor.
pub fn encode_cursor(keys: &[i64]) -> String {
    let json = serde_json::to_vec(keys).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// Decodes a cursor with exactly `n` keys; `None` if it is not one we gave out.
pub fn decode_cursor(cursor: &str, n: usize) -> Option<Vec<i64>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let keys: Vec<i64> = serde_json::from_slice(&bytes).ok()?;
    (keys.len() == n).then_some(keys)
}

/// Appends `AND (e1, e2, …) > ($a, $b, …)` for keyset pagination.
pub fn push_after(sql: &mut SqlBuf, exprs: &[&str], keys: &[i64]) {
    push_beyond(sql, exprs, keys, ">");
}

/// Appends `AND (e1, e2, …) < ($a, $b, …)`: the keyset condition of a descending order.
pub fn push_before(sql: &mut SqlBuf, exprs: &[&str], keys: &[i64]) {
    push_beyond(sql, exprs, keys, "<");
}

fn push_beyond(sql: &mut SqlBuf, exprs: &[&str], keys: &[i64], op: &str) {
    sql.push(" AND (").push(&exprs.join(", ")).push(") ").push(op).push(" (");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.int(*k);
    }
    sql.push(")");
}

/// Clamps a page size to 1..=200 (default 50).
pub fn page_size(limit: Option<i64>) -> i64 {
    limit.unwrap_or(50).clamp(1, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_rejects_garbage() {
        let c = encode_cursor(&[-2, 0, 1_700_000_000_000, 42]);
        assert_eq!(decode_cursor(&c, 4), Some(vec![-2, 0, 1_700_000_000_000, 42]));
        assert_eq!(decode_cursor(&c, 3), None);
        assert_eq!(decode_cursor("not a cursor!", 1), None);
    }

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(like_pattern("5%_A"), "%5\\%\\_a%");
    }

    #[test]
    fn placeholders_number_in_order() {
        let mut s = SqlBuf::new("SELECT 1 WHERE a = ");
        s.int(1).push(" AND b = ").str("x");
        push_after(&mut s, &["c", "d"], &[3, 4]);
        assert_eq!(s.text, "SELECT 1 WHERE a = $1 AND b = $2 AND (c, d) > ($3, $4)");
        assert_eq!(s.args.len(), 4);
    }
}

//! The officer search behind `GET /officers?q=` (the console's reassign picker at province
//! scale). SQL finds the candidates by the keys stored beside each name (`officers.search_keys`,
//! [`crate::matcher::stored_keys`]: the name, the full pinyin and the initials of every reading)
//! with one `LIKE`; the matcher decides ([`crate::matcher::contains`], so exactly what the
//! console's `/` filter would find) and ranks ([`crate::matcher::rank`]); the page is cut from
//! the ranked list by a cursor of rank keys, and only its officers are read in full. The keys
//! are written with each officer (the seed's bulk load) and filled at start for rows without
//! them (a database made before the column existed).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::officers::{OfficerFilter, push_filters};
use super::sql::{SqlBuf, encode_cursor, like_pattern};
use super::{Store, StoreResult};
use crate::api::types::{Officer, Page};
use crate::matcher::{self, Candidate, CandidateKind, EVERY_QUERY, Quality};

/// How many keys a search cursor carries: quality, exact, score, name length and id.
pub const RANK_KEYS: usize = 5;

/// Officers whose keys one fill statement writes.
const FILL_BATCH: i64 = 500;

/// The place of a match in the result, ascending: the better quality (prefix, contains,
/// fuzzy), an exact key, the higher score, the shorter name, then the id.
fn rank_key(quality: Quality, exact: bool, score: u32, name: &str, id: i64) -> [i64; RANK_KEYS] {
    let quality = match quality {
        Quality::Prefix => 0,
        Quality::Contains => 1,
        Quality::Fuzzy => 2,
    };
    [quality, i64::from(!exact), -i64::from(score), name.chars().count() as i64, id]
}

impl Store {
    /// Writes the search keys of every officer that has none; returns how many were written.
    pub async fn fill_search_keys(&self) -> StoreResult<u64> {
        let mut written = 0;
        loop {
            let rows = sqlx::query("SELECT id, name FROM officers WHERE search_keys IS NULL ORDER BY id LIMIT $1")
                .bind(FILL_BATCH)
                .fetch_all(self.pool())
                .await?;
            if rows.is_empty() {
                return Ok(written);
            }
            let mut sql = SqlBuf::new("UPDATE officers SET search_keys = CASE id");
            let mut ids = Vec::with_capacity(rows.len());
            for r in &rows {
                let (id, name): (i64, String) = (r.try_get("id")?, r.try_get("name")?);
                sql.push(" WHEN ").int(id).push(" THEN ").str(&matcher::stored_keys(&name));
                ids.push(id);
            }
            sql.push(" END WHERE id IN (").int_list(&ids).push(")");
            written += sql.query().execute(self.pool()).await?.rows_affected();
        }
    }

    /// The officers `text` finds (Chinese, full pinyin or initials of the name, in any
    /// reading), best first, within the filter's park, unit and attendance; the page starts
    /// after the cursor's rank keys. Reads the matching officers' ids, names and keys, and the
    /// page's officers in full.
    pub async fn search_officers(
        &self,
        f: &OfficerFilter,
        text: &str,
        scope_officer: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<Page<Officer>> {
        let query = matcher::normalise(text);
        let mut sql = SqlBuf::new("SELECT o.id, o.name, o.search_keys FROM officers o WHERE o.active = 1");
        push_filters(&mut sql, f, scope_officer, &self.calendar, now);
        sql.push(" AND (o.search_keys LIKE ").str(&like_pattern(&query)).push(" ESCAPE '\\' OR o.search_keys = ");
        sql.str(EVERY_QUERY).push(")");
        let mut candidates = Vec::new();
        for r in sql.query().fetch_all(self.pool()).await? {
            let (id, name): (i64, String) = (r.try_get("id")?, r.try_get("name")?);
            if !matcher::contains(&name, &query) {
                continue;
            }
            candidates.push(match r.try_get::<Option<String>, _>("search_keys")? {
                Some(keys) if keys != EVERY_QUERY => {
                    Candidate::with_keys(CandidateKind::Officer, id, &name, keys.split(' ').map(str::to_string))
                }
                _ => Candidate::new(CandidateKind::Officer, id, &name, &[]),
            });
        }
        // `contains` found each of them; a name the ranking keys miss (more readings than they
        // spell out) still counts, as a match inside the name.
        let mut scores = vec![(Quality::Contains, false, 0); candidates.len()];
        for r in matcher::rank(&query, &candidates) {
            scores[r.index] = (r.quality, r.exact, r.score);
        }
        let mut keys: Vec<[i64; RANK_KEYS]> = candidates
            .iter()
            .zip(scores)
            .map(|(c, (quality, exact, score))| rank_key(quality, exact, score, &c.name, c.id))
            .collect();
        keys.sort_unstable();
        let total = f.page.count_total.then_some(keys.len() as i64);
        let start = f.page.after.as_ref().map_or(0, |after| keys.partition_point(|k| k.as_slice() <= after.as_slice()));
        let limit = f.page.limit as usize;
        let page: Vec<[i64; RANK_KEYS]> = keys.iter().skip(start).take(limit + 1).copied().collect();
        let more = page.len() > limit;
        let page = &page[..page.len().min(limit)];
        let ids: Vec<i64> = page.iter().map(|k| k[RANK_KEYS - 1]).collect();
        let mut items = Vec::with_capacity(ids.len());
        if !ids.is_empty() {
            let mut sql = self.select_officers(now);
            sql.push(" AND o.id IN (").int_list(&ids).push(")");
            let rows = sql.query().fetch_all(self.pool()).await?;
            let mut found: std::collections::HashMap<i64, Officer> =
                self.officers_from_rows(&rows, now).await?.into_iter().map(|o| (o.id, o)).collect();
            items.extend(ids.iter().filter_map(|id| found.remove(id)));
        }
        let next_cursor = if more { page.last().map(|k| encode_cursor(k)) } else { None };
        Ok(Page { items, next_cursor, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_keys_order_best_first() {
        let prefix = rank_key(Quality::Prefix, false, 10, "王建", 9);
        let exact = rank_key(Quality::Prefix, true, 1, "王建伟", 8);
        let inside = rank_key(Quality::Contains, true, 99, "王", 1);
        assert!(exact < prefix && prefix < inside, "quality, then exact, then score");
        assert!(rank_key(Quality::Prefix, false, 10, "王建", 3) < prefix, "then the id");
        assert!(rank_key(Quality::Prefix, false, 10, "王", 30) < prefix, "a shorter name first");
    }
}

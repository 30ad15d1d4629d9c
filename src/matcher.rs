//! The one text matcher of the console: finding a name by what a duty officer types, the
//! Chinese itself, its full pinyin or its initials (`jt` → 交通运输局, `wjw` → 卫健委), in every
//! reading of a polyphonic character (长沙 matches `changsha`, not only `zhangsha`).
//!
//! [`contains`] answers "does this text match?" (the `/` filter, `:park`, the snapshot's park
//! and unit lookup); [`rank`] orders reassign candidates (short names and aliases too;
//! departments above officers for the same quality of match); [`stored_keys`] is what a store
//! keeps beside a name so that SQL can find the candidates of [`contains`] (the server's
//! officer search).

mod reading;

pub use reading::{EVERY_QUERY, contains, find_name, normalise, readings, search_keys, stored_keys};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Whether a candidate is a department or an officer; departments rank first for the same quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum CandidateKind {
    /// A department (ranks first); found by its short name, full name and aliases.
    Department,
    /// A liaison officer, found by their name.
    Officer,
}

/// Something a problem can be assigned to, with the texts it can be found by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Whether it is a department or an officer.
    pub kind: CandidateKind,
    /// The department's or officer's id on the server.
    pub id: i64,
    /// The name shown in the picker (a department's short name); also one of its search keys.
    pub name: String,
    /// Lowercased names and their pinyin forms, built once.
    keys: Vec<String>,
}

impl Candidate {
    /// A candidate found by `name` and any of `aliases`.
    pub fn new(kind: CandidateKind, id: i64, name: &str, aliases: &[String]) -> Self {
        let mut keys = Vec::new();
        for text in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            keys.extend(search_keys(text));
        }
        keys.sort();
        keys.dedup();
        Self { kind, id, name: name.to_string(), keys }
    }

    /// A candidate found by keys built before, such as a store's [`stored_keys`] split at spaces.
    pub fn with_keys(kind: CandidateKind, id: i64, name: &str, keys: impl IntoIterator<Item = String>) -> Self {
        let mut keys: Vec<String> = keys.into_iter().filter(|k| !k.is_empty()).collect();
        keys.sort();
        keys.dedup();
        Self { kind, id, name: name.to_string(), keys }
    }
}

/// How well a key matches; variants go from worst to best, so a greater value is a better match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    /// Matched by fuzzy subsequence only.
    Fuzzy,
    /// The query occurs inside a key.
    Contains,
    /// A key starts with (or equals) the query.
    Prefix,
}

/// One candidate that matched a query, with what [`rank`] ordered it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Index into the candidates given.
    pub index: usize,
    /// The best quality among its keys (prefix, contains or fuzzy); [`rank`]'s first criterion.
    pub quality: Quality,
    /// Some key equals the query exactly (a tie-breaker after the kind).
    pub exact: bool,
    /// Fuzzy score within the quality.
    pub score: u32,
}

/// Ranks `candidates` for `query`: by quality, then departments before officers, then an
/// exact key, then score, then the shorter name. An empty query lists everything, departments first.
pub fn rank(query: &str, candidates: &[Candidate]) -> Vec<Ranked> {
    let q = normalise(query);
    let mut out: Vec<Ranked> = Vec::new();
    if q.is_empty() {
        out.extend(candidates.iter().enumerate().map(|(index, _)| Ranked {
            index,
            quality: Quality::Fuzzy,
            exact: false,
            score: 0,
        }));
    } else {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let pattern = Pattern::parse(&q, CaseMatching::Ignore, Normalization::Smart);
        let mut buf = Vec::new();
        for (index, c) in candidates.iter().enumerate() {
            let mut best: Option<(Quality, bool, u32)> = None;
            for key in &c.keys {
                let quality = if key.starts_with(&q) {
                    Quality::Prefix
                } else if key.contains(&q) {
                    Quality::Contains
                } else {
                    Quality::Fuzzy
                };
                let Some(score) = pattern.score(Utf32Str::new(key, &mut buf), &mut matcher) else { continue };
                let candidate = (quality, *key == q, score);
                if best.is_none_or(|b| candidate > b) {
                    best = Some(candidate);
                }
            }
            if let Some((quality, exact, score)) = best {
                out.push(Ranked { index, quality, exact, score });
            }
        }
    }
    out.sort_by(|a, b| {
        let (ca, cb) = (&candidates[a.index], &candidates[b.index]);
        b.quality
            .cmp(&a.quality)
            .then(ca.kind.cmp(&cb.kind))
            .then(b.exact.cmp(&a.exact))
            .then(b.score.cmp(&a.score))
            .then(ca.name.chars().count().cmp(&cb.name.chars().count()))
            .then(ca.name.cmp(&cb.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: i64, name: &str, aliases: &[&str]) -> Candidate {
        Candidate::new(
            CandidateKind::Department,
            id,
            name,
            &aliases.iter().map(std::string::ToString::to_string).collect::<Vec<_>>(),
        )
    }

    fn officer(id: i64, name: &str) -> Candidate {
        Candidate::new(CandidateKind::Officer, id, name, &[])
    }

    fn world() -> Vec<Candidate> {
        vec![
            dept(1, "交通运输局", &["市交通运输局", "交通局"]),
            dept(2, "卫健委", &["市卫生健康委员会", "卫健局"]),
            dept(3, "工信局", &["市工业和信息化局"]),
            dept(4, "金融办", &["市地方金融监督管理局"]),
            officer(10, "江涛"),
            officer(11, "蒋婷"),
            officer(12, "王建伟"),
            officer(13, "长沙晚报 李明"),
        ]
    }

    fn top(q: &str) -> String {
        let w = world();
        rank(q, &w).first().map(|r| w[r.index].name.clone()).unwrap_or_default()
    }

    #[test]
    fn initials_find_departments() {
        assert_eq!(top("jt"), "交通运输局");
        assert_eq!(top("wjw"), "卫健委");
        assert_eq!(top("gxj"), "工信局");
    }

    #[test]
    fn full_pinyin_and_chinese() {
        assert_eq!(top("jiaotong"), "交通运输局");
        assert_eq!(top("weijian"), "卫健委");
        assert_eq!(top("卫健"), "卫健委");
        assert_eq!(top("交通"), "交通运输局");
    }

    #[test]
    fn aliases_and_full_names_count() {
        // 市卫生健康委员会 → sws… initials, and the alias 卫健局.
        assert_eq!(top("市卫生健康"), "卫健委");
        assert_eq!(top("wsjk"), "卫健委");
        assert_eq!(top("金融监督"), "金融办");
    }

    #[test]
    fn polyphonic_reads_every_way() {
        let r = readings("长沙");
        assert!(r.iter().any(|(f, i)| f == "changsha" && i == "cs"), "{r:?}");
        assert!(r.iter().any(|(f, _)| f == "zhangsha"), "{r:?}");
        assert_eq!(top("changsha"), "长沙晚报 李明");
        assert_eq!(top("csw"), "长沙晚报 李明");
    }

    #[test]
    fn departments_rank_above_officers_for_the_same_quality() {
        // "jt" begins 交通运输局 (jtysj), and is all of 江涛 and 蒋婷 (jt): the department first,
        // then the officers whose initials it is exactly.
        let w = world();
        let ranked = rank("jt", &w);
        let names: Vec<&str> = ranked.iter().map(|r| w[r.index].name.as_str()).collect();
        assert_eq!(names[0..3], ["交通运输局", "江涛", "蒋婷"], "{names:?}");
        // A better match of an officer still beats a worse one of a department.
        let ranked = rank("jiangtao", &w);
        assert_eq!(w[ranked[0].index].name, "江涛");
        // Typing an officer's name exactly finds that officer.
        assert_eq!(top("王建伟"), "王建伟");
    }

    #[test]
    fn mixed_pinyin_and_chinese_and_nothing() {
        assert_eq!(top("JiaoTong"), "交通运输局");
        assert!(rank("xyzzy", &world()).is_empty());
        assert_eq!(rank("", &world()).len(), 8);
        assert_eq!(world()[rank("", &world())[0].index].kind, CandidateKind::Department);
    }
}

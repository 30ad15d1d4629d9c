//! How Chinese text is read for matching: the pinyin syllables of each character (every
//! reading of a polyphonic one), the readings of a whole name for ranking keys, and
//! [`contains`], which matches a query against the text, its full pinyin or its initials
//! without enumerating reading combinations (so a long name with many polyphonic characters
//! is matched in every reading, not only the first few).

use pinyin::ToPinyinMulti;

/// Most reading combinations kept per name for ranking keys.
const MAX_READINGS: usize = 32;

/// The (full pinyin, initial) options of one character: its readings if it has pinyin, itself
/// lowercased if it is a letter or digit, nothing (skipped) otherwise.
fn syllables(c: char) -> Option<Vec<(String, String)>> {
    match c.to_pinyin_multi() {
        Some(multi) => Some(multi.into_iter().map(|p| (p.plain().to_string(), p.first_letter().to_string())).collect()),
        None if c.is_alphanumeric() => {
            let l: String = c.to_lowercase().collect();
            Some(vec![(l.clone(), l)])
        }
        None => None,
    }
}

/// Every (full pinyin, initials) reading of `text`, characters without pinyin kept as they are
/// (lowercased), at most `MAX_READINGS`: all combinations when there are that few, else the
/// first reading of every character and each single character read another way.
pub fn readings(text: &str) -> Vec<(String, String)> {
    let chars: Vec<Vec<(String, String)>> = text.chars().filter_map(syllables).collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let combinations = chars.iter().try_fold(1usize, |n, o| n.checked_mul(o.len())).unwrap_or(usize::MAX);
    let join = |pick: &dyn Fn(usize) -> usize| -> (String, String) {
        chars.iter().enumerate().fold((String::new(), String::new()), |(mut f, mut i), (n, o)| {
            let (full, initial) = &o[pick(n)];
            f.push_str(full);
            i.push_str(initial);
            (f, i)
        })
    };
    if combinations <= MAX_READINGS {
        return (0..combinations)
            .map(|mut k| {
                let picks: Vec<usize> = chars
                    .iter()
                    .map(|o| {
                        let p = k % o.len();
                        k /= o.len();
                        p
                    })
                    .collect();
                join(&|n| picks[n])
            })
            .collect();
    }
    let mut out = vec![join(&|_| 0)];
    for (at, options) in chars.iter().enumerate() {
        for alt in 1..options.len() {
            if out.len() >= MAX_READINGS {
                return out;
            }
            out.push(join(&|n| if n == at { alt } else { 0 }));
        }
    }
    out
}

/// The texts `text` can be found by: itself lowercased, then the full pinyin and the initials
/// of each of its readings (none for a text without Chinese).
pub fn search_keys(text: &str) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut keys = vec![text.to_lowercase()];
    if text.chars().any(|c| c.to_pinyin_multi().is_some()) {
        for (full, initials) in readings(text) {
            keys.push(full);
            keys.push(initials);
        }
    }
    keys
}

/// Most reading combinations [`stored_keys`] spells out for one text.
const MAX_STORED_READINGS: usize = 256;

/// What [`stored_keys`] gives for a text with more reading combinations than it spells out: a
/// store treats such a text as a candidate for every query and leaves the decision to [`contains`].
pub const EVERY_QUERY: &str = "*";

/// The keys a store keeps beside a name so that SQL finds every candidate of [`contains`] with
/// `LIKE '%query%'` on the normalised query: the name lowercased, then the full pinyin and the
/// initials of every combination of readings, separated by spaces (a normalised query has no
/// spaces, so it never matches across two keys). Whatever `contains` finds for a query holds
/// the query in one of these keys; the converse need not hold, so the store still checks with
/// `contains`. A text with more than 256 combinations is stored as [`EVERY_QUERY`].
pub fn stored_keys(text: &str) -> String {
    let text = text.trim();
    let mut chars: Vec<Vec<(String, String)>> = text.chars().filter_map(syllables).collect();
    for options in &mut chars {
        options.sort();
        options.dedup();
    }
    let combinations = chars.iter().try_fold(1usize, |n, o| n.checked_mul(o.len())).unwrap_or(usize::MAX);
    if combinations > MAX_STORED_READINGS {
        return EVERY_QUERY.to_string();
    }
    let mut keys = vec![text.to_lowercase()];
    if !chars.is_empty() {
        for mut k in 0..combinations {
            let (mut full, mut initials) = (String::new(), String::new());
            for options in &chars {
                let (f, i) = &options[k % options.len()];
                k /= options.len();
                full.push_str(f);
                initials.push_str(i);
            }
            keys.push(full);
            keys.push(initials);
        }
    }
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| !k.is_empty() && seen.insert(k.clone()));
    keys.join(" ")
}

/// The query as the matcher compares it: lowercased, without spaces.
pub fn normalise(query: &str) -> String {
    query.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `q[k..]` continues from the start of character `i`: whole syllables, then a prefix
/// of one (full pinyin).
fn full_from(chars: &[Vec<(String, String)>], i: usize, q: &str) -> bool {
    q.is_empty()
        || chars.get(i).is_some_and(|options| {
            options.iter().any(|(full, _)| match q.strip_prefix(full.as_str()) {
                Some(rest) => full_from(chars, i + 1, rest),
                None => full.starts_with(q),
            })
        })
}

/// Whether `q` is the initials of characters `i`, `i + 1`, ….
fn initials_from(chars: &[Vec<(String, String)>], i: usize, q: &str) -> bool {
    let Some(first) = q.chars().next() else { return true };
    chars.get(i).is_some_and(|options| {
        options.iter().any(|(_, initial)| initial.starts_with(first))
            && initials_from(chars, i + 1, &q[first.len_utf8()..])
    })
}

/// Whether `query` occurs in `text`, or in the full pinyin or initials of any reading of it
/// (`changsha` and `cs` find 长沙高新区; `wbxq` finds 万宝新区). An empty query matches.
pub fn contains(text: &str, query: &str) -> bool {
    let q = normalise(query);
    if q.is_empty() || text.to_lowercase().contains(&q) {
        return true;
    }
    // Pinyin is typed in Latin letters: a query with other characters cannot match a reading.
    if !q.chars().all(|c| c.is_ascii_alphanumeric()) || !text.chars().any(|c| c.to_pinyin_multi().is_some()) {
        return false;
    }
    let chars: Vec<Vec<(String, String)>> = text.chars().filter_map(syllables).collect();
    (0..chars.len()).any(|i| {
        initials_from(&chars, i, &q)
            || chars[i].iter().any(|(full, _)| {
                // The query starts inside this syllable (or lies within it).
                (0..full.len()).filter(|&cut| full.is_char_boundary(cut)).any(|cut| {
                    let tail = &full[cut..];
                    match q.strip_prefix(tail) {
                        Some(rest) => full_from(&chars, i + 1, rest),
                        None => tail.starts_with(q.as_str()),
                    }
                })
            })
    })
}

/// The first of `items` whose name is `query` exactly, else the first whose name
/// [`contains`] it; none for a blank query.
pub fn find_name<'a, T>(items: &'a [T], name: impl Fn(&T) -> &str, query: &str) -> Option<&'a T> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    items.iter().find(|i| name(i) == q).or_else(|| items.iter().find(|i| contains(name(i), q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_reads_chinese_every_way() {
        assert!(contains("长沙高新技术产业开发区", "changsha"));
        assert!(contains("长沙高新技术产业开发区", "zhangsha"));
        assert!(contains("长沙高新技术产业开发区", "csgx"));
        assert!(contains("长沙高新技术产业开发区", "高新"));
        assert!(contains("长沙高新技术产业开发区", "angshagao"));
        assert!(contains("长沙高新技术产业开发区", "kaifaq"));
        assert!(contains("万宝新区", "wbxq"));
        assert!(contains("万宝新区", "wanbao"));
        assert!(contains("Huayang 华洋", "HUAYANG"));
        assert!(contains("万宝新区", ""));
        assert!(!contains("万宝新区", "lianyuan"));
        assert!(!contains("万宝新区", "新华"));
        assert!(!contains("万宝新区", "wbq"));
    }

    #[test]
    fn long_names_keep_every_single_alternative_reading() {
        let keys = search_keys("长沙高新技术产业开发区");
        assert!(keys.iter().any(|k| k.starts_with("changsha")), "{keys:?}");
        assert!(keys.iter().any(|k| k.starts_with("zhangsha")), "{keys:?}");
    }

    #[test]
    fn stored_keys_hold_every_query_contains_finds() {
        let names = ["长沙晚报 李明", "万宝新区", "曾重行", "Huayang 华洋", "单于乐"];
        let queries = ["changsha", "zhangsha", "csw", "wbxq", "baoxin", "zengzhong", "cengchong", "zcx", "hangxing"];
        for name in names {
            let keys = stored_keys(name);
            assert_ne!(keys, EVERY_QUERY, "{name}");
            for q in queries.iter().chain(["李明", "huayang", "华洋", "shanyu", "cy"].iter()) {
                if contains(name, q) {
                    assert!(keys.contains(&normalise(q)), "{name}: {q:?} not in {keys:?}");
                }
            }
        }
        assert!(stored_keys("曾重行").split(' ').any(|k| k == "cengchonghang"), "every combination");
        let long: String = "长重行乐单曾".repeat(3);
        assert_eq!(stored_keys(&long), EVERY_QUERY);
    }

    #[test]
    fn find_name_prefers_the_exact_name() {
        let parks = ["长沙经济技术开发区", "长沙县", "星沙街道"];
        assert_eq!(find_name(&parks, |p| p, "长沙县"), Some(&"长沙县"));
        assert_eq!(find_name(&parks, |p| p, "changsha"), Some(&"长沙经济技术开发区"));
        assert_eq!(find_name(&parks, |p| p, "xingsha"), Some(&"星沙街道"));
        assert_eq!(find_name(&parks, |p| p, "  "), None);
    }
}

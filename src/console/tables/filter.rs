//! Which rows a table shows: those matching the filter (text, or the pinyin of Chinese), in
//! the chosen sort order. The same for every pane and list, and testable without a terminal.

use crate::console::model::Nav;

use super::table::{Row, Table};

/// Whether a table's rows must all be built to show it: a filter or a sort looks at every
/// row; without them a list builds only its window.
pub(crate) fn needs_every_row(nav: &Nav) -> bool {
    !nav.filter.is_empty() || nav.sort.is_some()
}

/// Positions of the rows shown: those matching the filter, in the chosen order. Without a
/// filter and a sort that is every position, built or not.
pub(crate) fn shown(t: &Table, nav: &Nav) -> Vec<usize> {
    let mut idx: Vec<usize> =
        (0..t.len()).filter(|&i| nav.filter.is_empty() || t.row(i).is_some_and(|r| matches(r, &nav.filter))).collect();
    if let Some((col, desc)) = nav.sort {
        idx.sort_by(|&a, &b| {
            let (ka, kb) = (t.row(a).and_then(|r| r.sort.get(col)), t.row(b).and_then(|r| r.sort.get(col)));
            let o = ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal);
            if desc { o.reverse() } else { o }
        });
    }
    idx
}

/// Whether a row matches a filter: some cell matches it by [`crate::matcher::contains`]
/// (case-insensitive text, or the pinyin, full or initials, of any reading of its Chinese), so
/// `wbxq` finds 万宝新区 and `changsha` finds 长沙 on any keyboard.
pub(crate) fn matches(row: &Row, filter: &str) -> bool {
    filter.trim().is_empty() || row.cells.iter().any(|c| crate::matcher::contains(&c.text, filter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::tables::table::{Cell, SortKey};

    fn row(name: &str, n: f64) -> Row {
        Row { key: name.into(), cells: vec![Cell::new(name)], sort: vec![SortKey::Num(n)], ..Row::default() }
    }

    #[test]
    fn filter_by_text_and_pinyin() {
        let r = row("万宝新区", 1.0);
        assert!(matches(&r, "万宝"));
        assert!(matches(&r, "wbxq"));
        assert!(matches(&r, "wanbao"));
        assert!(!matches(&r, "lianyuan"));
        assert!(matches(&row("Huayang 华洋", 0.0), "HUAYANG"));
        assert!(matches(&row("长沙县", 0.0), "changsha"));
    }

    #[test]
    fn sort_and_filter_indices() {
        let t = Table { rows: vec![row("a", 3.0), row("b", 1.0), row("c", 2.0)], ..Table::default() };
        let mut nav = Nav::default();
        assert_eq!(shown(&t, &nav), vec![0, 1, 2]);
        nav.sort = Some((0, false));
        assert_eq!(shown(&t, &nav), vec![1, 2, 0]);
        nav.sort = Some((0, true));
        assert_eq!(shown(&t, &nav), vec![0, 2, 1]);
        nav.filter = "c".into();
        assert_eq!(shown(&t, &nav), vec![2]);
    }
}

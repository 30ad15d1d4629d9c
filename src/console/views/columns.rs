//! Column widths, one algorithm for every table: each column is measured on the rows built (its
//! natural width, and for a right-aligned column the narrowest it can be without cutting a
//! number, a unit or a duration); then, in a given width, columns are dropped (highest `drop`
//! first) only while their minimums do not fit, every column gets its minimum, the ones that
//! never grow (weight 0) their natural width, the flexible ones theirs by weight, and the rest
//! is shared by weight among the flexible ones, never all to one.

use crate::console::look::format::width;
use crate::console::tables::{Col, Table};

/// What a column's content asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Measure {
    /// The widest of its title and its cells' texts.
    pub natural: u16,
    /// The narrowest it is drawn: its minimum (or its natural width if that is less), and for a
    /// right-aligned column never less than its widest cell in its shorter form.
    pub least: u16,
}

fn cols_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The measures of a table's columns over its built rows; `sorted` is the column whose
/// title carries the sort marker.
pub(crate) fn measure(table: &Table, sorted: Option<usize>) -> Vec<Measure> {
    table
        .cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = usize::from(sorted == Some(i));
            let cells = table.rows.iter().filter_map(|r| r.cells.get(i));
            let natural = cells.clone().map(|c| width(&c.text)).max().unwrap_or(0).max(width(&c.title) + mark);
            let whole = if c.right {
                cells.map(|c| width(c.short.as_deref().unwrap_or(&c.text))).max().unwrap_or(0)
            } else {
                0
            };
            let natural = cols_of(natural);
            Measure { natural, least: c.min.min(natural).max(cols_of(whole)) }
        })
        .collect()
}

/// Gives up to `rem` columns to `widths[i]` of the columns `open` by their weights, each at
/// most up to `cap(i)`; returns what is left.
fn share(widths: &mut [u16], open: &[(usize, u16)], mut rem: u16, cap: impl Fn(usize) -> u16) -> u16 {
    loop {
        let open: Vec<(usize, u16)> = open.iter().copied().filter(|&(i, _)| widths[i] < cap(i)).collect();
        let total: u32 = open.iter().map(|&(_, w)| u32::from(w)).sum();
        if rem == 0 || open.is_empty() || total == 0 {
            return rem;
        }
        let mut given = 0;
        for &(i, w) in &open {
            let part = (u32::from(rem) * u32::from(w) / total) as u16;
            let part = part.min(cap(i) - widths[i]);
            widths[i] += part;
            given += part;
        }
        if given == 0 {
            // Less than one column each: one at a time, heaviest first.
            let mut by_weight = open.clone();
            by_weight.sort_by_key(|&(i, w)| (std::cmp::Reverse(w), i));
            for (i, _) in by_weight.into_iter().take(usize::from(rem)) {
                widths[i] += 1;
                given += 1;
            }
        }
        rem -= given;
    }
}

/// Column widths in `avail` columns (one column between neighbours): (column index, width)
/// pairs of the columns kept, in order.
pub(crate) fn layout(cols: &[Col], measures: &[Measure], avail: u16) -> Vec<(usize, u16)> {
    let least = |i: usize| measures.get(i).map_or(cols[i].min, |m| m.least);
    let natural = |i: usize| measures.get(i).map_or(cols[i].min, |m| m.natural.max(m.least));
    let mut keep: Vec<usize> = (0..cols.len()).collect();
    let need = |keep: &[usize]| -> u32 { keep.iter().map(|&i| u32::from(least(i)) + 1).sum::<u32>().saturating_sub(1) };
    while need(&keep) > u32::from(avail) {
        let Some(pos) = keep
            .iter()
            .enumerate()
            .filter(|(_, i)| cols[**i].drop > 0)
            .max_by_key(|(p, i)| (cols[**i].drop, *p))
            .map(|(p, _)| p)
        else {
            break;
        };
        keep.remove(pos);
    }
    let mut widths: Vec<u16> = (0..cols.len()).map(least).collect();
    let mut rem = u16::try_from(u32::from(avail).saturating_sub(need(&keep))).unwrap_or(0);
    // The columns that never grow past their content get it first, the most kept first.
    let mut fixed: Vec<usize> = keep.iter().copied().filter(|&i| cols[i].weight == 0).collect();
    fixed.sort_by_key(|&i| (cols[i].drop, i));
    for i in fixed {
        let more = (natural(i) - widths[i]).min(rem);
        widths[i] += more;
        rem -= more;
    }
    let flexible: Vec<(usize, u16)> =
        keep.iter().copied().filter(|&i| cols[i].weight > 0).map(|i| (i, cols[i].weight)).collect();
    rem = share(&mut widths, &flexible, rem, natural);
    share(&mut widths, &flexible, rem, |_| u16::MAX);
    keep.into_iter().map(|i| (i, widths[i])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(natural: u16, least: u16) -> Measure {
        Measure { natural, least }
    }

    fn widths(cols: &[Col], ms: &[Measure], avail: u16) -> Vec<(usize, u16)> {
        layout(cols, ms, avail)
    }

    #[test]
    fn spare_width_is_shared_by_weight_not_given_to_one() {
        let cols = [
            Col::fixed("#", 4, false, 0),
            Col::flex("title", 10).weight(2),
            Col::flex("enterprise", 8),
            Col::flex("assignee", 6),
        ];
        let ms = [m(4, 4), m(30, 10), m(20, 8), m(10, 6)];
        // Everything at its natural width (4 + 30 + 20 + 10 + 3 gaps = 67), 33 more by weight 2:1:1.
        let w = widths(&cols, &ms, 100);
        assert_eq!(w, [(0, 4), (1, 30 + 17), (2, 20 + 8), (3, 10 + 8)]);
        assert_eq!(w.iter().map(|p| p.1 + 1).sum::<u16>() - 1, 100);
    }

    #[test]
    fn short_room_shortens_the_flexible_columns_by_weight_before_dropping() {
        let cols = [
            Col::fixed("#", 4, false, 0),
            Col::flex("title", 10).weight(2),
            Col::flex("park", 6).drop(2),
            Col::fixed("due", 3, true, 0),
        ];
        let ms = [m(4, 4), m(40, 10), m(20, 6), m(7, 3)];
        // 4 + 10 + 6 + 3 + 3 gaps = 26 at least: the due column gets its 7 first, then the rest
        // goes 2:1 toward the natural widths.
        let w = widths(&cols, &ms, 38);
        assert_eq!(w, [(0, 4), (1, 10 + 6), (2, 6 + 2), (3, 7)]);
        // Below the minimums, the park is dropped.
        let w = widths(&cols, &ms, 24);
        assert_eq!(w.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1, 3]);
    }

    #[test]
    fn a_right_aligned_column_is_never_narrower_than_its_shorter_forms() {
        let mut t = Table { cols: vec![Col::fixed("over", 3, true, 0)], ..Table::default() };
        let cell = crate::console::tables::table::Cell::new("19时36分").or_short("19时");
        t.rows.push(crate::console::tables::Row { cells: vec![cell.clone()], ..Default::default() });
        assert_eq!(measure(&t, None), [m(8, 4)]);
        assert_eq!(cell.text_in(6), "19时");
        assert_eq!(cell.text_in(8), "19时36分");
    }

    #[test]
    fn columns_without_content_take_their_titles_width() {
        let t = Table { cols: vec![Col::flex("title", 12), Col::fixed("lvl", 3, true, 0)], ..Table::default() };
        assert_eq!(measure(&t, Some(1)), [m(5, 5), m(4, 3)]);
    }
}

//! The shift handover as a table: a heading row per list (with its total), a row per item
//! (a problem's row opens the problem), "… and N more" when the list is longer, and the
//! window's counts above. The words are `api::handover_text`'s, shared with the command line.

use crate::api::handover_text::{HandoverLang, counts, sections, title};
use crate::api::types::{Handover, NamedRef};

use super::context::TableContext;
use super::table::{Cell, Col, Row, SortKey, Summary, Table, Tone};
use crate::console::model::View;

fn line(key: String, cell: Cell, target: Option<View>) -> Row {
    Row { key, sort: vec![SortKey::Text(cell.text.clone())], tone: cell.tone, cells: vec![cell], target, flash: false }
}

/// The handover's table in the console's language.
pub(super) fn table(cx: &TableContext, h: &Handover) -> Table {
    let lang = if cx.lang.is_zh() { HandoverLang::Zh } else { HandoverLang::En };
    let totals: Vec<String> = counts(h, lang).into_iter().map(|(label, n)| format!("{label} {n}")).collect();
    let summary: Vec<Summary> = vec![vec![(title(h, lang), Tone::Accent)], vec![(totals.join(" · "), Tone::Normal)]];
    let cols = vec![Col::flex(cx.t("handover.col.what"), 20)];
    let mut rows = Vec::new();
    for (n, s) in sections(h, lang).into_iter().enumerate() {
        let tone = if s.total > 0 { Tone::Accent } else { Tone::Muted };
        rows.push(line(format!("{n}"), Cell::toned(format!("{} ({})", s.title, s.total), tone), None));
        if s.total == 0 {
            rows.push(line(format!("{n}.none"), Cell::toned(format!("  {}", lang.none()), Tone::Muted), None));
        }
        for (i, item) in s.items.into_iter().enumerate() {
            let target = item.problem.map(|(id, name)| View::Problem(NamedRef { id, name }));
            rows.push(line(format!("{n}.{i}"), Cell::new(format!("  {}  {}", item.lead, item.text)), target));
        }
        if s.more > 0 {
            rows.push(line(
                format!("{n}.more"),
                Cell::toned(format!("  {}", lang.and_more(s.more)), Tone::Muted),
                None,
            ));
        }
    }
    Table { summary, cols, rows, first: 0, after: 0 }
}

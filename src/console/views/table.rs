//! Draws a [`Table`]: summary lines, a header with the sort marker, and only the visible
//! window of rows (nothing is built for rows off screen), in the widths `columns` gives. The
//! selected row has the `▶` marker and the selection background, so it is visible without
//! colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::columns::{layout, measure};
use crate::console::look::format::{fit, fit_right, truncate};
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::model::Nav;
use crate::console::tables::{Table, Tone, shown};

/// The style of a tone.
pub(crate) fn tone_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Normal => theme.base,
        Tone::Ok => theme.ok,
        Tone::Warn => theme.warn,
        Tone::Critical => theme.critical,
        Tone::Muted => theme.muted,
        Tone::Accent => theme.accent,
    }
}

/// How a table is drawn besides its data.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    /// Its pane has the focus (selection drawn in full).
    pub focused: bool,
    /// The language of the header and of the loading, empty and no-match notes.
    pub lang: Lang,
    /// The data has not arrived yet: an empty table says "loading" rather than "empty".
    pub loading: bool,
    /// The selected row is drawn as selected (the marker and the background); off for a
    /// frame without chrome (`dutydesk snapshot`).
    pub selection: bool,
}

/// Draws a table into `area` of `buf`.
pub(crate) fn draw(buf: &mut Buffer, area: Rect, table: &Table, nav: &Nav, theme: &Theme, look: Look) {
    let Look { focused, lang, loading, selection } = look;
    let mut y = area.y;
    let bottom = area.y + area.height;
    for s in &table.summary {
        if y >= bottom {
            return;
        }
        let spans: Vec<Span> =
            s.iter().map(|(text, tone)| Span::styled(text.as_str(), tone_style(theme, *tone))).collect();
        buf.set_line(area.x + 1, y, &Line::from(spans), area.width.saturating_sub(1));
        y += 1;
    }
    if !nav.filter.is_empty() && y < bottom {
        let text = format!("/{}", nav.filter);
        buf.set_string(area.x + 1, y, truncate(&text, area.width.saturating_sub(1) as usize), theme.accent);
        y += 1;
    }
    if y >= bottom {
        return;
    }
    let measures = measure(table, nav.sort.map(|(c, _)| c));
    let cols = layout(&table.cols, &measures, area.width.saturating_sub(2));
    // Header.
    let mut spans = vec![Span::raw("  ")];
    for (n, &(i, w)) in cols.iter().enumerate() {
        let c = &table.cols[i];
        let mark = match nav.sort {
            Some((sc, desc)) if sc == i => {
                if desc {
                    "▼"
                } else {
                    "▲"
                }
            }
            _ => "",
        };
        let title = format!("{}{mark}", c.title);
        let text = if c.right { fit_right(&title, w as usize) } else { fit(&title, w as usize) };
        spans.push(Span::styled(text, theme.header));
        if n + 1 < cols.len() {
            spans.push(Span::raw(" "));
        }
    }
    buf.set_line(area.x, y, &Line::from(spans), area.width);
    y += 1;
    let height = bottom.saturating_sub(y) as usize;
    let idx = shown(table, nav);
    if idx.is_empty() {
        let key = if loading {
            "msg.loading"
        } else if table.len() == 0 {
            "msg.empty"
        } else {
            "msg.no_match"
        };
        if height > 0 {
            buf.set_string(area.x + 2, y, truncate(lang.t(key), area.width.saturating_sub(2) as usize), theme.muted);
        }
        return;
    }
    let selected = nav.selected.min(idx.len() - 1);
    // Clamp the scroll so the selection is visible at this height.
    let mut offset = nav.offset.min(selected);
    if height > 0 && selected >= offset + height {
        offset = selected + 1 - height;
    }
    let sel_patch = Style { fg: None, ..theme.selected };
    for (line_no, &ri) in idx.iter().enumerate().skip(offset).take(height) {
        // A windowed list built the rows that can be here; nothing else is drawn.
        let Some(row) = table.row(ri) else {
            continue;
        };
        let is_sel = selection && line_no == selected;
        let marker = match (is_sel, focused) {
            (true, true) => Span::styled("▶ ", theme.selected),
            (true, false) => Span::styled("› ", theme.muted),
            _ if row.flash => Span::styled("! ", theme.critical),
            _ => Span::raw("  "),
        };
        let mut spans = vec![marker];
        for (n, &(i, w)) in cols.iter().enumerate() {
            let Some(cell) = row.cells.get(i) else {
                continue;
            };
            let tone = if i == 0 && cell.tone == Tone::Normal { row.tone } else { cell.tone };
            let mut style = tone_style(theme, tone);
            if is_sel && focused {
                style = style.patch(sel_patch);
                if tone == Tone::Normal {
                    style = style.fg(theme.selected.fg.unwrap_or(ratatui::style::Color::Reset));
                }
            }
            let shown = cell.text_in(w as usize);
            let text = if table.cols[i].right { fit_right(shown, w as usize) } else { fit(shown, w as usize) };
            spans.push(Span::styled(text, style));
            if n + 1 < cols.len() {
                spans.push(Span::styled(" ", if is_sel && focused { theme.selected } else { theme.base }));
            }
        }
        let ly = y + (line_no - offset) as u16;
        if is_sel && focused {
            buf.set_style(Rect::new(area.x, ly, area.width, 1), theme.selected);
        }
        buf.set_line(area.x, ly, &Line::from(spans), area.width);
        if row.flash && !(is_sel && focused) {
            // A fresh alert: the row flashes (reversed on even seconds), visible without colour.
            buf.set_style(Rect::new(area.x, ly, area.width, 1), Style::default().add_modifier(Modifier::REVERSED));
        }
    }
}

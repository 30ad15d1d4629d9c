//! Modal layers: the input line (filter, palette), the palette's suggestions and the help
//! screen generated from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::console::look::format::{fit, truncate, width};
use crate::console::look::theme::Theme;
use crate::console::model::keymap::Layer;
use crate::console::model::{State, TextInput};
use crate::console::update::palette;

use super::field::field;

/// The bottom input line (label, prompt, the field); returns where the cursor goes.
pub(super) fn input_line(
    state: &State,
    theme: &Theme,
    buf: &mut Buffer,
    area: Rect,
    prompt: &str,
    input: &TextInput,
) -> Position {
    let label = if prompt == "/" { state.lang.t("msg.filter") } else { state.lang.t("palette.title") };
    let spans = vec![Span::styled(format!(" {label} "), theme.muted), Span::styled(prompt.to_string(), theme.accent)];
    buf.set_style(area, theme.base);
    let line = Line::from(spans);
    buf.set_line(area.x, area.y, &line, area.width);
    let used = (line.width() as u16).min(area.width);
    field(buf, Rect::new(area.x + used, area.y, area.width - used, 1), input, theme.base)
}

/// The palette's suggestions, just above the input line.
pub(super) fn palette(state: &State, theme: &Theme, buf: &mut Buffer, body: Rect, input: &TextInput, selected: usize) {
    let sugg = palette::suggestions(state, input.value());
    if sugg.is_empty() {
        return;
    }
    let shown = sugg.len().min(8).min(body.height.saturating_sub(2) as usize);
    let w =
        sugg.iter().map(|s| width(s)).max().unwrap_or(10).clamp(24, body.width.saturating_sub(4) as usize) as u16 + 4;
    let h = shown as u16 + 2;
    let area = Rect::new(body.x + 1, body.y + body.height.saturating_sub(h), w.min(body.width), h);
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {} ", state.lang.t("palette.title")), theme.title));
    let inner = block.inner(area);
    block.render(area, buf);
    let first = selected.saturating_sub(shown.saturating_sub(1));
    for (i, s) in sugg.iter().enumerate().skip(first).take(shown) {
        let y = inner.y + (i - first) as u16;
        let sel = i == selected;
        let text = format!("{}{}", if sel { "▶ " } else { "  " }, s);
        let style = if sel { theme.selected } else { theme.base };
        buf.set_string(inner.x, y, fit(&text, inner.width as usize), style);
    }
}

/// The help screen: every bound key of every layer, from the keymap.
pub(super) fn help(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect, scroll: usize) {
    Clear.render(area, buf);
    let title = format!(" {} · {} ", state.lang.t("help.title"), state.lang.t("help.close"));
    let block = Block::bordered().border_style(theme.border_focus).title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines: Vec<(String, String, bool)> = Vec::new();
    let triage = if state.can_triage() { Some(("triage", Layer::Triage)) } else { None };
    let layers = [Some(("", Layer::Normal)), triage, Some(("input", Layer::Input)), Some(("dialog", Layer::Dialog))];
    for (name, layer) in layers.into_iter().flatten().chain([("help", Layer::Help)]) {
        if !name.is_empty() {
            lines.push((format!("[{name}]"), String::new(), true));
        }
        for e in state.keymap.layer(layer).visible() {
            lines.push((e.keys.join(" "), e.describe(state.lang).to_string(), false));
        }
    }
    let kw = 18usize.min(inner.width as usize / 3);
    for (i, (keys, desc, head)) in
        lines.iter().skip(scroll.min(lines.len().saturating_sub(1))).take(inner.height as usize).enumerate()
    {
        let y = inner.y + i as u16;
        if *head {
            buf.set_string(inner.x + 1, y, keys, theme.header);
            continue;
        }
        buf.set_string(inner.x + 1, y, fit(keys, kw), theme.accent);
        let rest = inner.width.saturating_sub(kw as u16 + 2) as usize;
        buf.set_string(inner.x + 2 + kw as u16, y, truncate(desc, rest), theme.base);
    }
}

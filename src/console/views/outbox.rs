//! The outbox layers drawn over the body: `:outbox` (each action awaiting a definite answer
//! with its age and how its delivery goes, the question before dropping one) and the question
//! when quitting with actions pending. Only draws.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::console::look::format::fit;
use crate::console::look::theme::Theme;
use crate::console::model::{Modal, State};
use crate::console::update::outbox::describe;

use super::triage::{buttons, frame, put};

/// Draws the outbox layer in effect, if any.
pub(crate) fn draw(state: &State, theme: &Theme, buf: &mut Buffer, body: Rect) {
    let t = |k| state.lang.t(k);
    match &state.modal {
        Modal::Outbox { selected, dropping } => {
            let list = &state.inflight;
            let rows = (list.len().max(1) as u16).min(body.height.saturating_sub(5).clamp(1, 12));
            let extra = if *dropping { 3 } else { 1 };
            let inner = frame(theme, buf, body, rows + extra, &format!("{} · {}", t("ob.title"), list.len()));
            if list.is_empty() {
                put(buf, inner, 0, vec![Span::styled(t("ob.empty"), theme.muted)]);
            }
            let first = selected.saturating_sub(rows as usize - 1);
            for (i, p) in list.iter().enumerate().skip(first).take(rows as usize) {
                let sel = i == *selected;
                let style = if sel { theme.selected } else { theme.base };
                let text = format!("{}{}", if sel { "▶" } else { " " }, describe(state, p, state.now));
                put(buf, inner, (i - first) as u16, vec![Span::styled(fit(&text, inner.width as usize), style)]);
            }
            if *dropping {
                put(buf, inner, rows, vec![Span::styled(t("ob.drop_q"), theme.warn)]);
                buttons(state, theme, buf, inner, rows + 2, false, t("ob.drop"));
            } else {
                put(buf, inner, rows, vec![Span::styled(t("ob.hint"), theme.muted)]);
            }
        }
        Modal::Quit { yes } => {
            let inner = frame(theme, buf, body, 3, t("quit.title"));
            let text = format!("{} {}", state.inflight.len(), t("quit.pending"));
            put(buf, inner, 0, vec![Span::styled(text, theme.warn)]);
            buttons(state, theme, buf, inner, 2, *yes, t("quit.quit"));
        }
        _ => {}
    }
}

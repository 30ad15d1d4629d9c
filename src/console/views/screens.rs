//! The body: the dashboard as a 2×2 grid of bordered panes when wide, one pane at a time when
//! narrow; a drill-down screen's table full width.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

use super::table;
use crate::console::look::theme::Theme;
use crate::console::model::pane::PANES;
use crate::console::model::{Pane, State};
use crate::console::tables::{self, TableRef};

/// Draws the dashboard: every pane in a grid when the terminal is wide, else the focused pane alone.
pub(super) fn dashboard(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let loading = state.dash.is_none();
    if !state.wide() {
        let t = tables::table(state, TableRef::Pane(state.focus));
        table::draw(
            buf,
            area,
            &t,
            tables::nav(state, TableRef::Pane(state.focus)),
            theme,
            table::Look { focused: true, lang: state.lang, loading, selection: state.chrome },
        );
        return;
    }
    for (pane, rect) in Pane::all().zip(grid(area, PANES.len())) {
        let focused = pane == state.focus;
        let title = format!(" {} {} ", pane.index() + 1, state.lang.t(state.pane_title_key(pane)));
        let block = Block::bordered()
            .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
            .border_style(if focused { theme.border_focus } else { theme.border })
            .title(Line::from(Span::styled(title, if focused { theme.title } else { theme.header })));
        let inner = block.inner(rect);
        block.render(rect, buf);
        let t = tables::table(state, TableRef::Pane(pane));
        table::draw(
            buf,
            inner,
            &t,
            tables::nav(state, TableRef::Pane(pane)),
            theme,
            table::Look { focused, lang: state.lang, loading, selection: state.chrome },
        );
    }
}

/// `n` cells in two columns (the last row one wide cell when `n` is odd), filling `area`.
fn grid(area: Rect, n: usize) -> Vec<Rect> {
    let rows = n.div_ceil(2);
    let heights = Layout::vertical(vec![Constraint::Fill(1); rows]).split(area);
    let mut cells = Vec::with_capacity(n);
    for (r, row) in heights.iter().enumerate() {
        let cols = (n - 2 * r).min(2);
        cells.extend(Layout::horizontal(vec![Constraint::Fill(1); cols]).split(*row).iter().copied());
    }
    cells
}

/// A drill-down screen.
pub(super) fn screen(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let top = state.top();
    let t = tables::screen_table(state, top);
    let mut area = area;
    if let Some(e) = &top.error {
        buf.set_string(
            area.x + 1,
            area.y,
            crate::console::look::format::truncate(&format!("⚠ {e}"), area.width as usize - 1),
            theme.critical,
        );
        area = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    }
    let loading = top.view.needs_fetch() && top.data.is_none() || !top.view.needs_fetch() && state.dash.is_none();
    table::draw(
        buf,
        area,
        &t,
        &top.nav,
        theme,
        table::Look { focused: true, lang: state.lang, loading, selection: state.chrome },
    );
}

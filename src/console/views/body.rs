//! The body: the dashboard as a 2×2 grid of bordered panes when wide, one pane at a time when
//! narrow; a drill-down screen's table full width.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

use super::super::rows::{self, TableRef};
use super::super::state::{Pane, State};
use super::super::theme::Theme;
use super::table;

/// The dashboard.
pub fn dashboard(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let loading = state.dash.is_none();
    if !state.wide() {
        let t = rows::table(state, TableRef::Pane(state.focus));
        table::draw(
            buf,
            area,
            &t,
            rows::nav(state, TableRef::Pane(state.focus)),
            theme,
            table::Look { focused: true, lang: state.lang, loading },
        );
        return;
    }
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
    let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
    let [c, d] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    for (pane, rect) in Pane::ALL.into_iter().zip([a, b, c, d]) {
        let focused = pane == state.focus;
        let title = format!(" {} {} ", pane.index() + 1, state.lang.t(pane.title_key()));
        let block = Block::bordered()
            .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
            .border_style(if focused { theme.border_focus } else { theme.border })
            .title(Line::from(Span::styled(title, if focused { theme.title } else { theme.header })));
        let inner = block.inner(rect);
        block.render(rect, buf);
        let t = rows::table(state, TableRef::Pane(pane));
        table::draw(
            buf,
            inner,
            &t,
            rows::nav(state, TableRef::Pane(pane)),
            theme,
            table::Look { focused, lang: state.lang, loading },
        );
    }
}

/// A drill-down screen.
pub fn screen(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let top = state.top();
    let t = rows::screen_table(state, top);
    let mut area = area;
    if let Some(e) = &top.error {
        buf.set_string(
            area.x + 1,
            area.y,
            super::super::text::truncate(&format!("⚠ {e}"), area.width as usize - 1),
            theme.critical,
        );
        area = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    }
    let loading = top.view.needs_fetch() && top.data.is_none() || !top.view.needs_fetch() && state.dash.is_none();
    table::draw(buf, area, &t, &top.nav, theme, table::Look { focused: true, lang: state.lang, loading });
}

//! Views are functions of the state: `render(&State, &Theme, &mut Frame, Rect)` only draws.
//! The screen: status line, tab bar or breadcrumb, banners, the body, the hint bar (or the
//! input line), and modal layers on top.

mod chart;
pub(crate) mod clock;
pub(crate) mod columns;
mod field;
mod overlay;
mod screens;
mod status;
pub(crate) mod table;
pub(crate) mod triage;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::console::look::format::truncate;
use crate::console::look::theme::Theme;
use crate::console::model::{Modal, State, View};

/// Draws the whole console into `area`, with the terminal's cursor in the text field that has
/// focus (hidden when none has).
pub(crate) fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(cursor) = draw(state, theme, frame.buffer_mut(), area) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the whole console into a buffer (used by `render`, the run loop and `snapshot`);
/// returns where the terminal's cursor goes: in the text field that has focus, if any.
pub(crate) fn draw(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) -> Option<Position> {
    if area.width < 20 || area.height < 6 {
        buf.set_string(area.x, area.y, truncate("dutydesk: terminal too small", area.width as usize), theme.warn);
        return None;
    }
    buf.set_style(area, theme.base);
    let mut y = area.y;
    status::status_line(state, theme, buf, Rect::new(area.x, y, area.width, 1));
    y += 1;
    let on_dash = state.top().view == View::Dashboard;
    if !on_dash {
        status::breadcrumb(state, theme, buf, Rect::new(area.x, y, area.width, 1));
        y += 1;
    } else if !state.wide() {
        status::tabs(state, theme, buf, Rect::new(area.x, y, area.width, 1));
        y += 1;
    }
    let bottom = area.y + area.height - 1;
    for line in status::banners(state) {
        if y + 3 >= bottom {
            break;
        }
        let text = truncate(&line, area.width.saturating_sub(1) as usize).into_owned();
        buf.set_style(Rect::new(area.x, y, area.width, 1), theme.banner);
        buf.set_line(area.x, y, &Line::from(Span::styled(format!(" {text}"), theme.banner)), area.width);
        y += 1;
    }
    let body = Rect::new(area.x, y, area.width, bottom - y);
    if on_dash {
        screens::dashboard(state, theme, buf, body);
    } else if state.top().view == View::Chart {
        chart::draw(state, theme, buf, body);
    } else {
        screens::screen(state, theme, buf, body);
    }
    let last = Rect::new(area.x, bottom, area.width, 1);
    let line_cursor = match &state.modal {
        Modal::Filter { input } => Some(overlay::input_line(state, theme, buf, last, "/", input)),
        Modal::Palette { input, selected } => {
            overlay::palette(state, theme, buf, body, input, *selected);
            Some(overlay::input_line(state, theme, buf, last, ":", input))
        }
        _ if state.chrome => {
            status::hints(state, theme, buf, last);
            None
        }
        _ => None,
    };
    let cursor = triage::draw(state, theme, buf, body).or(line_cursor);
    if state.chrome && state.modal == Modal::None && body.height > 1 {
        triage::toast(state, theme, buf, Rect::new(area.x, bottom - 1, area.width, 1));
    }
    if let Modal::Help { scroll } = state.modal {
        overlay::help(state, theme, buf, Rect::new(area.x, area.y + 1, area.width, area.height - 2), scroll);
    }
    cursor
}

/// A buffer as plain text lines (wide characters once, trailing spaces trimmed).
pub(crate) fn buffer_text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    let mut out = String::new();
    for row in buf.content.chunks(w.max(1)) {
        let mut line = String::new();
        let mut skip = 0usize;
        for c in row {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(c.symbol());
            skip = crate::console::look::format::width(c.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

//! A text field drawn on one line: the part of its [`TextInput`] that fits (scrolled so the
//! cursor stays inside, wide characters never split), and where the terminal's cursor goes.
//! The caller hands the position on to the frame (`Frame::set_cursor_position`).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use crate::console::model::TextInput;

/// Draws `input` in the first line of `area`; returns the cursor's screen position in it.
pub(super) fn field(buf: &mut Buffer, area: Rect, input: &TextInput, style: Style) -> Position {
    let (shown, column) = input.window(area.width);
    buf.set_style(Rect::new(area.x, area.y, area.width, 1.min(area.height)), style);
    buf.set_stringn(area.x, area.y, shown, usize::from(area.width), style);
    Position::new(area.x + column.min(area.width.saturating_sub(1)), area.y)
}

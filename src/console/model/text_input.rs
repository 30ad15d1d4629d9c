//! The one editable line behind every text field of the console (the `/` filter, the `:`
//! palette, the reassign picker's query, the resolution, reason and comment editor): a
//! `tui_input::Input` (value and cursor, moves and cuts by grapheme and word), the editing
//! operations the keymap's `[[input]]` layer names ([`Edit`]), pasted text made one line, and
//! the window of it that a field of a given width shows with the cursor's column in it
//! (display columns, so a Chinese character counts two).

use tui_input::{Input, InputRequest};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// An editing operation on a text field, bound to keys in the keymap's `[[input]]` layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// One character left (`cursor_left`).
    Left,
    /// One character right (`cursor_right`).
    Right,
    /// To the start of the word before the cursor (`word_left`).
    WordLeft,
    /// To the start of the next word (`word_right`).
    WordRight,
    /// To the start of the line (`line_start`).
    Home,
    /// To the end of the line (`line_end`).
    End,
    /// Deletes the character before the cursor (`delete_back`).
    DeleteBack,
    /// Deletes the character under the cursor (`delete_forward`).
    DeleteForward,
    /// Deletes the word before the cursor (`delete_word_back`); a run of Chinese is one word
    /// per character, as Unicode's word boundaries have it.
    DeleteWordBack,
    /// Deletes from the cursor to the start of the next word (`delete_word_forward`).
    DeleteWordForward,
    /// Deletes from the start of the line to the cursor (`delete_to_start`).
    DeleteToStart,
    /// Deletes from the cursor to the end of the line (`delete_to_end`).
    DeleteToEnd,
    /// Inserts the text the last deletion of a word or line took (`yank`).
    Yank,
}

impl Edit {
    /// The operation of an action name of the keymap file (`cursor_left`, `delete_to_end`, …).
    pub fn parse(name: &str) -> Option<Edit> {
        use Edit::*;
        Some(match name {
            "cursor_left" => Left,
            "cursor_right" => Right,
            "word_left" => WordLeft,
            "word_right" => WordRight,
            "line_start" => Home,
            "line_end" => End,
            "delete_back" => DeleteBack,
            "delete_forward" => DeleteForward,
            "delete_word_back" => DeleteWordBack,
            "delete_word_forward" => DeleteWordForward,
            "delete_to_start" => DeleteToStart,
            "delete_to_end" => DeleteToEnd,
            "yank" => Yank,
            _ => return None,
        })
    }

    fn request(self) -> InputRequest {
        use InputRequest as R;
        match self {
            Edit::Left => R::GoToPrevChar,
            Edit::Right => R::GoToNextChar,
            Edit::WordLeft => R::GoToPrevWord,
            Edit::WordRight => R::GoToNextWord,
            Edit::Home => R::GoToStart,
            Edit::End => R::GoToEnd,
            Edit::DeleteBack => R::DeletePrevChar,
            Edit::DeleteForward => R::DeleteNextChar,
            Edit::DeleteWordBack => R::DeletePrevWord,
            Edit::DeleteWordForward => R::DeleteNextWord,
            Edit::DeleteToStart => R::DeleteFromStart,
            Edit::DeleteToEnd => R::DeleteTillEnd,
            Edit::Yank => R::Yank,
        }
    }
}

/// A one-line text field's value and cursor (two fields are equal when both are).
#[derive(Debug, Clone, Default)]
pub struct TextInput(Input);

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value() && self.cursor() == other.cursor()
    }
}

impl From<&str> for TextInput {
    /// A field holding `text` with the cursor at its end.
    fn from(text: &str) -> Self {
        TextInput(Input::new(text.to_string()))
    }
}

impl TextInput {
    /// The text.
    pub fn value(&self) -> &str {
        self.0.value()
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.value().is_empty()
    }

    /// The cursor as a count of characters (code points) before it.
    pub fn cursor(&self) -> usize {
        self.0.cursor()
    }

    /// The same text with the cursor `chars` characters from the start (at most its end).
    pub fn with_cursor(self, chars: usize) -> Self {
        TextInput(self.0.with_cursor(chars))
    }

    /// Applies an editing operation; says whether the text changed (not only the cursor).
    pub fn edit(&mut self, e: Edit) -> bool {
        self.0.handle(e.request()).is_some_and(|c| c.value)
    }

    /// Inserts a typed character at the cursor.
    pub fn insert(&mut self, c: char) {
        self.0.handle(InputRequest::InsertChar(c));
    }

    /// Inserts pasted text at the cursor as one line: a line break (CR, LF or CRLF) or a tab
    /// becomes a space, other control characters are dropped. Says whether anything was
    /// inserted.
    pub fn paste(&mut self, text: &str) -> bool {
        let line = one_line(text);
        for c in line.chars() {
            self.insert(c);
        }
        !line.is_empty()
    }

    /// What a field `width` columns wide shows, and the cursor's column in it: the text
    /// scrolled just far enough left that the cursor (with a column for it past the end)
    /// stays inside, never splitting a wide character.
    pub fn window(&self, width: u16) -> (&str, u16) {
        let room = usize::from(width).saturating_sub(1);
        let scroll = self.0.visual_scroll(room);
        let value = self.value();
        let mut skipped = 0;
        let mut start = value.len();
        for (at, g) in value.grapheme_indices(true) {
            if skipped >= scroll {
                start = at;
                break;
            }
            skipped += g.width();
        }
        let column = self.0.visual_cursor().saturating_sub(skipped);
        (&value[start..], u16::try_from(column).unwrap_or(u16::MAX))
    }
}

/// Pasted text as one line: CR, LF, CRLF and tabs become one space each, other controls go.
fn one_line(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_cursor_inside_and_counts_chinese_as_two_columns() {
        let input = TextInput::from("交通运输局");
        // 10 columns of text and one for the cursor fit in 11.
        assert_eq!(input.window(11), ("交通运输局", 10));
        // In 8 columns: scrolled by whole characters, the cursor in the last column or before.
        let (shown, column) = input.window(8);
        assert_eq!((shown, column), ("运输局", 6));
        let middle = input.clone().with_cursor(2);
        assert_eq!(middle.window(8), ("交通运输局", 4));
        assert_eq!(TextInput::default().window(5), ("", 0));
    }

    #[test]
    fn backspace_takes_a_whole_character() {
        let mut input = TextInput::from("交通e\u{301}");
        assert!(input.edit(Edit::DeleteBack));
        assert_eq!(input.value(), "交通");
        assert!(input.edit(Edit::DeleteBack));
        assert_eq!(input.value(), "交");
        let mut empty = TextInput::default();
        assert!(!empty.edit(Edit::DeleteBack));
    }

    #[test]
    fn pasted_lines_become_one_line_without_controls() {
        let mut input = TextInput::from("ab");
        input.edit(Edit::Left);
        assert!(input.paste("1\r\n2\n3\t4\u{1b}[5\u{7}"));
        assert_eq!(input.value(), "a1 2 3 4[5b");
        assert_eq!(input.cursor(), 10);
        assert!(!input.paste("\u{1b}"));
    }
}

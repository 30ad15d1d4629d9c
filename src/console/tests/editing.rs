//! Text editing in every field (the `/` filter, the `:` palette, the reassign picker's query,
//! the resolution, reason and comment editor): the keys of the `[[input]]` layer (cursor,
//! Home/End, Ctrl-A/E/U/W/K, Delete, words), pasted text at the cursor, and the terminal's
//! cursor drawn over Chinese text (two columns a character), with a long text scrolled.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{Modal, State, TextInput, View};
use crate::console::tests::fixtures;
use crate::console::tests::triage::{key, keys, ready};
use crate::console::update::update;
use crate::console::views::{buffer_text, render};

fn ctrl(s: &mut State, c: char) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
}

fn alt(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::ALT)))
}

/// The focused field's text and cursor (in characters).
fn field(s: &State) -> (String, usize) {
    let input = match &s.modal {
        Modal::Filter { input } | Modal::Palette { input, .. } => input,
        Modal::Picker { query, .. } => query,
        Modal::Text { text, .. } => text,
        other => panic!("no text field has focus: {other:?}"),
    };
    (input.value().to_string(), input.cursor())
}

/// The comment editor on the first escalated problem.
fn comment(lang: Lang) -> State {
    let mut s = ready(lang);
    key(&mut s, KeyCode::Char('E'));
    key(&mut s, KeyCode::Char('c'));
    assert!(matches!(s.modal, Modal::Text { .. }), "{:?}", s.modal);
    s
}

/// Draws the screen; returns its text and where the terminal's cursor was put.
fn drawn(s: &State) -> (String, Buffer, Position) {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, &Theme::default_theme(), f, f.area())).unwrap();
    let at = term.get_cursor_position().unwrap();
    let buf = term.backend().buffer().clone();
    (buffer_text(&buf), buf, at)
}

#[test]
fn cursor_keys_move_and_typing_inserts_at_the_cursor() {
    let mut s = comment(Lang::En);
    keys(&mut s, "交通局 bus");
    assert_eq!(field(&s), ("交通局 bus".into(), 7));
    key(&mut s, KeyCode::Left);
    key(&mut s, KeyCode::Left);
    keys(&mut s, "X");
    assert_eq!(field(&s), ("交通局 bXus".into(), 6));
    key(&mut s, KeyCode::Home);
    keys(&mut s, "市");
    assert_eq!(field(&s), ("市交通局 bXus".into(), 1));
    ctrl(&mut s, 'e');
    assert_eq!(field(&s).1, 9);
    ctrl(&mut s, 'a');
    assert_eq!(field(&s).1, 0);
    key(&mut s, KeyCode::Right);
    key(&mut s, KeyCode::Delete);
    assert_eq!(field(&s), ("市通局 bXus".into(), 1));
    key(&mut s, KeyCode::End);
    key(&mut s, KeyCode::Backspace);
    assert_eq!(field(&s), ("市通局 bXu".into(), 7));
    // Words: Alt-b / Ctrl-Left back to the start of `bXu`, then of `局` (a Chinese character
    // is a word of its own), Alt-f forward again.
    alt(&mut s, KeyCode::Char('b'));
    assert_eq!(field(&s).1, 4);
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL)));
    assert_eq!(field(&s).1, 2);
    alt(&mut s, KeyCode::Char('f'));
    assert_eq!(field(&s).1, 4);
}

#[test]
fn ctrl_w_u_k_delete_a_word_the_start_and_the_end() {
    let mut s = comment(Lang::Zh);
    keys(&mut s, "已联系 交通运输局 bus now");
    ctrl(&mut s, 'w');
    assert_eq!(field(&s).0, "已联系 交通运输局 bus ");
    ctrl(&mut s, 'w');
    assert_eq!(field(&s).0, "已联系 交通运输局 ");
    // A Chinese character is one word, and the space before the cursor goes with it.
    ctrl(&mut s, 'w');
    assert_eq!(field(&s), ("已联系 交通运输".into(), 8));
    alt(&mut s, KeyCode::Backspace);
    assert_eq!(field(&s).0, "已联系 交通运");
    // Ctrl-y puts back what the cuts in a row took, together.
    ctrl(&mut s, 'y');
    assert_eq!(field(&s), ("已联系 交通运输局 bus now".into(), 17));
    ctrl(&mut s, 'a');
    for _ in 0..4 {
        key(&mut s, KeyCode::Right);
    }
    ctrl(&mut s, 'k');
    assert_eq!(field(&s), ("已联系 ".into(), 4));
    key(&mut s, KeyCode::Left);
    ctrl(&mut s, 'u');
    assert_eq!(field(&s), (" ".into(), 0));
    assert!(matches!(s.modal, Modal::Text { .. }), "the keys never leave the field");
}

#[test]
fn the_filter_and_the_palette_edit_in_place_and_keep_their_own_keys() {
    let mut s = fixtures::state(80, 24, Lang::Zh);
    key(&mut s, KeyCode::Char('/'));
    keys(&mut s, "wbxq");
    assert_eq!(s.panes[0].filter, "wbxq");
    // Home and End are the field's while it has focus, not the table's first and last row.
    key(&mut s, KeyCode::Home);
    key(&mut s, KeyCode::Delete);
    assert_eq!(s.panes[0].filter, "bxq", "the screen filters as the text changes");
    key(&mut s, KeyCode::End);
    ctrl(&mut s, 'u');
    assert_eq!(s.panes[0].filter, "");
    assert_eq!(s.top().view, View::Dashboard);
    key(&mut s, KeyCode::Enter);
    // Reopened, the filter continues where it was, cursor at the end.
    keys(&mut s, "/lyjj");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('/'));
    assert_eq!(s.modal, Modal::Filter { input: TextInput::from("lyjj") });
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.panes[0].filter, "", "Esc clears");

    key(&mut s, KeyCode::Char(':'));
    keys(&mut s, "uits");
    ctrl(&mut s, 'a');
    key(&mut s, KeyCode::Right);
    keys(&mut s, "n");
    assert_eq!(field(&s), ("units".into(), 2));
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.top().view, View::Units);
    // Backspace in an empty palette still closes it; at its start it deletes nothing.
    keys(&mut s, ":x");
    key(&mut s, KeyCode::Home);
    key(&mut s, KeyCode::Backspace);
    assert_eq!(field(&s), ("x".into(), 0));
    ctrl(&mut s, 'k');
    key(&mut s, KeyCode::Backspace);
    assert_eq!(s.modal, Modal::None);
}

#[test]
fn paste_goes_in_at_the_cursor_as_one_line() {
    let mut s = comment(Lang::Zh);
    keys(&mut s, "已联系");
    key(&mut s, KeyCode::Home);
    update(&mut s, Msg::Paste("第一行\r\n第二行\n\u{1b}[31m".into()));
    assert_eq!(field(&s), ("第一行 第二行 [31m已联系".into(), 12));
    ctrl(&mut s, 'k');
    let fx = key(&mut s, KeyCode::Enter);
    let sent = fx.iter().find_map(|e| match e {
        Effect::Triage(p) => Some(p.op.request().body()),
        _ => None,
    });
    assert_eq!(sent, Some(serde_json::json!({"text": "第一行 第二行 [31m"})), "sent trimmed, one line");

    // In the picker, a paste searches for the new query.
    let mut s = ready(Lang::En);
    key(&mut s, KeyCode::Char('E'));
    key(&mut s, KeyCode::Char('r'));
    keys(&mut s, "zg");
    key(&mut s, KeyCode::Left);
    let fx = update(&mut s, Msg::Paste("hou\nqiang".into()));
    assert_eq!(field(&s), ("zhou qiangg".into(), 10));
    assert_eq!(fx, vec![Effect::SearchOfficers { query: "zhou qiangg".into() }]);
}

#[test]
fn the_cursor_sits_in_the_middle_of_chinese_text_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let mut s = comment(lang);
        keys(&mut s, "已联系交通运输局");
        for _ in 0..3 {
            key(&mut s, KeyCode::Left);
        }
        let (text, buf, at) = drawn(&s);
        // The editor's line: `› ` at column 2, the text from column 4, two columns a character:
        // five characters before the cursor put it on 运 at column 14.
        let row = text.lines().nth(usize::from(at.y)).unwrap_or_default().to_string();
        assert!(row.contains("› 已联系交通运输局"), "{row}");
        assert_eq!(at, Position::new(14, 20));
        assert_eq!(buf[(at.x, at.y)].symbol(), "运");
        assert_eq!(buf[(4, at.y)].symbol(), "已");
        insta::assert_snapshot!(format!("editor_cursor_in_chinese_80x24_{}", lang.code()), text);

        // A text wider than the field scrolls by whole characters, the cursor kept inside.
        keys(&mut s, &"运".repeat(40));
        let (text, buf, at) = drawn(&s);
        assert!(!text.contains("已联系"), "scrolled past the start");
        assert!(at.x < 78 && at.y == 20, "{at:?}");
        assert_eq!(buf[(at.x, at.y)].symbol(), "运", "the cursor is before 运输局");
        key(&mut s, KeyCode::Home);
        let (text, _, at) = drawn(&s);
        assert!(text.contains("› 已联系交通"), "Home shows the start again");
        assert_eq!(at, Position::new(4, 20));
    }
}

#[test]
fn the_filter_line_puts_the_cursor_after_its_prompt() {
    // ` filter /` and ` 筛选 /` (two columns a Chinese character).
    for (lang, x) in [(Lang::En, 9), (Lang::Zh, 7)] {
        let mut s = fixtures::state(80, 24, lang);
        key(&mut s, KeyCode::Char('/'));
        update(&mut s, Msg::Paste("娄底经开".into()));
        let (text, buf, at) = drawn(&s);
        assert!(text.lines().last().unwrap_or_default().ends_with("/娄底经开"), "{text}");
        assert_eq!(at, Position::new(x + 8, 23), "after four characters of two columns");
        ctrl(&mut s, 'a');
        let (_, _, at) = drawn(&s);
        assert_eq!((at, buf[(x, 23)].symbol()), (Position::new(x, 23), "娄"));
    }
}

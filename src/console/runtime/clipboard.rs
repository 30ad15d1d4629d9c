//! The clipboard by OSC 52: `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`, written through
//! the terminal writer between frames (never behind ratatui's back mid-frame). The terminal
//! emulator sets its clipboard from it, also over SSH; tmux passes it on with
//! `set -g set-clipboard on` (and keeps it as a paste buffer).

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The OSC 52 sequence that puts `text` on the clipboard (`c`). Base64 carries any text, so
/// nothing in it can end the sequence early.
pub(crate) fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", STANDARD.encode(text.as_bytes()))
}

/// Writes [`osc52`] of `text` to the terminal and flushes it.
pub(crate) fn copy(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

/// The text of the first OSC 52 sequence in `bytes` (what a terminal would put on its
/// clipboard), for checking a recording.
#[cfg(test)]
pub(crate) fn decode_first(bytes: &[u8]) -> Option<String> {
    let start = bytes.windows(7).position(|w| w == b"\x1b]52;c;")? + 7;
    let len = bytes[start..].iter().position(|&b| b == 0x07 || b == 0x1b)?;
    let decoded = STANDARD.decode(&bytes[start..start + len]).ok()?;
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_osc_52_with_base64_and_bel() {
        assert_eq!(osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
        let text = "#1020 复工备案材料咨询 · 娄底源兴食品 · open · due 12-01 19:24";
        let seq = osc52(text);
        assert!(seq.starts_with("\u{1b}]52;c;") && seq.ends_with('\u{7}'));
        // Only base64 between the header and BEL: no byte of the text can end it early.
        let body = &seq[7..seq.len() - 1];
        assert!(body.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)), "{body}");
        assert_eq!(decode_first(seq.as_bytes()).as_deref(), Some(text));
    }

    #[test]
    fn copy_writes_the_sequence_and_a_recording_decodes_back() {
        let mut out = Vec::new();
        out.extend_from_slice(b"\x1b[?2026hframe\x1b[?2026l");
        copy(&mut out, "万宝新区 · 待处理 12").unwrap();
        out.extend_from_slice(b"\x1b[H more");
        assert_eq!(decode_first(&out).as_deref(), Some("万宝新区 · 待处理 12"));
        assert_eq!(decode_first(b"no sequence here"), None);
    }
}

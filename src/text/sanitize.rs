//! The one place where untrusted content text is made safe to draw.
//!
//! Text from a document is cleaned by [`sanitize`] twice over: its fields when the library is
//! loaded (`content::load`) and its body inside the renderer (`markdown`). Nothing from a
//! document can move the cursor, change colours, set the window title or reorder text on
//! screen.

use std::borrow::Cow;

/// Columns a tab expands to. The renderer has no tab stops of its own.
const TAB: &str = "    ";

/// Makes `text` safe to draw on one line:
/// - tab becomes four spaces, newline becomes a space (line breaking is the caller's job);
/// - every other C0 control (including ESC and CR), DEL and every C1 control is removed;
/// - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
///   invisible direction marks (U+200E, U+200F, U+061C) are removed, so text cannot be made
///   to display in an order different from the one it is stored in.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    // Most text has no byte that can start an unsafe character: one table look a byte
    // settles it before any char is decoded.
    if !text.bytes().any(|b| MAY_START_UNSAFE[b as usize]) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str(TAB),
            '\n' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Bytes that can begin an unsafe character in UTF-8: C0 and DEL themselves, and the lead
/// bytes of C1 (0xC2), U+061C (0xD8) and the bidi controls and marks (0xE2).
pub(super) static MAY_START_UNSAFE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2);
        b += 1;
    }
    table
};

/// True for characters that must never reach the terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    // `is_control` is the Cc category: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
    c.is_control() || is_bidi_control(c)
}

/// The bidi embeddings, overrides, isolates and marks, which reorder the text after them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            sanitize("héllo 世界"),
            Cow::Borrowed("héllo 世界")
        ));
    }

    #[test]
    fn removes_escape_sequences_and_controls() {
        assert_eq!(
            sanitize("a\x1b[31mred\x1b]0;title\x07b"),
            "a[31mred]0;titleb"
        );
        assert_eq!(sanitize("x\u{7f}\u{85}\u{9b}y\r"), "xy");
        assert_eq!(sanitize("\0\u{1}\u{1f}"), "");
    }

    #[test]
    fn expands_tab_and_turns_newline_into_space() {
        assert_eq!(sanitize("a\tb\nc"), "a    b c");
    }

    #[test]
    fn removes_bidi_controls() {
        assert_eq!(sanitize("a\u{202E}b\u{2066}c\u{2069}d\u{200F}"), "abcd");
    }

    #[test]
    fn every_unsafe_character_starts_with_a_byte_the_table_marks() {
        for c in (0u32..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|&c| is_unsafe(c))
        {
            let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            assert!(MAY_START_UNSAFE[first as usize], "{c:?}");
        }
    }

    #[test]
    fn nothing_unsafe_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!sanitize(&all).chars().any(is_unsafe));
    }
}

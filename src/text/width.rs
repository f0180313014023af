//! Display width, and cutting text to a width without splitting a grapheme.
//!
//! Widths are display columns as `unicode-width` counts them, summed per character. A whole
//! string can measure narrower than the sum of its characters (emoji sequences joined by
//! U+200D), never wider (see [`char_width`]), so text measured here always fits where it is
//! put, whatever the terminal makes of the sequence.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// What [`truncate`] ends a cut text with.
pub const ELLIPSIS: char = '…';

/// Display columns of one character (controls count as zero: they are sanitised away).
///
/// Per-character widths can undercount a string only where a variation selector 16 turns a
/// narrow symbol into an emoji (`❤` + U+FE0F is two columns); counting U+FE0F as one column
/// keeps every line within its width however the terminal treats the pair.
#[inline]
pub fn char_width(c: char) -> usize {
    if c == '\u{FE0F}' {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Display columns of a string, the sum of its characters' [`char_width`].
#[inline]
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        // ASCII controls are zero columns, but sanitised text has none: one column a byte.
        // Unsanitised ASCII only ever measures wider than it draws, which still fits.
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// The longest start of `text` at most `columns` wide, ending on a grapheme boundary.
pub fn clip(text: &str, columns: usize) -> &str {
    if text.len() <= columns && text.is_ascii() {
        return text;
    }
    let mut used = 0;
    let mut end = 0;
    for (i, g) in text.grapheme_indices(true) {
        used += width(g);
        if used > columns {
            break;
        }
        end = i + g.len();
    }
    &text[..end]
}

/// The longest end of `text` at most `columns` wide, starting on a grapheme boundary: while
/// typing, the end is what matters.
pub fn tail(text: &str, columns: usize) -> &str {
    let mut used = 0;
    let mut start = text.len();
    for (i, g) in text.grapheme_indices(true).rev() {
        used += width(g);
        if used > columns {
            break;
        }
        start = i;
    }
    &text[start..]
}

/// `text` cut to `columns` wide, ending with `…` when something was cut.
pub fn truncate(text: &str, columns: usize) -> Cow<'_, str> {
    if width(text) <= columns {
        return Cow::Borrowed(text);
    }
    if columns == 0 {
        return Cow::Borrowed("");
    }
    let mut cut = clip(text, columns - 1).to_string();
    cut.push(ELLIPSIS);
    Cow::Owned(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_columns() {
        assert_eq!(width("hello"), 5);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("❤\u{FE0F}"), 2);
    }

    #[test]
    fn truncate_cuts_by_display_width() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello", 4), "hel…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(truncate("x", 0), "");
    }

    #[test]
    fn cuts_never_split_a_grapheme() {
        // An accent stays with its letter; a flag (two regional indicators) stays whole.
        assert_eq!(clip("ae\u{301}b", 2), "ae\u{301}");
        assert_eq!(clip("ae\u{301}b", 1), "a");
        assert_eq!(clip("🇫🇷x", 1), "");
        assert_eq!(tail("xe\u{301}", 1), "e\u{301}");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
    }

    #[test]
    fn tail_keeps_the_end() {
        assert_eq!(tail("hello", 3), "llo");
        assert_eq!(tail("日本語", 5), "本語");
        assert_eq!(tail("abc", 10), "abc");
    }
}

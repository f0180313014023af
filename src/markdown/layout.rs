//! Word wrapping of styled inline text into lines no wider than a given number of columns.
//!
//! Text arrives already sanitised. Widths are display columns as `unicode-width` counts them,
//! summed per character (see [`char_width`]).

use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

/// Display columns of one character.
///
/// Per-character widths can undercount a string only where a variation selector 16 turns a
/// narrow symbol into an emoji (`❤` + U+FE0F is two columns); counting U+FE0F as one column
/// keeps every line within its width however the terminal treats the pair.
pub fn char_width(c: char) -> usize {
    if c == '\u{FE0F}' {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Display columns of a string, the sum of its characters' [`char_width`].
pub fn text_width(s: &str) -> usize {
    if s.is_ascii() {
        // Sanitised ASCII has no controls left, so every byte is one column.
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// A run of text drawn in one style, possibly part of a link (index into the link list).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub text: String,
    pub style: Style,
    pub link: Option<usize>,
    pub width: usize,
}

impl Piece {
    pub fn new(text: impl Into<String>, style: Style) -> Piece {
        let text = text.into();
        let width = text_width(&text);
        Piece {
            text,
            style,
            link: None,
            width,
        }
    }

    pub fn spaces(n: usize, style: Style) -> Piece {
        Piece {
            text: " ".repeat(n),
            style,
            link: None,
            width: n,
        }
    }
}

/// Inline content of a block, before wrapping.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text {
        text: String,
        style: Style,
        link: Option<usize>,
    },
    /// A hard line break.
    Break,
}

/// What the inline reader makes of inline events, in document order: the renderer
/// styles it into [`Inline`]s.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Drawn {
    Text {
        text: String,
        /// The link it belongs to (index into the link list).
        link: Option<usize>,
        /// Inline code.
        code: bool,
    },
    /// A link's number, `[n]`, in numbered renders: drawn after the link, not part of it.
    Number(String),
    /// A hard line break (`<br>`, two trailing spaces).
    Break,
    /// The start or end of an HTML block element: a line break unless the line is empty.
    BlockEdge,
}

impl Drawn {
    pub fn link(text: String, id: usize) -> Drawn {
        Drawn::Text {
            text,
            link: Some(id),
            code: false,
        }
    }
}

/// Drawn instead of a character wider than the whole line (only possible below two columns).
const TOO_WIDE: char = '…';

/// Total width of the widest line of a list of laid-out lines.
pub(crate) fn max_width(lines: &[Vec<Piece>]) -> usize {
    lines
        .iter()
        .map(|l| l.iter().map(|p| p.width).sum::<usize>())
        .max()
        .unwrap_or(0)
}

/// Width of one line of pieces.
pub(crate) fn line_width(line: &[Piece]) -> usize {
    line.iter().map(|p| p.width).sum()
}

/// Wraps `inlines` into lines of at most `width` columns (`width` ≥ 1).
///
/// Whitespace separates words and collapses to one space; a word longer than a line is broken
/// where the line ends. `base` styles a space between a link and text outside it, so that an
/// underline never runs past the link.
pub(crate) fn flow(inlines: &[Inline], width: usize, base: Style) -> Vec<Vec<Piece>> {
    let mut f = Flow {
        width: width.max(1),
        base,
        lines: Vec::new(),
        line: Vec::new(),
        line_w: 0,
        word: Vec::new(),
        word_w: 0,
        space: None,
    };
    for inline in inlines {
        match inline {
            Inline::Break => {
                f.finish_word();
                f.break_line();
                f.space = None;
            }
            Inline::Text { text, style, link } => {
                let mut rest = text.as_str();
                while let Some(c) = rest.chars().next() {
                    if is_breaking_space(c) {
                        f.finish_word();
                        if f.space.is_none() {
                            f.space = Some((*style, *link));
                        }
                        rest = &rest[c.len_utf8()..];
                        continue;
                    }
                    let end = rest.find(is_breaking_space).unwrap_or(rest.len());
                    f.push_word_part(&rest[..end], *style, *link);
                    rest = &rest[end..];
                }
            }
        }
    }
    f.finish_word();
    if !f.line.is_empty() {
        f.break_line();
    }
    f.lines
}

/// Whitespace that may become a line break (not the no-break spaces).
pub(crate) fn is_breaking_space(c: char) -> bool {
    c == ' ' || (c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}'))
}

fn push_char(pieces: &mut Vec<Piece>, c: char, w: usize, style: Style, link: Option<usize>) {
    match pieces.last_mut() {
        Some(last) if last.style == style && last.link == link => {
            last.text.push(c);
            last.width += w;
        }
        _ => pieces.push(Piece {
            text: c.to_string(),
            style,
            link,
            width: w,
        }),
    }
}

/// Part of the word being collected: a slice of an inline's text (no copy until placed).
struct WordPart<'a> {
    text: &'a str,
    style: Style,
    link: Option<usize>,
    width: usize,
}

struct Flow<'a> {
    width: usize,
    base: Style,
    lines: Vec<Vec<Piece>>,
    line: Vec<Piece>,
    line_w: usize,
    word: Vec<WordPart<'a>>,
    word_w: usize,
    /// A space is pending between the last word and the next one: its style and link.
    space: Option<(Style, Option<usize>)>,
}

impl<'a> Flow<'a> {
    /// Adds text without breaking spaces to the word being collected.
    fn push_word_part(&mut self, text: &'a str, style: Style, link: Option<usize>) {
        let width = text_width(text);
        self.word_w += width;
        self.word.push(WordPart {
            text,
            style,
            link,
            width,
        });
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.line_w = 0;
    }

    /// The space (style, link) to put before the word about to be placed, if the line
    /// already has text.
    fn take_space(&mut self) -> Option<(Style, Option<usize>)> {
        let (style, link) = self.space.take()?;
        if self.line.is_empty() {
            return None;
        }
        let next_link = self.word.first().and_then(|p| p.link);
        // Inside one link the space belongs to it; at a link's edge it is plain text.
        if link.is_some() && link == next_link {
            Some((style, link))
        } else {
            Some((self.base, None))
        }
    }

    fn push_space(&mut self, space: Option<(Style, Option<usize>)>) {
        if let Some((style, link)) = space {
            push_char(&mut self.line, ' ', 1, style, link);
            self.line_w += 1;
        }
    }

    fn finish_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let space = self.take_space();
        let mut word = std::mem::take(&mut self.word);
        let word_w = std::mem::replace(&mut self.word_w, 0);
        let space_w = usize::from(space.is_some());
        if self.line_w + space_w + word_w <= self.width {
            self.push_space(space);
            self.append(&word, word_w);
        } else if word_w <= self.width {
            self.break_line();
            self.append(&word, word_w);
        } else {
            // Longer than a whole line: start it here if there is room, break it anywhere.
            if self.line_w + space_w < self.width {
                self.push_space(space);
            } else if !self.line.is_empty() {
                self.break_line();
            }
            for piece in &word {
                for c in piece.text.chars() {
                    let mut c = c;
                    let mut w = char_width(c);
                    if self.line_w + w > self.width && !self.line.is_empty() {
                        self.break_line();
                    }
                    if w > self.width {
                        c = TOO_WIDE;
                        w = 1;
                    }
                    push_char(&mut self.line, c, w, piece.style, piece.link);
                    self.line_w += w;
                }
            }
        }
        word.clear();
        self.word = word;
    }

    fn append(&mut self, word: &[WordPart<'a>], word_w: usize) {
        for p in word {
            match self.line.last_mut() {
                Some(last) if last.style == p.style && last.link == p.link => {
                    last.text.push_str(p.text);
                    last.width += p.width;
                }
                _ => self.line.push(Piece {
                    text: p.text.to_string(),
                    style: p.style,
                    link: p.link,
                    width: p.width,
                }),
            }
        }
        self.line_w += word_w;
    }
}

/// The text of a rendered line, without styles.
pub fn line_text(line: &ratatui::text::Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.to_string(),
            style: Style::new(),
            link: None,
        }
    }

    fn strings(lines: &[Vec<Piece>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|p| p.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let lines = flow(&[text("the quick brown fox jumps")], 10, Style::new());
        assert_eq!(strings(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn breaks_long_words() {
        let lines = flow(&[text("ab abcdefghijkl")], 5, Style::new());
        assert_eq!(strings(&lines), ["ab ab", "cdefg", "hijkl"]);
    }

    #[test]
    fn wide_characters_count_double() {
        let lines = flow(&[text("日本語のテキスト")], 6, Style::new());
        assert_eq!(strings(&lines), ["日本語", "のテキ", "スト"]);
    }

    #[test]
    fn too_wide_for_one_column() {
        let lines = flow(&[text("日本")], 1, Style::new());
        assert_eq!(strings(&lines), ["…", "…"]);
    }

    #[test]
    fn hard_break() {
        let lines = flow(&[text("a"), Inline::Break, text("b")], 10, Style::new());
        assert_eq!(strings(&lines), ["a", "b"]);
    }

    #[test]
    fn variation_selector_counts() {
        assert_eq!(text_width("❤\u{FE0F}"), 2);
    }
}

//! Word wrapping of styled inline text into lines no wider than a given number of columns.
//!
//! Text arrives already sanitised. Widths are display columns as `unicode-width` counts them,
//! summed per character (see [`char_width`]).

use ratatui::style::Style;

pub(crate) use crate::text::{char_width, width as text_width};
use unicode_segmentation::UnicodeSegmentation;

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
const TOO_WIDE: &str = "…";

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
        line: LineBuilder::default(),
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
                while !rest.is_empty() {
                    let (end, space) = next_breaking_space(rest);
                    if end > 0 {
                        f.push_word_part(&rest[..end], *style, *link);
                    }
                    if space > 0 {
                        f.finish_word();
                        if f.space.is_none() {
                            f.space = Some((*style, *link));
                        }
                    }
                    rest = &rest[end + space..];
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

/// The width of the widest line `flow(inlines, usize::MAX, _)` makes, without making them:
/// words at their widths, one column between words on a line, lines cut by hard breaks.
pub(crate) fn natural_width(inlines: &[Inline]) -> usize {
    let (mut widest, mut line) = (0, 0);
    // A space is pending after a word of this line.
    let (mut after_word, mut space) = (false, false);
    for inline in inlines {
        match inline {
            Inline::Break => {
                widest = widest.max(line);
                (line, after_word, space) = (0, false, false);
            }
            Inline::Text { text, .. } => {
                let mut rest = text.as_str();
                while !rest.is_empty() {
                    let (end, spaces) = next_breaking_space(rest);
                    if end > 0 {
                        line += usize::from(after_word && space) + text_width(&rest[..end]);
                        (after_word, space) = (true, false);
                    }
                    space |= spaces > 0;
                    rest = &rest[end + spaces..];
                }
            }
        }
    }
    widest.max(line)
}

/// Where the first breaking space of `text` is, and its length in bytes (`(len, 0)` for
/// none). Bytes are looked at, not characters: only a byte from 0x80 up can start a
/// character that is not ASCII, and only then is one decoded.
fn next_breaking_space(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..]
        .iter()
        .position(|&b| b == b' ' || (b'\t'..=b'\r').contains(&b) || b >= 0x80)
    {
        at += found;
        if bytes[at] < 0x80 {
            return (at, 1);
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        if is_breaking_space(c) {
            return (at, c.len_utf8());
        }
        at += c.len_utf8();
    }
    (text.len(), 0)
}

/// Whitespace that may become a line break (not the no-break spaces).
pub(crate) fn is_breaking_space(c: char) -> bool {
    c == ' ' || (c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}'))
}

fn push_part<'a>(segments: &mut [Vec<WordPart<'a>>], part: WordPart<'a>) {
    if let Some(segment) = segments.last_mut() {
        segment.push(part);
    }
}

/// `word` cut where UAX #14 allows a line break next to a wide (East Asian) character. Other
/// break opportunities inside a word (after a hyphen or a slash) are not taken: text in
/// other scripts wraps at spaces, as it always has.
fn segments<'a>(word: &[WordPart<'a>]) -> Vec<Vec<WordPart<'a>>> {
    if word.iter().all(|p| p.text.is_ascii()) {
        return vec![word.to_vec()];
    }
    let text: String = word.iter().map(|p| p.text).collect();
    let wide = |c: Option<char>| c.is_some_and(|c| char_width(c) == 2);
    let mut cuts = unicode_linebreak::linebreaks(&text)
        .map(|(at, _)| at)
        .filter(|&at| {
            at > 0
                && at < text.len()
                && (wide(text[..at].chars().next_back()) || wide(text[at..].chars().next()))
        })
        .peekable();
    let mut out = vec![Vec::new()];
    let mut start = 0;
    for part in word {
        let end = start + part.text.len();
        let mut from = start;
        while let Some(&cut) = cuts.peek().filter(|&&cut| cut < end) {
            cuts.next();
            if cut > from {
                push_part(&mut out, part.slice(from - start..cut - start));
                from = cut;
            }
            out.push(Vec::new());
        }
        if end > from {
            push_part(&mut out, part.slice(from - start..end - start));
        }
        start = end;
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Part of the word being collected: a slice of an inline's text (no copy until placed).
#[derive(Clone, Copy)]
struct WordPart<'a> {
    text: &'a str,
    style: Style,
    link: Option<usize>,
    width: usize,
}

impl<'a> WordPart<'a> {
    fn slice(&self, range: std::ops::Range<usize>) -> WordPart<'a> {
        let text = &self.text[range];
        WordPart {
            text,
            width: text_width(text),
            ..*self
        }
    }
}

/// The line being filled: its text in one buffer, kept from line to line, and where each
/// piece of it ends. Each piece gets a string of its own, of its exact size, only when the
/// line is done: appending word by word to a string per piece grew each several times.
#[derive(Default)]
struct LineBuilder {
    text: String,
    /// Style, link, width and the end of its text in `text`, for each piece.
    pieces: Vec<(Style, Option<usize>, usize, usize)>,
}

impl LineBuilder {
    fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Adds `text` to the last piece if it has the same style and link, else as a new one.
    fn push(&mut self, text: &str, width: usize, style: Style, link: Option<usize>) {
        self.text.push_str(text);
        let end = self.text.len();
        match self.pieces.last_mut() {
            Some(last) if last.0 == style && last.1 == link => {
                last.2 += width;
                last.3 = end;
            }
            _ => self.pieces.push((style, link, width, end)),
        }
    }

    /// The pieces of the line, which starts again empty.
    fn take(&mut self) -> Vec<Piece> {
        let mut start = 0;
        let line = self
            .pieces
            .iter()
            .map(|&(style, link, width, end)| {
                let text = self.text[start..end].to_string();
                start = end;
                Piece {
                    text,
                    style,
                    link,
                    width,
                }
            })
            .collect();
        self.text.clear();
        self.pieces.clear();
        line
    }
}

struct Flow<'a> {
    width: usize,
    base: Style,
    lines: Vec<Vec<Piece>>,
    line: LineBuilder,
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
        self.lines.push(self.line.take());
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
            self.line.push(" ", 1, style, link);
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
            self.place(&word, word_w, space);
        } else {
            // Where it does not fit, a word of Chinese or Japanese breaks between its
            // characters, as UAX #14 allows.
            let mut space = space;
            for segment in segments(&word) {
                let w = segment.iter().map(|p| p.width).sum();
                self.place(&segment, w, space.take());
            }
        }
        word.clear();
        self.word = word;
    }

    /// Places `word` (no break inside it but for a line too short to hold it) after
    /// `space`: on this line, else on the next.
    fn place(
        &mut self,
        word: &[WordPart<'a>],
        word_w: usize,
        space: Option<(Style, Option<usize>)>,
    ) {
        let space_w = usize::from(space.is_some());
        if self.line_w + space_w + word_w <= self.width {
            self.push_space(space);
            self.append(word, word_w);
        } else if word_w <= self.width {
            self.break_line();
            self.append(word, word_w);
        } else {
            // Longer than a whole line: start it here if there is room, break it between
            // grapheme clusters (never inside an emoji sequence or before a combining mark).
            if self.line_w + space_w < self.width {
                self.push_space(space);
            } else if !self.line.is_empty() {
                self.break_line();
            }
            for piece in word {
                for cluster in piece.text.graphemes(true) {
                    let mut cluster = cluster;
                    let mut w = text_width(cluster);
                    if self.line_w + w > self.width && !self.line.is_empty() {
                        self.break_line();
                    }
                    if w > self.width {
                        cluster = TOO_WIDE;
                        w = 1;
                    }
                    self.line.push(cluster, w, piece.style, piece.link);
                    self.line_w += w;
                }
            }
        }
    }

    fn append(&mut self, word: &[WordPart<'a>], word_w: usize) {
        for p in word {
            self.line.push(p.text, p.width, p.style, p.link);
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
    fn chinese_and_japanese_fill_the_line_between_characters() {
        // The Japanese run does not fit after "ab", so it breaks inside, not before.
        let lines = flow(&[text("ab 日本語のテキスト。です")], 8, Style::new());
        assert_eq!(strings(&lines), ["ab 日本", "語のテキ", "スト。で", "す"]);
        // No line starts with a closing mark.
        let lines = flow(&[text("日本語。日本")], 6, Style::new());
        assert_eq!(strings(&lines), ["日本", "語。日", "本"]);
    }

    #[test]
    fn other_scripts_still_wrap_at_spaces_only() {
        let lines = flow(&[text("a self-service path/to")], 14, Style::new());
        assert_eq!(strings(&lines), ["a self-service", "path/to"]);
    }

    #[test]
    fn emoji_sequences_and_combining_marks_are_never_split() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let heading = format!("{family}{family}{family}");
        for width in 6..=12 {
            for line in strings(&flow(&[text(&heading)], width, Style::new())) {
                assert_eq!(
                    line.matches(family).count() * family.len(),
                    line.len(),
                    "{line:?}"
                );
            }
        }
        let lines = flow(&[text("e\u{301}e\u{301}e\u{301}")], 2, Style::new());
        assert_eq!(strings(&lines), ["e\u{301}e\u{301}", "e\u{301}"]);
    }

    proptest::proptest! {
        #[test]
        fn the_next_breaking_space_is_the_first_char_that_is_one(
            text in "[a \t\n\u{b}\u{c}\r\u{a0}\u{2003}\u{3000}\u{202f}é日😀-]{0,24}"
        ) {
            let by_char = text
                .char_indices()
                .find(|&(_, c)| is_breaking_space(c))
                .map_or((text.len(), 0), |(at, c)| (at, c.len_utf8()));
            proptest::prop_assert_eq!(next_breaking_space(&text), by_char);
        }
    }

    fn inlines() -> impl proptest::strategy::Strategy<Value = Vec<Inline>> {
        use proptest::prelude::*;
        let one = prop_oneof![
            Just(Inline::Break),
            "[ab 日\t\u{a0}-]{0,8}".prop_map(|t| text(&t)),
        ];
        proptest::collection::vec(one, 0..8)
    }

    proptest::proptest! {
        #[test]
        fn the_natural_width_is_the_widest_line_unwrapped(inlines in inlines()) {
            let laid = flow(&inlines, usize::MAX, Style::new());
            let widest = laid.iter().map(|line| line_width(line)).max().unwrap_or(0);
            proptest::prop_assert_eq!(natural_width(&inlines), widest);
        }
    }

    #[test]
    fn variation_selector_counts() {
        assert_eq!(text_width("❤\u{FE0F}"), 2);
    }
}

//! The headings of a body, found by a line scan at index time (ATX `## Heading` and setext
//! underlines, outside fenced code), so that a hit can name the section it falls in and
//! ranking can weigh words in headings. Their text and anchors are worked out only for the
//! documents shown, by the same markdown parser the renderer uses, so anchors agree with
//! the rendered document's.

use crate::markdown::{AnchorSet, anchor, heading_text};

use super::text;

/// A heading in a body: the section it heads runs to the next heading of any level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Section {
    pub level: u8,
    /// Byte range of the heading's markdown (marks, text, a setext underline).
    pub start: u32,
    pub end: u32,
    /// Word position of the heading's first word, and of the first word after the heading.
    pub first_word: u32,
    pub body_word: u32,
    /// The heading says what the title says (the usual `# Title` on top): its words count
    /// as the title's, not again as a heading's.
    pub repeats_title: bool,
}

/// The headings of `body`, in order, with word positions still to be set (see [`Marker`]).
pub(crate) fn scan(body: &str, title: &str) -> Vec<Section> {
    let mut scanner = Scanner::default();
    let mut at = 0;
    // One pass of memchr over the body finds every line end; most lines are short.
    for end in memchr::memchr_iter(b'\n', body.as_bytes()).chain([body.len()]) {
        let next = (end + 1).min(body.len());
        if at < next {
            scanner.line(at, &body[at..next]);
        }
        at = next;
    }
    // Only a level-1 heading can repeat the title: most bodies need not split it.
    let mut title_words = None;
    for section in scanner.sections.iter_mut().filter(|s| s.level == 1) {
        let raw = &body[section.start as usize..section.end as usize];
        let title_words = title_words.get_or_insert_with(|| text::words(title));
        section.repeats_title = text::words(marked_text(raw)) == *title_words;
    }
    scanner.sections
}

/// The text of a heading's markdown without its marks (inline markup left in).
fn marked_text(raw: &str) -> &str {
    let first_line = raw.lines().next().unwrap_or_default();
    first_line
        .trim()
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim()
}

/// Line-by-line state of [`scan`].
#[derive(Default)]
struct Scanner {
    sections: Vec<Section>,
    /// The open code fence: its char and length.
    fence: Option<(u8, usize)>,
    /// Where the paragraph that a setext underline would make a heading starts.
    paragraph: Option<usize>,
    /// Inside a list item, quote, table or HTML block: no setext heading, and (for HTML)
    /// no heading at all, until a blank line.
    blocked: bool,
    in_html: bool,
}

impl Scanner {
    fn line(&mut self, at: usize, line: &str) {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        // Most lines are text: they can only start (or continue) a paragraph. Only the
        // bytes below begin anything else, so text lines skip the full look.
        let plain = bytes.get(indent).is_some_and(|&b| {
            b.is_ascii()
                && !b.is_ascii_whitespace()
                && !b.is_ascii_digit()
                && !b"`~#>=-*_+|<".contains(&b)
        });
        if plain && self.fence.is_none() {
            let text = !self.in_html && (indent < 4 || self.paragraph.is_some());
            if text && self.paragraph.is_none() && !self.blocked {
                self.paragraph = Some(at);
            }
            return;
        }
        self.look(at, line, indent);
    }

    /// A line that may open or close a fence, end a paragraph, or be a heading.
    fn look(&mut self, at: usize, line: &str, indent: usize) {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let trimmed = content[indent..].trim_end();
        let end = (at + line.len()) as u32;
        if let Some((mark, len)) = self.fence {
            let run = trimmed.bytes().take_while(|&b| b == mark).count();
            if run >= len && run == trimmed.len() {
                self.fence = None;
            }
            return;
        }
        if let Some(mark) = fence_mark(trimmed) {
            self.fence = Some(mark);
            self.paragraph = None;
            return;
        }
        if trimmed.is_empty() {
            (self.paragraph, self.blocked, self.in_html) = (None, false, false);
            return;
        }
        if content.starts_with('\t') || (indent >= 4 && self.paragraph.is_none()) || self.in_html {
            return; // indented code, or HTML
        }
        if let Some(level) = atx_level(unquoted(trimmed)) {
            self.push(level, at, end);
            self.paragraph = None;
            return;
        }
        if let (Some(start), Some(level), false) =
            (self.paragraph, setext_level(trimmed), self.blocked)
        {
            self.push(level, start, end);
            self.paragraph = None;
            return;
        }
        if is_rule(trimmed) {
            self.paragraph = None;
        } else if starts_other_block(trimmed) {
            self.blocked = true;
            self.in_html = trimmed.starts_with('<');
            self.paragraph = None;
        } else if self.paragraph.is_none() && !self.blocked {
            self.paragraph = Some(at);
        }
    }

    fn push(&mut self, level: u8, start: usize, end: u32) {
        self.sections.push(Section {
            level,
            start: start as u32,
            end,
            first_word: 0,
            body_word: 0,
            repeats_title: false,
        });
    }
}

/// `(char, length)` of a line opening a code fence (three or more backticks or tildes).
fn fence_mark(trimmed: &str) -> Option<(u8, usize)> {
    let mark = *trimmed.as_bytes().first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == mark).count();
    (len >= 3).then_some((mark, len))
}

/// A line without the `>` marks of the block quotes it is in: a quoted heading is one too.
fn unquoted(mut line: &str) -> &str {
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start_matches(' ');
    }
    line
}

/// The level of an ATX heading line (`## Text`), if it is one.
fn atx_level(trimmed: &str) -> Option<u8> {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let rest = &trimmed[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then_some(hashes as u8)
}

/// The level a setext underline (`===` or `---`) gives the paragraph above it.
fn setext_level(trimmed: &str) -> Option<u8> {
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b == b'=') {
        Some(1)
    } else if !trimmed.is_empty() && trimmed.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// A thematic break: three or more `-`, `*` or `_`, perhaps spaced.
fn is_rule(trimmed: &str) -> bool {
    let mark = trimmed.as_bytes()[0];
    matches!(mark, b'-' | b'*' | b'_')
        && trimmed
            .bytes()
            .all(|b| b == mark || b == b' ' || b == b'\t')
        && trimmed.bytes().filter(|&b| b == mark).count() >= 3
}

/// A line that starts a list item, quote, table row or HTML block: not paragraph text.
fn starts_other_block(trimmed: &str) -> bool {
    let bytes = trimmed.as_bytes();
    let bullet = matches!(bytes[0], b'-' | b'*' | b'+')
        && bytes.get(1).is_none_or(|&b| b == b' ' || b == b'\t');
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let ordered = (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && bytes
            .get(digits + 1)
            .is_none_or(|&b| b == b' ' || b == b'\t');
    bullet || ordered || matches!(bytes[0], b'>' | b'|' | b'<')
}

/// Gives each section its word positions while a body's words are visited in order.
pub(crate) struct Marker<'a> {
    sections: &'a mut [Section],
    started: usize,
    ended: usize,
    /// The next byte offset where a section starts or a heading ends: words before it
    /// change nothing (called for every word, so that test is all most words cost).
    next: u32,
}

impl<'a> Marker<'a> {
    pub fn new(sections: &'a mut [Section]) -> Marker<'a> {
        let next = sections.first().map_or(u32::MAX, |s| s.start);
        Marker {
            sections,
            started: 0,
            ended: 0,
            next,
        }
    }

    /// The word at byte `start` of the body has position `position`.
    #[inline]
    pub fn word(&mut self, start: usize, position: u32) {
        if (start as u32) >= self.next {
            self.passed(start as u32, position);
        }
    }

    fn passed(&mut self, start: u32, position: u32) {
        let sections = &mut *self.sections;
        while self.started < sections.len() && start >= sections[self.started].start {
            sections[self.started].first_word = position;
            self.started += 1;
        }
        while self.ended < sections.len() && start >= sections[self.ended].end {
            sections[self.ended].body_word = position;
            self.ended += 1;
        }
        let next_start = sections.get(self.started).map_or(u32::MAX, |s| s.start);
        let next_end = sections.get(self.ended).map_or(u32::MAX, |s| s.end);
        self.next = next_start.min(next_end);
    }

    /// The body has `words` words: sections after the last word start and end there.
    pub fn finish(self, words: u32) {
        for section in &mut self.sections[self.started..] {
            section.first_word = words;
        }
        for section in &mut self.sections[self.ended..] {
            section.body_word = words;
        }
    }
}

/// The text and anchor of each heading of a body, as the renderer makes them.
pub(crate) fn names(body: &str, sections: &[Section]) -> Vec<(String, String)> {
    let mut anchors = AnchorSet::new();
    sections
        .iter()
        .map(|s| {
            let (shown, id) = heading_text(&body[s.start as usize..s.end as usize]);
            let anchor = match id.filter(|id| !id.is_empty()) {
                Some(id) => anchors.unique(&id),
                None => anchors.unique(&anchor(&shown)),
            };
            (shown, anchor)
        })
        .collect()
}

/// Indices of the headings above section `i` and of `i` itself, outermost first.
pub(crate) fn path(sections: &[Section], i: usize) -> Vec<usize> {
    let mut path = vec![i];
    let mut level = sections[i].level;
    for j in (0..i).rev() {
        if sections[j].level < level {
            path.push(j);
            level = sections[j].level;
        }
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(body: &str) -> Vec<(u8, String)> {
        let sections = scan(body, "");
        let names = names(body, &sections);
        sections
            .iter()
            .zip(names)
            .map(|(s, (text, _))| (s.level, text))
            .collect()
    }

    #[test]
    fn atx_and_setext_headings_outside_code() {
        let body = "# Top\n\nIntro.\n\n## Two *words* ##\n\n```sh\n# not a heading\n```\n\n\
                    Setext\n======\n\nSub\n---\n\n    # indented code\n\n#hashtag\n- item\n---\n";
        assert_eq!(
            headings(body),
            [
                (1, "Top".to_string()),
                (2, "Two words".to_string()),
                (1, "Setext".to_string()),
                (2, "Sub".to_string()),
            ]
        );
    }

    #[test]
    fn anchors_are_unique_and_custom_ids_win() {
        let body = "## Setup\n\n## Setup\n\n## Other {#custom}\n";
        let sections = scan(body, "");
        let anchors: Vec<String> = names(body, &sections).into_iter().map(|n| n.1).collect();
        assert_eq!(anchors, ["setup", "setup-1", "custom"]);
    }

    /// Headings written in every way the scan has to get right.
    const TRICKY: &str = "# The `code` and [a link](x.md) and **bold**\n\nText.\n\n\
        Setext one\n===\n\nSetext\ntwo lines\n---\n\n## Custom {#my-id}\n\n\
        ```md\n# inside a fence\n```\n\n~~~~\n## tilde fence\n~~~~\n\n\
        ## Setup\n\n### Setup ###\n\n## Über Größe!\n\n- item\n---\n\n\
        > # quoted\n\n    # indented code\n\n#not-a-heading\n\n## snake_case _em_\n";

    /// What the renderer makes of the headings of `body`: (level, text, anchor).
    fn rendered(body: &str) -> Vec<(u8, String, String)> {
        let theme = crate::markdown::Theme::dark();
        crate::markdown::render(body, 100, &theme)
            .headings
            .into_iter()
            .map(|h| (h.level, h.text, h.anchor))
            .collect()
    }

    fn scanned(body: &str) -> Vec<(u8, String, String)> {
        let sections = scan(body, "");
        sections
            .iter()
            .zip(names(body, &sections))
            .map(|(s, (text, anchor))| (s.level, text, anchor))
            .collect()
    }

    /// The scan finds the headings the renderer draws, with the same text and anchors, in
    /// every bundled document and the renderer's test documents.
    #[test]
    fn headings_agree_with_the_renderer() {
        let library = crate::content::Library::load(&crate::content::LoadOptions {
            bundled: true,
            dirs: Vec::new(),
        })
        .unwrap();
        let fixtures = ["tour.md", "hostile.md", "cjk.md", "wide_table.md"].map(|name| {
            let path = format!(
                "{}/tests/fixtures/render/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            (name.to_string(), std::fs::read_to_string(path).unwrap())
        });
        let bodies = library
            .docs()
            .iter()
            .map(|d| (d.id.clone(), d.body.clone()))
            .chain(fixtures)
            .chain([("tricky".to_string(), TRICKY.to_string())]);
        for (name, body) in bodies {
            assert_eq!(scanned(&body), rendered(&body), "{name}");
        }
    }

    #[test]
    fn word_positions_and_paths() {
        let body = "# Title\n\nOne two.\n\n## A\n\nthree\n\n### B\n\nfour five\n\n## C\n";
        let mut sections = scan(body, "Title");
        let mut marker = Marker::new(&mut sections);
        let mut position = 0;
        text::for_each_word(body, |start, _| {
            marker.word(start, position);
            position += 1;
        });
        marker.finish(position);
        let words: Vec<(u32, u32)> = sections
            .iter()
            .map(|s| (s.first_word, s.body_word))
            .collect();
        assert_eq!(words, [(0, 1), (3, 4), (5, 6), (8, 9)]);
        assert!(sections[0].repeats_title && !sections[1].repeats_title);
        assert_eq!(path(&sections, 2), [0, 1, 2]);
        assert_eq!(path(&sections, 3), [0, 3]);
    }
}

//! Fenced code blocks, line by line: site syntax inside them is shown as written.

use std::ops::Range;

/// Whether lines are inside a fenced code block, fed one line at a time.
#[derive(Default)]
pub(super) struct Fence {
    open: Option<(u8, usize)>,
}

impl Fence {
    /// Whether `line` belongs to a code block: its opening fence, its text or its closing
    /// fence. Fences are recognised at any indent, as inside list items.
    pub(super) fn inside(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let run = |ch: u8| trimmed.bytes().take_while(|&b| b == ch).count();
        match self.open {
            Some((ch, len)) => {
                if run(ch) >= len && trimmed.trim_end().bytes().all(|b| b == ch) {
                    self.open = None;
                }
                true
            }
            None => {
                let ch = match trimmed.bytes().next() {
                    Some(b'`') => b'`',
                    Some(b'~') => b'~',
                    _ => return false,
                };
                let len = run(ch);
                // A backtick fence's info string holds no backtick (else it is inline code).
                if len < 3 || (ch == b'`' && trimmed[len..].contains('`')) {
                    return false;
                }
                self.open = Some((ch, len));
                true
            }
        }
    }

    /// The character of the fence of the open code block, if one is open.
    fn open_char(&self) -> Option<u8> {
        self.open.map(|(ch, _)| ch)
    }
}

/// A run of whole lines of a body: prose, or one fenced code block with its fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stretch {
    Prose(Range<usize>),
    Code(Range<usize>),
}

/// `body` as [`Stretch`]es: every run of prose lines whole, and each code block, telling
/// lines apart as [`Fence::inside`] fed every line would.
///
/// Only lines that hold a fence character are read: a line without one never opens a
/// block, and never closes the open one. memchr finds them, so a long page of prose is
/// passed over at a fraction of an instruction a byte instead of line by line.
pub(super) fn stretches(body: &str) -> Stretches<'_> {
    Stretches {
        body,
        at: 0,
        fence: Fence::default(),
    }
}

/// The iterator of [`stretches`].
pub(super) struct Stretches<'a> {
    body: &'a str,
    /// Where the next stretch starts: a line start. When a block is open, the line of its
    /// opening fence (already read).
    at: usize,
    fence: Fence,
}

impl Iterator for Stretches<'_> {
    type Item = Stretch;

    fn next(&mut self) -> Option<Stretch> {
        let start = self.at;
        if start >= self.body.len() {
            return None;
        }
        if let Some(ch) = self.fence.open_char() {
            self.at = self.code_end(ch, start);
            return Some(Stretch::Code(start..self.at));
        }
        self.at = self.prose_end(start);
        if self.at == start {
            // The opening fence is the first line: the code block comes first.
            return self.next();
        }
        Some(Stretch::Prose(start..self.at))
    }
}

impl Stretches<'_> {
    /// Where the prose from line start `from` ends: the start of the next line that opens
    /// a block (read, so the fence is open), else the end of the body.
    fn prose_end(&mut self, mut from: usize) -> usize {
        let bytes = self.body.as_bytes();
        while let Some(hit) = memchr::memchr2(b'`', b'~', &bytes[from..]) {
            let line = line_around(bytes, from, from + hit);
            if self.fence.inside(line_text(self.body, &line)) {
                return line.start;
            }
            from = line.end;
        }
        bytes.len()
    }

    /// Where the block whose opening fence is the line at `opening` ends: after the line
    /// that closes it (fence character `ch`), else at the end of the body.
    fn code_end(&mut self, ch: u8, opening: usize) -> usize {
        let bytes = self.body.as_bytes();
        let mut from = line_around(bytes, opening, opening).end;
        while let Some(hit) = memchr::memchr(ch, &bytes[from..]) {
            let line = line_around(bytes, from, from + hit);
            self.fence.inside(line_text(self.body, &line));
            if self.fence.open_char().is_none() {
                return line.end;
            }
            from = line.end;
        }
        bytes.len()
    }
}

/// The line that holds byte `at`, its line break included; `line_start` is the start of
/// that line or of one before it.
fn line_around(bytes: &[u8], line_start: usize, at: usize) -> Range<usize> {
    let start =
        memchr::memrchr(b'\n', &bytes[line_start..at]).map_or(line_start, |i| line_start + i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
    start..end
}

/// A line as [`Fence::inside`] reads it: without its line break.
fn line_text<'a>(body: &'a str, line: &Range<usize>) -> &'a str {
    body[line.clone()].trim_end_matches(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stretches as the shortcode pass cut them before: every line fed to the fence.
    fn line_by_line(body: &str) -> Vec<Stretch> {
        let mut fence = Fence::default();
        let mut out: Vec<Stretch> = Vec::new();
        let mut start = 0;
        for line in body.split_inclusive('\n') {
            let end = start + line.len();
            let in_block = fence.open_char().is_some();
            let code = fence.inside(line.trim_end_matches(['\n', '\r']));
            match out.last_mut() {
                Some(Stretch::Code(last)) if code && in_block => last.end = end,
                Some(Stretch::Prose(last)) if !code => last.end = end,
                _ if code => out.push(Stretch::Code(start..end)),
                _ => out.push(Stretch::Prose(start..end)),
            }
            start = end;
        }
        out
    }

    #[test]
    fn a_body_is_cut_into_prose_and_code_blocks() {
        let body = "a\n```md\n{{< x >}}\n```\nb\n\u{3000}~~~\nc";
        assert_eq!(
            stretches(body).collect::<Vec<_>>(),
            [
                Stretch::Prose(0..2),
                Stretch::Code(2..22),
                Stretch::Prose(22..24),
                Stretch::Code(24..body.len()),
            ]
        );
        assert_eq!(stretches("").count(), 0);
        assert_eq!(
            stretches("```\n```\n~~~\n").collect::<Vec<_>>(),
            [Stretch::Code(0..8), Stretch::Code(8..12)]
        );
        assert_eq!(stretches("```").collect::<Vec<_>>(), [Stretch::Code(0..3)]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// Reading only the lines with a fence character cuts a body as reading every line.
        #[test]
        fn stretches_are_those_of_every_line_read(body in crate::site::site_pieces()) {
            proptest::prop_assert_eq!(stretches(&body).collect::<Vec<_>>(), line_by_line(&body));
        }
    }
}

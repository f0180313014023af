//! Snippets: a short window of a body around the best hit, made safe to draw,
//! with the matched words marked by byte ranges in the snippet text.

use serde::Serialize;

use crate::text::sanitize;

/// A piece of a document to show under a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// One line of sanitised text: no control characters, whitespace collapsed,
    /// markdown emphasis marks removed, `…` where the window cuts the body.
    pub text: String,
    /// Byte ranges of `text` (start inclusive, end exclusive) to highlight, in order.
    pub highlights: Vec<(usize, usize)>,
}

/// Bytes of context kept before the centre hit and after it.
const BEFORE: usize = 60;
const AFTER: usize = 140;

/// A snippet of `body` around byte offset `center`, kept within the byte range `within`
/// (the section the hit falls in; char boundaries), highlighting every range of `matches`
/// (sorted, non-overlapping byte ranges of `body`) that falls inside the window.
pub(crate) fn around(
    body: &str,
    matches: &[(usize, usize)],
    center: usize,
    within: (usize, usize),
) -> Snippet {
    let (start, end) = window(body, center);
    let (start, end) = (start.max(within.0), end.min(within.1.max(center)));
    let mut builder = Builder::default();
    // An ellipsis where the window cuts text, not where it starts at the section's top.
    if start > within.0 {
        builder.push_plain("… ");
    }
    let mut at = start;
    for &(m_start, m_end) in matches {
        if m_start < at || m_end > end {
            continue;
        }
        builder.push_plain(&body[at..m_start]);
        builder.push_highlight(&body[m_start..m_end]);
        at = m_end;
    }
    builder.push_plain(&body[at..end]);
    if end < within.1 && !body[end..within.1].trim().is_empty() {
        builder.push_plain(" …");
    }
    builder.finish()
}

/// The opening of `text`, without highlights: shown when nothing matched in the body.
pub(crate) fn opening(text: &str) -> Option<Snippet> {
    let (_, end) = window(text, 0);
    let mut builder = Builder::default();
    builder.push_plain(&text[..end]);
    if end < text.len() {
        builder.push_plain(" …");
    }
    let snippet = builder.finish();
    (!snippet.text.is_empty()).then_some(snippet)
}

/// The byte window around `center`, on char boundaries, widened or narrowed to whole words.
fn window(body: &str, center: usize) -> (usize, usize) {
    let center = floor_boundary(body, center.min(body.len()));
    let mut start = floor_boundary(body, center.saturating_sub(BEFORE));
    if start > 0 {
        // Start after a space so the snippet does not open mid-word.
        if let Some(space) = body[start..center].find(char::is_whitespace) {
            start += space;
        }
    }
    let mut end = floor_boundary(body, (center + AFTER).min(body.len()));
    if end < body.len()
        && let Some(space) = body[center..end].rfind(char::is_whitespace)
    {
        end = center + space;
    }
    (start, end.max(center))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[derive(Default)]
struct Builder {
    text: String,
    highlights: Vec<(usize, usize)>,
    last_was_space: bool,
    /// The previous character was the `]` closing a link's text.
    after_bracket: bool,
    /// Inside a link destination, `](…)`: a URL is noise in a one-line snippet.
    in_link_target: bool,
}

impl Builder {
    fn push_plain(&mut self, piece: &str) {
        self.push_clean(piece);
    }

    fn push_highlight(&mut self, piece: &str) {
        let start = self.text.len();
        self.push_clean(piece);
        if self.text.len() > start {
            self.highlights.push((start, self.text.len()));
        }
    }

    /// Appends `piece` sanitised, with whitespace runs collapsed to one space and the
    /// markdown marks that would only be noise in a one-line snippet dropped.
    fn push_clean(&mut self, piece: &str) {
        // Line breaks and tabs become spaces first: `sanitize` drops line breaks outright.
        let spaced: String = piece
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        for c in sanitize(&spaced).chars() {
            if self.in_link_target {
                self.in_link_target = c != ')';
                continue;
            }
            if std::mem::take(&mut self.after_bracket) && c == '(' {
                self.in_link_target = true;
                continue;
            }
            if c == ']' {
                self.after_bracket = true;
            }
            if c.is_whitespace() {
                if !self.last_was_space && !self.text.is_empty() {
                    self.text.push(' ');
                    self.last_was_space = true;
                }
            } else if !matches!(c, '*' | '`' | '#' | '>' | '[' | ']' | '|') {
                self.text.push(c);
                self.last_was_space = false;
            }
        }
    }

    fn finish(mut self) -> Snippet {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        for range in &mut self.highlights {
            range.1 = range.1.min(self.text.len());
        }
        self.highlights.retain(|r| r.0 < r.1);
        let text = drop_rules(&self.text, &mut self.highlights);
        Snippet {
            text,
            highlights: self.highlights,
        }
    }
}

/// `text` without the words made only of `-`, `:` and `=` (table delimiter rows, rules and
/// heading underlines: markdown, not words), with `highlights` moved to match. Highlights
/// are on matched words, never on such marks.
fn drop_rules(text: &str, highlights: &mut [(usize, usize)]) -> String {
    let is_rule = |word: &str| word.len() >= 3 && word.bytes().all(|b| b"-:=".contains(&b));
    if !text.split(' ').any(is_rule) {
        return text.to_string();
    }
    let mut kept = String::with_capacity(text.len());
    // (start in `text`, bytes dropped before it) for each kept word.
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for word in text.split(' ') {
        if !is_rule(word) {
            if !kept.is_empty() {
                kept.push(' ');
            }
            shifts.push((at, at - kept.len()));
            kept.push_str(word);
        }
        at += word.len() + 1;
    }
    // A range may span several words (a phrase), and rules dropped between them: each end
    // moves by what was dropped before the word it lies in.
    let shift_at = |at: usize, inclusive: bool| {
        shifts
            .iter()
            .take_while(|(start, _)| *start < at || (inclusive && *start == at))
            .last()
            .map_or(0, |&(_, shift)| shift)
    };
    for range in highlights.iter_mut() {
        *range = (
            range.0 - shift_at(range.0, true),
            range.1 - shift_at(range.1, false),
        );
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
    }

    #[test]
    fn table_delimiters_and_rules_are_left_out() {
        let body =
            "| Change | Count |\n|--------|------:|\n| roadmap | 10 |\n\n---\n\nAfter roadmap.";
        let first = body.find("roadmap").unwrap();
        let second = body.rfind("roadmap").unwrap();
        let s = around(
            body,
            &[(first, first + 7), (second, second + 7)],
            first,
            (0, body.len()),
        );
        assert_eq!(s.text, "Change Count roadmap 10 After roadmap.");
        assert_eq!(marked(&s), ["roadmap", "roadmap"]);
    }

    #[test]
    fn a_phrase_across_a_dropped_rule_keeps_its_highlight_on_its_words() {
        let body = "Intro.\n\nSetup\n=====\nInstall ééééé here";
        let start = body.find("Setup").unwrap();
        let end = body.find("Install").unwrap() + "Install".len();
        let s = around(body, &[(start, end)], start, (0, body.len()));
        assert_eq!(s.text, "Intro. Setup Install ééééé here");
        assert_eq!(marked(&s), ["Setup Install"]);
    }

    #[test]
    fn link_destinations_are_left_out() {
        let body = "See [Enablers](../personas/enablers.md) and [the survey](/research/x/) today.";
        let at = body.find("Enablers").unwrap();
        let s = around(body, &[(at, at + 8)], at, (0, body.len()));
        assert_eq!(s.text, "See Enablers and the survey today.");
        assert_eq!(marked(&s), ["Enablers"]);
    }

    #[test]
    fn highlights_point_at_the_matched_words() {
        let body = "Intro.\n\nThe **Enablers** build CI/CD\tand the enablers help.";
        let first = body.find("Enablers").unwrap();
        let second = body.rfind("enablers").unwrap();
        let s = around(
            body,
            &[(first, first + 8), (second, second + 8)],
            first,
            (0, body.len()),
        );
        assert_eq!(
            s.text,
            "Intro. The Enablers build CI/CD and the enablers help."
        );
        assert_eq!(marked(&s), ["Enablers", "enablers"]);
    }

    #[test]
    fn control_characters_never_reach_the_snippet() {
        let body = "safe \u{1b}[31mred\u{7} text \u{202e}evil";
        let at = body.find("red").unwrap();
        let s = around(body, &[(at, at + 3)], at, (0, body.len()));
        assert!(
            !s.text.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{:?}",
            s.text
        );
        assert_eq!(marked(&s), ["red"]);
    }

    #[test]
    fn long_bodies_are_cut_on_char_boundaries_with_ellipses() {
        let body = format!("{} target {}", "äöü ".repeat(100), "ßéè ".repeat(100));
        let at = body.find("target").unwrap();
        let s = around(&body, &[(at, at + 6)], at, (0, body.len()));
        assert!(
            s.text.starts_with("… ") && s.text.ends_with(" …"),
            "{}",
            s.text
        );
        assert!(s.text.len() < 260);
        assert_eq!(marked(&s), ["target"]);
    }

    #[test]
    fn the_window_stays_within_its_section() {
        let body = "Before the heading, words of another section.\n\n## Funding\n\nFunded yearly. \
                    Then much more text follows here, and more, and more, and more, and more.";
        let start = body.find("## Funding").unwrap();
        let end = body.find("Then").unwrap();
        let at = body.find("Funded").unwrap();
        let s = around(body, &[(at, at + 6)], at, (start, end));
        assert_eq!(s.text, "Funding Funded yearly.");
        assert_eq!(marked(&s), ["Funded"]);
    }

    #[test]
    fn opening_shows_the_start() {
        let s = opening("# Title\n\nFirst words.").unwrap();
        assert_eq!(s.text, "Title First words.");
        assert!(s.highlights.is_empty());
        assert!(opening("  ").is_none());
    }
}

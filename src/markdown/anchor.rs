//! Heading anchors as Hugo (`autoHeadingIDType = "github"`) and GitHub make them.
//!
//! The renderer, the outline and the link resolver must agree on these, so they live here only.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::text::sanitize;

/// The anchor for a heading's text: lower case, each space becomes `-`, punctuation is dropped;
/// letters and digits of any script, `-` and `_` are kept.
///
/// `anchor("Hello, World!")` is `hello-world`; `anchor("What's new in 2.0?")` is `whats-new-in-20`.
pub fn anchor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '-' || c == '_' {
            out.push(c);
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// A heading's text as the renderer shows it (markup, closing `#`s and the attribute
/// block gone, spaces collapsed, sanitised), and its `{#custom-id}`, if any; `raw` is the
/// heading as written, `#`s and all.
pub fn heading_text(raw: &str) -> (String, Option<String>) {
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH;
    let mut shown = String::new();
    let mut id = None;
    let mut inside = false;
    for event in Parser::new_ext(raw, options) {
        match event {
            Event::Start(Tag::Heading { id: custom, .. }) => {
                inside = true;
                id = custom.map(|i| sanitize(&i).into_owned());
            }
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) if inside => shown.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => shown.push(' '),
            _ => {}
        }
    }
    if !inside {
        // Not a heading to the parser after all: show the line without its marks.
        shown = raw.trim_start_matches([' ', '#']).trim().to_string();
    }
    let shown: String = sanitize(&shown)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (shown, id)
}

/// Hands out unique anchors in document order: the first `intro` stays `intro`, the next ones
/// become `intro-1`, `intro-2`, … as Hugo and GitHub do.
#[derive(Debug, Default, Clone)]
pub struct AnchorSet {
    /// Anchor already handed out, and the next suffix to try for it.
    used: HashMap<String, usize>,
}

impl AnchorSet {
    pub fn new() -> AnchorSet {
        AnchorSet::default()
    }

    /// Returns `base`, or `base-N` with the smallest N ≥ 1 not handed out yet.
    pub fn unique(&mut self, base: &str) -> String {
        if !self.used.contains_key(base) {
            self.used.insert(base.to_string(), 1);
            return base.to_string();
        }
        let mut n = self.used[base];
        loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.used.contains_key(&candidate) {
                self.used.insert(base.to_string(), n);
                self.used.insert(candidate.clone(), 1);
                return candidate;
            }
        }
    }
}

/// Anchors for a sequence of heading texts, with duplicates numbered.
pub fn anchors<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut set = AnchorSet::new();
    texts.into_iter().map(|t| set.unique(&anchor(t))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style() {
        assert_eq!(anchor("Hello, World!"), "hello-world");
        assert_eq!(anchor("  What's new in 2.0? "), "whats-new-in-20");
        assert_eq!(
            anchor("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(anchor("A  B"), "a--b");
        assert_eq!(anchor("Über Größe"), "über-größe");
        assert_eq!(anchor("日本語 テキスト"), "日本語-テキスト");
        assert_eq!(anchor("`code` & <b>"), "code--b");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut set = AnchorSet::new();
        assert_eq!(set.unique("setup"), "setup");
        assert_eq!(set.unique("setup"), "setup-1");
        assert_eq!(set.unique("setup-1"), "setup-1-1");
        assert_eq!(
            anchors(["Intro", "Intro", "Intro", "Intro 1"]),
            ["intro", "intro-1", "intro-2", "intro-1-1"]
        );
    }
}

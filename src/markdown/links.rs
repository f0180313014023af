//! Links: the one list of them that the renderer draws and `paap links`, `check`, the links
//! pane and backlinks read.
//!
//! [`Links`] is the only code that makes a link. It is fed by the inline reader, which both
//! the renderer and [`super::links()`] run over the same events (`parse::events`), so a link list
//! and a rendered document of the same body agree by construction.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};

use super::layout::{Drawn, is_breaking_space};
use crate::text::sanitize;

/// A link as drawn, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    /// The target as written (sanitised, trimmed): a URL, a path, `#anchor` or `#fn-LABEL`.
    pub href: String,
    /// The target exactly as written (trimmed, not sanitised): what links resolve and what
    /// `browser::check_url` decides on, never drawn.
    pub written: String,
    /// The text drawn for it, whitespace collapsed: `[image: alt]` for an image, `[N]` for a
    /// footnote mark, the target itself for a link without text.
    pub text: String,
    /// The text as written, whitespace collapsed: an image's alt text, a link's text without
    /// the decoration drawn around parts of it (code backticks, `[image: …]`).
    pub label: String,
    /// Byte offset in the body where it was written.
    pub offset: usize,
    /// Written as a Hugo `ref`/`relref` shortcode (see [`crate::site::REF_TITLE`]).
    pub is_ref: bool,
    /// An image (`![alt](src)`, `<img src>`, a Hugo `figure`), not inside another link.
    pub image: bool,
}

/// The links of one document while it is read.
#[derive(Debug, Default)]
pub(crate) struct Links {
    list: Vec<Link>,
    /// Follow each link with its number, `[n]`, for plain-text dumps.
    number: bool,
    /// The id of the first link in `list`: the links of a document before the run of
    /// blocks read here (a large page is laid out in runs, see `writer::runs`).
    base: usize,
    /// Only count links (`list` stays empty): all a reader that keeps pace with the parse
    /// needs to know of them.
    counting: bool,
}

impl Links {
    /// Links numbered from `base`: that many came before them in the document.
    pub fn new(number: bool, base: usize) -> Links {
        Links {
            list: Vec::new(),
            number,
            base,
            counting: false,
        }
    }

    /// Links that are only counted: ids are handed out, nothing is kept or drawn.
    pub fn counting() -> Links {
        Links {
            counting: true,
            ..Links::default()
        }
    }

    /// The id the next link will get: how many links the document has so far.
    pub fn next_id(&self) -> usize {
        self.base + self.list.len()
    }

    pub fn open(&mut self, href: &str, offset: usize, is_ref: bool) -> usize {
        let id = self.next_id();
        if self.counting {
            self.base += 1;
            return id;
        }
        self.list.push(Link {
            href: sanitize(href).trim().to_string(),
            written: href.trim_ascii().to_string(),
            offset,
            is_ref,
            ..Link::default()
        });
        id
    }

    /// Adds to the text of link `id`: `text` as drawn, `label` as written.
    pub fn add_text(&mut self, id: usize, text: &str, label: &str) {
        if self.counting {
            return;
        }
        let link = &mut self.list[id - self.base];
        link.text.push_str(text);
        link.label.push_str(label);
    }

    /// Normalises a finished link's text to what is drawn; a link without text shows its
    /// target so that it can still be seen and selected.
    pub fn close(&mut self, id: usize, out: &mut Vec<Drawn>) {
        if self.counting {
            return;
        }
        let link = &mut self.list[id - self.base];
        link.label = collapse_whitespace(&link.label);
        let text = collapse_whitespace(&link.text);
        if text.is_empty() {
            out.push(Drawn::link(link.href.clone(), id));
            link.text = collapse_whitespace(&link.href);
        } else {
            link.text = text;
        }
        self.push_number(id, out);
    }

    /// An image: a link of its own, or, inside a link (a badge), part of that link's text,
    /// so that clicking it goes where the link goes, as in a browser.
    pub fn image(
        &mut self,
        href: &str,
        alt: &str,
        offset: usize,
        outer: Option<usize>,
        out: &mut Vec<Drawn>,
    ) {
        if self.counting {
            if outer.is_none() {
                self.open(href, offset, false);
            }
            return;
        }
        let alt = collapse_whitespace(&sanitize(alt));
        let text = if alt.is_empty() {
            "[image]".to_string()
        } else {
            format!("[image: {alt}]")
        };
        if let Some(outer) = outer {
            self.add_text(outer, &text, &alt);
            out.push(Drawn::link(text, outer));
            return;
        }
        let id = self.open(href, offset, false);
        let link = &mut self.list[id - self.base];
        link.text = collapse_whitespace(&text);
        link.label = alt;
        link.image = true;
        out.push(Drawn::link(text, id));
        self.push_number(id, out);
    }

    /// A footnote mark, `[n]`, linking to its note.
    pub fn footnote_mark(&mut self, label: &str, mark: String, offset: usize) -> Drawn {
        if self.counting {
            return Drawn::link(mark, self.open(label, offset, false));
        }
        let id = self.open(&format!("#fn-{label}"), offset, false);
        let link = &mut self.list[id - self.base];
        link.text.clone_from(&mark);
        link.label.clone_from(&mark);
        Drawn::link(mark, id)
    }

    /// `[n]` after a link's text in numbered renders; not part of the link itself.
    fn push_number(&self, id: usize, out: &mut Vec<Drawn>) {
        if self.number {
            out.push(Drawn::Number(format!("[{}]", id + 1)));
        }
    }

    pub fn get(&self, id: usize) -> Option<&Link> {
        self.list.get(id.checked_sub(self.base)?)
    }

    pub fn into_list(self) -> Vec<Link> {
        self.list
    }
}

/// The byte ranges of the bare `http://` and `https://` URLs in `text` (GFM autolinks):
/// trailing punctuation and an unbalanced `)` stay outside, as GitHub does.
pub(crate) fn bare_urls(text: &str) -> Vec<Range<usize>> {
    if !text.contains("://") {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    finder
        .links(text)
        .filter(|link| {
            let url = link.as_str();
            let scheme = if url.starts_with("https://") {
                8
            } else if url.starts_with("http://") {
                7
            } else {
                return false;
            };
            url.len() > scheme
        })
        .map(|link| link.start()..link.end())
        .collect()
}

/// Whitespace runs to one space, trimmed: link and heading text as the wrapper draws it.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_breaking_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bare_urls;

    #[test]
    fn bare_urls_as_github_finds_them() {
        fn url(t: &str) -> Option<&str> {
            bare_urls(t).first().map(|r| &t[r.clone()])
        }
        assert_eq!(url("see https://a.example/x."), Some("https://a.example/x"));
        assert_eq!(
            url("(http://w.example/a_(b))."),
            Some("http://w.example/a_(b)")
        );
        assert_eq!(url("(https://w.example/a)"), Some("https://w.example/a"));
        assert_eq!(url("nohttps://x"), None);
        assert_eq!(url("https:// nothing"), None);
        assert_eq!(url("plain text"), None);
        assert_eq!(url("ftp://files.example/x"), None);
    }
}

//! Inline content: the inline events of a body (text, code, raw HTML, links, images, footnote
//! marks) become text to draw, each piece tagged with the link it belongs to.
//!
//! The renderer lays these pieces out; [`super::links()`] only keeps the links. Both read
//! every event through [`InlineReader::read`].

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::html::{self, HtmlItem, HtmlState};
use super::layout::Drawn;
use super::links::{Link, Links, bare_urls};
use crate::text::sanitize;

/// `<a>` tags open at once beyond which further ones are read as text: they do not nest in
/// HTML, and each open one costs work at every close.
const MAX_HTML_LINKS: usize = 16;

/// An image whose alt text is being read; images in its alt text add to it.
struct PendingImage {
    href: String,
    alt: String,
    offset: usize,
    depth: usize,
}

pub(crate) struct InlineReader {
    links: Links,
    /// Links around the text being read, innermost last (markdown links and `<a>` tags).
    open: Vec<usize>,
    /// Links opened by `<a>` tags (closed by `</a>`, or at the end of their block).
    html_open: Vec<usize>,
    /// `<a>` tags past [`MAX_HTML_LINKS`], whose `</a>` closes nothing.
    html_ignored: usize,
    image: Option<PendingImage>,
    footnotes: HashMap<String, usize>,
    html: HtmlState,
    in_code_block: bool,
    /// Draw inline code between backticks (without colour, they are what sets code apart).
    code_ticks: bool,
    /// Draw nothing, keep no link: only keep pace ([`Self::pacer`]).
    pacing: bool,
}

/// What a reader knows between two top-level blocks that the rest of the document
/// depends on: a reader resumed from it reads on exactly as the one it was taken from.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReaderStart {
    /// Links read so far (the next one's id).
    links: usize,
    footnotes: HashMap<String, usize>,
    html: HtmlState,
}

impl InlineReader {
    pub fn new(code_ticks: bool, number_links: bool) -> InlineReader {
        InlineReader::resume(code_ticks, number_links, ReaderStart::default())
    }

    /// A reader that goes on from `start`, taken from another reader by [`Self::start_point`].
    pub fn resume(code_ticks: bool, number_links: bool, start: ReaderStart) -> InlineReader {
        InlineReader {
            links: Links::new(number_links, start.links),
            open: Vec::new(),
            html_open: Vec::new(),
            html_ignored: 0,
            image: None,
            footnotes: start.footnotes,
            html: start.html,
            in_code_block: false,
            code_ticks,
            pacing: false,
        }
    }

    /// A reader that keeps pace with a parse to say where the document stands between
    /// its blocks ([`Self::start_point`]): links are counted, not kept, and nothing is
    /// drawn, but the reader goes through the same states as one that draws.
    pub fn pacer() -> InlineReader {
        InlineReader {
            links: Links::counting(),
            pacing: true,
            ..InlineReader::new(false, false)
        }
    }

    /// Whether nothing is open (a link, an image, an `<a>`, a code block): then
    /// [`Self::start_point`] is all that the next event depends on.
    pub fn at_rest(&self) -> bool {
        self.open.is_empty()
            && self.html_open.is_empty()
            && self.html_ignored == 0
            && self.image.is_none()
            && !self.in_code_block
    }

    /// Where this reader stands, for another to go on from ([`Self::resume`]); only
    /// complete when [`Self::at_rest`].
    pub fn start_point(&self) -> ReaderStart {
        ReaderStart {
            links: self.links.next_id(),
            footnotes: self.footnotes.clone(),
            html: self.html.clone(),
        }
    }

    /// The id the next link read gets.
    pub fn next_link_id(&self) -> usize {
        self.links.next_id()
    }

    /// Whether the text being read is inside a link.
    pub fn in_link(&self) -> bool {
        !self.open.is_empty()
    }

    /// The number of footnote `label`: numbered by first mention.
    pub fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// Reads one event written at byte `offset`, adding what it draws to `out`. Block events
    /// draw nothing here, but end the `<a>` links left open in the block.
    pub fn read(&mut self, event: &Event<'_>, offset: usize, out: &mut Vec<Drawn>) {
        if self.in_code_block {
            self.in_code_block = !matches!(event, Event::End(TagEnd::CodeBlock));
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset, out),
            Event::End(tag) => self.end(*tag, out),
            Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(t, offset, out);
            }
            Event::Code(t) => {
                let drawn = if self.code_ticks {
                    format!("`{t}`")
                } else {
                    t.to_string()
                };
                self.push(&drawn, t, true, out);
            }
            Event::Html(h) | Event::InlineHtml(h) => self.html(h, offset, out),
            Event::FootnoteReference(label) => self.footnote_reference(label, offset, out),
            Event::SoftBreak => self.text(" ", offset, out),
            Event::HardBreak => out.push(Drawn::Break),
            Event::Rule => self.close_html_links(out),
            Event::TaskListMarker(_) => {}
        }
    }

    /// Inline text; bare `http(s)://` URLs outside links become links (GFM autolinks).
    pub fn text(&mut self, text: &str, offset: usize, out: &mut Vec<Drawn>) {
        if !self.open.is_empty() || self.image.is_some() {
            return self.push(text, text, false, out);
        }
        let mut at = 0;
        for url in bare_urls(text) {
            self.push(&text[at..url.start], &text[at..url.start], false, out);
            let id = self
                .links
                .open(&text[url.clone()], offset + url.start, false);
            self.open.push(id);
            self.push(&text[url.clone()], &text[url.clone()], false, out);
            self.open.pop();
            self.links.close(id, out);
            at = url.end;
        }
        self.push(&text[at..], &text[at..], false, out);
    }

    /// Closes what is still open at the end of the document.
    pub fn finish(&mut self, out: &mut Vec<Drawn>) {
        self.close_html_links(out);
    }

    /// Link `id` as read so far.
    pub fn link(&self, id: usize) -> Option<&Link> {
        self.links.get(id)
    }

    pub fn into_links(self) -> Vec<Link> {
        self.links.into_list()
    }

    fn start(&mut self, tag: &Tag<'_>, offset: usize, out: &mut Vec<Drawn>) {
        match tag {
            // Inside an image's alt text a link is only text.
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } if self.image.is_none() => {
                let href = match link_type {
                    LinkType::Email if !dest_url.starts_with("mailto:") => {
                        format!("mailto:{dest_url}")
                    }
                    _ => dest_url.to_string(),
                };
                let is_ref = title.as_ref() == crate::site::REF_TITLE;
                let id = self.links.open(&href, offset, is_ref);
                self.open.push(id);
            }
            Tag::Image { dest_url, .. } => match &mut self.image {
                Some(image) => image.depth += 1,
                None => {
                    self.image = Some(PendingImage {
                        href: dest_url.to_string(),
                        alt: String::new(),
                        offset,
                        depth: 1,
                    });
                }
            },
            Tag::CodeBlock(_) => {
                self.close_html_links(out);
                self.in_code_block = true;
            }
            Tag::FootnoteDefinition(label) => {
                self.close_html_links(out);
                // Notes are numbered as they are met, definitions too.
                self.footnote_number(&sanitize(label));
            }
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_) => self.close_html_links(out),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, out: &mut Vec<Drawn>) {
        match tag {
            TagEnd::Link if self.image.is_none() => {
                // The innermost markdown link: an `<a>` inside it is not closed by `)`.
                let html = &self.html_open;
                if let Some(at) = self.open.iter().rposition(|id| !html.contains(id)) {
                    let id = self.open.remove(at);
                    self.links.close(id, out);
                }
            }
            TagEnd::Image => self.end_image(out),
            TagEnd::Paragraph => {
                self.close_html_links(out);
                self.html.end_block();
            }
            TagEnd::HtmlBlock => {
                self.html.end_block();
                self.close_html_links(out);
                self.open.clear();
            }
            TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableCell => self.close_html_links(out),
            _ => {}
        }
    }

    fn end_image(&mut self, out: &mut Vec<Drawn>) {
        let Some(image) = &mut self.image else {
            return;
        };
        image.depth -= 1;
        if image.depth > 0 {
            return;
        }
        if let Some(image) = self.image.take() {
            let outer = self.open.last().copied();
            self.links
                .image(&image.href, &image.alt, image.offset, outer, out);
        }
    }

    /// Text drawn as `drawn`, written as `label`: into the alt text of the image being read,
    /// else drawn (and added to the link around it).
    fn push(&mut self, drawn: &str, label: &str, code: bool, out: &mut Vec<Drawn>) {
        if self.pacing {
            return;
        }
        let clean = sanitize(drawn);
        if let Some(image) = &mut self.image {
            image.alt.push_str(&clean);
            return;
        }
        let link = self.open.last().copied();
        if let Some(id) = link {
            self.links.add_text(id, &clean, &sanitize(label));
        }
        out.push(Drawn::Text {
            text: clean.into_owned(),
            link,
            code,
        });
    }

    fn footnote_reference(&mut self, label: &str, offset: usize, out: &mut Vec<Drawn>) {
        let label = sanitize(label).into_owned();
        let mark = format!("[{}]", self.footnote_number(&label));
        match &mut self.image {
            Some(image) => image.alt.push_str(&mark),
            None => out.push(self.links.footnote_mark(&label, mark, offset)),
        }
    }

    fn html(&mut self, chunk: &str, offset: usize, out: &mut Vec<Drawn>) {
        for item in html::parse(chunk, &mut self.html) {
            match item {
                HtmlItem::Text(t) => self.text(&t, offset, out),
                HtmlItem::Break => out.push(Drawn::Break),
                HtmlItem::BlockEdge => out.push(Drawn::BlockEdge),
                HtmlItem::Image { src, alt } => match &mut self.image {
                    Some(image) => image.alt.push_str(&sanitize(&alt)),
                    None => {
                        let outer = self.open.last().copied();
                        self.links.image(&src, &alt, offset, outer, out);
                    }
                },
                HtmlItem::LinkOpen(_) if self.image.is_some() => {}
                HtmlItem::LinkOpen(_) if self.html_open.len() >= MAX_HTML_LINKS => {
                    self.html_ignored += 1;
                }
                HtmlItem::LinkOpen(href) => {
                    let id = self.links.open(&href, offset, false);
                    self.open.push(id);
                    self.html_open.push(id);
                }
                HtmlItem::LinkClose if self.html_ignored > 0 => self.html_ignored -= 1,
                HtmlItem::LinkClose => {
                    if let Some(id) = self.html_open.pop() {
                        self.open.retain(|&l| l != id);
                        self.links.close(id, out);
                    }
                }
            }
        }
    }

    /// Closes `<a>` links left open at the end of a cell or block.
    fn close_html_links(&mut self, out: &mut Vec<Drawn>) {
        self.html_ignored = 0;
        while let Some(id) = self.html_open.pop() {
            self.open.retain(|&l| l != id);
            self.links.close(id, out);
        }
    }
}
